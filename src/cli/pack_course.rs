//! `still pack COURSE`: a course's bundle, with the sessions it needs that are not built in.

use std::path::{Path, PathBuf};

use super::Exit;
use super::target::{self, Input, Target};
use super::{Fail, out};
use crate::course;
use crate::home::Home;
use crate::library::bundle::{self, BundleError, CourseHead, Part, describe_bytes};
use crate::library::{self, Origin, Pick};
use crate::session;

/// Whether `reference` names a course rather than a session: a course file, or an id no
/// session has that a course has.
pub fn is_course(reference: &str, home: Option<&Home>) -> bool {
    if library::is_path(reference) {
        return library::courses::is_course_file(Path::new(reference));
    }
    library::find(reference, home, &Pick::english()).is_err()
        && library::courses::find(reference, home).is_ok()
}

pub fn run(reference: &str, output: Option<PathBuf>, home: Option<&Home>) -> Result<Exit, Fail> {
    let loaded = course::load(reference, home)?;
    loaded
        .check_sessions(home)
        .map_err(|d| Fail::diagnostics(vec![d]))?;
    let c = &loaded.course;
    let pick = Pick::Prefer(c.language.clone());
    let mut sessions = vec![];
    for id in c.session_ids() {
        let s = session::load(&loaded.session_reference(id), &[], home, &pick)?;
        // A built-in session is on every home: the bundle names it by id only.
        if s.origin == Origin::Builtin {
            continue;
        }
        s.check_clips()?;
        sessions.push(s);
    }
    let out = output.unwrap_or_else(|| PathBuf::from(format!("{}.still", c.id)));
    let target = Target::resolve("-o", &out)?;
    let mut inputs = vec![];
    if let Some(p) = &loaded.found.path {
        inputs.push(Input::new("the course", p));
    }
    for s in &sessions {
        inputs.extend(target::session_inputs(s, home));
    }
    target.refuse(&inputs)?;
    let mut writing = target.open(true, &|| false)?;
    let parts: Vec<Part<'_>> = sessions
        .iter()
        .map(|s| Part {
            script: &s.script,
            text: &s.source.text,
        })
        .collect();
    let head = CourseHead {
        id: &c.id,
        title: &c.title,
        author: c.author.as_deref(),
        text: &loaded.found.source.text,
    };
    let packed = bundle::pack_course(&head, &parts, &out, writing.file()).map_err(|e| {
        let hint = match &e {
            BundleError::Write { .. } => Some("check that the disk has room".to_string()),
            BundleError::PackClash { .. } => Some(
                "two sessions of the course use different files under one name: give one of them another clip path".to_string(),
            ),
            e => e.hint(),
        };
        Fail::input_with(hint, e)
    })?;
    writing.commit()?;
    if target.is_stdout() {
        return Ok(Exit::Ok);
    }
    let held = if sessions.is_empty() {
        "no sessions of its own (all are built in)".to_string()
    } else {
        let ids: Vec<&str> = sessions.iter().map(|s| s.script.id.as_str()).collect();
        format!("the sessions {}", ids.join(", "))
    };
    out::done(&format!(
        "packed the course {} ({}) with {held} into {}: {} files, {}\nTo install it, the client runs: still import {}\n",
        c.id,
        crate::util::text::inert(&c.title),
        out.display(),
        packed.manifest.files.len(),
        describe_bytes(packed.bytes),
        out.display()
    ));
    Ok(Exit::Ok)
}
