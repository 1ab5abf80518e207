//! `still new NAME [--template …]`

use std::io::Write as _;
use std::path::PathBuf;

use clap::ValueEnum;

use super::Exit;
use super::{Fail, out};
use crate::util::text::shell_quoted;

/// Start a new session script from a template, ready to check and edit
///
/// Writes NAME.yaml in the current folder (never over an existing file): a valid script
/// with comments on each part, its id made from NAME. Its first line points editors at
/// the schema: save `still schema > still.schema.json` beside your scripts.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The script's name; `.yaml` is added if missing
    #[arg(value_name = "NAME")]
    name: String,

    /// What to start from
    #[arg(long, value_enum, default_value_t = Template::Breathing)]
    template: Template,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Template {
    /// A bell, a few words, paced breathing with tones, and a bell
    Breathing,
    /// The five senses, one at a time, with pauses to notice
    Grounding,
    /// An open sit with interval bells; its length a param
    Silent,
    /// The required parts, and the others commented out
    Blank,
}

impl Template {
    fn text(self) -> &'static str {
        match self {
            Template::Breathing => include_str!("templates/breathing.yaml"),
            Template::Grounding => include_str!("templates/grounding.yaml"),
            Template::Silent => include_str!("templates/silent.yaml"),
            Template::Blank => include_str!("templates/blank.yaml"),
        }
    }
}

/// The template's text for a script saved as `file` (as a shell would take it), with id
/// `id` and title `title`.
pub fn render(template: Template, file: &str, id: &str, title: &str) -> String {
    template
        .text()
        .replace("{{file}}", &shell_quoted(file))
        .replace("{{id}}", id)
        .replace("{{title}}", &yaml_text(title))
}

/// The title for a script named `name` (without its extension): as typed, except that a
/// name written like an id (`evening-wind-down`) reads as words (`Evening wind down`).
fn title_for(name: &str) -> String {
    let id_like = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    let words = if id_like {
        name.replace(['-', '_'], " ")
    } else {
        name.to_string()
    };
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) if id_like => c.to_uppercase().chain(chars).collect(),
        _ => words,
    }
}

/// `text` as a YAML value: plain when it can be, else double-quoted (a JSON string is a
/// valid YAML double-quoted scalar).
fn yaml_text(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'')
        && text.chars().next().is_some_and(char::is_alphanumeric)
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off"
        )
        && text.parse::<f64>().is_err();
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).expect("a string serializes")
    }
}

/// NAME as given → the file to write: `.yaml` added unless it ends in `.yaml` or `.yml`
/// in any case (`calm.YAML` stays as it is).
fn file_for(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        name.to_string()
    } else {
        format!("{name}.yaml")
    }
}

/// The name without a folder and without its extension, for the title.
fn stem_of(file: &str) -> String {
    let name = std::path::Path::new(file)
        .file_name()
        .map_or(file.to_string(), |n| n.to_string_lossy().into_owned());
    let lower = name.to_ascii_lowercase();
    let cut = [".yaml", ".yml"]
        .iter()
        .find(|e| lower.ends_with(*e))
        .map_or(0, |e| e.len());
    name[..name.len() - cut].to_string()
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let file = file_for(&args.name);
    let path = PathBuf::from(&file);
    let id = crate::script::default_id_for(&path);
    let shown = path
        .file_name()
        .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
    let text = render(args.template, &shown, &id, &title_for(&stem_of(&file)));
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(e) = created {
        let exists = e.kind() == std::io::ErrorKind::AlreadyExists;
        let f = Fail::input(NewError { path, source: e });
        return Err(if exists {
            f.hint(
                "choose another name, or remove the file first; still never writes over a script",
            )
        } else {
            f
        });
    }
    let quoted = shell_quoted(&file);
    out::done(&format!(
        "wrote {file} (id {id}, from the {} template)\nNext: edit it, then `still check {quoted}` and `still show {quoted}`.\nFor completion in your editor: still schema > still.schema.json\n",
        args.template
            .to_possible_value()
            .expect("a value")
            .get_name(),
    ));
    Ok(Exit::Ok)
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write {}", .path.display())]
struct NewError {
    path: PathBuf,
    #[source]
    source: std::io::Error,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{self, NoFolder, SourceFile};

    #[test]
    fn every_template_is_a_valid_script() {
        for &t in Template::value_variants() {
            let text = render(t, "calm-evening.yaml", "calm-evening", "Calm evening");
            assert!(
                text.starts_with("# yaml-language-server: $schema=./still.schema.json\n"),
                "{t:?}"
            );
            assert!(!text.contains("{{"), "{t:?}: a placeholder is left");
            let source = SourceFile::new("calm-evening.yaml", text);
            let s = script::parse(&source, "calm-evening", &NoFolder)
                .unwrap_or_else(|d| panic!("{t:?}:\n{}", d.render(false)));
            assert_eq!(s.id, "calm-evening");
            assert_eq!(s.title, "Calm evening");
            crate::timeline::compile(&s, &[], &Default::default())
                .unwrap_or_else(|e| panic!("{t:?}: {e}"));
        }
    }

    #[test]
    fn titles_come_from_ids() {
        assert_eq!(title_for("box"), "Box");
        assert_eq!(title_for("evening-wind-down"), "Evening wind down");
    }

    /// #15: the title as typed, quoted where YAML needs it; the file's extension in any
    /// case; commands that paste into a shell.
    #[test]
    fn names_become_titles_files_and_commands_as_typed_issue_15() {
        assert_eq!(title_for("Atemübung für Kinder"), "Atemübung für Kinder");
        assert_eq!(title_for("Evening Wind-Down"), "Evening Wind-Down");
        assert_eq!(title_for("呼吸"), "呼吸");
        assert_eq!(file_for("calm.YAML"), "calm.YAML");
        assert_eq!(file_for("calm"), "calm.yaml");
        assert_eq!(stem_of("dir/Calm.Yml"), "Calm");
        assert_eq!(
            shell_quoted("Evening Wind-Down.yaml"),
            "'Evening Wind-Down.yaml'"
        );
        assert_eq!(shell_quoted("calm.yaml"), "calm.yaml");
        assert_eq!(yaml_text("Calm evening"), "Calm evening");
        for tricky in [
            "Breath: a practice",
            "#1 calm",
            "yes",
            "12",
            "\"quoted\"",
            "a'b: c",
        ] {
            let text = render(Template::Blank, "x.yaml", "x", tricky);
            let source = SourceFile::new("x.yaml", text);
            let s = script::parse(&source, "x", &NoFolder)
                .unwrap_or_else(|d| panic!("{tricky}:\n{}", d.render(false)));
            assert_eq!(s.title, tricky);
        }
    }
}
