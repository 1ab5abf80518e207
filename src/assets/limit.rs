//! How long a clip may be for what it does in a session (issue #21): a render holds each
//! clip it plays as 16-bit samples, so these limits keep a render's memory small whatever
//! files a script names. They are checked from the header before anything is decoded, and
//! decoding never goes past the length the header gave ([`super::decode`]).

use crate::script::{Clip, Script, Sound, Step, StepKind};
use crate::timeline::RATE;

use super::{AssetError, ClipInfo};

/// What a clip is used for in a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClipUse {
    /// A `say` line's recording (or a voice engine's).
    Say,
    /// A bell, struck by `bell:` or a pause's `bells_every`.
    Bell,
    /// The ambient bed, which loops for the whole session.
    Bed,
}

impl ClipUse {
    pub const ALL: [ClipUse; 3] = [ClipUse::Say, ClipUse::Bell, ClipUse::Bed];

    /// The longest clip allowed for this use, in minutes. Stereo at 48 kHz, the longest say
    /// clip holds 23 MB as a render stores it, a bell 11.5 MB, a bed 34.5 MB.
    pub const fn max_minutes(self) -> u64 {
        match self {
            // A long paragraph; longer narration reads better as several lines anyway.
            ClipUse::Say => 2,
            // A struck bowl rings out in well under a minute.
            ClipUse::Bell => 1,
            // A bed loops, so it need not be long to sound unbroken; a minute of stereo is
            // 11.5 MB as it plays.
            ClipUse::Bed => 1,
        }
    }

    /// [`ClipUse::max_minutes`] in frames at the output rate.
    pub const fn max_frames(self) -> u64 {
        self.max_minutes() * 60 * RATE as u64
    }

    /// The limit in words: "2 minutes".
    pub fn limit(self) -> String {
        match self.max_minutes() {
            1 => "1 minute".to_string(),
            n => format!("{n} minutes"),
        }
    }

    /// How a message names the use.
    pub fn describe(self) -> &'static str {
        match self {
            ClipUse::Say => "a say clip",
            ClipUse::Bell => "a bell clip",
            ClipUse::Bed => "an ambient clip",
        }
    }

    /// Refuses a clip longer than this use allows, from what its header says.
    pub fn check(self, name: &str, info: &ClipInfo) -> Result<(), AssetError> {
        if info.output_frames() <= self.max_frames() {
            return Ok(());
        }
        Err(AssetError::TooLongFor {
            name: name.to_string(),
            what: self,
            // Rounded up, so a clip a frame too long never reads as exactly the limit.
            length: crate::timeline::time::human(
                info.output_frames().div_ceil(u64::from(RATE)) * u64::from(RATE),
            ),
        })
    }
}

/// Every place `script` names a clip, with what it is used for, in the order written.
pub fn clip_uses(script: &Script) -> Vec<(&Clip, ClipUse)> {
    fn sound(s: &Sound) -> Option<&Clip> {
        match s {
            Sound::Clip(c) => Some(c),
            Sound::Builtin(_) => None,
        }
    }
    fn walk<'a>(steps: &'a [Step], out: &mut Vec<(&'a Clip, ClipUse)>) {
        for step in steps {
            let found = match &step.kind {
                StepKind::Bell(b) => sound(&b.sound).map(|c| (c, ClipUse::Bell)),
                StepKind::Say(s) => s.clip.as_ref().map(|c| (c, ClipUse::Say)),
                StepKind::Pause(p) => sound(&p.interval_bell).map(|c| (c, ClipUse::Bell)),
                StepKind::Breathe(_) | StepKind::Wait(_) => None,
                StepKind::Repeat(r) => {
                    walk(&r.steps, out);
                    None
                }
            };
            out.extend(found);
        }
    }
    let mut out = vec![];
    if let Some(c) = script.ambient.as_ref().and_then(|a| sound(&a.sound)) {
        out.push((c, ClipUse::Bed));
    }
    walk(&script.steps, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(seconds: u64, rate: u32) -> ClipInfo {
        ClipInfo {
            rate,
            channels: 2,
            frames: seconds * u64::from(rate),
        }
    }

    /// Issue #21: each use's limit holds on both sides of its line, at any rate.
    #[test]
    fn each_use_refuses_a_clip_one_second_past_its_limit_issue_21() {
        for use_ in ClipUse::ALL {
            let max = use_.max_minutes() * 60;
            for rate in [22_050, 48_000, 96_000] {
                assert!(use_.check("c.wav", &info(max, rate)).is_ok(), "{use_:?}");
                let e = use_.check("c.wav", &info(max + 1, rate)).unwrap_err();
                assert!(matches!(e, AssetError::TooLongFor { what, .. } if what == use_));
                let text = e.to_string();
                assert!(text.starts_with("c.wav: "), "{text}");
                assert!(text.contains(use_.describe()), "{text}");
                assert!(
                    text.ends_with(&format!("(at most {})", use_.limit())),
                    "{text}"
                );
                assert!(e.hint().contains(&format!("at most {}", use_.limit())));
            }
        }
    }
}
