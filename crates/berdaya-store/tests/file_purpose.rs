//! Migration 0017's backfill on the real databases: the e-KTP photos an owner has now and the
//! ones an `upload_ektp` audit row names (replaced photos) are marked, other files are not.

use berdaya_store::{Db, testing};
use uuid::Uuid;

const SQLITE_0017: &str = include_str!("../migrations/sqlite/0017_file_purpose.sql");
const PG_0017: &str = include_str!("../migrations/postgres/0017_file_purpose.sql");

/// The backfill statement of a migration file (the `UPDATE`, without the `ALTER TABLE`).
fn backfill(sql: &str) -> String {
    let start = sql.find("UPDATE files").expect("the backfill");
    sql[start..].to_string()
}

async fn file(db: &Db, id: Uuid, name: &str) {
    let sql = "INSERT INTO files (id, storage_key, original_name, content_type, size_bytes, sha256, region, uploaded_by, created_at, purpose) \
               VALUES ($1, $2, $3, 'image/jpeg', 1, '', '64.74', NULL, $4, '')";
    let now = berdaya_store::now();
    match db {
        Db::Sqlite(p) => sqlx::query(sql).bind(id).bind(id.to_string()).bind(name).bind(now).execute(p).await.map(|_| ()),
        Db::Pg(p) => sqlx::query(sql).bind(id).bind(id.to_string()).bind(name).bind(now).execute(p).await.map(|_| ()),
    }
    .unwrap();
}

async fn purposes(db: &Db) -> Vec<(String, String)> {
    let sql = "SELECT original_name, purpose FROM files ORDER BY original_name";
    match db {
        Db::Sqlite(p) => sqlx::query_as(sql).fetch_all(p).await,
        Db::Pg(p) => sqlx::query_as(sql).fetch_all(p).await,
    }
    .unwrap()
}

#[tokio::test]
async fn backfill_marks_current_and_replaced_ektp_photos() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let (old, current, other) = (berdaya_store::new_id(), berdaya_store::new_id(), berdaya_store::new_id());
        file(&db, old, "a-old-ektp.jpg").await;
        file(&db, current, "b-current-ektp.jpg").await;
        file(&db, other, "c-export.xlsx").await;
        // The replaced photo is known only from the audit row of its upload.
        let mut e = berdaya_store::audit::AuditEntry { action: "upload_ektp".into(), entity_type: "owner".into(), region: "64.74".into(), ..Default::default() };
        e.after = Some(serde_json::json!({"file_id": old, "content_type": "image/jpeg", "size": 1}));
        berdaya_store::audit::record_alone(&db, e).await.unwrap();
        // The current one is on an owner.
        let mut owner = berdaya_store::testing::fixtures::owner("6474015505900001", "Siti Aminah", "64.74.01.1002");
        owner.ektp_file_id = Some(current);
        let mut tx = db.begin().await.unwrap();
        berdaya_store::owners::insert(&mut tx, &owner).await.unwrap();
        tx.commit().await.unwrap();

        let sql = match &db {
            Db::Sqlite(_) => backfill(SQLITE_0017),
            Db::Pg(_) => backfill(PG_0017),
        };
        match &db {
            Db::Sqlite(p) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(p).await.map(|_| ()),
            Db::Pg(p) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(p).await.map(|_| ()),
        }
        .unwrap();
        assert_eq!(
            purposes(&db).await,
            [("a-old-ektp.jpg".to_string(), "ektp".to_string()), ("b-current-ektp.jpg".into(), "ektp".into()), ("c-export.xlsx".into(), String::new())],
        );
    }
}
