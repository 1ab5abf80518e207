//! The exit codes `still` promises (DESIGN.md): scripts and tests outside the project rely
//! on them.

use std::process::ExitCode;

/// How a command ended, as its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Ok,
    /// 1: bad input: a script, an audio file, an argument's value, the journal.
    Input,
    /// 2: the command line itself is wrong (clap's usage errors).
    Usage,
    /// 3: no audio output could be used.
    NoAudio,
    /// 130: interrupted by Ctrl-C or a signal (128 + SIGINT, as shells report it).
    Interrupted,
}

impl Exit {
    /// Every exit code, in order, for the man page's EXIT STATUS.
    pub const ALL: [Exit; 5] = [
        Exit::Ok,
        Exit::Input,
        Exit::Usage,
        Exit::NoAudio,
        Exit::Interrupted,
    ];

    /// What the code means, as the man page says it.
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Ok => "done",
            Exit::Input => {
                "bad input: a script, an audio file, an argument's value, the journal; the message says which and where"
            }
            Exit::Usage => {
                "the command line itself is wrong (an unknown command or option, a missing argument)"
            }
            Exit::NoAudio => {
                "no audio output could be used (try --output null, or render to a file)"
            }
            Exit::Interrupted => {
                "interrupted by Ctrl-C or a signal (128 + SIGINT, as shells report it)"
            }
        }
    }

    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Input => 1,
            Exit::Usage => 2,
            Exit::NoAudio => 3,
            Exit::Interrupted => 130,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Exit;

    #[test]
    fn the_codes_are_the_documented_ones() {
        let all = [
            (Exit::Ok, 0),
            (Exit::Input, 1),
            (Exit::Usage, 2),
            (Exit::NoAudio, 3),
            (Exit::Interrupted, 130),
        ];
        for (exit, code) in all {
            assert_eq!(exit.code(), code, "{exit:?}");
        }
    }
}
