//! Column mapping proposals for real Dinas headers, corrections and saved mappings.

use berdaya_tabular::Field::{self, *};
use berdaya_tabular::Mapping;
use berdaya_tabular::mapping::{CONFIDENT, match_header, propose_mapping};

fn field(h: &str) -> Option<Field> {
    match_header(h).map(|(f, _)| f)
}

#[test]
fn real_dinas_headers() {
    let cases: &[(&str, Field)] = &[
        ("Nama Pemilik", Nama),
        ("Nama Lengkap", Nama),
        ("Nama Pelaku Usaha", Nama),
        ("NAMA PEMILIK USAHA", Nama),
        ("NIK KTP", Nik),
        ("No. KTP", Nik),
        ("NIK", Nik),
        ("Nomor Induk Kependudukan", Nik),
        ("No. KK", NoKk),
        ("Tempat/Tgl Lahir", Ttl),
        ("TTL", Ttl),
        ("Tempat, Tanggal Lahir", Ttl),
        ("Tempat Lahir", TempatLahir),
        ("Tgl. Lahir", TanggalLahir),
        ("L/P", JenisKelamin),
        ("Jenis Kelamin", JenisKelamin),
        ("JK", JenisKelamin),
        ("No. HP/WA", NoHp),
        ("Telp", NoHp),
        ("No Telepon", NoHp),
        ("No. Handphone", NoHp),
        ("WhatsApp", NoHp),
        ("Omzet", OmzetBulanan),
        ("Omset per Bulan", OmzetBulanan),
        ("Omzet/Tahun", OmzetTahunan),
        ("OMSET PERTAHUN (Rp)", OmzetTahunan),
        ("Omzet/Bln", OmzetBulanan),
        ("Modal Usaha (Rp)", Modal),
        ("Kecamatan", Kecamatan),
        ("Kel./Desa", Desa),
        ("Kelurahan", Desa),
        ("Alamat Usaha", AlamatUsaha),
        ("Nama Usaha", NamaUsaha),
        ("Jenis Usaha", Sektor),
        ("Bidang Usaha", Sektor),
        ("Alamat", Alamat),
        ("Alamat Kecamatan", Kecamatan),
        ("Alamat Kel./Desa", Desa),
        ("RT/RW", RtRw),
        ("E-mail", Email),
        ("Pendidikan Terakhir", Pendidikan),
        ("NIB", Nib),
        ("Kode KBLI", Kbli),
        ("Bentuk Badan Usaha", BentukUsaha),
        ("Tahun Berdiri", TahunBerdiri),
        ("Jumlah Tenaga Kerja", TenagaKerja),
        ("Tenaga Kerja L", TenagaKerjaL),
        ("Tenaga Kerja Perempuan", TenagaKerjaP),
        ("Jumlah Karyawan", TenagaKerja),
        ("Produk Unggulan", Produk),
        ("Keterangan", Catatan),
        ("Skala Usaha", SkalaUsaha),
        ("Kode Desa", KodeDesa),
        ("Nama Kecamatan", Kecamatan),
        ("NamaPemilik", Nama),
        ("nama_usaha", NamaUsaha),
        ("Sektor Usaha", Sektor),
        ("Nama Toko", NamaUsaha),
    ];
    for (h, f) in cases {
        assert_eq!(field(h), Some(*f), "{h}");
    }
}

#[test]
fn typos_are_matched_with_lower_confidence() {
    let (f, c) = match_header("Kecamtan").expect("match");
    assert_eq!(f, Kecamatan);
    assert!(c < CONFIDENT, "{c}");
    assert_eq!(field("Nama Pemlik"), Some(Nama));
}

#[test]
fn unrelated_headers_stay_unmapped() {
    for h in [
        "Pekerjaan",
        "Agama",
        "Umur",
        "Status Perkawinan",
        "Lama Usaha",
        "Kota",
    ] {
        assert_eq!(field(h), None, "{h}");
    }
}

#[test]
fn proposal_is_unique_and_explains_uncertainty() {
    let m = propose_mapping(&[
        "No",
        "Nama Pemilik",
        "Nama Lengkap",
        "Omzet",
        "Modal (Rp juta)",
    ]);
    assert_eq!(m.columns[0].field, None);
    assert_eq!(m.columns[1].field, Some(Nama));
    assert_eq!(m.columns[2].field, None);
    assert!(
        m.columns[2]
            .note
            .as_deref()
            .unwrap_or("")
            .contains("sudah dipakai")
    );
    assert_eq!(m.columns[3].field, Some(OmzetBulanan));
    assert!(m.columns[3].confidence < CONFIDENT);
    assert!(m.columns[3].note.is_some());
    assert_eq!(m.columns[4].unit, Some(1_000_000));
    assert_eq!(m.uncertain().count(), 1);
}

#[test]
fn correction_moves_a_field_and_json_round_trips() {
    let mut m = propose_mapping(&["Nama Pemilik", "Nama Lengkap", "Telp"]);
    m.set(1, Some(Nama)).expect("set");
    assert_eq!(m.column_for(Nama), Some(1));
    assert_eq!(m.columns[0].field, None);
    assert!(m.set(9, None).is_err());
    let back = Mapping::from_json(&m.to_json()).expect("json");
    assert_eq!(back, m);
    assert!(m.to_json().contains("\"nama\""));
}

#[test]
fn saved_mapping_follows_reordered_columns() {
    let mut saved = propose_mapping(&["Nama", "Kolom X", "Telp"]);
    saved.set(1, Some(Catatan)).expect("set");
    let m = saved.rebind(&["Telp", "kolom x", "Nama", "Email"]);
    assert_eq!(m.column_for(NoHp), Some(0));
    assert_eq!(m.column_for(Catatan), Some(1));
    assert_eq!(m.column_for(Nama), Some(2));
    assert_eq!(m.column_for(Email), Some(3));
}

#[test]
fn required_fields_are_reported() {
    let m = propose_mapping(&["Nama Usaha", "Telp"]);
    assert_eq!(m.missing_required(true), vec![Nik, Nama]);
    assert_eq!(m.missing_required(false), vec![Nama]);
    assert!(
        propose_mapping(&["NIK", "Nama"])
            .missing_required(true)
            .is_empty()
    );
}
