//! Training store on SQLite and (with BERDAYA_TEST_PG) PostgreSQL: one person once per batch,
//! waitlist promotion with the quota per kecamatan, attendance replaced whole, certificate
//! numbers without duplicates under concurrent issuing.

use berdaya_core::{KodeWilayah, Scope};
use berdaya_store::agencies::{self, NewAgency};
use berdaya_store::owners::{self, Owner};
use berdaya_store::training::certificates::{self, Certificate};
use berdaya_store::training::participants::{self, Participant};
use berdaya_store::training::{Batch, Program, attendance, batches, programs, rules};
use berdaya_store::testing::{self, fixtures};
use berdaya_store::Db;
use chrono::NaiveDate;
use uuid::Uuid;

fn scope(code: &str) -> Scope {
    Scope::Region(KodeWilayah::parse(code).unwrap())
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn agency(db: &Db) -> Uuid {
    let mut tx = db.begin().await.unwrap();
    let a = agencies::create(
        &mut tx,
        &NewAgency { name: "Diskop Bontang".into(), short_name: "DKUKMP-BTG".into(), region: "64.74".into(), address: String::new(), phone: String::new(), email: String::new() },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    a.id
}

async fn owner(db: &Db, i: u32, region: &str) -> Owner {
    let o = Owner {
        nama_norm: format!("PESERTA {i:04}"),
        jenis_kelamin: "L".into(),
        ..fixtures::owner(&format!("647401010190{:04}", i + 1), &format!("Peserta {i}"), region)
    };
    let mut tx = db.begin().await.unwrap();
    owners::insert(&mut tx, &o).await.unwrap();
    tx.commit().await.unwrap();
    o
}

async fn batch(db: &Db, agency_id: Uuid, kuota: i32, per_kec: Option<i32>) -> (Program, Batch) {
    let now = berdaya_store::now();
    let p = Program {
        id: berdaya_store::new_id(),
        agency_id,
        region: "64.74".into(),
        judul: "Pelatihan Manajemen Mutu Produksi".into(),
        kompetensi: "Manajemen mutu produksi".into(),
        kompetensi_norm: "MANAJEMEN MUTU PRODUKSI".into(),
        sumber_dana: "dak_nonfisik".into(),
        mata_anggaran: String::new(),
        pagu: 150_000_000,
        tahun_anggaran: 2020,
        created_by: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let b = Batch {
        id: berdaya_store::new_id(),
        program_id: p.id,
        region: "64.74".into(),
        nama: "Angkatan I".into(),
        tempat: "Hotel Bintang Sintuk".into(),
        kuota,
        kuota_kecamatan: per_kec,
        kriteria_wilayah: String::new(),
        kriteria_sektor: String::new(),
        kriteria_skala: String::new(),
        kriteria_jenis: String::new(),
        min_kehadiran: 75,
        min_post_test: None,
        tanggal_mulai: d(2020, 7, 27),
        tanggal_selesai: d(2020, 7, 29),
        penandatangan_nama: String::new(),
        penandatangan_jabatan: String::new(),
        created_by: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let mut tx = db.begin().await.unwrap();
    programs::insert(&mut tx, &p).await.unwrap();
    batches::insert(&mut tx, &b).await.unwrap();
    tx.commit().await.unwrap();
    (p, b)
}

fn participant(b: &Batch, o: &Owner, status: &str, antrean: Option<i32>) -> Participant {
    fixtures::participant(b, o, status, antrean)
}

#[tokio::test]
async fn one_person_once_per_batch_and_waitlist_promotion_respects_kecamatan_quota() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let a = agency(&db).await;
        let (_p, b) = batch(&db, a, 2, Some(1)).await;
        let o1 = owner(&db, 1, "64.74.01.1001").await;
        let o2 = owner(&db, 2, "64.74.02.1001").await;
        let o3 = owner(&db, 3, "64.74.02.1002").await; // same kecamatan as o2
        let o4 = owner(&db, 4, "64.74.01.1002").await; // same kecamatan as o1
        let mut tx = db.begin().await.unwrap();
        let p1 = participant(&b, &o1, rules::SELECTED, None);
        participants::insert(&mut tx, &p1).await.unwrap();
        participants::insert(&mut tx, &participant(&b, &o2, rules::SELECTED, None)).await.unwrap();
        participants::insert(&mut tx, &participant(&b, &o3, rules::WAITLIST, Some(1))).await.unwrap();
        participants::insert(&mut tx, &participant(&b, &o4, rules::WAITLIST, Some(2))).await.unwrap();
        tx.commit().await.unwrap();

        // The same person again is refused by the database.
        let mut tx = db.begin().await.unwrap();
        let again = participants::insert(&mut tx, &participant(&b, &o1, rules::WAITLIST, Some(3))).await;
        assert!(again.unwrap_err().is_conflict(), "{:?}", db.backend());
        tx.rollback().await.unwrap();

        // o1 withdraws: o3 (first in line) is from kecamatan 02, which already has o2 at its
        // quota of 1, so o4 (kecamatan 01, now free) moves up instead.
        let mut tx = db.begin().await.unwrap();
        participants::set_status(&mut tx, p1.id, rules::WITHDRAWN, None).await.unwrap();
        let promoted = participants::promote_waitlist(&mut tx, b.id, b.kuota, b.kuota_kecamatan).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(promoted.iter().map(|p| p.owner_id).collect::<Vec<_>>(), vec![o4.id], "{:?}", db.backend());
        let rows = participants::list(&db, b.id).await.unwrap();
        let status = |o: &Owner| rows.iter().find(|r| r.owner_id == o.id).unwrap().status.clone();
        assert_eq!((status(&o1), status(&o2), status(&o3), status(&o4)), ("mundur".into(), "peserta".into(), "cadangan".into(), "peserta".into()));
    }
}

#[tokio::test]
async fn attendance_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let a = agency(&db).await;
        let (_p, b) = batch(&db, a, 10, None).await;
        let o = owner(&db, 1, "64.74.01.1001").await;
        let p = participant(&b, &o, rules::SELECTED, None);
        let mut tx = db.begin().await.unwrap();
        participants::insert(&mut tx, &p).await.unwrap();
        let mut sessions = Vec::new();
        for day in 27..=29 {
            let s = batches::Session { id: berdaya_store::new_id(), batch_id: b.id, region: b.region.clone(), tanggal: d(2020, 7, day), jam_mulai: "08:00".into(), jam_selesai: "16:00".into(), topik: String::new(), narasumber: String::new() };
            batches::insert_session(&mut tx, &s).await.unwrap();
            sessions.push(s.id);
        }
        attendance::replace(&mut tx, b.id, &b.region, &sessions.iter().map(|s| (*s, p.id)).collect::<Vec<_>>()).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(participants::list(&db, b.id).await.unwrap()[0].hadir, 3);
        let mut tx = db.begin().await.unwrap();
        attendance::replace(&mut tx, b.id, &b.region, &[(sessions[0], p.id)]).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(participants::list(&db, b.id).await.unwrap()[0].hadir, 1);
        assert_eq!(attendance::cells(&db, b.id).await.unwrap(), vec![(sessions[0], p.id)]);
    }
}

#[tokio::test]
async fn certificate_numbers_have_no_duplicates_under_concurrent_issuing() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let a = agency(&db).await;
        let (p, b) = batch(&db, a, 100, None).await;
        let mut people = Vec::new();
        let mut os = Vec::new();
        for i in 0..40 {
            os.push(owner(&db, 100 + i, "64.74.01.1001").await);
        }
        let mut tx = db.begin().await.unwrap();
        for o in os {
            let part = participant(&b, &o, rules::SELECTED, None);
            participants::insert(&mut tx, &part).await.unwrap();
            people.push((part.id, o.nama.clone()));
        }
        tx.commit().await.unwrap();
        let mut tasks = Vec::new();
        for (pid, nama) in people {
            let (db, b, judul) = (db.clone(), b.clone(), p.judul.clone());
            tasks.push(tokio::spawn(async move {
                let mut tx = db.begin().await.unwrap();
                let n = certificates::next_number(&mut tx, a, 2020).await.unwrap();
                let c = Certificate {
                    id: berdaya_store::new_id(),
                    participant_id: pid,
                    batch_id: b.id,
                    agency_id: a,
                    region: b.region.clone(),
                    tahun: 2020,
                    nomor_urut: n,
                    nomor: format!("{n:04}/SERT-PLT/DKUKMP-BTG/2020"),
                    kode: format!("K{}", pid.simple()),
                    nama,
                    judul,
                    tanggal: b.tanggal_selesai,
                    dicabut_at: None,
                    alasan_cabut: String::new(),
                    created_at: berdaya_store::now(),
                };
                certificates::insert(&mut tx, &c).await.unwrap();
                tx.commit().await.unwrap();
                n
            }));
        }
        let mut numbers = Vec::new();
        for t in tasks {
            numbers.push(t.await.unwrap());
        }
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=40).collect::<Vec<i32>>(), "{:?}", db.backend());
        let stored = certificates::for_batch(&db, &scope("64.74"), b.id).await.unwrap();
        assert_eq!(stored.len(), 40);
        // Another city sees none of them.
        assert!(certificates::for_batch(&db, &scope("36.74"), b.id).await.unwrap().is_empty());
        // A new year starts again at 1.
        let mut tx = db.begin().await.unwrap();
        assert_eq!(certificates::next_number(&mut tx, a, 2021).await.unwrap(), 1);
        tx.rollback().await.unwrap();
    }
}
