//! The registry's forms as tests fill them, and a service actor.

use berdaya_core::{KodeWilayah, Role, Scope};
use berdaya_web::services::Actor;

/// The owner form with a first business, as an operator of Bontang fills it.
pub fn owner_form<'a>(csrf: &'a str, nik: &'a str, nama: &'a str, hp: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_csrf", csrf),
        ("nik", nik),
        ("nama", nama),
        ("jenis_kelamin", "P"),
        ("tempat_lahir", "Bontang"),
        ("tanggal_lahir", "15/05/1990"),
        ("alamat", "Jl. Pupuk Raya No. 12"),
        ("kode_wilayah", "Bontang Baru"),
        ("no_hp", hp),
        ("nama_usaha", "Amplang Bu Siti"),
        ("kbli", "10792"),
        ("modal", "Rp 15.000.000"),
        ("omzet", "12,5 juta"),
        ("periode_omzet", "bulan"),
        ("tk_p", "2"),
        ("kanal_qris", "true"),
    ]
}

/// The version an edit form was opened at (its hidden `versi`).
pub fn versi_of(form: &str) -> String {
    form.split("name=\"versi\" value=\"").nth(1).and_then(|r| r.split('"').next()).expect("the edit form carries the version").to_string()
}

/// A query-string value, percent-encoded.
pub fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// An operator of `region` calling the services directly (to write many rows quickly).
pub fn operator_of(region: &str) -> Actor {
    Actor {
        user_id: None,
        username: "uji".into(),
        role: Role::Operator,
        scope: Scope::Region(KodeWilayah::parse(region).unwrap()),
        request_id: String::new(),
        ip: String::new(),
    }
}
