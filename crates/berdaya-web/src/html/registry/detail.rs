use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use berdaya_core::KodeWilayah;
use berdaya_core::tanggal::fmt_dmy;
use berdaya_store::audit::{self, AuditFilter};
use berdaya_store::owners::Owner;
use berdaya_store::{businesses, owners, regions};
use serde::Deserialize;
use uuid::Uuid;

use super::{Masker, rupiah, skala_label};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::html::{Layout, render};
use crate::services::Actor;
use crate::services::registry;
use crate::state::AppState;

pub struct BizView {
    id: String,
    nama: String,
    skala: String,
    skala_dilaporkan: String,
    sektor: String,
    nib: String,
    modal: String,
    omzet: String,
    tk: String,
    kanal: String,
    produk: String,
    history: Vec<(String, String, String, String, String, String)>,
    /// Permits: kind, number, issued, valid until.
    permits: Vec<(String, String, String, String)>,
    /// Photos: id, caption.
    photos: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "owner_detail.html")]
struct DetailPage {
    l: Layout,
    o: Owner,
    nik: String,
    no_kk: String,
    jenis_kelamin: String,
    ttl: String,
    alamat: String,
    hp: String,
    email: String,
    disabilitas: String,
    region_path: String,
    warnings: Vec<String>,
    businesses: Vec<BizView>,
    history: Vec<(String, String, String, String)>,
    can_reveal: bool,
    revealed: bool,
    can_write: bool,
    has_ektp: bool,
    pesan: String,
    /// Records merged into this one: when, and the merged record's name.
    merged: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct DetailQuery {
    lengkap: Option<String>,
    pesan: Option<String>,
}

fn kanal_label(k: &str) -> String {
    let names: Vec<&str> = k
        .split(',')
        .filter_map(|c| match c {
            "offline" => Some("toko/lapak"),
            "marketplace" => Some("marketplace"),
            "sosmed" => Some("media sosial"),
            "qris" => Some("QRIS"),
            _ => None,
        })
        .collect();
    if names.is_empty() { "–".into() } else { names.join(", ") }
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<Uuid>, Query(q): Query<DetailQuery>) -> Result<Response, AppError> {
    let revealed = q.lengkap.is_some() && ctx.role.sees_personal_data();
    let o = if revealed {
        registry::view_personal(&state.db, &Actor::from(&ctx), id).await?
    } else {
        owners::get(&state.db, &ctx.scope, id).await?
    };
    if let Some(survivor) = berdaya_store::duplicates::merged_into(&state.db, o.id).await? {
        return Ok(axum::response::Redirect::to(&format!("/registri/pelaku/{survivor}")).into_response());
    }
    let m = Masker { full: revealed };
    let l = Layout::new(&ctx, "registri");
    let region_path = match KodeWilayah::parse(&o.region) {
        Ok(k) => regions::path_names(&state.db, &k).await?.into_iter().map(|(_, n)| n).rev().collect::<Vec<_>>().join(", "),
        Err(_) => o.region.clone(),
    };
    let mut views = Vec::new();
    let mut entity_ids = vec![("owner", o.id.to_string())];
    for b in businesses::for_owner(&state.db, o.id).await? {
        entity_ids.push(("business", b.id.to_string()));
        let history = businesses::snapshots(&state.db, b.id)
            .await?
            .into_iter()
            .map(|s| {
                let tk = s.tk_l.unwrap_or(0) + s.tk_p.unwrap_or(0);
                (fmt_dmy(s.tanggal), rupiah(s.omzet_tahunan), rupiah(s.modal), tk.to_string(), skala_label(&s.skala), s.sumber)
            })
            .collect();
        let permits = businesses::permits(&state.db, b.id)
            .await?
            .into_iter()
            .map(|p| {
                let d = |v: Option<chrono::NaiveDate>| v.map(fmt_dmy).unwrap_or_else(|| "–".into());
                (crate::services::registry::permits::label(&p.jenis).to_string(), p.nomor, d(p.tanggal_terbit), d(p.berlaku_sampai))
            })
            .collect();
        let kategori = berdaya_core::kbli::KategoriKbli::from_letter(b.sektor.chars().next().unwrap_or(' '));
        views.push(BizView {
            id: b.id.to_string(),
            nama: b.nama_usaha.clone(),
            skala: skala_label(&b.skala),
            skala_dilaporkan: if b.skala_dilaporkan.is_empty() { String::new() } else { skala_label(&b.skala_dilaporkan) },
            sektor: match (kategori, b.kbli.is_empty()) {
                (Some(k), false) => format!("{} — {} (KBLI {})", k.letter(), k.name(), b.kbli),
                (Some(k), true) => format!("{} — {}", k.letter(), k.name()),
                _ => "–".into(),
            },
            nib: if b.nib.is_empty() { "–".into() } else { b.nib.clone() },
            modal: rupiah(b.modal),
            omzet: rupiah(b.omzet_tahunan),
            tk: format!("{} laki-laki, {} perempuan", b.tk_l.unwrap_or(0), b.tk_p.unwrap_or(0)),
            kanal: kanal_label(&b.kanal),
            produk: if b.produk.is_empty() { "–".into() } else { b.produk.clone() },
            history,
            permits,
            photos: berdaya_store::business_photos::for_business(&state.db, b.id)
                .await?
                .into_iter()
                .map(|p| (p.id.to_string(), p.keterangan))
                .collect(),
        });
    }
    let mut history = Vec::new();
    if ctx.role.can_read_audit() || ctx.role.can_write_records() {
        for (t, eid) in &entity_ids {
            let f = AuditFilter { entity_type: Some((*t).into()), entity_id: Some(eid.clone()), ..Default::default() };
            for r in audit::list(&state.db, &ctx.scope, &f, 50).await? {
                history.push((r.seq, l.time(&r.at), r.actor_name, r.action, t.to_string()));
            }
        }
    }
    history.sort_by_key(|h| std::cmp::Reverse(h.0));
    let merged = berdaya_store::duplicates::merges_into(&state.db, o.id)
        .await?
        .into_iter()
        .map(|mg| {
            let name = serde_json::from_str::<serde_json::Value>(&mg.merged_record)
                .ok()
                .and_then(|v| v["nama"].as_str().map(str::to_string))
                .unwrap_or_default();
            (l.time(&mg.merged_at), name)
        })
        .collect();
    let page = DetailPage {
        nik: m.nik(&o.nik),
        no_kk: if o.no_kk.is_empty() { "–".into() } else { m.nik(&o.no_kk) },
        jenis_kelamin: match o.jenis_kelamin.as_str() {
            "L" => "Laki-laki".into(),
            "P" => "Perempuan".into(),
            _ => "–".into(),
        },
        ttl: format!(
            "{}{}",
            if o.tempat_lahir.is_empty() { String::new() } else { format!("{}, ", o.tempat_lahir) },
            o.tanggal_lahir.map(|d| m.birth_date(d)).unwrap_or_else(|| "–".into())
        ),
        email: m.email(&o.email),
        disabilitas: m.sensitive(&o.disabilitas),
        alamat: format!("{} {}", m.address(&o.alamat), if o.rt_rw.is_empty() { String::new() } else { format!("RT/RW {}", o.rt_rw) }),
        hp: format!("{}{}", m.phone(&o.no_hp), if o.whatsapp { " (WhatsApp)" } else { "" }),
        warnings: o.warnings.lines().filter(|w| !w.is_empty()).map(str::to_string).collect(),
        history: history.into_iter().map(|h| (h.1, h.2, h.3, h.4)).collect(),
        can_reveal: ctx.role.sees_personal_data(),
        can_write: ctx.role.can_write_records(),
        has_ektp: o.ektp_file_id.is_some(),
        pesan: match q.pesan.as_deref() {
            Some("ektp") => "Foto e-KTP tersimpan.".into(),
            Some("foto") => "Foto usaha tersimpan.".into(),
            Some("foto_hapus") => "Foto usaha dihapus.".into(),
            _ => String::new(),
        },
        merged,
        businesses: views,
        region_path,
        revealed,
        l,
        o,
    };
    render(&page)
}
