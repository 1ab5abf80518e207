//! Exact time arithmetic. Durations written in scripts are nanoseconds; the output counts
//! 48 kHz frames. Neither divides the other, so positions are summed in ticks of 1/3e9 s,
//! which hold both exactly, and only an event's start is rounded to a frame. Rounding each
//! start (never each length) means no drift however many steps a session has.

use std::time::Duration;

/// The output rate: every frame position in a timeline counts at this rate.
pub const RATE: u32 = 48_000;
/// Ticks in a second: the least common multiple of 1e9 (ns) and 48 000 (frames).
pub const TICKS_PER_SEC: u128 = 3_000_000_000;
pub const TICKS_PER_NS: u128 = 3;
pub const TICKS_PER_FRAME: u128 = TICKS_PER_SEC / RATE as u128;

pub fn ticks(d: Duration) -> u128 {
    d.as_nanos() * TICKS_PER_NS
}

/// The frame a tick position falls on: the nearest, halves rounding up
/// (`round(t_ms × 48)` for a time written in milliseconds).
pub fn frame_at(t: u128) -> u64 {
    u64::try_from((t + TICKS_PER_FRAME / 2) / TICKS_PER_FRAME).unwrap_or(u64::MAX)
}

pub fn frames_to_ticks(frames: u64) -> u128 {
    u128::from(frames) * TICKS_PER_FRAME
}

/// Frames as whole milliseconds, rounded to the nearest.
pub fn frames_to_ms(frames: u64) -> u64 {
    ((u128::from(frames) * 1000 + u128::from(RATE) / 2) / u128::from(RATE)) as u64
}

/// Frames as a `Duration`, to the nanosecond below.
pub fn frames_to_duration(frames: u64) -> Duration {
    let nanos = u128::from(frames) * 1_000_000_000 / u128::from(RATE);
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}

pub fn duration_to_frames(d: Duration) -> u64 {
    frame_at(ticks(d))
}

/// A clip's frame count at its own rate, converted to output frames (nearest, halves up).
pub fn convert_frames(frames: u64, from_rate: u32) -> u64 {
    if from_rate == 0 {
        return 0;
    }
    let r = u128::from(from_rate);
    u64::try_from((u128::from(frames) * u128::from(RATE) + r / 2) / r).unwrap_or(u64::MAX)
}

/// `m:ss`, or `h:mm:ss` from an hour on: how outlines and the player show a position
/// (whole seconds, rounded down: [`crate::util::length`]).
pub fn clock(frames: u64) -> String {
    crate::util::length::clock(frames_to_ms(frames))
}

/// A length for people: `6m 12s`, `45s`, `1h 2m` ([`crate::util::length`]).
pub fn human(frames: u64) -> String {
    crate::util::length::length(frames_to_ms(frames))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn milliseconds_land_on_round_t_times_48() {
        assert_eq!(duration_to_frames(Duration::from_millis(1)), 48);
        assert_eq!(duration_to_frames(Duration::from_secs(4)), 192_000);
        assert_eq!(duration_to_frames(Duration::from_nanos(10_417)), 1); // 0.5 frame rounds up
        assert_eq!(duration_to_frames(Duration::from_nanos(10_416)), 0);
        assert_eq!(convert_frames(44_100, 44_100), 48_000);
        assert_eq!(convert_frames(1, 44_100), 1);
        assert_eq!(frames_to_ms(72), 2); // 1.5 ms rounds up
    }

    #[test]
    fn clocks_and_lengths_read_naturally() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(48_000 * 372), "6:12");
        assert_eq!(clock(48_000 * 3723), "1:02:03");
        assert_eq!(human(48_000 * 372), "6m 12s");
        assert_eq!(human(48_000 * 45), "45s");
        assert_eq!(human(48_000 * 3720), "1h 2m");
        // Rounded down to the second, as the journal's milliseconds are.
        assert_eq!(human(48_000 * 7 - 480), "6s");
        assert_eq!(clock(48_000 * 7 - 480), "0:06");
    }

    proptest! {
        /// Durations round-trip through frames within one frame.
        #[test]
        fn durations_round_trip_through_frames(nanos in 0u64..(13 * 3600 * 1_000_000_000u64)) {
            let d = Duration::from_nanos(nanos);
            let back = frames_to_duration(duration_to_frames(d));
            let frame = Duration::from_nanos(1_000_000_000 / u64::from(RATE) + 1);
            prop_assert!(back.abs_diff(d) <= frame, "{d:?} came back as {back:?}");
        }

        /// Frame positions never drift: a sum of starts rounds the same as the sum of lengths.
        #[test]
        fn starts_do_not_drift(lengths in proptest::collection::vec(1u64..10_000_000_000, 1..200)) {
            let mut t = 0u128;
            for l in &lengths {
                t += ticks(Duration::from_nanos(*l));
            }
            let total: u64 = lengths.iter().sum();
            prop_assert_eq!(frame_at(t), duration_to_frames(Duration::from_nanos(total)));
        }
    }
}
