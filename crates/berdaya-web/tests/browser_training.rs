//! A real browser on a phone-sized window: create a program and a batch, add participants from
//! the registry, tick attendance for all days in the grid, apply a typed sign-in sheet (upload,
//! preview, confirm), issue certificates, then open the verification page from the URL the QR
//! code carries. Needs BERDAYA_CHROMEDRIVER
//! (`scripts/test.sh` sets it).

use crate::common;
use berdaya_store::owners::{self, Owner};
use berdaya_store::testing::fixtures;
use crate::common::*;
use crate::common::browser::{click_nav, fill};
use std::time::Duration;

use fantoccini::Locator;

#[tokio::test]
async fn batch_participants_attendance_certificates_and_verification_in_chromium() {
    let Ok(driver_bin) = std::env::var("BERDAYA_CHROMEDRIVER") else {
        eprintln!("BERDAYA_CHROMEDRIVER not set: browser test skipped (scripts/test.sh sets it)");
        return;
    };
    let app = spawn_sqlite().await;
    let a = app.agency("Dinas Koperasi, UKM dan Perdagangan Kota Bontang", "64.74").await;
    app.user(a, "operator.bontang", "operator").await;
    let mut tx = app.db.begin().await.unwrap();
    for (i, nama) in ["Cipu Artanika", "Siti Rahmawati", "Andi Baso"].iter().enumerate() {
        let o = Owner { jenis_kelamin: "P".into(), ..fixtures::owner(&format!("647401450385000{}", i + 1), nama, "64.74.01.1001") };
        owners::insert(&mut tx, &o).await.unwrap();
    }
    tx.commit().await.unwrap();

    let (_driver, b) = common::browser::browser(&driver_bin).await;
    b.goto(&app.url("/masuk")).await.unwrap();
    fill(&b, "username", "operator.bontang").await;
    fill(&b, "password", PASSWORD).await;
    click_nav(&b, "button[type=submit]").await;
    b.wait().for_element(Locator::Css("main h1")).await.unwrap();

    // Program, then a 3-day batch.
    b.goto(&app.url("/pelatihan/program/baru")).await.unwrap();
    fill(&b, "judul", "Pelatihan Manajemen Mutu Produksi").await;
    fill(&b, "kompetensi", "Manajemen mutu produksi").await;
    b.find(Locator::Css("#sumber_dana option[value=dak_nonfisik]")).await.unwrap().click().await.unwrap();
    fill(&b, "pagu", "150 juta").await;
    fill(&b, "tahun_anggaran", "2020").await;
    click_nav(&b, "form.card button[type=submit]").await;
    b.wait().for_element(Locator::Id("realisasi")).await.unwrap();
    click_nav(&b, "a[href$='/angkatan/baru']").await;
    b.wait().for_element(Locator::Id("nama")).await.unwrap();
    fill(&b, "nama", "Angkatan I").await;
    fill(&b, "tempat", "Hotel Bintang Sintuk").await;
    fill(&b, "tanggal_mulai", "27/07/2020").await;
    fill(&b, "tanggal_selesai", "29/07/2020").await;
    fill(&b, "kuota", "115").await;
    fill(&b, "penandatangan_nama", "Asdar Ibrahim").await;
    fill(&b, "penandatangan_jabatan", "Kepala Dinas").await;
    click_nav(&b, "form.card button[type=submit]").await;
    b.wait().for_element(Locator::Id("peserta-tabel")).await.unwrap();

    // Participants: search the registry and add each.
    for name in ["Cipu", "Siti", "Andi"] {
        fill(&b, "cari", name).await;
        click_nav(&b, "form[role=search] button[type=submit]").await;
        b.wait().for_element(Locator::Css("#hasil-cari button")).await.unwrap();
        click_nav(&b, "#hasil-cari button").await;
        b.wait().for_element(Locator::Css(".notice")).await.unwrap();
    }
    let table = b.find(Locator::Id("peserta-tabel")).await.unwrap().text().await.unwrap();
    assert!(table.contains("Cipu Artanika") && table.contains("Siti Rahmawati") && table.contains("Andi Baso"), "{table}");

    // Attendance: tick every box with the keyboard (Space), save once.
    click_nav(&b, "#kehadiran-link").await;
    b.wait().for_element(Locator::Id("grid")).await.unwrap();
    let boxes = b.find_all(Locator::Css("#grid input[type=checkbox]")).await.unwrap();
    assert_eq!(boxes.len(), 9);
    for cb in &boxes {
        cb.send_keys(" ").await.unwrap();
    }
    for cb in &boxes {
        assert!(cb.is_selected().await.unwrap());
    }
    click_nav(&b, "#simpan-kehadiran").await;
    let done = b.wait().for_element(Locator::Id("n-selesai")).await.unwrap().text().await.unwrap();
    assert_eq!(done, "3");

    // The typed sign-in sheet says Andi was on leave (izin) on day 3: upload, preview, apply.
    let batch_page = b.current_url().await.unwrap().to_string();
    let sheet = app.config.data_dir.join("daftar-hadir.csv");
    std::fs::write(&sheet, "DAFTAR HADIR\nNo;Nama;Hari 1;Hari 2;Hari 3\n1;Cipu Artanika;H;H;H\n2;Siti Rahmawati;v;v;v\n3;Andi Baso;hadir;hadir;izin\n").unwrap();
    click_nav(&b, "#kehadiran-link").await;
    b.wait().for_element(Locator::Id("berkas-hadir")).await.unwrap().send_keys(sheet.to_str().unwrap()).await.unwrap();
    click_nav(&b, "#pratinjau-impor").await;
    let summary = b.wait().for_element(Locator::Id("ringkasan-impor")).await.unwrap().text().await.unwrap();
    assert!(summary.contains("3 baris dibaca: 3 peserta cocok") && summary.contains("Lulus: 3 → 2 dari 3 peserta."), "{summary}");
    click_nav(&b, "#terapkan-impor").await;
    b.wait().for_element(Locator::Css(".notice")).await.unwrap();
    b.goto(&batch_page).await.unwrap();
    let done = b.wait().for_element(Locator::Id("n-selesai")).await.unwrap().text().await.unwrap();
    assert_eq!(done, "2", "the sheet's izin on day 3 leaves Andi at 66 %");

    // Certificates as a job; back to the batch once it is done.
    let batch_url = b.current_url().await.unwrap().to_string();
    click_nav(&b, "#buat-sertifikat").await;
    let mut status = String::new();
    for _ in 0..100 {
        let card = b.wait().for_element(Locator::Css("[data-job]")).await.unwrap();
        status = card.attr("data-status").await.unwrap().unwrap_or_default();
        if status == "done" || status == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        b.refresh().await.unwrap();
    }
    assert_eq!(status, "done");
    let download = b.find(Locator::Id("download")).await.unwrap().attr("href").await.unwrap().unwrap();
    assert!(download.starts_with("/berkas/"), "{download}");
    b.goto(&batch_url).await.unwrap();
    let link = b.wait().for_element(Locator::Css("#sertifikat-tabel a.verify")).await.unwrap();
    let verify = link.attr("href").await.unwrap().unwrap();
    // The QR codes carry this page's absolute URL; open it signed out, as anyone would.
    click_nav(&b, "form[action='/keluar'] button").await;
    b.goto(&app.url(&verify)).await.unwrap();
    let card = b.wait().for_element(Locator::Id("verifikasi")).await.unwrap();
    assert_eq!(card.attr("data-status").await.unwrap().as_deref(), Some("valid"));
    let text = card.text().await.unwrap();
    assert!(text.contains("Sertifikat sah") && text.contains("Pelatihan Manajemen Mutu Produksi") && text.contains("29 Juli 2020"), "{text}");
    b.close().await.unwrap();
}
