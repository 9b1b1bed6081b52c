//! The registry list query on both databases: each filter and search kind, keyset paging, scope.

use berdaya_core::teks::search_key;
use berdaya_core::{KodeWilayah, Scope};
use berdaya_store::businesses::{self, Business, BusinessFilter, SearchTerm};
use berdaya_store::owners::Owner;
use berdaya_store::{bulk, testing};
use uuid::Uuid;

fn owner(nik: &str, nama: &str, hp: &str, region: &str) -> Owner {
    let now = berdaya_store::now();
    Owner {
        id: berdaya_store::new_id(),
        kabkota: region[..5].to_string(),
        region: region.into(),
        nik: nik.into(),
        no_kk: String::new(),
        nama: nama.into(),
        nama_norm: search_key(nama),
        jenis_kelamin: "P".into(),
        tempat_lahir: String::new(),
        tanggal_lahir: None,
        alamat: String::new(),
        rt_rw: String::new(),
        no_hp: hp.into(),
        whatsapp: false,
        email: String::new(),
        pendidikan: String::new(),
        disabilitas: String::new(),
        ektp_file_id: None,
        warnings: String::new(),
        created_by: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

fn business(o: &Owner, nama: &str, nib: &str, skala: &str, izin: &str) -> Business {
    Business {
        id: berdaya_store::new_id(),
        owner_id: o.id,
        kabkota: o.kabkota.clone(),
        region: o.region.clone(),
        nama_usaha: nama.into(),
        nama_norm: search_key(nama),
        owner_nama_norm: o.nama_norm.clone(),
        nib: nib.into(),
        kbli: String::new(),
        kbli_version: None,
        sektor: "C".into(),
        bentuk_usaha: String::new(),
        alamat: String::new(),
        lat: None,
        lon: None,
        tahun_berdiri: None,
        modal: None,
        omzet_tahunan: None,
        tk_l: None,
        tk_p: None,
        produk: String::new(),
        skala: skala.into(),
        skala_dilaporkan: String::new(),
        kanal: String::new(),
        izin: izin.into(),
        created_by: None,
        created_at: o.created_at,
        updated_at: o.updated_at,
        version: 1,
    }
}

fn names(rows: &[businesses::BusinessRow]) -> Vec<&str> {
    rows.iter().map(|r| r.nama_usaha.as_str()).collect()
}

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

async fn load(db: &berdaya_store::Db, owners: &[Owner], rows: &[Business]) {
    let mut tx = db.begin().await.unwrap();
    let claims: Vec<(&str, Uuid)> = owners.iter().map(|o| (o.nik.as_str(), o.id)).collect();
    bulk::claim_niks(&mut tx, &claims).await.unwrap();
    bulk::insert_owners(&mut tx, owners).await.unwrap();
    bulk::insert_businesses(&mut tx, rows).await.unwrap();
    tx.commit().await.unwrap();
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

/// A small deterministic generator (no test dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next() as usize % xs.len()]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Equal id lists, or a short report of where they part (not thousands of ids).
#[track_caller]
fn same(got: &[Uuid], want: &[Uuid], what: &str) {
    if got != want {
        let at = got.iter().zip(want).position(|(g, w)| g != w).unwrap_or(got.len().min(want.len()));
        panic!("{what}: got {} rows, want {}; first difference at {at}: got {:?}, want {:?}", got.len(), want.len(), got.get(at), want.get(at));
    }
}

/// What the list must return, computed from all rows: scope, filters, the word semantics
/// (each typed word starts a word of the business or owner name; a longest word that
/// expands to more than 48 indexed words falls back to "name begins with"), order by sort key
/// then id, rows after the keyset position.
struct Expect<'a> {
    rows: &'a [Business],
    halal: &'a std::collections::HashSet<Uuid>,
    vocab: &'a std::collections::BTreeSet<String>,
}

impl Expect<'_> {
    fn ids(&self, scope: &Scope, f: &BusinessFilter) -> Vec<Uuid> {
        let in_region = |region: &str, root: &str| region == root || region.starts_with(&format!("{root}."));
        let key = search_key(f.q.as_deref().unwrap_or(""));
        let typed: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        let longest = typed.iter().copied().rev().max_by_key(|w| w.len());
        let fallback = longest.is_some_and(|l| self.vocab.iter().filter(|v| v.starts_with(l)).count() > 48);
        let pemilik = f.sort == "pemilik";
        let mut hits: Vec<(&str, Uuid)> = self
            .rows
            .iter()
            .filter(|b| match scope {
                Scope::National => true,
                Scope::Region(r) => in_region(&b.region, &r.dotted()),
            })
            .filter(|b| f.region.as_deref().is_none_or(|r| in_region(&b.region, r)))
            .filter(|b| f.skala.as_deref().is_none_or(|s| b.skala == s))
            .filter(|b| f.sektor.as_deref().is_none_or(|s| b.sektor == s))
            .filter(|b| match f.izin.as_deref() {
                None => true,
                Some("nib") => !b.nib.is_empty(),
                Some("halal") => self.halal.contains(&b.id),
                Some(_) => false,
            })
            .filter(|b| {
                if typed.is_empty() {
                    true
                } else if fallback {
                    b.nama_norm.starts_with(&key) || b.owner_nama_norm.starts_with(&key)
                } else {
                    let words: Vec<&str> = b.nama_norm.split(' ').chain(b.owner_nama_norm.split(' ')).collect();
                    typed.iter().all(|t| words.iter().any(|w| w.starts_with(t)))
                }
            })
            .map(|b| (if pemilik { b.owner_nama_norm.as_str() } else { b.nama_norm.as_str() }, b.id))
            .filter(|(k, id)| f.after.as_ref().is_none_or(|(ak, aid)| (*k, *id) > (ak.as_str(), *aid)))
            .collect();
        hits.sort();
        hits.into_iter().map(|(_, id)| id).collect()
    }
}

#[tokio::test]
async fn word_search_matches_a_brute_force_filter_of_all_rows() {
    use std::collections::{BTreeSet, HashSet};
    let dir = tempfile::tempdir().unwrap();
    // 54 words starting with "k" (more than the 48 a prefix is streamed over), 18 with "ka".
    let mut kwords: Vec<String> = Vec::new();
    for v1 in ["a", "i", "u"] {
        for c in ["b", "d", "l", "m", "n", "r"] {
            for v2 in ["a", "i", "o"] {
                kwords.push(format!("k{v1}{c}{v2}"));
            }
        }
    }
    let kwords: Vec<&str> = kwords.iter().map(String::as_str).collect();
    let kinds = ["Warung", "Warung", "Warung", "Toko", "Kedai", "Rumah", "Depot", "Kios"];
    // Middle words: many sort before "makan", so "warung makan" sits deep in "warung …".
    let middles = [
        "Ayam", "Bakso", "Barokah", "Berkah", "Cahaya", "Dapur", "Enak", "Gorengan", "Harapan", "Jaya", "Kopi", "Lestari", "Makan",
        "Makan", "Makmur", "Maju", "Mandiri", "Manis", "Mart", "Sembako", "Sari", "Tokoh",
    ];
    let firsts = ["Siti", "Ani", "Budi", "Mahmud", "Maria", "Rina", "Agus", "Dewi", "Hasan", "Marwah", "Toko"];
    let places = ["64.74.01.1001", "64.74.01.1002", "64.74.02.1001", "64.74.03.1002", "36.74.01.1001"];
    for db in testing::fresh_all(dir.path()).await.unwrap() {
        let mut rng = Lcg(20261202);
        let mut owners = Vec::new();
        for i in 0..700u64 {
            // Half the owners have a surname starting with "k".
            let last = if rng.chance(50) { rng.pick(&kwords) } else { rng.pick(&["Lestari", "Rahma", "Santoso", "Wati", "Hidayat"]) };
            let name = format!("{} {last}", rng.pick(&firsts));
            let place = rng.pick(&places);
            owners.push(owner(&format!("{}{:04}", &"6474015505900000"[..12], i + 1), &name, "", place));
        }
        let mut rows = Vec::new();
        for i in 0..4000u64 {
            let o = &owners[rng.next() as usize % owners.len()];
            let mut name = rng.pick(&kinds).to_string();
            for _ in 0..(rng.next() % 3) {
                name.push(' ');
                name.push_str(rng.pick(&middles));
            }
            match rng.next() % 4 {
                0 => name = format!("{name} {}", rng.pick(&kwords)),
                1 => name = format!("{name} Bu {}", o.nama.split(' ').next().unwrap()),
                _ => {}
            }
            let skala = match rng.next() % 20 {
                0 => "menengah",
                1..=3 => "kecil",
                _ => "mikro",
            };
            let nib = if rng.chance(30) { format!("91200{:08}", i) } else { String::new() };
            let mut b = business(o, &name, &nib, skala, "");
            b.sektor = rng.pick(&["C", "G", "I"]).into();
            rows.push(b);
        }
        let halal: HashSet<Uuid> = rows.iter().filter(|_| rng.chance(20)).map(|b| b.id).collect();
        load(&db, &owners, &rows).await;
        let mut tx = db.begin().await.unwrap();
        for b in rows.iter().filter(|b| halal.contains(&b.id)) {
            let permit = businesses::Permit {
                id: berdaya_store::new_id(),
                business_id: b.id,
                region: b.region.clone(),
                jenis: "halal".into(),
                nomor: format!("ID-{}", b.id),
                tanggal_terbit: None,
                berlaku_sampai: None,
                created_at: b.created_at,
            };
            businesses::insert_permit(&mut tx, &permit).await.unwrap();
        }
        tx.commit().await.unwrap();
        let vocab: BTreeSet<String> = rows.iter().flat_map(|b| berdaya_store::search_index::words(&b.nama_norm, &b.owner_nama_norm)).collect();
        assert!(vocab.iter().filter(|w| w.starts_with('k')).count() > 48, "'k' expands to more words than are streamed");
        let expect = Expect { rows: &rows, halal: &halal, vocab: &vocab };
        let bontang = Scope::Region(KodeWilayah::parse("64.74").unwrap());
        let got = |scope: &Scope, f: &BusinessFilter, limit: i64| {
            let (db, scope, f) = (db.clone(), scope.clone(), f.clone());
            async move { businesses::list(&db, &scope, &f, limit).await.unwrap().into_iter().map(|r| r.id).collect::<Vec<Uuid>>() }
        };
        let queries = [
            "warung makan",
            "makan warung",
            "warung makan sari",
            "ma",
            "mak war",
            "mak makan",
            "ma mak warung",
            "mak toko ma",
            "siti",
            "toko",
            "tok",
            "kedai kopi",
            "k warung",
            "warung k",
            "ka",
            "k",
            "bu siti makan",
            "zzz",
            "warung zzz",
        ];
        let mut checked = 0;
        for q in queries {
            for sort in ["nama", "pemilik"] {
                for scope in [&bontang, &Scope::National] {
                    let f = BusinessFilter { q: Some(q.into()), sort: sort.into(), ..Default::default() };
                    let want = expect.ids(scope, &f);
                    same(&got(scope, &f, 5000).await, &want, &format!("q={q} sort={sort} scope={scope:?}"));
                    // The first page alone, as the list page asks for it.
                    same(&got(scope, &f, 51).await, &want[..want.len().min(51)], &format!("first page, q={q} sort={sort} scope={scope:?}"));
                    checked += want.len();
                }
            }
        }
        assert!(checked > 10_000, "the queries find rows ({checked})");
        // Filters combined with words, in both orders.
        let filters = [
            BusinessFilter { skala: Some("kecil".into()), ..Default::default() },
            BusinessFilter { skala: Some("menengah".into()), sektor: Some("G".into()), ..Default::default() },
            BusinessFilter { izin: Some("halal".into()), ..Default::default() },
            BusinessFilter { izin: Some("nib".into()), region: Some("64.74.01".into()), ..Default::default() },
            BusinessFilter { region: Some("64.74.02".into()), ..Default::default() },
        ];
        for base in &filters {
            for q in ["toko", "warung makan", "ma", "k warung", "siti"] {
                for sort in ["nama", "pemilik"] {
                    let f = BusinessFilter { q: Some(q.into()), sort: sort.into(), ..base.clone() };
                    let want = expect.ids(&bontang, &f);
                    same(&got(&bontang, &f, 5000).await, &want, &format!("q={q} sort={sort} filter={base:?}"));
                    same(&got(&bontang, &f, 51).await, &want[..want.len().min(51)], &format!("first page, q={q} sort={sort} filter={base:?}"));
                }
            }
        }
        // Keyset pages (odd size) walk the whole result without gaps or repeats.
        for (q, sort, base) in [
            ("warung makan", "nama", BusinessFilter::default()),
            ("ma", "pemilik", BusinessFilter::default()),
            ("toko", "nama", filters[0].clone()),
            ("k warung", "pemilik", filters[2].clone()),
            ("siti", "nama", filters[4].clone()),
        ] {
            let f = BusinessFilter { q: Some(q.into()), sort: sort.into(), ..base };
            let want = expect.ids(&bontang, &f);
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let page = businesses::list(&db, &bontang, &BusinessFilter { after: after.clone(), ..f.clone() }, 7).await.unwrap();
                if page.is_empty() {
                    break;
                }
                assert!(page.len() <= 7);
                let last = page.last().unwrap();
                after = Some((if sort == "pemilik" { last.owner_nama_norm.clone() } else { last.nama_norm.clone() }, last.id));
                seen.extend(page.iter().map(|r| r.id));
            }
            same(&seen, &want, &format!("pages of 7, q={q} sort={sort}"));
        }
        // A keyset position that is no row of the result (e.g. typed into the API).
        for (key, q) in [("warung l", "warung makan"), ("warung makan", "makan"), ("m", "siti"), ("toko zzz", "toko")] {
            for id in [Uuid::nil(), Uuid::max(), rows[17].id] {
                let f = BusinessFilter { q: Some(q.into()), after: Some((key.into(), id)), ..Default::default() };
                same(&got(&bontang, &f, 5000).await, &expect.ids(&bontang, &f), &format!("after ({key}, {id}) q={q}"));
            }
        }
    }
}

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

        let dropped = bulk_load::defer_indexes(&db).await.unwrap();
        assert_eq!(dropped.len(), before.len());
        assert!(index_defs(&db).await.is_empty(), "the indexes are gone during the load");
        assert_eq!(waiting_indexes(&db).await, before.len() as i64, "each definition waits in deferred_indexes");
        // Deferring again (a second import started meanwhile) drops nothing and loses nothing.
        assert!(bulk_load::defer_indexes(&db).await.unwrap().is_empty());
        assert_eq!(waiting_indexes(&db).await, before.len() as i64);

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
        assert_eq!(waiting_indexes(&db).await, 0);
        assert!(bulk_load::restore_indexes(&db).await.unwrap().is_empty(), "nothing left to build");
        assert_eq!(find("ani").await, ["Kue Basah", "Warung Makan Bu Ani"]);
        assert_eq!(find("9120001234500").await, ["Warung Makan Bu Ani"]);

        // An index someone re-created by hand while its definition waited is not built twice.
        let again = bulk_load::defer_indexes(&db).await.unwrap();
        assert_eq!(again.len(), before.len(), "a second initial load defers again");
        assert!(index_defs(&db).await.is_empty());
        let def = before["owners_nama"].clone();
        match &db {
            berdaya_store::Db::Sqlite(p) => sqlx::query(sqlx::AssertSqlSafe(def)).execute(p).await.unwrap().rows_affected(),
            berdaya_store::Db::Pg(p) => sqlx::query(sqlx::AssertSqlSafe(def)).execute(p).await.unwrap().rows_affected(),
        };
        let built = bulk_load::restore_indexes(&db).await.unwrap();
        assert_eq!(built.len(), before.len() - 1);
        assert!(!built.contains(&"owners_nama".to_string()));
        assert_eq!(index_defs(&db).await, before);
        assert_eq!(waiting_indexes(&db).await, 0);
    }
}
