use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use berdaya_core::KodeWilayah;
use berdaya_core::kbli::KategoriKbli;
use berdaya_core::rupiah::Rupiah;
use berdaya_core::skala::SkalaUsaha;
use berdaya_core::tanggal::{fmt_dmy, fmt_panjang};
use berdaya_core::wilayah::Tingkat;
use berdaya_store::audit::{self, AuditFilter};
use berdaya_store::businesses::{Business, Snapshot};
use berdaya_store::owners::Owner;
use berdaya_store::{Db, businesses, owners, regions};
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
    /// The owner reports another scale than the figures give.
    skala_beda: bool,
    /// "Naik kelas: Mikro → Kecil (sejak 12 Mei 2025)" or "Turun kelas: …", or empty.
    kelas: String,
    /// "Omzet/tahun Rp 150.000.000 → Rp 400.000.000 (+166,7%)", or empty.
    omzet_berubah: String,
    sektor: String,
    kbli: String,
    bentuk_usaha: String,
    alamat: String,
    wilayah: String,
    /// Coordinates as read ("0,13245° LU, 117,49812° BT") and an OpenStreetMap link.
    koordinat: String,
    peta: String,
    tahun_berdiri: String,
    nib: String,
    modal: String,
    omzet: String,
    tk: String,
    kanal: String,
    produk: String,
    history: Vec<HistoryRow>,
    /// Permits: kind, number, issued, valid until.
    permits: Vec<(String, String, String, String, String)>,
    /// Photos: id, caption.
    photos: Vec<(String, String)>,
}

/// One dated snapshot of a business's figures, formatted.
pub struct HistoryRow {
    tanggal: String,
    omzet: String,
    modal: String,
    tk_l: String,
    tk_p: String,
    skala: String,
    sumber: String,
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
        let snaps = businesses::snapshots(&state.db, b.id).await?;
        let permits = businesses::permits(&state.db, b.id)
            .await?
            .into_iter()
            .map(|p| {
                let d = |v: Option<chrono::NaiveDate>| v.map(fmt_dmy).unwrap_or_else(|| "–".into());
                (crate::services::registry::permits::label(&p.jenis).to_string(), p.nomor, d(p.tanggal_terbit), d(p.berlaku_sampai), p.id.to_string())
            })
            .collect();
        let photos = berdaya_store::business_photos::for_business(&state.db, b.id)
            .await?
            .into_iter()
            .map(|p| (p.id.to_string(), p.keterangan))
            .collect();
        let wilayah = region_label(&state.db, &b.region).await?;
        views.push(biz_view(&b, &snaps, wilayah, permits, photos, &m));
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
        warnings: o.warnings.lines().filter(|w| !w.is_empty()).map(|w| if m.full { w.to_string() } else { berdaya_core::mask::mask_quoted(w) }).collect(),
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

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() { "–".into() } else { s.to_string() }
}

fn count(n: Option<i32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_else(|| "–".into())
}

fn biz_view(b: &Business, snaps: &[Snapshot], wilayah: String, permits: Vec<(String, String, String, String, String)>, photos: Vec<(String, String)>, m: &Masker) -> BizView {
    let kategori = b
        .sektor
        .chars()
        .next()
        .and_then(KategoriKbli::from_letter)
        .or_else(|| b.kbli.get(..2).and_then(|d| d.parse().ok()).and_then(KategoriKbli::from_division));
    let (koordinat, peta) = match (b.lat, b.lon) {
        // Like the street: a point at zoom 17 finds the house better than the address does.
        (Some(_), Some(_)) if !m.full => ("tercatat (tampilkan data pribadi untuk melihat)".into(), String::new()),
        (Some(lat), Some(lon)) => (
            format!("{}, {}", coordinate(lat, "LU", "LS"), coordinate(lon, "BT", "BB")),
            format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"),
        ),
        _ => ("–".into(), String::new()),
    };
    let computed = SkalaUsaha::parse(&b.skala);
    let reported = SkalaUsaha::parse(&b.skala_dilaporkan);
    BizView {
        id: b.id.to_string(),
        nama: b.nama_usaha.clone(),
        skala: skala_label(&b.skala),
        skala_dilaporkan: reported.map(|k| k.label().to_string()).unwrap_or_default(),
        skala_beda: matches!((computed, reported), (Some(c), Some(r)) if c != r),
        kelas: class_change(snaps).unwrap_or_default(),
        omzet_berubah: turnover_change(snaps).unwrap_or_default(),
        sektor: kategori.map(|k| format!("{} — {}", k.letter(), k.name())).unwrap_or_else(|| "–".into()),
        kbli: match (b.kbli.trim(), b.kbli_version) {
            ("", _) => "–".into(),
            (code, Some(v)) => format!("{code} (KBLI {v})"),
            (code, None) => code.to_string(),
        },
        bentuk_usaha: or_dash(&b.bentuk_usaha),
        // Many micro businesses are run from home: the street is masked like the owner's
        // address until personal data is shown.
        alamat: if b.alamat.trim().is_empty() { "–".into() } else { m.address(&b.alamat) },
        wilayah,
        koordinat,
        peta,
        tahun_berdiri: b.tahun_berdiri.map(|y| y.to_string()).unwrap_or_else(|| "–".into()),
        nib: or_dash(&b.nib),
        modal: rupiah(b.modal),
        omzet: rupiah(b.omzet_tahunan),
        tk: format!("{} laki-laki, {} perempuan", b.tk_l.unwrap_or(0), b.tk_p.unwrap_or(0)),
        kanal: kanal_label(&b.kanal),
        produk: or_dash(&b.produk),
        history: snaps
            .iter()
            .map(|s| HistoryRow {
                tanggal: fmt_dmy(s.tanggal),
                omzet: rupiah(s.omzet_tahunan),
                modal: rupiah(s.modal),
                tk_l: count(s.tk_l),
                tk_p: count(s.tk_p),
                skala: skala_label(&s.skala),
                sumber: sumber_label(&s.sumber),
            })
            .collect(),
        permits,
        photos,
    }
}

/// A region code as names, from the desa/kelurahan up to the kab/kota, with the code:
/// "Kelurahan Tanjung Laut, Kecamatan Bontang Selatan, Kota Bontang (64.74.02.1001)".
async fn region_label(db: &Db, code: &str) -> Result<String, AppError> {
    let Ok(k) = KodeWilayah::parse(code) else { return Ok(or_dash(code)) };
    let mut parts = Vec::new();
    for (kode, nama) in regions::path_names(db, &k).await?.into_iter().rev() {
        let Ok(level) = KodeWilayah::parse(&kode) else { continue };
        match level.tingkat() {
            Tingkat::Desakel => match level.digits().as_bytes()[6] {
                b'1' => parts.push(format!("Kelurahan {nama}")),
                b'2' => parts.push(format!("Desa {nama}")),
                _ => parts.push(nama),
            },
            Tingkat::Kecamatan => parts.push(format!("Kecamatan {nama}")),
            Tingkat::Kabkota => parts.push(nama),
            Tingkat::Provinsi => {}
        }
    }
    Ok(if parts.is_empty() { k.dotted() } else { format!("{} ({})", parts.join(", "), k.dotted()) })
}

/// A coordinate in degrees the Indonesian way: "0,13245° LU", "117,49812° BT".
fn coordinate(v: f64, positive: &str, negative: &str) -> String {
    let hemisphere = if v < 0.0 { negative } else { positive };
    format!("{}° {hemisphere}", v.abs().to_string().replace('.', ","))
}

/// Where a snapshot's figures came from, for people.
fn sumber_label(s: &str) -> String {
    match s {
        "input" => "diisi petugas".into(),
        "impor" => "impor berkas".into(),
        _ => match s.strip_prefix("tindak_lanjut_").and_then(|r| r.strip_suffix("_bulan")) {
            Some(n) => format!("tindak lanjut pelatihan ({n} bulan)"),
            None => s.replace('_', " "),
        },
    }
}

/// "Naik kelas: Mikro → Kecil (sejak 12 Mei 2025)" when the computed scale of the latest
/// snapshot is above the first one's ("Turun kelas" when below); "sejak" is the first
/// snapshot of the latest run at that scale. `None` when the scale did not change.
fn class_change(snaps: &[Snapshot]) -> Option<String> {
    let scaled: Vec<_> = snaps.iter().filter_map(|s| SkalaUsaha::parse(&s.skala).map(|k| (s.tanggal, k))).collect();
    let (first, last) = (scaled.first()?.1, scaled.last()?.1);
    let verb = match last.cmp(&first) {
        std::cmp::Ordering::Greater => "Naik kelas",
        std::cmp::Ordering::Less => "Turun kelas",
        std::cmp::Ordering::Equal => return None,
    };
    let since = scaled.iter().rev().take_while(|(_, k)| *k == last).last()?.0;
    Some(format!("{verb}: {} → {} (sejak {})", first.label(), last.label(), fmt_panjang(since)))
}

/// "Omzet/tahun Rp 150.000.000 → Rp 400.000.000 (+166,7%)" between the first and the latest
/// snapshot with a turnover; `None` with fewer than two such snapshots.
fn turnover_change(snaps: &[Snapshot]) -> Option<String> {
    let mut with_turnover = snaps.iter().filter_map(|s| s.omzet_tahunan);
    let first = with_turnover.next()?;
    let last = with_turnover.last()?;
    let change = percent_change(first, last).map(|p| format!(" ({p})")).unwrap_or_default();
    Some(format!("Omzet/tahun {} → {}{change}", Rupiah::new(first), Rupiah::new(last)))
}

/// The change from `from` to `to` in percent, one decimal, Indonesian style: "+166,7%",
/// "-20,0%", "0,0%", "+2.566,7%". `None` when `from` is not positive. Integer arithmetic.
fn percent_change(from: i64, to: i64) -> Option<String> {
    if from <= 0 {
        return None;
    }
    let diff = i128::from(to) - i128::from(from);
    let from = i128::from(from);
    let tenths = (diff.abs() * 1000 + from / 2) / from;
    let sign = match (diff.signum(), tenths) {
        (_, 0) | (0, _) => "",
        (1, _) => "+",
        _ => "-",
    };
    let whole = Rupiah::new(i64::try_from(tenths / 10).ok()?).format_number();
    Some(format!("{sign}{whole},{}%", tenths % 10))
}

