//! The words `still` says to the sitter, in the sitter's language: Project Fluent message
//! files in `i18n/LANG/still.ftl`, built into the binary. A language without a file, or a
//! message its file lacks, is said in English; a message English lacks too is its id.
//! Help text and errors stay English.

pub mod date;
pub mod id;

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::FluentNumber;
use fluent_bundle::{FluentArgs, FluentResource};

pub use fluent_bundle::FluentValue as Value;

use crate::util::language;

/// The message files, English first: the fallback for every other.
const FILES: [(&str, &str); 3] = [
    ("en", include_str!("../../i18n/en/still.ftl")),
    ("es", include_str!("../../i18n/es/still.ftl")),
    ("fr", include_str!("../../i18n/fr/still.ftl")),
];

/// Each file's bundle, parsed the first time its language is asked for.
static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; FILES.len()] =
    [const { OnceLock::new() }; FILES.len()];

/// The words of one language: a small handle, cheap to copy and compare.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Messages {
    /// Which of [`FILES`].
    file: usize,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Messages({})", self.tag())
    }
}

impl Default for Messages {
    fn default() -> Self {
        Messages::english()
    }
}

impl Messages {
    /// The words of the language `tag` names (`es`, `fr-CA`, `es_ES`), by its first part;
    /// English for a language without a file, or for anything that is not a tag.
    pub fn for_language(tag: &str) -> Messages {
        let wanted = language::primary(tag.trim());
        let file = FILES
            .iter()
            .position(|(lang, _)| lang.eq_ignore_ascii_case(wanted))
            .unwrap_or(0);
        Messages { file }
    }

    pub fn english() -> Messages {
        Messages { file: 0 }
    }

    /// The languages that have a message file.
    pub fn languages() -> impl Iterator<Item = &'static str> {
        FILES.iter().map(|(lang, _)| *lang)
    }

    /// The language these words are in.
    pub fn tag(&self) -> &'static str {
        FILES[self.file].0
    }

    /// The message `id` with no arguments.
    pub fn text(&self, id: &str) -> String {
        self.get(id, &[])
    }

    /// The message `id` with its arguments, in this language, else in English, else `id`.
    pub fn get(&self, id: &str, args: &[(&str, Value<'_>)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        [self.file, 0]
            .into_iter()
            .find_map(|file| format(bundle(file), id, &fluent))
            .unwrap_or_else(|| id.to_string())
    }

    /// Whether this language's own file has `id` (not English standing in for it).
    pub fn has(&self, id: &str) -> bool {
        bundle(self.file).has_message(id)
    }
}

/// The message `id` from `bundle`, if it has one with a value.
fn format(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    args: &FluentArgs<'_>,
) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    // A missing argument or a bad reference still formats, with the part it could not
    // fill shown as its name: a word out of place beats no line at all.
    let mut errors = vec![];
    Some(
        bundle
            .format_pattern(pattern, Some(args), &mut errors)
            .into_owned(),
    )
}

fn bundle(file: usize) -> &'static FluentBundle<FluentResource> {
    BUNDLES[file].get_or_init(|| {
        let (tag, source) = FILES[file];
        // A file with a syntax error keeps the messages it could read (a test holds every
        // file to parsing cleanly).
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
        let locale: unic_langid::LanguageIdentifier = tag.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![locale]);
        // Terminals show Unicode's isolation marks as stray characters.
        bundle.set_use_isolating(false);
        // Ids are unique within a file, so nothing is overridden.
        let _ = bundle.add_resource(resource);
        bundle
    })
}

/// A number as a message argument: it chooses the plural form.
pub fn num<N>(n: N) -> Value<'static>
where
    FluentNumber: From<N>,
{
    Value::Number(FluentNumber::from(n))
}

/// A text as a message argument.
pub fn text(s: impl Into<String>) -> Value<'static> {
    Value::from(s.into())
}

#[cfg(test)]
mod tests;
