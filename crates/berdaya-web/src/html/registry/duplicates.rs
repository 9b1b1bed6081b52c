//! The duplicate review queue: list of probable duplicate owners, a side-by-side page with
//! the engine's explanation, and the merge / "bukan duplikat" decisions.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use berdaya_core::tanggal::fmt_panjang;
use berdaya_match::Explanation;
use berdaya_store::duplicates;
use berdaya_store::owners::{self, Owner};
use berdaya_store::{StoreError, businesses};
use serde::Deserialize;
use uuid::Uuid;

use super::Masker;
use crate::auth::{Ctx, CsrfForm};
use crate::error::AppError;
use crate::html::{Layout, render};
use crate::services::Actor;
use crate::services::registry::duplicates::{self as svc, Keep};
use crate::state::AppState;

pub struct PairRow {
    id: String,
    nama_a: String,
    nama_b: String,
    probability: String,
    region: String,
}

#[derive(Template)]
#[template(path = "registry_duplicates.html")]
struct QueuePage {
    l: Layout,
    rows: Vec<PairRow>,
    counts: Vec<(String, i64)>,
    can_write: bool,
}

fn status_label(s: &str) -> &'static str {
    match s {
        duplicates::STATUS_NEW => "Menunggu tinjauan",
        duplicates::STATUS_MERGED => "Digabung",
        duplicates::STATUS_NOT_DUPLICATE => "Bukan duplikat",
        _ => "Lainnya",
    }
}

async fn owner_name(state: &AppState, ctx: &Ctx, id: Uuid) -> Result<String, AppError> {
    match owners::get(&state.db, &ctx.scope, id).await {
        Ok(o) => Ok(o.nama),
        Err(StoreError::NotFound) => Ok("(di luar wilayah Anda)".into()),
        Err(e) => Err(e.into()),
    }
}

pub async fn queue(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let pairs = svc::open_pairs(&state.db, &ctx.scope, 200).await?;
    let mut rows = Vec::with_capacity(pairs.len());
    for p in pairs {
        rows.push(PairRow {
            id: p.id.to_string(),
            nama_a: owner_name(&state, &ctx, p.owner_a).await?,
            nama_b: owner_name(&state, &ctx, p.owner_b).await?,
            probability: format!("{:.0}%", p.probability * 100.0),
            region: p.region,
        });
    }
    let counts =
        duplicates::counts(&state.db, &ctx.scope).await?.into_iter().map(|(s, n)| (status_label(&s).to_string(), n)).collect();
    render(&QueuePage { l: Layout::new(&ctx, "registri"), rows, counts, can_write: ctx.role.can_write_records() })
}

pub async fn scan(State(state): State<AppState>, ctx: Ctx, CsrfForm(_): CsrfForm<std::collections::HashMap<String, String>>) -> Result<Response, AppError> {
    let id = svc::queue_scan(&state.db, &Actor::from(&ctx)).await?;
    Ok(Redirect::to(&format!("/tugas/{id}")).into_response())
}

/// One side of the comparison.
pub struct Side {
    id: String,
    nama: String,
    nik: String,
    jenis_kelamin: String,
    ttl: String,
    alamat: String,
    region: String,
    hp: String,
    usaha: String,
    terdaftar: String,
}

pub struct Line {
    label: String,
    level: String,
    weight: String,
    positive: bool,
}

#[derive(Template)]
#[template(path = "registry_duplicate_pair.html")]
struct PairPage {
    l: Layout,
    id: String,
    a: Side,
    b: Side,
    lines: Vec<Line>,
    total: String,
    probability: String,
    status: String,
    open: bool,
    note: String,
    can_write: bool,
}

async fn side(state: &AppState, m: &Masker, l: &Layout, o: &Owner) -> Result<Side, AppError> {
    let usaha: Vec<String> = businesses::for_owner(&state.db, o.id).await?.into_iter().map(|b| b.nama_usaha).collect();
    Ok(Side {
        id: o.id.to_string(),
        nama: o.nama.clone(),
        nik: m.nik(&o.nik),
        jenis_kelamin: o.jenis_kelamin.clone(),
        ttl: format!("{} {}", o.tempat_lahir, o.tanggal_lahir.map(fmt_panjang).unwrap_or_else(|| "–".into())),
        alamat: format!("{} {}", m.address(&o.alamat), o.rt_rw),
        region: o.region.clone(),
        hp: m.phone(&o.no_hp),
        usaha: if usaha.is_empty() { "– (calon wirausaha)".into() } else { usaha.join(", ") },
        terdaftar: l.time(&o.created_at),
    })
}

fn comparison_label(name: &str) -> &str {
    match name {
        "name" => "Nama",
        "dob" => "Tanggal lahir",
        "nik" => "NIK",
        "phone" => "Nomor HP",
        "address" => "Alamat",
        "region" => "Wilayah",
        other => other,
    }
}

fn level_label(label: &str) -> String {
    match label {
        "missing" => "tidak ada data".into(),
        "exact" => "sama persis".into(),
        "different" => "berbeda".into(),
        "swapped or reordered" => "urutan kata tertukar".into(),
        "day and month swapped" => "tanggal dan bulan tertukar".into(),
        "one digit off" => "beda satu angka".into(),
        "same year" => "tahun sama".into(),
        "two digits swapped" => "dua angka tertukar".into(),
        "one digit missing or two off" => "kurang satu angka / beda dua angka".into(),
        "one digit off or swapped" => "beda atau tertukar satu angka".into(),
        "same last 7 digits" => "7 angka terakhir sama".into(),
        "same kecamatan" => "kecamatan sama".into(),
        "same kabupaten/kota" => "kabupaten/kota sama".into(),
        other => other.replace("jaro-winkler", "kemiripan").replace("token overlap", "kata yang sama").replace(" or contained", " atau termuat"),
    }
}

pub async fn pair(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    let p = duplicates::get(&state.db, &ctx.scope, id).await?;
    let (a, b) = (owners::get(&state.db, &ctx.scope, p.owner_a).await?, owners::get(&state.db, &ctx.scope, p.owner_b).await?);
    let l = Layout::new(&ctx, "registri");
    // Side by side is a full-record view: masked unless the role sees personal data, and then audited.
    let m = Masker { full: ctx.role.sees_personal_data() };
    if m.full {
        let actor = Actor::from(&ctx);
        crate::services::registry::view_personal(&state.db, &actor, a.id).await?;
        crate::services::registry::view_personal(&state.db, &actor, b.id).await?;
    }
    let ex: Option<Explanation> = serde_json::from_str(&p.explanation).ok();
    let lines = ex
        .as_ref()
        .map(|e| {
            e.contributions
                .iter()
                .map(|c| {
                    let w = c.weight + c.tf_adjustment;
                    Line { label: comparison_label(&c.comparison).into(), level: level_label(&c.label), weight: format!("{w:+.1}"), positive: w > 0.0 }
                })
                .collect()
        })
        .unwrap_or_default();
    let page = PairPage {
        id: p.id.to_string(),
        a: side(&state, &m, &l, &a).await?,
        b: side(&state, &m, &l, &b).await?,
        lines,
        total: format!("{:.1}", p.weight),
        probability: format!("{:.0}%", p.probability * 100.0),
        status: status_label(&p.status).into(),
        open: p.status == duplicates::STATUS_NEW,
        note: p.note,
        can_write: ctx.role.can_write_records(),
        l,
    };
    render(&page)
}

#[derive(Deserialize)]
pub struct MergeForm {
    keep: String,
    #[serde(default)]
    note: String,
}

pub async fn merge(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<MergeForm>) -> Result<Response, AppError> {
    let keep = match f.keep.as_str() {
        "a" => Keep::A,
        "b" => Keep::B,
        _ => return Err(AppError::BadRequest("Pilih data yang dipertahankan.".into())),
    };
    let survivor = svc::merge(&state.db, &Actor::from(&ctx), id, keep, &f.note).await?;
    Ok(Redirect::to(&format!("/registri/pelaku/{survivor}")).into_response())
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
}

pub async fn not_duplicate(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, CsrfForm(f): CsrfForm<NoteForm>) -> Result<Response, AppError> {
    svc::not_duplicate(&state.db, &Actor::from(&ctx), id, &f.note).await?;
    Ok(Redirect::to("/registri/duplikat").into_response())
}
