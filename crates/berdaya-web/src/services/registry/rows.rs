//! The stored rows of a checked owner, business and dated snapshot.

use berdaya_core::teks::search_key;
use berdaya_store::businesses::{self, Business, Snapshot};
use berdaya_store::owners::Owner;
use berdaya_store::Tx;
use uuid::Uuid;

use super::input::{BusinessFields, OwnerFields};
use crate::error::ServiceError;
use crate::services::Actor;

pub(crate) fn owner_row(o: &OwnerFields, id: Uuid, actor: &Actor, now: chrono::DateTime<chrono::Utc>) -> Owner {
    let region = o.region.dotted();
    Owner {
        id,
        kabkota: o.region.kabkota().map(|k| k.dotted()).unwrap_or_default(),
        region,
        nik: o.nik.as_str().to_string(),
        no_kk: o.no_kk.clone(),
        nama: o.nama.clone(),
        nama_norm: search_key(&o.nama),
        jenis_kelamin: o.jenis_kelamin.map(|j| j.code().to_string()).unwrap_or_default(),
        tempat_lahir: o.tempat_lahir.clone(),
        tanggal_lahir: o.tanggal_lahir,
        alamat: o.alamat.clone(),
        rt_rw: o.rt_rw.clone(),
        no_hp: o.no_hp.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default(),
        whatsapp: o.whatsapp,
        email: o.email.clone(),
        pendidikan: o.pendidikan.clone(),
        disabilitas: o.disabilitas.clone(),
        ektp_file_id: None,
        warnings: o.warnings.join("\n"),
        created_by: actor.user_id,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

pub(crate) fn business_row(b: &BusinessFields, owner: &Owner, id: Uuid, actor: &Actor, now: chrono::DateTime<chrono::Utc>) -> Business {
    let region = b.region.as_ref().map(|r| r.dotted()).unwrap_or_else(|| owner.region.clone());
    let kabkota = region.split('.').take(2).collect::<Vec<_>>().join(".");
    let mut izin = String::new();
    if b.nib.is_some() {
        izin.push_str(",nib,");
    }
    Business {
        id,
        owner_id: owner.id,
        kabkota,
        region,
        nama_usaha: b.nama_usaha.clone(),
        nama_norm: search_key(&b.nama_usaha),
        owner_nama_norm: owner.nama_norm.clone(),
        nib: b.nib.as_ref().map(|n| n.as_str().to_string()).unwrap_or_default(),
        kbli: b.kbli.as_ref().map(|k| k.code().to_string()).unwrap_or_default(),
        kbli_version: b.kbli.as_ref().map(|k| i32::from(k.version().year())),
        sektor: b.kbli.as_ref().and_then(|k| k.kategori()).map(|k| k.letter().to_string()).unwrap_or_default(),
        bentuk_usaha: b.bentuk_usaha.clone(),
        alamat: b.alamat.clone(),
        lat: b.lat,
        lon: b.lon,
        tahun_berdiri: b.tahun_berdiri,
        modal: b.modal.map(|r| r.amount()),
        omzet_tahunan: b.omzet_tahunan.map(|r| r.amount()),
        tk_l: b.tk_l,
        tk_p: b.tk_p,
        produk: b.produk.clone(),
        skala: b.skala.map(|s| s.as_str().to_string()).unwrap_or_default(),
        skala_dilaporkan: b.skala_dilaporkan.map(|s| s.as_str().to_string()).unwrap_or_default(),
        kanal: b.kanal.clone(),
        izin,
        created_by: actor.user_id,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// A dated snapshot of a business's figures (the history behind "naik kelas").
pub async fn snapshot(tx: &mut Tx, b: &Business, sumber: &str) -> Result<(), ServiceError> {
    if let Some(s) = snapshot_row(b, sumber, berdaya_store::now()) {
        businesses::insert_snapshot(tx, &s).await?;
    }
    Ok(())
}

/// The dated snapshot of a business's figures, if it has any figures at all.
pub(crate) fn snapshot_row(b: &Business, sumber: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Snapshot> {
    if b.omzet_tahunan.is_none() && b.modal.is_none() && b.tk_l.is_none() && b.tk_p.is_none() {
        return None;
    }
    Some(Snapshot {
        id: berdaya_store::new_id(),
        business_id: b.id,
        region: b.region.clone(),
        tanggal: now.date_naive(),
        modal: b.modal,
        omzet_tahunan: b.omzet_tahunan,
        tk_l: b.tk_l,
        tk_p: b.tk_p,
        skala: b.skala.clone(),
        sumber: sumber.into(),
        created_at: now,
    })
}

