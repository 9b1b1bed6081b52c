//! A CSV record kept already encoded (fields quoted where needed, joined by commas) plus
//! field ends: writing it is one copy, and a copy with one field replaced (how planted
//! duplicates and errors are made) re-encodes only that field.

use std::borrow::Cow;

use crate::csvout::Line;

#[derive(Debug, Clone)]
pub struct Row {
    data: Vec<u8>,
    ends: Vec<u32>,
    open: Option<usize>,
}

#[inline]
fn needs_quotes(s: &[u8]) -> bool {
    s.iter().any(|&b| b <= b',' && matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

fn quote_into(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &b in s {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

impl Row {
    pub fn with_capacity(fields: usize) -> Self {
        Row { data: Vec::with_capacity(320), ends: Vec::with_capacity(fields), open: None }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    #[inline]
    fn start_field(&mut self) -> usize {
        if !self.ends.is_empty() {
            self.data.push(b',');
        }
        self.data.len()
    }

    /// The buffer to append the current field's raw bytes to; close it with [`Row::end`].
    #[inline]
    pub fn buf(&mut self) -> &mut Vec<u8> {
        if self.open.is_none() {
            self.open = Some(self.start_field());
        }
        &mut self.data
    }

    /// Close the current field (an empty one if nothing was appended), quoting if needed.
    #[inline]
    pub fn end(&mut self) {
        let start = match self.open.take() {
            Some(s) => s,
            None => self.start_field(),
        };
        if needs_quotes(&self.data[start..]) {
            let raw = self.data.split_off(start);
            quote_into(&mut self.data, &raw);
        }
        self.ends.push(self.data.len() as u32);
    }

    #[inline]
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf().extend_from_slice(bytes);
        self.end();
    }

    #[inline]
    pub fn push_str(&mut self, s: &str) {
        self.push(s.as_bytes());
    }

    #[inline]
    pub fn push_num(&mut self, v: u64) {
        crate::csvout::push_num(self.buf(), v);
        self.end();
    }

    /// Field `i` as encoded (with quotes if it needed them).
    fn encoded(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize + 1 };
        &self.data[start..self.ends[i] as usize]
    }

    /// Field `i` as written (quotes removed).
    pub fn get(&self, i: usize) -> Cow<'_, [u8]> {
        let e = self.encoded(i);
        match e.strip_prefix(b"\"").and_then(|s| s.strip_suffix(b"\"")) {
            Some(inner) if inner.contains(&b'"') => {
                let mut v = Vec::with_capacity(inner.len());
                let mut prev_quote = false;
                for &b in inner {
                    if b == b'"' && prev_quote {
                        prev_quote = false;
                        continue;
                    }
                    prev_quote = b == b'"';
                    v.push(b);
                }
                Cow::Owned(v)
            }
            Some(inner) => Cow::Borrowed(inner),
            None => Cow::Borrowed(e),
        }
    }

    pub fn get_str(&self, i: usize) -> String {
        String::from_utf8_lossy(&self.get(i)).into_owned()
    }

    /// A copy with field `i` replaced.
    pub fn with(&self, i: usize, value: &[u8]) -> Row {
        let mut r = Row::with_capacity(self.ends.len());
        for j in 0..self.ends.len() {
            if j == i {
                r.push(value);
            } else {
                let start = r.start_field();
                r.data.extend_from_slice(self.encoded(j));
                debug_assert!(start <= r.data.len());
                r.ends.push(r.data.len() as u32);
            }
        }
        r
    }

    /// Append all fields to a CSV line (without finishing it).
    #[inline]
    pub fn write(&self, line: &mut Line) {
        line.raw().extend_from_slice(&self.data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_once_and_replaces_fields() {
        let mut r = Row::with_capacity(4);
        r.push_str("Ahmad, S.Pd");
        r.push_num(42);
        r.end();
        r.buf().extend_from_slice(b"say \"hi\"");
        r.end();
        assert_eq!(r.len(), 4);
        assert_eq!(&*r.get(0), b"Ahmad, S.Pd");
        assert_eq!(&*r.get(2), b"");
        assert_eq!(&*r.get(3), b"say \"hi\"");
        let s = r.with(1, b"1,5 juta");
        let mut line = Line::new();
        let mut out = Vec::new();
        s.write(&mut line);
        line.finish(&mut out).expect("vec");
        line.flush(&mut out).expect("vec");
        assert_eq!(out, b"\"Ahmad, S.Pd\",\"1,5 juta\",,\"say \"\"hi\"\"\"\n");
    }
}
