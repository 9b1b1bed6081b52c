//! Shared by the registry store tests: owners and businesses built in memory and loaded
//! through the bulk writer, as the importer writes them.
#![allow(dead_code)]

use berdaya_core::teks::search_key;
use berdaya_store::businesses::{self, Business};
use berdaya_store::owners::Owner;
use berdaya_store::testing::fixtures;
use berdaya_store::bulk;
use uuid::Uuid;

pub fn owner(nik: &str, nama: &str, hp: &str, region: &str) -> Owner {
    Owner { no_hp: hp.into(), jenis_kelamin: "P".into(), ..fixtures::owner(nik, nama, region) }
}

pub fn business(o: &Owner, nama: &str, nib: &str, skala: &str, izin: &str) -> Business {
    Business {
        id: berdaya_store::new_id(),
        owner_id: o.id,
        kabkota: o.kabkota.clone(),
        region: o.region.clone(),
        nama_usaha: nama.into(),
        nama_norm: search_key(nama),
        owner_nama_norm: o.nama_norm.clone(),
        nib: nib.into(),
        kbli: String::new(),
        kbli_version: None,
        sektor: "C".into(),
        bentuk_usaha: String::new(),
        alamat: String::new(),
        lat: None,
        lon: None,
        tahun_berdiri: None,
        modal: None,
        omzet_tahunan: None,
        tk_l: None,
        tk_p: None,
        produk: String::new(),
        skala: skala.into(),
        skala_dilaporkan: String::new(),
        kanal: String::new(),
        izin: izin.into(),
        created_by: None,
        created_at: o.created_at,
        updated_at: o.updated_at,
        version: 1,
    }
}

pub fn names(rows: &[businesses::BusinessRow]) -> Vec<&str> {
    rows.iter().map(|r| r.nama_usaha.as_str()).collect()
}

pub async fn load(db: &berdaya_store::Db, owners: &[Owner], rows: &[Business]) {
    let mut tx = db.begin().await.unwrap();
    let claims: Vec<(&str, Uuid)> = owners.iter().map(|o| (o.nik.as_str(), o.id)).collect();
    bulk::claim_niks(&mut tx, &claims).await.unwrap();
    bulk::insert_owners(&mut tx, owners).await.unwrap();
    bulk::insert_businesses(&mut tx, rows).await.unwrap();
    tx.commit().await.unwrap();
}
