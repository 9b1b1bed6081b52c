//! Maker-checker "kembalikan": the pimpinan returns a batch with a reason, the operator
//! proposes again and it is approved; the budget page and API then show the numbers per
//! program and per funding source; the approved list and BAST carry the agency's kop and the
//! signatory set on the agency page.

use super::{pdf_text, squash};
use crate::aid_support::*;
use crate::common::*;
use crate::aid::{proposed_batch, upload};
use berdaya_core::Scope;
use berdaya_store::aid::{applications as apps, batches};
use berdaya_store::audit::{self, AuditFilter};

#[tokio::test]
async fn returned_batch_is_proposed_again_and_budget_adds_up() {
    for app in spawn_apps().await {
        let l = app.label;
        let (pid, bid, _) = proposed_batch(&app, "tunai", 3).await;
        let a = app.agency("Pimpinan Kota Bontang", "64.74").await;
        app.user(a, "pimpinan.bontang", "pimpinan").await;
        let pim = app.login("pimpinan.bontang").await;
        let pcsrf = app.csrf(&pim).await;
        let url = app.url(&format!("/bantuan/usulan/{bid}/putuskan"));

        // Returning needs a reason; then the batch is "dikembalikan" with the reason shown.
        let res = pim.post(&url).form(&[("_csrf", pcsrf.as_str()), ("keputusan", "kembalikan"), ("catatan", "")]).send().await.unwrap();
        assert_eq!(res.status(), 422, "{l}");
        assert!(res.text().await.unwrap().contains("Tulis alasan pengembalian"), "{l}: said at the field");
        let reason = "Foto usaha dua penerima tidak jelas, mohon survei ulang";
        let res = pim.post(&url).form(&[("_csrf", pcsrf.as_str()), ("keputusan", "kembalikan"), ("catatan", reason)]).send().await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        let page = pim.get(app.url(&format!("/bantuan/usulan/{bid}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"status-usulan\">Dikembalikan<") && page.contains(reason), "{l}");
        let b = batches::get(&app.db, &Scope::National, bid).await.unwrap();
        assert_eq!((b.status.as_str(), b.catatan.as_str()), ("dikembalikan", reason));
        assert!(batches::recipients(&app.db, &Scope::National, pid, None).await.unwrap().is_empty(), "nothing paid");
        let back = apps::list(&app.db, &Scope::National, pid, &Default::default(), 10).await.unwrap();
        assert!(back.iter().all(|x| x.status == "diajukan" && x.batch_id.is_none()), "{l}: applications free again");
        let rows = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("return".into()), ..Default::default() }, 5).await.unwrap();
        assert_eq!(rows.len(), 1, "{l}");
        assert!(rows[0].after_data.as_deref().unwrap_or("").contains("survei ulang"));
        // A returned batch cannot be approved afterwards.
        let approve = [("_csrf", pcsrf.as_str()), ("keputusan", "setujui"), ("sk_nomor", "500/7/2026"), ("sk_tanggal", "25/11/2026")];
        assert_eq!(pim.post(&url).form(&approve).send().await.unwrap().status(), 409, "{l}");

        // The operator proposes again: a second batch with the same applicants, approved.
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let res = op.post(app.url(&format!("/bantuan/{pid}/usulan"))).form(&[("_csrf", csrf.as_str()), ("catatan", "Tahap 1 setelah survei ulang")]).send().await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        let bid2 = id_from_location(&res, "/bantuan/usulan/");
        let b2 = batches::get(&app.db, &Scope::National, bid2).await.unwrap();
        assert_eq!((b2.nomor, b2.jumlah, b2.total), (2, 3, 3_000_000), "{l}");
        let url2 = app.url(&format!("/bantuan/usulan/{bid2}/putuskan"));
        assert_eq!(pim.post(&url2).form(&approve).send().await.unwrap().status(), 303, "{l}");
        let recips = batches::recipients(&app.db, &Scope::National, pid, None).await.unwrap();
        assert_eq!(recips.len(), 3, "{l}");
        let page = pim.get(app.url(&format!("/bantuan/usulan/{bid2}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Bontang Baru") && !page.contains("64.74.01.1002"), "{l}: kelurahan by name");
        assert!(page.contains("id=\"tanpa-penandatangan\""), "{l}: no signatory set yet, said on the page");
        assert_eq!(batches::get(&app.db, &Scope::National, bid2).await.unwrap().catatan, "Tahap 1 setelah survei ulang", "the proposer's note stays");

        // The transfer file goes to the bank; two paid, one failed; a second program of
        // another funding source, nothing spent.
        let csv = op.post(app.url(&format!("/bantuan/{pid}/transfer"))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap().text().await.unwrap();
        assert_eq!(csv.lines().count(), 4, "{l}: header and three recipients: {csv}");
        let bank = format!("Referensi,Status\n{},berhasil\n{},berhasil\n{},gagal\n", recips[0].referensi, recips[1].referensi, recips[2].referensi);
        let res = upload(&op, app.url(&format!("/bantuan/{pid}/hasil-bank")), &csrf, &[], "berkas", "hasil.csv", bank.into_bytes()).await;
        assert_eq!(res.status(), 200, "{l}");
        let form = [
            ("_csrf", csrf.as_str()),
            ("nama", "Kuota internet UMKM"),
            ("jenis", "tunai"),
            ("sumber_dana", "APBD Kabupaten/Kota"),
            ("tahun", "2026"),
            ("pagu", "50 juta"),
            ("nilai_per_penerima", "500 ribu"),
            ("kuota", "100"),
        ];
        assert_eq!(op.post(app.url("/bantuan/baru")).form(&form).send().await.unwrap().status(), 303, "{l}");
        let tok = app.token("pimpinan.bontang").await;
        let s: serde_json::Value = client().get(app.url("/api/v1/aid-programs/budget")).bearer_auth(&tok).send().await.unwrap().json().await.unwrap();
        let find = |list: &str, label: &str| s[list].as_array().unwrap().iter().find(|x| x["label"] == label).cloned().unwrap();
        let prog = find("programs", "Program uji");
        assert_eq!((prog["pagu"].as_i64(), prog["committed"].as_i64(), prog["realised"].as_i64(), prog["recipients"].as_i64()), (Some(100_000_000), Some(3_000_000), Some(2_000_000), Some(3)), "{l}: the failed transfer waits for a retry and stays committed: {prog}");
        let apbn = find("sources", "APBN");
        assert_eq!((apbn["pagu"].as_i64(), apbn["realised"].as_i64()), (Some(100_000_000), Some(2_000_000)), "{l}");
        let apbd = find("sources", "APBD Kabupaten/Kota");
        assert_eq!((apbd["pagu"].as_i64(), apbd["committed"].as_i64(), apbd["realised"].as_i64()), (Some(50_000_000), Some(0), Some(0)), "{l}");
        assert_eq!((s["total"]["pagu"].as_i64(), s["total"]["realised"].as_i64()), (Some(150_000_000), Some(2_000_000)), "{l}");
        let page = op.get(app.url("/bantuan/anggaran?tahun=2026")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("id=\"serapan-total\">1,3%<"), "{l}: 2 of 150 juta");
        assert!(page.contains("2,0%") && page.contains("0,0%") && page.matches("<svg").count() == 2, "{l}: per program and per source, two charts");
    }
}

#[tokio::test]
async fn approved_list_and_bast_carry_the_agency_kop_and_signatory() {
    for app in spawn_apps().await {
        let l = app.label;
        let (pid, bid, _) = proposed_batch(&app, "barang", 2).await;
        let agency = berdaya_store::agencies::find_by_name(&app.db, "Dinas Koperasi dan UKM Kota Bontang").await.unwrap().unwrap();
        app.user(agency.id, "admin.bontang", "admin").await;
        app.user(agency.id, "pimpinan.bontang", "pimpinan").await;
        let admin = app.login("admin.bontang").await;
        let acsrf = app.csrf(&admin).await;
        let base = format!("/admin/dinas/{}", agency.id);
        let fields = [
            ("_csrf", acsrf.as_str()),
            ("name", "Dinas Koperasi dan UKM Kota Bontang"),
            ("address", "Jl. Bessai Berinta No. 1, Bontang 75311"),
            ("phone", "0548-21000"),
            ("email", "diskopukm@bontangkota.go.id"),
        ];
        assert_eq!(admin.post(app.url(&base)).form(&fields).send().await.unwrap().status(), 303, "{l}");
        // The signatory form: errors per field in Bahasa, nothing saved; then saved.
        let res = admin.post(app.url(&format!("{base}/penandatangan"))).form(&[("_csrf", acsrf.as_str()), ("penandatangan_nip", "12345")]).send().await.unwrap();
        assert_eq!(res.status(), 422, "{l}");
        let html = res.text().await.unwrap();
        assert!(html.contains("Nama penandatangan wajib diisi.") && html.contains("NIP terdiri dari 18 angka"), "{l}");
        assert!(berdaya_web::services::letterhead::signer(&app.db, agency.id).await.unwrap().is_none());
        let signer = [
            ("_csrf", acsrf.as_str()),
            ("penandatangan_nama", "Drs. Bambang Sutrisno, M.Si"),
            ("penandatangan_jabatan", "Kepala Dinas Koperasi dan UKM"),
            ("penandatangan_pangkat", "Pembina Tk. I (IV/b)"),
            ("penandatangan_nip", "19700101 199003 1 005"),
            ("tempat", ""),
        ];
        assert_eq!(admin.post(app.url(&format!("{base}/penandatangan"))).form(&signer).send().await.unwrap().status(), 303, "{l}");
        let form = admin.get(app.url(&base)).send().await.unwrap().text().await.unwrap();
        assert!(form.contains("value=\"Drs. Bambang Sutrisno, M.Si\"") && form.contains("value=\"197001011990031005\""), "{l}");
        let rows = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("set_signatory".into()), ..Default::default() }, 5).await.unwrap();
        assert_eq!(rows.len(), 1, "{l}");
        // Another city's admin cannot set Bontang's signatory.
        let t = app.agency("Dinas Kota Tangerang Selatan", "36.74").await;
        app.user(t, "admin.tangsel", "admin").await;
        let other = app.login("admin.tangsel").await;
        let ocsrf = app.csrf(&other).await;
        let res = other.post(app.url(&format!("{base}/penandatangan"))).form(&[("_csrf", ocsrf.as_str()), ("penandatangan_nama", "Orang Lain"), ("penandatangan_jabatan", "Kepala")]).send().await.unwrap();
        assert_eq!(res.status(), 404, "{l}");
        assert_eq!(berdaya_web::services::letterhead::signer(&app.db, agency.id).await.unwrap().unwrap().penandatangan_nama, "Drs. Bambang Sutrisno, M.Si");

        let pim = app.login("pimpinan.bontang").await;
        let pcsrf = app.csrf(&pim).await;
        let approve = [("_csrf", pcsrf.as_str()), ("keputusan", "setujui"), ("sk_nomor", "500/11/DKUKM/2026"), ("sk_tanggal", "24/11/2026")];
        assert_eq!(pim.post(app.url(&format!("/bantuan/usulan/{bid}/putuskan"))).form(&approve).send().await.unwrap().status(), 303);
        let page = pim.get(app.url(&format!("/bantuan/usulan/{bid}"))).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("tanpa-penandatangan"), "{l}: the signatory is set");
        let list = pim.get(app.url(&format!("/bantuan/usulan/{bid}/penerima.pdf"))).send().await.unwrap().bytes().await.unwrap();
        let text = pdf_text(&list);
        for want in [
            "PEMERINTAHKOTABONTANG",
            "DINASKOPERASIDANUKMKOTABONTANG",
            "Jl.BessaiBerintaNo.1,Bontang75311",
            "Telp.0548-21000",
            "Drs.BambangSutrisno,M.Si",
            "NIP.197001011990031005",
            "PembinaTk.I(IV/b)",
            "KepalaDinasKoperasidanUKM",
            "Bontang,24November2026",
            "500/11/DKUKM/2026",
        ] {
            assert!(text.contains(want), "{l}: {want} missing from the list PDF: {text}");
        }
        assert!(!text.contains("(....") && !text.contains("64.74.01.1002"), "{l}: no placeholder, region names not codes");
        assert!(text.contains(&squash("Bontang Baru")), "{l}: the recipient's kelurahan by name: {text}");
        let r = batches::recipients(&app.db, &Scope::National, pid, None).await.unwrap().remove(0);
        let bast = pim.get(app.url(&format!("/bantuan/usulan/{bid}/bast.pdf?penerima={}", r.id))).send().await.unwrap().bytes().await.unwrap();
        let text = pdf_text(&bast);
        for want in ["DINASKOPERASIDANUKMKOTABONTANG", "Drs.BambangSutrisno,M.Si", "197001011990031005", "KepalaDinasKoperasidanUKM", "Jl.BessaiBerintaNo.1"] {
            assert!(text.contains(want), "{l}: {want} missing from the BAST: {text}");
        }
        assert!(!text.contains("(...."), "{l}: no placeholder in the BAST");
    }
}
