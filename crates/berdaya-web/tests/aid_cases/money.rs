//! Money paths: an approval overlapping another that pays the same NIK, the screening job's
//! progress during evaluation, the dry run against quota and remaining budget, and a transfer
//! the bank returned (waiting for a retry, still committed).

use std::sync::{Arc, Mutex};

use super::rule_blocks::{Person, operator, person, register};
use crate::aid_support::*;
use crate::common::*;
use crate::aid::{proposed_batch, upload};
use berdaya_core::{Role, Scope};
use berdaya_store::aid::applications as apps;
use berdaya_store::aid::batches;
use berdaya_store::audit::{self, AuditFilter};
use berdaya_web::error::ServiceError;
use berdaya_web::services::Actor;
use berdaya_web::services::aid::applications::{self as app_svc, ApplicationInput};
use berdaya_web::services::aid::approval::{self, DecisionInput};
use berdaya_web::services::aid::{self, ProgramInput, budget, disburse, screening};

fn approve_input(sk: &str) -> DecisionInput {
    DecisionInput { keputusan: "setujui".into(), sk_nomor: sk.into(), sk_tanggal: "24/11/2026".into(), catatan: String::new() }
}

/// Batch 1 holds the applications of NIK …001 and …002. Meanwhile another approval (batch 0,
/// written through the store: a payment row that reached NIK …001 by another application) is
/// open and uncommitted. The pimpinan's approval of batch 1 overlaps it: on PostgreSQL it waits
/// on the unique index, on SQLite at `BEGIN IMMEDIATE`; when batch 0 commits, the approval of
/// batch 1 fails with a Bahasa message and leaves batch 1 exactly as it was.
#[tokio::test]
async fn an_approval_overlapping_another_payment_of_the_same_nik_fails_cleanly() {
    for app in spawn_apps().await {
        let l = app.label;
        let (pid, b1, opa) = proposed_batch(&app, "tunai", 2).await;
        let shared = "6474015505900001";
        // A third applicant, proposed in batch 0.
        let other = owner(&app.db, &opa, "6474015505900009", "Penerima Lain", "15/05/1990", "P", "100 juta", "081200019999").await;
        let a9 = app_svc::create(&app.db, &opa, pid, &ApplicationInput { owner_id: Some(other), ..Default::default() }).await.unwrap();
        screening::screen_now(&app.db, &opa, pid, |_, _| {}).await.unwrap();
        let mut tx = app.db.begin().await.unwrap();
        apps::record_survey(&mut tx, a9.id, &apps::Survey { usaha_ada: true, lat: None, lon: None, catatan: "ada".into(), foto: None }).await.unwrap();
        tx.commit().await.unwrap();
        let b0 = approval::propose(&app.db, &opa, pid, "").await.unwrap();
        assert_eq!(b0.jumlah, 1, "{l}");
        let ag = app.agency("Pimpinan Kota Bontang", "64.74").await;
        let pim_id = app.user(ag, "pimpinan.bontang", "pimpinan").await;
        let pim = actor(pim_id, "pimpinan.bontang", Role::Pimpinan, "64.74");

        // Batch 0's approval, open: batch decided and the payment row for NIK …001 written.
        let a9 = apps::get(&app.db, &Scope::National, a9.id).await.unwrap();
        let mut first = app.db.begin().await.unwrap();
        batches::decide(&mut first, b0.id, true, pim_id, "", "500/0/2026", None).await.unwrap();
        let now = berdaya_store::now();
        let row = batches::Recipient {
            id: berdaya_store::new_id(),
            program_id: pid,
            region: a9.region.clone(),
            application_id: a9.id,
            batch_id: b0.id,
            nik: shared.into(),
            nama: a9.nama.clone(),
            bank: String::new(),
            no_rekening: String::new(),
            nilai: 1_000_000,
            status: "menunggu".into(),
            referensi: "LAMA-1".into(),
            percobaan: 0,
            catatan: String::new(),
            foto_serah_id: None,
            diserahkan_at: None,
            created_at: now,
            updated_at: now,
        };
        batches::insert_recipient(&mut first, &row).await.unwrap();

        // Batch 1's approval starts while batch 0's transaction is open, and cannot finish.
        let second = {
            let (db, pim) = (app.db.clone(), pim.clone());
            tokio::spawn(async move { approval::decide(&db, &pim, b1, &approve_input("500/1/2026")).await })
        };
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        assert!(!second.is_finished(), "{l}: the second approval waits for the first transaction");
        first.commit().await.unwrap();
        let res = tokio::time::timeout(std::time::Duration::from_secs(20), second).await.expect("no deadlock").unwrap();
        match res {
            Err(ServiceError::Conflict(m)) => {
                assert!(m.contains("sudah menjadi penerima di program ini") && m.contains("usulan tidak disetujui"), "{l}: {m}");
                assert!(!m.contains(shared), "{l}: the NIK is masked in the message: {m}");
            }
            other => panic!("{l}: expected a conflict, got {other:?}"),
        }

        // One payment row for the NIK; nothing of batch 1's approval was written.
        let paid = batches::recipients(&app.db, &Scope::National, pid, None).await.unwrap();
        assert_eq!(paid.iter().filter(|r| r.nik == shared).count(), 1, "{l}");
        assert_eq!(paid.len(), 1, "{l}: {paid:?}");
        assert_eq!(paid[0].batch_id, b0.id);
        let b = batches::get(&app.db, &Scope::National, b1).await.unwrap();
        assert_eq!((b.status.as_str(), b.diputuskan_oleh, b.sk_nomor.as_str(), b.sk_tanggal), ("diusulkan", None, "", None), "{l}: batch 1 unchanged");
        let members = apps::list(&app.db, &Scope::National, pid, &apps::AppFilter { batch_id: Some(b1), ..Default::default() }, 10).await.unwrap();
        assert_eq!(members.len(), 2, "{l}");
        assert!(members.iter().all(|m| m.status == "diusulkan"), "{l}: its applications still proposed");
        let approvals = audit::list(&app.db, &Scope::National, &AuditFilter { action: Some("approve".into()), ..Default::default() }, 5).await.unwrap();
        assert!(approvals.is_empty(), "{l}: no approval audited");
        // The same decision through the page: refused in Bahasa, still nothing written.
        let web = app.login("pimpinan.bontang").await;
        let csrf = app.csrf(&web).await;
        let form = [("_csrf", csrf.as_str()), ("keputusan", "setujui"), ("sk_nomor", "500/1/2026"), ("sk_tanggal", "24/11/2026")];
        let res = web.post(app.url(&format!("/bantuan/usulan/{b1}/putuskan"))).form(&form).send().await.unwrap();
        assert_eq!(res.status(), 409, "{l}");
        assert!(res.text().await.unwrap().contains("sudah menjadi penerima di program ini"), "{l}");
        assert_eq!(batches::get(&app.db, &Scope::National, b1).await.unwrap().status, "diusulkan", "{l}");
    }
}

/// The screening job reports progress while it evaluates (two steps per application:
/// evaluated, stored), not only while it writes.
#[tokio::test]
async fn screening_reports_progress_during_evaluation() {
    for app in spawn_apps().await {
        let l = app.label;
        let opa = operator(&app).await;
        let input = super::cash_program("Bantuan uji kemajuan", serde_json::Value::Null);
        let p = aid::create_program(&app.db, &opa, &input).await.unwrap();
        let people = [person("6474011505800001", "Anton Wijaya", "15/05/1980"), person("6474011605810002", "Beni Saputra", "16/05/1981"), person("6474011705820003", "Citra Lestari", "17/05/1982")];
        for (i, who) in people.iter().enumerate() {
            let id = register(&app, &opa, who, i).await;
            app_svc::create(&app.db, &opa, p.id, &ApplicationInput { owner_id: Some(id), ..Default::default() }).await.unwrap();
        }
        let calls: Arc<Mutex<Vec<(i64, i64)>>> = Arc::default();
        let seen = calls.clone();
        screening::screen_now(&app.db, &opa, p.id, move |done, total| seen.lock().unwrap().push((done, total))).await.unwrap();
        let calls = calls.lock().unwrap().clone();
        assert_eq!(calls.first(), Some(&(3, 6)), "{l}: the evaluation itself moved the bar: {calls:?}");
        assert_eq!(calls.last(), Some(&(6, 6)), "{l}: {calls:?}");
        assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 == w[1].1), "{l}: never backwards: {calls:?}");

        // Through the job: the stored progress ends full.
        let job = screening::queue(&app.db, &opa, p.id).await.unwrap();
        wait_job(&app.db, job).await;
        let j = berdaya_store::jobs::get(&app.db, &Scope::National, job).await.unwrap();
        assert_eq!((j.progress_done, j.progress_total), (6, 6), "{l}");
    }
}

fn survey() -> apps::Survey {
    apps::Survey { usaha_ada: true, lat: None, lon: None, catatan: "ada".into(), foto: None }
}

async fn apply(app: &TestApp, opa: &Actor, pid: uuid::Uuid, who: &Person, i: usize) -> uuid::Uuid {
    let id = register(app, opa, who, i).await;
    app_svc::create(&app.db, opa, pid, &ApplicationInput { owner_id: Some(id), ..Default::default() }).await.unwrap().id
}

fn founded(mut p: Person, year: &'static str) -> Person {
    p.tahun_berdiri = year;
    p
}

/// Pagu 6 juta, 1 juta each, quota 6. Two approved (one paid, one returned by the bank), one
/// proposed and waiting; then open applications eligible, needing review and not eligible.
#[tokio::test]
async fn dry_run_respects_quota_review_and_transfers_waiting_for_retry() {
    for app in spawn_apps().await {
        let l = app.label;
        let opa = operator(&app).await;
        let ag = app.agency("Pimpinan Kota Bontang", "64.74").await;
        let pim_id = app.user(ag, "pimpinan.bontang", "pimpinan").await;
        let pim = actor(pim_id, "pimpinan.bontang", Role::Pimpinan, "64.74");
        let input = ProgramInput {
            nama: "Stimulus kuota terbatas".into(),
            jenis: "tunai".into(),
            sumber_dana: "APBD Kabupaten/Kota".into(),
            tahun: "2026".into(),
            pagu: "6 juta".into(),
            nilai_per_penerima: "1 juta".into(),
            kuota: "6".into(),
            aturan: serde_json::json!({"version": 1, "blocks": [{"type": "business_age", "min_months": 24, "on": "2026-01-01"}]}),
            ..Default::default()
        };
        let p = aid::create_program(&app.db, &opa, &input).await.unwrap();
        let first = [person("6474011505800001", "Anton Wijaya", "15/05/1980"), person("6474011605810002", "Beni Saputra", "16/05/1981"), person("6474011705820003", "Citra Lestari", "17/05/1982")];
        let mut ids = Vec::new();
        for (i, who) in first.iter().enumerate() {
            ids.push(apply(&app, &opa, p.id, who, i).await);
        }
        screening::screen_now(&app.db, &opa, p.id, |_, _| {}).await.unwrap();
        // Two surveyed, proposed and approved; the third proposed later and still waiting.
        for id in &ids[..2] {
            let mut tx = app.db.begin().await.unwrap();
            apps::record_survey(&mut tx, *id, &survey()).await.unwrap();
            tx.commit().await.unwrap();
        }
        let b1 = approval::propose(&app.db, &opa, p.id, "").await.unwrap();
        approval::decide(&app.db, &pim, b1.id, &approve_input("500/3/2026")).await.unwrap();
        let mut tx = app.db.begin().await.unwrap();
        apps::record_survey(&mut tx, ids[2], &survey()).await.unwrap();
        tx.commit().await.unwrap();
        let b2 = approval::propose(&app.db, &opa, p.id, "").await.unwrap();
        assert_eq!((b1.jumlah, b2.jumlah), (2, 1), "{l}");

        // The transfer file goes out; the bank pays one and returns the other.
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let csv = op.post(app.url(&format!("/bantuan/{}/transfer", p.id))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap().text().await.unwrap();
        assert_eq!(csv.lines().count(), 3, "{l}: {csv}");
        let paid = batches::recipients(&app.db, &Scope::National, p.id, None).await.unwrap();
        let (ok, back) = (&paid[0], &paid[1]);
        let bank = format!("Referensi,Status,Keterangan\n{},berhasil,\n{},dikembalikan,Rekening tidak aktif\n", ok.referensi, back.referensi);
        let res = upload(&op, app.url(&format!("/bantuan/{}/hasil-bank", p.id)), &csrf, &[], "berkas", "hasil.csv", bank.into_bytes()).await;
        assert_eq!(res.status(), 200, "{l}");
        let page = res.text().await.unwrap();
        assert!(page.contains("<span class=\"num\">1</span><span class=\"lbl\">dikembalikan</span>"), "{l}: {page}");
        assert!(page.contains("<span class=\"num\">1</span><span class=\"lbl\">berhasil</span>"), "{l}");
        let returned = batches::recipients(&app.db, &Scope::National, p.id, None).await.unwrap().into_iter().find(|r| r.id == back.id).unwrap();
        assert_eq!((returned.status.as_str(), returned.catatan.as_str()), ("dikembalikan", "Rekening tidak aktif"), "{l}");
        // Returned money is still owed: committed, not realised, waiting for a retry.
        let s = budget::summary(&app.db, &Scope::National, Some(2026)).await.unwrap();
        assert_eq!((s.total.committed, s.total.realised, s.total.recipients), (2_000_000, 1_000_000, 2), "{l}");

        // Open applications: 2 eligible, 2 needing review (no founding year), 1 not eligible
        // (founded 2024: 12 months on 01/01/2026, 24 needed).
        let open = [
            person("6474011805830004", "Dewi Anggraini", "18/05/1983"),
            person("6474011905840005", "Eka Putri", "19/05/1984"),
            founded(person("6474012005850006", "Fitri Handayani", "20/05/1985"), ""),
            founded(person("6474012105860007", "Gita Purnama", "21/05/1986"), ""),
            founded(person("6474012205870008", "Hana Safitri", "22/05/1987"), "2024"),
        ];
        for (i, who) in open.iter().enumerate() {
            apply(&app, &opa, p.id, who, 10 + i).await;
        }
        let d = screening::dry_run(&app.db, &opa, p.id).await.unwrap();
        assert_eq!((d.total, d.layak, d.tidak_layak, d.perlu_ditinjau), (8, 5, 1, 2), "{l}: {d:?}");
        assert_eq!((d.kuota, d.kuota_terpakai, d.kuota_sisa), (6, 3, 3), "{l}: {d:?}");
        assert_eq!((d.layak_baru, d.penerima, d.melebihi_kuota, d.biaya), (2, 2, 0, 2_000_000), "{l}: {d:?}");
        assert_eq!((d.penerima_jika_ditinjau_lolos, d.biaya_jika_ditinjau_lolos), (3, 3_000_000), "{l}: 2 + 2 capped by the quota left: {d:?}");
        assert_eq!((d.terikat, d.menunggu_ulang, d.diusulkan, d.sisa_anggaran), (2_000_000, 1_000_000, 1_000_000, 3_000_000), "{l}: {d:?}");
        assert!(d.cukup && d.cukup_jika_ditinjau_lolos, "{l}");

        // Two more eligible: more than the quota left; the cost stops at the quota.
        for (i, who) in [person("6474012305880009", "Indah Permata", "23/05/1988"), person("6474012405890010", "Joko Susilo", "24/05/1989")].iter().enumerate() {
            apply(&app, &opa, p.id, who, 20 + i).await;
        }
        let d = screening::dry_run(&app.db, &opa, p.id).await.unwrap();
        assert_eq!((d.layak_baru, d.penerima, d.melebihi_kuota, d.biaya), (4, 3, 1, 3_000_000), "{l}: {d:?}");
        assert_eq!((d.penerima_jika_ditinjau_lolos, d.biaya_jika_ditinjau_lolos, d.sisa_anggaran), (3, 3_000_000, 3_000_000), "{l}: {d:?}");
        let page = op.get(app.url(&format!("/bantuan/{}/simulasi", p.id))).send().await.unwrap().text().await.unwrap();
        for want in [
            "id=\"sim-kuota-sisa\">3<",
            "id=\"sim-penerima\">3<",
            "id=\"sim-lewat\">1<",
            "id=\"sim-biaya\">Rp 3.000.000<",
            "id=\"sim-penerima-tinjau\">3<",
            "id=\"sim-biaya-tinjau\">Rp 3.000.000<",
            "id=\"sim-terikat\">Rp 2.000.000<",
            "id=\"sim-ulang\">Rp 1.000.000<",
            "id=\"sim-diusulkan\">Rp 1.000.000<",
            "id=\"sim-sisa\">Rp 3.000.000<",
        ] {
            assert!(page.contains(want), "{l}: {want} missing from the dry-run page");
        }

        // The returned transfer is retried: waiting again, attempt counted, in the next file.
        let res = op.post(app.url(&format!("/bantuan/{}/ulangi", p.id))).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), 303, "{l}");
        let again = batches::recipients(&app.db, &Scope::National, p.id, None).await.unwrap().into_iter().find(|r| r.id == back.id).unwrap();
        assert_eq!((again.status.as_str(), again.percobaan), ("menunggu", 1), "{l}");
        let s = budget::summary(&app.db, &Scope::National, Some(2026)).await.unwrap();
        assert_eq!((s.total.committed, s.total.realised), (2_000_000, 1_000_000), "{l}: retrying changes no money");
        let d = screening::dry_run(&app.db, &opa, p.id).await.unwrap();
        assert_eq!((d.terikat, d.menunggu_ulang, d.sisa_anggaran), (2_000_000, 0, 3_000_000), "{l}");
        let (file, n) = disburse::transfer_file(&app.db, &opa, p.id).await.unwrap();
        let file = String::from_utf8(file).unwrap();
        assert_eq!(n, 1, "{l}");
        assert!(file.contains(&back.referensi) && !file.contains(&ok.referensi), "{l}: {file}");
    }
}
