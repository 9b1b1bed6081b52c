//! Complaints (pengaduan): public submission and tracking (`public`), staff handling
//! (respond, status, assign, escalate, reopen), SLA deadlines and the escalation job (`sla`).
//! Every change writes the complaint, its event and the audit row in one transaction.

pub mod public;
pub mod rules;
pub mod sla;

use berdaya_core::Role;
use berdaya_store::complaints::{self, Complaint, Event, Status, status_label};
use berdaya_store::scope::region_in_scope;
use berdaya_store::{Db, StoreError, Tx, agencies, audit, users};
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::{Actor, text};

pub use rules::{SlaDays, display_code};

const ENTITY: &str = "complaint";

/// May `actor` handle (reply, change status, assign, escalate) this complaint? Only admins
/// and operators of the agency handling it now, or of an agency above that one.
pub fn can_act(actor: &Actor, c: &Complaint) -> bool {
    actor.role.can_write_records() && region_in_scope(&actor.scope, &c.handling_region)
}

fn require_act(actor: &Actor, c: &Complaint) -> Result<(), ServiceError> {
    if can_act(actor, c) { Ok(()) } else { Err(ServiceError::Forbidden) }
}

fn invalid(field: &str, msg: impl Into<String>) -> ServiceError {
    let mut f = FieldErrors::default();
    f.add(field, msg);
    ServiceError::Invalid(f)
}

fn conflict(e: StoreError) -> ServiceError {
    if e.is_conflict() {
        ServiceError::Conflict("Pengaduan ini baru saja diubah orang lain. Muat ulang halaman lalu ulangi.".into())
    } else {
        e.into()
    }
}

/// What an audit row keeps of a complaint: its handling, never the reporter's data.
fn summary(c: &Complaint) -> serde_json::Value {
    serde_json::json!({
        "code": c.code, "status": c.status, "category": c.category, "agency_id": c.agency_id,
        "handling_region": c.handling_region, "escalation_level": c.escalation_level,
        "assigned_to": c.assigned_to, "due_at": c.due_at,
    })
}

pub(crate) fn event(c: &Complaint, kind: &str, public: bool, body: &str, agency_name: &str, actor: &Actor) -> Event {
    Event {
        id: berdaya_store::new_id(),
        complaint_id: c.id,
        region: c.region.clone(),
        at: berdaya_store::now(),
        kind: kind.into(),
        public,
        from_status: String::new(),
        to_status: String::new(),
        body: body.into(),
        agency_name: agency_name.into(),
        actor_id: actor.user_id,
        actor_name: actor.username.clone(),
    }
}

/// Write `after` over `before`, its events and one audit row, in `tx`; then schedule the
/// deadline check for the new deadline.
pub(crate) async fn apply(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    before: &Complaint,
    after: &Complaint,
    events: &[Event],
) -> Result<(), ServiceError> {
    complaints::update(tx, before, after).await.map_err(conflict)?;
    for e in events {
        complaints::insert_event(tx, e).await?;
    }
    let mut a = actor.audit(action, ENTITY, after.id, &after.region);
    a.before = Some(summary(before));
    a.after = Some(summary(after));
    audit::record(tx, a).await?;
    if after.due_at != before.due_at {
        sla::schedule_check(tx, after.due_at).await?;
    }
    Ok(())
}

async fn agency_name(db: &Db, id: Uuid) -> Result<String, ServiceError> {
    Ok(agencies::get_unscoped(db, id).await?.name)
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ResponseInput {
    #[serde(default)]
    pub text: String,
    /// true: a reply the reporter sees on the tracking page; false: an internal note.
    #[serde(default)]
    pub public: bool,
}

/// A public reply or an internal note. The first public reply to a new complaint puts it in
/// "diproses" (the first response the SLA counts).
pub async fn respond(db: &Db, actor: &Actor, id: Uuid, input: &ResponseInput) -> Result<Complaint, ServiceError> {
    let body = text(&input.text, 4000).map_err(|m| invalid("text", m))?;
    if body.is_empty() {
        return Err(invalid("text", if input.public { "Isi tanggapan wajib diisi." } else { "Isi catatan wajib diisi." }));
    }
    let sla = sla::load(db).await?;
    let mut tx = db.begin().await?;
    let before = complaints::get_for_update(&mut tx, &actor.scope, id).await?;
    require_act(actor, &before)?;
    let status = Status::parse(&before.status).unwrap_or(Status::Baru);
    if input.public && !status.is_open() {
        return Err(invalid("text", "Pengaduan sudah ditutup. Buka kembali dulu untuk mengirim tanggapan."));
    }
    let agency = agency_name(db, before.agency_id).await?;
    let now = berdaya_store::now();
    let mut after = Complaint { updated_at: now, ..before.clone() };
    let mut events = vec![event(&before, if input.public { "reply" } else { "note" }, input.public, &body, &agency, actor)];
    if input.public {
        after.first_response_at = before.first_response_at.or(Some(now));
        if status == Status::Baru {
            after.status = Status::Diproses.as_str().into();
            after.due_at = sla.due(Status::Diproses, now, &before.region);
            let mut e = event(&before, "status", true, "", &agency, actor);
            e.from_status = before.status.clone();
            e.to_status = after.status.clone();
            events.push(e);
        }
    }
    apply(&mut tx, actor, if input.public { "reply" } else { "note" }, &before, &after, &events).await?;
    tx.commit().await?;
    Ok(after)
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct StatusInput {
    /// diproses, menunggu_pelapor, selesai or ditolak.
    #[serde(default)]
    pub status: String,
    /// Shown to the reporter; required for selesai (what was done) and ditolak (why).
    #[serde(default)]
    pub reason: String,
}

/// Move a complaint to another status (see [`rules::check_transition`]).
pub async fn change_status(db: &Db, actor: &Actor, id: Uuid, input: &StatusInput) -> Result<Complaint, ServiceError> {
    let to = Status::parse(&input.status).ok_or_else(|| invalid("status", "Pilih status yang baru."))?;
    let reason = text(&input.reason, 2000).map_err(|m| invalid("reason", m))?;
    match to {
        Status::Ditolak if reason.is_empty() => return Err(invalid("reason", "Alasan penolakan wajib diisi; pelapor akan membacanya.")),
        Status::Selesai if reason.is_empty() => return Err(invalid("reason", "Tuliskan penyelesaiannya; pelapor akan membacanya.")),
        _ => {}
    }
    let sla = sla::load(db).await?;
    let mut tx = db.begin().await?;
    let before = complaints::get_for_update(&mut tx, &actor.scope, id).await?;
    require_act(actor, &before)?;
    let from = Status::parse(&before.status).unwrap_or(Status::Baru);
    rules::check_transition(from, to).map_err(|m| invalid("status", m))?;
    let agency = agency_name(db, before.agency_id).await?;
    let now = berdaya_store::now();
    let after = Complaint {
        status: to.as_str().into(),
        due_at: sla.due(to, now, &before.region),
        first_response_at: before.first_response_at.or(Some(now)),
        closed_at: if to.is_open() { None } else { Some(now) },
        updated_at: now,
        ..before.clone()
    };
    let mut e = event(&before, "status", true, &reason, &agency, actor);
    e.from_status = before.status.clone();
    e.to_status = after.status.clone();
    apply(&mut tx, actor, "status", &before, &after, &[e]).await?;
    tx.commit().await?;
    Ok(after)
}

/// Open a closed complaint again (to "diproses"), with a reason the reporter sees.
pub async fn reopen(db: &Db, actor: &Actor, id: Uuid, reason: &str) -> Result<Complaint, ServiceError> {
    let reason = text(reason, 2000).map_err(|m| invalid("reason", m))?;
    if reason.is_empty() {
        return Err(invalid("reason", "Alasan membuka kembali wajib diisi."));
    }
    let sla = sla::load(db).await?;
    let mut tx = db.begin().await?;
    let before = complaints::get_for_update(&mut tx, &actor.scope, id).await?;
    require_act(actor, &before)?;
    if before.is_open() {
        return Err(invalid("reason", "Pengaduan ini masih terbuka."));
    }
    let agency = agency_name(db, before.agency_id).await?;
    let now = berdaya_store::now();
    let after = Complaint {
        status: Status::Diproses.as_str().into(),
        due_at: sla.due(Status::Diproses, now, &before.region),
        closed_at: None,
        updated_at: now,
        ..before.clone()
    };
    let mut e = event(&before, "reopen", true, &reason, &agency, actor);
    e.from_status = before.status.clone();
    e.to_status = after.status.clone();
    apply(&mut tx, actor, "reopen", &before, &after, &[e]).await?;
    tx.commit().await?;
    Ok(after)
}

/// Give the complaint to one admin/operator of the agency handling it (or to nobody).
pub async fn assign(db: &Db, actor: &Actor, id: Uuid, user_id: Option<Uuid>) -> Result<Complaint, ServiceError> {
    let mut tx = db.begin().await?;
    let before = complaints::get_for_update(&mut tx, &actor.scope, id).await?;
    require_act(actor, &before)?;
    let label = match user_id {
        Some(uid) => {
            let u = users::get(db, &actor.scope, uid).await.map_err(|_| invalid("user_id", "Petugas tidak ditemukan."))?;
            let role = Role::parse(&u.role);
            if u.agency_id != before.agency_id || !u.active || !role.is_some_and(|r| r.can_write_records()) {
                return Err(invalid("user_id", "Petugas harus admin atau operator aktif dari dinas yang menangani pengaduan ini."));
            }
            format!("Ditugaskan kepada {}", u.full_name)
        }
        None => "Penugasan dilepas".to_string(),
    };
    let agency = agency_name(db, before.agency_id).await?;
    let after = Complaint { assigned_to: user_id, updated_at: berdaya_store::now(), ..before.clone() };
    let e = event(&before, "assign", false, &label, &agency, actor);
    apply(&mut tx, actor, "assign", &before, &after, &[e]).await?;
    tx.commit().await?;
    Ok(after)
}

/// Hand the complaint to the agency one level up (kota → provinsi → nasional). `reason` is
/// kept as an internal note; the reporter sees which agency handles it now.
pub async fn escalate(db: &Db, actor: &Actor, id: Uuid, reason: &str) -> Result<Complaint, ServiceError> {
    let reason = text(reason, 2000).map_err(|m| invalid("reason", m))?;
    if reason.is_empty() {
        return Err(invalid("reason", "Alasan eskalasi wajib diisi."));
    }
    let sla = sla::load(db).await?;
    let mut tx = db.begin().await?;
    let before = complaints::get_for_update(&mut tx, &actor.scope, id).await?;
    require_act(actor, &before)?;
    if !before.is_open() {
        return Err(invalid("reason", "Pengaduan yang sudah ditutup tidak dapat dieskalasi."));
    }
    let after = escalate_in(&mut tx, db, actor, &before, &sla, &reason, "escalate").await?;
    tx.commit().await?;
    Ok(after)
}

/// The escalation itself, shared by operators and the SLA job.
pub(crate) async fn escalate_in(
    tx: &mut Tx,
    db: &Db,
    actor: &Actor,
    before: &Complaint,
    sla: &SlaDays,
    reason: &str,
    action: &str,
) -> Result<Complaint, ServiceError> {
    let parent = complaints::parent_agency(db, &before.handling_region)
        .await?
        .ok_or_else(|| invalid("reason", "Tidak ada dinas di atas dinas yang menangani pengaduan ini."))?;
    let now = berdaya_store::now();
    let after = Complaint {
        agency_id: parent.id,
        handling_region: parent.region.clone(),
        escalation_level: before.escalation_level + 1,
        status: Status::Baru.as_str().into(),
        assigned_to: None,
        due_at: sla.due(Status::Baru, now, &before.region),
        updated_at: now,
        ..before.clone()
    };
    let from_agency = agency_name(db, before.agency_id).await?;
    let mut public = event(before, "escalate", true, "", &parent.name, actor);
    public.from_status = before.status.clone();
    public.to_status = after.status.clone();
    let note = event(before, "note", false, reason, &from_agency, actor);
    apply(tx, actor, action, before, &after, &[public, note]).await?;
    Ok(after)
}

/// The complaint with the reporter's contact and NIK unmasked, for roles that may see
/// personal data; the reading is audited.
pub async fn view_personal(db: &Db, actor: &Actor, id: Uuid) -> Result<Complaint, ServiceError> {
    if !actor.role.sees_personal_data() {
        return Err(ServiceError::Forbidden);
    }
    let c = complaints::get(db, &actor.scope, id).await?;
    audit::record_alone(db, actor.audit("view_personal", ENTITY, c.id, &c.region)).await?;
    Ok(c)
}

/// How a role sees the reporter: full only for roles that see personal data and asked for it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ReporterView {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub nik: String,
    pub masked: bool,
}

pub fn reporter_view(c: &Complaint, full: bool) -> ReporterView {
    use berdaya_core::mask::{mask_email, mask_middle};
    let phone = if full || c.reporter_phone.is_empty() {
        berdaya_core::NoHp::parse(&c.reporter_phone).map(|p| p.national()).unwrap_or_else(|_| c.reporter_phone.clone())
    } else {
        berdaya_core::NoHp::parse(&c.reporter_phone).map(|p| p.masked()).unwrap_or_else(|_| mask_middle(&c.reporter_phone, 3, 2))
    };
    ReporterView {
        name: if c.reporter_name.is_empty() { "Anonim".into() } else { c.reporter_name.clone() },
        phone,
        email: if full || c.reporter_email.is_empty() { c.reporter_email.clone() } else { mask_email(&c.reporter_email) },
        nik: if full || c.reporter_nik.is_empty() { c.reporter_nik.clone() } else { mask_middle(&c.reporter_nik, 4, 2) },
        masked: !full,
    }
}

/// One line of history as the reporter and staff read it.
pub fn event_title(e: &Event) -> String {
    match e.kind.as_str() {
        "submitted" => format!("Pengaduan diterima dan diteruskan ke {}", e.agency_name),
        "status" => format!("Status menjadi \"{}\"", status_label(&e.to_status)),
        "reply" => format!("Tanggapan {}", e.agency_name),
        "escalate" => format!("Diteruskan ke {} (eskalasi)", e.agency_name),
        "reopen" => "Pengaduan dibuka kembali".to_string(),
        "note" => "Catatan internal".to_string(),
        "assign" => "Penugasan".to_string(),
        other => other.to_string(),
    }
}
