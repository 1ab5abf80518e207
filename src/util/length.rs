//! The one way `still` writes a length for people (`4m 52s`, `45s`, `1h 2m`), used by
//! `list`, `show`, `log` and the player's end line alike, with the one rounding rule:
//! whole seconds, rounded down, as a clock counting up shows them. So a sit that stopped at
//! 6.9 s says 6s everywhere, and the clock on the screen agrees with the length listed.

/// `ms` as whole seconds, rounded down.
pub fn seconds(ms: u64) -> u64 {
    ms / 1000
}

/// A length in milliseconds, for people: `4m 52s`, `45s`, `0s`, `1h`, `1h 2m 5s`.
pub fn length(ms: u64) -> String {
    let secs = seconds(ms);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut parts = vec![];
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if m > 0 {
        parts.push(format!("{m}m"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(format!("{s}s"));
    }
    parts.join(" ")
}

/// A session's length with its ring-out apart: `4m 52s, then 12s of ring-out`, or only the
/// length when nothing rings on past the last step (under a second).
pub fn with_ring_out(ms: u64, ring_out_ms: u64) -> String {
    if seconds(ring_out_ms) == 0 {
        length(ms)
    } else {
        format!("{}, then {} of ring-out", length(ms), length(ring_out_ms))
    }
}

/// The length from `start_ms` to `end_ms` as the clocks at either end show it, so that a
/// start plus its length is the next start: `0:10` for 10.6 s, then `0:21` after 10.6 s more.
pub fn between(start_ms: u64, end_ms: u64) -> String {
    length((seconds(end_ms) - seconds(start_ms).min(seconds(end_ms))) * 1000)
}

/// `m:ss`, or `h:mm:ss` from an hour on, by the same rule as [`length`].
pub fn clock(ms: u64) -> String {
    let secs = seconds(ms);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_round_down_like_a_clock_issue_14() {
        assert_eq!(length(0), "0s");
        assert_eq!(length(6_999), "6s");
        assert_eq!(length(292_600), "4m 52s");
        assert_eq!(clock(292_600), "4:52");
        assert_eq!(length(300_000), "5m");
        assert_eq!(length(3_600_000), "1h");
        assert_eq!(length(3_725_000), "1h 2m 5s");
        assert_eq!(clock(3_725_000), "1:02:05");
        assert_eq!(
            with_ring_out(292_600, 12_000),
            "4m 52s, then 12s of ring-out"
        );
        assert_eq!(with_ring_out(292_600, 400), "4m 52s");
        // 10.6 s steps: the clocks read 0:00, 0:10, 0:21, and the lengths add up to them.
        assert_eq!(between(0, 10_600), "10s");
        assert_eq!(between(10_600, 21_200), "11s");
    }
}
