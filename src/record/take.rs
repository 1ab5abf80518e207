//! What is kept of a take: the speech without the silence at either end, and what a
//! listener would notice about its level.

/// Windows the level is judged in: 10 ms.
const WINDOW_S: f64 = 0.010;
/// Sound is anything this far over the quietest part of the take, and over -50 dBFS.
const OVER_FLOOR_DB: f64 = 14.0;
const ABSOLUTE_FLOOR_DB: f64 = -50.0;
const UNDER_LOUDEST_DB: f64 = 30.0;
/// Kept before the first sound and after the last: a breath in, a word's tail.
const LEAD_S: f64 = 0.12;
const TAIL_S: f64 = 0.25;
/// Fades at the cut ends, so they do not click.
const FADE_S: f64 = 0.005;
/// Under this peak a take is quiet: the narration level (-18 LUFS) needs more gain than the
/// player gives (18 dB), and the room comes up with it.
pub const QUIET_PEAK_DBFS: f64 = -24.0;
/// At or over this, a sample is clipped.
const CLIP_LEVEL: f32 = 0.99;
/// This many clipped samples in a row are heard as a clip.
const CLIP_RUN: usize = 3;

/// What the level of a take says.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Nothing stood out of the room's sound.
    Silent,
    /// Its peak, in dBFS.
    Quiet(f64),
    /// How many places it clipped.
    Clipped(usize),
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Silent => write!(
                f,
                "nothing was heard: is the microphone on and chosen as the input?"
            ),
            Warning::Quiet(db) => write!(
                f,
                "the take is quiet (peak {db:.0} dBFS): move closer or raise the input level"
            ),
            Warning::Clipped(n) => write!(
                f,
                "the take clipped in {n} place{}: move back a little or lower the input level",
                if *n == 1 { "" } else { "s" }
            ),
        }
    }
}

/// The part of a take to keep: from just before its first sound to just after its last,
/// faded in and out; empty when nothing stood out.
pub fn trim(samples: &[f32], rate: u32) -> Vec<f32> {
    let w = ((f64::from(rate) * WINDOW_S) as usize).max(1);
    let levels: Vec<f64> = samples.chunks(w).map(rms_db).collect();
    let Some(threshold) = threshold(&levels) else {
        return vec![];
    };
    let first = levels.iter().position(|&l| l > threshold);
    let last = levels.iter().rposition(|&l| l > threshold);
    let (Some(first), Some(last)) = (first, last) else {
        return vec![];
    };
    let lead = (f64::from(rate) * LEAD_S) as usize;
    let tail = (f64::from(rate) * TAIL_S) as usize;
    let from = (first * w).saturating_sub(lead);
    let to = ((last + 1) * w + tail).min(samples.len());
    let mut kept = samples[from..to].to_vec();
    let fade = ((f64::from(rate) * FADE_S) as usize).min(kept.len() / 2);
    let n = kept.len();
    for i in 0..fade {
        let g = i as f32 / fade as f32;
        kept[i] *= g;
        kept[n - 1 - i] *= g;
    }
    kept
}

/// The level over which a window is sound: over the quietest tenth of the take by
/// [`OVER_FLOOR_DB`] (but within [`UNDER_LOUDEST_DB`] of its loudest window, for a take
/// that is sound throughout), and never under [`ABSOLUTE_FLOOR_DB`]. None when nothing is
/// over it.
fn threshold(levels: &[f64]) -> Option<f64> {
    if levels.is_empty() {
        return None;
    }
    let mut sorted = levels.to_vec();
    sorted.sort_by(f64::total_cmp);
    let floor = sorted[sorted.len() / 10];
    let loudest = sorted[sorted.len() - 1];
    let threshold = (floor + OVER_FLOOR_DB)
        .min(loudest - UNDER_LOUDEST_DB)
        .max(ABSOLUTE_FLOOR_DB);
    levels.iter().any(|&l| l > threshold).then_some(threshold)
}

fn rms_db(window: &[f32]) -> f64 {
    let power = window.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / window.len() as f64;
    10.0 * power.max(1e-12).log10()
}

/// What a listener would notice about a kept take.
pub fn judge(kept: &[f32]) -> Vec<Warning> {
    if kept.is_empty() {
        return vec![Warning::Silent];
    }
    let mut warnings = vec![];
    let peak = kept.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    let peak_db = 20.0 * f64::from(peak).max(1e-9).log10();
    if peak_db < QUIET_PEAK_DBFS {
        warnings.push(Warning::Quiet(peak_db));
    }
    let mut clips = 0;
    let mut run = 0;
    for s in kept {
        if s.abs() >= CLIP_LEVEL {
            run += 1;
            if run == CLIP_RUN {
                clips += 1;
            }
        } else {
            run = 0;
        }
    }
    if clips > 0 {
        warnings.push(Warning::Clipped(clips));
    }
    warnings
}

/// The clip a say line's take is written to: `clips/NN-first-words.ogg` beside the
/// script, numbered as the lines are written.
pub fn clip_path(number: usize, count: usize, text: &str) -> String {
    let width = count.to_string().len().max(2);
    let mut slug = String::new();
    let mut words = 0;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let word: String = word
            .chars()
            .filter_map(plain_letter)
            .collect::<String>()
            .to_ascii_lowercase();
        if word.is_empty() || word.starts_with('{') {
            continue;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
        words += 1;
        if words == 4 || slug.len() >= 24 {
            break;
        }
    }
    if slug.is_empty() {
        slug.push_str("line");
    }
    format!("clips/{number:0width$}-{slug}.ogg")
}

/// A letter or digit as plain ASCII: accents dropped from the Latin letters Spanish and
/// French use, anything else left out.
fn plain_letter(c: char) -> Option<char> {
    if c.is_ascii_alphanumeric() {
        return Some(c);
    }
    let plain = match c.to_lowercase().next()? {
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'œ' => 'o',
        'æ' => 'a',
        _ => return None,
    };
    Some(plain)
}
