//! A minimal, fast CSV line writer: fields are appended to a reused byte buffer and quoted
//! only when they contain a comma, a quote or a line break (RFC 4180).

use std::io::Write;

/// Appends the decimal digits of `v`.
#[inline]
pub fn push_num(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends `v` zero-padded to `width` digits.
#[inline]
pub fn push_pad(out: &mut Vec<u8>, v: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    let mut x = v;
    while x > 0 {
        i -= 1;
        buf[i] = b'0' + (x % 10) as u8;
        x /= 10;
    }
    let start = (buf.len() - width.min(20)).min(i);
    out.extend_from_slice(&buf[start..]);
}

/// A CSV record being built: call [`Line::field`] (or the raw variants) per column, then
/// [`Line::finish`] to write it out.
pub struct Line {
    pub buf: Vec<u8>,
    fields: usize,
}

impl Default for Line {
    fn default() -> Self {
        Self::new()
    }
}

impl Line {
    pub fn new() -> Self {
        Line {
            buf: Vec::with_capacity(1 << 16),
            fields: 0,
        }
    }

    #[inline]
    fn sep(&mut self) {
        if self.fields > 0 {
            self.buf.push(b',');
        }
        self.fields += 1;
    }

    /// A text field, quoted if needed.
    #[inline]
    pub fn field(&mut self, s: &[u8]) {
        self.sep();
        if s.iter().any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
            self.buf.push(b'"');
            for &b in s {
                if b == b'"' {
                    self.buf.push(b'"');
                }
                self.buf.push(b);
            }
            self.buf.push(b'"');
        } else {
            self.buf.extend_from_slice(s);
        }
    }

    #[inline]
    pub fn str(&mut self, s: &str) {
        self.field(s.as_bytes());
    }

    /// A number field.
    #[inline]
    pub fn num(&mut self, v: u64) {
        self.sep();
        push_num(&mut self.buf, v);
    }

    /// Start a field and return the buffer to append its raw bytes (caller guarantees
    /// no comma, quote or newline).
    #[inline]
    pub fn raw(&mut self) -> &mut Vec<u8> {
        self.sep();
        &mut self.buf
    }

    /// End the record. Every 64 KiB the buffer is flushed to `out`.
    #[inline]
    pub fn finish(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        self.buf.push(b'\n');
        self.fields = 0;
        if self.buf.len() >= 1 << 16 {
            out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Write whatever is buffered.
    pub fn flush(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(&self.buf)?;
        self.buf.clear();
        out.flush()
    }

    /// A header line.
    pub fn header(&mut self, names: &[&str], out: &mut dyn Write) -> std::io::Result<()> {
        for n in names {
            self.str(n);
        }
        self.finish(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        let mut l = Line::new();
        let mut out = Vec::new();
        l.str("Ahmad, S.Pd");
        l.str("plain");
        l.str("say \"hi\"");
        l.num(120);
        l.finish(&mut out).expect("vec");
        l.flush(&mut out).expect("vec");
        assert_eq!(out, b"\"Ahmad, S.Pd\",plain,\"say \"\"hi\"\"\",120\n");
        let mut v = Vec::new();
        push_pad(&mut v, 7, 3);
        push_pad(&mut v, 1234, 2);
        push_num(&mut v, 0);
        assert_eq!(v, b"00712340");
    }
}
