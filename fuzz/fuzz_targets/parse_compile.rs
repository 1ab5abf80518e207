//! Arbitrary bytes as a session script: reading, parsing, validating, compiling, rendering
//! the diagnostics. Nothing a user can type may panic or run away.
#![no_main]

use libfuzzer_sys::fuzz_target;
use still::script::{self, NoFolder};
use still::timeline::{self, ClipLengths};

fuzz_target!(|data: &[u8]| {
    let source = match script::source_from_bytes("fuzz.yaml", data.to_vec()) {
        Ok(s) => s,
        Err(d) => {
            let _ = d.render(false);
            return;
        }
    };
    match script::parse(&source, "fuzz", &NoFolder) {
        Ok(s) => {
            let _ = timeline::compile(&s, &[], &ClipLengths::new());
            let sets = ["rounds=3".to_string(), "silence=1s".to_string()];
            let _ = timeline::compile(&s, &sets, &ClipLengths::new());
        }
        Err(d) => {
            let _ = d.render(true);
        }
    }
});
