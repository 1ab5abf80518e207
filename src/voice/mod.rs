//! Voicing say lines that have no clip: a voice engine named in `config.toml` (`[voice]`)
//! turns a line's text into a WAV file, once per line, and the result is kept in a cache
//! under the data folder, keyed by the voice's name and the text.
//!
//! The contract with the engine, kept small so that any text-to-speech program fits:
//! - it is run without a shell, as the `command` list gives it, once per line;
//! - it gets the line's text, UTF-8 and ending in a newline, on standard input (never in
//!   its arguments, so no text can be read as an option or run as a command);
//! - it writes a WAV file (any rate, any channels) to the path that replaces `{out}` in its
//!   arguments, or, with no `{out}`, to standard output;
//! - it exits 0 and closes its standard error within the timeout, which covers the whole
//!   exchange; otherwise it is killed (its process group with it) and the error names the
//!   command and quotes the end of what it wrote to standard error. A program that leaves
//!   the engine's session (`setsid`) is out of reach, and the error says so.
//!
//! What it writes must decode as audio before it enters the cache, through a temporary file
//! renamed into place: the cache never holds half a recording. Sessions only read the
//! cache (`show`, `render`, `play`): the engine runs only when asked, by `still voice`.

mod cache;
mod engine;
mod error;
mod run;

pub use cache::Cache;
pub use engine::{Engine, excerpt};
pub use error::VoiceError;
