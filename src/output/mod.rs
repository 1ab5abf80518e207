//! Where the renderer's frames go: a WAV file here; the device and the null output (paced
//! by the clock) for live play. Output never keeps time itself: the renderer's frame count
//! is the clock.

pub mod wav;
