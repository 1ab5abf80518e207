//! The rest of a file's problems after a YAML error. YAML cannot resume past a syntax
//! error, so the line it is on (with the lines nested under it) is left out, the text is
//! parsed again, and what still parses is checked like any script. What the missing lines
//! could have settled is not reported: a key they defined, their parent's value, a key
//! missing from the whole file.

use super::diag::Diagnostic;
use super::lower::Lowering;
use super::paths::ScriptFolder;
use super::source::Span;
use super::yaml;

/// YAML errors after the first are looked for at most this many times.
const MAX_YAML_ERRORS: usize = 10;

/// `first` and every further problem found with its line (and those after it) left out.
pub fn problems(text: &str, first: Diagnostic, folder: &dyn ScriptFolder) -> Vec<Diagnostic> {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut left_out = LeftOut::default();
    let mut items = vec![first];
    for _ in 0..MAX_YAML_ERRORS {
        let at = items.last().map_or(0, |d| d.span.start.line);
        if !left_out.leave_out(&mut lines, at) {
            return items;
        }
        match yaml::parse_located(&lines.join("\n")) {
            Ok((tree, root)) => {
                let mut lowering = Lowering::new(&tree, folder);
                lowering.script(root, "session");
                items.extend(
                    lowering
                        .diags
                        .into_iter()
                        .filter(|d| !left_out.could_settle(d)),
                );
                return items;
            }
            // A refusal, or the same place again: leaving lines out does not get past it. An
            // unknown anchor was most likely defined on a line left out.
            Err(e)
                if !e.syntax
                    || left_out.lines.contains(&e.diag.span.start.line)
                    || e.diag.message.contains("unknown anchor") =>
            {
                return items;
            }
            Err(e) => items.push(e.diag),
        }
    }
    items
}

#[derive(Default)]
struct LeftOut {
    /// 1-based numbers of the lines blanked.
    lines: Vec<usize>,
    /// The lines above them that they were nested in.
    parents: Vec<usize>,
    /// The keys the blanked lines started with.
    keys: Vec<String>,
}

impl LeftOut {
    /// Blanks line `at` and the lines nested under it (more indented, up to the next line
    /// that is not); numbering stays, so every place found later is a place in the file.
    fn leave_out(&mut self, lines: &mut [String], at: usize) -> bool {
        let Some(first) = at.checked_sub(1).filter(|&i| i < lines.len()) else {
            return false;
        };
        if lines[first].trim().is_empty() {
            return false;
        }
        let indent = |l: &str| l.len() - l.trim_start().len();
        let depth = indent(&lines[first]);
        if let Some(parent) = (0..first)
            .rev()
            .find(|&i| !lines[i].trim().is_empty() && indent(&lines[i]) < depth)
        {
            self.parents.push(parent + 1);
        }
        let mut end = first + 1;
        while end < lines.len() && (lines[end].trim().is_empty() || indent(&lines[end]) > depth) {
            end += 1;
        }
        for (i, line) in lines.iter_mut().enumerate().take(end).skip(first) {
            let rest = line.trim_start().trim_start_matches("- ");
            if let Some((key, _)) = rest.split_once(':') {
                self.keys.push(key.trim().to_string());
            }
            line.clear();
            self.lines.push(i + 1);
        }
        true
    }

    /// Whether the lines left out might have settled this problem.
    fn could_settle(&self, d: &Diagnostic) -> bool {
        let line = d.span.start.line;
        // Missing keys are reported at the file's start.
        d.span == Span::file_start()
            || self.lines.contains(&line)
            || self.parents.contains(&line)
            || self.keys.iter().any(|k| {
                !k.is_empty()
                    && (d.message.contains(&format!("'{k}'"))
                        || d.message.contains(&format!("`{k}`")))
            })
    }
}
