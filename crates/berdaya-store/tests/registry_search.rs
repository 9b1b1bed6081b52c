//! The registry word search against a brute-force filter of every row, on both databases:
//! each query shape, sort order, scope and filter, keyset pages and foreign keyset positions.

use berdaya_core::teks::search_key;
use berdaya_core::{KodeWilayah, Scope};
use berdaya_store::businesses::{self, Business, BusinessFilter};
use berdaya_store::testing;
use crate::registry::*;
use uuid::Uuid;

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
    pirt: &'a std::collections::HashSet<Uuid>,
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
                Some("pirt") => self.pirt.contains(&b.id),
                Some(code) => b.izin.contains(&format!(",{code},")),
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
    // "Kartika": an owner name that "k" (too many words: "name begins with") finds by the owner.
    let firsts = ["Siti", "Ani", "Budi", "Mahmud", "Maria", "Rina", "Agus", "Dewi", "Hasan", "Marwah", "Toko", "Kartika"];
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
        // Halal: ~800 holders, read as a stream of their own; PIRT: ~2,400 (more than the word
        // search reads at once), checked on the word index entries. Some hold PIRT twice.
        let halal: HashSet<Uuid> = rows.iter().filter(|_| rng.chance(20)).map(|b| b.id).collect();
        let pirt: HashSet<Uuid> = rows.iter().filter(|_| rng.chance(60)).map(|b| b.id).collect();
        assert!(halal.len() < 2000 && pirt.len() > 2000, "{} {}", halal.len(), pirt.len());
        // The business's permit set, as the permit form keeps it (the list filters on it).
        for b in rows.iter_mut() {
            let held = [("halal", halal.contains(&b.id)), ("nib", !b.nib.is_empty()), ("pirt", pirt.contains(&b.id))];
            let codes: Vec<&str> = held.iter().filter(|h| h.1).map(|h| h.0).collect();
            b.izin = if codes.is_empty() { String::new() } else { format!(",{},", codes.join(",")) };
        }
        load(&db, &owners, &rows).await;
        let mut tx = db.begin().await.unwrap();
        let held = rows.iter().flat_map(|b| {
            let twice = pirt.contains(&b.id) && b.id.as_bytes()[15] % 5 == 0;
            [(b, "halal", halal.contains(&b.id)), (b, "pirt", pirt.contains(&b.id)), (b, "pirt", twice)]
        });
        for (b, jenis, _) in held.filter(|h| h.2) {
            let permit = businesses::Permit {
                id: berdaya_store::new_id(),
                business_id: b.id,
                region: b.region.clone(),
                jenis: jenis.into(),
                nomor: format!("ID-{}", berdaya_store::new_id()),
                tanggal_terbit: None,
                berlaku_sampai: None,
                created_at: b.created_at,
            };
            businesses::insert_permit(&mut tx, &permit).await.unwrap();
        }
        tx.commit().await.unwrap();
        let vocab: BTreeSet<String> = rows.iter().flat_map(|b| berdaya_store::search_index::words(&b.nama_norm, &b.owner_nama_norm)).collect();
        assert!(vocab.iter().filter(|w| w.starts_with('k')).count() > 48, "'k' expands to more words than are streamed");
        let expect = Expect { rows: &rows, halal: &halal, pirt: &pirt, vocab: &vocab };
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
            BusinessFilter { izin: Some("pirt".into()), skala: Some("mikro".into()), ..Default::default() },
            BusinessFilter { izin: Some("halal".into()), sektor: Some("G".into()), region: Some("64.74.01".into()), ..Default::default() },
            BusinessFilter { izin: Some("bpom".into()), ..Default::default() },
        ];
        for base in &filters {
            // "" and "k": no word search (the list by filters; "k" expands to too many words).
            // "izin": no name has it, but it starts the name of the permit tokens.
            for q in ["toko", "warung makan", "ma", "k warung", "siti", "", "k", "izin", "iz toko"] {
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
        // The word index keeps each business's scale, sector and permits: an edit that changes
        // them (a business "naik kelas", a corrected KBLI, a BPOM permit recorded, a halal
        // certificate gone) and an owner rename (which re-indexes the owner's businesses from
        // the stored rows) are seen by the filtered word search.
        let mut halal = halal;
        let mut tx = db.begin().await.unwrap();
        for i in (0..rows.len()).step_by(9) {
            let before = rows[i].clone();
            let mut after = before.clone();
            after.skala = if before.skala == "kecil" { "menengah".into() } else { "kecil".into() };
            after.sektor = if before.sektor == "G" { "I".into() } else { "G".into() };
            after.izin = if i % 27 == 0 && halal.remove(&before.id) { before.izin.replace(",halal,", ",") } else { before.izin.clone() };
            after.izin = if after.izin.is_empty() { ",bpom,".into() } else { format!("{}bpom,", after.izin) };
            businesses::update(&mut tx, &before, &after).await.unwrap();
            after.version += 1;
            rows[i] = after;
        }
        let renamed = rows[4].owner_id;
        let new_key = search_key("Kartini Toko");
        businesses::set_owner_name(&mut tx, renamed, &new_key).await.unwrap();
        for b in rows.iter_mut().filter(|b| b.owner_id == renamed) {
            b.owner_nama_norm = new_key.clone();
        }
        tx.commit().await.unwrap();
        let vocab: BTreeSet<String> = rows.iter().flat_map(|b| berdaya_store::search_index::words(&b.nama_norm, &b.owner_nama_norm)).collect();
        let expect = Expect { rows: &rows, halal: &halal, pirt: &pirt, vocab: &vocab };
        let mut edited = 0;
        for base in &filters[..2] {
            for q in ["toko", "warung makan", "kartini"] {
                for sort in ["nama", "pemilik"] {
                    let f = BusinessFilter { q: Some(q.into()), sort: sort.into(), ..base.clone() };
                    let want = expect.ids(&bontang, &f);
                    same(&got(&bontang, &f, 5000).await, &want, &format!("after edits, q={q} sort={sort} filter={base:?}"));
                    edited += want.iter().filter(|id| rows.iter().step_by(9).any(|b| b.id == **id)).count();
                }
            }
        }
        assert!(edited > 20, "edited businesses are among the filtered results ({edited})");
        let mut permits = 0;
        for base in [&filters[2], &filters[6], &filters[7]] {
            for q in ["toko", "warung makan", "k warung", "kartini", ""] {
                for sort in ["nama", "pemilik"] {
                    let f = BusinessFilter { q: Some(q.into()), sort: sort.into(), ..base.clone() };
                    let want = expect.ids(&bontang, &f);
                    same(&got(&bontang, &f, 5000).await, &want, &format!("after permit edits, q={q} sort={sort} filter={base:?}"));
                    same(&got(&bontang, &f, 51).await, &want[..want.len().min(51)], &format!("first page after permit edits, q={q} sort={sort} filter={base:?}"));
                    permits += want.len();
                }
            }
        }
        assert!(permits > 500, "the permit filters find the edited rows ({permits})");
        let f = BusinessFilter { q: Some("kartini".into()), ..Default::default() };
        assert!(!expect.ids(&bontang, &f).is_empty() || !expect.ids(&Scope::National, &f).is_empty(), "the renamed owner is found");
    }
}
