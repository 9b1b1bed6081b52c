//! One story per store, run on SQLite and (when BERDAYA_TEST_PG is set) PostgreSQL.

use berdaya_core::{KodeWilayah, Scope};
use berdaya_store::agencies::{self, NewAgency};
use berdaya_store::audit::{self, AuditEntry};
use berdaya_store::jobs::{self, NewJob};
use berdaya_store::users::{self, NewUser, UserPatch};
use berdaya_store::{Db, StoreError, regions, testing};
use chrono::Duration;

async fn dbs() -> (tempfile::TempDir, Vec<Db>) {
    let dir = tempfile::tempdir().unwrap();
    let dbs = testing::fresh_all(dir.path()).await.unwrap();
    (dir, dbs)
}

fn scope(code: &str) -> Scope {
    Scope::Region(KodeWilayah::parse(code).unwrap())
}

async fn agency(db: &Db, name: &str, region: &str) -> agencies::Agency {
    let mut tx = db.begin().await.unwrap();
    let a = agencies::create(
        &mut tx,
        &NewAgency {
            name: name.into(),
            short_name: String::new(),
            region: region.into(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    a
}

async fn user(db: &Db, a: &agencies::Agency, username: &str, role: &str) -> users::User {
    let mut tx = db.begin().await.unwrap();
    let u = users::create(
        &mut tx,
        &NewUser {
            agency_id: a.id,
            region: a.region.clone(),
            username: username.into(),
            full_name: format!("Pengguna {username}"),
            email: String::new(),
            role: role.into(),
            password_hash: "x".into(),
            must_change_password: false,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    u
}

#[tokio::test]
async fn regions_are_loaded_versioned_and_searchable() {
    let (_dir, dbs) = dbs().await;
    for db in &dbs {
        let counts = regions::count_by_level(db).await.unwrap();
        assert_eq!(
            counts,
            vec![("provinsi".into(), 38), ("kabkota".into(), 514), ("kecamatan".into(), 7285), ("desakel".into(), 83762)],
            "{:?}",
            db.backend()
        );
        let bontang = regions::get(db, "64.74").await.unwrap().unwrap();
        assert_eq!(bontang.nama, "Kota Bontang");
        assert_eq!(bontang.induk.as_deref(), Some("64"));
        assert!(bontang.penduduk.unwrap() > 100_000);
        assert!(bontang.luas_km2.unwrap() > 100.0);
        assert_eq!(regions::children_count(db, "64.74").await.unwrap(), 3);
        let found = regions::search(db, "bontang", None, None, 10).await.unwrap();
        assert_eq!(found[0].kode, "64.74", "prefix match on a kab/kota comes first");
        assert!(found.iter().any(|r| r.kode.starts_with("64.74.01")));
        let within = regions::search(db, "utara", Some("64.74"), Some("kecamatan"), 10).await.unwrap();
        assert_eq!(within.len(), 1);
        assert_eq!(within[0].nama, "Bontang Utara");
        // Loading again is a no-op.
        assert!(!regions::load_embedded(db).await.unwrap());
    }
}

#[tokio::test]
async fn scoped_reads_and_writes_stay_inside_the_subtree() {
    let (_dir, dbs) = dbs().await;
    for db in &dbs {
        let bontang = agency(db, "Dinas Bontang", "64.74").await;
        let tangsel = agency(db, "Dinas Tangsel", "36.74").await;
        let kaltim = agency(db, "Dinas Kaltim", "64").await;
        let u_b = user(db, &bontang, "op.bontang", "operator").await;
        let u_t = user(db, &tangsel, "op.tangsel", "operator").await;
        let u_k = user(db, &kaltim, "op.kaltim", "operator").await;

        let s_b = scope("64.74");
        let s_k = scope("64");
        assert!(users::get(db, &s_b, u_b.id).await.is_ok());
        assert!(matches!(users::get(db, &s_b, u_t.id).await, Err(StoreError::NotFound)));
        assert!(matches!(users::get(db, &s_b, u_k.id).await, Err(StoreError::NotFound)), "a city cannot see its province");
        assert!(users::get(db, &s_k, u_b.id).await.is_ok(), "a province sees its cities");
        assert!(users::get(db, &Scope::National, u_t.id).await.is_ok());

        let names = |v: Vec<users::User>| v.into_iter().map(|u| u.username).collect::<Vec<_>>();
        assert_eq!(names(users::list(db, &s_b, "", 50, 0).await.unwrap()), vec!["op.bontang"]);
        assert_eq!(names(users::list(db, &s_k, "", 50, 0).await.unwrap()), vec!["op.kaltim", "op.bontang"]);
        assert_eq!(users::count(db, &Scope::National).await.unwrap(), 3);
        assert_eq!(agencies::list(db, &s_k).await.unwrap().len(), 2);

        let patch = UserPatch { full_name: "Diubah".into(), email: String::new(), role: "admin".into(), active: true };
        let mut tx = db.begin().await.unwrap();
        let r = users::update(&mut tx, &s_b, u_t.id, &patch).await;
        assert!(matches!(r, Err(StoreError::NotFound)));
        tx.rollback().await.unwrap();
        let still = users::get(db, &Scope::National, u_t.id).await.unwrap();
        assert_eq!(still.full_name, "Pengguna op.tangsel");
        assert_eq!(still.role, "operator");

        // Usernames are unique across the deployment.
        let mut tx = db.begin().await.unwrap();
        let dup = users::create(
            &mut tx,
            &NewUser {
                agency_id: bontang.id,
                region: "64.74".into(),
                username: "op.tangsel".into(),
                full_name: "x".into(),
                email: String::new(),
                role: "operator".into(),
                password_hash: "x".into(),
                must_change_password: false,
            },
        )
        .await;
        assert!(dup.unwrap_err().is_conflict());
        tx.rollback().await.unwrap();
    }
}

fn entry(region: &str, action: &str, nik: &str) -> AuditEntry {
    AuditEntry {
        actor_name: "tester".into(),
        region: region.into(),
        action: action.into(),
        entity_type: "owner".into(),
        entity_id: "1".into(),
        after: Some(serde_json::json!({"nama": "Siti", "nik": nik})),
        ..Default::default()
    }
}

#[tokio::test]
async fn audit_chain_verifies_and_masks_nik() {
    let (_dir, dbs) = dbs().await;
    for db in &dbs {
        for i in 0..30 {
            let region = if i % 2 == 0 { "64.74.01" } else { "36.74.02" };
            audit::record_alone(db, entry(region, "create", "6474015505900001")).await.unwrap();
        }
        let report = audit::verify(db, |_, _| {}).await.unwrap();
        assert!(report.ok(), "{report:?}");
        assert_eq!(report.rows_checked, 30);
        let rows = audit::list(db, &scope("64.74"), &Default::default(), 100).await.unwrap();
        assert_eq!(rows.len(), 15);
        assert!(rows.windows(2).all(|w| w[0].seq > w[1].seq), "newest first");
        let after = rows[0].after_data.as_deref().unwrap();
        assert!(after.contains("6474**********01"), "{after}");
        assert!(!after.contains("6474015505900001"));
    }
}

#[tokio::test]
async fn audit_log_refuses_updates() {
    let (_dir, dbs) = dbs().await;
    for db in &dbs {
        audit::record_alone(db, entry("64.74", "create", "1")).await.unwrap();
        let r = berdaya_store::on_db!(db, |p| sqlx::query("UPDATE audit_log SET actor_name = 'x'").execute(p).await.map(|_| ()));
        assert!(r.is_err(), "append-only trigger must refuse updates");
        let r = berdaya_store::on_db!(db, |p| sqlx::query("DELETE FROM audit_log").execute(p).await.map(|_| ()));
        assert!(r.is_err(), "append-only trigger must refuse deletes");
    }
}

#[tokio::test]
async fn concurrent_audit_writers_keep_one_chain() {
    let (_dir, dbs) = dbs().await;
    for db in &dbs {
        let mut handles = Vec::new();
        for t in 0..4 {
            let db = db.clone();
            handles.push(tokio::spawn(async move {
                for _ in 0..10 {
                    audit::record_alone(&db, entry("64.74", &format!("w{t}"), "1")).await.unwrap();
                }
            }));
        }
        for h in handles {
            h.await.unwrap();
        }
        let report = audit::verify(db, |_, _| {}).await.unwrap();
        assert!(report.ok(), "{report:?}");
        assert_eq!(report.rows_checked, 40);
    }
}

#[tokio::test]
async fn jobs_are_claimed_once_retried_and_completed() {
    let (_dir, dbs) = dbs().await;
    for db in &dbs {
        let mut tx = db.begin().await.unwrap();
        let new = |key: Option<&str>| NewJob {
            kind: "test".into(),
            payload: serde_json::json!({"n": 1}),
            region: "64.74".into(),
            created_by: None,
            max_attempts: 2,
            dedup_key: key.map(str::to_string),
        };
        let a = jobs::enqueue(&mut tx, &new(Some("k1"))).await.unwrap();
        let again = jobs::enqueue(&mut tx, &new(Some("k1"))).await.unwrap();
        assert_eq!(a, again, "same dedup key gives the same job");
        let b = jobs::enqueue(&mut tx, &new(None)).await.unwrap();
        tx.commit().await.unwrap();

        // Two workers racing: each job is taken by exactly one.
        let (x, y) = tokio::join!(jobs::claim(db, "w1", Duration::minutes(5)), jobs::claim(db, "w2", Duration::minutes(5)));
        let (x, y) = (x.unwrap().unwrap(), y.unwrap().unwrap());
        assert_ne!(x.id, y.id);
        assert!(jobs::claim(db, "w3", Duration::minutes(5)).await.unwrap().is_none());

        jobs::set_progress(db, x.id, 5, 10).await.unwrap();
        let seen = jobs::get(db, &scope("64"), x.id).await.unwrap();
        assert_eq!((seen.progress_done, seen.progress_total, seen.status.as_str()), (5, 10, "running"));
        assert!(jobs::get(db, &scope("36"), x.id).await.is_err(), "other scope cannot see the job");
        jobs::complete(db, x.id, &serde_json::json!({"ok": true})).await.unwrap();
        let done = jobs::get(db, &Scope::National, x.id).await.unwrap();
        assert_eq!((done.status.as_str(), done.progress_done), ("done", 10));

        // y fails once (retried), then again (failed for good).
        assert!(jobs::fail(db, &y, "boom", Duration::zero()).await.unwrap());
        let y2 = jobs::claim(db, "w1", Duration::minutes(5)).await.unwrap().unwrap();
        assert_eq!((y2.id, y2.attempts), (y.id, 2));
        assert!(!jobs::fail(db, &y2, "boom again", Duration::zero()).await.unwrap());
        let failed = jobs::get(db, &Scope::National, y.id).await.unwrap();
        assert_eq!(failed.status, "failed");
        assert_eq!(failed.last_error.as_deref(), Some("boom again"));
        assert!(jobs::claim(db, "w1", Duration::minutes(5)).await.unwrap().is_none());
        let _ = (a, b);
    }
}

#[tokio::test]
async fn stale_running_jobs_are_taken_again() {
    let (_dir, dbs) = dbs().await;
    for db in &dbs {
        let mut tx = db.begin().await.unwrap();
        let id = jobs::enqueue(
            &mut tx,
            &NewJob {
                kind: "t".into(),
                payload: serde_json::json!({}),
                region: String::new(),
                created_by: None,
                max_attempts: 3,
                dedup_key: None,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let first = jobs::claim(db, "dead-worker", Duration::minutes(5)).await.unwrap().unwrap();
        assert_eq!(first.id, id);
        assert!(jobs::claim(db, "w", Duration::minutes(5)).await.unwrap().is_none());
        // With a zero stale limit the lock is already stale.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let again = jobs::claim(db, "w", Duration::zero()).await.unwrap().unwrap();
        assert_eq!((again.id, again.attempts), (id, 2));
    }
}

#[tokio::test]
async fn a_newer_region_list_retires_missing_codes_without_deleting_them() {
    let (_dir, dbs) = dbs().await;
    for db in &dbs {
        // A newer (hypothetical) list: one desa gone, one new desa added.
        let mut rows: Vec<berdaya_core::refdata::WilayahRow> =
            berdaya_core::refdata::wilayah_rows().filter(|r| r.kode != "64.74.01.1006").collect();
        rows.push(berdaya_core::refdata::WilayahRow {
            kode: "64.74.01.1007".into(),
            nama: "Desa Baru Uji".into(),
            tingkat: "desakel".into(),
            induk: "64.74.01".into(),
        });
        assert!(regions::load_version(db, "Kepmendagri uji 2027", &rows).await.unwrap());
        assert!(!regions::load_version(db, "Kepmendagri uji 2027", &rows).await.unwrap(), "loaded once");
        let gone = regions::get(db, "64.74.01.1006").await.unwrap().expect("old code still resolves");
        assert!(gone.retired_version_id.is_some());
        let new = regions::get(db, "64.74.01.1007").await.unwrap().unwrap();
        assert!(new.retired_version_id.is_none());
        assert_eq!(regions::children_count(db, "64.74.01").await.unwrap(), 6, "one retired, one added");
        let search = regions::search(db, "api-api", None, None, 5).await.unwrap();
        assert!(search.iter().all(|r| r.kode != "64.74.01.1006"), "retired codes are not offered for new records");
    }
}
