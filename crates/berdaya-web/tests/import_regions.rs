//! The registry import's region cells: kecamatan and desa by name or code, each resolved to a
//! current region of the importing agency's scope at the level its column names, or the row
//! refused with a reason in Bahasa. Also: a row refused for its region does not make a later
//! copy of it a duplicate, and a corrected mapping of an uploaded file is a new job.

use berdaya_core::{KodeWilayah, Role, Scope};
use berdaya_store::Db;
use berdaya_tabular::{Field, ReadOptions, Table, propose_mapping};
use berdaya_web::services::Actor;
use berdaya_web::services::import::{ImportOptions, RowOutcome, Status, run_import_with};
use crate::common::*;

const HEADER: &str = "NIK;Nama Lengkap;Kode Desa;Kel./Desa;Kecamatan;Nama Usaha";

/// What a row should become: stored in this region, or refused with this reason.
enum Expect {
    Stored(&'static str),
    Refused(&'static str),
}
use Expect::*;

fn actor(user_id: uuid::Uuid, username: &str, region: &str) -> Actor {
    let scope = Scope::for_agency(Some(&KodeWilayah::parse(region).unwrap())).unwrap();
    Actor { user_id: Some(user_id), username: username.into(), role: Role::Operator, scope, ..Actor::cli() }
}

/// Import `csv` (with [`HEADER`]) as `actor`; the outcome of each row with the region of the
/// owner it stored.
async fn import(db: &Db, actor: &Actor, csv: &str) -> Vec<(RowOutcome, Option<String>)> {
    let table = Table::from_bytes(csv.as_bytes().to_vec(), &ReadOptions::default()).unwrap();
    let mapping = propose_mapping(&table.header().columns);
    let fields: Vec<Option<Field>> = mapping.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        [Some(Field::Nik), Some(Field::Nama), Some(Field::KodeDesa), Some(Field::Desa), Some(Field::Kecamatan), Some(Field::NamaUsaha)],
        "the header maps as the test means"
    );
    let mut outs = Vec::new();
    // Batches of two rows: a row and its copy land in different batches, so a refusal made
    // while writing one batch must reach the copy in the next.
    let options = ImportOptions { batch_rows: 2, ..Default::default() };
    run_import_with(db, actor, table, &mapping, options, |_, o| outs.push(o.clone()), |_, _| {}).await.unwrap();
    let mut with_region = Vec::new();
    for o in outs {
        let region = match o.owner_id {
            Some(id) => Some(
                berdaya_store::on_db!(db, |p| sqlx::query_scalar::<_, String>("SELECT region FROM owners WHERE id = $1").bind(id).fetch_one(p).await)
                    .unwrap(),
            ),
            None => None,
        };
        with_region.push((o, region));
    }
    with_region
}

/// One row per case, NIKs `{prefix}{serial}` from `first`; checks each outcome.
async fn check(db: &Db, actor: &Actor, label: &str, nik_prefix: &str, first: usize, cases: &[(&str, &str, &str, Expect)]) {
    let mut csv = format!("{HEADER}\n");
    for (i, (kode, desa, kec, _)) in cases.iter().enumerate() {
        csv.push_str(&format!("{nik_prefix}{:04};Pemilik {i};{kode};{desa};{kec};Usaha {i}\n", first + i));
    }
    let outs = import(db, actor, &csv).await;
    assert_eq!(outs.len(), cases.len(), "{label}");
    for ((out, region), (kode, desa, kec, want)) in outs.iter().zip(cases) {
        let case = format!("{label}: row {} (kode desa {kode:?}, desa {desa:?}, kecamatan {kec:?})", out.row);
        match want {
            Stored(r) => {
                assert_eq!(out.status, Status::Imported, "{case}: {}", out.reason);
                assert_eq!(region.as_deref(), Some(*r), "{case}");
            }
            Refused(reason) => {
                assert_eq!(out.status, Status::Rejected, "{case}: {}", out.reason);
                assert_eq!(out.reason, *reason, "{case}");
                assert_eq!(region, &None, "{case}");
            }
        }
    }
}

#[tokio::test]
async fn region_cells_resolve_inside_the_scope_or_are_refused_with_a_reason() {
    for app in spawn_apps().await {
        let l = app.label;
        let bontang = app.agency("Dinas Kota Bontang", "64.74").await;
        let op = app.user(bontang, "op.bontang", "operator").await;
        let bontang = actor(op, "op.bontang", "64.74");
        // Bontang Utara 64.74.01 (Bontang Kuala 1001, Lok Tuan 1003), Bontang Selatan 64.74.02
        // (Tanjung Laut 1001, Berbas Tengah 1002, Bontang Lestari 1005), Bontang Barat 64.74.03
        // (Kanaan 1003). Tangerang Selatan 36.74: Serpong 36.74.01, Ciater 36.74.01.1001.
        #[rustfmt::skip]
        let cases = [
            // Names.
            ("", "", "Bontang Utara", Stored("64.74.01")),
            ("", "", "Kec. Bontang Barat", Stored("64.74.03")),
            ("", "Kel. Berbas Tengah", "Kecamatan Bontang Selatan", Stored("64.74.02.1002")),
            ("", "Lok Tuan", "", Stored("64.74.01.1003")),
            ("", "Kanaan", "Bontang Barat", Stored("64.74.03.1003")),
            ("", "Kanaan", "Bontang Utara", Refused("Desa/kelurahan \"Kanaan\" tidak ada di Kecamatan \"Bontang Utara\".")),
            ("", "", "Bontang Tengah", Refused("Kecamatan \"Bontang Tengah\" tidak ditemukan di wilayah kerja dinas.")),
            ("", "Sukamaju", "", Refused("Desa/kelurahan \"Sukamaju\" tidak ditemukan di wilayah kerja dinas.")),
            ("", "Sukamaju", "Bontang Utara", Refused("Desa/kelurahan \"Sukamaju\" tidak ditemukan di wilayah kerja dinas.")),
            // Names of another city's regions are not looked up.
            ("", "", "Serpong", Refused("Kecamatan \"Serpong\" tidak ditemukan di wilayah kerja dinas.")),
            ("", "Ciater", "", Refused("Desa/kelurahan \"Ciater\" tidak ditemukan di wilayah kerja dinas.")),
            // A desa name found while the kecamatan name is not: the desa (a misspelt kecamatan).
            ("", "Lok Tuan", "Bontang Utaraa", Stored("64.74.01.1003")),
            ("", "", "", Refused("Wilayah (desa/kelurahan atau kecamatan) tidak diisi.")),
            // Kecamatan codes.
            ("", "", "64.74.02", Stored("64.74.02")),
            ("", "", "647403", Stored("64.74.03")),
            ("", "Kanaan", "64.74.03", Stored("64.74.03.1003")),
            ("", "Kanaan", "64.74.01", Refused("Desa/kelurahan \"Kanaan\" tidak ada di Kecamatan Bontang Utara (64.74.01).")),
            ("", "", "36.74.01", Refused("Kecamatan 36.74.01 di luar wilayah kerja dinas.")),
            ("", "Kanaan", "36.74.01", Refused("Kecamatan 36.74.01 di luar wilayah kerja dinas.")),
            ("", "", "64.74.09", Refused("Kode kecamatan 64.74.09 tidak dikenal (tidak ada di daftar wilayah Kemendagri yang berlaku).")),
            ("", "", "64", Refused("Kolom Kecamatan berisi kode provinsi 64, bukan kode kecamatan.")),
            ("", "", "64.74", Refused("Kolom Kecamatan berisi kode kabupaten/kota 64.74, bukan kode kecamatan.")),
            ("", "", "64.74.1", Refused("Kode kecamatan \"64.74.1\" tidak sah: panjang kode wilayah harus 2, 4, 6, atau 10 digit.")),
            // A desa code in the Kecamatan column is taken as the desa, checked like any desa code.
            ("", "", "64.74.02.1001", Stored("64.74.02.1001")),
            ("", "", "36.74.01.1001", Refused("Desa/kelurahan 36.74.01.1001 di luar wilayah kerja dinas.")),
            // Codes in the Desa column.
            ("", "6474021005", "", Stored("64.74.02.1005")),
            ("", "64.74.02.1005", "Bontang Utara", Refused("Desa/kelurahan 64.74.02.1005 (Bontang Lestari) tidak berada di Kecamatan \"Bontang Utara\".")),
            ("", "64.74.01", "", Refused("Kolom Desa/Kelurahan berisi kode kecamatan 64.74.01, bukan kode desa/kelurahan.")),
            // Kode Desa column.
            ("64.74.01.1001", "", "", Stored("64.74.01.1001")),
            ("64.74.01.1001", "Bontang Kuala", "Bontang Utara", Stored("64.74.01.1001")),
            ("64.74.01.1001", "Bontang Kuala", "64.74.01", Stored("64.74.01.1001")),
            // A name the list does not know does not outweigh the code.
            ("64.74.01.1001", "Kuala Bontang", "Utara", Stored("64.74.01.1001")),
            ("64.74.01.1099", "", "", Refused("Kode desa/kelurahan 64.74.01.1099 tidak dikenal (tidak ada di daftar wilayah Kemendagri yang berlaku).")),
            ("36.74.01.1001", "", "", Refused("Desa/kelurahan 36.74.01.1001 di luar wilayah kerja dinas.")),
            ("36.74.01.1001", "", "Bontang Utara", Refused("Desa/kelurahan 36.74.01.1001 di luar wilayah kerja dinas.")),
            ("64.74.01.1001", "", "Bontang Selatan", Refused("Desa/kelurahan 64.74.01.1001 (Bontang Kuala) tidak berada di Kecamatan \"Bontang Selatan\".")),
            ("64.74.01.1001", "", "64.74.02", Refused("Desa/kelurahan 64.74.01.1001 (Bontang Kuala) tidak berada di Kecamatan Bontang Selatan (64.74.02).")),
            ("64.74.01.1001", "Berbas Tengah", "", Refused("Kode desa/kelurahan 64.74.01.1001 (Bontang Kuala) tidak sesuai dengan nama desa/kelurahan \"Berbas Tengah\".")),
            ("64.74.01.1001", "64.74.01.1003", "", Refused("Kode desa/kelurahan 64.74.01.1001 dan 64.74.01.1003 pada baris ini berbeda.")),
            // A Kode Desa cell of the wrong length is dropped by the converter; the reason says so.
            ("64.74.01", "", "", Refused("Wilayah (desa/kelurahan atau kecamatan) tidak diisi. Kode desa/kelurahan harus 10 digit (mis. 64.74.01.1001): 64.74.01")),
        ];
        check(&app.db, &bontang, &format!("{l} Bontang"), "647401550590", 1, &cases).await;

        // Kota Depok has two kelurahan named Curug: Cimanggis 32.76.02.1008, Bojongsari
        // 32.76.11.1005.
        let depok = app.agency("Dinas Kota Depok", "32.76").await;
        let op = app.user(depok, "op.depok", "operator").await;
        let depok = actor(op, "op.depok", "32.76");
        #[rustfmt::skip]
        let cases = [
            ("", "Curug", "", Refused("Desa/kelurahan \"Curug\" ada di beberapa kecamatan (Bojongsari, Cimanggis); isi kolom kecamatan.")),
            ("", "Curug", "Bojongsari", Stored("32.76.11.1005")),
            ("", "Kel. Curug", "Kec. Cimanggis", Stored("32.76.02.1008")),
            ("", "Curug", "32.76.02", Stored("32.76.02.1008")),
            ("", "Curug", "Beji", Refused("Desa/kelurahan \"Curug\" tidak ada di Kecamatan \"Beji\".")),
            ("", "Curug", "32.76.06", Refused("Desa/kelurahan \"Curug\" tidak ada di Kecamatan Beji (32.76.06).")),
            ("", "Curug", "Cimangis", Refused("Kecamatan \"Cimangis\" tidak ditemukan di wilayah kerja dinas.")),
            ("32.76.11.1005", "Curug", "", Stored("32.76.11.1005")),
            ("32.76.11.1005", "Curug", "Cimanggis", Refused("Desa/kelurahan 32.76.11.1005 (Curug) tidak berada di Kecamatan \"Cimanggis\".")),
            ("", "", "64.74.01", Refused("Kecamatan 64.74.01 di luar wilayah kerja dinas.")),
        ];
        check(&app.db, &depok, &format!("{l} Depok"), "327602550590", 1, &cases).await;

        // A retired region is not offered for new records, by name or by code.
        berdaya_store::on_db!(&app.db, |p| sqlx::query(
            "UPDATE regions SET retired_version_id = (SELECT MAX(id) FROM region_versions) WHERE kode IN ('64.74.03.1003', '64.74.03')"
        )
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
        .unwrap();
        #[rustfmt::skip]
        let cases = [
            ("64.74.03.1003", "", "", Refused("Kode desa/kelurahan 64.74.03.1003 tidak dikenal (tidak ada di daftar wilayah Kemendagri yang berlaku).")),
            ("", "Kanaan", "", Refused("Desa/kelurahan \"Kanaan\" tidak ditemukan di wilayah kerja dinas.")),
            ("", "", "64.74.03", Refused("Kode kecamatan 64.74.03 tidak dikenal (tidak ada di daftar wilayah Kemendagri yang berlaku).")),
            ("", "", "Bontang Barat", Refused("Kecamatan \"Bontang Barat\" tidak ditemukan di wilayah kerja dinas.")),
            ("", "Belimbing", "", Stored("64.74.03.1001")),
        ];
        check(&app.db, &bontang, &format!("{l} retired"), "647401550590", 101, &cases).await;
    }
}

#[tokio::test]
async fn only_stored_rows_make_later_copies_duplicates() {
    for app in spawn_apps().await {
        let l = app.label;
        let bontang = app.agency("Dinas Kota Bontang", "64.74").await;
        let op = app.user(bontang, "op.bontang", "operator").await;
        let bontang = actor(op, "op.bontang", "64.74");
        let tangsel = app.agency("Dinas Kota Tangerang Selatan", "36.74").await;
        let op = app.user(tangsel, "op.tangsel", "operator").await;
        let tangsel = actor(op, "op.tangsel", "36.74");
        // Tangerang Selatan registers a NIK first.
        let csv = format!("{HEADER}\n3674015505900001;Sari Dewi;;Ciater;Serpong;Warung Sari\n");
        let outs = import(&app.db, &tangsel, &csv).await;
        assert_eq!(outs[0].0.status, Status::Imported, "{l}: {:?}", outs[0].0);

        let csv = format!(
            "{HEADER}\n\
             6474015505900001;Siti Aminah;;;36.74.01;Amplang Bu Siti\n\
             6474015505900001;Siti Aminah;;Bontang Baru;Bontang Utara;Amplang Bu Siti\n\
             6474015505900001;Siti Aminah;;Bontang Baru;Bontang Utara;Amplang Bu Siti\n\
             6474015505900002;Rina;;Nowhere;;Warung Rina\n\
             6474015505900002;Rina;;Tanjung Laut;;Warung Rina\n\
             3674015505900001;Sari Dewi;;Bontang Baru;;Warung Sari\n\
             3674015505900001;Sari Dewi;;Bontang Baru;;Warung Sari\n"
        );
        let outs = import(&app.db, &bontang, &csv).await;
        let got: Vec<(Status, &str)> = outs.iter().map(|(o, _)| (o.status, o.reason.as_str())).collect();
        assert_eq!(got[0], (Status::Rejected, "Kecamatan 36.74.01 di luar wilayah kerja dinas."), "{l}");
        // The corrected copy of a refused row is the first of its NIK that is stored.
        assert_eq!(got[1].0, Status::Imported, "{l}: {got:?}");
        assert_eq!(outs[1].1.as_deref(), Some("64.74.01.1002"), "{l}");
        assert_eq!(got[2], (Status::Duplicate, "Duplikat baris 3 (NIK dan nama usaha sama)"), "{l}");
        assert_eq!(got[3], (Status::Rejected, "Desa/kelurahan \"Nowhere\" tidak ditemukan di wilayah kerja dinas."), "{l}");
        assert_eq!(got[4].0, Status::Imported, "{l}: {got:?}");
        // A row refused while writing (its NIK is another city's) is not a row to be a
        // duplicate of either: its copy is refused for the same reason.
        assert_eq!(got[5], (Status::Rejected, "NIK sudah terdaftar di wilayah lain."), "{l}");
        assert_eq!(got[6], (Status::Rejected, "NIK sudah terdaftar di wilayah lain. (salinan baris 7, yang juga ditolak)"), "{l}");
        let owners = berdaya_store::owners::count(&app.db, &bontang.scope).await.unwrap();
        assert_eq!(owners, 2, "{l}");
    }
}

#[tokio::test]
async fn a_corrected_mapping_of_the_same_file_is_a_new_job() {
    for app in spawn_apps().await {
        let l = app.label;
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        // "Wilayah" holds kecamatan names but no header rule knows it: the first mapping
        // leaves it out, every row is refused for its region.
        let csv = "NIK;Nama Lengkap;Wilayah;Nama Usaha\n\
            6474015505900001;Siti Aminah;Bontang Utara;Amplang Bu Siti\n\
            6474021202850003;Budi Santoso;Bontang Selatan;Bengkel Budi\n";
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .part("berkas", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("data-umkm.csv"));
        let html = op.post(app.url("/registri/impor")).multipart(form).send().await.unwrap().text().await.unwrap();
        let action_start = html.find("/registri/impor/").unwrap();
        let action = html[action_start..].split('"').next().unwrap().to_string();
        let mapping = |wilayah: &str| {
            vec![
                ("_csrf".to_string(), csrf.clone()),
                ("kolom_0".to_string(), "nik".to_string()),
                ("kolom_1".to_string(), "nama".to_string()),
                ("kolom_2".to_string(), wilayah.to_string()),
                ("kolom_3".to_string(), "nama_usaha".to_string()),
            ]
        };
        let submit = |fields: Vec<(String, String)>| {
            let (op, url) = (op.clone(), app.url(&action));
            async move {
                let res = op.post(url).form(&fields).send().await.unwrap();
                assert_eq!(res.status(), 303);
                res.headers()["location"].to_str().unwrap().trim_start_matches("/tugas/").to_string()
            }
        };
        let first = submit(mapping("")).await;
        // The same mapping again (a double click): the same job.
        assert_eq!(submit(mapping("")).await, first, "{l}");
        let done = finished_job(&app, &op, &first).await;
        assert_eq!(done["result"]["summary"]["rejected"], 2, "{l}: {done}");
        assert_eq!(submit(mapping("")).await, first, "{l}: still the same job once it ran");

        // The corrected mapping: a new job, which imports with it.
        let second = submit(mapping("kecamatan")).await;
        assert_ne!(second, first, "{l}");
        let done = finished_job(&app, &op, &second).await;
        assert_eq!(done["status"], "done", "{l}: {done}");
        assert_eq!(done["result"]["summary"]["imported"], 2, "{l}: {done}");
        assert_eq!(submit(mapping("kecamatan")).await, second, "{l}");
    }
}
