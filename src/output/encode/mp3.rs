//! MP3 by LAME: an ID3v2.3 tag first (the tags, and the chapters as `CHAP` frames under one
//! `CTOC`), then LAME's frames. LAME's first frame is its Info/Xing tag, which says the
//! encoder's delay and padding so decoders trim them; its contents are known only at the
//! end, so on a regular file it is written over the placeholder then. A stream keeps the
//! placeholder: decoders play the delay and padding (about 60 ms) as silence, and can only
//! estimate the length.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};

use id3::frame::{Chapter, Comment, ExtendedText, TableOfContents};
use id3::{Frame, Tag, TagLike, Version};
use mp3lame_encoder::{Builder, FlushGap, InterleavedPcm, VbrMode};

use super::{Error, Quality, Tags};
use crate::mix::Frames;
use crate::timeline::RATE;

pub(super) fn write(
    renderer: &mut dyn Frames,
    file: &mut File,
    seekable: bool,
    quality: Quality,
    tags: &Tags,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<u64, Error> {
    let total = renderer.end() - renderer.position();
    let lame = |e: mp3lame_encoder::BuildError| format!("LAME refused its settings: {e}");
    let mut b = Builder::new().ok_or("LAME could not start")?;
    b.set_num_channels(2).map_err(lame)?;
    b.set_sample_rate(RATE).map_err(lame)?;
    b.set_output_sample_rate(std::num::NonZeroU32::new(RATE))
        .map_err(lame)?;
    b.set_mode(mp3lame_encoder::Mode::JointStereo)
        .map_err(lame)?;
    b.set_to_write_vbr_tag(true).map_err(lame)?;
    match quality {
        Quality::Vbr(v) => {
            b.set_vbr_mode(VbrMode::Mtrh).map_err(lame)?;
            b.set_vbr_quality(vbr_quality(v)).map_err(lame)?;
        }
        Quality::Bitrate(bits) => {
            b.set_vbr_mode(VbrMode::Off).map_err(lame)?;
            b.set_brate(bitrate(bits / 1000)).map_err(lame)?;
        }
        q => unreachable!("an MP3 quality is a VBR level or a bitrate, not {q:?}"),
    }
    b.set_quality(mp3lame_encoder::Quality::Good)
        .map_err(lame)?;
    let mut enc = b.build().map_err(lame)?;

    let start = file.stream_position().unwrap_or(0);
    let id3 = id3_tag(tags, total);
    file.write_all(&id3)?;
    let mut buf: Vec<u8> = Vec::new();
    let out = &mut *file;
    let done =
        super::super::wav::pipeline(renderer, progress, |samples: &[f32]| -> Result<(), Error> {
            buf.clear();
            buf.reserve(samples.len() * 5 / 8 + 7200);
            enc.encode_to_vec(InterleavedPcm(samples), &mut buf)
                .map_err(|e| format!("LAME: {e}"))?;
            out.write_all(&buf)?;
            Ok(())
        })?;
    if done < total {
        return Ok(done);
    }
    buf.clear();
    buf.reserve(7200);
    enc.flush_to_vec::<FlushGap>(&mut buf)
        .map_err(|e| format!("LAME: {e}"))?;
    file.write_all(&buf)?;
    if seekable {
        let mut info = Vec::with_capacity(enc.lame_tag_size());
        if enc.lame_tag_encode_to_vec(&mut info).is_some() {
            let end = file.stream_position()?;
            file.seek(SeekFrom::Start(start + id3.len() as u64))?;
            file.write_all(&info)?;
            file.seek(SeekFrom::Start(end))?;
        }
    }
    file.flush()?;
    Ok(done)
}

fn vbr_quality(v: u8) -> mp3lame_encoder::Quality {
    use mp3lame_encoder::Quality::*;
    [
        Best,
        SecondBest,
        NearBest,
        VeryNice,
        Nice,
        Good,
        Decent,
        Ok,
        SecondWorst,
        Worst,
    ][usize::from(v.min(9))]
}

fn bitrate(kbps: u32) -> mp3lame_encoder::Bitrate {
    use mp3lame_encoder::Bitrate::*;
    match kbps {
        32 => Kbps32,
        40 => Kbps40,
        48 => Kbps48,
        56 | 64 => Kbps64,
        80 => Kbps80,
        96 => Kbps96,
        112 => Kbps112,
        128 => Kbps128,
        160 => Kbps160,
        192 => Kbps192,
        224 => Kbps224,
        256 => Kbps256,
        _ => Kbps320,
    }
}

/// The ID3v2.3 tag: title, artist, album, the summary as a comment, language, licence and
/// content note as user text, and a chapter per `CHAP` frame listed by a top-level `CTOC`.
fn id3_tag(tags: &Tags, total: u64) -> Vec<u8> {
    let mut t = Tag::new();
    t.set_title(tags.title.clone());
    if let Some(a) = &tags.artist {
        t.set_artist(a.clone());
    }
    t.set_album(tags.album.clone());
    if let Some(c) = &tags.comment {
        t.add_frame(Comment {
            lang: "eng".into(),
            description: String::new(),
            text: c.clone(),
        });
    }
    if let Some(l) = &tags.language {
        t.add_frame(Frame::text("TLAN", l.clone()));
    }
    for (key, value) in [
        ("LICENSE", &tags.license),
        ("CONTENT_NOTE", &tags.content_note),
    ] {
        if let Some(v) = value {
            t.add_frame(ExtendedText {
                description: key.into(),
                value: v.clone(),
            });
        }
    }
    // To the nearest millisecond, as the Vorbis comments have it.
    let ms = |frame: u64| {
        u32::try_from((frame * 1000 + u64::from(RATE) / 2) / u64::from(RATE)).unwrap_or(u32::MAX)
    };
    let mut ids = vec![];
    for (i, (frame, title)) in tags.chapters.iter().enumerate() {
        let end = tags.chapters.get(i + 1).map_or(total, |(f, _)| *f);
        let id = format!("ch{}", i + 1);
        t.add_frame(Chapter {
            element_id: id.clone(),
            start_time: ms(*frame),
            end_time: ms(end),
            start_offset: u32::MAX,
            end_offset: u32::MAX,
            frames: vec![Frame::text("TIT2", title.clone())],
        });
        ids.push(id);
    }
    if !ids.is_empty() {
        t.add_frame(TableOfContents {
            element_id: "toc".into(),
            top_level: true,
            ordered: true,
            elements: ids,
            frames: vec![],
        });
    }
    let mut out = vec![];
    t.write_to(&mut out, Version::Id3v23)
        .expect("an ID3 tag is written to memory");
    out
}
