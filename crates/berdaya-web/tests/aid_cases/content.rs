//! What the aid module hands out and takes in, opened and counted: the approved-list XLSX read
//! back with calamine (NIK in full or masked by role), and an application document over the
//! size limit refused in Bahasa with nothing stored.

use std::io::Cursor;

use crate::aid_support::*;
use crate::common::*;
use crate::aid::proposed_batch;
use berdaya_core::{Role, Scope};
use berdaya_store::Db;
use berdaya_store::aid::{applications as apps, batches};
use berdaya_web::services::aid::approval::{self, DecisionInput};
use calamine::{Data, Reader, Xlsx};
use reqwest::multipart::{Form, Part};

fn sheet_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an XLSX workbook");
    assert_eq!(wb.sheet_names(), vec!["Penerima".to_string()]);
    let range = wb.worksheet_range("Penerima").expect("the sheet");
    range.rows().map(|r| r.iter().map(|c: &Data| c.to_string()).collect()).collect()
}

#[tokio::test]
async fn approved_list_xlsx_holds_the_recipients_with_nik_by_role() {
    for app in spawn_apps().await {
        let l = app.label;
        let (pid, bid, _) = proposed_batch(&app, "tunai", 2).await;
        let ag = app.agency("Pimpinan Kota Bontang", "64.74").await;
        let pim_id = app.user(ag, "pimpinan.bontang", "pimpinan").await;
        let pim = actor(pim_id, "pimpinan.bontang", Role::Pimpinan, "64.74");
        let op = app.login("op.bontang").await;
        let url = app.url(&format!("/bantuan/usulan/{bid}/penerima.xlsx"));
        assert_eq!(op.get(&url).send().await.unwrap().status(), 409, "{l}: not before approval");
        let input = DecisionInput { keputusan: "setujui".into(), sk_nomor: "500/4/2026".into(), sk_tanggal: "24/11/2026".into(), catatan: String::new() };
        approval::decide(&app.db, &pim, bid, &input).await.unwrap();
        let first = batches::recipients(&app.db, &Scope::National, pid, None).await.unwrap().remove(0);
        assert_eq!(first.nama, "Penerima 0");

        let header = ["No", "Nama", "NIK", "Kode Wilayah", "Nilai (Rp)", "Referensi", "Status"];
        let res = op.get(&url).send().await.unwrap();
        assert_eq!(res.status(), 200, "{l}");
        let rows = sheet_rows(&res.bytes().await.unwrap());
        assert_eq!(rows.len(), 3, "{l}: header and two recipients: {rows:?}");
        assert_eq!(rows[0], header, "{l}");
        assert_eq!(rows[1], ["1", "Penerima 0", first.nik.as_str(), "64.74.01.1002", "1000000", first.referensi.as_str(), "menunggu"], "{l}: the operator sees the NIK");
        assert_eq!(first.nik, "6474015505900001");
        assert!(first.referensi.starts_with("BDY2026-001-"), "{l}: {}", first.referensi);

        // The pimpinan does not see personal data: the same row with the NIK masked.
        let res = app.login("pimpinan.bontang").await.get(&url).send().await.unwrap();
        assert_eq!(res.status(), 200, "{l}");
        let rows = sheet_rows(&res.bytes().await.unwrap());
        assert_eq!(rows[0], header, "{l}");
        assert_eq!(rows[1][2], "6474**********01", "{l}");
        assert_eq!(rows[1][1], "Penerima 0", "{l}");
        assert!(rows.iter().flatten().all(|c| !c.contains("6474015505900001") && !c.contains("6474015505900002")), "{l}: no NIK in full anywhere");
    }
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    match db {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        Db::Pg(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

fn files_on_disk(dir: &std::path::Path) -> usize {
    let mut n = 0;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                n += files_on_disk(&path);
            } else if !path.extension().is_some_and(|x| x == "db" || x == "db-wal" || x == "db-shm") && !path.to_string_lossy().contains(".db-") {
                n += 1;
            }
        }
    }
    n
}

fn pdf_of(size: usize) -> Vec<u8> {
    let mut data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    data.resize(size, b' ');
    data.extend_from_slice(b"\n%%EOF\n");
    data
}

#[tokio::test]
async fn document_over_the_size_limit_is_refused_in_bahasa_and_nothing_is_stored() {
    for app in spawn_apps_with(|c| c.max_upload_mib = 1).await {
        let l = app.label;
        let (pid, _, _) = proposed_batch(&app, "tunai", 1).await;
        let a = apps::list(&app.db, &Scope::National, pid, &Default::default(), 1).await.unwrap().remove(0);
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let url = app.url(&format!("/bantuan/permohonan/{}/dokumen", a.id));
        let send = |data: Vec<u8>| {
            let form = Form::new().text("_csrf", csrf.clone()).text("jenis", "ktp").part("berkas", Part::bytes(data).file_name("ktp.pdf"));
            op.post(&url).multipart(form).send()
        };
        let files_before = count(&app.db, "SELECT COUNT(*) FROM files").await;
        let disk_before = files_on_disk(&app.config.data_dir);

        // Just over 1 MB: the storage check names the size and the limit.
        let res = send(pdf_of(1024 * 1024 + 10)).await.unwrap();
        assert_eq!(res.status(), 400, "{l}");
        let page = res.text().await.unwrap();
        assert!(page.contains("Berkas terlalu besar: 2 MB, batasnya 1 MB."), "{l}: {page}");
        // Far over: cut off while reading, still said in Bahasa with the limit.
        let res = send(pdf_of(3 * 1024 * 1024)).await.unwrap();
        assert_eq!(res.status(), 400, "{l}");
        let page = res.text().await.unwrap();
        assert!(page.contains("lebih besar dari batas 1 MB"), "{l}: {page}");
        assert!(apps::documents(&app.db, a.id).await.unwrap().is_empty(), "{l}: no document");
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM files").await, files_before, "{l}: no file row");
        assert_eq!(files_on_disk(&app.config.data_dir), disk_before, "{l}: nothing written to storage");

        // Within the limit it is kept (the refusals above were about size alone).
        let res = send(pdf_of(200 * 1024)).await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        assert_eq!(apps::documents(&app.db, a.id).await.unwrap().len(), 1, "{l}");
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM files").await, files_before + 1, "{l}");
    }
}
