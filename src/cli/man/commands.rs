//! The COMMANDS section: each subcommand's synopsis, description and options as a
//! subsection, where clap_mangen alone would point at a `still-play(1)` page per command.

use roff::Roff;

/// What `Roff` writes before every rendering; kept once, at the top of the page.
fn preamble() -> String {
    Roff::new().render()
}

/// `text` with every repeated preamble taken out but the first.
pub fn without_preambles(text: &str) -> String {
    let preamble = preamble();
    let body = text.replace(&preamble, "");
    format!("{preamble}{body}")
}

/// `.SH COMMANDS` and a subsection for each command, nested commands after their parent.
pub fn section(cmd: &clap::Command) -> std::io::Result<String> {
    let mut out = Roff::new();
    out.control("SH", ["COMMANDS"]);
    let mut text = out.render();
    for sub in visible(cmd) {
        subsection(sub, &mut text)?;
    }
    Ok(without_preambles(&text).replacen(&preamble(), "", 1))
}

fn visible(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

fn subsection(sub: &clap::Command, text: &mut String) -> std::io::Result<()> {
    let full = sub.get_bin_name().unwrap_or(sub.get_name()).to_string();
    let mut heading = Roff::new();
    heading.control("SS", [full.as_str()]);
    text.push_str(&heading.render());
    // The global options and -h are described once, at the top.
    let mut shown = sub.clone();
    for arg in sub.get_arguments() {
        if arg.is_global_set() || arg.get_id() == "help" {
            shown = shown.mut_arg(arg.get_id().clone(), |a| a.hide(true));
        }
    }
    let has_options = shown.get_arguments().any(|a| !a.is_hide_set());
    let man = clap_mangen::Man::new(shown);
    let mut part = Vec::new();
    man.render_synopsis_section(&mut part)?;
    man.render_description_section(&mut part)?;
    if has_options {
        man.render_options_section(&mut part)?;
    }
    text.push_str(&demote(&String::from_utf8_lossy(&part)));
    for child in visible(sub) {
        subsection(child, text)?;
    }
    Ok(())
}

/// A page's sections turned into paragraphs of a subsection: the heading line goes, and the
/// options get a label of their own.
fn demote(part: &str) -> String {
    let mut out = String::new();
    for line in part.lines() {
        match line {
            ".SH SYNOPSIS" => {}
            ".SH DESCRIPTION" => out.push_str(".PP\n"),
            ".SH OPTIONS" => out.push_str(".PP\nOptions:\n"),
            other => {
                out.push_str(other);
                out.push('\n');
            }
        }
    }
    out
}
