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
