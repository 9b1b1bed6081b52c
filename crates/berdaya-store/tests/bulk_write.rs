//! The bulk writers (SQLite: prepared statements on the transaction's connection; PostgreSQL:
//! `COPY` streams) store exactly what they are given, awkward text included, and a failed
//! batch leaves nothing behind. Both databases.

use berdaya_core::Scope;
use berdaya_store::businesses::{self, BusinessFilter, Snapshot};
use berdaya_store::{bulk, owners, testing};
use chrono::NaiveDate;
use crate::registry::*;
use uuid::Uuid;

/// Text that the `COPY` text format must escape, or that looks like its markers.
const AWKWARD: &str = "Jl. Merdeka\tNo. 5\nRT 01\\02\r\n\\N \\. \"kutip\" 'satu', koma; Ñusa Tenggara — 日本";

#[tokio::test]
async fn bulk_writes_store_every_value_as_given() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let mut o = owner("6474015505900001", "Siti \"Ani\" O'Neil", "081234567890", "64.74.01.1001");
        o.alamat = AWKWARD.into();
        o.warnings = "\\N".into();
        o.tempat_lahir = "\\.".into();
        o.tanggal_lahir = NaiveDate::from_ymd_opt(1990, 5, 15);
        o.whatsapp = true;
        o.email = "siti+toko@contoh.id".into();
        o.ektp_file_id = Some(Uuid::now_v7());
        o.created_by = Some(Uuid::now_v7());
        // A second owner with the empty/absent values.
        let plain = owner("6474015505900002", "Budi", "", "64.74.01.1002");

        let mut b = business(&o, "Toko\tKue \"Bu Siti\"", "9120001234567", "kecil", ",nib,");
        b.alamat = AWKWARD.into();
        b.produk = "kue\r\nroti\\tart".into();
        b.lat = Some(0.123_456_789_012_345_6);
        b.lon = Some(-117.5);
        b.tahun_berdiri = Some(2019);
        b.modal = Some(1_500_000_000);
        b.omzet_tahunan = Some(i64::MAX);
        b.tk_l = Some(0);
        b.tk_p = Some(-1);
        b.kbli = "10710".into();
        b.kbli_version = Some(2020);
        b.sektor = "C".into();
        b.created_by = o.created_by;
        let empty = business(&plain, "Warung", "", "", "");
        let snap = Snapshot {
            id: berdaya_store::new_id(),
            business_id: b.id,
            region: b.region.clone(),
            tanggal: NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
            modal: b.modal,
            omzet_tahunan: None,
            tk_l: Some(3),
            tk_p: None,
            skala: "kecil".into(),
            sumber: "impor".into(),
            created_at: o.created_at,
        };

        let mut tx = db.begin().await.unwrap();
        let claimed = bulk::claim_niks(&mut tx, &[(&o.nik, o.id), (&plain.nik, plain.id)]).await.unwrap();
        assert_eq!(claimed.len(), 2);
        bulk::insert_owners(&mut tx, &[o.clone(), plain.clone()]).await.unwrap();
        bulk::insert_businesses(&mut tx, &[b.clone(), empty.clone()]).await.unwrap();
        bulk::insert_snapshots(&mut tx, std::slice::from_ref(&snap)).await.unwrap();
        tx.commit().await.unwrap();

        assert_eq!(owners::get(&db, &Scope::National, o.id).await.unwrap(), o, "{db:?}");
        assert_eq!(owners::get(&db, &Scope::National, plain.id).await.unwrap(), plain);
        assert_eq!(json(&businesses::get(&db, &Scope::National, b.id).await.unwrap()), json(&b));
        assert_eq!(json(&businesses::get(&db, &Scope::National, empty.id).await.unwrap()), json(&empty));
        let snaps = businesses::snapshots(&db, b.id).await.unwrap();
        assert_eq!(snaps.len(), 1);
        assert_eq!(json(&snaps[0]), json(&snap));
        // The word index rows came with them (the owner's name words too), with the scale.
        for (q, skala, found) in [("kue", "kecil", true), ("ani", "kecil", true), ("kue", "mikro", false), ("warung", "", true)] {
            let f = BusinessFilter { q: Some(q.into()), skala: (!skala.is_empty()).then(|| skala.to_string()), ..Default::default() };
            let rows = businesses::list(&db, &Scope::National, &f, 10).await.unwrap();
            assert_eq!(!rows.is_empty(), found, "q={q} skala={skala}");
        }

        // A batch that fails part-way (an owner id already stored) leaves nothing behind.
        let late = owner("6474015505900003", "Citra", "", "64.74.01.1001");
        let mut tx = db.begin().await.unwrap();
        bulk::claim_niks(&mut tx, &[(&late.nik, late.id)]).await.unwrap();
        let err = bulk::insert_owners(&mut tx, &[late.clone(), o.clone()]).await.unwrap_err();
        assert!(err.is_conflict(), "{err:?}");
        drop(tx);
        assert_eq!(owners::owner_for_nik(&db, &late.nik).await.unwrap(), None);
        assert!(owners::get(&db, &Scope::National, late.id).await.is_err());
        // And the connection is usable afterwards.
        assert_eq!(owners::count(&db, &Scope::National).await.unwrap(), 2);
    }
}

/// Rows that are `Serialize` but not `PartialEq`, compared by their JSON form.
fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap()
}
