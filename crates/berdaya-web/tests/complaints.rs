//! Complaints through the pages and the API on both backends: public submission and tracking,
//! spam guards, routing, scope, transitions, SLA escalation by the job, privacy.

use berdaya_core::Scope;
use berdaya_store::audit::{self, AuditFilter};
use berdaya_store::complaints;
use berdaya_web::services::complaints::sla;
use berdaya_web::worker::{JobEnv, Registry, run_once};
use crate::common::*;
use reqwest::multipart::{Form, Part};
use serde_json::json;

/// Post the public form as an anonymous browser; returns the response.
async fn submit(app: &TestApp, c: &reqwest::Client, fields: &[(&str, &str)], file: Option<(&str, Vec<u8>)>) -> reqwest::Response {
    let page = c.get(app.url("/pengaduan")).send().await.unwrap().text().await.unwrap();
    let mut form = Form::new().text("_csrf", csrf_of(&page));
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some((name, data)) = file {
        form = form.part("lampiran", Part::bytes(data).file_name(name.to_string()));
    }
    c.post(app.url("/pengaduan")).multipart(form).send().await.unwrap()
}

const GOOD: &[(&str, &str)] = &[
    ("kategori", "bantuan_lambat"),
    ("wilayah", "64.74"),
    ("isi", "Bantuan modal BPUM yang dijanjikan belum kami terima sejak tiga bulan lalu."),
    ("nama", "Siti Aminah"),
    ("kontak", "0812-3456-7890"),
    ("nik", "6474015505900001"),
];

async fn setup(app: &TestApp) {
    let k = app.agency("Dinas Provinsi Kaltim", "64").await;
    let b = app.agency("Dinas Kota Bontang", "64.74").await;
    let t = app.agency("Dinas Kota Tangsel", "36.74").await;
    app.user(k, "op.kaltim", "operator").await;
    app.user(b, "op.bontang", "operator").await;
    app.user(b, "pimpinan.bontang", "pimpinan").await;
    app.user(t, "op.tangsel", "operator").await;
}

fn code_from(location: &str) -> String {
    let start = location.find("kode=").unwrap() + 5;
    location[start..].split('&').next().unwrap().to_string()
}

#[tokio::test]
async fn public_submits_tracks_and_staff_handles_within_scope() {
    for app in spawn_apps().await {
        setup(&app).await;
        let public = client();
        // Field errors in Bahasa; nothing stored.
        let res = submit(&app, &public, &[("wilayah", ""), ("isi", "pendek"), ("kontak", "0541-123456")], None).await;
        assert_eq!(res.status(), 422, "{}", app.label);
        let html = res.text().await.unwrap();
        assert!(html.contains("Pilih kategori pengaduan."));
        assert!(html.contains("minimal 20 karakter"));
        assert!(html.contains("telepon rumah/kantor"), "landline refused with the phone parser's message");
        // An executable renamed to .png is refused.
        let res = submit(&app, &public, GOOD, Some(("foto.png", b"MZ\x90\x00bad".to_vec()))).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Jenis berkas tidak diterima"));
        assert!(complaints::list(&app.db, &Scope::National, &Default::default(), berdaya_store::now(), 10).await.unwrap().is_empty());

        // Without a login, with a PDF: a code, and the tracking page shows it.
        let res = submit(&app, &public, GOOD, Some(("bukti.pdf", b"%PDF-1.4 bukti".to_vec()))).await;
        assert_eq!(res.status(), 303, "{}", app.label);
        let loc = res.headers()["location"].to_str().unwrap().to_string();
        let code = code_from(&loc);
        assert_eq!(code.len(), 10);
        assert!(!code.contains(['0', 'O', '1', 'I']));
        let page = public.get(app.url(&loc)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(&format!("{}-{}", &code[..5], &code[5..])));
        assert!(page.contains("Dinas Kota Bontang"), "routed to the city agency");
        assert!(!page.contains("6474015505900001") && !page.contains("Bantuan modal BPUM"), "no reporter data or text on tracking");
        // Wrong and malformed codes get clear messages; lower case and dashes are fine.
        let res = public.get(app.url("/pengaduan/lacak?kode=ZZZZZ-99999")).send().await.unwrap();
        assert_eq!(res.status(), 404);
        assert!(res.text().await.unwrap().contains("Kode pelacakan tidak ditemukan"));
        let res = public.get(app.url("/pengaduan/lacak?kode=ABCDE-0OOOO")).send().await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("tidak memakai angka 0 dan 1"));
        let lower = format!("{}-{}", code[..5].to_lowercase(), &code[5..]);
        assert_eq!(public.get(app.url(&format!("/pengaduan/lacak?kode={lower}"))).send().await.unwrap().status(), 200);

        let c = complaints::by_code(&app.db, &code).await.unwrap().unwrap();
        assert_eq!(c.handling_region, "64.74");
        assert!(c.attachment_file_id.is_some());
        assert_eq!(c.reporter_phone, "+6281234567890");

        // Another city's operator can neither see nor act, on pages or API.
        let tangsel = app.login("op.tangsel").await;
        assert_eq!(tangsel.get(app.url(&format!("/pengaduan/kelola/{}", c.id))).send().await.unwrap().status(), 404);
        let csrf = app.csrf(&tangsel).await;
        let res = tangsel.post(app.url(&format!("/pengaduan/kelola/{}/status", c.id))).form(&[("_csrf", csrf.as_str()), ("status", "ditolak"), ("reason", "x")]).send().await.unwrap();
        assert_eq!(res.status(), 404);
        let tok = app.token("op.tangsel").await;
        let api = reqwest::Client::new();
        assert_eq!(api.get(app.url(&format!("/api/v1/complaints/{}", c.id))).bearer_auth(&tok).send().await.unwrap().status(), 404);
        let list: Vec<serde_json::Value> = api.get(app.url("/api/v1/complaints")).bearer_auth(&tok).send().await.unwrap().json().await.unwrap();
        assert!(list.is_empty());
        let res = api.post(app.url(&format!("/api/v1/complaints/{}/responses", c.id))).bearer_auth(&tok).json(&json!({"text": "x", "public": true})).send().await.unwrap();
        assert_eq!(res.status(), 404);

        // Pimpinan reads it masked and may not unmask; the operator unmasks with an audit row.
        let pim = app.login("pimpinan.bontang").await;
        let html = pim.get(app.url(&format!("/pengaduan/kelola/{}?pribadi=1", c.id))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("6474**********01") && html.contains("+62812****7890"), "{}", app.label);
        assert!(!html.contains("6474015505900001") && !html.contains("Tampilkan kontak"));
        assert!(!html.contains("/lampiran\""), "no attachment link for pimpinan");
        let ptok = app.token("pimpinan.bontang").await;
        assert_eq!(api.get(app.url(&format!("/api/v1/complaints/{}?full=true", c.id))).bearer_auth(&ptok).send().await.unwrap().status(), 403);
        let op = app.login("op.bontang").await;
        let html = op.get(app.url(&format!("/pengaduan/kelola/{}", c.id))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("6474**********01"), "masked until revealed");
        let html = op.get(app.url(&format!("/pengaduan/kelola/{}?pribadi=1", c.id))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("6474015505900001") && html.contains("081234567890"));
        let views = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("view_personal".into()), entity_type: Some("complaint".into()), ..Default::default() }, 10).await.unwrap();
        assert_eq!(views.len(), 1);
        let pdf = op.get(app.url(&format!("/pengaduan/kelola/{}/lampiran", c.id))).send().await.unwrap();
        assert_eq!(pdf.bytes().await.unwrap().as_ref(), b"%PDF-1.4 bukti");

        // Reply publicly and note internally: only the reply reaches the reporter.
        let csrf = app.csrf(&op).await;
        let url = app.url(&format!("/pengaduan/kelola/{}/tanggapan", c.id));
        let res = op.post(&url).form(&[("_csrf", csrf.as_str()), ("text", "CATATAN-RAHASIA cek data penerima"), ("jenis", "internal")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let res = op.post(&url).form(&[("_csrf", csrf.as_str()), ("text", "Berkas anda sedang kami periksa."), ("jenis", "publik")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let page = public.get(app.url(&format!("/pengaduan/lacak?kode={code}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Berkas anda sedang kami periksa.") && page.contains("Diproses"), "{}", app.label);
        assert!(!page.contains("CATATAN-RAHASIA"));
        let tracked: serde_json::Value = api.get(app.url(&format!("/api/v1/complaints/track/{code}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(tracked["status"], "diproses");
        assert!(!tracked.to_string().contains("CATATAN-RAHASIA"));

        // Transitions: selesai needs a reason; a closed complaint only comes back by reopening.
        let otok = app.token("op.bontang").await;
        let st = |body: serde_json::Value| api.post(app.url(&format!("/api/v1/complaints/{}/status", c.id))).bearer_auth(&otok).json(&body).send();
        let res = st(json!({"status": "selesai"})).await.unwrap();
        assert_eq!(res.status(), 422);
        assert_eq!(st(json!({"status": "selesai", "reason": "Bantuan sudah ditransfer 3 Juni."})).await.unwrap().status(), 200);
        let res = st(json!({"status": "diproses"})).await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Buka kembali"));
        let res = op.post(app.url(&format!("/pengaduan/kelola/{}/buka-kembali", c.id))).form(&[("_csrf", csrf.as_str()), ("reason", "Pelapor: dana belum masuk.")]).send().await.unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(st(json!({"status": "baru"})).await.unwrap().status(), 422);
        let rows = audit::list(&app.db, &Scope::National, &AuditFilter { entity_type: Some("complaint".into()), ..Default::default() }, 50).await.unwrap();
        let actions: Vec<&str> = rows.iter().rev().map(|r| r.action.as_str()).collect();
        assert_eq!(actions, vec!["create", "view_personal", "view_attachment", "note", "reply", "status", "reopen"], "{}", app.label);

        // The dashboard counts it.
        let dash = op.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(dash.contains("id=\"stat-pengaduan-terbuka\"><a href=\"/pengaduan/kelola?status=terbuka\">1<"), "{}", app.label);
    }
}

#[tokio::test]
async fn honeypot_csrf_and_rate_limit() {
    for app in spawn_apps().await {
        setup(&app).await;
        let public = client();
        let mut trap = GOOD.to_vec();
        trap.push(("situs_web", "http://spam.example"));
        let res = submit(&app, &public, &trap, None).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("terisi secara otomatis"));
        // No CSRF token: refused before anything is read.
        let res = public.post(app.url("/pengaduan")).multipart(Form::new().text("isi", "x")).send().await.unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(complaints::counts(&app.db, &Scope::National, berdaya_store::now()).await.unwrap().open, 0);
        // The honeypot hit counts; four more go through, the next is refused.
        let body = json!({"kategori": "pelatihan", "wilayah": "64.74", "isi": "Sertifikat pelatihan belum dibagikan sampai sekarang."});
        for i in 0..4 {
            let res = public.post(app.url("/api/v1/complaints")).json(&body).send().await.unwrap();
            assert_eq!(res.status(), 201, "{} submission {i}", app.label);
        }
        let res = public.post(app.url("/api/v1/complaints")).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 429);
        let res = submit(&app, &public, GOOD, None).await;
        assert_eq!(res.status(), 429);
        assert!(res.text().await.unwrap().contains("Terlalu banyak pengaduan"));
        assert_eq!(complaints::counts(&app.db, &Scope::National, berdaya_store::now()).await.unwrap().open, 4);
    }
}

#[tokio::test]
async fn overdue_complaint_is_escalated_to_the_province_by_the_job() {
    for app in spawn_apps().await {
        setup(&app).await;
        let public = client();
        let res = public.post(app.url("/api/v1/complaints")).json(&json!({"kategori": "bantuan_lambat", "wilayah": "64.74", "isi": "Bantuan bahan baku masker belum sampai ke kelompok kami."})).send().await.unwrap();
        assert_eq!(res.status(), 201);
        let code = res.json::<serde_json::Value>().await.unwrap()["code"].as_str().unwrap().to_string();
        let c = complaints::by_code(&app.db, &code).await.unwrap().unwrap();
        // Samarinda has no city agency: routed to the province directly.
        let res = public.post(app.url("/api/v1/complaints")).json(&json!({"kategori": "lainnya", "wilayah": "64.72", "isi": "Pendaftaran pelatihan tidak ada informasinya di kelurahan."})).send().await.unwrap();
        let sam = complaints::by_code(&app.db, res.json::<serde_json::Value>().await.unwrap()["code"].as_str().unwrap()).await.unwrap().unwrap();
        assert_eq!(sam.handling_region, "64");

        // Three working days pass without a response.
        let past = berdaya_store::now() - chrono::Duration::hours(1);
        let mut tx = app.db.begin().await.unwrap();
        let late = complaints::Complaint { due_at: Some(past), updated_at: berdaya_store::now(), ..c.clone() };
        complaints::update(&mut tx, &c, &late).await.unwrap();
        tx.commit().await.unwrap();
        let op = app.login("op.bontang").await;
        let list = op.get(app.url("/pengaduan/kelola?terlambat=1")).send().await.unwrap().text().await.unwrap();
        assert!(list.contains(&code[..5]) && list.contains("terlambat"), "{}", app.label);
        // Only now is the SLA check due (the app's own worker may take it at once).
        let mut tx = app.db.begin().await.unwrap();
        sla::schedule_check(&mut tx, Some(past - chrono::Duration::minutes(5))).await.unwrap();
        tx.commit().await.unwrap();

        // The worker (ours or the app's own) runs the queued SLA job.
        let env = JobEnv { db: app.db.clone(), storage: berdaya_web::storage::FileStorage::from_config(&app.config).unwrap() };
        let registry = Registry::standard();
        let mut escalated = None;
        for _ in 0..200 {
            run_once(&env, &registry, "uji").await.unwrap();
            let now = complaints::get(&app.db, &Scope::National, c.id).await.unwrap();
            if now.escalation_level == 1 {
                escalated = Some(now);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let e = escalated.expect("the SLA job escalated the complaint");
        assert_eq!((e.handling_region.as_str(), e.status.as_str()), ("64", "baru"), "{}", app.label);
        assert!(e.due_at.unwrap() > berdaya_store::now(), "a fresh deadline for the province");
        let rows = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("auto_escalate".into()), ..Default::default() }, 10).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].entity_id, c.id.to_string());
        assert!(rows[0].actor_name.starts_with("sistem"));
        assert!(audit::verify(&app.db, |_, _| {}).await.unwrap().ok());

        // The reporter sees where it went; the city reads but cannot act; the province acts.
        let page = public.get(app.url(&format!("/pengaduan/lacak?kode={code}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Diteruskan ke Dinas Provinsi Kaltim"), "{}", app.label);
        let html = op.get(app.url(&format!("/pengaduan/kelola/{}", c.id))).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("tidak mengubahnya"));
        let csrf = app.csrf(&op).await;
        let res = op.post(app.url(&format!("/pengaduan/kelola/{}/status", c.id))).form(&[("_csrf", csrf.as_str()), ("status", "diproses"), ("reason", "")]).send().await.unwrap();
        assert_eq!(res.status(), 403);
        let ktok = app.token("op.kaltim").await;
        let queue: Vec<serde_json::Value> = reqwest::Client::new().get(app.url("/api/v1/complaints?queue=dinas")).bearer_auth(&ktok).send().await.unwrap().json().await.unwrap();
        assert_eq!(queue.len(), 2, "the escalated one and Samarinda's");
        let res = reqwest::Client::new().post(app.url(&format!("/api/v1/complaints/{}/responses", c.id))).bearer_auth(&ktok).json(&json!({"text": "Kami tindak lanjuti dengan Dinas Kota Bontang.", "public": true})).send().await.unwrap();
        assert_eq!(res.status(), 200);
        // Manual escalation from the province goes no further: there is no national agency.
        let res = reqwest::Client::new().post(app.url(&format!("/api/v1/complaints/{}/escalate", c.id))).bearer_auth(&ktok).json(&json!({"reason": "butuh kementerian"})).send().await.unwrap();
        assert_eq!(res.status(), 422);
        // Assignment only within the handling agency.
        let op_kaltim = berdaya_store::users::get_by_username(&app.db, "op.kaltim").await.unwrap().unwrap();
        let op_tangsel = berdaya_store::users::get_by_username(&app.db, "op.tangsel").await.unwrap().unwrap();
        let assign = |u: uuid::Uuid| reqwest::Client::new().post(app.url(&format!("/api/v1/complaints/{}/assign", c.id))).bearer_auth(&ktok).json(&json!({"user_id": u})).send();
        assert_eq!(assign(op_tangsel.id).await.unwrap().status(), 422);
        assert_eq!(assign(op_kaltim.id).await.unwrap().status(), 200);

        let doc: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
        assert!(doc["paths"]["/api/v1/complaints/track/{code}"]["get"].is_object());
        assert!(doc["paths"]["/api/v1/complaints"]["post"].is_object());
    }
}

/// A small real JPEG with an EXIF segment holding `marker` (as a phone's GPS tag would).
fn jpeg_with_exif(marker: &str) -> Vec<u8> {
    let img = image::RgbImage::from_fn(16, 16, |x, y| image::Rgb([(x * 15) as u8, (y * 15) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    let jpeg = out.into_inner();
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(marker.as_bytes());
    let len = (payload.len() + 2) as u16;
    let mut with = vec![0xFF, 0xD8, 0xFF, 0xE1];
    with.extend_from_slice(&len.to_be_bytes());
    with.extend_from_slice(&payload);
    with.extend_from_slice(&jpeg[2..]);
    with
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn photo_attachments_are_re_encoded_without_metadata() {
    for app in spawn_apps().await {
        let l = app.label;
        setup(&app).await;
        let public = client();
        // A PNG header over garbage is refused (decoded, not trusted by its magic bytes).
        let mut broken = b"\x89PNG\r\n\x1a\n".to_vec();
        broken.extend_from_slice(&[7u8; 200]);
        let res = submit(&app, &public, GOOD, Some(("bukti.png", broken))).await;
        assert_eq!(res.status(), 422, "{l}");
        assert!(res.text().await.unwrap().contains("Gambar rusak"), "{l}");
        assert!(complaints::list(&app.db, &Scope::National, &Default::default(), berdaya_store::now(), 10).await.unwrap().is_empty(), "{l}: nothing written");

        let original = jpeg_with_exif("GPS-LOKASI-RAHASIA");
        assert!(contains(&original, b"GPS-LOKASI-RAHASIA"));
        let res = submit(&app, &public, GOOD, Some(("foto.jpeg", original))).await;
        assert_eq!(res.status(), 303, "{l}");
        let c = complaints::list(&app.db, &Scope::National, &Default::default(), berdaya_store::now(), 10).await.unwrap().remove(0);
        let op = app.login("op.bontang").await;
        let res = op.get(app.url(&format!("/pengaduan/kelola/{}/lampiran", c.id))).send().await.unwrap();
        assert_eq!(res.status(), 200, "{l}");
        assert!(res.headers()["content-disposition"].to_str().unwrap().contains("foto.jpg"), "{l}");
        let stored = res.bytes().await.unwrap();
        assert!(stored.starts_with(&[0xFF, 0xD8]), "{l}: still a JPEG");
        assert!(!contains(&stored, b"GPS-LOKASI-RAHASIA") && !contains(&stored, b"Exif"), "{l}: metadata stripped");
        assert!(image::load_from_memory(&stored).is_ok(), "{l}: decodes");
    }
}

/// The SLA settings page: a national administrator saves valid working days, invalid ones
/// are refused per field in Bahasa with nothing saved, other users cannot change them, and a
/// new complaint's deadline follows the saved SLA.
#[tokio::test]
async fn sla_settings_are_validated_saved_and_used_for_deadlines() {
    for app in spawn_apps().await {
        let l = app.label;
        setup(&app).await;
        let pusat = app.agency("Kementerian Koperasi dan UKM", "").await;
        app.user(pusat, "admin.pusat", "admin").await;
        let admin = app.login("admin.pusat").await;
        let page = admin.get(app.url("/pengaduan/kelola/sla")).send().await.unwrap();
        assert_eq!(page.status(), 200, "{l}");
        let html = page.text().await.unwrap();
        assert!(html.contains("name=\"baru\" type=\"number\" value=\"3\"") && html.contains("name=\"diproses\" type=\"number\" value=\"14\""), "{l}: the defaults shown");
        let csrf = csrf_of(&html);

        // Invalid: zero, not a number, more than 90; each field says so, nothing saved.
        let bad = [("_csrf", csrf.as_str()), ("baru", "0"), ("diproses", "dua minggu"), ("menunggu_pelapor", "91")];
        let res = admin.post(app.url("/pengaduan/kelola/sla")).form(&bad).send().await.unwrap();
        assert_eq!(res.status(), 422, "{l}");
        let html = res.text().await.unwrap();
        assert_eq!(html.matches("Isi 1 sampai 90 hari kerja.").count(), 3, "{l}: one message per field");
        assert!(html.contains("id=\"baru-err\"") && html.contains("id=\"diproses-err\"") && html.contains("id=\"menunggu_pelapor-err\""), "{l}");
        let now = sla::load(&app.db).await.unwrap();
        assert_eq!((now.baru, now.diproses, now.menunggu_pelapor), (3, 14, 10), "{l}: unchanged");

        // A city operator and a city admin cannot change them.
        let b = berdaya_store::agencies::find_by_name(&app.db, "Dinas Kota Bontang").await.unwrap().unwrap();
        app.user(b.id, "admin.bontang", "admin").await;
        for who in ["op.bontang", "admin.bontang"] {
            let c = app.login(who).await;
            let csrf = app.csrf(&c).await;
            let res = c.post(app.url("/pengaduan/kelola/sla")).form(&[("_csrf", csrf.as_str()), ("baru", "1"), ("diproses", "1"), ("menunggu_pelapor", "1")]).send().await.unwrap();
            assert!(res.status() == 403 || res.status() == 404, "{l}: {who}: {}", res.status());
        }
        assert_eq!(sla::load(&app.db).await.unwrap().baru, 3, "{l}");

        // Valid values are saved (audited) and shown.
        let good = [("_csrf", csrf.as_str()), ("baru", "7"), ("diproses", "20"), ("menunggu_pelapor", "5")];
        let res = admin.post(app.url("/pengaduan/kelola/sla")).form(&good).send().await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        let now = sla::load(&app.db).await.unwrap();
        assert_eq!((now.baru, now.diproses, now.menunggu_pelapor), (7, 20, 5), "{l}");
        let html = admin.get(app.url("/pengaduan/kelola/sla")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("name=\"baru\" type=\"number\" value=\"7\""), "{l}");
        let rows = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("update".into()), entity_type: Some("complaint_sla".into()), ..Default::default() }, 5).await.unwrap();
        assert_eq!(rows.len(), 1, "{l}");

        // A new complaint is due 7 working days after it arrived (Bontang: WITA), not 3.
        let res = client().post(app.url("/api/v1/complaints")).json(&json!({"kategori": "bantuan_lambat", "wilayah": "64.74", "isi": "Bantuan modal usaha belum kami terima sejak bulan lalu."})).send().await.unwrap();
        assert_eq!(res.status(), 201, "{l}");
        let code = res.json::<serde_json::Value>().await.unwrap()["code"].as_str().unwrap().to_string();
        let c = complaints::by_code(&app.db, &code).await.unwrap().unwrap();
        let zone = berdaya_core::waktu::ZonaWaktu::for_region("64.74");
        let want = berdaya_web::services::complaints::rules::add_working_days(c.created_at, 7, zone);
        let got = c.due_at.expect("a deadline");
        assert!((got - want).num_seconds().abs() <= 1, "{l}: due {got}, expected {want}");
        let default_due = berdaya_web::services::complaints::rules::add_working_days(c.created_at, 3, zone);
        assert!(got - default_due >= chrono::Duration::days(4), "{l}: later than the default 3 working days");
    }
}
