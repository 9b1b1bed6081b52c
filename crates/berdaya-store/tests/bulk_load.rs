//! Initial loads: secondary indexes dropped and rebuilt afterwards, and a killed load's
//! indexes rebuilt at the next start-up, on both databases.

use berdaya_core::{KodeWilayah, Scope};
use berdaya_store::businesses::{self, BusinessFilter};
use berdaya_store::testing;
use crate::registry::*;

/// The deferrable indexes that exist, with their definitions, read from the catalog.
async fn index_defs(db: &berdaya_store::Db) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for name in berdaya_store::bulk_load::DEFERRABLE {
        let def: Option<String> = match db {
            berdaya_store::Db::Sqlite(p) => sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1")
                .bind(*name)
                .fetch_optional(p)
                .await
                .unwrap(),
            berdaya_store::Db::Pg(p) => sqlx::query_scalar("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1")
                .bind(*name)
                .fetch_optional(p)
                .await
                .unwrap(),
        };
        if let Some(def) = def {
            out.insert((*name).to_string(), def);
        }
    }
    out
}

/// PostgreSQL: the deferrable foreign keys that exist, with whether they are validated.
async fn foreign_keys(db: &berdaya_store::Db) -> Vec<(String, bool)> {
    match db {
        berdaya_store::Db::Sqlite(_) => Vec::new(),
        berdaya_store::Db::Pg(p) => {
            let names: Vec<&str> = berdaya_store::bulk_load::DEFERRABLE_FOREIGN_KEYS.iter().map(|(_, n)| *n).collect();
            sqlx::query_as("SELECT conname::text, convalidated FROM pg_constraint WHERE contype = 'f' AND conname = ANY($1) ORDER BY conname")
                .bind(&names)
                .fetch_all(p)
                .await
                .unwrap()
        }
    }
}

async fn waiting_indexes(db: &berdaya_store::Db) -> i64 {
    match db {
        berdaya_store::Db::Sqlite(p) => sqlx::query_scalar("SELECT COUNT(*) FROM deferred_indexes").fetch_one(p).await.unwrap(),
        berdaya_store::Db::Pg(p) => sqlx::query_scalar("SELECT COUNT(*) FROM deferred_indexes").fetch_one(p).await.unwrap(),
    }
}

#[tokio::test]
async fn initial_load_defers_indexes_and_start_up_rebuilds_what_a_crash_left() {
    use berdaya_store::bulk_load;
    let dir = tempfile::tempdir().unwrap();
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let before = index_defs(&db).await;
        assert_eq!(before.len(), bulk_load::DEFERRABLE.len(), "every deferrable index exists after migration: {before:?}");
        assert!(bulk_load::registry_is_empty(&db).await.unwrap());

        let pg = matches!(db, berdaya_store::Db::Pg(_));
        let keys = if pg { bulk_load::DEFERRABLE_FOREIGN_KEYS.len() } else { 0 };
        let valid_keys: Vec<(String, bool)> = {
            let mut k: Vec<(String, bool)> = bulk_load::DEFERRABLE_FOREIGN_KEYS.iter().map(|(_, n)| (n.to_string(), true)).collect();
            k.sort();
            if pg { k } else { Vec::new() }
        };
        assert_eq!(foreign_keys(&db).await, valid_keys);
        let dropped = bulk_load::defer_indexes(&db).await.unwrap();
        assert_eq!(dropped.len(), before.len() + keys);
        assert!(index_defs(&db).await.is_empty(), "the indexes are gone during the load");
        assert!(foreign_keys(&db).await.is_empty(), "PostgreSQL: the foreign keys are gone during the load");
        assert_eq!(waiting_indexes(&db).await, (before.len() + keys) as i64, "each definition waits in deferred_indexes");
        // Deferring again (a second import started meanwhile) drops nothing and loses nothing.
        assert!(bulk_load::defer_indexes(&db).await.unwrap().is_empty());
        assert_eq!(waiting_indexes(&db).await, (before.len() + keys) as i64);

        // Rows arrive without the indexes; the list and the word search still answer.
        let ani = owner("6474015505900021", "Ani Lestari", "+6281234500021", "64.74.01.1002");
        let rows = vec![business(&ani, "Warung Makan Bu Ani", "9120001234500", "mikro", ""), business(&ani, "Kue Basah", "", "kecil", "")];
        load(&db, std::slice::from_ref(&ani), &rows).await;
        assert!(!bulk_load::registry_is_empty(&db).await.unwrap());
        let bontang = Scope::Region(KodeWilayah::parse("64.74").unwrap());
        let find = |q: &str| {
            let (db, scope) = (db.clone(), bontang.clone());
            let f = BusinessFilter { q: Some(q.into()), ..Default::default() };
            async move { names(&businesses::list(&db, &scope, &f, 50).await.unwrap()).into_iter().map(String::from).collect::<Vec<_>>() }
        };
        assert_eq!(find("makan").await, ["Warung Makan Bu Ani"]);

        // The import was killed here: nothing rebuilt the indexes. The next start-up does.
        db.migrate().await.unwrap();
        assert_eq!(index_defs(&db).await, before, "start-up re-creates the same indexes");
        assert_eq!(foreign_keys(&db).await, valid_keys, "and adds back the foreign keys, checked");
        assert_eq!(waiting_indexes(&db).await, 0);
        assert!(bulk_load::restore_indexes(&db).await.unwrap().is_empty(), "nothing left to build");
        assert_eq!(find("ani").await, ["Kue Basah", "Warung Makan Bu Ani"]);
        assert_eq!(find("9120001234500").await, ["Warung Makan Bu Ani"]);

        // An index someone re-created by hand while its definition waited is not built twice.
        let again = bulk_load::defer_indexes(&db).await.unwrap();
        assert_eq!(again.len(), before.len() + keys, "a second initial load defers again");
        assert!(index_defs(&db).await.is_empty());
        let def = before["owners_nama"].clone();
        match &db {
            berdaya_store::Db::Sqlite(p) => sqlx::query(sqlx::AssertSqlSafe(def)).execute(p).await.unwrap().rows_affected(),
            berdaya_store::Db::Pg(p) => sqlx::query(sqlx::AssertSqlSafe(def)).execute(p).await.unwrap().rows_affected(),
        };
        // PostgreSQL: a business whose owner does not exist, written while the keys were away.
        let ghost = owner("6474015505900099", "Tidak Ada", "", "64.74.01.1002");
        if pg {
            let mut tx = db.begin().await.unwrap();
            berdaya_store::bulk::insert_businesses(&mut tx, &[business(&ghost, "Toko Yatim", "", "mikro", "")]).await.unwrap();
            tx.commit().await.unwrap();
        }
        let built = bulk_load::restore_indexes(&db).await.unwrap();
        assert_eq!(built.len(), before.len() - 1 + keys);
        assert!(!built.contains(&"owners_nama".to_string()));
        assert_eq!(index_defs(&db).await, before);
        assert_eq!(waiting_indexes(&db).await, 0);
        if pg {
            // The broken key comes back unvalidated (the start-up is not stopped), the other
            // checked, and both hold for new rows.
            assert_eq!(foreign_keys(&db).await, [("business_snapshots_business_id_fkey".to_string(), true), ("businesses_owner_id_fkey".to_string(), false)]);
            let mut tx = db.begin().await.unwrap();
            let err = berdaya_store::bulk::insert_businesses(&mut tx, &[business(&ghost, "Toko Yatim Dua", "", "mikro", "")]).await.unwrap_err();
            assert!(err.is_conflict(), "{err:?}");
        }
    }
}
