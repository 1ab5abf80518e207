//! Arbitrary bytes as an audio file: probing and, when probing accepts them, decoding to
//! 48 kHz. A damaged, truncated or lying file must give an error, never a panic, a hang or
//! an allocation beyond its claimed size. The first byte picks the name's extension, which
//! steers symphonia's format guess.
#![no_main]

use libfuzzer_sys::fuzz_target;
use still::assets::{Input, decode_input, probe_input};

const NAMES: [&str; 5] = ["clip.wav", "clip.flac", "clip.ogg", "clip.mp3", "clip"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let name = NAMES[pick as usize % NAMES.len()];
    let Ok(info) = probe_input(Input::bytes(name, bytes)) else { return };
    // A header may claim hours of audio in a few bytes; decoding must stop at what is there.
    if info.frames > 48_000 * 60 * 10 {
        return;
    }
    let _ = decode_input(Input::bytes(name, bytes), &info);
});
