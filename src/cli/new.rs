//! `still new NAME [--template …]`

use std::io::Write as _;
use std::path::PathBuf;

use clap::ValueEnum;

use super::Exit;
use super::{Fail, out};

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

/// The template's text for a script saved as `file`, with id `id`.
pub fn render(template: Template, file: &str, id: &str) -> String {
    template
        .text()
        .replace("{{file}}", file)
        .replace("{{id}}", id)
        .replace("{{title}}", &title_for(id))
}

/// `evening-wind-down` → `Evening wind down`: only letters, digits and spaces, so it needs
/// no quoting in YAML.
fn title_for(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let file = if args.name.ends_with(".yaml") || args.name.ends_with(".yml") {
        args.name.clone()
    } else {
        format!("{}.yaml", args.name)
    };
    let path = PathBuf::from(&file);
    let id = crate::script::default_id_for(&path);
    let shown = path
        .file_name()
        .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
    let text = render(args.template, &shown, &id);
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
    out::done(&format!(
        "wrote {file} (id {id}, from the {} template)\nNext: edit it, then `still check {file}` and `still show {file}`.\nFor completion in your editor: still schema > still.schema.json\n",
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
            let text = render(t, "calm-evening.yaml", "calm-evening");
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
}
