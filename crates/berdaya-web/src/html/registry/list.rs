use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use berdaya_core::Scope;
use berdaya_core::kbli::KategoriKbli;
use berdaya_store::businesses::{self, BusinessFilter};
use berdaya_store::regions;
use serde::Deserialize;
use uuid::Uuid;

use super::{Masker, rupiah, skala_label};
use crate::auth::Ctx;
use crate::error::{AppError, urlencode};
use crate::html::{Layout, render};
use crate::state::AppState;

const PAGE: i64 = 50;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ListQuery {
    pub q: String,
    pub wilayah: String,
    pub skala: String,
    pub sektor: String,
    pub izin: String,
    pub urut: String,
    pub setelah: String,
    /// "1": owners without a business yet (calon wirausaha, e.g. trainees) instead of businesses.
    pub calon: String,
}

pub struct Row {
    owner_id: String,
    nama_usaha: String,
    pemilik: String,
    nik: String,
    hp: String,
    sektor: String,
    skala: String,
    omzet: String,
    region: String,
}

#[derive(Template)]
#[template(path = "registry_list.html")]
struct ListPage {
    l: Layout,
    f: ListQuery,
    rows: Vec<Row>,
    region_options: Vec<(String, String)>,
    scales: Vec<(String, String)>,
    sectors: Vec<(String, String)>,
    permits: Vec<(String, String)>,
    can_write: bool,
    total_label: String,
    next_url: String,
    calon: bool,
    /// The same search among calon wirausaha (offered when no business matched).
    calon_url: String,
}

/// The regions the filter offers inside the scope, in tree order with "— " per level: for a
/// kab/kota every kecamatan and desa; above that the next level down, and below the region
/// chosen (and each region on the way to it) its children, so a province or ministry user
/// narrows down to a desa one level per "Terapkan".
async fn region_options(state: &AppState, scope: &Scope, chosen: &str) -> Result<Vec<(String, String)>, AppError> {
    let root = scope.root();
    if let Some(root) = root.as_deref().filter(|r| r.len() == 5) {
        let mut out = Vec::new();
        for r in regions::children(&state.db, root).await? {
            out.push((r.kode.clone(), r.nama.clone()));
            if r.tingkat == "kecamatan" {
                for d in regions::children(&state.db, &r.kode).await? {
                    out.push((d.kode, format!("— {}", d.nama)));
                }
            }
        }
        return Ok(out);
    }
    let chosen = chosen.trim();
    // Expand a node when the chosen code is it or lies below it.
    let on_path = |kode: &str| chosen == kode || chosen.starts_with(&format!("{kode}."));
    let top = match &root {
        Some(r) => regions::children(&state.db, r).await?,
        None => regions::children_of_root(&state.db).await?,
    };
    let mut out = Vec::new();
    let mut stack: Vec<(berdaya_store::regions::Region, usize)> = top.into_iter().rev().map(|r| (r, 0)).collect();
    while let Some((r, depth)) = stack.pop() {
        let expand = r.tingkat != "desakel" && on_path(&r.kode);
        out.push((r.kode.clone(), format!("{}{}", "— ".repeat(depth), r.nama)));
        if expand {
            for c in regions::children(&state.db, &r.kode).await?.into_iter().rev() {
                stack.push((c, depth + 1));
            }
        }
    }
    Ok(out)
}

/// The `setelah` cursor of the next page: the last row's sort key and id, `key|id`.
fn cursor(setelah: &str) -> Option<(String, Uuid)> {
    setelah.rsplit_once('|').and_then(|(k, id)| Uuid::parse_str(id).ok().map(|id| (k.to_string(), id)))
}

/// Calon wirausaha: registered owners without a business yet, in name order.
async fn candidates_page(state: &AppState, ctx: &Ctx, q: ListQuery) -> Result<Response, AppError> {
    let after = cursor(&q.setelah);
    let filter = berdaya_store::owners::OwnerFilter {
        region: Some(q.wilayah.clone()).filter(|w| !w.is_empty() && berdaya_core::KodeWilayah::parse(w).is_ok()),
        q: berdaya_store::owners::search_term(&q.q),
        without_business: true,
        after,
    };
    let mut owners = berdaya_store::owners::list(&state.db, &ctx.scope, &filter, PAGE + 1).await?;
    let has_next = owners.len() as i64 > PAGE;
    owners.truncate(PAGE as usize);
    let next_url = match (has_next, owners.last()) {
        (true, Some(last)) => format!(
            "/registri?calon=1&q={}&wilayah={}&setelah={}",
            urlencode(&q.q),
            urlencode(&q.wilayah),
            urlencode(&format!("{}|{}", last.nama_norm, last.id))
        ),
        _ => String::new(),
    };
    let masker = Masker { full: ctx.role.sees_personal_data() };
    let options = region_options(state, &ctx.scope, &q.wilayah).await?;
    let names: std::collections::HashMap<&str, &str> =
        options.iter().map(|(k, n)| (k.as_str(), n.trim_start_matches("— "))).collect();
    let rows: Vec<Row> = owners
        .into_iter()
        .map(|o| Row {
            owner_id: o.id.to_string(),
            nama_usaha: String::new(),
            nik: masker.nik(&o.nik),
            hp: masker.phone(&o.no_hp),
            sektor: String::new(),
            skala: String::new(),
            omzet: String::new(),
            region: names
                .get(o.region.as_str())
                .map(|n| n.to_string())
                .or_else(|| o.region.rsplit_once('.').and_then(|(kec, _)| names.get(kec).map(|n| n.to_string())))
                .unwrap_or(o.region),
            pemilik: o.nama,
        })
        .collect();
    let total_label = format!("Menampilkan {} calon wirausaha (pelaku usaha yang belum punya usaha).", rows.len());
    let page = ListPage {
        region_options: options,
        scales: vec![],
        sectors: vec![],
        permits: vec![],
        can_write: ctx.role.can_write_records(),
        l: Layout::new(ctx, "registri"),
        f: q,
        rows,
        total_label,
        next_url,
        calon: true,
        calon_url: String::new(),
    };
    render(&page)
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    if q.calon == "1" {
        return candidates_page(&state, &ctx, q).await;
    }
    let after = cursor(&q.setelah);
    let filter = BusinessFilter {
        region: Some(q.wilayah.clone()).filter(|w| !w.is_empty() && berdaya_core::KodeWilayah::parse(w).is_ok()),
        skala: Some(q.skala.clone()),
        sektor: Some(q.sektor.clone()),
        izin: Some(q.izin.clone()),
        q: Some(q.q.clone()),
        sort: q.urut.clone(),
        after,
    };
    let mut rows = businesses::list(&state.db, &ctx.scope, &filter, PAGE + 1).await?;
    let has_next = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let next_url = match (has_next, rows.last()) {
        (true, Some(last)) => {
            let key = if q.urut == "pemilik" { &last.owner_nama_norm } else { &last.nama_norm };
            format!(
                "/registri?q={}&wilayah={}&skala={}&sektor={}&izin={}&urut={}&setelah={}",
                urlencode(&q.q),
                urlencode(&q.wilayah),
                urlencode(&q.skala),
                urlencode(&q.sektor),
                urlencode(&q.izin),
                urlencode(&q.urut),
                urlencode(&format!("{key}|{}", last.id))
            )
        }
        _ => String::new(),
    };
    let masker = Masker { full: ctx.role.sees_personal_data() };
    let options = region_options(&state, &ctx.scope, &q.wilayah).await?;
    let names: std::collections::HashMap<&str, &str> =
        options.iter().map(|(k, n)| (k.as_str(), n.trim_start_matches("— "))).collect();
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|r| Row {
            owner_id: r.owner_id.to_string(),
            nik: masker.nik(&r.nik),
            hp: masker.phone(&r.no_hp),
            sektor: if r.kbli.is_empty() { r.sektor.clone() } else { format!("{} ({})", r.sektor, r.kbli) },
            skala: skala_label(&r.skala),
            omzet: rupiah(r.omzet_tahunan),
            nama_usaha: r.nama_usaha,
            pemilik: r.nama,
            region: names.get(r.region.as_str()).map(|n| n.to_string()).unwrap_or(r.region),
        })
        .collect();
    let total_label = if q.setelah.is_empty() && filter.q.as_deref().unwrap_or("").is_empty() && q.wilayah.is_empty() && q.skala.is_empty() && q.sektor.is_empty() && q.izin.is_empty() {
        format!("{} usaha terdaftar di wilayah kerja anda.", crate::html::ribuan(cached_count(&state, &ctx.scope).await?))
    } else {
        format!("Menampilkan {} usaha.", rows.len())
    };
    let (q_text, q_wilayah) = (q.q.clone(), q.wilayah.clone());
    let page = ListPage {
        region_options: options.clone(),
        scales: ["mikro", "kecil", "menengah", "besar"].iter().map(|s| (s.to_string(), skala_label(s))).collect(),
        sectors: KategoriKbli::all().iter().map(|k| (k.letter().to_string(), k.name().to_string())).collect(),
        permits: [("nib", "NIB"), ("pirt", "PIRT"), ("halal", "sertifikat halal"), ("bpom", "BPOM"), ("merek", "merek")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        can_write: ctx.role.can_write_records(),
        l: Layout::new(&ctx, "registri"),
        f: q,
        rows,
        total_label,
        calon_url: format!("/registri?calon=1&q={}&wilayah={}", urlencode(&q_text), urlencode(&q_wilayah)),
        next_url,
        calon: false,
    };
    render(&page)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExportForm {
    q: String,
    wilayah: String,
    skala: String,
    sektor: String,
    izin: String,
    format: String,
}

/// Export the current filter as a job; the job page offers the file.
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::auth::CsrfForm(f): crate::auth::CsrfForm<ExportForm>,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    let filter = crate::services::export::ExportFilter { q: f.q, region: f.wilayah, skala: f.skala, sektor: f.sektor, izin: f.izin };
    let id = crate::services::export::queue(&state.db, &crate::services::Actor::from(&ctx), filter, &f.format).await?;
    Ok(axum::response::Redirect::to(&format!("/tugas/{id}")).into_response())
}

/// The number of businesses in a scope, counted at most once a minute per scope: counting a
/// million rows on every visit of the list would cost more than the page itself.
async fn cached_count(state: &AppState, scope: &berdaya_core::Scope) -> Result<i64, AppError> {
    use std::time::{Duration, Instant};
    let key = format!("businesses:{}", scope.root().unwrap_or_default());
    let fresh = state
        .counts
        .lock()
        .ok()
        .and_then(|m| m.get(&key).filter(|(at, _)| at.elapsed() < Duration::from_secs(60)).map(|(_, n)| *n));
    if let Some(n) = fresh {
        return Ok(n);
    }
    let n = businesses::count(&state.db, scope).await?;
    if let Ok(mut m) = state.counts.lock() {
        m.insert(key, (Instant::now(), n));
    }
    Ok(n)
}
