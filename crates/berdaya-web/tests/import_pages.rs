//! The import pages around the mapping: a preview of the first rows under the detected
//! header, the operator moving the header row (and the job reading the file the same way),
//! and the result page listing rejected rows and rows imported with a warning. Both databases.

use berdaya_core::Scope;
use berdaya_store::owners::{self, OwnerFilter};
use berdaya_store::users;
use crate::common::*;
use serde_json::Value;

/// Upload a CSV through the import form; returns the mapping page.
async fn upload(app: &TestApp, c: &reqwest::Client, csrf: &str, name: &str, csv: &str) -> String {
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf.to_string())
        .part("berkas", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name(name.to_string()));
    let res = c.post(app.url("/registri/impor")).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 200, "{}", app.label);
    let html = res.text().await.unwrap();
    assert!(html.contains("Pemetaan kolom"), "{html}");
    html
}

/// The text of an HTML fragment: tags dropped, the few entities askama writes decoded.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out.replace("&#x27;", "'").replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&").trim().to_string()
}

/// The cells of each row of the table with `id` (header cells in the first row).
fn table(html: &str, id: &str) -> Vec<Vec<String>> {
    let Some(start) = html.find(&format!("<table id=\"{id}\"")) else { return vec![] };
    let body = &html[start..];
    let body = &body[..body.find("</table>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let row = row.split("</tr>").next().unwrap();
            row.split("<t").skip(1).filter(|c| c.starts_with('d') || c.starts_with('h')).map(|c| text(&format!("<t{c}"))).collect()
        })
        .collect()
}

/// The raw HTML of the preview cell at (data row, column) (row 0 is the first data row).
fn preview_cell_html(html: &str, row: usize, col: usize) -> String {
    let start = html.find("<table id=\"pratinjau-baris\"").unwrap();
    let body = &html[start..];
    let tbody = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    let tr = tbody.split("<tr>").nth(row + 1).unwrap();
    tr.split("<td").nth(col + 2).unwrap().split("</td>").next().unwrap().to_string()
}

/// The header row in use, as the page states it.
fn header_row_shown(html: &str) -> String {
    let p = &html[html.find("id=\"baris-judul-terpakai\"").unwrap()..];
    p.split("<strong>").nth(1).unwrap().split("</strong>").next().unwrap().to_string()
}

/// The mapping form's fields as proposed (`kolom_{i}` → the selected field key), with the
/// hidden fields it carries, and its action.
fn mapping_form(html: &str, csrf: &str) -> (String, Vec<(String, String)>) {
    let start = html.find("<form method=\"post\" action=\"/registri/impor/").unwrap();
    let form = &html[start..];
    let form = &form[..form.find("</form>").unwrap()];
    let action = form.split("action=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let mut fields: Vec<(String, String)> = vec![("_csrf".into(), csrf.to_string())];
    if let Some(h) = form.split("name=\"baris_judul\" value=\"").nth(1) {
        fields.push(("baris_judul".into(), h.split('"').next().unwrap().to_string()));
    }
    for part in form.split("<select id=\"kolom_").skip(1) {
        let idx: usize = part.split('"').next().unwrap().parse().unwrap();
        let select = part.split("</select>").next().unwrap();
        let value = match select.split(" selected>").next() {
            Some(before) if select.contains(" selected>") => before.rsplit("value=\"").next().unwrap().split('"').next().unwrap().to_string(),
            _ => String::new(),
        };
        fields.push((format!("kolom_{idx}"), value));
    }
    (action, fields)
}

fn set(fields: &mut [(String, String)], key: &str, value: &str) {
    let f = fields.iter_mut().find(|(k, _)| k == key).unwrap_or_else(|| panic!("no field {key}"));
    f.1 = value.to_string();
}

/// Read the page again with the header at `row`, through the "Baca ulang" form.
async fn reread(app: &TestApp, c: &reqwest::Client, html: &str, row: &str) -> (reqwest::StatusCode, String) {
    let form = &html[html.find("id=\"baca-ulang\"").unwrap()..];
    let file = form.split("name=\"berkas\" value=\"").nth(1).unwrap().split('"').next().unwrap();
    let res = c.get(app.url(&format!("/registri/impor?berkas={file}&baris_judul={row}"))).send().await.unwrap();
    let status = res.status();
    (status, res.text().await.unwrap())
}

/// Post the mapping, wait for the job; returns the job page's URL and the finished job.
async fn run(app: &TestApp, c: &reqwest::Client, action: &str, fields: &[(String, String)]) -> (String, Value) {
    let res = c.post(app.url(action)).form(fields).send().await.unwrap();
    assert_eq!(res.status(), 303, "{}: {}", app.label, res.text().await.unwrap());
    let job_url = res.headers()["location"].to_str().unwrap().to_string();
    let j = finished_job(app, c, &job_url).await;
    assert_eq!(j["status"], "done", "{}: {j}", app.label);
    (job_url, j)
}

const TITLED: &str = "DATA UMKM BINAAN KOTA BONTANG\n\
    TAHUN ANGGARAN 2024\n\
    NIK;Nama Pemilik;Kel./Desa;Nama Usaha;Keterangan\n\
    6474015505900001;Siti Aminah;Bontang Baru;Amplang Bu Siti;lama\n\
    6474021202850003;Budi Santoso;Bontang Baru;Bengkel Budi;Pelanggan tetap sejak lama, bengkel dekat pasar Rawa Indah\n\
    6474014303750004;Rina Wati;Bontang Baru;Kue Basah Rina;\n\
    6474015708800002;Dewi Lestari;Bontang Baru;Jahit Dewi;\n\
    6474010101700005;Ahmad Yani;Bontang Baru;Warung Ahmad;\n\
    6474010202710006;Joko Susilo;Bontang Baru;Sablon Joko;\n";

#[tokio::test]
async fn preview_shows_the_first_rows_under_the_detected_header_and_the_header_row_can_be_moved() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let html = upload(&app, &op, &csrf, "umkm-berjudul.csv", TITLED).await;

        // The two title rows are skipped: the header is line 3, and said so.
        assert_eq!(header_row_shown(&html), "3", "{}", app.label);
        assert!(html.contains("(terdeteksi otomatis)"), "{html}");
        assert!(html.contains("DATA UMKM BINAAN KOTA BONTANG") && html.contains("TAHUN ANGGARAN 2024"), "title rows named");
        assert!(html.contains("id=\"baris_judul\" name=\"baris_judul\" type=\"number\" min=\"1\" step=\"1\" value=\"3\""), "{html}");

        // The preview: the header's labels over the first five data rows, with their line.
        let rows = table(&html, "pratinjau-baris");
        assert_eq!(rows[0], ["Baris", "NIK", "Nama Pemilik", "Kel./Desa", "Nama Usaha", "Keterangan"], "{}", app.label);
        assert_eq!(rows.len(), 1 + 5, "five data rows: {rows:?}");
        assert_eq!(rows[1], ["4", "6474015505900001", "Siti Aminah", "Bontang Baru", "Amplang Bu Siti", "lama"]);
        assert_eq!(rows[5][0..3], ["8", "6474010101700005", "Ahmad Yani"]);
        assert!(!html.contains("Joko Susilo"), "the sixth data row is not previewed");
        // A long cell is cut, its whole text in the tooltip.
        let long = preview_cell_html(&html, 1, 4);
        assert!(long.contains("title=\"Pelanggan tetap sejak lama, bengkel dekat pasar Rawa Indah\""), "{long}");
        assert_eq!(text(&format!("<td{long}")), "Pelanggan tetap sejak lama, bengkel dek…");
        // The mapping selects are there as before.
        let (_, fields) = mapping_form(&html, &csrf);
        assert!(fields.contains(&("kolom_0".into(), "nik".into())) && fields.contains(&("kolom_1".into(), "nama".into())), "{fields:?}");
        assert!(!fields.iter().any(|(k, _)| k == "baris_judul"), "detected header: nothing to carry");

        // Moving the header up to line 2 reads the file again: line 3 is now a data row.
        let (status, moved) = reread(&app, &op, &html, "2").await;
        assert_eq!(status, 200);
        assert_eq!(header_row_shown(&moved), "2");
        assert!(moved.contains("deteksi otomatis menemukan baris 3"), "{moved}");
        let rows = table(&moved, "pratinjau-baris");
        assert_eq!(rows[0][1], "TAHUN ANGGARAN 2024", "{rows:?}");
        assert_eq!(rows[1][0..3], ["3", "NIK", "Nama Pemilik"], "{rows:?}");
        assert_eq!(rows[2][0..3], ["4", "6474015505900001", "Siti Aminah"]);
        let (_, fields) = mapping_form(&moved, &csrf);
        assert!(fields.contains(&("baris_judul".into(), "2".into())), "the chosen header goes with the mapping: {fields:?}");
        assert!(!fields.contains(&("kolom_0".into(), "nik".into())), "mapped from the new header: {fields:?}");

        // Back to line 3: as detected.
        let (_, back) = reread(&app, &op, &moved, "3").await;
        assert_eq!(header_row_shown(&back), "3");
        assert!(back.contains("(terdeteksi otomatis)"));
        assert_eq!(table(&back, "pratinjau-baris")[1][0], "4");

        // A row past the end of the file: said so, the detected header kept.
        let (status, past) = reread(&app, &op, &html, "99").await;
        assert_eq!(status, 200);
        assert!(past.contains("Baris 99 tidak ada di berkas"), "{past}");
        assert_eq!(header_row_shown(&past), "3");
        let (_, bad) = reread(&app, &op, &html, "dua").await;
        assert!(bad.contains("Baris judul kolom harus berupa nomor baris"), "{bad}");

        // A role that may not import is refused the page; another city's operator cannot
        // read the upload (its scope does not hold the file).
        app.user(a, "pimpinan.bontang", "pimpinan").await;
        let pim = app.login("pimpinan.bontang").await;
        let (status, _) = reread(&app, &pim, &html, "3").await;
        assert_eq!(status, 403, "{}", app.label);
        let t = app.agency("Dinas Kota Tangerang Selatan", "36.74").await;
        app.user(t, "op.tangsel", "operator").await;
        let other = app.login("op.tangsel").await;
        let (status, body) = reread(&app, &other, &html, "3").await;
        assert_eq!(status, 404, "{}: {body}", app.label);
        assert!(!body.contains("Siti Aminah"), "{}", app.label);
    }
}

/// A bank's list (KUR debtors) with English headers the system does not know, under a title
/// written across seven cells: the title scores as the better header, so detection takes it.
const MISREAD: &str = "Laporan;Debitur;KUR;Mikro;Bank;Kaltim;Kaltara\n\
    Customer ID;Customer;Business;Village\n\
    6474015505900001;Siti Aminah;Amplang Bu Siti;Bontang Baru\n\
    6474021202850003;Budi Santoso;Bengkel Budi;Bontang Baru\n";

#[tokio::test]
async fn a_header_row_chosen_by_the_operator_is_the_one_the_import_reads() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let html = upload(&app, &op, &csrf, "rekap.csv", MISREAD).await;
        assert_eq!(header_row_shown(&html), "1", "{}: detection takes the title row here", app.label);
        assert_eq!(table(&html, "pratinjau-baris")[1][0..3], ["2", "Customer ID", "Customer"]);

        let (_, moved) = reread(&app, &op, &html, "2").await;
        assert_eq!(header_row_shown(&moved), "2");
        let rows = table(&moved, "pratinjau-baris");
        assert_eq!(rows[0], ["Baris", "Customer ID", "Customer", "Business", "Village"], "{rows:?}");
        assert_eq!(rows[1], ["3", "6474015505900001", "Siti Aminah", "Amplang Bu Siti", "Bontang Baru"]);
        let (action, mut fields) = mapping_form(&moved, &csrf);
        for (i, key) in ["nik", "nama", "nama_usaha", "desa"].iter().enumerate() {
            set(&mut fields, &format!("kolom_{i}"), key);
        }
        let (job_url, done) = run(&app, &op, &action, &fields).await;
        assert_eq!(done["result"]["summary"]["imported"], 2, "{}: {done}", app.label);
        assert_eq!(done["result"]["summary"]["rejected"], 0, "{done}");
        let page = op.get(app.url(&job_url)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("2 baru"), "{page}");
        let found = owners::list(&app.db, &Scope::National, &OwnerFilter { q: owners::search_term("budi"), ..Default::default() }, 10).await.unwrap();
        assert_eq!(found.iter().map(|o| o.nik.as_str()).collect::<Vec<_>>(), ["6474021202850003"]);
    }
}

/// Row 3 is imported with a warning (the birth date disagrees with the NIK: 15/05/90), row 4
/// is rejected (a NIK of five digits), row 5 is imported clean.
const MIXED: &str = "NIK;Nama Pemilik;Tanggal Lahir;Kel./Desa;Nama Usaha\n\
    6474015505900001;Siti Aminah;15-05-1990;Bontang Baru;Amplang Bu Siti\n\
    6474021202850003;Budi Santoso;01-01-1970;Bontang Baru;Bengkel Budi\n\
    12345;Tanpa NIK Benar;02-02-1980;Bontang Baru;Warung\n\
    6474014303750004;Rina Wati;03-03-1975;Bontang Baru;Kue Basah Rina\n";

#[tokio::test]
async fn the_result_page_lists_rejected_rows_and_rows_imported_with_a_warning() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        let op_id = app.user(a, "op.bontang", "operator").await;
        app.user(a, "pimpinan.bontang", "pimpinan").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let html = upload(&app, &op, &csrf, "campur.csv", MIXED).await;
        let (action, fields) = mapping_form(&html, &csrf);
        let (job_url, done) = run(&app, &op, &action, &fields).await;
        let summary = &done["result"]["summary"];
        assert_eq!((summary["imported"].as_u64(), summary["rejected"].as_u64()), (Some(3), Some(1)), "{}: {done}", app.label);

        // The import's per-row warnings, as the job's result carries them: `warned` and the
        // first rows as {row, owner_id, warning}, digit runs masked.
        assert_eq!(done["result"]["warned"], 1, "{done}");
        let listed = done["result"]["warnings"][0]["warning"].as_str().unwrap();
        assert!(listed.contains("Tanggal lahir menurut NIK"), "{listed}");
        let id: uuid::Uuid = job_url.trim_start_matches("/tugas/").parse().unwrap();
        let page = op.get(app.url(&job_url)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("3 baru") && page.contains("1 ditolak"), "{page}");
        let rejected = table(&page, "ditolak");
        assert_eq!(rejected.len(), 2, "{rejected:?}");
        assert_eq!(rejected[1][0], "4", "{rejected:?}");
        assert!(rejected[1][1].contains("NIK harus 16 digit"), "{rejected:?}");
        assert!(page.contains("1 baris diimpor dengan peringatan"), "{page}");
        let warned = table(&page, "peringatan");
        assert_eq!(warned[0], ["Baris di berkas", "Nama", "NIK", "Peringatan"]);
        assert_eq!(warned.len(), 2, "only the warned row: {warned:?}");
        assert_eq!(warned[1][0..3], ["3", "Budi Santoso", "6474021202850003"], "{warned:?}");
        assert!(warned[1][3].contains("Tanggal lahir menurut NIK"), "{warned:?}");
        // The technical details do not repeat the warned rows.
        let details = &page[page.find("job-result").unwrap()..];
        assert!(!details.contains("Tanggal lahir menurut NIK"), "{details}");

        // Another user of the agency without personal data sees the counts, not the rows.
        let pim = app.login("pimpinan.bontang").await;
        let other = pim.get(app.url(&job_url)).send().await.unwrap().text().await.unwrap();
        assert!(other.contains("1 ditolak") && other.contains("1 baris diimpor dengan peringatan"), "{other}");
        assert!(!other.contains("id=\"ditolak\"") && !other.contains("id=\"peringatan\""), "{other}");
        assert!(!other.contains("Budi Santoso") && !other.contains("6474021202850003"), "{other}");
        // Nor through the API: the warned rows quote cells.
        let api: serde_json::Value = pim.get(app.url(&format!("/api/v1/jobs/{id}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(api["result"]["warned"], 1, "{api}");
        assert!(api["result"].get("warnings").is_none(), "{}: {api}", app.label);
        let mine: serde_json::Value = op.get(app.url(&format!("/api/v1/jobs/{id}"))).send().await.unwrap().json().await.unwrap();
        let w = mine["result"]["warnings"][0]["warning"].as_str().unwrap();
        assert!(w.contains("(**/**/**)") && !w.contains("12/02/85"), "dates quoted from cells are masked when stored: {w}");

        // The job's own user, once their role no longer sees personal data: NIKs and long
        // numbers in the warnings masked.
        let mut tx = app.db.begin().await.unwrap();
        let patch = users::UserPatch { full_name: "Operator".into(), email: String::new(), role: "pimpinan".into(), active: true };
        users::update(&mut tx, &Scope::National, op_id, &patch).await.unwrap();
        tx.commit().await.unwrap();
        let op = app.login("op.bontang").await;
        let masked = op.get(app.url(&job_url)).send().await.unwrap().text().await.unwrap();
        let warned = table(&masked, "peringatan");
        assert_eq!(warned.len(), 2, "{masked}");
        assert_eq!(warned[1][1], "Budi Santoso");
        assert_eq!(warned[1][2], "6474**********03");
        assert!(warned[1][3].contains("Tanggal lahir menurut NIK (**/**/**) berbeda dengan data isian (**/**/****)"), "{warned:?}");
        assert!(!masked.contains("6474021202850003") && !masked.contains("12/02/85"), "{masked}");
    }
}

/// A worker that stopped mid-import leaves its job to be retried: the retry reports the rows
/// the first attempt stored as imported (or updated) on that attempt, not as duplicates.
#[tokio::test]
async fn a_retried_import_job_reports_what_its_first_attempt_stored() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        // Budi is registered before the import: his row adds a business to him ("updated").
        let before = "NIK;Nama Pemilik;Kel./Desa;Nama Usaha\n6474021202850003;Budi Santoso;Bontang Baru;Bengkel Budi\n";
        let html = upload(&app, &op, &csrf, "awal.csv", before).await;
        let (action, fields) = mapping_form(&html, &csrf);
        run(&app, &op, &action, &fields).await;
        let sheet = "NIK;Nama Pemilik;Kel./Desa;Nama Usaha\n\
            6474015505900001;Siti Aminah;Bontang Baru;Amplang Bu Siti\n\
            6474021202850003;Budi Santoso;Bontang Baru;Cuci Motor Budi\n\
            12345;Tanpa NIK Benar;Bontang Baru;Warung\n";
        let html = upload(&app, &op, &csrf, "lembar.csv", sheet).await;
        let (action, fields) = mapping_form(&html, &csrf);
        let (job_url, first) = run(&app, &op, &action, &fields).await;
        let s = &first["result"]["summary"];
        assert_eq!((s["imported"].as_u64(), s["updated"].as_u64(), s["rejected"].as_u64()), (Some(1), Some(1), Some(1)), "{}: {first}", app.label);

        // The same job run again as a retry (its attempt counter says so).
        let id: uuid::Uuid = job_url.trim_start_matches("/tugas/").parse().unwrap();
        let requeue = "UPDATE jobs SET status = 'queued', result = NULL, finished_at = NULL, locked_at = NULL, run_after = created_at WHERE id = $1";
        match &app.db {
            berdaya_store::Db::Sqlite(p) => sqlx::query(requeue).bind(id).execute(p).await.map(|_| ()),
            berdaya_store::Db::Pg(p) => sqlx::query(requeue).bind(id).execute(p).await.map(|_| ()),
        }
        .unwrap();
        let mut again = Value::Null;
        for _ in 0..200 {
            again = op.get(app.url(&format!("/api/v1/jobs/{id}"))).send().await.unwrap().json().await.unwrap();
            if again["status"] == "done" || again["status"] == "failed" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(again["attempts"], 2, "{}: {again}", app.label);
        let s = &again["result"]["summary"];
        assert_eq!(
            (s["imported"].as_u64(), s["updated"].as_u64(), s["duplicate"].as_u64(), s["rejected"].as_u64()),
            (Some(1), Some(1), Some(0), Some(1)),
            "{}: {again}",
            app.label
        );
        assert_eq!(again["result"]["warned"], 0, "the earlier attempt is not a warning: {again}");
        // Nothing was written twice.
        let budi = owners::list(&app.db, &Scope::National, &OwnerFilter { q: owners::search_term("budi"), ..Default::default() }, 10).await.unwrap();
        assert_eq!(berdaya_store::businesses::for_owner(&app.db, budi[0].id).await.unwrap().len(), 2, "{}", app.label);
        // A new import of the same sheet is not a retry: its rows are duplicates.
        let html = upload(&app, &op, &csrf, "lembar-lagi.csv", sheet).await;
        let (action, fields) = mapping_form(&html, &csrf);
        let (_, third) = run(&app, &op, &action, &fields).await;
        assert_eq!(third["result"]["summary"]["duplicate"], 2, "{}: {third}", app.label);
    }
}

/// A Dinas sheet imported through the pages with one column mapping corrected.
#[tokio::test]
async fn import_through_the_pages_with_a_corrected_mapping() {
    for app in spawn_apps().await {
        let a = app.agency("Dinas Kota Bontang", "64.74").await;
        app.user(a, "op.bontang", "operator").await;
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let csv = "DATA UMKM KOTA BONTANG TAHUN 2024\n\n\
            No;NIK KTP;Nama Pemilik;L/P;TTL;Kel./Desa;Kecamatan;No. HP/WA;Nama Usaha;Omset per Bulan;Keterangan\n\
            1;'6474015505900001;Siti Aminah;P;Bontang, 15-05-1990;Bontang Baru;Bontang Utara;0812-3456-7890;Amplang Bu Siti;Rp 12.500.000;lama\n\
            2;6474021202850003;Budi Santoso;L;Samarinda, 12 Februari 1985;Berbas Tengah;;+62 813 1111 2222;Bengkel Budi;1,5 juta;baru\n\
            3;12345;Tanpa NIK Benar;L;;Bontang Baru;;;Warung;;\n";
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .part("berkas", reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("data-umkm.csv"));
        let res = op.post(app.url("/registri/impor")).multipart(form).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}", app.label);
        let html = res.text().await.unwrap();
        assert!(html.contains("Pemetaan kolom"));
        let action_start = html.find("/registri/impor/").unwrap();
        let action = html[action_start..].split('"').next().unwrap().to_string();
        // Keep the proposal for every column, but ignore "Keterangan" (index 10).
        let mut fields: Vec<(String, String)> = vec![("_csrf".into(), csrf.clone())];
        for part in html.split("<select id=\"kolom_").skip(1) {
            let idx: usize = part.split('"').next().unwrap().parse().unwrap();
            let selected = part.split("</select>").next().unwrap().split(" selected>").next().unwrap();
            let value = if part.split("</select>").next().unwrap().contains(" selected>") {
                selected.rsplit("value=\"").next().unwrap().split('"').next().unwrap().to_string()
            } else {
                String::new()
            };
            fields.push((format!("kolom_{idx}"), if idx == 10 { String::new() } else { value }));
        }
        assert!(fields.iter().any(|(k, v)| k == "kolom_1" && v == "nik"), "NIK KTP maps to nik: {fields:?}");
        let res = op.post(app.url(&action)).form(&fields).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let job_url = res.headers()["location"].to_str().unwrap().to_string();
        let done = finished_job(&app, &op, &job_url).await;
        assert_eq!(done["status"], "done", "{done}");
        assert_eq!(done["result"]["summary"]["imported"], 2, "{done}");
        assert_eq!(done["result"]["summary"]["rejected"], 1, "{done}");
        let page = op.get(app.url(&job_url)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("2 baru"), "{page}");
        let dl = page.split("id=\"download\" href=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let file = op.get(app.url(&dl)).send().await.unwrap();
        assert_eq!(file.status(), 200);
        assert!(file.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
        assert!(file.bytes().await.unwrap().starts_with(b"PK"));
        let list = op.get(app.url("/registri?q=budi")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("Bengkel Budi"));
        assert!(list.contains("Rp 18.000.000"), "1,5 juta a month");
    }
}
