//! A proposal list (e.g. from a kelurahan) imported into a program as XLSX through the
//! registry importer: new people are registered, known ones reused, bank columns picked up,
//! bad rows reported by row number, a second import adds nothing.

use super::xlsx;
use crate::aid_support::*;
use crate::common::*;
use crate::aid::upload;
use berdaya_core::{Role, Scope};
use berdaya_store::aid::applications as apps;
use berdaya_store::owners;

#[tokio::test]
async fn proposal_list_is_imported_through_the_registry() {
    for app in spawn_apps().await {
        let l = app.label;
        let a = app.agency("Dinas Koperasi dan UKM Kota Bontang", "64.74").await;
        let op_id = app.user(a, "op.bontang", "operator").await;
        let opa = actor(op_id, "op.bontang", Role::Operator, "64.74");
        let input = berdaya_web::services::aid::ProgramInput {
            nama: "Stimulus Kelurahan".into(),
            jenis: "tunai".into(),
            sumber_dana: "APBD Kabupaten/Kota".into(),
            tahun: "2026".into(),
            pagu: "100 juta".into(),
            nilai_per_penerima: "1 juta".into(),
            kuota: "50".into(),
            ..Default::default()
        };
        let p = berdaya_web::services::aid::create_program(&app.db, &opa, &input).await.unwrap();
        // Siti is in the registry already.
        owner(&app.db, &opa, "6474015505900001", "Siti Aminah", "15/05/1990", "P", "150 juta", "081200000001").await;
        let rows: &[&[&str]] = &[
            &["NIK", "Nama", "Jenis Kelamin", "Tanggal Lahir", "Kelurahan", "No HP", "Nama Usaha", "Omzet per Tahun", "Bank", "No Rekening"],
            &["6474015505900001", "Siti Aminah", "P", "15/05/1990", "Bontang Baru", "081200000001", "Usaha Siti Aminah", "150 juta", "BRI", "0012-0100-0123456"],
            &["6474010101850002", "Budi Santoso", "L", "01/01/1985", "Bontang Baru", "081200000002", "Bengkel Budi", "200 juta", "Bank Kaltimtara", "12345678901"],
            &["6474019999990009", "Salah NIK", "L", "01/01/1980", "Bontang Baru", "081200000003", "Warung", "50 juta", "", ""],
            &["6474014202800003", "Ani Rahayu", "P", "02/02/1980", "Bontang Baru", "081200000004", "Kue Ani", "90 juta", "BRI", "12ab"],
        ];
        let op = app.login("op.bontang").await;
        let csrf = app.csrf(&op).await;
        let res = upload(&op, app.url(&format!("/bantuan/{}/impor", p.id)), &csrf, &[], "berkas", "usulan-kelurahan.xlsx", xlsx(rows)).await;
        assert_eq!(res.status(), 200, "{l}");
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"impor-permohonan\">3<"), "{l}: Siti, Budi and Ani: {html}");
        assert!(html.contains("Baris 4"), "{l}: the bad NIK reported by its row");
        assert!(html.contains("Baris 5: rekening diabaikan"), "{l}: a bad account number is dropped, the application kept");
        assert!(owners::owner_for_nik(&app.db, "6474010101850002").await.unwrap().is_some(), "{l}: Budi registered in the registry");
        assert!(owners::owner_for_nik(&app.db, "6474019999990009").await.unwrap().is_none(), "{l}");
        let list = apps::list(&app.db, &Scope::National, p.id, &Default::default(), 10).await.unwrap();
        assert_eq!(list.len(), 3, "{l}");
        let budi = list.iter().find(|x| x.nik == "6474010101850002").unwrap();
        assert_eq!((budi.bank.as_str(), budi.no_rekening.as_str()), ("Bank Kaltimtara", "12345678901"), "{l}");
        let ani = list.iter().find(|x| x.nik == "6474014202800003").unwrap();
        assert!(ani.no_rekening.is_empty(), "{l}");
        // The same list again adds nothing: one application per NIK.
        let res = upload(&op, app.url(&format!("/bantuan/{}/impor", p.id)), &csrf, &[], "berkas", "usulan-kelurahan.xlsx", xlsx(rows)).await;
        assert!(res.text().await.unwrap().contains("id=\"impor-permohonan\">0<"), "{l}");
        assert_eq!(apps::list(&app.db, &Scope::National, p.id, &Default::default(), 10).await.unwrap().len(), 3, "{l}");
    }
}
