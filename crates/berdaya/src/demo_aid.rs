//! Demo aid programs in Bontang, through the same services the pages use: "Stimulus Modal
//! UMKM" (Rp 5 M pagu, Rp 3 M realised: 600 transfers of Rp 5 juta reported successful by the
//! bank) and an in-kind "Bahan baku masker" program, with applications in every state.

use berdaya_core::{KodeWilayah, Role, Scope};
use berdaya_store::aid::applications::{self as apps, AppFilter, Survey};
use berdaya_store::aid::batches;
use berdaya_store::owners::{self, OwnerFilter};
use berdaya_store::{Db, audit, users};
use berdaya_web::services::Actor;
use berdaya_web::services::aid::applications::{self as app_svc, ApplicationInput};
use berdaya_web::services::aid::approval::{self, DecisionInput};
use berdaya_web::services::aid::{self, Item, ProgramInput, disburse, screening};

async fn actor(db: &Db, username: &str, role: Role) -> anyhow::Result<Actor> {
    let u = users::get_by_username(db, username).await?.ok_or_else(|| anyhow::anyhow!("demo user {username} missing"))?;
    Ok(Actor { user_id: Some(u.id), username: username.into(), role, scope: Scope::Region(KodeWilayah::parse("64.74")?), request_id: String::new(), ip: String::new() })
}

fn rules() -> serde_json::Value {
    serde_json::json!({"version": 1, "blocks": [
        {"type": "nik_valid"},
        {"type": "business_required"},
        {"type": "scale", "allowed": ["mikro"]},
        {"type": "not_excluded", "lists": ["asn", "kur", "deceased", "other_program"]},
        {"type": "one_per_nik"},
    ]})
}

fn e(x: impl std::fmt::Debug) -> anyhow::Error {
    anyhow::anyhow!("demo bantuan: {x:?}")
}

/// Seed once (skipped when Bontang has programs already).
pub async fn seed(db: &Db) -> anyhow::Result<()> {
    let op = actor(db, "operator.bontang", Role::Operator).await?;
    let pim = actor(db, "pimpinan.bontang", Role::Pimpinan).await?;
    if !berdaya_store::aid::list(db, &op.scope).await?.is_empty() {
        return Ok(());
    }
    let people = owners::list(db, &op.scope, &OwnerFilter::default(), 900).await?;
    if people.len() < 800 {
        return Ok(());
    }
    let cash = aid::create_program(db, &op, &ProgramInput {
        nama: "Stimulus Modal UMKM Kota Bontang".into(),
        jenis: "stimulus_modal".into(),
        sumber_dana: "APBD Kabupaten/Kota".into(),
        tahun: "2026".into(),
        pagu: "Rp 5.000.000.000".into(),
        nilai_per_penerima: "5 juta".into(),
        mulai: "01/03/2026".into(),
        selesai: "30/11/2026".into(),
        kuota: "1000".into(),
        aturan: rules(),
        ..Default::default()
    })
    .await
    .map_err(e)?;
    for (i, o) in people.iter().take(760).enumerate() {
        let input = ApplicationInput { owner_id: Some(o.id), bank: "BRI".into(), no_rekening: format!("0012010{:08}", i), ..Default::default() };
        let _ = app_svc::create(db, &op, cash.id, &input).await;
    }
    screening::screen_now(db, &op, cash.id, |_, _| {}).await?;
    let layak = apps::list(db, &op.scope, cash.id, &AppFilter { keputusan: Some("layak".into()), ..Default::default() }, 10_000).await?;
    verify(db, &op, &layak.iter().take(640).map(|a| a.id).collect::<Vec<_>>()).await?;
    let b = approval::propose(db, &op, cash.id, "Tahap 1").await.map_err(e)?;
    let decision = DecisionInput { keputusan: "setujui".into(), catatan: String::new(), sk_nomor: "500.2/117/DKUKMP/2026".into(), sk_tanggal: "15/06/2026".into() };
    approval::decide(db, &pim, b.id, &decision).await.map_err(e)?;
    disburse::transfer_file(db, &op, cash.id).await.map_err(e)?;
    let mut bank = String::from("referensi,status,keterangan\n");
    for (i, r) in batches::recipients(db, &op.scope, cash.id, Some(b.id)).await?.iter().enumerate() {
        let status = if i < 600 { "berhasil" } else if i < 630 { "gagal" } else { "dikembalikan" };
        bank.push_str(&format!("{},{status},\n", r.referensi));
    }
    disburse::import_bank_result(db, &op, cash.id, bank.into_bytes().into()).await.map_err(e)?;

    let goods = aid::create_program(db, &op, &ProgramInput {
        nama: "Bantuan Bahan Baku Masker".into(),
        jenis: "barang".into(),
        sumber_dana: "DAK non-fisik".into(),
        tahun: "2026".into(),
        pagu: "Rp 150.000.000".into(),
        nilai_per_penerima: "750 ribu".into(),
        kuota: "200".into(),
        dokumen_wajib: vec![],
        barang: vec![
            Item { nama: "Kain katun".into(), satuan: "meter".into(), jumlah: 20 },
            Item { nama: "Tali karet masker".into(), satuan: "gulung".into(), jumlah: 2 },
            Item { nama: "Benang jahit".into(), satuan: "buah".into(), jumlah: 5 },
        ],
        aturan: rules(),
        ..Default::default()
    })
    .await
    .map_err(e)?;
    for o in people.iter().skip(760).take(60) {
        let _ = app_svc::create(db, &op, goods.id, &ApplicationInput { owner_id: Some(o.id), ..Default::default() }).await;
    }
    screening::screen_now(db, &op, goods.id, |_, _| {}).await?;
    let layak = apps::list(db, &op.scope, goods.id, &AppFilter { keputusan: Some("layak".into()), ..Default::default() }, 10_000).await?;
    verify(db, &op, &layak.iter().take(25).map(|a| a.id).collect::<Vec<_>>()).await?;
    let b = approval::propose(db, &op, goods.id, "Penjahit masker tahap 1").await.map_err(e)?;
    let decision = DecisionInput { sk_nomor: "500.2/131/DKUKMP/2026".into(), sk_tanggal: "01/07/2026".into(), ..decision };
    approval::decide(db, &pim, b.id, &decision).await.map_err(e)?;
    // Open to owners applying themselves from their phones (/bantuan/ajukan).
    aid::self_service::set_open(db, &op, goods.id, true).await.map_err(e)?;
    println!("Bantuan demo: \"{}\" (Rp 3 M tersalur dari pagu Rp 5 M) dan \"{}\" (terbuka untuk pengajuan mandiri di /bantuan/ajukan).", cash.nama, goods.nama);
    Ok(())
}

/// Field verification recorded for the demo (the surveyor's visit), audited as one entry.
async fn verify(db: &Db, op: &Actor, ids: &[uuid::Uuid]) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    for id in ids {
        let s = Survey { usaha_ada: true, lat: Some(0.1333), lon: Some(117.5), catatan: "Usaha berjalan (data demo).".into(), foto: None };
        apps::record_survey(&mut tx, *id, &s).await?;
    }
    let mut entry = op.audit("survey", "aid_application_batch", ids.first().map(|i| i.to_string()).unwrap_or_default(), "64.74");
    entry.after = Some(serde_json::json!({"applications": ids, "demo": true}));
    audit::record(&mut tx, entry).await?;
    tx.commit().await?;
    Ok(())
}
