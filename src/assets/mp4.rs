//! An M4A's encoder delay, which symphonia's MP4 reader parses but does not apply: the sound
//! track's edit list (`elst`: what ffmpeg and Apple's AVFoundation write) or else iTunes'
//! gapless note (`iTunSMPB`), both in the `moov` box. Only these few boxes are read.

use std::io::{Read, Seek, SeekFrom};

use super::gapless::{Edit, Trim};

/// A `moov` larger than this (an index of many hours) is not read for its delay.
const MAX_MOOV: u64 = 64 << 20;

/// What a file is, as MP4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mp4 {
    Not,
    /// An MP4 file without its index (`moov`): a recording never finished, or cut short.
    NoIndex,
    /// An MP4 file whose audio (`mdat`) or index runs past the end of the file: cut short.
    CutShort,
    /// An MP4 file, and the trim its index asks for.
    Indexed(Option<Trim>),
}

/// Reads what `source` is as MP4, and the trim its `moov` asks for; leaves `source` at its
/// start.
pub fn inspect(source: &mut (impl Read + Seek + ?Sized)) -> std::io::Result<Mp4> {
    source.seek(SeekFrom::Start(0))?;
    let mut head = [0u8; 8];
    let found = if read_full(source, &mut head)? == 8 && is_mp4(&head) {
        let (moov, cut) = scan(source)?;
        match moov {
            Moov::Missing => Mp4::NoIndex,
            _ if cut => Mp4::CutShort,
            Moov::Found(moov) => Mp4::Indexed(trim_of_moov(&moov)),
            Moov::TooLarge => Mp4::Indexed(None),
        }
    } else {
        Mp4::Not
    };
    source.seek(SeekFrom::Start(0))?;
    Ok(found)
}

/// Whether `head`, a file's first bytes, starts an MP4 file.
fn is_mp4(head: &[u8]) -> bool {
    head.get(4..8) == Some(b"ftyp")
}

enum Moov {
    Found(Vec<u8>),
    TooLarge,
    Missing,
}

/// Walks the top-level boxes: the `moov`'s body, and whether a box runs past the file's end.
fn scan(source: &mut (impl Read + Seek + ?Sized)) -> std::io::Result<(Moov, bool)> {
    let end = source.seek(SeekFrom::End(0))?;
    let mut at = 0u64;
    let mut moov = Moov::Missing;
    while at < end {
        source.seek(SeekFrom::Start(at))?;
        let mut head = [0u8; 8];
        if read_full(source, &mut head)? < 8 {
            return Ok((moov, true));
        }
        let mut size = u64::from(u32::from_be_bytes(head[..4].try_into().unwrap()));
        let mut header = 8;
        if size == 1 {
            let mut large = [0u8; 8];
            if read_full(source, &mut large)? < 8 {
                return Ok((moov, true));
            }
            size = u64::from_be_bytes(large);
            header = 16;
        }
        if size == 0 {
            // The last box, to the end of the file.
            size = end - at;
        }
        if size < header {
            // Not a box: symphonia says what is wrong.
            return Ok((moov, false));
        }
        // Only the audio or the index running past the end is a cut: bytes a tool appended
        // after a whole file are not.
        let overruns = at.saturating_add(size) > end;
        let cut = overruns && matches!(&head[4..8], b"mdat" | b"moov");
        if overruns && !cut {
            return Ok((moov, false));
        }
        if &head[4..8] == b"moov" {
            let body = size - header;
            moov = if body > MAX_MOOV {
                Moov::TooLarge
            } else {
                let mut bytes = vec![];
                source.take(body).read_to_end(&mut bytes)?;
                Moov::Found(bytes)
            };
        }
        if cut {
            return Ok((moov, true));
        }
        at += size;
    }
    Ok((moov, false))
}

fn read_full(source: &mut (impl Read + ?Sized), buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match source.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The children of a box's body: (kind, body) pairs, stopping at the first malformed one.
fn boxes(mut data: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    std::iter::from_fn(move || {
        let size = u32::from_be_bytes(data.get(..4)?.try_into().ok()?) as usize;
        let kind = data.get(4..8)?;
        let (header, size) = match size {
            0 => (8, data.len()),
            1 => (
                16,
                usize::try_from(u64::from_be_bytes(data.get(8..16)?.try_into().ok()?)).ok()?,
            ),
            n => (8, n),
        };
        let body = data.get(header..size)?;
        data = &data[size..];
        Some((kind, body))
    })
}

fn child<'a>(data: &'a [u8], kind: &[u8]) -> Option<&'a [u8]> {
    boxes(data).find(|(k, _)| *k == kind).map(|(_, b)| b)
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(data.get(at..at + 8)?.try_into().ok()?))
}

/// The timescale of an `mvhd` or `mdhd` body (the same layout up to it).
fn timescale(header: &[u8]) -> Option<u32> {
    match header.first()? {
        0 => u32_at(header, 12),
        1 => u32_at(header, 20),
        _ => None,
    }
}

fn edits(elst: &[u8]) -> Option<Vec<Edit>> {
    let version = *elst.first()?;
    let count = u32_at(elst, 4)? as usize;
    let width = if version == 1 { 20 } else { 12 };
    (0..count.min(elst.len() / width))
        .map(|i| {
            let at = 8 + i * width;
            Some(if version == 1 {
                Edit {
                    duration: u64_at(elst, at)?,
                    media_time: u64_at(elst, at + 8)? as i64,
                }
            } else {
                Edit {
                    duration: u64::from(u32_at(elst, at)?),
                    media_time: i64::from(u32_at(elst, at + 4)? as i32),
                }
            })
        })
        .collect()
}

/// The first sound track's (handler `soun`) media timescale and edit list.
fn sound_track(moov: &[u8]) -> Option<(u32, Vec<Edit>, &[u8])> {
    boxes(moov)
        .filter(|(k, _)| *k == b"trak")
        .find_map(|(_, trak)| {
            let mdia = child(trak, b"mdia")?;
            let hdlr = child(mdia, b"hdlr")?;
            if hdlr.get(8..12)? != b"soun" {
                return None;
            }
            let scale = timescale(child(mdia, b"mdhd")?)?;
            let list = child(trak, b"edts")
                .and_then(|e| child(e, b"elst"))
                .and_then(edits)
                .unwrap_or_default();
            Some((scale, list, trak))
        })
}

/// iTunes' gapless note in `udta/meta/ilst/----` (name `iTunSMPB`).
fn itunes_note(udta: &[u8]) -> Option<String> {
    let meta = child(udta, b"meta")?;
    // ISO's `meta` is a full box (4 bytes of version and flags); QuickTime's is not.
    let meta = if meta.get(4..8) == Some(b"hdlr") {
        meta
    } else {
        meta.get(4..)?
    };
    boxes(child(meta, b"ilst")?)
        .filter(|(k, _)| *k == b"----")
        .find_map(|(_, tag)| {
            let name = child(tag, b"name")?.get(4..)?;
            if name != b"iTunSMPB" {
                return None;
            }
            let value = child(tag, b"data")?.get(8..)?;
            Some(String::from_utf8_lossy(value).into_owned())
        })
}

fn trim_of_moov(moov: &[u8]) -> Option<Trim> {
    let movie_scale = timescale(child(moov, b"mvhd")?)?;
    let (media_scale, edits, trak) = sound_track(moov)?;
    Trim::edit_list(&edits, media_scale, movie_scale).or_else(|| {
        // In the movie's or the track's user data; a file may hold more than one.
        boxes(moov)
            .chain(boxes(trak))
            .filter(|(k, _)| *k == b"udta")
            .find_map(|(_, udta)| itunes_note(udta))
            .and_then(|note| Trim::itunes(&note))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn mp4_box(kind: &[u8; 4], parts: &[&[u8]]) -> Vec<u8> {
        let body: Vec<u8> = parts.concat();
        let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend(body);
        b
    }

    fn mvhd(scale: u32) -> Vec<u8> {
        let mut body = vec![0u8; 12];
        body.extend(scale.to_be_bytes());
        body.extend([0u8; 84]);
        mp4_box(b"mvhd", &[&body])
    }

    fn trak(handler: &[u8; 4], scale: u32, elst: Option<Vec<u8>>, udta: &[u8]) -> Vec<u8> {
        let mut mdhd = vec![0u8; 12];
        mdhd.extend(scale.to_be_bytes());
        mdhd.extend([0u8; 8]);
        let mut hdlr = vec![0u8; 8];
        hdlr.extend(handler);
        hdlr.extend([0u8; 13]);
        let mdia = mp4_box(
            b"mdia",
            &[&mp4_box(b"mdhd", &[&mdhd]), &mp4_box(b"hdlr", &[&hdlr])],
        );
        let edts = elst.map(|e| mp4_box(b"edts", &[&mp4_box(b"elst", &[&e])]));
        mp4_box(b"trak", &[&edts.unwrap_or_default(), &mdia, udta])
    }

    fn elst_v0(entries: &[(u32, i32)]) -> Vec<u8> {
        let mut e = vec![0u8; 4];
        e.extend((entries.len() as u32).to_be_bytes());
        for (d, t) in entries {
            e.extend(d.to_be_bytes());
            e.extend(t.to_be_bytes());
            e.extend([0, 1, 0, 0]);
        }
        e
    }

    fn smpb_udta(note: &str) -> Vec<u8> {
        let mean = mp4_box(b"mean", &[&[0; 4], b"com.apple.iTunes"]);
        let name = mp4_box(b"name", &[&[0; 4], b"iTunSMPB"]);
        let data = mp4_box(b"data", &[&[0, 0, 0, 1, 0, 0, 0, 0], note.as_bytes()]);
        let tag = mp4_box(b"----", &[&mean, &name, &data]);
        let ilst = mp4_box(b"ilst", &[&tag]);
        let hdlr = mp4_box(b"hdlr", &[&[0u8; 8], b"mdir", &[0u8; 13]]);
        mp4_box(b"udta", &[&mp4_box(b"meta", &[&[0; 4], &hdlr, &ilst])])
    }

    fn file(moov: &[&[u8]]) -> Vec<u8> {
        let ftyp = mp4_box(b"ftyp", &[b"M4A ", &[0, 0, 2, 0], b"M4A isom"]);
        let mdat = mp4_box(b"mdat", &[&[0x21; 300]]);
        [ftyp, mdat, mp4_box(b"moov", moov)].concat()
    }

    #[test]
    fn the_edit_list_of_the_sound_track_gives_the_trim() {
        let video = trak(b"vide", 90_000, Some(elst_v0(&[(1000, 0)])), &[]);
        let sound = trak(b"soun", 44_100, Some(elst_v0(&[(1000, 1024)])), &[]);
        let bytes = file(&[&mvhd(1000), &video, &sound]);
        assert!(is_mp4(&bytes));
        assert_eq!(
            inspect(&mut Cursor::new(bytes)).unwrap(),
            Mp4::Indexed(Some(Trim {
                skip: 1024,
                keep: Some(44_100)
            }))
        );
    }

    #[test]
    fn without_an_edit_list_the_itunes_note_gives_the_trim() {
        let note = " 00000000 00000840 00000100 0000000000015888";
        let sound = trak(b"soun", 44_100, None, &[]);
        let other = mp4_box(b"udta", &[&mp4_box(b"name", &[b"memo"])]);
        let bytes = file(&[&mvhd(600), &sound, &other, &smpb_udta(note)]);
        assert_eq!(
            inspect(&mut Cursor::new(bytes)).unwrap(),
            Mp4::Indexed(Some(Trim {
                skip: 2112,
                keep: Some(88_200)
            }))
        );
    }

    #[test]
    fn a_file_without_either_has_no_trim_and_one_cut_before_its_index_is_told() {
        let sound = trak(b"soun", 48_000, None, &[]);
        let bytes = file(&[&mvhd(1000), &sound]);
        assert_eq!(
            inspect(&mut Cursor::new(bytes)).unwrap(),
            Mp4::Indexed(None)
        );
        // ffmpeg and phones write the `moov` last: a recording cut short has none.
        let cut = file(&[&mvhd(1000), &sound])[..200].to_vec();
        assert_eq!(inspect(&mut Cursor::new(cut)).unwrap(), Mp4::NoIndex);
        // With the `moov` first (`-movflags +faststart`), a cut leaves the audio short.
        let ftyp = mp4_box(b"ftyp", &[b"M4A ", &[0, 0, 2, 0], b"M4A isom"]);
        let moov = mp4_box(b"moov", &[&mvhd(1000), &sound]);
        let mdat = mp4_box(b"mdat", &[&[0x21; 300]]);
        let whole = [ftyp, moov, mdat].concat();
        let short = whole[..whole.len() - 100].to_vec();
        assert_eq!(inspect(&mut Cursor::new(short)).unwrap(), Mp4::CutShort);
        assert_eq!(
            inspect(&mut Cursor::new(whole)).unwrap(),
            Mp4::Indexed(None)
        );
        let ogg = b"OggS\0\x02\0\0\0\0\0\0".to_vec();
        let mut ogg = Cursor::new(ogg);
        assert_eq!(inspect(&mut ogg).unwrap(), Mp4::Not);
        assert_eq!(ogg.position(), 0);
    }
}
