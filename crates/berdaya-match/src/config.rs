//! Which columns hold what, how they are compared and how candidate pairs are found.
//!
//! A config file is JSON. Every key is optional: missing fields are detected from the CSV
//! header (FEBRL columns and Indonesian registry columns are known) and missing blocking
//! rules are derived from the fields present.
//!
//! ```json
//! { "id_column": "id",
//!   "fields": [ {"name": "name", "columns": ["nama"], "kind": "name", "tf": true},
//!               {"name": "dob", "columns": ["tanggal_lahir"], "kind": "date"} ],
//!   "blocking": [["nik"], ["dob", "name:initial"], ["name:phonetic", "region:kecamatan"]],
//!   "threshold": 8.0 }
//! ```
//! A blocking rule is a list of parts that must all be equal; a part is `field`,
//! `field:transform` (transforms: `initial`, `prefix3`, `phonetic`, `sorted`, `year`,
//! `kecamatan`, `kabupaten`) or `a|b` for the unordered pair of two fields (catches swapped
//! first and last names).

use std::path::Path;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

/// What a field holds; decides its normalisation and its comparison levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// A person's name or part of it (titles, degrees, old spellings, Muhammad …).
    Name,
    /// A date (birth date).
    Date,
    /// An identity number: NIK, KK number, social-security number.
    Id,
    /// A phone number.
    Phone,
    /// A street address.
    Address,
    /// A short code compared exactly or within one edit: postcode, street number, state.
    Code,
    /// A place name compared by Jaro-Winkler: kelurahan, suburb, birthplace.
    Text,
    /// A Kemendagri region code: compared as same desa / kecamatan / kabupaten.
    Region,
}

/// One field of the model: one or more CSV columns (joined with a space) of one kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSpec {
    pub name: String,
    pub columns: Vec<String>,
    pub kind: FieldKind,
    /// Term-frequency adjustment on exact agreement (common names weigh less).
    #[serde(default)]
    pub tf: bool,
    /// A name field whose value may have been entered in this one (first/last swapped).
    #[serde(default)]
    pub swap_with: Option<String>,
    /// Whether the field is compared (a field may serve only for blocking).
    #[serde(default = "yes")]
    pub compare: bool,
}

fn yes() -> bool {
    true
}

/// The whole matching configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Column with the record id; detected when absent.
    #[serde(default)]
    pub id_column: Option<String>,
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
    #[serde(default)]
    pub blocking: Vec<Vec<String>>,
    /// Match weight (log2 odds, prior included) at or above which a pair is a match.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// At most this many random pairs for estimating u (default 10 per record, 25,000 to 100,000).
    #[serde(default)]
    pub u_sample_pairs: Option<usize>,
    /// At most this many candidate pairs for EM (default 250,000; sampled beyond).
    #[serde(default)]
    pub em_max_pairs: Option<usize>,
}

impl Config {
    /// Read a JSON config file.
    pub fn from_file(path: &Path) -> anyhow::Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("invalid config {}", path.display()))
    }

    /// Fill what the file left out from the CSV header, then check the result.
    pub fn resolve(mut self, header: &[String]) -> anyhow::Result<Config> {
        if self.id_column.is_none() {
            self.id_column = detect_id(header);
        }
        if self.fields.is_empty() {
            self.fields = detect_fields(header);
        }
        if self.fields.is_empty() {
            bail!(
                "no known columns in the header ({}); write a config naming the fields",
                header.join(",")
            );
        }
        if self.blocking.is_empty() {
            self.blocking = default_blocking(&self.fields);
        }
        self.check(header)?;
        Ok(self)
    }

    fn check(&self, header: &[String]) -> anyhow::Result<()> {
        if let Some(id) = &self.id_column
            && !header.contains(id)
        {
            bail!("id column {id:?} is not in the header");
        }
        for f in &self.fields {
            for c in &f.columns {
                if !header.contains(c) {
                    bail!("field {:?}: column {c:?} is not in the header", f.name);
                }
            }
            if let Some(s) = &f.swap_with
                && self.field_index(s).is_none()
            {
                bail!("field {:?}: swap_with {s:?} is not a field", f.name);
            }
        }
        if self.blocking.is_empty() {
            bail!("no blocking rule: name at least one, e.g. [[\"nik\"]]");
        }
        for rule in &self.blocking {
            if rule.is_empty() {
                bail!("an empty blocking rule would compare every pair");
            }
            for part in rule {
                crate::blocking::KeyPart::parse(part, self)?;
            }
        }
        if self.fields.iter().filter(|f| f.compare).count() > 16 {
            bail!("at most 16 compared fields");
        }
        Ok(())
    }

    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// A header as an identifier: "No. HP/WA" → "no_hp_wa", "Nama Lengkap" → "nama_lengkap".
pub fn canonical_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    for c in h.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

fn detect_id(header: &[String]) -> Option<String> {
    const IDS: &[&str] = &["rec_id", "id", "record_id", "unique_id", "id_pelaku", "uuid", "no"];
    IDS.iter().find_map(|c| header.iter().find(|h| canonical_header(h) == *c).cloned())
}

/// Known column names → field. Several columns of the same field are joined (address_1 and
/// address_2 become one address).
const KNOWN: &[(&[&str], &str, FieldKind, bool)] = &[
    (&["given_name", "first_name", "nama_depan"], "first_name", FieldKind::Name, true),
    (&["surname", "last_name", "nama_belakang"], "last_name", FieldKind::Name, true),
    (&["nama", "name", "nama_lengkap", "full_name", "nama_pemilik", "nama_pelaku_usaha"], "name", FieldKind::Name, true),
    (&["date_of_birth", "dob", "tanggal_lahir", "tgl_lahir", "birth_date"], "dob", FieldKind::Date, false),
    (&["nik", "no_nik", "no_ktp"], "nik", FieldKind::Id, false),
    (&["no_kk", "nomor_kk", "kk"], "kk", FieldKind::Id, false),
    (&["soc_sec_id", "ssn"], "ssn", FieldKind::Id, false),
    (&["no_hp", "hp", "phone", "telepon", "no_telp", "no_telepon", "no_hp_wa", "no_wa"], "phone", FieldKind::Phone, false),
    (&["street_number"], "street_number", FieldKind::Code, false),
    (&["alamat", "address", "address_1", "address_2"], "address", FieldKind::Address, false),
    (&["suburb", "kelurahan", "desa", "kelurahan_desa", "kel_desa"], "locality", FieldKind::Text, true),
    (&["kecamatan"], "kecamatan", FieldKind::Text, true),
    (&["postcode", "kode_pos"], "postcode", FieldKind::Code, true),
    (&["state", "provinsi"], "state", FieldKind::Code, false),
    (&["kode_wilayah", "kode_desa"], "region", FieldKind::Region, false),
    (&["tempat_lahir"], "birthplace", FieldKind::Text, true),
    (&["jenis_kelamin", "sex", "gender"], "sex", FieldKind::Code, false),
    (&["nama_ibu", "nama_ibu_kandung"], "mother", FieldKind::Name, true),
];

fn detect_fields(header: &[String]) -> Vec<FieldSpec> {
    let mut fields: Vec<FieldSpec> = Vec::new();
    for (aliases, name, kind, tf) in KNOWN {
        let columns: Vec<String> = header
            .iter()
            .filter(|h| aliases.contains(&canonical_header(h).as_str()))
            .cloned()
            .collect();
        if columns.is_empty() {
            continue;
        }
        fields.push(FieldSpec {
            name: (*name).to_string(),
            columns,
            kind: *kind,
            tf: *tf,
            swap_with: None,
            compare: true,
        });
    }
    let has = |n: &str| fields.iter().any(|f| f.name == n);
    if has("first_name") && has("last_name") {
        for f in &mut fields {
            match f.name.as_str() {
                "first_name" => f.swap_with = Some("last_name".into()),
                "last_name" => f.swap_with = Some("first_name".into()),
                _ => {}
            }
        }
    }
    fields
}

/// Blocking rules from the fields present: identifiers alone, names with a date or a place.
pub fn default_blocking(fields: &[FieldSpec]) -> Vec<Vec<String>> {
    let has = |n: &str| fields.iter().any(|f| f.name == n);
    let candidates: &[&[&str]] = &[
        &["nik"],
        &["ssn"],
        &["phone"],
        &["first_name|last_name"],
        &["name:sorted", "region:kabupaten"],
        &["name:sorted"],
        &["dob", "last_name:initial"],
        &["dob", "first_name:initial"],
        &["dob", "name:initial"],
        &["dob", "postcode"],
        &["postcode", "first_name:prefix3"],
        &["postcode", "last_name:prefix3"],
        &["locality", "first_name:initial"],
        &["locality", "last_name:initial"],
        &["street_number", "postcode"],
        &["address"],
        &["dob:year", "first_name:prefix3"],
        &["dob:year", "last_name:prefix3"],
        &["first_name:phonetic", "last_name:phonetic"],
        &["region:kecamatan", "name:phonetic"],
        &["dob:year", "name:phonetic"],
        &["address", "region:kecamatan"],
        &["dob", "region:kecamatan"],
    ];
    let mut rules: Vec<Vec<String>> = Vec::new();
    for rule in candidates {
        // A full name or an address alone is too common a key once a region can narrow it.
        if (*rule == ["name:sorted"] || *rule == ["address"]) && has("region") {
            continue;
        }
        let ok = rule.iter().all(|part| {
            part.split(['|', ':']).take(if part.contains('|') { 2 } else { 1 }).all(&has)
        });
        if ok {
            rules.push(rule.iter().map(|p| (*p).to_string()).collect());
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cols: &str) -> Vec<String> {
        cols.split(',').map(String::from).collect()
    }

    #[test]
    fn febrl_columns_are_detected() {
        let h = header("rec_id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state,date_of_birth,soc_sec_id");
        let c = Config::default().resolve(&h).expect("resolves");
        assert_eq!(c.id_column.as_deref(), Some("rec_id"));
        let addr = &c.fields[c.field_index("address").expect("address")];
        assert_eq!(addr.columns, vec!["address_1", "address_2"]);
        assert!(c.blocking.contains(&vec!["ssn".to_string()]));
        assert!(c.blocking.contains(&vec!["first_name|last_name".to_string()]));
    }

    #[test]
    fn indonesian_columns_are_detected() {
        let h = header("id,nik,nama,tanggal_lahir,no_hp,alamat,kode_wilayah");
        let c = Config::default().resolve(&h).expect("resolves");
        let names: Vec<&str> = c.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["name", "dob", "nik", "phone", "address", "region"]);
        assert!(c.blocking.contains(&vec!["region:kecamatan".to_string(), "name:phonetic".to_string()]));
    }

    #[test]
    fn spreadsheet_headers_are_recognised() {
        let h = header("No,NIK,No. KK,Nama Lengkap,Tanggal Lahir,Alamat,Kel./Desa,Kode Desa,No. HP/WA");
        let c = Config::default().resolve(&h).expect("resolves");
        assert_eq!(c.id_column.as_deref(), Some("No"));
        let cols: Vec<&str> = c.fields.iter().map(|f| f.columns[0].as_str()).collect();
        assert_eq!(cols, ["Nama Lengkap", "Tanggal Lahir", "NIK", "No. KK", "No. HP/WA", "Alamat", "Kel./Desa", "Kode Desa"]);
        assert_eq!(canonical_header(" Modal Usaha (Rp) "), "modal_usaha_rp");
    }

    #[test]
    fn bad_configs_are_refused_with_a_reason() {
        let h = header("a,b");
        let err = Config::default().resolve(&h).expect_err("nothing known");
        assert!(err.to_string().contains("no known columns"));
        let c: Config = serde_json::from_str(
            r#"{"fields":[{"name":"n","columns":["zz"],"kind":"name"}],"blocking":[["n"]]}"#,
        )
        .expect("parses");
        let err = c.resolve(&h).expect_err("missing column");
        assert!(err.to_string().contains("\"zz\""));
    }
}
