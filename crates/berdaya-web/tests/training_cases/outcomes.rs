//! Report outcomes on a fixture with known numbers: satisfaction averages, calon wirausaha who
//! started a business, turnover and employees change against the snapshot on or before the
//! batch start, milestones, follow-ups done vs due. Page, XLSX and the program report agree.

use berdaya_store::businesses::{self, Snapshot};
use chrono::NaiveDate;
use uuid::Uuid;

use super::{participants, sessions};
use crate::common::*;
use crate::training::{owners_in_bontang, setup};

/// A business owner registered through the API, with a registry snapshot dated before the
/// batch (`omzet` per year, workers L/P).
async fn owner_with_business(app: &TestApp, token: &str, nik: &str, nama: &str, sex: &str, baselines: &[(&str, i64, Option<i32>, Option<i32>)]) -> Uuid {
    let res = client()
        .post(app.url("/api/v1/owners"))
        .bearer_auth(token)
        .json(&serde_json::json!({"owner": {"nik": nik, "nama": nama, "jenis_kelamin": sex, "kode_wilayah": "64.74.01.1001"},
            "business": {"nama_usaha": format!("Usaha {nama}"), "kbli": "10794", "omzet": "9 juta", "periode_omzet": "bulan", "tk_p": "7"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let v: serde_json::Value = res.json().await.unwrap();
    let id = Uuid::parse_str(v["id"].as_str().unwrap()).unwrap();
    let biz = businesses::for_owner(&app.db, id).await.unwrap().remove(0);
    let mut tx = app.db.begin().await.unwrap();
    for (date, omzet, l, p) in baselines {
        let s = Snapshot {
            id: berdaya_store::new_id(),
            business_id: biz.id,
            region: biz.region.clone(),
            tanggal: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            modal: None,
            omzet_tahunan: Some(*omzet),
            tk_l: *l,
            tk_p: *p,
            skala: "mikro".into(),
            sumber: "input".into(),
            created_at: berdaya_store::now(),
        };
        businesses::insert_snapshot(&mut tx, &s).await.unwrap();
    }
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn reports_show_evaluation_and_follow_up_outcomes_with_the_right_numbers() {
    for app in spawn_apps().await {
        let s = setup(&app, "10", "").await;
        let token = app.token("op.bontang").await;
        // A, B, C own a business; B's latest snapshot on or before the start (27/07/2020) counts.
        let a = owner_with_business(&app, &token, "6474014501900001", "Ani Wulandari", "P", &[("2020-07-01", 36_000_000, None, Some(1))]).await;
        let b = owner_with_business(&app, &token, "6474011203850002", "Bambang Irawan", "L", &[("2020-01-15", 24_000_000, Some(1), Some(1)), ("2020-07-27", 30_000_000, Some(1), Some(1))]).await;
        let c = owner_with_business(&app, &token, "6474022507800003", "Cahyo Nugroho", "L", &[("2020-05-01", 12_000_000, Some(1), None)]).await;
        // D, E, F, H are calon wirausaha; H attends one day only.
        let calon: Vec<Uuid> = owners_in_bontang(&app.db, 4, 40).await.iter().map(|o| o.id).collect();
        let owners = [a, b, c, calon[0], calon[1], calon[2], calon[3]];
        for o in owners {
            let res = client().post(app.url(&format!("/api/v1/trainings/{}/participants", s.batch))).bearer_auth(&token).json(&serde_json::json!({"owner_id": o})).send().await.unwrap();
            assert_eq!(res.status(), 201);
        }
        let list = participants(&app, &token, &s.batch).await;
        let pid = |o: Uuid| list.iter().find(|p| p.1 == o.to_string()).unwrap().0.clone();
        let days = sessions(&app, &token, &s.batch).await;
        let mut present = Vec::new();
        for o in owners {
            for (i, d) in days.iter().enumerate() {
                if o != calon[3] || i == 0 {
                    present.push(serde_json::json!([d, pid(o)]));
                }
            }
        }
        let res = client().put(app.url(&format!("/api/v1/trainings/{}/attendance", s.batch))).bearer_auth(&token).json(&serde_json::json!({"present": present, "scores": []})).send().await.unwrap();
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["completed"], 6, "{v}");

        let csrf = app.csrf(&s.op).await;
        let follow = |o: Uuid, fields: &[(&str, &str)]| {
            let mut form = vec![("_csrf".to_string(), csrf.clone())];
            form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
            let (op, url) = (s.op.clone(), app.url(&format!("/pelatihan/peserta/{}/tindak-lanjut", pid(o))));
            async move {
                let res = op.post(url).form(&form).send().await.unwrap();
                assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
            }
        };
        follow(a, &[("bulan", "3"), ("omzet_bulanan", "5 juta"), ("tk_l", "1"), ("tk_p", "1"), ("capaian", "nib"), ("capaian", "qris")]).await;
        follow(a, &[("bulan", "6"), ("omzet_bulanan", "Rp 6.000.000"), ("capaian", "halal")]).await;
        follow(b, &[("bulan", "6"), ("omzet_bulanan", "2 juta"), ("tk_p", "3"), ("capaian", "marketplace"), ("capaian", "qris")]).await;
        follow(c, &[("bulan", "12"), ("omzet_bulanan", "4 juta"), ("tk_l", "4"), ("capaian", "nib")]).await;
        follow(calon[0], &[("bulan", "3"), ("mulai_usaha", "true"), ("nama_usaha", "Es Krim Tepian"), ("omzet_bulanan", "2 juta"), ("capaian", "nib")]).await;
        follow(calon[1], &[("bulan", "3")]).await;
        for (o, scores) in [(a, ["5", "4", "5"]), (b, ["4", "4", "3"]), (calon[0], ["3", "5", "4"])] {
            let form = [("_csrf", csrf.as_str()), ("skor_materi", scores[0]), ("skor_narasumber", scores[1]), ("skor_tempat", scores[2])];
            let res = s.op.post(app.url(&format!("/pelatihan/peserta/{}/evaluasi", pid(o)))).form(&form).send().await.unwrap();
            assert_eq!(res.status(), 303);
        }

        let expected = [
            ("Pengisi evaluasi", "3 dari 7 peserta"),
            ("Materi (rata-rata 1–5)", "4,00"),
            ("Narasumber (rata-rata 1–5)", "4,33"),
            ("Tempat (rata-rata 1–5)", "4,00"),
            ("Calon wirausaha yang memulai usaha", "1 dari 4 (25,0 %)"),
            // +3 jt (A: 3 → 6), −0,5 jt (B: 2,5 → 2), +3 jt (C: 1 → 4).
            ("Perubahan omzet per bulan (median / rata-rata)", "+Rp 3.000.000 / +Rp 1.833.333 (3 peserta dengan data)"),
            // A 1 → 2 (3-month figure), B 2 → 3, C 1 → 4.
            ("Perubahan tenaga kerja (median / rata-rata)", "+1 / +1,7 orang (3 peserta dengan data)"),
            ("Tindak lanjut 3 bulan", "3 dari 6 jatuh tempo"),
            ("Tindak lanjut 6 bulan", "2 dari 6 jatuh tempo"),
            ("Tindak lanjut 12 bulan", "1 dari 6 jatuh tempo"),
        ];
        for base in [format!("/pelatihan/angkatan/{}/laporan", s.batch), String::new()] {
            let base = if base.is_empty() {
                let page = s.op.get(app.url(&format!("/pelatihan/angkatan/{}", s.batch))).send().await.unwrap().text().await.unwrap();
                let program = page.split("href=\"/pelatihan/program/").nth(1).unwrap().split('"').next().unwrap().to_string();
                format!("/pelatihan/program/{program}/laporan")
            } else {
                base
            };
            let page = s.op.get(app.url(&base)).send().await.unwrap().text().await.unwrap();
            for (k, v) in expected {
                assert!(page.contains(&format!("<dt>{k}</dt><dd>{v}</dd>")), "{} {base}: {k} = {v}: {page}", app.label);
            }
            for bar in ["NIB: 3", "PIRT: 0", "sertifikat halal: 1", "BPOM: 0", "QRIS: 2", "berjualan di marketplace: 1", "naik kelas: 0", "Narasumber: 4,33", "3 bulan: 3 / 6"] {
                assert!(page.contains(&format!("<title>{bar}</title>")), "{bar}: {page}");
            }
            // The XLSX has the same figures.
            let bytes = s.op.get(app.url(&format!("{base}?format=xlsx"))).send().await.unwrap().bytes().await.unwrap().to_vec();
            let table = berdaya_tabular::Table::from_bytes(bytes, &berdaya_tabular::ReadOptions { header_row: Some(1), header_rows: Some(1), ..Default::default() }).unwrap();
            let rows: Vec<Vec<String>> = table.map(|r| r.unwrap().cells).collect();
            for (k, v) in expected {
                assert!(rows.iter().any(|r| r.get(1).map(String::as_str) == Some(k) && r.get(2).map(String::as_str) == Some(v)), "xlsx {k} = {v}: {rows:?}");
            }
            let pdf = s.op.get(app.url(&format!("{base}?format=pdf"))).send().await.unwrap().bytes().await.unwrap();
            assert!(pdf.starts_with(b"%PDF"));
        }
    }
}
