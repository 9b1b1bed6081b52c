//! Plain records for tests: a training program, batch, session and participant, an aid
//! program and application, each with neutral values. A test sets what it is about with
//! struct update syntax (`Batch { kuota: 20, ..fixtures::batch(&p, 1, start, end) }`).

use chrono::NaiveDate;
use uuid::Uuid;

use crate::aid::Program as AidProgram;
use crate::aid::applications::Application;
use crate::owners::Owner;
use crate::training::batches::Session;
use crate::training::participants::{self, Participant};
use crate::training::{Batch, Program};

/// A training program of `agency_id` in Kota Bontang (64.74), APBD-funded.
pub fn training_program(agency_id: Uuid, judul: &str, kompetensi: &str, pagu: i64) -> Program {
    let now = crate::now();
    Program {
        id: crate::new_id(),
        agency_id,
        region: "64.74".into(),
        judul: judul.into(),
        kompetensi: kompetensi.into(),
        kompetensi_norm: berdaya_core::teks::search_key(kompetensi),
        sumber_dana: "apbd".into(),
        mata_anggaran: String::new(),
        pagu,
        tahun_anggaran: 2026,
        created_by: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// Batch number `n` ("Angkatan n") of `p`: 30 seats, no selection criteria, 75 % attendance.
pub fn batch(p: &Program, n: u32, mulai: NaiveDate, selesai: NaiveDate) -> Batch {
    let now = crate::now();
    Batch {
        id: crate::new_id(),
        program_id: p.id,
        region: p.region.clone(),
        nama: format!("Angkatan {n}"),
        tempat: String::new(),
        kuota: 30,
        kuota_kecamatan: None,
        kriteria_wilayah: String::new(),
        kriteria_sektor: String::new(),
        kriteria_skala: String::new(),
        kriteria_jenis: String::new(),
        min_kehadiran: 75,
        min_post_test: None,
        tanggal_mulai: mulai,
        tanggal_selesai: selesai,
        penandatangan_nama: String::new(),
        penandatangan_jabatan: String::new(),
        created_by: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// A session of `b` on `tanggal` from 08:00 to `jam_selesai`.
pub fn session(b: &Batch, tanggal: NaiveDate, jam_selesai: &str) -> Session {
    Session {
        id: crate::new_id(),
        batch_id: b.id,
        region: b.region.clone(),
        tanggal,
        jam_mulai: "08:00".into(),
        jam_selesai: jam_selesai.into(),
        topik: String::new(),
        narasumber: String::new(),
    }
}

/// `o` in batch `b` with `status` (and waitlist place), no test scores.
pub fn participant(b: &Batch, o: &Owner, status: &str, antrean: Option<i32>) -> Participant {
    let now = crate::now();
    Participant {
        id: crate::new_id(),
        batch_id: b.id,
        owner_id: o.id,
        region: b.region.clone(),
        owner_region: o.region.clone(),
        kecamatan: participants::kecamatan_of(&o.region),
        status: status.into(),
        antrean,
        pre_test: None,
        post_test: None,
        peringatan: String::new(),
        created_by: None,
        created_at: now,
        updated_at: now,
    }
}

/// A capital stimulus program of Kota Bontang with no rules and no required documents.
pub fn aid_program(nama: &str, pagu: i64, nilai_per_penerima: i64, kuota: i32) -> AidProgram {
    let now = crate::now();
    AidProgram {
        id: crate::new_id(),
        region: "64.74".into(),
        nama: nama.into(),
        jenis: "stimulus_modal".into(),
        sumber_dana: "APBD Kabupaten/Kota".into(),
        tahun: 2026,
        pagu,
        nilai_per_penerima,
        mulai: None,
        selesai: None,
        target_region: "64.74".into(),
        kuota,
        dokumen_wajib: String::new(),
        barang: "[]".into(),
        aturan: "{\"version\":1,\"blocks\":[]}".into(),
        created_by: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// `o`'s application to `p`, entered by an operator: submitted, not screened, in no batch.
pub fn application(p: &AidProgram, o: &Owner, keputusan: &str) -> Application {
    let now = crate::now();
    Application {
        id: crate::new_id(),
        program_id: p.id,
        region: o.region.clone(),
        owner_id: o.id,
        business_id: None,
        nik: o.nik.clone(),
        no_kk: String::new(),
        nama: o.nama.clone(),
        bank: String::new(),
        no_rekening: String::new(),
        status: "diajukan".into(),
        keputusan: keputusan.into(),
        kategori: String::new(),
        alasan: String::new(),
        hasil_aturan: "[]".into(),
        diskrining_at: None,
        catatan_tinjau: String::new(),
        surveyor_id: None,
        survei_status: String::new(),
        usaha_ada: None,
        lat: None,
        lon: None,
        catatan_survei: String::new(),
        foto_survei_id: None,
        disurvei_at: None,
        batch_id: None,
        sumber: "input".into(),
        created_by: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// An owner with a NIK, a name and a desa code (`PP.KK.CC.DNNN`); everything else empty.
pub fn owner(nik: &str, nama: &str, region: &str) -> Owner {
    let now = crate::now();
    Owner {
        id: crate::new_id(),
        kabkota: region.get(..5).unwrap_or(region).into(),
        region: region.into(),
        nik: nik.into(),
        no_kk: String::new(),
        nama: nama.into(),
        nama_norm: berdaya_core::teks::search_key(nama),
        jenis_kelamin: String::new(),
        tempat_lahir: String::new(),
        tanggal_lahir: None,
        alamat: String::new(),
        rt_rw: String::new(),
        no_hp: String::new(),
        whatsapp: false,
        email: String::new(),
        pendidikan: String::new(),
        disabilitas: String::new(),
        ektp_file_id: None,
        warnings: String::new(),
        created_by: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}
