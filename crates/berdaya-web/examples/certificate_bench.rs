//! Benchmark (not a test): certificate generation for a 500-participant batch on SQLite —
//! numbering (one transaction per certificate) and rendering the ZIP of PDFs.
//!
//! `cargo run --release -p berdaya-web --example certificate_bench [-- N]`

use std::sync::Arc;
use std::time::Instant;

use berdaya_store::agencies::{self, NewAgency};
use berdaya_store::owners::{self, Owner};
use berdaya_store::training::certificates::{self, Certificate};
use berdaya_store::training::participants::{self, Participant};
use berdaya_store::training::{Batch, Program, attendance, batches, programs};
use berdaya_web::services::Actor;
use berdaya_web::services::training::{bundle, certificates as svc};
use berdaya_web::storage::FileStorage;
use berdaya_web::worker::JobEnv;
use chrono::NaiveDate;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: u32 = std::env::args().nth(1).map(|a| a.parse()).transpose()?.unwrap_or(500);
    let dir = tempfile::tempdir()?;
    let db = berdaya_store::testing::fresh_sqlite(dir.path()).await?;
    let now = berdaya_store::now();
    let mut tx = db.begin().await?;
    let agency = agencies::create(&mut tx, &NewAgency { name: "Dinas Koperasi, UKM dan Perdagangan Kota Bontang".into(), short_name: "DKUKMP-BTG".into(), region: "64.74".into(), address: String::new(), phone: String::new(), email: String::new() }).await?;
    let date = |d| NaiveDate::from_ymd_opt(2020, 7, d).ok_or_else(|| anyhow::anyhow!("date"));
    let p = Program { id: berdaya_store::new_id(), agency_id: agency.id, region: "64.74".into(), judul: "Pelatihan Manajemen Mutu Produksi".into(), kompetensi: "Manajemen mutu produksi".into(), kompetensi_norm: "MANAJEMEN MUTU PRODUKSI".into(), sumber_dana: "dak_nonfisik".into(), mata_anggaran: String::new(), pagu: 0, tahun_anggaran: 2020, created_by: None, created_at: now, updated_at: now, version: 1 };
    let b = Batch { id: berdaya_store::new_id(), program_id: p.id, region: "64.74".into(), nama: "Angkatan I".into(), tempat: "Hotel Bintang Sintuk, Bontang".into(), kuota: n as i32, kuota_kecamatan: None, kriteria_wilayah: String::new(), kriteria_sektor: String::new(), kriteria_skala: String::new(), kriteria_jenis: String::new(), min_kehadiran: 75, min_post_test: None, tanggal_mulai: date(27)?, tanggal_selesai: date(29)?, penandatangan_nama: "Asdar Ibrahim".into(), penandatangan_jabatan: "Kepala Dinas Koperasi, UKM dan Perdagangan\nKota Bontang".into(), created_by: None, created_at: now, updated_at: now, version: 1 };
    programs::insert(&mut tx, &p).await?;
    batches::insert(&mut tx, &b).await?;
    let mut sessions = Vec::new();
    for d in 27..=29 {
        let s = batches::Session { id: berdaya_store::new_id(), batch_id: b.id, region: b.region.clone(), tanggal: date(d)?, jam_mulai: "08:00".into(), jam_selesai: "16:00".into(), topik: String::new(), narasumber: String::new() };
        batches::insert_session(&mut tx, &s).await?;
        sessions.push(s.id);
    }
    let mut present = Vec::new();
    for i in 0..n {
        let o = Owner { id: berdaya_store::new_id(), kabkota: "64.74".into(), region: "64.74.01.1001".into(), nik: format!("647401010190{:04}", i + 1), no_kk: String::new(), nama: format!("Peserta Pelatihan Nomor {i}"), nama_norm: format!("PESERTA {i:04}"), jenis_kelamin: "L".into(), tempat_lahir: String::new(), tanggal_lahir: None, alamat: String::new(), rt_rw: String::new(), no_hp: String::new(), whatsapp: false, email: String::new(), pendidikan: String::new(), disabilitas: String::new(), ektp_file_id: None, warnings: String::new(), created_by: None, created_at: now, updated_at: now, version: 1 };
        owners::insert(&mut tx, &o).await?;
        let part = Participant { id: berdaya_store::new_id(), batch_id: b.id, owner_id: o.id, region: b.region.clone(), owner_region: o.region.clone(), kecamatan: "64.74.01".into(), status: "peserta".into(), antrean: None, pre_test: None, post_test: None, peringatan: String::new(), created_by: None, created_at: now, updated_at: now };
        participants::insert(&mut tx, &part).await?;
        present.extend(sessions.iter().map(|s| (*s, part.id)));
    }
    attendance::replace(&mut tx, b.id, &b.region, &present).await?;
    tx.commit().await?;

    let actor = Actor { username: "bench".into(), role: berdaya_core::Role::Operator, ..Actor::cli() };
    let t0 = Instant::now();
    let s = svc::issue_for_batch(&db, &actor, b.id, |_, _| {}).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let numbering = t0.elapsed();
    let certs: Vec<Certificate> = certificates::for_batch(&db, &actor.scope, b.id).await?;
    let env = JobEnv { db: db.clone(), storage: FileStorage::with_store(Arc::new(object_store::memory::InMemory::new()), 1 << 30) };
    let t1 = Instant::now();
    let zip = bundle::render_zip(&env, &p, &b, &certs, "https://berdaya.bontangkota.go.id", |_, _| {}).await?;
    let rendering = t1.elapsed();
    println!("{} certificates issued (numbered, one transaction each) in {:.2} s", s.issued, numbering.as_secs_f64());
    println!("{} PDFs rendered and zipped in {:.2} s ({:.1} ms per certificate), ZIP {:.1} MB", certs.len(), rendering.as_secs_f64(), rendering.as_secs_f64() * 1000.0 / certs.len().max(1) as f64, zip.len() as f64 / 1_048_576.0);
    println!("total {:.2} s", numbering.as_secs_f64() + rendering.as_secs_f64());
    Ok(())
}
