//! Merging two owner records of one person (`duplicates::move_owner`) on SQLite and (with
//! BERDAYA_TEST_PG) PostgreSQL: businesses, training participations and aid applications move
//! to the survivor; a batch both records were in ends with one participant row that keeps what
//! either row said; a program both applied to keeps the application furthest along and closes
//! the other; what could not simply be moved is written in the merge history.

use berdaya_core::{KodeWilayah, Scope};
use berdaya_store::agencies::{self, NewAgency};
use berdaya_store::aid::applications::{self as apps, Application};
use berdaya_store::aid::{self, Program as AidProgram};
use berdaya_store::duplicates::{self, Merge, Moved};
use berdaya_store::owners::{self, Owner};
use berdaya_store::training::batches;
use berdaya_store::training::certificates::{self, Certificate};
use berdaya_store::training::followups::{self, Evaluation, FollowUp};
use berdaya_store::training::participants::{self, Participant};
use berdaya_store::training::{Batch, programs};
use berdaya_store::testing::{self, fixtures};
use berdaya_store::{Db, on_db};
use chrono::NaiveDate;
use uuid::Uuid;

const REGION: &str = "64.74.02.1003";

fn scope() -> Scope {
    Scope::Region(KodeWilayah::parse("64.74").unwrap())
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn owner(db: &Db, nik: &str, nama: &str) -> Owner {
    let o = Owner {
        nama_norm: nama.to_uppercase(),
        jenis_kelamin: "P".into(),
        tanggal_lahir: Some(d(1979, 3, 14)),
        ..fixtures::owner(nik, nama, REGION)
    };
    let mut tx = db.begin().await.unwrap();
    owners::insert(&mut tx, &o).await.unwrap();
    tx.commit().await.unwrap();
    o
}

/// An agency's training program with `n` batches of three sessions each.
async fn training(db: &Db, n: usize) -> (Uuid, Vec<(Batch, Vec<Uuid>)>) {
    let mut tx = db.begin().await.unwrap();
    let agency = agencies::create(
        &mut tx,
        &NewAgency { name: "Diskop Bontang".into(), short_name: "DKUKMP-BTG".into(), region: "64.74".into(), address: String::new(), phone: String::new(), email: String::new() },
    )
    .await
    .unwrap();
    let p = fixtures::training_program(agency.id, "Pelatihan Pengemasan Produk", "Pengemasan", 100_000_000);
    programs::insert(&mut tx, &p).await.unwrap();
    let mut out = Vec::new();
    for i in 0..n {
        let b = fixtures::batch(&p, i as u32 + 1, d(2026, 3, 2), d(2026, 3, 4));
        batches::insert(&mut tx, &b).await.unwrap();
        let mut sessions = Vec::new();
        for day in 0..3 {
            let s = fixtures::session(&b, d(2026, 3, 2 + day), "12:00");
            batches::insert_session(&mut tx, &s).await.unwrap();
            sessions.push(s.id);
        }
        out.push((b, sessions));
    }
    tx.commit().await.unwrap();
    (agency.id, out)
}

fn participant(b: &Batch, o: &Owner, status: &str, antrean: Option<i32>, pre: Option<i32>, post: Option<i32>) -> Participant {
    Participant { pre_test: pre, post_test: post, ..fixtures::participant(b, o, status, antrean) }
}

fn certificate(p: &Participant, agency_id: Uuid, no: i32) -> Certificate {
    Certificate {
        id: berdaya_store::new_id(),
        participant_id: p.id,
        batch_id: p.batch_id,
        agency_id,
        region: p.region.clone(),
        tahun: 2026,
        nomor_urut: no,
        nomor: format!("{no:04}/SERT-PLT/DKUKMP-BTG/2026"),
        kode: format!("KODE{no:04}{}", p.id.simple()),
        nama: "Siti Aminah".into(),
        judul: "Pelatihan Pengemasan Produk".into(),
        tanggal: d(2026, 3, 4),
        dicabut_at: None,
        alasan_cabut: String::new(),
        created_at: berdaya_store::now(),
    }
}

fn followup(p: &Participant, bulan: i32, catatan: &str) -> FollowUp {
    FollowUp {
        id: berdaya_store::new_id(),
        participant_id: p.id,
        batch_id: p.batch_id,
        region: p.region.clone(),
        bulan,
        mulai_usaha: true,
        business_id: None,
        omzet_bulanan: Some(3_000_000),
        tenaga_kerja: Some(1),
        capaian: String::new(),
        catatan: catatan.into(),
        created_by: None,
        created_at: berdaya_store::now(),
    }
}

fn aid_program(nama: &str) -> AidProgram {
    fixtures::aid_program(nama, 500_000_000, 2_500_000, 100)
}

fn application(p: &AidProgram, o: &Owner, status: &str, keputusan: &str, minutes_ago: i64) -> Application {
    let at = berdaya_store::now() - chrono::Duration::minutes(minutes_ago);
    Application {
        status: status.into(),
        batch_id: (status != "diajukan").then(berdaya_store::new_id),
        created_at: at,
        updated_at: at,
        ..fixtures::application(p, o, keputusan)
    }
}

/// Insert an application as it stands after screening and batching (`apps::insert` writes
/// a fresh application: no decision, no batch).
async fn put_application(tx: &mut berdaya_store::Tx, a: &Application) {
    apps::insert(tx, a).await.unwrap();
    berdaya_store::on_tx!(tx, |c| sqlx::query("UPDATE aid_applications SET keputusan = $1, batch_id = $2 WHERE id = $3")
        .bind(&a.keputusan)
        .bind(a.batch_id)
        .bind(a.id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
}

async fn rows_of(db: &Db, owner: Uuid) -> Vec<(Uuid, Uuid, String, Option<i32>, Option<i32>, Option<i32>)> {
    on_db!(db, |p| sqlx::query_as(
        "SELECT id, batch_id, status, antrean, pre_test, post_test FROM training_participants WHERE owner_id = $1"
    )
    .bind(owner)
    .fetch_all(p)
    .await)
    .unwrap()
}

async fn count(db: &Db, sql: &str, id: Uuid) -> i64 {
    on_db!(db, |p| sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(p).await).unwrap()
}

fn entry<'a>(moved: &'a [Moved], table: &str) -> Option<&'a Moved> {
    moved.iter().find(|m| m.table == table)
}

#[tokio::test]
async fn merge_moves_training_and_aid_and_folds_what_the_person_holds_twice() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let keep = owner(&db, "6474025403790001", "Siti Aminah").await;
        let gone = owner(&db, "6474025403790009", "Sitti Aminah").await;
        let other = owner(&db, "6474021212800003", "Budi Santoso").await;
        let (agency_id, tr) = training(&db, 4).await;
        let (b_both, s_both) = &tr[0];
        let (b_gone, s_gone) = &tr[1];
        let (b_certs, _) = &tr[2];
        let (b_keep, _) = &tr[3];

        // Batch 1: both records. The survivor's row waits (cadangan #2) and signed in on day 1;
        // the duplicate was selected, took both tests, signed in on days 1 and 2, filled the
        // evaluation, got the certificate and has follow-ups at 3 and 6 months (the survivor's
        // row has one at 3 months).
        let k1 = participant(b_both, &keep, "cadangan", Some(2), None, None);
        let g1 = participant(b_both, &gone, "peserta", None, Some(55), Some(80));
        // Batch 2: only the merged record. Batch 3: both, both certified. Batch 4: only the
        // survivor. Budi is in batch 1 too and must not be touched.
        let g2 = participant(b_gone, &gone, "peserta", None, Some(70), Some(90));
        let k3 = participant(b_certs, &keep, "peserta", None, None, Some(85));
        let g3 = participant(b_certs, &gone, "peserta", None, None, Some(75));
        let k4 = participant(b_keep, &keep, "peserta", None, None, None);
        let o1 = participant(b_both, &other, "peserta", None, None, None);
        let mut tx = db.begin().await.unwrap();
        for p in [&k1, &g1, &g2, &k3, &g3, &k4, &o1] {
            participants::insert(&mut tx, p).await.unwrap();
        }
        berdaya_store::training::attendance::replace(&mut tx, b_both.id, "64.74", &[(s_both[0], k1.id), (s_both[0], g1.id), (s_both[1], g1.id), (s_both[2], o1.id)])
            .await
            .unwrap();
        berdaya_store::training::attendance::replace(&mut tx, b_gone.id, "64.74", &[(s_gone[0], g2.id)]).await.unwrap();
        followups::save_evaluation(
            &mut tx,
            &Evaluation { participant_id: g1.id, batch_id: b_both.id, region: "64.74".into(), skor_materi: 5, skor_narasumber: 4, skor_tempat: 4, saran: "bagus".into(), created_at: berdaya_store::now() },
        )
        .await
        .unwrap();
        followups::insert(&mut tx, &followup(&k1, 3, "survivor 3 bulan")).await.unwrap();
        followups::insert(&mut tx, &followup(&g1, 3, "duplicate 3 bulan")).await.unwrap();
        followups::insert(&mut tx, &followup(&g1, 6, "duplicate 6 bulan")).await.unwrap();
        let cert_g1 = certificate(&g1, agency_id, 1);
        let cert_k3 = certificate(&k3, agency_id, 2);
        let cert_g3 = certificate(&g3, agency_id, 3);
        for c in [&cert_g1, &cert_k3, &cert_g3] {
            certificates::insert(&mut tx, c).await.unwrap();
        }

        // Aid. P1: both submitted; the survivor's is layak, the duplicate's perlu ditinjau.
        // P2: only the duplicate applied. P3: the duplicate's was approved, the survivor's only
        // submitted. P4: the survivor's approved and the duplicate's in a batch (both past the
        // point a merge may undo).
        let progs: Vec<AidProgram> = ["P1", "P2", "P3", "P4"].iter().map(|n| aid_program(n)).collect();
        for p in &progs {
            aid::insert(&mut tx, p).await.unwrap();
        }
        let a1k = application(&progs[0], &keep, "diajukan", "layak", 30);
        let a1g = application(&progs[0], &gone, "diajukan", "perlu_ditinjau", 60);
        let a2g = application(&progs[1], &gone, "diajukan", "", 10);
        let a3k = application(&progs[2], &keep, "diajukan", "", 50);
        let a3g = application(&progs[2], &gone, "disetujui", "layak", 20);
        let a4k = application(&progs[3], &keep, "disetujui", "layak", 40);
        let a4g = application(&progs[3], &gone, "diusulkan", "layak", 45);
        for a in [&a1k, &a1g, &a2g, &a3k, &a3g, &a4k, &a4g] {
            put_application(&mut tx, a).await;
        }
        tx.commit().await.unwrap();

        // The merge, as the review queue's service runs it.
        let now = berdaya_store::now();
        let mut tx = db.begin().await.unwrap();
        let moved = duplicates::move_owner(&mut tx, keep.id, &keep.nama_norm, gone.id, now).await.expect("the merge succeeds");
        let json = serde_json::to_string(&moved).unwrap();
        duplicates::record_merge(
            &mut tx,
            &Merge {
                id: berdaya_store::new_id(),
                region: "64.74".into(),
                survivor_id: keep.id,
                merged_id: gone.id,
                merged_record: serde_json::to_string(&gone).unwrap(),
                moved: json,
                pair_id: None,
                merged_by: None,
                merged_at: now,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        // Training: the merged record holds only the withdrawn row of the doubly certified batch.
        let mut mine = rows_of(&db, keep.id).await;
        mine.sort_by_key(|r| r.1);
        let by_batch = |b: &Batch| mine.iter().filter(|r| r.1 == b.id).cloned().collect::<Vec<_>>();
        let one = by_batch(b_both);
        assert_eq!(one.len(), 1, "one participant row for the batch both records were in");
        assert_eq!(one[0].0, k1.id, "the survivor's row stays");
        assert_eq!((one[0].2.as_str(), one[0].3), ("peserta", None), "the stronger status, out of the waitlist");
        assert_eq!((one[0].4, one[0].5), (Some(55), Some(80)), "scores the survivor's row lacked");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM training_participants WHERE id = $1", g1.id).await, 0, "the duplicate row is gone");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM training_attendance WHERE participant_id = $1", k1.id).await, 2, "days 1 and 2");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM training_evaluations WHERE participant_id = $1", k1.id).await, 1);
        let months: Vec<(i32, String)> = on_db!(&db, |p| sqlx::query_as(
            "SELECT bulan, catatan FROM training_followups WHERE participant_id = $1 ORDER BY bulan"
        )
        .bind(k1.id)
        .fetch_all(p)
        .await)
        .unwrap();
        assert_eq!(months, vec![(3, "survivor 3 bulan".to_string()), (6, "duplicate 6 bulan".to_string())]);
        let c = certificates::by_code(&db, &cert_g1.kode).await.unwrap().expect("the certificate still verifies");
        assert_eq!(c.participant_id, k1.id);
        assert!(c.dicabut_at.is_none());
        // Budi's row and attendance in the same batch are untouched.
        assert_eq!(rows_of(&db, other.id).await.len(), 1);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM training_attendance WHERE participant_id = $1", o1.id).await, 1);

        let moved_row = by_batch(b_gone);
        assert_eq!(moved_row.len(), 1);
        assert_eq!((moved_row[0].0, moved_row[0].5), (g2.id, Some(90)), "a batch only the merged record was in moves as it is");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM training_attendance WHERE participant_id = $1", g2.id).await, 1);
        assert_eq!(by_batch(b_keep).len(), 1);

        // Both certified: the survivor keeps its certificate; the duplicate's is revoked and its
        // row stays on the merged record as withdrawn.
        let certs = by_batch(b_certs);
        assert_eq!(certs.len(), 1);
        assert_eq!(certs[0].0, k3.id);
        assert!(certificates::by_code(&db, &cert_k3.kode).await.unwrap().unwrap().dicabut_at.is_none());
        let revoked = certificates::by_code(&db, &cert_g3.kode).await.unwrap().unwrap();
        assert!(revoked.dicabut_at.is_some(), "a second certificate for one person in one batch is revoked");
        assert!(revoked.alasan_cabut.contains(&cert_k3.nomor), "{}", revoked.alasan_cabut);
        let left = rows_of(&db, gone.id).await;
        assert_eq!(left.len(), 1);
        assert_eq!((left[0].0, left[0].2.as_str()), (g3.id, "mundur"));

        // Aid: every application is the survivor's now.
        assert_eq!(count(&db, "SELECT COUNT(*) FROM aid_applications WHERE owner_id = $1", gone.id).await, 0);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM aid_applications WHERE owner_id = $1", keep.id).await, 7);
        let app = |id: Uuid| {
            let db = db.clone();
            async move { apps::get(&db, &scope(), id).await.unwrap() }
        };
        // P1: the survivor's layak one counts; the duplicate's is closed as penerima ganda.
        assert_eq!(app(a1k.id).await.keputusan, "layak");
        let closed = app(a1g.id).await;
        assert_eq!((closed.status.as_str(), closed.keputusan.as_str(), closed.kategori.as_str()), ("diajukan", "tidak_layak", "penerima_ganda"));
        assert!(closed.alasan.contains("Permohonan ganda"), "{}", closed.alasan);
        assert!(closed.catatan_tinjau.contains(&a1k.id.to_string()), "{}", closed.catatan_tinjau);
        assert_eq!(closed.nik, gone.nik, "an application keeps the NIK it was filed under");
        // P2: moved, untouched.
        let a2 = app(a2g.id).await;
        assert_eq!((a2.owner_id, a2.keputusan.as_str()), (keep.id, ""));
        // P3: the approved one is further along than the survivor's own submitted one.
        assert_eq!(app(a3g.id).await.status, "disetujui");
        assert_eq!(app(a3k.id).await.keputusan, "tidak_layak");
        // P4: both past the point of no return: nothing changed, listed for follow-up.
        let a4 = app(a4g.id).await;
        assert_eq!((a4.status.as_str(), a4.keputusan.as_str()), ("diusulkan", "layak"));
        assert_eq!(app(a4k.id).await.status, "disetujui");

        // What the merge did, as returned and as kept in the history.
        assert_eq!(entry(&moved, "businesses").map(|m| m.ids.len()), Some(0));
        assert_eq!(entry(&moved, "training_participants").unwrap().ids, vec![g2.id]);
        assert_eq!(entry(&moved, "training_participants:folded").unwrap().ids, vec![g1.id]);
        assert_eq!(entry(&moved, "training_participants:left_on_merged").unwrap().ids, vec![g3.id]);
        let mut moved_apps = entry(&moved, "aid_applications").unwrap().ids.clone();
        moved_apps.sort();
        let mut expected = vec![a1g.id, a2g.id, a3g.id, a4g.id];
        expected.sort();
        assert_eq!(moved_apps, expected);
        let mut closed_ids = entry(&moved, "aid_applications:closed").unwrap().ids.clone();
        closed_ids.sort();
        let mut expected = vec![a1g.id, a3k.id];
        expected.sort();
        assert_eq!(closed_ids, expected);
        assert_eq!(entry(&moved, "aid_applications:follow_up").unwrap().ids, vec![a4g.id]);
        let history = duplicates::merges_into(&db, keep.id).await.unwrap();
        assert_eq!(history.len(), 1);
        let h: serde_json::Value = serde_json::from_str(&history[0].moved).unwrap();
        let notes = |table: &str| -> String {
            h.as_array().unwrap().iter().find(|m| m["table"] == table).map(|m| m["notes"].to_string()).unwrap_or_default()
        };
        assert!(notes("training_participants:folded").contains("certificate 0001/SERT-PLT/DKUKMP-BTG/2026 moved"), "{h}");
        assert!(notes("training_participants:folded").contains("1 session(s) of attendance added"), "{h}");
        assert!(notes("training_participants:folded").contains("1 follow-up(s) dropped"), "{h}");
        assert!(notes("aid_applications:follow_up").contains("paid twice"), "{h}");
        assert_eq!(duplicates::merged_into(&db, gone.id).await.unwrap(), Some(keep.id));
        assert_eq!(owners::owner_for_nik(&db, &gone.nik).await.unwrap(), Some(keep.id));
        db.close().await;
    }
}

#[tokio::test]
async fn merging_owners_with_nothing_in_common_moves_everything_and_adds_no_notes() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let keep = owner(&db, "6474025403790001", "Siti Aminah").await;
        let gone = owner(&db, "6474025403790009", "Siti Aminah").await;
        let (_, tr) = training(&db, 2).await;
        let p = aid_program("P1");
        let q = aid_program("P2");
        let mut tx = db.begin().await.unwrap();
        let k = participant(&tr[0].0, &keep, "peserta", None, None, None);
        let g = participant(&tr[1].0, &gone, "cadangan", Some(1), None, None);
        participants::insert(&mut tx, &k).await.unwrap();
        participants::insert(&mut tx, &g).await.unwrap();
        aid::insert(&mut tx, &p).await.unwrap();
        aid::insert(&mut tx, &q).await.unwrap();
        let ak = application(&p, &keep, "diajukan", "layak", 5);
        let ag = application(&q, &gone, "diajukan", "perlu_ditinjau", 5);
        put_application(&mut tx, &ak).await;
        put_application(&mut tx, &ag).await;
        tx.commit().await.unwrap();

        let mut tx = db.begin().await.unwrap();
        let moved = duplicates::move_owner(&mut tx, keep.id, &keep.nama_norm, gone.id, berdaya_store::now()).await.unwrap();
        tx.commit().await.unwrap();
        let tables: Vec<&str> = moved.iter().map(|m| m.table.as_str()).collect();
        assert_eq!(tables, ["businesses", "training_participants", "aid_applications"], "no folded, closed or follow-up entries");
        assert!(moved.iter().all(|m| m.notes.is_empty()));
        assert_eq!(rows_of(&db, keep.id).await.len(), 2);
        let g_now = participants::get(&db, &scope(), g.id).await.unwrap();
        assert_eq!((g_now.owner_id, g_now.status.as_str(), g_now.antrean), (keep.id, "cadangan", Some(1)));
        let ag_now = apps::get(&db, &scope(), ag.id).await.unwrap();
        assert_eq!((ag_now.owner_id, ag_now.keputusan.as_str()), (keep.id, "perlu_ditinjau"), "another program: nothing closed");
        // Merging again is refused: the record is merged already.
        let mut tx = db.begin().await.unwrap();
        let again = duplicates::move_owner(&mut tx, keep.id, &keep.nama_norm, gone.id, berdaya_store::now()).await;
        assert!(matches!(again, Err(berdaya_store::StoreError::Conflict { .. })), "{again:?}");
        tx.rollback().await.unwrap();
        db.close().await;
    }
}
