//! Turning the bytes of a text file into UTF-8 while streaming.
//!
//! Dinas spreadsheets saved as CSV come as UTF-8 (with or without the BOM Excel writes),
//! as Windows-1252 ("CSV (dipisahkan koma)" from an older Excel), or as UTF-16 ("Teks
//! Unicode"). The encoding is chosen from the first block: a BOM decides; otherwise valid
//! UTF-8 means UTF-8, anything else Windows-1252 (which also reads Latin-1). In UTF-8 mode
//! a stray invalid byte further down is read as Windows-1252 rather than failing the import.

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::{Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use serde::{Deserialize, Serialize};

/// The text encoding a CSV was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Choose the encoding from the first bytes. Returns the encoding and the BOM length.
pub fn sniff_encoding(head: &[u8]) -> (TextEncoding, usize) {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return (TextEncoding::Utf8Bom, 3);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return (TextEncoding::Utf16Le, 2);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return (TextEncoding::Utf16Be, 2);
    }
    match std::str::from_utf8(head) {
        Ok(_) => (TextEncoding::Utf8, 0),
        // Cut in the middle of a character at the end of the block: still UTF-8.
        Err(e) if e.error_len().is_none() => (TextEncoding::Utf8, 0),
        Err(_) => (TextEncoding::Windows1252, 0),
    }
}

enum Mode {
    /// UTF-8, invalid sequences read as Windows-1252.
    Utf8Lenient,
    Decoder(Decoder),
}

/// A `Read` that yields UTF-8 from bytes in another (or the same) encoding.
pub struct DecodingReader<R> {
    inner: R,
    mode: Mode,
    encoding: TextEncoding,
    raw: Vec<u8>,
    raw_start: usize,
    out: Vec<u8>,
    out_pos: usize,
    eof: bool,
    consumed: Arc<AtomicU64>,
    replaced: u64,
    final_newline: bool,
    last_byte: Option<u8>,
    skip_lf: bool,
}

const BLOCK: usize = 64 * 1024;

impl<R: Read> DecodingReader<R> {
    /// Read the first block, decide the encoding (unless `forced`) and skip the BOM.
    pub fn new(mut inner: R, forced: Option<TextEncoding>) -> io::Result<Self> {
        let mut raw = vec![0u8; BLOCK];
        let mut filled = 0;
        while filled < BLOCK {
            let n = inner.read(&mut raw[filled..])?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        raw.truncate(filled);
        let (sniffed, bom) = sniff_encoding(&raw);
        let encoding = forced.unwrap_or(sniffed);
        let skip = if forced.is_none() || forced == Some(sniffed) {
            bom
        } else {
            0
        };
        let mode = match encoding {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => Mode::Utf8Lenient,
            TextEncoding::Utf16Le => Mode::Decoder(UTF_16LE.new_decoder_without_bom_handling()),
            TextEncoding::Utf16Be => Mode::Decoder(UTF_16BE.new_decoder_without_bom_handling()),
            TextEncoding::Windows1252 => {
                Mode::Decoder(WINDOWS_1252.new_decoder_without_bom_handling())
            }
        };
        let consumed = Arc::new(AtomicU64::new(skip as u64));
        Ok(DecodingReader {
            inner,
            mode,
            encoding,
            raw,
            raw_start: skip,
            out: Vec::with_capacity(BLOCK * 2),
            out_pos: 0,
            eof: filled < BLOCK,
            consumed,
            replaced: 0,
            final_newline: false,
            last_byte: None,
            skip_lf: false,
        })
    }

    /// Line endings for a CSV parser: CRLF and lone CR become LF, and the text ends with
    /// a newline even if the file does not (so every record is terminated, which keeps
    /// line numbers exact).
    pub fn unix_line_endings(&mut self) {
        self.final_newline = true;
    }

    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// Raw bytes consumed so far (for a progress bar), shared with the caller.
    pub fn consumed_counter(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.consumed)
    }

    /// Bytes in UTF-8 mode that were not valid UTF-8 and were read as Windows-1252.
    pub fn replaced(&self) -> u64 {
        self.replaced
    }

    fn refill_raw(&mut self) -> io::Result<()> {
        if self.raw_start > 0 {
            self.raw.drain(..self.raw_start);
            self.raw_start = 0;
        }
        let old = self.raw.len();
        self.raw.resize(old + BLOCK, 0);
        let n = loop {
            match self.inner.read(&mut self.raw[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.raw.truncate(old);
                    return Err(e);
                }
            }
        };
        self.raw.truncate(old + n);
        if n == 0 {
            self.eof = true;
        }
        Ok(())
    }

    /// Decode what is in `raw` into `out`.
    fn decode_block(&mut self) {
        self.out.clear();
        self.out_pos = 0;
        let input = &self.raw[self.raw_start..];
        let used = match &mut self.mode {
            Mode::Utf8Lenient => {
                decode_utf8_lenient(input, self.eof, &mut self.out, &mut self.replaced)
            }
            Mode::Decoder(decoder) => {
                let cap = decoder
                    .max_utf8_buffer_length(input.len())
                    .unwrap_or(input.len() * 3 + 16);
                let mut buf = String::with_capacity(cap);
                let (_, read, _) = decoder.decode_to_string(input, &mut buf, self.eof);
                self.out.extend_from_slice(buf.as_bytes());
                read
            }
        };
        self.raw_start += used;
        self.consumed.fetch_add(used as u64, Ordering::Relaxed);
        if self.final_newline {
            self.normalize_line_endings();
        }
    }

    fn normalize_line_endings(&mut self) {
        if self.skip_lf && self.out.first() == Some(&b'\n') {
            self.out.remove(0);
        }
        if self.out.is_empty() {
            return;
        }
        self.skip_lf = false;
        if !self.out.contains(&b'\r') {
            return;
        }
        let mut fixed = Vec::with_capacity(self.out.len());
        let mut i = 0;
        while i < self.out.len() {
            let b = self.out[i];
            if b == b'\r' {
                fixed.push(b'\n');
                if self.out.get(i + 1) == Some(&b'\n') {
                    i += 1;
                } else if i + 1 == self.out.len() {
                    self.skip_lf = true;
                }
            } else {
                fixed.push(b);
            }
            i += 1;
        }
        self.out = fixed;
    }
}

impl<R> DecodingReader<R> {
    /// At the end: one "\n" if asked for and missing, then nothing.
    fn final_byte(&mut self, buf: &mut [u8]) -> usize {
        match self.last_byte {
            Some(b) if self.final_newline && b != b'\n' && !buf.is_empty() => {
                buf[0] = b'\n';
                self.last_byte = Some(b'\n');
                1
            }
            _ => 0,
        }
    }
}

/// Copy valid UTF-8 through; read each invalid byte as Windows-1252. An incomplete
/// sequence at the end of the input is left for the next block unless `last`.
fn decode_utf8_lenient(
    mut input: &[u8],
    last: bool,
    out: &mut Vec<u8>,
    replaced: &mut u64,
) -> usize {
    let total = input.len();
    loop {
        match std::str::from_utf8(input) {
            Ok(s) => {
                out.extend_from_slice(s.as_bytes());
                return total;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                out.extend_from_slice(&input[..valid]);
                let bad_len = match e.error_len() {
                    Some(n) => n,
                    None if last => input.len() - valid,
                    None => return total - (input.len() - valid),
                };
                let bad = &input[valid..valid + bad_len];
                let (text, _) = WINDOWS_1252.decode_without_bom_handling(bad);
                out.extend_from_slice(text.as_bytes());
                *replaced += bad_len as u64;
                input = &input[valid + bad_len..];
            }
        }
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_pos < self.out.len() {
                let n = buf.len().min(self.out.len() - self.out_pos);
                buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
                self.out_pos += n;
                if n > 0 {
                    self.last_byte = Some(buf[n - 1]);
                }
                return Ok(n);
            }
            if self.raw_start >= self.raw.len() && self.eof {
                return Ok(self.final_byte(buf));
            }
            if !self.eof && self.raw.len() - self.raw_start < BLOCK / 2 {
                self.refill_raw()?;
            }
            self.decode_block();
            if self.out.is_empty() && !self.eof && self.raw.len() - self.raw_start >= BLOCK / 2 {
                // A pathological block that decoded to nothing: read more before retrying.
                self.refill_raw()?;
            }
            if self.out.is_empty() && self.eof && self.raw_start >= self.raw.len() {
                return Ok(self.final_byte(buf));
            }
        }
    }
}

/// The encoding_rs encoding of a `TextEncoding` (for writers that need it).
pub fn encoding_rs_of(enc: TextEncoding) -> &'static Encoding {
    match enc {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => UTF_8,
        TextEncoding::Utf16Le => UTF_16LE,
        TextEncoding::Utf16Be => UTF_16BE,
        TextEncoding::Windows1252 => WINDOWS_1252,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> (String, TextEncoding) {
        let mut r = DecodingReader::new(bytes, None).expect("open");
        let mut s = String::new();
        r.read_to_string(&mut s).expect("read");
        (s, r.encoding())
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode_all(b"\xEF\xBB\xBFNama;Kec\xC3\xA9"),
            ("Nama;Kecé".into(), TextEncoding::Utf8Bom)
        );
        assert_eq!(
            decode_all("Nama;Kecé".as_bytes()),
            ("Nama;Kecé".into(), TextEncoding::Utf8)
        );
    }

    #[test]
    fn windows_1252_fallback() {
        // "Café – 1.500" in Windows-1252 (é = E9, en dash = 96).
        let (s, e) = decode_all(b"Caf\xE9 \x96 1.500");
        assert_eq!(e, TextEncoding::Windows1252);
        assert_eq!(s, "Café – 1.500");
    }

    #[test]
    fn utf16le_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "No\tNama".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode_all(&bytes),
            ("No\tNama".into(), TextEncoding::Utf16Le)
        );
    }

    #[test]
    fn stray_byte_after_first_block_is_read_as_1252() {
        let mut bytes = vec![b'a'; BLOCK + 10];
        bytes.push(0xE9);
        bytes.extend_from_slice("ü".as_bytes());
        let (s, e) = decode_all(&bytes);
        assert_eq!(e, TextEncoding::Utf8);
        assert!(s.ends_with("éü"), "{}", &s[s.len() - 8..]);
    }

    #[test]
    fn multibyte_character_across_block_boundary() {
        let mut bytes = vec![b'x'; BLOCK - 1];
        bytes.extend_from_slice("é".as_bytes());
        bytes.extend_from_slice(&vec![b'y'; BLOCK * 2]);
        let (s, e) = decode_all(&bytes);
        assert_eq!(e, TextEncoding::Utf8);
        assert_eq!(s.chars().filter(|c| *c == 'é').count(), 1);
        assert_eq!(s.len(), bytes.len());
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_bytes_decode_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut r = DecodingReader::new(bytes.as_slice(), None).expect("open");
            r.unix_line_endings();
            let mut s = String::new();
            prop_assert!(r.read_to_string(&mut s).is_ok());
        }

        #[test]
        fn utf8_text_round_trips(text in "\\PC{0,200}") {
            let mut r = DecodingReader::new(text.as_bytes(), None).expect("open");
            let mut s = String::new();
            r.read_to_string(&mut s).expect("read");
            prop_assert_eq!(s, text.trim_start_matches('\u{feff}'));
        }
    }
}
