//! Writing to standard output, stopping quietly when the reader goes away.

use std::io::Write;

use super::Fail;

/// Writes `text` to standard output (colour stripped unless wanted) and flushes it.
pub fn print(text: &str) -> Result<(), Fail> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
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

/// Writes `bytes` to `path` through a temporary file beside it, renamed into place: a full
/// disk or an interruption leaves the old file, or none, never half of the new one.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), Fail> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let fail = |e: std::io::Error| {
        Fail::input(WriteError {
            path: path.to_path_buf(),
            source: e,
        })
        .hint("check that the folder exists, that you may write there, and that the disk has room")
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".still-")
        .tempfile_in(&dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write {}", .path.display())]
struct WriteError {
    path: std::path::PathBuf,
    #[source]
    source: std::io::Error,
}
