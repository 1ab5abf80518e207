//! The chapters of a rendered file (Opus, Ogg, MP3, FLAC), for podcast players to show.
//!
//! With `chapter:` on any step (still/1.1), chapters start exactly there, at the step's
//! first pass; if the first starts after the session's start, a chapter titled with the
//! session's title covers the opening. Without any, a chapter starts at every top-level
//! `say`, `breathe` or `repeat` step that does not follow a `say` (lines one after another
//! stay one chapter), and the steps before the first (an opening bell, a pause) belong to
//! it. A chapter is titled by its first line's first sentence, `Breathing: box` for a
//! breathe step, and a repeat by the first line inside it (else `Repeat ×N`).

use super::Chapter;

/// The longest chapter title, in characters; a longer one is cut at a word with `…`.
const TITLE_CHARS: usize = 60;

/// A top-level step as the compiler laid it out: where it starts, its kind, and the title
/// a chapter starting there would have.
#[derive(Debug, Clone)]
pub(super) struct Top {
    pub frame: u64,
    pub kind: &'static str,
    pub title: String,
}

/// The chapters of a session: `named` (from `chapter:`, in order) if there are any, else
/// chosen from the top-level steps.
pub(super) fn choose(session_title: &str, named: Vec<Chapter>, tops: &[Top]) -> Vec<Chapter> {
    if !named.is_empty() {
        let mut out = Vec::with_capacity(named.len() + 1);
        if named[0].frame > 0 {
            out.push(Chapter {
                frame: 0,
                title: session_title.to_string(),
            });
        }
        for c in named {
            // Two chapters on one frame (a repeat and its first step): the outer one wins.
            if out.last().is_none_or(|l: &Chapter| l.frame < c.frame) {
                out.push(c);
            }
        }
        return out;
    }
    let mut out: Vec<Chapter> = vec![];
    let mut before: Option<&'static str> = None;
    for top in tops {
        let starts = matches!(top.kind, "say" | "breathe" | "repeat") && before != Some("say");
        if starts {
            // The first chapter starts the file, taking in the steps before it.
            out.push(Chapter {
                frame: if out.is_empty() { 0 } else { top.frame },
                title: short(&top.title),
            });
        }
        before = Some(top.kind);
    }
    if out.is_empty() {
        out.push(Chapter {
            frame: 0,
            title: session_title.to_string(),
        });
    }
    out
}

/// The first sentence of `text`, cut at a word to at most [`TITLE_CHARS`] characters.
pub(super) fn short(text: &str) -> String {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '?' | '!' | '…')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    let sentence = text[..end].trim_end_matches('.');
    if sentence.chars().count() <= TITLE_CHARS {
        return sentence.to_string();
    }
    let mut cut = String::new();
    for word in sentence.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > TITLE_CHARS - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    if cut.is_empty() {
        cut = sentence.chars().take(TITLE_CHARS - 1).collect();
    }
    cut.trim_end_matches([',', ';', ':']).to_string() + "…"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{NoFolder, SourceFile};

    fn chapters(steps: &str, format: &str) -> Vec<(u64, String)> {
        let src = format!("format: {format}\ntitle: Session\nsteps:\n{steps}");
        let s = crate::script::parse(&SourceFile::new("t.yaml", src), "t", &NoFolder).unwrap();
        let t = crate::timeline::compile(&s, &[], &Default::default()).unwrap();
        t.chapters
            .into_iter()
            .map(|c| (c.frame / 48, c.title))
            .collect()
    }

    #[test]
    fn without_chapter_fields_a_chapter_starts_at_each_new_part_issue_17() {
        let got = chapters(
            "  - bell: bowl\n  - say: Welcome. Sit down.\n  - say: Close your eyes.\n  - pause: 3s\n  - breathe: { pattern: box, rounds: 1 }\n  - say: And now the body.\n  - pause: 2s\n  - repeat: 2\n    steps: [{pause: 1s}, {say: Notice a sound.}]\n  - bell: bowl\n",
            "still/1",
        );
        let titles: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Welcome",
                "Breathing: box",
                "And now the body",
                "Notice a sound"
            ]
        );
        // The opening bell belongs to the first chapter; the breathing starts after two
        // lines (2 s each) and a pause, all after the bell's 5 s.
        assert_eq!(got[0].0, 0);
        assert_eq!(got[1].0, 5_000 + 2_000 + 2_000 + 3_000);
        assert_eq!(got[2].0, got[1].0 + 16_000);
    }

    #[test]
    fn chapter_fields_name_the_chapters_issue_17() {
        let got = chapters(
            "  - bell: bowl\n  - say: Hello.\n    chapter: Arriving\n  - repeat: 2\n    chapter: Listening\n    steps:\n      - pause: 1s\n        chapter: Inner\n  - bell: rin\n    chapter: Closing\n",
            "still/1.1",
        );
        assert_eq!(
            got,
            [
                (0, "Session".to_string()),
                (5_000, "Arriving".into()),
                (7_000, "Listening".into()),
                (9_000, "Closing".into()),
            ]
        );
    }

    #[test]
    fn long_lines_make_short_titles() {
        assert_eq!(short("Breathe in. Breathe out."), "Breathe in");
        assert_eq!(short("Is it here? Yes"), "Is it here?");
        let long = short(&"word ".repeat(40));
        assert!(long.ends_with('…') && long.chars().count() <= TITLE_CHARS);
        assert_eq!(short("3.5 breaths"), "3.5 breaths");
    }
}
