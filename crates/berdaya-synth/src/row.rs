//! A CSV record held as one byte buffer plus field ends, cheap to clone and to copy with
//! one field replaced (how planted duplicates and errors are made).

use crate::csvout::Line;

#[derive(Debug, Clone)]
pub struct Row {
    data: Vec<u8>,
    ends: Vec<u32>,
}

impl Row {
    pub fn with_capacity(fields: usize) -> Self {
        Row { data: Vec::with_capacity(320), ends: Vec::with_capacity(fields) }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The buffer to append the next field's bytes to; close it with [`Row::end`].
    #[inline]
    pub fn buf(&mut self) -> &mut Vec<u8> {
        &mut self.data
    }

    #[inline]
    pub fn end(&mut self) {
        self.ends.push(self.data.len() as u32);
    }

    #[inline]
    pub fn push(&mut self, bytes: &[u8]) {
        self.data.extend_from_slice(bytes);
        self.end();
    }

    #[inline]
    pub fn push_str(&mut self, s: &str) {
        self.push(s.as_bytes());
    }

    #[inline]
    pub fn push_num(&mut self, v: u64) {
        crate::csvout::push_num(&mut self.data, v);
        self.end();
    }

    pub fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.data[start..self.ends[i] as usize]
    }

    pub fn get_str(&self, i: usize) -> &str {
        std::str::from_utf8(self.get(i)).unwrap_or("")
    }

    /// A copy with field `i` replaced.
    pub fn with(&self, i: usize, value: &[u8]) -> Row {
        let mut r = Row::with_capacity(self.ends.len());
        for j in 0..self.ends.len() {
            r.push(if j == i { value } else { self.get(j) });
        }
        r
    }

    /// Write all fields to a CSV line (without finishing it).
    pub fn write(&self, line: &mut Line) {
        for i in 0..self.ends.len() {
            line.field(self.get(i));
        }
    }
}
