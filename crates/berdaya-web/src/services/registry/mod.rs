//! The registry of owners (pelaku usaha) and their businesses (usaha).

pub mod duplicates;
pub mod permits;
pub mod photos;
pub mod input;

use berdaya_core::Scope;
use berdaya_core::teks::search_key;
use berdaya_store::businesses::{self, Business, Snapshot};
use berdaya_store::owners::{self, Owner};
use berdaya_store::{Db, StoreError, Tx, audit, regions};
use serde::Serialize;
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use input::{BusinessFields, BusinessInput, OwnerFields, OwnerInput, parse_business, parse_owner};

/// An existing record that looks like the one being entered.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DupCandidate {
    pub owner_id: Uuid,
    pub nama: String,
    pub reason: String,
}

/// An edit made on a form opened before someone else's save.
pub const STALE_EDIT: &str = "Data ini sudah diubah orang lain sejak formulir dibuka. Buka ulang formulir, periksa perubahannya, lalu ulangi.";

fn today() -> chrono::NaiveDate {
    berdaya_store::now().date_naive()
}

fn json<T: Serialize>(v: &T) -> Result<serde_json::Value, ServiceError> {
    serde_json::to_value(v).map_err(|e| ServiceError::Other(e.into()))
}

/// The region must be in the current Kemendagri list (not retired) and lie in the actor's scope.
async fn check_region(db: &Db, actor: &Actor, f: &mut FieldErrors, field: &str, code: &berdaya_core::KodeWilayah) -> Result<(), ServiceError> {
    check_region_kept(db, actor, f, field, code, None).await
}

/// [`check_region`] on an edit: the region the record already has is accepted even if a newer
/// list retired it (the record stays editable; moving it to a retired code is refused).
async fn check_region_kept(
    db: &Db,
    actor: &Actor,
    f: &mut FieldErrors,
    field: &str,
    code: &berdaya_core::KodeWilayah,
    stored: Option<&str>,
) -> Result<(), ServiceError> {
    let unchanged = stored == Some(code.dotted().as_str());
    match regions::get(db, &code.dotted()).await? {
        None => f.add(field, "Kode wilayah tidak ada dalam daftar Kemendagri."),
        Some(r) if r.retired_version_id.is_some() && !unchanged => {
            f.add(field, "Kode wilayah ini sudah tidak berlaku (wilayah dimekarkan atau digabung); pilih kode yang baru.")
        }
        Some(_) => {}
    }
    if f.has(field) {
        return Ok(());
    }
    if !actor.scope.contains(code) {
        f.add(field, "Wilayah ini di luar wilayah kerja anda.");
    }
    Ok(())
}

async fn nik_kecamatan_warning(db: &Db, o: &mut OwnerFields) -> Result<(), ServiceError> {
    let kec = o.nik.kecamatan_code();
    if regions::get(db, &kec.dotted()).await?.is_none_or(|r| r.retired_version_id.is_some()) {
        o.warnings.push(format!(
            "Kecamatan NIK ({}) tidak ada dalam daftar wilayah saat ini (mungkin sudah dimekarkan).",
            kec.dotted()
        ));
    }
    Ok(())
}

/// Possible same person or business within the actor's scope.
/// `business` is the new business's name and its own desa (the owner's when it has none).
pub async fn probable_duplicates(db: &Db, scope: &Scope, o: &OwnerFields, business: Option<(&str, &str)>) -> Result<Vec<DupCandidate>, ServiceError> {
    let mut out: Vec<DupCandidate> = Vec::new();
    let phone = o.no_hp.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default();
    let name = search_key(&o.nama);
    let candidates = owners::candidates(db, scope, o.tanggal_lahir, &phone, &name, &o.region.dotted(), 200).await?;
    let entry = owners::MatchRow {
        id: Uuid::nil(),
        region: o.region.dotted(),
        nik: o.nik.as_str().to_string(),
        nama: o.nama.clone(),
        jenis_kelamin: String::new(),
        tanggal_lahir: o.tanggal_lahir,
        alamat: o.alamat.clone(),
        no_hp: phone.clone(),
    };
    let as_rows = candidates
        .iter()
        .filter(|c| c.nik != o.nik.as_str())
        .map(|c| owners::MatchRow {
            id: c.id,
            region: c.region.clone(),
            nik: c.nik.clone(),
            nama: c.nama.clone(),
            jenis_kelamin: c.jenis_kelamin.clone(),
            tanggal_lahir: c.tanggal_lahir,
            alamat: c.alamat.clone(),
            no_hp: c.no_hp.clone(),
        })
        .collect();
    let scored = duplicates::score_entry(db, &entry, as_rows).await?;
    for c in candidates {
        if c.nik == o.nik.as_str() {
            continue;
        }
        let mut reasons = Vec::new();
        if o.tanggal_lahir.is_some() && c.tanggal_lahir == o.tanggal_lahir && strsim::jaro_winkler(&c.nama_norm, &name) >= 0.88 {
            reasons.push("nama mirip dan tanggal lahir sama");
        }
        if !phone.is_empty() && c.no_hp == phone {
            reasons.push("nomor HP sama");
        }
        let mut reason = reasons.join(", ");
        if let Some((_, p)) = scored.iter().find(|(id, _)| *id == c.id) {
            let score = format!("skor pencocokan {:.0}%", p * 100.0);
            reason = if reason.is_empty() { score } else { format!("{reason}; {score}") };
        }
        if !reason.is_empty() {
            out.push(DupCandidate { owner_id: c.id, nama: c.nama, reason });
        }
    }
    if let Some((bn, desa)) = business.filter(|(b, _)| !b.trim().is_empty()) {
        for b in businesses::same_name_in_region(db, desa, &search_key(bn), 10).await? {
            if !out.iter().any(|d| d.owner_id == b.owner_id) {
                let owner = owners::get(db, scope, b.owner_id).await;
                if let Ok(owner) = owner {
                    out.push(DupCandidate { owner_id: owner.id, nama: owner.nama, reason: format!("usaha \"{}\" di desa yang sama", b.nama_usaha) });
                }
            }
        }
    }
    Ok(out)
}

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

/// A new owner (and first business) that passed every check, ready to be written.
#[derive(Debug, Clone)]
pub struct NewOwner {
    pub owner: Owner,
    pub business: Option<Business>,
    /// Probable duplicates the user chose to ignore (kept in the audit row).
    dups: Vec<DupCandidate>,
}

/// Register an owner, optionally with a first business.
pub async fn create_owner(db: &Db, actor: &Actor, input: &OwnerInput, business: Option<&BusinessInput>) -> Result<Owner, ServiceError> {
    let new = prepare_owner(db, actor, input, business).await?;
    let mut tx = db.begin().await?;
    if let Err(e) = insert_owner(&mut tx, actor, &new).await {
        tx.rollback().await?;
        return Err(e);
    }
    tx.commit().await?;
    Ok(new.owner)
}

/// The business's own address region as typed (a code, a suggestion "kode — nama", or a
/// desa/kecamatan name) resolved to a code inside the actor's scope.
async fn with_business_region(db: &Db, actor: &Actor, input: &BusinessInput) -> Result<BusinessInput, ServiceError> {
    let mut b = input.clone();
    if !b.kode_wilayah.trim().is_empty() {
        b.kode_wilayah = resolve_region_field(db, &actor.scope, &b.kode_wilayah, "kode_wilayah_usaha").await?;
    }
    Ok(b)
}

/// Every check of a new owner (fields, region, one owner per NIK, probable duplicates),
/// before anything is written.
pub async fn prepare_owner(db: &Db, actor: &Actor, input: &OwnerInput, business: Option<&BusinessInput>) -> Result<NewOwner, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let business = match business.filter(|b| !b.is_empty()) {
        Some(b) => Some(with_business_region(db, actor, b).await?),
        None => None,
    };
    let business = business.as_ref();
    let mut f = FieldErrors::default();
    let parsed = parse_owner(input, today(), &mut f);
    let biz = business.filter(|b| !b.is_empty()).map(|b| parse_business(b, today(), &mut f));
    if let Some(o) = &parsed {
        check_region(db, actor, &mut f, "kode_wilayah", &o.region).await?;
    }
    if let Some(r) = biz.as_ref().and_then(|b| b.region.clone()) {
        check_region(db, actor, &mut f, "kode_wilayah_usaha", &r).await?;
    }
    f.into_result()?;
    let Some(mut o) = parsed else { return Err(ServiceError::Invalid(FieldErrors::default())) };
    if let Some(existing) = owners::owner_for_nik(db, o.nik.as_str()).await? {
        let visible = owners::get(db, &actor.scope, existing).await.ok().map(|x| x.id);
        return Err(ServiceError::DuplicateNik { owner_id: visible });
    }
    nik_kecamatan_warning(db, &mut o).await?;
    let owner_desa = o.region.dotted();
    let biz_key = biz.as_ref().map(|b| (b.nama_usaha.as_str(), b.region.as_ref().map(|r| r.dotted()).unwrap_or_else(|| owner_desa.clone())));
    let dups = probable_duplicates(db, &actor.scope, &o, biz_key.as_ref().map(|(n, d)| (*n, d.as_str()))).await?;
    if !dups.is_empty() && !input.lanjutkan {
        return Err(ServiceError::ProbableDuplicates(dups));
    }
    let now = berdaya_store::now();
    let owner = owner_row(&o, berdaya_store::new_id(), actor, now);
    let business = biz.as_ref().map(|b| business_row(b, &owner, berdaya_store::new_id(), actor, now));
    Ok(NewOwner { owner, business, dups })
}

/// Write a prepared owner (and business, with its first snapshot) inside the caller's
/// transaction, audited. A NIK registered meanwhile is `DuplicateNik`; the caller rolls back.
pub async fn insert_owner(tx: &mut Tx, actor: &Actor, new: &NewOwner) -> Result<(), ServiceError> {
    let owner = &new.owner;
    match owners::insert(tx, owner).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => return Err(ServiceError::DuplicateNik { owner_id: None }),
        Err(e) => return Err(e.into()),
    }
    let mut e = actor.audit("create", "owner", owner.id, &owner.region);
    let mut after = json(owner)?;
    if !new.dups.is_empty() {
        after["duplikat_diabaikan"] = json(&new.dups)?;
    }
    e.after = Some(after);
    audit::record(tx, e).await?;
    if let Some(row) = &new.business {
        insert_business(tx, actor, row).await?;
    }
    Ok(())
}

/// Change an owner's data (version-checked, audited with before and after).
pub async fn update_owner(db: &Db, actor: &Actor, id: Uuid, input: &OwnerInput) -> Result<Owner, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let stored = owners::get(db, &actor.scope, id).await?.region;
    let mut f = FieldErrors::default();
    let parsed = parse_owner(input, today(), &mut f);
    if let Some(o) = &parsed {
        check_region_kept(db, actor, &mut f, "kode_wilayah", &o.region, Some(&stored)).await?;
    }
    f.into_result()?;
    let Some(mut o) = parsed else { return Err(ServiceError::Invalid(FieldErrors::default())) };
    nik_kecamatan_warning(db, &mut o).await?;
    let mut tx = db.begin().await?;
    let before = owners::get_for_update(&mut tx, &actor.scope, id).await?;
    if input.versi.is_some_and(|v| v != before.version) {
        tx.rollback().await?;
        return Err(ServiceError::Conflict(STALE_EDIT.into()));
    }
    let mut after = owner_row(&o, id, actor, berdaya_store::now());
    after.created_at = before.created_at;
    after.created_by = before.created_by;
    after.ektp_file_id = before.ektp_file_id;
    after.version = before.version + 1;
    match owners::update(&mut tx, &before, &after).await {
        Ok(()) => {}
        Err(StoreError::Conflict { constraint }) if constraint == "owner_nik" => {
            tx.rollback().await?;
            // Whose it is, linked when the actor may see that owner ("sudah terdaftar").
            let holder = owners::owner_for_nik(db, &after.nik).await?;
            let visible = match holder {
                Some(h) => owners::get(db, &actor.scope, h).await.ok().map(|x| x.id),
                None => None,
            };
            return Err(ServiceError::DuplicateNik { owner_id: visible });
        }
        Err(StoreError::Conflict { .. }) => {
            tx.rollback().await?;
            return Err(ServiceError::Conflict(STALE_EDIT.into()));
        }
        Err(e) => return Err(e.into()),
    }
    if before.nama_norm != after.nama_norm {
        businesses::set_owner_name(&mut tx, id, &after.nama_norm).await?;
    }
    let mut e = actor.audit("update", "owner", id, &after.region);
    e.before = Some(json(&before)?);
    e.after = Some(json(&after)?);
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(after)
}

/// Add a business to an owner in scope.
pub async fn add_business(db: &Db, actor: &Actor, owner_id: Uuid, input: &BusinessInput) -> Result<Business, ServiceError> {
    let row = prepare_business(db, actor, owner_id, input).await?;
    let mut tx = db.begin().await?;
    insert_business(&mut tx, actor, &row).await?;
    tx.commit().await?;
    Ok(row)
}

/// Every check of a new business for an owner in scope, before anything is written.
pub async fn prepare_business(db: &Db, actor: &Actor, owner_id: Uuid, input: &BusinessInput) -> Result<Business, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let owner = owners::get(db, &actor.scope, owner_id).await?;
    let input = &with_business_region(db, actor, input).await?;
    let mut f = FieldErrors::default();
    let b = parse_business(input, today(), &mut f);
    if let Some(r) = &b.region {
        check_region(db, actor, &mut f, "kode_wilayah_usaha", r).await?;
    }
    f.into_result()?;
    Ok(business_row(&b, &owner, berdaya_store::new_id(), actor, berdaya_store::now()))
}

/// Write a prepared business and its first snapshot inside the caller's transaction, audited.
pub async fn insert_business(tx: &mut Tx, actor: &Actor, row: &Business) -> Result<(), ServiceError> {
    businesses::insert(tx, row).await?;
    snapshot(tx, row, "input").await?;
    let mut e = actor.audit("create", "business", row.id, &row.region);
    e.after = Some(json(row)?);
    audit::record(tx, e).await?;
    Ok(())
}

/// Change a business; a change of figures adds a dated snapshot.
pub async fn update_business(db: &Db, actor: &Actor, id: Uuid, input: &BusinessInput) -> Result<Business, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let stored = businesses::get(db, &actor.scope, id).await?.region;
    let input = &with_business_region(db, actor, input).await?;
    let mut f = FieldErrors::default();
    let b = parse_business(input, today(), &mut f);
    if let Some(r) = &b.region {
        check_region_kept(db, actor, &mut f, "kode_wilayah_usaha", r, Some(&stored)).await?;
    }
    f.into_result()?;
    let mut tx = db.begin().await?;
    let before = businesses::get_for_update(&mut tx, &actor.scope, id).await?;
    if input.versi.is_some_and(|v| v != before.version) {
        tx.rollback().await?;
        return Err(ServiceError::Conflict(STALE_EDIT.into()));
    }
    let owner = owners::get_for_update(&mut tx, &actor.scope, before.owner_id).await?;
    let mut after = business_row(&b, &owner, id, actor, berdaya_store::now());
    after.created_at = before.created_at;
    after.created_by = before.created_by;
    after.version = before.version + 1;
    // Permits recorded separately stay.
    for code in before.izin.split(',').filter(|c| !c.is_empty() && *c != "nib") {
        after.izin.push_str(&format!(",{code},"));
    }
    after.izin = normalize_set(&after.izin);
    if let Err(e) = businesses::update(&mut tx, &before, &after).await {
        tx.rollback().await?;
        return Err(match e {
            StoreError::Conflict { .. } => ServiceError::Conflict(STALE_EDIT.into()),
            e => e.into(),
        });
    }
    let figures_changed = (before.modal, before.omzet_tahunan, before.tk_l, before.tk_p) != (after.modal, after.omzet_tahunan, after.tk_l, after.tk_p);
    if figures_changed {
        snapshot(&mut tx, &after, "input").await?;
    }
    let mut e = actor.audit("update", "business", id, &after.region);
    e.before = Some(json(&before)?);
    e.after = Some(json(&after)?);
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(after)
}

/// `,a,,b,a,` → `,a,b,`
pub fn normalize_set(s: &str) -> String {
    let mut items: Vec<&str> = s.split(',').filter(|c| !c.is_empty()).collect();
    items.sort_unstable();
    items.dedup();
    if items.is_empty() { String::new() } else { format!(",{},", items.join(",")) }
}

/// Read an owner with full personal data: allowed roles only, and audited.
pub async fn view_personal(db: &Db, actor: &Actor, id: Uuid) -> Result<Owner, ServiceError> {
    if !actor.role.sees_personal_data() {
        return Err(ServiceError::Forbidden);
    }
    let o = owners::get(db, &actor.scope, id).await?;
    audit::record_alone(db, actor.audit("view_personal", "owner", id, &o.region)).await?;
    Ok(o)
}

/// An address region typed as a code, or as a desa/kecamatan name resolved inside the scope.
pub async fn resolve_region_text(db: &Db, scope: &Scope, raw: &str) -> Result<String, ServiceError> {
    resolve_region_field(db, scope, raw, "kode_wilayah").await
}

/// [`resolve_region_text`] for a form field other than the owner's address region.
pub async fn resolve_region_field(db: &Db, scope: &Scope, raw: &str, field: &str) -> Result<String, ServiceError> {
    let raw = raw.trim();
    // "64.74.01.1001 — Bontang Baru, …" from the suggestion list: take the code.
    let head = raw.split([' ', '—']).next().unwrap_or("");
    if berdaya_core::KodeWilayah::parse(head).is_ok() {
        return Ok(head.to_string());
    }
    if raw.is_empty() || berdaya_core::KodeWilayah::parse(raw).is_ok() || raw.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Ok(raw.to_string());
    }
    let within = scope.root();
    let mut hits = regions::search(db, raw, within.as_deref(), Some("desakel"), 6).await?;
    if hits.is_empty() {
        hits = regions::search(db, raw, within.as_deref(), Some("kecamatan"), 6).await?;
    }
    let exact: Vec<_> = hits.iter().filter(|r| r.nama.eq_ignore_ascii_case(raw)).collect();
    match (exact.len(), hits.len()) {
        (1, _) => Ok(exact[0].kode.clone()),
        (_, 1) => Ok(hits[0].kode.clone()),
        (_, 0) => {
            let mut f = FieldErrors::default();
            f.add(field, format!("Wilayah \"{raw}\" tidak ditemukan di wilayah kerja anda."));
            Err(ServiceError::Invalid(f))
        }
        _ => {
            let mut f = FieldErrors::default();
            let options: Vec<String> = hits.iter().take(5).map(|r| format!("{} ({})", r.nama, r.kode)).collect();
            f.add(field, format!("Nama \"{raw}\" ada di beberapa wilayah; pilih kodenya: {}.", options.join(", ")));
            Err(ServiceError::Invalid(f))
        }
    }
}
