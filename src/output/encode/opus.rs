//! Opus in Ogg (RFC 7845): the identification header with the encoder's lookahead as its
//! pre-skip, the comment header with the tags, then 20 ms packets, a page each second. The
//! last page's granule position ends the stream exactly at the render's last frame, so a
//! decoder gives back as many frames as the WAV has.

use std::fs::File;
use std::io::Write;

use ogg::writing::{PacketWriteEndInfo, PacketWriter};
use opus::{Application, Bitrate, Channels, Encoder};

use super::{Error, Tags, comments};
use crate::mix::Frames;
use crate::timeline::RATE;

/// Frames in one packet: 20 ms at 48 kHz.
const PACKET: usize = 960;
/// Packets on one page: a second of sound.
const PAGE_PACKETS: u64 = 50;
/// The logical stream's serial number: fixed, so renders stay byte-identical.
pub(super) const SERIAL: u32 = 0x5354_4C31;
/// Room for one packet: libopus packets are at most 1275 bytes per frame.
const MAX_PACKET: usize = 4000;

pub(super) fn write(
    renderer: &mut dyn Frames,
    file: &mut File,
    bitrate: u32,
    tags: &Tags,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<u64, Error> {
    let total = renderer.end() - renderer.position();
    let mut enc = Encoder::new(RATE, Channels::Stereo, Application::Audio)?;
    enc.set_bitrate(Bitrate::Bits(bitrate as i32))?;
    enc.set_vbr(true)?;
    let pre_skip = enc.get_lookahead()? as u64;
    let mut ogg = PacketWriter::new(&mut *file);
    ogg.write_packet(
        head(pre_skip as u16),
        SERIAL,
        PacketWriteEndInfo::EndPage,
        0,
    )?;
    ogg.write_packet(opus_tags(tags), SERIAL, PacketWriteEndInfo::EndPage, 0)?;

    let mut stream = Stream {
        enc,
        ogg,
        pending: Vec::with_capacity(PACKET * 2),
        held: None,
        encoded: 0,
        packets: 0,
        out: vec![0u8; MAX_PACKET],
    };
    let done = super::wav::pipeline(renderer, progress, |samples: &[f32]| stream.push(samples))?;
    if done < total {
        return Ok(done);
    }
    // The encoder's lookahead delays its output by `pre_skip`: feed silence until every
    // rendered frame has come out, then end the stream at the render's last frame.
    while stream.encoded < pre_skip + total {
        let need = PACKET * 2 - stream.pending.len();
        stream.push(&vec![0.0; need])?;
    }
    if let Some((packet, _)) = stream.held.take() {
        stream.ogg.write_packet(
            packet,
            SERIAL,
            PacketWriteEndInfo::EndStream,
            pre_skip + total,
        )?;
    }
    drop(stream);
    file.flush()?;
    Ok(done)
}

struct Stream<'a> {
    enc: Encoder,
    ogg: PacketWriter<'a, &'a mut File>,
    /// Samples short of a whole packet, carried to the next block.
    pending: Vec<f32>,
    /// The last packet made, written when the next one shows it is not the last.
    held: Option<(Vec<u8>, u64)>,
    /// Frames encoded so far (the lookahead included).
    encoded: u64,
    packets: u64,
    out: Vec<u8>,
}

impl Stream<'_> {
    fn push(&mut self, mut samples: &[f32]) -> Result<(), Error> {
        if !self.pending.is_empty() {
            let take = (PACKET * 2 - self.pending.len()).min(samples.len());
            self.pending.extend_from_slice(&samples[..take]);
            samples = &samples[take..];
            if self.pending.len() < PACKET * 2 {
                return Ok(());
            }
            let packet = std::mem::take(&mut self.pending);
            self.packet(&packet)?;
            self.pending = packet;
            self.pending.clear();
        }
        let mut chunks = samples.chunks_exact(PACKET * 2);
        for chunk in chunks.by_ref() {
            self.packet(chunk)?;
        }
        self.pending.extend_from_slice(chunks.remainder());
        Ok(())
    }

    fn packet(&mut self, samples: &[f32]) -> Result<(), Error> {
        let n = self.enc.encode_float(samples, &mut self.out)?;
        self.encoded += PACKET as u64;
        if let Some((packet, granule)) = self.held.take() {
            self.packets += 1;
            let end = if self.packets.is_multiple_of(PAGE_PACKETS) {
                PacketWriteEndInfo::EndPage
            } else {
                PacketWriteEndInfo::NormalPacket
            };
            self.ogg.write_packet(packet, SERIAL, end, granule)?;
        }
        self.held = Some((self.out[..n].to_vec(), self.encoded));
        Ok(())
    }
}

/// The identification header (RFC 7845 §5.1): stereo, 48 kHz, no gain, mapping family 0.
fn head(pre_skip: u16) -> Vec<u8> {
    let mut h = b"OpusHead".to_vec();
    h.push(1);
    h.push(2);
    h.extend(pre_skip.to_le_bytes());
    h.extend(RATE.to_le_bytes());
    h.extend(0i16.to_le_bytes());
    h.push(0);
    h
}

/// The comment header (RFC 7845 §5.2).
fn opus_tags(tags: &Tags) -> Vec<u8> {
    let mut h = b"OpusTags".to_vec();
    h.extend(comments::block(&comments::vendor(), tags));
    h
}
