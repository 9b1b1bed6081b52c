//! Rule blocks through the web screening service (the same blocks `berdaya screen` tests on
//! files): age range, business age (a founding year alone is 31 December), sector set, one
//! application per KK, domicile by registered address. Each with an application on either side
//! of the boundary and the reason text asserted.

use std::collections::HashMap;

use crate::aid_support::*;
use crate::common::*;
use berdaya_core::{Role, Scope};
use berdaya_store::aid::applications::{self as apps, Application};
use berdaya_web::services::Actor;
use berdaya_web::services::aid::applications::{self as app_svc, ApplicationInput};
use berdaya_web::services::aid::{self, screening};
use berdaya_web::services::registry::{self, input::BusinessInput, input::OwnerInput};

/// Someone registering in the registry; the fields the blocks look at vary per test.
#[derive(Clone)]
pub(super) struct Person {
    pub(super) nik: &'static str,
    pub(super) nama: &'static str,
    pub(super) dob: &'static str,
    pub(super) kk: &'static str,
    pub(super) kode_wilayah: &'static str,
    pub(super) kbli: &'static str,
    pub(super) tahun_berdiri: &'static str,
}

pub(super) fn person(nik: &'static str, nama: &'static str, dob: &'static str) -> Person {
    Person { nik, nama, dob, kk: "", kode_wilayah: "64.74.01.1002", kbli: "10792", tahun_berdiri: "2019" }
}

pub(super) async fn operator(app: &TestApp) -> Actor {
    let a = app.agency("Dinas Koperasi dan UKM Kota Bontang", "64.74").await;
    let id = app.user(a, "op.bontang", "operator").await;
    actor(id, "op.bontang", Role::Operator, "64.74")
}

pub(super) async fn register(app: &TestApp, opa: &Actor, p: &Person, i: usize) -> uuid::Uuid {
    let o = OwnerInput {
        nik: p.nik.into(),
        no_kk: p.kk.into(),
        nama: p.nama.into(),
        jenis_kelamin: "L".into(),
        tanggal_lahir: p.dob.into(),
        kode_wilayah: p.kode_wilayah.into(),
        alamat: "Jl. Pupuk Raya".into(),
        no_hp: format!("08135500{i:04}"),
        lanjutkan: true,
        ..Default::default()
    };
    let b = BusinessInput {
        nama_usaha: format!("Usaha {}", p.nama),
        kbli: p.kbli.into(),
        modal: "10 juta".into(),
        omzet: "150 juta".into(),
        periode_omzet: "tahun".into(),
        tahun_berdiri: p.tahun_berdiri.into(),
        ..Default::default()
    };
    registry::create_owner(&app.db, opa, &o, Some(&b)).await.unwrap().id
}

/// A program with `rules` and one application per owner (in order), screened by the job's
/// service; the applications by NIK.
async fn screened(app: &TestApp, opa: &Actor, nama: &str, rules: serde_json::Value, owners: &[(uuid::Uuid, &str)]) -> HashMap<String, Application> {
    let input = super::cash_program(nama, rules);
    let p = aid::create_program(&app.db, opa, &input).await.unwrap();
    for (owner_id, _) in owners {
        app_svc::create(&app.db, opa, p.id, &ApplicationInput { owner_id: Some(*owner_id), ..Default::default() }).await.unwrap();
    }
    screening::screen_now(&app.db, opa, p.id, |_, _| {}).await.unwrap();
    let out: HashMap<String, Application> = apps::list(&app.db, &Scope::National, p.id, &Default::default(), 100).await.unwrap().into_iter().map(|a| (a.nik.clone(), a)).collect();
    assert_eq!(out.len(), owners.len());
    out
}

fn expect(l: &str, got: &HashMap<String, Application>, nik: &str, keputusan: &str, reason: &str) {
    let a = &got[nik];
    assert_eq!(a.keputusan, keputusan, "{l}: {nik}: {}", a.alasan);
    if reason.is_empty() {
        assert!(a.alasan.is_empty() || keputusan == "layak", "{l}: {nik}: {}", a.alasan);
    } else {
        assert!(a.alasan.contains(reason), "{l}: {nik}: expected «{reason}» in «{}»", a.alasan);
    }
}

#[tokio::test]
async fn age_range_on_the_reference_date() {
    for app in spawn_apps().await {
        let l = app.label;
        let opa = operator(&app).await;
        let people = [
            person("6474010107090001", "Andi Pratama", "01/07/2009"), // 17 on 01/07/2026
            person("6474010207090002", "Bayu Saputra", "02/07/2009"), // 16: a day short
            person("6474010107660003", "Cahyo Nugroho", "01/07/1966"), // 60
            person("6474013006650004", "Darmaji Sutrisno", "30/06/1965"), // 61
        ];
        let mut owners = Vec::new();
        for (i, p) in people.iter().enumerate() {
            owners.push((register(&app, &opa, p, i).await, p.nik));
        }
        let rules = serde_json::json!({"version": 1, "blocks": [{"type": "age", "min_years": 17, "max_years": 60, "on": "2026-07-01"}]});
        let got = screened(&app, &opa, "Bantuan usia produktif", rules, &owners).await;
        expect(l, &got, "6474010107090001", "layak", "");
        expect(l, &got, "6474010207090002", "tidak_layak", "usia 16 tahun pada 01/07/2026 (lahir 02/07/2009), syarat paling sedikit 17 tahun");
        expect(l, &got, "6474010107660003", "layak", "");
        expect(l, &got, "6474013006650004", "tidak_layak", "usia 61 tahun pada 01/07/2026 (lahir 30/06/1965), syarat paling tinggi 60 tahun");
        assert_eq!(got["6474013006650004"].kategori, "usia", "{l}");
    }
}

/// A business founded "2024" is counted from 31 December 2024, as `berdaya screen` reads a
/// year alone: 12 months on 31/12/2025, 11 on 30/12/2025 (from 1 January it would be 23).
#[tokio::test]
async fn business_age_counts_a_founding_year_from_its_last_day() {
    for app in spawn_apps().await {
        let l = app.label;
        let opa = operator(&app).await;
        let mut p = person("6474011505800001", "Eko Wibowo", "15/05/1980");
        p.tahun_berdiri = "2024";
        let id = register(&app, &opa, &p, 0).await;
        let rule = |on: &str| serde_json::json!({"version": 1, "blocks": [{"type": "business_age", "min_months": 12, "on": on}]});
        let on_time = screened(&app, &opa, "Usaha setahun (31 Des)", rule("2025-12-31"), &[(id, p.nik)]).await;
        expect(l, &on_time, p.nik, "layak", "");
        let a_day_early = screened(&app, &opa, "Usaha setahun (30 Des)", rule("2025-12-30"), &[(id, p.nik)]).await;
        expect(l, &a_day_early, p.nik, "tidak_layak", "usaha baru berjalan 11 bulan pada 30/12/2025 (syarat paling sedikit 12 bulan)");
    }
}

#[tokio::test]
async fn sector_set_by_kbli_category_or_prefix() {
    for app in spawn_apps().await {
        let l = app.label;
        let opa = operator(&app).await;
        let mut makanan = person("6474011505800001", "Fajar Hidayat", "15/05/1980");
        makanan.kbli = "10792"; // C: manufacturing
        let mut toko = person("6474011605810002", "Gilang Ramadhan", "16/05/1981");
        toko.kbli = "47111"; // 47: retail
        let mut warung = person("6474011705820003", "Hadi Susanto", "17/05/1982");
        warung.kbli = "56101"; // I: restaurants
        let mut owners = Vec::new();
        for (i, p) in [&makanan, &toko, &warung].into_iter().enumerate() {
            owners.push((register(&app, &opa, p, i).await, p.nik));
        }
        let rules = serde_json::json!({"version": 1, "blocks": [{"type": "sector", "allowed": ["C", "47"]}]});
        let got = screened(&app, &opa, "Bantuan sektor olahan dan toko", rules, &owners).await;
        expect(l, &got, makanan.nik, "layak", "");
        expect(l, &got, toko.nik, "layak", "");
        expect(l, &got, warung.nik, "tidak_layak", "bidang usaha KBLI 56101 tidak termasuk bidang program (C, 47)");
    }
}

#[tokio::test]
async fn one_application_per_family_card() {
    for app in spawn_apps().await {
        let l = app.label;
        let opa = operator(&app).await;
        let mut ayah = person("6474011505800001", "Imam Santoso", "15/05/1980");
        ayah.kk = "6474012001100001";
        let mut anak = person("6474011605010002", "Joko Santoso", "16/05/2001");
        anak.kk = "6474012001100001";
        let mut tetangga = person("6474011705820003", "Kurnia Wati", "17/05/1982");
        tetangga.kk = "6474012001100002";
        let mut owners = Vec::new();
        for (i, p) in [&ayah, &anak, &tetangga].into_iter().enumerate() {
            owners.push((register(&app, &opa, p, i).await, p.nik));
        }
        let rules = serde_json::json!({"version": 1, "blocks": [{"type": "one_per_kk"}]});
        let got = screened(&app, &opa, "Satu keluarga satu bantuan", rules, &owners).await;
        expect(l, &got, ayah.nik, "layak", "");
        expect(l, &got, anak.nik, "tidak_layak", "nomor KK yang sama sudah diajukan pada baris 1");
        expect(l, &got, tetangga.nik, "layak", "");
    }
}

/// Both live under NIKs of Kecamatan Bontang Selatan (64.74.01); one has moved to Bontang
/// Utara (64.74.02). By address only the one still living there is in the program's area.
#[tokio::test]
async fn domicile_by_registered_address() {
    for app in spawn_apps().await {
        let l = app.label;
        let opa = operator(&app).await;
        let tinggal = person("6474011505800001", "Lukman Hakim", "15/05/1980");
        let mut pindah = person("6474011605810002", "Made Wirawan", "16/05/1981");
        pindah.kode_wilayah = "64.74.02.1001";
        let mut owners = Vec::new();
        for (i, p) in [&tinggal, &pindah].into_iter().enumerate() {
            owners.push((register(&app, &opa, p, i).await, p.nik));
        }
        let by_address = serde_json::json!({"version": 1, "blocks": [{"type": "domicile", "regions": ["64.74.01"], "basis": "alamat"}]});
        let got = screened(&app, &opa, "Bantuan Bontang Selatan", by_address, &owners).await;
        expect(l, &got, tinggal.nik, "layak", "");
        expect(l, &got, pindah.nik, "tidak_layak", "kode wilayah alamat (64.74.02.1001) di luar wilayah program (64.74.01)");
        assert_eq!(got[pindah.nik].kategori, "domisili", "{l}");
        // The same people by NIK region: both inside.
        let by_nik = serde_json::json!({"version": 1, "blocks": [{"type": "domicile", "regions": ["64.74.01"], "basis": "nik"}]});
        let got = screened(&app, &opa, "Bantuan Bontang Selatan (NIK)", by_nik, &owners).await;
        expect(l, &got, tinggal.nik, "layak", "");
        expect(l, &got, pindah.nik, "layak", "");
    }
}
