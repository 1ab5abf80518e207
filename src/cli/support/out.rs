//! Writing to standard output, stopping quietly when the reader goes away, and reporting
//! work that is done without ever calling it failed ([`done`]).

use std::io::Write;

use super::Fail;

/// Writes `text` to standard output (colour stripped unless wanted) and flushes it.
pub fn print(text: &str) -> Result<(), Fail> {
    print_plain(text).map_err(|e| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Fail::broken_pipe()
        } else {
            Fail::input(StdoutError(e))
        }
    })
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write to standard output")]
struct StdoutError(#[source] std::io::Error);

/// One `warning: …` line on standard error: something the user should know that does not
/// stop the command.
pub fn warn(text: &str) {
    let _ = std::io::Write::write_all(
        &mut anstream::stderr(),
        format!("warning: {text}\n").as_bytes(),
    );
}

/// Located warnings about a script, styled as errors are (the message says `warning:`).
pub fn warn_at(diags: &crate::script::Diagnostics) {
    let _ = std::io::Write::write_all(&mut anstream::stderr(), diags.render(true).as_bytes());
}

/// Pretty JSON and a newline.
pub fn print_json(value: &serde_json::Value) -> Result<(), Fail> {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values serialize");
    text.push('\n');
    print(&text)
}

/// Whether standard output is a terminal (tables are sized for it; pipes get plain lines).
pub fn is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
}

/// A progress bar on standard error drawn with `template`, when that is a terminal; hidden
/// on a pipe, where it would only be noise.
pub fn progress_bar(total: u64, template: &str) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(template)
            .expect("a valid template")
            .progress_chars("━╸ "),
    );
    bar
}

/// Prints the report of work that is already done (an entry added, a session installed, a
/// file written). The work stands whatever standard output does, so a failure to print
/// never fails the command: a reader that went away ends it quietly, as a closed pipe does
/// everywhere in still, and a full or broken standard output is said on standard error
/// with the report itself. Either way the exit code is 0, so nobody retries what happened.
pub fn done(text: &str) {
    let Err(e) = print_plain(text) else { return };
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return;
    }
    let mut err = anstream::stderr().lock();
    let _ = write!(
        err,
        "note: done, but standard output could not take the report ({}); it was:\n{text}",
        super::fail::reason(&e)
    );
}

fn print_plain(text: &str) -> std::io::Result<()> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}
