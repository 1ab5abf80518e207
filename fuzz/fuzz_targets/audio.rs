//! Arbitrary bytes as an audio file: probing and, when probing accepts them and their
//! length fits the use, decoding to 48 kHz and checking as `still check` streams it. A
//! damaged, truncated or lying file must give an error, never a panic, a hang or an
//! allocation beyond its claimed size. The first byte picks the name's extension, which
//! steers symphonia's format guess, and the use (a say clip, a bell, a bed) whose
//! decoded-length limit holds it (issue #21).
#![no_main]

use libfuzzer_sys::fuzz_target;
use still::assets::{ClipUse, Input, check_input, decode_input, probe_input};

const NAMES: [&str; 7] = [
    "clip.wav",
    "clip.flac",
    "clip.ogg",
    "clip.mp3",
    "clip.m4a",
    "clip.opus",
    "clip",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let name = NAMES[pick as usize % NAMES.len()];
    let use_ = ClipUse::ALL[pick as usize / NAMES.len() % ClipUse::ALL.len()];
    let Ok(info) = probe_input(Input::bytes(name, bytes)) else { return };
    // As a session refuses it: a clip longer than its use allows is never decoded. A header
    // may still lie about a shorter length; decoding must stop just past what it claimed.
    if use_.check(name, &info).is_err() {
        return;
    }
    let _ = check_input(Input::bytes(name, bytes), &info);
    if let Ok(audio) = decode_input(Input::bytes(name, bytes), &info) {
        assert!(audio.samples.len() as u64 <= use_.max_frames() * 2);
    }
});
