//! The registry list query on both databases: each filter and search kind, keyset paging, scope.

use berdaya_core::teks::search_key;
use berdaya_core::{KodeWilayah, Scope};
use berdaya_store::businesses::{self, Business, BusinessFilter, SearchTerm};
use berdaya_store::{bulk, testing};
use crate::registry::*;
use uuid::Uuid;

#[test]
fn search_terms_are_classified() {
    assert_eq!(SearchTerm::classify(" '6474015505900001 "), SearchTerm::Nik("6474015505900001".into()));
    assert_eq!(SearchTerm::classify("0812-3456-7890"), SearchTerm::Phone("+6281234567890".into()));
    assert_eq!(SearchTerm::classify("+62 812 3456 7890"), SearchTerm::Phone("+6281234567890".into()));
    assert_eq!(SearchTerm::classify("9120001234567"), SearchTerm::Nib("9120001234567".into()));
    assert!(matches!(SearchTerm::classify("Warung Kopi"), SearchTerm::Name(k, _) if k == search_key("Warung Kopi")));
    assert_eq!(SearchTerm::classify("   "), SearchTerm::None);
}

#[tokio::test]
async fn list_filters_search_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let siti = owner("6474015505900001", "Siti Aminah", "+6281234567890", "64.74.01.1002");
        let budi = owner("6474020101800002", "Budi Santoso", "+6281300000001", "64.74.02.1001");
        let rina = owner("3674015505900003", "Rina Wati", "", "36.74.01.1001");
        let rows = vec![
            business(&siti, "Amplang Bu Siti", "9120001234567", "mikro", ",nib,halal,"),
            business(&siti, "Warung Kopi Siti", "", "mikro", ""),
            business(&budi, "Bengkel Budi", "", "kecil", ",pirt,"),
            business(&budi, "Toko Kelontong Berkah", "", "mikro", ""),
            business(&rina, "Amplang Rina", "", "mikro", ",halal,"),
        ];
        let mut tx = db.begin().await.unwrap();
        let owners = [siti.clone(), budi.clone(), rina.clone()];
        let claims: Vec<(&str, Uuid)> = owners.iter().map(|o| (o.nik.as_str(), o.id)).collect();
        assert_eq!(bulk::claim_niks(&mut tx, &claims).await.unwrap().len(), 3);
        bulk::insert_owners(&mut tx, &owners).await.unwrap();
        bulk::insert_businesses(&mut tx, &rows).await.unwrap();
        // Permits live in business_permits (the izin set mirrors them for display).
        for b in rows.iter().filter(|b| b.izin.contains(",halal,")) {
            let permit = businesses::Permit {
                id: berdaya_store::new_id(),
                business_id: b.id,
                region: b.region.clone(),
                jenis: "halal".into(),
                nomor: format!("ID-{}", b.nama_norm),
                tanggal_terbit: None,
                berlaku_sampai: None,
                created_at: b.created_at,
            };
            businesses::insert_permit(&mut tx, &permit).await.unwrap();
        }
        tx.commit().await.unwrap();

        let bontang = Scope::Region(KodeWilayah::parse("64.74").unwrap());
        let list = |scope: Scope, f: BusinessFilter| {
            let db = db.clone();
            async move { businesses::list(&db, &scope, &f, 50).await.unwrap() }
        };
        let q = |s: &str| BusinessFilter { q: Some(s.into()), ..Default::default() };
        // Plain list: sorted by business name, scope applied.
        let all = list(bontang.clone(), BusinessFilter::default()).await;
        assert_eq!(names(&all), ["Amplang Bu Siti", "Bengkel Budi", "Toko Kelontong Berkah", "Warung Kopi Siti"]);
        assert_eq!(list(Scope::National, BusinessFilter::default()).await.len(), 5);
        // Identifiers, however typed.
        assert_eq!(names(&list(bontang.clone(), q("'6474015505900001")).await), ["Amplang Bu Siti", "Warung Kopi Siti"]);
        assert_eq!(names(&list(bontang.clone(), q("0813-0000-0001")).await), ["Bengkel Budi", "Toko Kelontong Berkah"]);
        assert_eq!(names(&list(bontang.clone(), q("9120001234567")).await), ["Amplang Bu Siti"]);
        assert!(list(bontang.clone(), q("3674015505900003")).await.is_empty(), "another city's NIK stays outside the scope");
        // Name prefix of the business or of the owner.
        assert_eq!(names(&list(bontang.clone(), q("amplang")).await), ["Amplang Bu Siti"]);
        assert_eq!(names(&list(bontang.clone(), q("budi")).await), ["Bengkel Budi", "Toko Kelontong Berkah"]);
        assert_eq!(names(&list(Scope::National, q("amplang")).await), ["Amplang Bu Siti", "Amplang Rina"]);
        // Filters: scale, permit, region subtree; sorting by owner.
        let kecil = BusinessFilter { skala: Some("kecil".into()), ..Default::default() };
        assert_eq!(names(&list(bontang.clone(), kecil).await), ["Bengkel Budi"]);
        let halal = BusinessFilter { izin: Some("halal".into()), ..Default::default() };
        assert_eq!(names(&list(bontang.clone(), halal).await), ["Amplang Bu Siti"]);
        let nib = BusinessFilter { izin: Some("nib".into()), ..Default::default() };
        assert_eq!(names(&list(bontang.clone(), nib).await), ["Amplang Bu Siti"], "NIB held = NIB filled in");
        let kec = BusinessFilter { region: Some("64.74.02".into()), ..Default::default() };
        assert_eq!(names(&list(bontang.clone(), kec).await), ["Bengkel Budi", "Toko Kelontong Berkah"]);
        let by_owner = BusinessFilter { sort: "pemilik".into(), ..Default::default() };
        let rows = list(bontang.clone(), by_owner).await;
        assert_eq!(rows[0].nama, "Budi Santoso");
        assert_eq!(rows[3].nama, "Siti Aminah");
        // Keyset paging: the page after the second row starts at the third.
        let first = businesses::list(&db, &bontang, &BusinessFilter::default(), 2).await.unwrap();
        let after = Some((first[1].nama_norm.clone(), first[1].id));
        let next = businesses::list(&db, &bontang, &BusinessFilter { after, ..Default::default() }, 2).await.unwrap();
        assert_eq!(names(&next), ["Toko Kelontong Berkah", "Warung Kopi Siti"]);
    }
}

#[tokio::test]
async fn word_search_finds_middle_words_in_order_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let ani = owner("6474015505900011", "Ani Lestari", "", "64.74.01.1002");
        let siti = owner("6474015505900012", "Siti Rahma", "", "64.74.02.1001");
        let luar = owner("3674015505900013", "Toko Luar", "", "36.74.01.1001");
        let mut rows = vec![
            business(&ani, "Warung Makan Bu Siti", "", "mikro", ""),
            business(&ani, "Rumah Makan Padang", "", "kecil", ""),
            business(&siti, "Kue Basah", "", "mikro", ""),
            business(&luar, "Toko Seberang", "", "mikro", ""),
        ];
        // Many shops whose name starts or continues with "toko", out of name order.
        for i in (0..25).rev() {
            rows.push(business(&ani, &format!("Toko {:02} Sembako", i), "", "mikro", ""));
            rows.push(business(&siti, &format!("Grosir Tokoh {:02}", i), "", "mikro", ""));
        }
        load(&db, &[ani.clone(), siti.clone(), luar.clone()], &rows).await;
        let bontang = Scope::Region(KodeWilayah::parse("64.74").unwrap());
        let find = |q: &str, limit: i64, after: Option<(String, Uuid)>| {
            let (db, scope) = (db.clone(), bontang.clone());
            let f = BusinessFilter { q: Some(q.into()), after, ..Default::default() };
            async move { businesses::list(&db, &scope, &f, limit).await.unwrap() }
        };
        // A word in the middle of the business name, or the owner's name.
        assert_eq!(names(&find("makan", 50, None).await), ["Rumah Makan Padang", "Warung Makan Bu Siti"]);
        assert_eq!(names(&find("Siti", 50, None).await)[..2], ["Grosir Tokoh 00", "Grosir Tokoh 01"]);
        assert!(names(&find("siti", 100, None).await).contains(&"Warung Makan Bu Siti"));
        assert_eq!(find("siti", 100, None).await.len(), 27, "25 of Siti's shops, her cake shop, and Bu Siti's warung");
        // Several words: each must start a word of either name, in any order.
        assert_eq!(names(&find("siti warung", 50, None).await), ["Warung Makan Bu Siti"]);
        assert_eq!(names(&find("mak war", 50, None).await), ["Warung Makan Bu Siti"]);
        assert!(find("makan kue", 50, None).await.is_empty());
        assert!(find("zzz", 50, None).await.is_empty());
        // A common prefix: words "toko" and "tokoh" merged in name order, scope kept.
        let toko = find("tok", 60, None).await;
        assert_eq!(toko.len(), 50);
        let keys: Vec<&str> = toko.iter().map(|r| r.nama_norm.as_str()).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert_eq!(names(&toko)[0], "Grosir Tokoh 00");
        assert_eq!(names(&toko)[49], "Toko 24 Sembako");
        assert!(!names(&toko).contains(&"Toko Seberang"), "another city stays outside the scope");
        // Keyset pages of 20 over the same search: no row twice, none missed.
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = find("toko", 20, after.clone()).await;
            if page.is_empty() {
                break;
            }
            let last = page.last().unwrap();
            after = Some((last.nama_norm.clone(), last.id));
            seen.extend(page.into_iter().map(|r| r.nama_usaha));
        }
        assert_eq!(seen.len(), 50);
        assert_eq!(seen[20], "Grosir Tokoh 20");
        assert_eq!(seen[25], "Toko 00 Sembako");
        // Sorted by owner: Ani's shops before Siti's.
        let f = BusinessFilter { q: Some("toko".into()), sort: "pemilik".into(), ..Default::default() };
        let by_owner = businesses::list(&db, &bontang, &f, 30).await.unwrap();
        assert_eq!(by_owner[0].nama, "Ani Lestari");
        assert_eq!(by_owner[29].nama, "Siti Rahma");
        // Renaming a business moves it in the index.
        let mut tx = db.begin().await.unwrap();
        let before = businesses::get_for_update(&mut tx, &bontang, rows[2].id).await.unwrap();
        let after_row = Business { nama_usaha: "Kue Lapis Legit".into(), nama_norm: search_key("Kue Lapis Legit"), ..before.clone() };
        businesses::update(&mut tx, &before, &after_row).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(names(&find("legit", 50, None).await), ["Kue Lapis Legit"]);
        assert!(find("basah", 50, None).await.is_empty());
    }
}
