//! `still completions SHELL`

use clap_complete::Shell;
use clap_complete::env::Shells;

use super::Exit;
use super::Fail;
use super::support::candidates;

/// Print a shell completion script
///
/// The script asks `still` what to offer each time you press Tab, so it completes the
/// sessions in your library as they are now, script files, and option values. bash:
/// `still completions bash > ~/.local/share/bash-completion/completions/still`; zsh: `still
/// completions zsh > ~/.zfunc/_still`; fish: `still completions fish >
/// ~/.config/fish/completions/still.fish`. Write it again after upgrading still.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let name = args.shell.to_string();
    let shells = Shells::builtins();
    let Some(shell) = shells.completer(&name) else {
        return Err(Fail::input(format!("no completion for the shell '{name}'"))
            .hint("use bash, zsh, fish, elvish or powershell"));
    };
    let mut buf = Vec::new();
    // `still` is looked up on PATH at Tab time, so the script survives a reinstall elsewhere.
    shell.write_registration(candidates::VAR, "still", "still", "still", &mut buf)?;
    super::out::print(&String::from_utf8_lossy(&buf))?;
    Ok(Exit::Ok)
}
