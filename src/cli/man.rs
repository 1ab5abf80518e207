//! `still man`

use super::Exit;
use super::Fail;

/// Print the man page (roff), generated from the same definitions as --help
///
/// Install it with `still man > ~/.local/share/man/man1/still.1`, then `man still`.
#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_: Args) -> Result<Exit, Fail> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(super::command()).render(&mut buf)?;
    super::out::print(&String::from_utf8_lossy(&buf))?;
    Ok(Exit::Ok)
}
