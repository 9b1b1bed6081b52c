//! `berdaya import owners` on generated Dinas data: counts, idempotent re-import, scope, and a
//! kill in the middle that leaves no half-written rows.

use std::process::{Command, Stdio};

use berdaya_store::{Db, audit, testing};

const BIN: &str = env!("CARGO_BIN_EXE_berdaya");

fn berdaya(args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN).args(args).env_remove("BERDAYA_DATABASE_URL").output().unwrap();
    (out.status.code().unwrap_or(-1), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn counts(report: &std::path::Path) -> std::collections::BTreeMap<String, usize> {
    let mut m = std::collections::BTreeMap::new();
    for rec in csv::Reader::from_path(report).unwrap().records() {
        *m.entry(rec.unwrap()[1].to_string()).or_default() += 1;
    }
    m
}

async fn targets(dir: &std::path::Path) -> Vec<(Vec<String>, String)> {
    let sqlite = dir.join("data");
    let mut t = vec![(vec!["--data-dir".into(), sqlite.to_string_lossy().into_owned()], sqlite.join("berdaya.db").to_string_lossy().into_owned())];
    if let Some(url) = testing::fresh_pg_url().await.unwrap() {
        t.push((vec!["--database".into(), url.clone()], url));
    }
    t
}

/// No owner without its claim in the NIK table, no business without its owner.
async fn consistent(db: &Db) -> (i64, i64) {
    let (owners, orphans, unclaimed, businesses): (i64, i64, i64, i64) = berdaya_store::on_db!(db, |p| sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM owners), \
                (SELECT COUNT(*) FROM businesses b WHERE NOT EXISTS (SELECT 1 FROM owners o WHERE o.id = b.owner_id)), \
                (SELECT COUNT(*) FROM owners o WHERE NOT EXISTS (SELECT 1 FROM owner_nik n WHERE n.owner_id = o.id)), \
                (SELECT COUNT(*) FROM businesses)"
    )
    .fetch_one(p)
    .await)
    .unwrap();
    assert_eq!((orphans, unclaimed), (0, 0));
    assert!(audit::verify(db, |_, _| {}).await.unwrap().ok());
    (owners, businesses)
}

#[tokio::test]
async fn import_reimport_and_scope() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("owners.csv");
    let truth = dir.path().join("truth.csv");
    let (code, out) = berdaya(&["gen", "owners", "--count", "600", "--region", "64.74", "--out", csv.to_str().unwrap(),
        "--truth", truth.to_str().unwrap(), "--seed", "3", "--dup-rate", "0.03", "--error-rate", "0.05"]);
    assert_eq!(code, 0, "{out}");
    for (target, url) in targets(dir.path()).await {
        let t: Vec<&str> = target.iter().map(String::as_str).collect();
        let report = dir.path().join("r1.csv");
        let args = [&t[..], &["import", "owners", csv.to_str().unwrap(), "--region", "64.74", "--report", report.to_str().unwrap()]].concat();
        let (code, out) = berdaya(&args);
        assert_eq!(code, 0, "{out}");
        let c1 = counts(&report);
        assert_eq!(c1.values().sum::<usize>(), 600, "one report line per input row");
        assert!(c1["imported"] > 450, "{c1:?}");
        assert!(c1["rejected"] > 5, "planted errors are rejected: {c1:?}");
        let db = Db::connect(&url).await.unwrap();
        let (owners1, biz1) = consistent(&db).await;
        assert_eq!(owners1 as usize, c1["imported"]);

        // The same file again creates nothing new.
        let (code, out) = berdaya(&args);
        assert_eq!(code, 0, "{out}");
        let c2 = counts(&report);
        assert_eq!(c2.get("imported"), None, "{c2:?}");
        assert_eq!(c2.get("updated"), None, "{c2:?}");
        assert_eq!(consistent(&db).await, (owners1, biz1));

        // Another agency's region: every row refused, nothing written.
        let args = [&t[..], &["import", "owners", csv.to_str().unwrap(), "--region", "36.74", "--report", report.to_str().unwrap()]].concat();
        let (code, out) = berdaya(&args);
        assert_eq!(code, 0, "{out}");
        let c3 = counts(&report);
        assert_eq!(c3.get("imported"), None, "{c3:?}");
        assert_eq!(consistent(&db).await, (owners1, biz1));
        db.close().await;
    }
}

/// The report without owner ids: (row, status, reason) per input row.
fn outcomes(report: &std::path::Path) -> Vec<(String, String, String)> {
    csv::Reader::from_path(report).unwrap().records().map(|r| r.unwrap()).map(|r| (r[0].to_string(), r[1].to_string(), r[2].to_string())).collect()
}

/// Reading and converting run one batch ahead of the writes: many small batches (in-file
/// duplicates and second businesses falling in other batches than their first row) must give
/// every row the same outcome as one batch for the whole file.
#[tokio::test]
async fn small_batches_give_the_same_outcomes_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("owners.csv");
    let (code, out) = berdaya(&["gen", "owners", "--count", "400", "--region", "64.74", "--out", csv.to_str().unwrap(),
        "--seed", "11", "--dup-rate", "0.08", "--error-rate", "0.05"]);
    assert_eq!(code, 0, "{out}");
    let mut reports = Vec::new();
    for (n, batch) in ["100000", "7"].iter().enumerate() {
        let sub = dir.path().join(format!("t{n}"));
        for (target, url) in targets(&sub).await {
            let t: Vec<&str> = target.iter().map(String::as_str).collect();
            let report = sub.join(format!("r-{}.csv", reports.len()));
            let args = [&t[..], &["import", "owners", csv.to_str().unwrap(), "--region", "64.74", "--batch-rows", batch, "--report", report.to_str().unwrap()]].concat();
            let (code, out) = berdaya(&args);
            assert_eq!(code, 0, "{out}");
            let db = Db::connect(&url).await.unwrap();
            let written = consistent(&db).await;
            db.close().await;
            reports.push((batch.to_string(), outcomes(&report), written));
        }
    }
    let (_, first, written) = &reports[0];
    assert_eq!(first.len(), 400);
    let statuses: std::collections::BTreeSet<&str> = first.iter().map(|o| o.1.as_str()).collect();
    assert!(statuses.len() >= 3, "the file has imported, duplicate and rejected rows: {statuses:?}");
    for (batch, other, w) in &reports[1..] {
        assert_eq!(other, first, "batches of {batch}");
        assert_eq!(w, written, "batches of {batch}: owners and businesses written");
    }
}

/// The input rows of a generated file, in order: (NIK, business name or "").
fn input_rows(csv_path: &std::path::Path) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_path(csv_path).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|c| c == name).unwrap_or_else(|| panic!("no column {name}"));
    let (nik, usaha) = (col("NIK"), col("Nama Usaha"));
    r.records().map(|rec| rec.unwrap()).map(|rec| (rec[nik].to_string(), rec[usaha].trim().to_string())).collect()
}

/// What a killed import may leave: whole batches, each row whole. For a file whose every row
/// imports (owners, second businesses of an owner), the registry holds exactly the owners and
/// businesses of the first `k` batches of `batch_rows` input rows for some `k` (the writer
/// commits batches in file order, one transaction each), and for each of them:
/// - every owner has exactly one NIK claim and every claim is its owner's NIK (one to one);
/// - every business has its snapshot when it has any figures (one, from the import), and
///   none otherwise; no snapshot without its business;
/// - every business has exactly its word-index rows (its words and permits, as
///   `search_index::tokens` gives them); no index row without its business.
///
/// A batch cut anywhere (owners without their businesses, businesses without snapshots or
/// index rows, claims without owners) breaks one of these. Returns `k`.
async fn whole_batches(db: &Db, rows: &[(String, String)], batch_rows: usize) -> usize {
    use std::collections::{BTreeMap, BTreeSet, HashMap};
    use uuid::Uuid;
    let owners: Vec<(Uuid, String)> =
        berdaya_store::on_db!(db, |p| sqlx::query_as("SELECT id, nik FROM owners").fetch_all(p).await).unwrap();
    let claims: Vec<(String, Uuid)> =
        berdaya_store::on_db!(db, |p| sqlx::query_as("SELECT nik, owner_id FROM owner_nik").fetch_all(p).await).unwrap();
    let claims: HashMap<String, Uuid> = claims.into_iter().collect();
    assert_eq!(claims.len(), owners.len(), "one NIK claim per owner");
    for (id, nik) in &owners {
        assert_eq!(claims.get(nik), Some(id), "owner {id} holds the claim of its NIK");
    }
    let nik_of: HashMap<Uuid, &str> = owners.iter().map(|(id, nik)| (*id, nik.as_str())).collect();

    type BizRow = (Uuid, Uuid, String, String, String, String, i64, String);
    let businesses: Vec<BizRow> = berdaya_store::on_db!(db, |p| sqlx::query_as(
        "SELECT b.id, b.owner_id, b.nama_usaha, b.nama_norm, b.owner_nama_norm, b.izin,                 (SELECT COUNT(*) FROM business_snapshots s WHERE s.business_id = b.id),                 CASE WHEN b.modal IS NULL AND b.omzet_tahunan IS NULL AND b.tk_l IS NULL AND b.tk_p IS NULL THEN 'n' ELSE 'y' END          FROM businesses b"
    )
    .fetch_all(p)
    .await)
    .unwrap();
    let orphan_snapshots: i64 = berdaya_store::on_db!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM business_snapshots s WHERE NOT EXISTS (SELECT 1 FROM businesses b WHERE b.id = s.business_id)"
    )
    .fetch_one(p)
    .await)
    .unwrap();
    assert_eq!(orphan_snapshots, 0, "no snapshot without its business");
    let tokens: Vec<(Uuid, String)> =
        berdaya_store::on_db!(db, |p| sqlx::query_as("SELECT business_id, token FROM business_tokens").fetch_all(p).await).unwrap();
    let mut index: HashMap<Uuid, BTreeSet<String>> = HashMap::new();
    for (id, token) in tokens {
        index.entry(id).or_default().insert(token);
    }
    let mut stored_businesses = BTreeSet::new();
    for (id, owner, nama, nama_norm, owner_nama_norm, izin, snapshots, figures) in &businesses {
        let nik = nik_of.get(owner).unwrap_or_else(|| panic!("business {id} has its owner"));
        let want = if figures == "y" { 1 } else { 0 };
        assert_eq!(*snapshots, want, "business {id} ({nama}): snapshots");
        let words = berdaya_store::search_index::words(nama_norm, owner_nama_norm);
        let expected: BTreeSet<String> = berdaya_store::search_index::tokens(&words, izin).collect();
        assert!(!expected.is_empty());
        assert_eq!(index.remove(id).unwrap_or_default(), expected, "business {id} ({nama}): word-index rows");
        stored_businesses.insert((nik.to_string(), nama.clone()));
    }
    assert!(index.is_empty(), "no word-index rows without their business: {:?}", index.keys().take(3).collect::<Vec<_>>());

    // Whole batches: the stored owners and businesses are those of the first k batches.
    let stored_owners: BTreeSet<&str> = owners.iter().map(|(_, nik)| nik.as_str()).collect();
    let batches = rows.len().div_ceil(batch_rows);
    let mut tried = BTreeMap::new();
    for k in 0..=batches {
        let prefix = &rows[..(k * batch_rows).min(rows.len())];
        let want_owners: BTreeSet<&str> = prefix.iter().map(|(nik, _)| nik.as_str()).collect();
        if want_owners != stored_owners {
            tried.insert(k, want_owners.len());
            continue;
        }
        let want_businesses: BTreeSet<(String, String)> =
            prefix.iter().filter(|(_, b)| !b.is_empty()).map(|(nik, b)| (nik.clone(), b.clone())).collect();
        let missing: Vec<_> = want_businesses.difference(&stored_businesses).take(3).collect();
        let extra: Vec<_> = stored_businesses.difference(&want_businesses).take(3).collect();
        assert!(missing.is_empty() && extra.is_empty(), "the first {k} batches' businesses: missing {missing:?}, extra {extra:?}");
        return k;
    }
    panic!("{} owners stored are not the owners of whole batches (owners per batch count: {tried:?})", stored_owners.len());
}

async fn waiting_indexes(db: &Db) -> i64 {
    match db {
        Db::Sqlite(p) => sqlx::query_scalar("SELECT COUNT(*) FROM deferred_indexes").fetch_one(p).await.unwrap(),
        Db::Pg(p) => sqlx::query_scalar("SELECT COUNT(*) FROM deferred_indexes").fetch_one(p).await.unwrap(),
    }
}

#[tokio::test]
async fn killed_import_leaves_whole_rows_and_can_be_rerun() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("owners.csv");
    let (code, out) = berdaya(&["gen", "owners", "--count", "6000", "--region", "64.74", "--out", csv.to_str().unwrap(), "--seed", "5"]);
    assert_eq!(code, 0, "{out}");
    let rows = input_rows(&csv);
    for (target, url) in targets(dir.path()).await {
        let t: Vec<&str> = target.iter().map(String::as_str).collect();
        // Small transactions so the kill lands between committed batches.
        let args = [&t[..], &["import", "owners", csv.to_str().unwrap(), "--region", "64.74", "--batch-rows", "500"]].concat();
        // Migrate first so the kill lands in the import, not in loading reference data.
        let (code, out) = berdaya(&[&t[..], &["migrate"]].concat());
        assert_eq!(code, 0, "{out}");
        let mut child = Command::new(BIN).args(&args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        let db = Db::connect(&url).await.unwrap();
        // Kill as soon as some rows are in, before it can finish.
        for _ in 0..600 {
            let (n, _) = consistent(&db).await;
            if n > 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let (partial, _) = consistent(&db).await;
        assert!(partial > 0, "the import had started");
        let done = whole_batches(&db, &rows, 500).await;
        assert!(done > 0, "some batches were written");
        // An import into the empty registry dropped its secondary indexes; the kill left
        // their definitions waiting for the next start.
        assert!(waiting_indexes(&db).await > 0, "the initial load deferred its indexes");
        let (code, out) = berdaya(&args);
        assert_eq!(code, 0, "{out}");
        assert_eq!(waiting_indexes(&db).await, 0, "the re-run's start-up built them again");
        let (full, biz) = consistent(&db).await;
        assert!(full > partial, "the re-run finished the job");
        assert_eq!(whole_batches(&db, &rows, 500).await, rows.len().div_ceil(500), "every row in");
        // Compare with a clean import of the same file into a fresh database.
        let fresh = tempfile::tempdir().unwrap();
        let (code, out) = berdaya(&["--data-dir", fresh.path().to_str().unwrap(), "import", "owners", csv.to_str().unwrap(), "--region", "64.74"]);
        assert_eq!(code, 0, "{out}");
        let clean = Db::connect(fresh.path().join("berdaya.db").to_str().unwrap()).await.unwrap();
        assert_eq!(consistent(&clean).await, (full, biz), "killed + re-run equals one clean import");
        db.close().await;
    }
}
