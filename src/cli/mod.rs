//! The command line: clap definitions, one file per subcommand; what they share is in
//! [`support`] (arguments, failures and exit codes, printing).

mod calendar;
mod check;
mod completions;
mod course;
mod course_words;
mod examples;
mod export;
mod import;
mod import_log;
mod list;
mod log;
mod man;
mod new;
mod nudge;
mod pack;
mod pack_course;
mod play;
mod record;
mod remind;
mod remove;
mod render;
mod report;
mod schema;
mod show;
mod stats;
mod status;
mod support;
mod timer;
mod today;
mod transcript;
mod voice;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use support::{Exit, Fail};
use support::{args, file_format, out, practice, sitting, target};

/// Guided mindfulness sessions in your terminal: narration, bells, breathing cues and a
/// soft ambient bed, mixed from plain YAML scripts.
#[derive(Parser, Debug)]
#[command(name = "still", version, about, max_term_width = 100)]
#[command(after_help = examples::after_help())]
pub struct Cli {
    /// When to use colour: auto follows NO_COLOR and whether output is a terminal.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Play(play::Args),
    Timer(timer::Args),
    Today(today::Args),
    Course(course::Args),
    List(list::Args),
    Show(show::Args),
    Check(check::Args),
    Render(render::Args),
    Transcript(transcript::Args),
    New(new::Args),
    Voice(voice::Args),
    Record(record::Args),
    Pack(pack::Args),
    Import(import::Args),
    Remove(remove::Args),
    Log(log::Args),
    Stats(stats::Args),
    Calendar(calendar::Args),
    Report(report::Args),
    Nudge(nudge::Args),
    Status(status::Args),
    Remind(remind::Args),
    Export(export::Args),
    ImportLog(import_log::Args),
    Schema(schema::Args),
    Completions(completions::Args),
    Man(man::Args),
}

/// Runs `still` with the process's arguments; `main.rs` calls only this.
pub fn main() -> ExitCode {
    crate::util::alloc::settle();
    // A shell asking what Tab should offer gets its answer and nothing else.
    support::candidates::answer_if_asked();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Ok
            }
            .into();
        }
    };
    match cli.color {
        Color::Always => anstream::ColorChoice::Always.write_global(),
        Color::Never => anstream::ColorChoice::Never.write_global(),
        Color::Auto => {}
    }
    let color = use_color(cli.color);
    let result = match cli.command {
        Command::Play(args) => play::run(args, color),
        Command::Timer(args) => timer::run(args, color),
        Command::Today(args) => today::run(args),
        Command::Course(args) => course::run(args),
        Command::Check(args) => check::run(args),
        Command::Show(args) => show::run(args),
        Command::List(args) => list::run(args),
        Command::Render(args) => render::run(args),
        Command::Transcript(args) => transcript::run(args),
        Command::New(args) => new::run(args),
        Command::Voice(args) => voice::run(args),
        Command::Record(args) => record::run(args),
        Command::Pack(args) => pack::run(args),
        Command::Import(args) => import::run(args),
        Command::Remove(args) => remove::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Log(args) => log::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Nudge(args) => nudge::run(args),
        Command::Status(args) => status::run(args),
        Command::Remind(args) => remind::run(args),
        Command::Calendar(args) => calendar::run(args),
        Command::Report(args) => report::run(args),
        Command::Export(args) => export::run(args),
        Command::ImportLog(args) => import_log::run(args),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(fail) => fail.report().into(),
    }
}

/// Whether to colour what goes to the terminal: `--color`, then `NO_COLOR`, then whether
/// standard output is a terminal.
fn use_color(choice: Color) -> bool {
    use std::io::IsTerminal;
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// The `clap` command, for completions, the man page and help tests.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// `STILL_HOME` or the platform folders; `None` when neither is known, which only limits
/// what can be found to files and built-in sessions.
pub(crate) fn home() -> Option<crate::home::Home> {
    crate::home::Home::from_env().ok()
}
