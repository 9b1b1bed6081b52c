//! Business (usaha) fields.

use berdaya_core::{Kbli, Nib, Rupiah, SkalaUsaha};
use chrono::Datelike;

use super::cells::{decimal_rupiah, parse_count, parse_year};
use super::{BusinessDraft, Cell, Ctx};
use crate::schema::{FIELDS, Field, FieldGroup};

pub(super) fn read_business(ctx: &mut Ctx<'_>) -> Option<BusinessDraft> {
    let any = FIELDS
        .iter()
        .filter(|s| s.group == FieldGroup::Business)
        .any(|s| {
            ctx.mapping
                .columns_for(s.field)
                .any(|c| !super::cells::is_blank_marker(ctx.row.cell(c.index)))
        });
    if !any {
        return None;
    }
    let mut b = BusinessDraft {
        nama_usaha: ctx.text(Field::NamaUsaha),
        sektor: ctx.text(Field::Sektor),
        bentuk_usaha: ctx.text(Field::BentukUsaha),
        alamat_usaha: ctx.text(Field::AlamatUsaha),
        produk: ctx.text(Field::Produk),
        ..BusinessDraft::default()
    };
    b.nib = read_nib(ctx);
    b.kbli = read_kbli(ctx);
    if let Some(c) = ctx.cell(Field::TahunBerdiri) {
        let year = parse_year(c.text);
        match year {
            Some(y) if (1900..=ctx.opts.today.year()).contains(&y) => b.tahun_berdiri = Some(y),
            _ => ctx.warn(
                Field::TahunBerdiri,
                &c,
                format!("Tahun berdiri tidak wajar: {}", c.text),
            ),
        }
    }
    b.modal = money(ctx, Field::Modal);
    b.omzet_bulanan = money(ctx, Field::OmzetBulanan);
    b.omzet_tahunan = money(ctx, Field::OmzetTahunan);
    if b.omzet_tahunan.is_none()
        && let Some(m) = b.omzet_bulanan
    {
        b.omzet_tahunan = m.checked_mul(12);
        b.omzet_tahunan_dihitung = b.omzet_tahunan.is_some();
    }
    b.tenaga_kerja = count(ctx, Field::TenagaKerja);
    b.tenaga_kerja_l = count(ctx, Field::TenagaKerjaL);
    b.tenaga_kerja_p = count(ctx, Field::TenagaKerjaP);
    match (b.tenaga_kerja, b.tenaga_kerja_l, b.tenaga_kerja_p) {
        (None, Some(l), Some(p)) => b.tenaga_kerja = Some(l + p),
        (Some(t), Some(l), Some(p)) if t != l + p => ctx.warn_row(
            Some(Field::TenagaKerja),
            format!(
                "Jumlah tenaga kerja ({t}) tidak sama dengan laki-laki + perempuan ({l} + {p})"
            ),
        ),
        _ => {}
    }
    if let Some(c) = ctx.cell(Field::SkalaUsaha) {
        b.skala_dilaporkan = SkalaUsaha::parse(c.text);
        if b.skala_dilaporkan.is_none() {
            ctx.warn(
                Field::SkalaUsaha,
                &c,
                format!(
                    "Skala usaha tidak dikenali: {} (isi Mikro, Kecil, Menengah)",
                    c.text
                ),
            );
        }
    }
    b.skala = SkalaUsaha::compute(b.modal, b.omzet_tahunan);
    if let (Some(reported), Some(computed)) = (b.skala_dilaporkan, b.skala)
        && reported != computed
    {
        ctx.warn_row(
            Some(Field::SkalaUsaha),
            format!(
                "Skala usaha dilaporkan {} tetapi menurut modal/omzet (PP 7/2021) {}",
                reported.label(),
                computed.label()
            ),
        );
    }
    Some(b)
}

fn read_nib(ctx: &mut Ctx<'_>) -> Option<Nib> {
    let c = ctx.cell(Field::Nib)?;
    let mut text = c.text.to_string();
    if c.numeric && text.len() == 12 && !c.imprecise {
        text.insert(0, '0');
        ctx.warn(Field::Nib, &c, format!("NIB {} tersimpan sebagai angka dan kehilangan angka 0 di depan; dibaca sebagai {text}", c.text));
    }
    match Nib::parse(&text) {
        Ok(nib) => Some(nib),
        Err(e) => {
            ctx.warn(
                Field::Nib,
                &c,
                format!("NIB tidak dikenali: {} ({e})", c.text),
            );
            None
        }
    }
}

fn read_kbli(ctx: &mut Ctx<'_>) -> Option<Kbli> {
    let c = ctx.cell(Field::Kbli)?;
    // "47111 - Perdagangan eceran …" or "47111, 10792": the first code is used.
    let mut codes = c
        .text
        .split(|ch: char| !ch.is_ascii_digit())
        .filter(|t| !t.is_empty());
    let first = codes.next().unwrap_or("");
    let mut code = first.to_string();
    if c.numeric && code.len() == 4 {
        code.insert(0, '0');
    }
    if codes.any(|t| t.len() == 5) {
        ctx.warn(
            Field::Kbli,
            &c,
            format!(
                "Lebih dari satu KBLI: {}; hanya {code} yang dipakai",
                c.text
            ),
        );
    }
    match Kbli::parse(&code, ctx.opts.kbli_version) {
        Ok(k) => Some(k),
        Err(e) => {
            ctx.warn(
                Field::Kbli,
                &c,
                format!("KBLI tidak dikenali: {} ({e})", c.text),
            );
            None
        }
    }
}

fn money(ctx: &mut Ctx<'_>, field: Field) -> Option<Rupiah> {
    let c = ctx.cell(field)?;
    let result = parse_money(&c);
    match result {
        Ok(r) => Some(r),
        Err(e) => {
            ctx.warn(
                field,
                &c,
                format!("{} tidak dikenali: {} ({e})", field.label(), c.text),
            );
            None
        }
    }
}

fn parse_money(c: &Cell<'_>) -> Result<Rupiah, String> {
    let unit = c.unit.unwrap_or(1);
    if c.numeric {
        return decimal_rupiah(c.text, unit).ok_or_else(|| "angka tidak wajar".to_string());
    }
    let has_unit_word = c
        .text
        .chars()
        .any(|ch| ch.is_alphabetic() && !"rpRP".contains(ch));
    let text = match (unit, has_unit_word) {
        (1_000_000, false) => format!("{} juta", c.text),
        (1_000, false) => format!("{} ribu", c.text),
        _ => c.text.to_string(),
    };
    Rupiah::parse(&text).map_err(|e| e.to_string())
}

fn count(ctx: &mut Ctx<'_>, field: Field) -> Option<u32> {
    let c = ctx.cell(field)?;
    let n = parse_count(c.text);
    if n.is_none() {
        ctx.warn(
            field,
            &c,
            format!("{} tidak dikenali: {}", field.label(), c.text),
        );
    }
    n
}
