//! How a command fails: what went wrong, the hint that helps, and the [`Exit`] code.

use std::io::Write as _;

use anstyle::{AnsiColor, Style};

use super::Exit;
use crate::library::LibraryError;
use crate::script::Diagnostics;
use crate::session::SessionError;

pub struct Fail {
    kind: Kind,
    code: Exit,
}

enum Kind {
    Error {
        error: Box<dyn std::error::Error + Send + Sync>,
        hint: Option<String>,
    },
    /// Located problems in scripts; printed as they are.
    Diagnostics(Vec<Diagnostics>),
    /// Standard output went away (`still list | head`): stop quietly.
    BrokenPipe,
}

impl Fail {
    pub fn new(error: impl Into<Box<dyn std::error::Error + Send + Sync>>, code: Exit) -> Fail {
        Fail {
            kind: Kind::Error {
                error: error.into(),
                hint: None,
            },
            code,
        }
    }

    pub fn input(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Fail {
        Fail::new(error, Exit::Input)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Fail {
        if let Kind::Error { hint: h, .. } = &mut self.kind {
            *h = Some(hint.into());
        }
        self
    }

    /// [`Fail::input`] with the error's hint, when it has one (the hint comes first, since
    /// it is read from the error before the error is moved).
    pub fn input_with(
        hint: Option<impl Into<String>>,
        error: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Fail {
        let f = Fail::input(error);
        match hint {
            Some(h) => f.hint(h),
            None => f,
        }
    }

    pub fn diagnostics(diags: Vec<Diagnostics>) -> Fail {
        Fail {
            kind: Kind::Diagnostics(diags),
            code: Exit::Input,
        }
    }

    pub fn broken_pipe() -> Fail {
        Fail {
            kind: Kind::BrokenPipe,
            code: Exit::Ok,
        }
    }

    pub fn report(self) -> Exit {
        let mut err = anstream::stderr().lock();
        let red = AnsiColor::Red.on_default().bold();
        let cyan = AnsiColor::Cyan.on_default();
        let bold = Style::new().bold();
        match self.kind {
            Kind::BrokenPipe => {}
            Kind::Diagnostics(all) => {
                for d in &all {
                    let _ = write!(err, "{}", d.render(true));
                }
                let n: usize = all.iter().map(|d| d.items.len()).sum();
                let files = all.len();
                let _ = writeln!(
                    err,
                    "{red}error{red:#}{bold}: {n} problem{} in {files} file{}{bold:#}",
                    if n == 1 { "" } else { "s" },
                    if files == 1 { "" } else { "s" }
                );
            }
            Kind::Error { error, hint } => {
                let _ = writeln!(err, "{red}error{red:#}: {}", reason(&*error));
                let mut source = error.source();
                while let Some(s) = source {
                    let _ = writeln!(err, "  caused by: {}", reason(s));
                    source = s.source();
                }
                if let Some(h) = hint {
                    let _ = writeln!(err, "  {cyan}hint{cyan:#}: {h}");
                }
            }
        }
        self.code
    }
}

/// An error's own words, without the number the system gives it: `No space left on
/// device`, not `No space left on device (os error 28)`.
pub fn reason(e: &(dyn std::error::Error + 'static)) -> String {
    let text = e.to_string();
    if let Some(io) = e.downcast_ref::<std::io::Error>()
        && let Some(code) = io.raw_os_error()
        && let Some(bare) = text.strip_suffix(&format!(" (os error {code})"))
    {
        return bare.to_string();
    }
    text
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Fail {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Fail::broken_pipe()
        } else {
            Fail::input(e)
        }
    }
}

impl From<LibraryError> for Fail {
    fn from(e: LibraryError) -> Fail {
        match e {
            LibraryError::Unreadable(d) => Fail::diagnostics(vec![d]),
            e => Fail::input_with(e.hint(), e),
        }
    }
}

impl From<SessionError> for Fail {
    fn from(e: SessionError) -> Fail {
        match e {
            SessionError::Library(e) => e.into(),
            SessionError::Script(d) => Fail::diagnostics(vec![d]),
            SessionError::Config(e) => Fail::input_with(e.hint(), e),
            SessionError::Timeline(e) => Fail::input_with(e.hint(), e),
        }
    }
}
