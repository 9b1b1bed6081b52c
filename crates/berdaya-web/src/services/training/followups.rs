//! Satisfaction evaluation and follow-ups 3, 6 and 12 months after a batch. A follow-up's
//! figures go to the registry: a calon wirausaha who started a business gets it registered
//! through the registry service; an existing business gets a dated `business_snapshots` row.

use berdaya_core::rupiah::Rupiah;
use berdaya_core::skala::SkalaUsaha;
use berdaya_store::training::followups::{self, Evaluation, FollowUp};
use berdaya_store::training::{batches, participants, rules};
use berdaya_store::{Db, businesses, owners};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{attendance, json, require_writer};
use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::services::registry::{self, input::BusinessInput};
use super::audit_change;

pub const MONTHS: [i32; 3] = [3, 6, 12];

/// Milestones a follow-up can record.
pub const MILESTONES: [(&str, &str); 7] = [
    ("nib", "NIB"),
    ("pirt", "PIRT"),
    ("halal", "sertifikat halal"),
    ("bpom", "BPOM"),
    ("qris", "QRIS"),
    ("marketplace", "berjualan di marketplace"),
    ("naik_kelas", "naik kelas"),
];

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EvaluationInput {
    /// 1–5 each.
    pub skor_materi: String,
    pub skor_narasumber: String,
    pub skor_tempat: String,
    pub saran: String,
}

fn scale_1_5(f: &mut FieldErrors, field: &str, v: &str) -> i32 {
    match v.trim().parse::<i32>() {
        Ok(n) if (1..=5).contains(&n) => n,
        _ => {
            f.add(field, "Pilih nilai 1–5.");
            0
        }
    }
}

/// Save (or replace) a participant's satisfaction form.
pub async fn evaluate(db: &Db, actor: &Actor, participant_id: Uuid, i: &EvaluationInput) -> Result<(), ServiceError> {
    require_writer(actor)?;
    let mut f = FieldErrors::default();
    let e = Evaluation {
        participant_id,
        batch_id: Uuid::nil(),
        region: String::new(),
        skor_materi: scale_1_5(&mut f, "skor_materi", &i.skor_materi),
        skor_narasumber: scale_1_5(&mut f, "skor_narasumber", &i.skor_narasumber),
        skor_tempat: scale_1_5(&mut f, "skor_tempat", &i.skor_tempat),
        saran: crate::services::text(&i.saran, 1000).unwrap_or_else(|m| {
            f.add("saran", m);
            String::new()
        }),
        created_at: berdaya_store::now(),
    };
    f.into_result()?;
    let mut tx = db.begin().await?;
    let p = participants::get_for_update(&mut tx, &actor.scope, participant_id).await?;
    let e = Evaluation { batch_id: p.batch_id, region: p.region.clone(), ..e };
    followups::save_evaluation(&mut tx, &e).await?;
    audit_change(&mut tx, actor.audit("evaluate", "training_participant", participant_id, &p.region), None, Some(json(&e)?)).await?;
    tx.commit().await?;
    Ok(())
}

/// A follow-up that is due.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Due {
    pub participant_id: Uuid,
    pub batch_id: Uuid,
    pub nama: String,
    pub angkatan: String,
    pub bulan: i32,
    pub jatuh_tempo: NaiveDate,
}

/// Follow-ups due by `today` for the completers of the batches this operator created.
pub async fn due(db: &Db, actor: &Actor, today: NaiveDate) -> Result<Vec<Due>, ServiceError> {
    let Some(user) = actor.user_id else { return Ok(vec![]) };
    let mut out = Vec::new();
    for b in batches::created_by(db, &actor.scope, user).await? {
        let sessions = batches::sessions(db, b.id).await?.len();
        let done: Vec<(Uuid, i32)> = followups::for_batch(db, b.id).await?.iter().map(|f| (f.participant_id, f.bulan)).collect();
        for r in participants::list(db, b.id).await? {
            if r.status != rules::SELECTED || !attendance::completed(&b, sessions, &r) {
                continue;
            }
            for m in MONTHS {
                let Some(when) = b.tanggal_selesai.checked_add_months(Months::new(m as u32)) else { continue };
                if when <= today && !done.contains(&(r.id, m)) {
                    out.push(Due { participant_id: r.id, batch_id: b.id, nama: r.nama.clone(), angkatan: b.nama.clone(), bulan: m, jatuh_tempo: when });
                }
            }
        }
    }
    out.sort_by_key(|d| (d.jatuh_tempo, d.nama.clone()));
    Ok(out)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct FollowUpInput {
    /// 3, 6 or 12.
    pub bulan: String,
    /// A calon wirausaha started a business: it is registered with `nama_usaha`.
    pub mulai_usaha: bool,
    pub nama_usaha: String,
    pub kbli: String,
    /// Turnover per month now ("Rp 4.500.000").
    pub omzet_bulanan: String,
    pub tk_l: String,
    pub tk_p: String,
    /// Milestone codes reached (nib, pirt, halal, bpom, qris, marketplace, naik_kelas).
    pub capaian: Vec<String>,
    pub catatan: String,
}

fn count(f: &mut FieldErrors, field: &str, v: &str) -> Option<i32> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<i32>() {
        Ok(n) if (0..=100_000).contains(&n) => Some(n),
        _ => {
            f.add(field, "Isi jumlah orang (bilangan bulat).");
            None
        }
    }
}

/// Record a follow-up; figures become a registry snapshot (or a new business).
pub async fn record(db: &Db, actor: &Actor, participant_id: Uuid, i: &FollowUpInput) -> Result<FollowUp, ServiceError> {
    require_writer(actor)?;
    let mut f = FieldErrors::default();
    let bulan = match i.bulan.trim().parse::<i32>() {
        Ok(m) if MONTHS.contains(&m) => m,
        _ => {
            f.add("bulan", "Pilih tindak lanjut 3, 6 atau 12 bulan.");
            0
        }
    };
    let omzet = if i.omzet_bulanan.trim().is_empty() {
        None
    } else {
        match Rupiah::parse(&i.omzet_bulanan) {
            Ok(r) => Some(r.amount()),
            Err(e) => {
                f.add("omzet_bulanan", format!("Omzet tidak valid: {e}."));
                None
            }
        }
    };
    let (tk_l, tk_p) = (count(&mut f, "tk_l", &i.tk_l), count(&mut f, "tk_p", &i.tk_p));
    for c in &i.capaian {
        if !MILESTONES.iter().any(|(k, _)| k == c) {
            f.add("capaian", "Capaian tidak dikenal.");
        }
    }
    let p = participants::get(db, &actor.scope, participant_id).await?;
    let owner = owners::get(db, &actor.scope, p.owner_id).await?;
    let existing = businesses::for_owner(db, owner.id).await?;
    if i.mulai_usaha && existing.is_empty() && i.nama_usaha.trim().is_empty() {
        f.add("nama_usaha", "Tulis nama usaha yang dimulai.");
    }
    f.into_result()?;
    if followups::for_batch(db, p.batch_id).await?.iter().any(|x| x.participant_id == p.id && x.bulan == bulan) {
        return Err(ServiceError::Conflict(format!("Tindak lanjut {bulan} bulan untuk peserta ini sudah dicatat.")));
    }
    // A new business goes through the registry service (its checks, audit and first
    // snapshot), written in the same transaction as the follow-up.
    let started = if i.mulai_usaha && existing.is_empty() {
        let input = BusinessInput {
            nama_usaha: i.nama_usaha.clone(),
            kbli: i.kbli.clone(),
            omzet: i.omzet_bulanan.clone(),
            periode_omzet: "bulan".into(),
            tk_l: i.tk_l.clone(),
            tk_p: i.tk_p.clone(),
            ..Default::default()
        };
        Some(registry::prepare_business(db, actor, owner.id, &input).await?)
    } else {
        None
    };
    // Only a business in the actor's scope gets the reported figures (a province may have
    // filed the owner's business in another kab/kota).
    let first_in_scope = existing.first().is_some_and(|b| berdaya_store::scope::region_in_scope(&actor.scope, &b.region));
    let mut tx = db.begin().await?;
    if let Some(b) = &started {
        registry::insert_business(&mut tx, actor, b).await?;
    }
    let business_id = match (&started, existing.first()) {
        (Some(b), _) => Some(b.id),
        (None, Some(b)) => {
            if first_in_scope && (omzet.is_some() || tk_l.is_some() || tk_p.is_some()) {
                let mut now = b.clone();
                now.omzet_tahunan = omzet.map(|m| m * 12).or(b.omzet_tahunan);
                now.tk_l = tk_l.or(b.tk_l);
                now.tk_p = tk_p.or(b.tk_p);
                now.skala = SkalaUsaha::compute(now.modal.map(Rupiah::new), now.omzet_tahunan.map(Rupiah::new)).map(|s| s.as_str().to_string()).unwrap_or_default();
                now.updated_at = berdaya_store::now();
                // The figures reported at the follow-up are the business's current ones: the
                // registry row (its list, scale and word index) changes with the snapshot.
                registry::write_business_row(&mut tx, b, &now).await?;
                now.version = b.version + 1;
                let sumber = format!("tindak_lanjut_{bulan}_bulan");
                registry::snapshot(&mut tx, &now, &sumber).await?;
                let mut e = actor.audit("update", "business", b.id, &b.region);
                e.before = serde_json::to_value(b).ok();
                e.after = serde_json::to_value(&now).ok().map(|mut v| {
                    v["sumber"] = serde_json::Value::String(sumber.clone());
                    v
                });
                berdaya_store::audit::record(&mut tx, e).await?;
            }
            Some(b.id)
        }
        (None, None) => None,
    };
    let mut capaian: Vec<&str> = i.capaian.iter().map(String::as_str).collect();
    capaian.sort_unstable();
    capaian.dedup();
    let row = FollowUp {
        id: berdaya_store::new_id(),
        participant_id: p.id,
        batch_id: p.batch_id,
        region: p.region.clone(),
        bulan,
        mulai_usaha: started.is_some(),
        business_id,
        omzet_bulanan: omzet,
        tenaga_kerja: match (tk_l, tk_p) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
        },
        capaian: if capaian.is_empty() { String::new() } else { format!(",{},", capaian.join(",")) },
        catatan: crate::services::text(&i.catatan, 1000).unwrap_or_default(),
        created_by: actor.user_id,
        created_at: berdaya_store::now(),
    };
    if let Err(e) = followups::insert(&mut tx, &row).await {
        tx.rollback().await?;
        return Err(if e.is_conflict() { ServiceError::Conflict(format!("Tindak lanjut {bulan} bulan untuk peserta ini sudah dicatat.")) } else { e.into() });
    }
    audit_change(&mut tx, actor.audit("follow_up", "training_participant", p.id, &p.region), None, Some(json(&row)?)).await?;
    tx.commit().await?;
    Ok(row)
}
