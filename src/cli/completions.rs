//! `still completions SHELL`

use clap_complete::Shell;

use super::Exit;
use super::Fail;

/// Print a shell completion script
///
/// bash: `still completions bash > ~/.local/share/bash-completion/completions/still`;
/// zsh: `still completions zsh > ~/.zfunc/_still`; fish:
/// `still completions fish > ~/.config/fish/completions/still.fish`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut super::command(), "still", &mut buf);
    super::out::print(&String::from_utf8_lossy(&buf))?;
    Ok(Exit::Ok)
}
