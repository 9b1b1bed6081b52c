//! One output CSV file of the BPUM set.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use anyhow::Context;

use crate::csvout::Line;

pub struct Sink {
    pub name: &'static str,
    pub line: Line,
    file: BufWriter<File>,
    pub rows: u64,
}

impl Sink {
    pub fn create(dir: &Path, name: &'static str, headers: &[&str]) -> anyhow::Result<Sink> {
        let path = dir.join(name);
        let file = File::create(&path).with_context(|| format!("membuat {}", path.display()))?;
        let mut s = Sink {
            name,
            line: Line::new(),
            file: BufWriter::with_capacity(1 << 20, file),
            rows: 0,
        };
        s.line.header(headers, &mut s.file)?;
        Ok(s)
    }

    /// End the current record.
    pub fn finish(&mut self) -> anyhow::Result<()> {
        self.rows += 1;
        self.line
            .finish(&mut self.file)
            .with_context(|| format!("menulis {}", self.name))
    }

    pub fn close(mut self) -> anyhow::Result<(&'static str, u64)> {
        self.line
            .flush(&mut self.file)
            .with_context(|| format!("menulis {}", self.name))?;
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()
            .with_context(|| format!("menyimpan {}", self.name))?;
        Ok((self.name, self.rows))
    }
}
