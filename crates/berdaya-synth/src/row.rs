//! A CSV record kept already encoded (fields quoted where needed, joined by commas) plus
//! field ends: writing it is one copy, and a copy with one field replaced (how planted
//! duplicates and errors are made) re-encodes only that field.

use std::borrow::Cow;

use crate::csvout::Line;

#[derive(Debug, Clone)]
pub struct Row {
    data: Vec<u8>,
    ends: [u32; MAX_FIELDS],
    n: usize,
    open: Option<usize>,
}

/// Most fields a row can hold.
pub const MAX_FIELDS: usize = 24;

/// Branch-free so that it vectorises: fields are short and mostly need no quotes.
#[inline]
fn needs_quotes(s: &[u8]) -> bool {
    s.iter().fold(false, |acc, &b| {
        acc | (b == b',') | (b == b'"') | (b == b'\n') | (b == b'\r')
    })
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

impl Default for Row {
    fn default() -> Self {
        Self::new()
    }
}

impl Row {
    pub fn new() -> Self {
        Row {
            data: Vec::with_capacity(320),
            ends: [0; MAX_FIELDS],
            n: 0,
            open: None,
        }
    }

    pub fn len(&self) -> usize {
        self.n
    }

    /// Keep only the first `fields` fields (to append other fields to the same start).
    pub fn truncate(&mut self, fields: usize) {
        if fields < self.n {
            self.n = fields;
            self.data.truncate(if fields == 0 {
                0
            } else {
                self.ends[fields - 1] as usize
            });
        }
        self.open = None;
    }

    #[inline]
    fn close(&mut self) {
        self.ends[self.n] = self.data.len() as u32;
        self.n += 1;
    }

    #[inline]
    fn start_field(&mut self) -> usize {
        if self.n > 0 {
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
        let field = &self.data[start..];
        if needs_quotes(field) {
            if field.contains(&b'"') {
                let raw = self.data.split_off(start);
                quote_into(&mut self.data, &raw);
            } else {
                self.data.insert(start, b'"');
                self.data.push(b'"');
            }
        }
        self.close();
    }

    /// Close a field the caller knows needs no quotes (digits, codes, dates, e-mail).
    #[inline]
    pub fn end_plain(&mut self) {
        let start = match self.open.take() {
            Some(s) => s,
            None => self.start_field(),
        };
        debug_assert!(!needs_quotes(&self.data[start..]));
        self.close();
    }

    /// A field known to need no quotes.
    #[inline]
    pub fn push_plain(&mut self, bytes: &[u8]) {
        self.buf().extend_from_slice(bytes);
        self.end_plain();
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
        self.end_plain();
    }

    /// Field `i` as encoded (with quotes if it needed them).
    fn encoded(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] as usize + 1
        };
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
        let mut r = Row::new();
        for j in 0..self.n {
            if j == i {
                r.push(value);
            } else {
                r.start_field();
                r.data.extend_from_slice(self.encoded(j));
                r.close();
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
        let mut r = Row::new();
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
        let mut t = s.clone();
        t.truncate(1);
        t.push_num(7);
        assert_eq!(&*t.get(1), b"7");
        assert_eq!(t.len(), 2);
    }
}
