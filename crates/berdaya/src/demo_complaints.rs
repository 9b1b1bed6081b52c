//! Demo complaints in Kota Bontang, sent through the public form's service and handled by the
//! demo operator: one answered and closed, one under way with an internal note, one still
//! new, and one "bantuan lambat" escalated to the Kaltim province (as in the seed story).

use berdaya_core::{KodeWilayah, Role, Scope};
use berdaya_store::{Db, complaints, users};
use berdaya_web::services::Actor;
use berdaya_web::services::complaints::public::{ComplaintInput, Submission, submit};
use berdaya_web::services::complaints::{self as svc, ResponseInput, StatusInput};
use berdaya_web::storage::FileStorage;

const COMPLAINTS: &[(&str, &str, &str, &str)] = &[
    (
        "bantuan_lambat",
        "Hasnah",
        "0813-4521-7788",
        "Kelompok kami sudah disurvei bulan Maret untuk stimulan bahan baku, tetapi sampai sekarang bantuan belum diterima. Mohon kejelasannya.",
    ),
    ("data_salah", "Rudi Hartono", "rudi.hartono@contoh.id", "Nama usaha saya di registri tertulis \"Kripik Rudy\", seharusnya \"Keripik Rudi\". Mohon diperbaiki."),
    ("pungutan_liar", "", "", "Ada orang yang mengaku petugas meminta Rp 200.000 agar nama kami dimasukkan daftar penerima bantuan."),
    ("pelatihan", "Wahyu", "0812-5566-1020", "Sertifikat pelatihan pengemasan produk bulan lalu belum dibagikan kepada peserta."),
];

/// Seed the demo complaints unless Bontang has some already.
pub async fn seed(db: &Db, storage: &FileStorage) -> anyhow::Result<()> {
    let scope = Scope::Region(KodeWilayah::parse("64.74")?);
    if complaints::counts(db, &scope, berdaya_store::now()).await?.open + complaints::counts(db, &scope, berdaya_store::now()).await?.closed > 0 {
        return Ok(());
    }
    let Some(op) = users::get_by_username(db, "operator.bontang").await? else { return Ok(()) };
    let actor = Actor { user_id: Some(op.id), username: op.username.clone(), role: Role::Operator, scope, ..Actor::cli() };
    let err = |e| anyhow::anyhow!("demo complaint: {e:?}");
    let mut ids = Vec::new();
    for (i, (kategori, nama, kontak, isi)) in COMPLAINTS.iter().enumerate() {
        let input = ComplaintInput {
            nama: (*nama).into(),
            kontak: (*kontak).into(),
            kategori: (*kategori).into(),
            wilayah: "64.74".into(),
            isi: (*isi).into(),
            ..Default::default()
        };
        let sub = Submission { input, attachment: None, honeypot: String::new(), ip: format!("demo-{i}"), request_id: String::new() };
        ids.push(submit(db, storage, sub).await.map_err(err)?);
    }
    let reply = |text: &str| ResponseInput { text: text.into(), public: true };
    svc::respond(db, &actor, ids[0].id, &reply("Pengajuan anda tercatat. Pencairan stimulan tahap ini dari anggaran provinsi; kami teruskan ke Dinas Provinsi."))
        .await
        .map_err(err)?;
    svc::escalate(db, &actor, ids[0].id, "Anggaran stimulan bahan baku dari APBD provinsi; kewenangan Dinas Provinsi Kaltim.").await.map_err(err)?;
    svc::respond(db, &actor, ids[1].id, &reply("Terima kasih, nama usaha sudah kami perbaiki di registri.")).await.map_err(err)?;
    svc::change_status(db, &actor, ids[1].id, &StatusInput { status: "selesai".into(), reason: "Nama usaha diperbaiki menjadi \"Keripik Rudi\".".into() })
        .await
        .map_err(err)?;
    svc::respond(db, &actor, ids[2].id, &ResponseInput { text: "Diteruskan ke inspektorat; cek daftar petugas lapangan.".into(), public: false })
        .await
        .map_err(err)?;
    svc::change_status(db, &actor, ids[2].id, &StatusInput { status: "diproses".into(), reason: "Laporan anda sedang kami periksa.".into() })
        .await
        .map_err(err)?;
    println!("Pengaduan demo: {} di Kota Bontang (kode lacak pertama: {}).", ids.len(), ids[0].code);
    Ok(())
}
