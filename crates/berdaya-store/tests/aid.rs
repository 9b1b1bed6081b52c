//! The aid store on SQLite and (with BERDAYA_TEST_PG) PostgreSQL: scope, one application per
//! NIK per program, one payment per NIK per program, maker ≠ checker in the schema, exclusion
//! list versions.

use berdaya_core::{KodeWilayah, Scope};
use berdaya_store::aid::applications::{self as apps, Application};
use berdaya_store::aid::batches::{self, Batch, Recipient};
use berdaya_store::aid::exclusion::{self, Entry, ExclusionList};
use berdaya_store::aid::{self, Program};
use berdaya_store::owners::{self, Owner};
use berdaya_store::testing::{self, fixtures};
use berdaya_store::{Db, StoreError};
use uuid::Uuid;

fn scope(code: &str) -> Scope {
    Scope::Region(KodeWilayah::parse(code).unwrap())
}

fn program(region: &str) -> Program {
    let now = berdaya_store::now();
    Program {
        id: berdaya_store::new_id(),
        region: region.into(),
        nama: "Stimulus Modal UMKM".into(),
        jenis: "stimulus_modal".into(),
        sumber_dana: "APBD Kabupaten/Kota".into(),
        tahun: 2026,
        pagu: 5_000_000_000,
        nilai_per_penerima: 5_000_000,
        mulai: None,
        selesai: None,
        target_region: region.into(),
        kuota: 1000,
        dokumen_wajib: "ktp".into(),
        barang: "[]".into(),
        aturan: "{\"version\":1,\"blocks\":[]}".into(),
        created_by: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

async fn owner(db: &Db, nik: &str, region: &str) -> Owner {
    let o = Owner { nama_norm: format!("PEMILIK {nik}"), ..fixtures::owner(nik, &format!("Pemilik {nik}"), region) };
    let mut tx = db.begin().await.unwrap();
    owners::insert(&mut tx, &o).await.unwrap();
    tx.commit().await.unwrap();
    o
}

fn application(p: &Program, o: &Owner) -> Application {
    fixtures::application(p, o, "")
}

fn batch(p: &Program, by: Uuid, nomor: i32) -> Batch {
    Batch {
        id: berdaya_store::new_id(),
        program_id: p.id,
        region: p.region.clone(),
        nomor,
        status: "diusulkan".into(),
        jumlah: 1,
        total: p.nilai_per_penerima,
        diusulkan_oleh: by,
        diusulkan_at: berdaya_store::now(),
        diputuskan_oleh: None,
        diputuskan_at: None,
        catatan: String::new(),
        sk_nomor: String::new(),
        sk_tanggal: None,
    }
}

fn recipient(p: &Program, a: &Application, b: &Batch, reference: &str) -> Recipient {
    let now = berdaya_store::now();
    Recipient {
        id: berdaya_store::new_id(),
        program_id: p.id,
        region: a.region.clone(),
        application_id: a.id,
        batch_id: b.id,
        nik: a.nik.clone(),
        nama: a.nama.clone(),
        bank: String::new(),
        no_rekening: String::new(),
        nilai: p.nilai_per_penerima,
        status: "menunggu".into(),
        referensi: reference.into(),
        percobaan: 0,
        catatan: String::new(),
        foto_serah_id: None,
        diserahkan_at: None,
        created_at: now,
        updated_at: now,
    }
}

#[tokio::test]
async fn aid_story() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let p = program("64.74");
        let mut tx = db.begin().await.unwrap();
        aid::insert(&mut tx, &p).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(aid::get(&db, &scope("64.74"), p.id).await.unwrap().nama, "Stimulus Modal UMKM");
        assert!(matches!(aid::get(&db, &scope("36.74"), p.id).await, Err(StoreError::NotFound)), "another city does not see it");
        assert_eq!(aid::list(&db, &scope("64")).await.unwrap().len(), 1, "the province sees it");

        // One application per NIK per program.
        let o = owner(&db, "6474015505900001", "64.74.01.1002").await;
        let a = application(&p, &o);
        let mut tx = db.begin().await.unwrap();
        apps::insert(&mut tx, &a).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.begin().await.unwrap();
        let again = apps::insert(&mut tx, &application(&p, &o)).await;
        assert!(matches!(again, Err(StoreError::Conflict { .. })), "{again:?}");
        tx.rollback().await.unwrap();

        // Maker ≠ checker, also in the schema.
        let maker = Uuid::now_v7();
        let b = batch(&p, maker, 1);
        let mut tx = db.begin().await.unwrap();
        batches::insert(&mut tx, &b).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.begin().await.unwrap();
        let self_approval = batches::decide(&mut tx, b.id, true, maker, "", "SK/1", None).await;
        assert!(self_approval.is_err(), "the database refuses a batch decided by its proposer");
        tx.rollback().await.unwrap();
        let mut tx = db.begin().await.unwrap();
        batches::decide(&mut tx, b.id, true, Uuid::now_v7(), "", "SK/1", None).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.begin().await.unwrap();
        assert!(matches!(batches::decide(&mut tx, b.id, false, Uuid::now_v7(), "x", "", None).await, Err(StoreError::Conflict { .. })), "decided once");
        tx.rollback().await.unwrap();

        // One payment per NIK per program, whatever the application or batch.
        let mut tx = db.begin().await.unwrap();
        batches::insert_recipient(&mut tx, &recipient(&p, &a, &b, "R1")).await.unwrap();
        tx.commit().await.unwrap();
        let b2 = batch(&p, maker, 2);
        let mut tx = db.begin().await.unwrap();
        batches::insert(&mut tx, &b2).await.unwrap();
        let mut sneaky = recipient(&p, &a, &b2, "R2");
        sneaky.application_id = a.id;
        let twice = batches::insert_recipient(&mut tx, &sneaky).await;
        assert!(matches!(twice, Err(StoreError::Conflict { .. })), "{twice:?}");
        tx.rollback().await.unwrap();
        assert_eq!(batches::recipients(&db, &scope("64.74"), p.id, None).await.unwrap().len(), 1);
        assert!(batches::recipients(&db, &scope("36.74"), p.id, None).await.unwrap().is_empty());

        // Budget: committed and realised.
        let r = batches::recipients(&db, &Scope::National, p.id, None).await.unwrap().remove(0);
        let mut tx = db.begin().await.unwrap();
        assert!(batches::set_status(&mut tx, r.id, &["menunggu"], "berhasil", "", false).await.unwrap());
        assert!(!batches::set_status(&mut tx, r.id, &["menunggu"], "gagal", "", false).await.unwrap(), "only from the given states");
        tx.commit().await.unwrap();
        let bud = aid::budget(&db, &scope("64.74")).await.unwrap();
        assert_eq!((bud[0].committed, bud[0].realised), (5_000_000, 5_000_000));

        // Exclusion lists: versions, newest applicable per kind.
        for (versi, region, n) in [("2025", "", 2), ("2026", "64", 1), ("lain", "36.74", 1)] {
            let l = ExclusionList {
                id: berdaya_store::new_id(),
                region: region.into(),
                jenis: "asn".into(),
                versi: versi.into(),
                jumlah_baris: n,
                file_id: None,
                uploaded_by: None,
                uploaded_at: berdaya_store::now(),
            };
            let rows: Vec<Entry> = (0..n).map(|i| Entry { nik: format!("647401010190000{i}"), nama_norm: String::new(), tanggal_lahir: None, baris: Some(i as i64 + 2), aktif: true, keterangan: String::new() }).collect();
            let mut tx = db.begin().await.unwrap();
            exclusion::insert(&mut tx, &l, &rows).await.unwrap();
            tx.commit().await.unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let all = exclusion::all(&db).await.unwrap();
        let used = exclusion::applicable(&all, "64.74");
        assert_eq!(used.len(), 1);
        assert_eq!(used[0].versi, "2026", "the province's newer version, not another city's");
        assert_eq!(exclusion::entries(&db, used[0].id).await.unwrap().len(), 1);
    }
}

/// Two approvals of two different batches that both hold the same NIK, each in its own
/// transaction: whatever the order, exactly one recipient row for the NIK, and the losing
/// approval fails with `Conflict` and leaves its batch as it was.
///
/// PostgreSQL: a barrier makes both transactions open at once, each having already marked its
/// batch approved before either writes its recipient; the second insert into the unique index
/// waits for the first transaction and then fails on `aid_recipients_program_nik`.
/// SQLite: writers serialize (`BEGIN IMMEDIATE` in `Db::begin`), so the second approval
/// cannot start until the first has committed; the outcome asserted is the same.
#[tokio::test]
async fn the_same_nik_in_two_batches_is_paid_once_when_approvals_overlap() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let pg = matches!(db, Db::Pg(_));
        let p = program("64.74");
        let mut tx = db.begin().await.unwrap();
        aid::insert(&mut tx, &p).await.unwrap();
        tx.commit().await.unwrap();
        let shared = "6474015505900001";
        let a1 = application(&p, &owner(&db, shared, "64.74.01.1002").await);
        // A second application (another NIK on the application) whose payment row carries the
        // same NIK: the same person reaching the payment list by a second path.
        let a2 = application(&p, &owner(&db, "6474015505900002", "64.74.01.1002").await);
        let maker = Uuid::now_v7();
        let (b1, b2) = (batch(&p, maker, 1), batch(&p, maker, 2));
        let mut tx = db.begin().await.unwrap();
        apps::insert(&mut tx, &a1).await.unwrap();
        apps::insert(&mut tx, &a2).await.unwrap();
        batches::insert(&mut tx, &b1).await.unwrap();
        batches::insert(&mut tx, &b2).await.unwrap();
        tx.commit().await.unwrap();
        let r1 = recipient(&p, &a1, &b1, "R1");
        let mut r2 = recipient(&p, &a2, &b2, "R2");
        r2.nik = shared.into();

        let barrier = tokio::sync::Barrier::new(if pg { 2 } else { 1 });
        let approve = |b: &Batch, r: &Recipient| {
            let (db, barrier, b, r) = (&db, &barrier, b.clone(), r.clone());
            async move {
                let mut tx = db.begin().await?;
                batches::decide(&mut tx, b.id, true, Uuid::now_v7(), "", "SK/1", None).await?;
                barrier.wait().await;
                match batches::insert_recipient(&mut tx, &r).await {
                    Ok(()) => {
                        tx.commit().await?;
                        Ok(())
                    }
                    Err(e) => {
                        tx.rollback().await?;
                        Err(e)
                    }
                }
            }
        };
        let both = async { tokio::join!(approve(&b1, &r1), approve(&b2, &r2)) };
        let (x, y) = tokio::time::timeout(std::time::Duration::from_secs(30), both).await.expect("no deadlock");
        let label = if pg { "postgres" } else { "sqlite" };
        assert!(x.is_ok() != y.is_ok(), "{label}: exactly one approval wins: {x:?} {y:?}");
        let loser = if x.is_ok() { &y } else { &x };
        assert!(matches!(loser, Err(StoreError::Conflict { constraint }) if constraint.contains("program_nik") || constraint.contains("aid_recipients.nik")), "{label}: {loser:?}");
        let (won, lost) = if x.is_ok() { (&b1, &b2) } else { (&b2, &b1) };
        let paid = batches::recipients(&db, &Scope::National, p.id, None).await.unwrap();
        assert_eq!(paid.iter().filter(|r| r.nik == shared).count(), 1, "{label}: one payment row for the NIK");
        assert_eq!(paid.len(), 1, "{label}");
        assert_eq!(paid[0].batch_id, won.id, "{label}");
        let w = batches::get(&db, &Scope::National, won.id).await.unwrap();
        assert_eq!(w.status, "disetujui", "{label}");
        let l = batches::get(&db, &Scope::National, lost.id).await.unwrap();
        assert_eq!((l.status.as_str(), l.diputuskan_oleh, l.sk_nomor.as_str()), ("diusulkan", None, ""), "{label}: the losing batch is unchanged");
    }
}
