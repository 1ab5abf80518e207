//! Encoder delay: the frames an encoder puts before a recording (AAC priming, Opus pre-skip)
//! and after it (padding to a whole packet), and how many to drop so the first sound of a
//! clip lands on its frame. The arithmetic only; `mp4.rs` and `opus.rs` read the numbers.

use std::ops::Range;

/// What to cut from a decoded stream: `skip` frames at the start, then keep at most `keep`
/// (the recording's own length, when the container says it), in the stream's own frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Trim {
    pub skip: u64,
    pub keep: Option<u64>,
}

/// One entry of an MP4 edit list (`elst`): `media_time` frames into the track (media
/// timescale; -1 for an empty edit, a pause before the media), for `duration` in the movie's
/// timescale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    pub duration: u64,
    pub media_time: i64,
}

impl Trim {
    /// Ogg Opus: the pre-skip of its OpusHead. The last page's granule position, which
    /// counts the pre-skip, gives the end; the demuxer's frame count is that position.
    pub fn opus(pre_skip: u16) -> Trim {
        Trim {
            skip: u64::from(pre_skip),
            keep: None,
        }
    }

    /// MP4: the first edit that shows media (ffmpeg, Apple's AVFoundation): its media time
    /// is the priming, its duration, from the movie's timescale to the track's, the length.
    /// `None` when the list shows the whole track unchanged, or nothing can be read from it.
    pub fn edit_list(edits: &[Edit], media_scale: u32, movie_scale: u32) -> Option<Trim> {
        let edit = edits.iter().find(|e| e.media_time >= 0)?;
        let skip = u64::try_from(edit.media_time).ok()?;
        let keep = (movie_scale > 0 && edit.duration > 0).then(|| {
            let num = u128::from(edit.duration) * u128::from(media_scale);
            let den = u128::from(movie_scale);
            u64::try_from((num + den / 2) / den).unwrap_or(u64::MAX)
        });
        let trim = Trim { skip, keep };
        (trim != Trim::default()).then_some(trim)
    }

    /// iTunes' gapless note (`iTunSMPB`, from iTunes and Apple's older encoders): hex fields
    /// `0 priming padding length …`. `None` for a note that is not of that form.
    pub fn itunes(note: &str) -> Option<Trim> {
        let mut fields = note.split_ascii_whitespace();
        let mut hex = || u64::from_str_radix(fields.next()?, 16).ok();
        let (_, priming, _padding, length) = (hex()?, hex()?, hex()?, hex()?);
        let trim = Trim {
            skip: priming,
            keep: (length > 0).then_some(length),
        };
        (trim != Trim::default()).then_some(trim)
    }

    /// The frames left of `decoded` once trimmed: what probing reports, so the timeline's
    /// length is what decoding gives.
    pub fn length(&self, decoded: u64) -> u64 {
        let rest = decoded.saturating_sub(self.skip);
        self.keep.map_or(rest, |k| rest.min(k))
    }

    /// A cutter that follows a stream packet by packet.
    pub fn cutter(&self) -> Cutter {
        Cutter { trim: *self, at: 0 }
    }
}

/// Applies a [`Trim`] to a stream decoded in packets.
#[derive(Debug, Clone)]
pub struct Cutter {
    trim: Trim,
    /// Frames of the stream seen so far, trimmed or not.
    at: u64,
}

impl Cutter {
    /// Which of the next packet's `frames` to keep (possibly none).
    pub fn next(&mut self, frames: usize) -> Range<usize> {
        let start = self.at;
        self.at += frames as u64;
        let end_of_audio = self
            .trim
            .keep
            .map_or(u64::MAX, |k| self.trim.skip.saturating_add(k));
        let from = self.trim.skip.clamp(start, self.at);
        let to = end_of_audio.clamp(from, self.at);
        (from - start) as usize..(to - start) as usize
    }

    /// Whether the recording has ended: what follows is padding.
    pub fn done(&self) -> bool {
        self.trim
            .keep
            .is_some_and(|k| self.at >= self.trim.skip.saturating_add(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ffmpeg_aac_priming_and_length_come_from_the_edit_list() {
        // ffmpeg's `aac`: 1024 frames of priming, one second at 44.1 kHz, movie in ms.
        let edits = [Edit {
            duration: 1000,
            media_time: 1024,
        }];
        let trim = Trim::edit_list(&edits, 44_100, 1000).unwrap();
        assert_eq!(
            trim,
            Trim {
                skip: 1024,
                keep: Some(44_100)
            }
        );
        // 45 packets of 1024 frames decode to 46 080; 44 100 of them are the recording.
        assert_eq!(trim.length(46_080), 44_100);
    }

    #[test]
    fn an_edit_list_is_read_past_an_empty_edit_and_rounded_to_the_nearest_frame() {
        let edits = [
            Edit {
                duration: 500,
                media_time: -1,
            },
            Edit {
                duration: 2_001,
                media_time: 2112,
            },
        ];
        // 2.001 s at 44.1 kHz is 88 244.1 frames.
        assert_eq!(
            Trim::edit_list(&edits, 44_100, 1000),
            Some(Trim {
                skip: 2112,
                keep: Some(88_244)
            })
        );
    }

    #[test]
    fn an_edit_list_that_changes_nothing_is_no_trim() {
        let whole = [Edit {
            duration: 0,
            media_time: 0,
        }];
        assert_eq!(Trim::edit_list(&whole, 48_000, 600), None);
        assert_eq!(Trim::edit_list(&[], 48_000, 600), None);
        let empty_only = [Edit {
            duration: 100,
            media_time: -1,
        }];
        assert_eq!(Trim::edit_list(&empty_only, 48_000, 600), None);
    }

    #[test]
    fn the_itunes_note_gives_priming_and_length() {
        // Apple's AAC encoder: 2112 frames of priming, 0x1CA of padding, 0x3F31F6 frames.
        let note = " 00000000 00000840 000001CA 00000000003F31F6 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000";
        let trim = Trim::itunes(note).unwrap();
        assert_eq!(
            trim,
            Trim {
                skip: 2112,
                keep: Some(0x3F_31F6)
            }
        );
        assert_eq!(Trim::itunes("not hex at all"), None);
        assert_eq!(Trim::itunes(" 00000000 00000000 00000000"), None);
    }

    #[test]
    fn opus_drops_its_pre_skip_and_the_granule_count_includes_it() {
        let trim = Trim::opus(312);
        // The last granule position, 312 + 44 100, is what the demuxer counts.
        assert_eq!(trim.length(312 + 44_100), 44_100);
        assert_eq!(trim.length(100), 0, "a stream shorter than its pre-skip");
    }

    #[test]
    fn the_cutter_keeps_exactly_the_recording_across_packets() {
        let trim = Trim {
            skip: 1024,
            keep: Some(2500),
        };
        let mut cut = trim.cutter();
        // The priming fills the first packet exactly; the end falls inside the fourth.
        assert!(cut.next(1024).is_empty());
        assert_eq!(cut.next(1024), 0..1024);
        assert_eq!(cut.next(1024), 0..1024);
        assert!(!cut.done());
        assert_eq!(cut.next(1024), 0..452);
        assert!(cut.done());
        assert!(cut.next(1024).is_empty());
        // A skip that ends inside a packet.
        let mut cut = Trim::opus(312).cutter();
        assert_eq!(cut.next(960), 312..960);
        assert_eq!(cut.next(960), 0..960);
        // The kept ranges add up to the probed length.
        let mut cut = trim.cutter();
        let kept: usize = (0..10).map(|_| cut.next(700).len()).sum();
        assert_eq!(kept as u64, trim.length(7000));
    }

    #[test]
    fn no_trim_keeps_everything() {
        let mut cut = Trim::default().cutter();
        assert_eq!(cut.next(5), 0..5);
        assert!(!cut.done());
        assert_eq!(Trim::default().length(77), 77);
    }
}
