//! Proposing which column fills which field, from the header texts of real Dinas sheets.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::schema::{FIELDS, Field, FieldKind};

/// The column → field assignment for one file. Serialisable so an operator can save it
/// and reuse it for the next file of the same shape.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    pub columns: Vec<ColumnMapping>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// 0-based column index in the file.
    pub index: usize,
    /// The header text as read (two header rows joined).
    pub header: String,
    pub field: Option<Field>,
    /// 0.0–1.0; 1.0 for an exact known header or an operator's choice.
    pub confidence: f32,
    /// Multiplier for money columns whose header names a unit ("Omzet (Rp juta)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<i64>,
    /// Why the proposal is uncertain, in Bahasa, for the mapping page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Below this a proposal is shown as "periksa" on the mapping page.
pub const CONFIDENT: f32 = 0.8;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MappingError {
    #[error("kolom {0} tidak ada")]
    NoSuchColumn(usize),
    #[error("pemetaan tidak dapat dibaca: {0}")]
    Json(String),
}

/// Token rewrites applied after lower-casing and splitting on punctuation.
#[rustfmt::skip]
const PHRASES: &[(&str, &str)] = &[
    ("jenis kelamin", "jk"),
    ("kartu keluarga", "kk"),
    ("nomor induk kependudukan", "nik"),
    ("nomor induk berusaha", "nib"),
    ("tenaga kerja", "tk"),
    ("e mail", "email"),
    ("laki laki", "l"),
    ("no hp", "hp"),
    ("whats app", "wa"),
];

#[rustfmt::skip]
const TOKENS: &[(&str, &str)] = &[
    ("omset", "omzet"), ("omzed", "omzet"), ("bln", "bulan"), ("bulanan", "bulan"), ("perbulan", "bulan"),
    ("sebulan", "bulan"), ("thn", "tahun"), ("th", "tahun"), ("tahunan", "tahun"), ("pertahun", "tahun"),
    ("setahun", "tahun"), ("tgl", "tanggal"), ("tanggal", "tanggal"), ("tmp", "tempat"), ("tmpt", "tempat"),
    ("tpt", "tempat"), ("lhr", "lahir"), ("kec", "kecamatan"), ("kel", "kelurahan"), ("ds", "desa"),
    ("telp", "telepon"), ("tlp", "telepon"), ("telpon", "telepon"), ("tel", "telepon"), ("handphone", "hp"),
    ("ponsel", "hp"), ("hape", "hp"), ("whatsapp", "wa"), ("nmr", "no"), ("nomor", "no"), ("nomer", "no"),
    ("nm", "nama"), ("jml", "jumlah"), ("ket", "keterangan"), ("pddk", "pendidikan"), ("naker", "tk"),
    ("karyawan", "tk"), ("pekerja", "tk"), ("pegawai", "tk"), ("perempuan", "p"), ("wanita", "p"),
    ("pr", "p"), ("pria", "l"), ("laki", "l"), ("lk", "l"), ("gender", "jk"), ("sex", "jk"), ("kelamin", "jk"),
    ("merk", "merek"), ("surel", "email"), ("komoditas", "komoditi"), ("kelurahan", "kelurahan"),
    ("nohp", "hp"), ("notelp", "telepon"), ("nokk", "kk"), ("nib", "nib"),
];

/// Words dropped before matching.
#[rustfmt::skip]
const STOPWORDS: &[&str] = &["rp", "per", "dan", "atau", "yang", "di", "sesuai", "dalam", "rupiah", "no", "dari", "ke", "s", "d"];

/// Common header words that are no field; never "corrected" into a field word.
#[rustfmt::skip]
const KNOWN_OTHER: &[&str] = &[
    "pekerjaan", "agama", "umur", "usia", "status", "perkawinan", "kawin", "warga", "negara", "kewarganegaraan",
    "golongan", "darah", "lama", "ibu", "ayah", "kandung", "bank", "rekening", "npwp", "kota", "kabupaten",
    "provinsi", "urut", "jumlah", "total", "unggulan", "terakhir", "lengkap", "sejak", "juta", "ribu",
];

/// Lower-case, split camelCase and punctuation, apply the phrase and token rewrites, drop
/// stopwords. "Omset/Bln (Rp)" → ["omzet", "bulan"].
pub fn normalize(header: &str) -> Vec<String> {
    let mut spaced = String::with_capacity(header.len() + 8);
    let mut prev_lower = false;
    for c in header.chars() {
        if c.is_uppercase() && prev_lower {
            spaced.push(' ');
        }
        prev_lower = c.is_lowercase();
        if c.is_alphanumeric() {
            spaced.extend(c.to_lowercase());
        } else {
            spaced.push(' ');
        }
    }
    let mut text = format!(
        " {} ",
        spaced.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    for (from, to) in PHRASES {
        text = text.replace(&format!(" {from} "), &format!(" {to} "));
    }
    text.split_whitespace()
        .map(|t| {
            TOKENS
                .iter()
                .find(|(from, _)| *from == t)
                .map(|(_, to)| *to)
                .unwrap_or(t)
        })
        .filter(|t| !STOPWORDS.contains(t))
        .map(str::to_string)
        .collect()
}

fn is_sequence_header(header: &str) -> bool {
    let t: Vec<String> = header
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    matches!(
        t.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
        ["no"] | ["no", "urut"] | ["nomor"] | ["nomor", "urut"] | ["urut"] | ["nmr"]
    )
}

fn vocabulary() -> &'static HashSet<String> {
    static VOCAB: OnceLock<HashSet<String>> = OnceLock::new();
    VOCAB.get_or_init(|| {
        let mut v: HashSet<String> = HashSet::new();
        for spec in FIELDS {
            for p in spec.patterns {
                v.extend(p.trim_start_matches('?').split(' ').map(str::to_string));
            }
            v.extend(spec.excludes.iter().map(|s| s.to_string()));
        }
        v
    })
}

/// The best field for one header, with confidence (None when nothing matches).
pub fn match_header(header: &str) -> Option<(Field, f32)> {
    let tokens = normalize(header);
    if let Some(hit) = match_tokens(&tokens) {
        return Some(hit);
    }
    // Typos: move each unknown word of 4+ letters to the nearest vocabulary word.
    let vocab = vocabulary();
    let mut changed = false;
    let fixed: Vec<String> = tokens
        .iter()
        .map(|t| {
            if t.chars().count() < 4 || vocab.contains(t) || KNOWN_OTHER.contains(&t.as_str()) {
                return t.clone();
            }
            let best = vocab
                .iter()
                .filter(|v| v.len() >= 4)
                .map(|v| (strsim::jaro_winkler(t, v), v))
                .filter(|(s, _)| *s >= 0.9)
                .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)));
            match best {
                Some((_, v)) => {
                    changed = true;
                    v.clone()
                }
                None => t.clone(),
            }
        })
        .collect();
    if !changed {
        return None;
    }
    match_tokens(&fixed).map(|(f, c)| (f, c * 0.75))
}

fn match_tokens(tokens: &[String]) -> Option<(Field, f32)> {
    if tokens.is_empty() {
        return None;
    }
    let has = |t: &str| tokens.iter().any(|x| x == t);
    // (specificity, confidence, field)
    let mut best: Option<(usize, f32, Field)> = None;
    for spec in FIELDS {
        if spec.excludes.iter().any(|e| has(e)) {
            continue;
        }
        for pattern in spec.patterns {
            let (weak, body) = match pattern.strip_prefix('?') {
                Some(b) => (true, b),
                None => (false, *pattern),
            };
            let words: Vec<&str> = body.split(' ').collect();
            if !words.iter().all(|w| has(w)) {
                continue;
            }
            let exact = words.len() == tokens.len();
            let base = if weak { 0.5 } else { 0.9 };
            let conf = if exact && !weak {
                1.0
            } else {
                base * (0.8 + 0.2 * words.len() as f32 / tokens.len() as f32)
            };
            let specificity = if weak { 0 } else { words.len() };
            let better = match best {
                None => true,
                Some((s, c, _)) => specificity > s || (specificity == s && conf > c),
            };
            if better {
                best = Some((specificity, conf, spec.field));
            }
        }
    }
    best.map(|(_, c, f)| (f, c))
}

/// Money unit named in a header: "(Rp juta)" → 1,000,000; "(ribu)" → 1,000.
fn unit_of(header: &str) -> Option<i64> {
    let t = normalize(header);
    if t.iter().any(|w| w == "juta" || w == "jt") {
        Some(1_000_000)
    } else if t.iter().any(|w| w == "ribu" || w == "rb") {
        Some(1_000)
    } else {
        None
    }
}

/// Propose a mapping for the given header texts (one per column).
pub fn propose_mapping<S: AsRef<str>>(headers: &[S]) -> Mapping {
    let mut columns: Vec<ColumnMapping> = headers
        .iter()
        .enumerate()
        .map(|(index, h)| {
            let header = h.as_ref().trim().to_string();
            let mut col = ColumnMapping {
                index,
                header: header.clone(),
                field: None,
                confidence: 0.0,
                unit: None,
                note: None,
            };
            if header.is_empty() {
                return col;
            }
            if is_sequence_header(&header) {
                col.confidence = 1.0;
                col.note = Some("nomor urut, tidak diimpor".into());
                return col;
            }
            if let Some((field, conf)) = match_header(&header) {
                col.field = Some(field);
                col.confidence = conf;
                if field.kind() == FieldKind::Money {
                    col.unit = unit_of(&header);
                }
                if field == Field::OmzetBulanan && !normalize(&header).iter().any(|t| t == "bulan")
                {
                    col.note =
                        Some("periode omzet tidak disebut; dianggap per bulan, periksa".into());
                }
            }
            col
        })
        .collect();
    resolve_conflicts(&mut columns);
    Mapping { columns }
}

/// One column per field (except multi fields): the most confident keeps it.
fn resolve_conflicts(columns: &mut [ColumnMapping]) {
    for i in 0..columns.len() {
        let Some(field) = columns[i].field else {
            continue;
        };
        if field.spec().multi {
            continue;
        }
        let winner = columns
            .iter()
            .filter(|c| c.field == Some(field))
            .max_by(|a, b| {
                a.confidence
                    .total_cmp(&b.confidence)
                    .then_with(|| b.index.cmp(&a.index))
            })
            .map(|c| (c.index, c.header.clone()));
        if let Some((w, header)) = winner
            && w != columns[i].index
        {
            columns[i].field = None;
            columns[i].note = Some(format!(
                "mirip {}, tetapi kolom \"{header}\" sudah dipakai",
                field.label()
            ));
        }
    }
}

impl Mapping {
    /// The column of a single-column field.
    pub fn column_for(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|c| c.field == Some(field))
            .map(|c| c.index)
    }

    /// Every column of a field (several for multi fields such as Catatan).
    pub fn columns_for(&self, field: Field) -> impl Iterator<Item = &ColumnMapping> + '_ {
        self.columns.iter().filter(move |c| c.field == Some(field))
    }

    /// The operator's correction of one column. Giving a single-column field to a column
    /// takes it away from the column that had it.
    pub fn set(&mut self, index: usize, field: Option<Field>) -> Result<(), MappingError> {
        if !self.columns.iter().any(|c| c.index == index) {
            return Err(MappingError::NoSuchColumn(index));
        }
        if let Some(f) = field
            && !f.spec().multi
        {
            for c in self
                .columns
                .iter_mut()
                .filter(|c| c.field == Some(f) && c.index != index)
            {
                c.field = None;
                c.confidence = 0.0;
                c.note = None;
            }
        }
        for c in self.columns.iter_mut().filter(|c| c.index == index) {
            c.field = field;
            c.confidence = 1.0;
            c.note = None;
            c.unit = match field {
                Some(f) if f.kind() == FieldKind::Money => unit_of(&c.header),
                _ => None,
            };
        }
        Ok(())
    }

    /// Columns whose proposal the operator should look at.
    pub fn uncertain(&self) -> impl Iterator<Item = &ColumnMapping> + '_ {
        self.columns
            .iter()
            .filter(|c| c.field.is_some() && c.confidence < CONFIDENT)
    }

    /// Fields the import cannot do without that no column fills: Nama always, NIK when
    /// `require_nik`. The mapping page should not start the job while this is non-empty.
    pub fn missing_required(&self, require_nik: bool) -> Vec<Field> {
        let mut need = vec![Field::Nama];
        if require_nik {
            need.insert(0, Field::Nik);
        }
        need.retain(|f| self.column_for(*f).is_none());
        need
    }

    /// Fields mapped to no column.
    pub fn unmapped_fields(&self) -> Vec<Field> {
        Field::all()
            .filter(|f| self.column_for(*f).is_none())
            .collect()
    }

    /// Apply a saved mapping to a new file: columns are matched by header text (so a
    /// reordered sheet still maps), new columns get a fresh proposal.
    pub fn rebind<S: AsRef<str>>(&self, headers: &[S]) -> Mapping {
        let key = |h: &str| normalize(h).join(" ");
        let mut fresh = propose_mapping(headers);
        let mut used: HashSet<usize> = HashSet::new();
        for col in fresh.columns.iter_mut() {
            let k = key(&col.header);
            let saved = self
                .columns
                .iter()
                .filter(|s| !used.contains(&s.index))
                .find(|s| s.header.trim() == col.header || (!k.is_empty() && key(&s.header) == k));
            if let Some(s) = saved {
                used.insert(s.index);
                col.field = s.field;
                col.confidence = 1.0;
                col.unit = s.unit;
                col.note = None;
            }
        }
        resolve_conflicts(&mut fresh.columns);
        fresh
    }

    pub fn to_json(&self) -> String {
        // A Mapping holds only strings, numbers and enums: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_json(json: &str) -> Result<Mapping, MappingError> {
        serde_json::from_str(json).map_err(|e| MappingError::Json(e.to_string()))
    }
}

/// Whether a cell text is a header this schema knows (no typo correction): used to find
/// the header row among title and data rows.
pub(crate) fn is_known_header(text: &str) -> bool {
    !text.is_empty() && (is_sequence_header(text) || match_tokens(&normalize(text)).is_some())
}
