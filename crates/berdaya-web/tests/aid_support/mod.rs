//! Helpers for the aid tests: actors, owners registered through the registry service, a
//! JPEG carrying EXIF metadata, job waiting.
#![allow(dead_code)]

use berdaya_core::{KodeWilayah, Role, Scope};
use berdaya_store::Db;
use berdaya_web::services::Actor;
use berdaya_web::services::registry::{self, input::BusinessInput, input::OwnerInput};
use uuid::Uuid;

pub fn actor(user: Uuid, username: &str, role: Role, region: &str) -> Actor {
    Actor {
        user_id: Some(user),
        username: username.into(),
        role,
        scope: Scope::Region(KodeWilayah::parse(region).unwrap()),
        request_id: String::new(),
        ip: String::new(),
    }
}

/// Register an owner with a business (annual turnover in rupiah) through the registry.
pub async fn owner(db: &Db, a: &Actor, nik: &str, nama: &str, dob: &str, sex: &str, omzet_tahun: &str, hp: &str) -> Uuid {
    let o = OwnerInput {
        nik: nik.into(),
        nama: nama.into(),
        jenis_kelamin: sex.into(),
        tanggal_lahir: dob.into(),
        kode_wilayah: "64.74.01.1002".into(),
        alamat: "Jl. Pupuk Raya".into(),
        no_hp: hp.into(),
        lanjutkan: true,
        ..Default::default()
    };
    let b = BusinessInput {
        nama_usaha: format!("Usaha {nama}"),
        kbli: "10792".into(),
        modal: "10 juta".into(),
        omzet: omzet_tahun.into(),
        periode_omzet: "tahun".into(),
        tahun_berdiri: "2019".into(),
        ..Default::default()
    };
    registry::create_owner(db, a, &o, Some(&b)).await.unwrap().id
}

/// A small real JPEG with an EXIF segment holding a marker text (as a phone's GPS tag would).
pub fn jpeg_with_exif(marker: &str) -> Vec<u8> {
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

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Wait for a job to finish (the app's worker runs it); returns its result.
pub async fn wait_job(db: &Db, id: Uuid) -> serde_json::Value {
    for _ in 0..300 {
        let j = berdaya_store::jobs::get(db, &Scope::National, id).await.unwrap();
        match j.status.as_str() {
            "done" => return serde_json::from_str(j.result.as_deref().unwrap_or("null")).unwrap(),
            "failed" => panic!("job failed: {:?}", j.last_error),
            _ => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    panic!("job did not finish");
}

pub fn id_from_location(res: &reqwest::Response, prefix: &str) -> Uuid {
    let loc = res.headers()["location"].to_str().unwrap();
    loc.trim_start_matches(prefix).split('?').next().unwrap().parse().unwrap()
}
