//! Attendance from a typed sign-in sheet: CSV and XLSX, matched by NIK or name, columns by
//! "Hari N" / "Sesi N" / date; the preview names what is not matched and why, and writes
//! nothing; confirming writes in one transaction (audited) and completion follows.

use std::io::Write;
use std::sync::{Arc, Mutex};

use super::{count, participants, sessions};
use crate::common::*;
use crate::training::{owners_in_bontang, setup};

fn upload(csrf: &str, name: &str, bytes: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().text("_csrf", csrf.to_string()).part("berkas", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()))
}

/// The hidden `c` fields of the preview's confirm form.
fn confirm_form(csrf: &str, page: &str) -> Vec<(String, String)> {
    let mut form = vec![("_csrf".to_string(), csrf.to_string())];
    for part in page.split("name=\"c\" value=\"").skip(1) {
        form.push(("c".into(), part.split('"').next().unwrap().to_string()));
    }
    form
}

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn xlsx(header: &[&str], rows: &[Vec<&str>]) -> Vec<u8> {
    use berdaya_tabular::{Column, ColumnKind, ExportWriter, Value};
    let buf = Buf::default();
    let cols = header.iter().map(|h| Column::new(*h, ColumnKind::Text)).collect();
    let mut w = ExportWriter::xlsx(Box::new(buf.clone()), "Daftar Hadir", cols).unwrap();
    for r in rows {
        w.write_row(&r.iter().map(|v| Value::from(*v)).collect::<Vec<_>>()).unwrap();
    }
    w.finish().unwrap();
    buf.0.lock().unwrap().clone()
}

#[tokio::test]
async fn a_typed_sign_in_sheet_is_previewed_then_applied_in_one_transaction() {
    for app in spawn_apps().await {
        let s = setup(&app, "5", "").await;
        let people = owners_in_bontang(&app.db, 6, 0).await;
        let token = app.token("op.bontang").await;
        let api = client();
        for o in &people {
            let res = api.post(app.url(&format!("/api/v1/trainings/{}/participants", s.batch))).bearer_auth(&token).json(&serde_json::json!({"owner_id": o.id})).send().await.unwrap();
            assert_eq!(res.status(), 201);
        }
        let list = participants(&app, &token, &s.batch).await;
        let pid = |i: usize| list.iter().find(|p| p.1 == people[i].id.to_string()).unwrap().0.clone();
        assert_eq!(list.iter().find(|p| p.0 == pid(5)).unwrap().2, "cadangan");
        let days = sessions(&app, &token, &s.batch).await;
        // Saved before: P0 on day 3, P2 on day 1.
        let res = api
            .put(app.url(&format!("/api/v1/trainings/{}/attendance", s.batch)))
            .bearer_auth(&token)
            .json(&serde_json::json!({"present": [[days[2], pid(0)], [days[0], pid(2)]], "scores": []}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);

        let csv = format!(
            "DAFTAR HADIR PELATIHAN MANAJEMEN MUTU PRODUKSI\n\
             No;NIK;Nama Peserta;Hari 1;28/07/2020;Sesi 3;Hari 4;Tanda Tangan\n\
             1;{n0};Peserta Uji 000;hadir;H;;v;\n\
             2;;peserta uji 001;✓;1;izin;;\n\
             3;{n2};Peserta Uji 002;x;-;tidak;;\n\
             4;6474019999999999;Peserta Uji 003;v;v;sakit;;\n\
             5;;Orang Lain;hadir;;;;\n\
             6;{n5};Peserta Uji 005;hadir;;;;\n\
             7;{n0};Peserta Uji 000;hadir;;;;\n\
             8;;Peserta Uji 004;terlambat;hadir;hadir;;\n",
            n0 = people[0].nik,
            n2 = people[2].nik,
            n5 = people[5].nik
        );
        let csrf = app.csrf(&s.op).await;
        let url = app.url(&format!("/pelatihan/angkatan/{}/kehadiran/impor", s.batch));
        let res = s.op.post(&url).multipart(upload(&csrf, "daftar-hadir.csv", csv.into_bytes())).send().await.unwrap();
        assert_eq!(res.status(), 200, "{}", app.label);
        let page = res.text().await.unwrap().replace("&#34;", "\"");
        let summary = "8 baris dibaca: 5 peserta cocok, 3 baris tidak cocok. Akan diisi 8 hadir dan 5 tidak hadir (termasuk 2 izin/sakit); \
                       9 sel berubah dari data tersimpan. Lulus: 0 → 1 dari 5 peserta.";
        assert!(page.contains(summary), "{}: {page}", app.label);
        for reason in [
            "\"Hari 4\": angkatan ini hanya 3 hari",
            "\"Tanda Tangan\": bukan kolom kehadiran",
            "nama \"Orang Lain\" tidak cocok dengan peserta angkatan ini",
            "Peserta Uji 005 masih cadangan, bukan peserta terpilih",
            "Peserta Uji 000 sudah dibaca di baris 3",
            "NIK 6474**********99 bukan peserta angkatan ini; dicocokkan lewat nama",
            "kolom \"Hari 1\": \"terlambat\"",
            "\"28/07/2020\" → 28/07/2020",
            "\"Sesi 3\" → sesi ke-3, 29/07/2020",
        ] {
            assert!(page.contains(reason), "{reason}: {page}");
        }
        assert!(!page.contains(&people[0].nik), "NIK masked on the preview");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM training_attendance").await, 2, "the preview writes nothing");

        // A tampered confirm (a waitlisted person) is refused whole.
        let mut bad = confirm_form(&csrf, &page);
        bad.push(("c".into(), format!("{}:{}:1", days[0], pid(5))));
        let apply = format!("{url}/terapkan");
        let res = s.op.post(&apply).form(&bad).send().await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("tidak termasuk angkatan ini"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM training_attendance").await, 2);

        let res = s.op.post(&apply).form(&confirm_form(&csrf, &page)).send().await.unwrap();
        assert_eq!(res.status(), 303, "{}", app.label);
        assert!(res.headers()["location"].to_str().unwrap().ends_with("kehadiran?pesan=impor_hadir"));
        // P0: 3 (day 3 kept from before), P1: 2, P2: 0 (day 1 removed), P3: 2, P4: 2.
        assert_eq!(count(&app, "SELECT COUNT(*) FROM training_attendance").await, 9);
        let detail = s.op.get(app.url(&format!("/pelatihan/angkatan/{}", s.batch))).send().await.unwrap().text().await.unwrap();
        assert!(detail.contains("id=\"n-selesai\">1<"), "{}", app.label);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'import_attendance'").await, 1);

        // XLSX with "Sesi N" headers: P2 attended everything after all.
        let bytes = xlsx(&["No", "NIK", "Nama", "Sesi 1", "Sesi 2", "Sesi 3"], &[vec!["1", &people[2].nik, "Peserta Uji 002", "v", "v", "v"]]);
        let res = s.op.post(&url).multipart(upload(&csrf, "hadir.xlsx", bytes)).send().await.unwrap();
        let page = res.text().await.unwrap();
        assert!(page.contains("1 baris dibaca: 1 peserta cocok, 0 baris tidak cocok. Akan diisi 3 hadir") && page.contains("Lulus: 1 → 2 dari 5 peserta."), "{page}");
        let res = s.op.post(&apply).form(&confirm_form(&csrf, &page)).send().await.unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM training_attendance").await, 12);

        // No file, an unreadable file, and another city's operator.
        let res = s.op.post(&url).multipart(reqwest::multipart::Form::new().text("_csrf", csrf.clone())).send().await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Pilih berkas daftar hadir"));
        let other = app.login("op.tangsel").await;
        let other_csrf = app.csrf(&other).await;
        let res = other.post(&url).multipart(upload(&other_csrf, "x.csv", b"NIK;Nama;Hari 1\n".to_vec())).send().await.unwrap();
        assert_eq!(res.status(), 404);
        let res = other.post(&apply).form(&[("_csrf", other_csrf.as_str()), ("c", &format!("{}:{}:0", days[0], pid(0)))]).send().await.unwrap();
        assert_eq!(res.status(), 404);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM training_attendance").await, 12);
    }
}
