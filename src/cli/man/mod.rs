//! `still man`: one page for every command, so nothing refers to pages that do not exist.

mod commands;
mod sections;

use super::Exit;
use super::Fail;

/// Print the man page (roff), generated from the same definitions as --help
///
/// One page describes every command, the player's keys, the environment, the files and the
/// exit codes. Install it with `still man > ~/.local/share/man/man1/still.1`, then `man
/// still`.
#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_: Args) -> Result<Exit, Fail> {
    super::out::print(&page()?)?;
    Ok(Exit::Ok)
}

/// The whole page: clap_mangen's head (title, name, synopsis, description, global options),
/// then a section per command and the sections clap knows nothing of.
pub fn page() -> std::io::Result<String> {
    let mut cmd = super::command();
    // Built, so every subcommand knows its full name (`still log add`).
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut head = Vec::new();
    man.render_title(&mut head)?;
    // Left-aligned and unhyphenated: paths and options read as they are typed.
    roff::Roff::new()
        .control("ad", ["l"])
        .control("nh", [])
        .to_writer(&mut head)?;
    man.render_name_section(&mut head)?;
    man.render_synopsis_section(&mut head)?;
    man.render_description_section(&mut head)?;
    man.render_options_section(&mut head)?;
    let mut page = commands::without_preambles(&String::from_utf8_lossy(&head));
    page.push_str(&commands::section(&cmd)?);
    page.push_str(&sections::rest());
    Ok(page)
}
