//! Owner (pelaku usaha) fields.

use berdaya_core::nik::{check_birth_date, check_kecamatan, check_sex};
use berdaya_core::tanggal::{from_excel_serial, parse_date, split_ttl};
use berdaya_core::{JenisKelamin, KodeWilayah, Nik, NoHp, Tingkat};
use chrono::{Datelike, NaiveDate};

use super::cells::{capitalize, collapse_spaces, parse_email, parse_flag};
use super::{Cell, Ctx, OwnerDraft, known_kecamatan};
use crate::schema::Field;

pub(super) fn read_owner(ctx: &mut Ctx<'_>) -> OwnerDraft {
    let mut o = OwnerDraft {
        nik: read_nik(ctx),
        ..OwnerDraft::default()
    };
    o.nama = ctx.text(Field::Nama);
    if o.nama.is_none() {
        let cell = ctx.cell(Field::Nama);
        ctx.error(Field::Nama, cell.as_ref(), "Nama pemilik kosong");
    }
    o.no_kk = read_no_kk(ctx);
    if let Some(c) = ctx.cell(Field::JenisKelamin) {
        o.jenis_kelamin = JenisKelamin::parse(c.text);
        if o.jenis_kelamin.is_none() {
            ctx.warn(
                Field::JenisKelamin,
                &c,
                format!("Jenis kelamin tidak dikenali: {} (isi L atau P)", c.text),
            );
        }
    }
    read_birth(ctx, &mut o);
    o.alamat = ctx.text(Field::Alamat);
    o.rt_rw = ctx.text(Field::RtRw);
    o.desa = ctx.text(Field::Desa);
    o.kecamatan = ctx.text(Field::Kecamatan);
    if let Some(c) = ctx.cell(Field::KodeDesa) {
        match KodeWilayah::parse(c.text) {
            Ok(k) if k.tingkat() == Tingkat::Desakel => o.kode_desa = Some(k),
            Ok(_) => ctx.warn(
                Field::KodeDesa,
                &c,
                format!(
                    "Kode desa/kelurahan harus 10 digit (mis. 64.74.01.1001): {}",
                    c.text
                ),
            ),
            Err(e) => ctx.warn(
                Field::KodeDesa,
                &c,
                format!("Kode desa/kelurahan tidak dikenali: {} ({e})", c.text),
            ),
        }
    }
    if let Some(c) = ctx.cell(Field::NoHp) {
        // A phone number stored as a number has lost its leading 0.
        let text = if c.numeric && c.text.starts_with('8') {
            format!("0{}", c.text)
        } else {
            c.text.to_string()
        };
        // Several numbers in one cell ("0812… / 0813…"): the first one is used.
        let first = text
            .split(['/', ',', ';'])
            .next()
            .unwrap_or(&text)
            .trim()
            .to_string();
        match NoHp::parse(&first) {
            Ok(hp) => o.no_hp = Some(hp),
            Err(e) => ctx.warn(
                Field::NoHp,
                &c,
                format!("No. HP tidak dikenali: {} ({e})", c.text),
            ),
        }
    }
    if let Some(c) = ctx.cell(Field::Email) {
        o.email = parse_email(c.text);
        if o.email.is_none() {
            ctx.warn(Field::Email, &c, format!("Email tidak valid: {}", c.text));
        }
    }
    o.pendidikan = ctx.text(Field::Pendidikan);
    if let Some(c) = ctx.cell(Field::Disabilitas)
        && let Some((flag, kind)) = parse_flag(c.text)
    {
        o.disabilitas = Some(flag);
        o.disabilitas_jenis = kind;
    }
    o.catatan = ctx.text(Field::Catatan);
    cross_check_nik(ctx, &o);
    o
}

fn read_nik(ctx: &mut Ctx<'_>) -> Option<Nik> {
    let Some(c) = ctx.cell(Field::Nik) else {
        if ctx.opts.require_nik {
            ctx.error(Field::Nik, None, "NIK kosong");
        }
        return None;
    };
    if c.imprecise {
        let msg = capitalize(&berdaya_core::nik::NikError::SpreadsheetNumber.to_string());
        ctx.error(Field::Nik, Some(&c), msg);
        return None;
    }
    match Nik::parse(c.text) {
        Ok(nik) => {
            if c.long_number && c.text.ends_with('0') {
                ctx.warn(
                    Field::Nik,
                    &c,
                    "NIK tersimpan sebagai angka di Excel, yang hanya menyimpan 15 digit: digit terakhir (0) bisa jadi sudah berubah; cocokkan dengan KTP",
                );
            }
            if ctx.opts.check_nik_kecamatan
                && let Some(w) = check_kecamatan(&nik, known_kecamatan)
            {
                ctx.warn(Field::Nik, &c, capitalize(&w.to_string()));
            }
            Some(nik)
        }
        Err(e) => {
            let msg = capitalize(&e.to_string());
            if ctx.opts.require_nik {
                ctx.error(Field::Nik, Some(&c), msg);
            } else {
                ctx.warn(Field::Nik, &c, msg);
            }
            None
        }
    }
}

fn read_no_kk(ctx: &mut Ctx<'_>) -> Option<String> {
    let c = ctx.cell(Field::NoKk)?;
    let digits: String = c
        .text
        .chars()
        .filter(|ch| !matches!(ch, ' ' | '.' | '-' | '\''))
        .collect();
    if c.imprecise || digits.len() != 16 || !digits.chars().all(|ch| ch.is_ascii_digit()) {
        ctx.warn(
            Field::NoKk,
            &c,
            format!("Nomor KK harus 16 digit angka: {}", c.text),
        );
        return None;
    }
    Some(digits)
}

/// A date cell: ISO text from an Excel date, a typed date, or an Excel serial number.
fn read_date(ctx: &mut Ctx<'_>, field: Field, c: &Cell<'_>) -> Option<NaiveDate> {
    let today = ctx.opts.today;
    let digits_only = c.text.chars().all(|ch| ch.is_ascii_digit());
    if digits_only && c.text.len() == 4 {
        ctx.warn(
            field,
            c,
            format!("{} hanya berisi tahun: {}", field.label(), c.text),
        );
        return None;
    }
    if digits_only && (c.text.len() == 5 || c.numeric) {
        let serial: f64 = c.text.parse().unwrap_or(0.0);
        if let Ok(d) = from_excel_serial(serial) {
            ctx.warn(
                field,
                c,
                format!(
                    "{} dibaca dari nomor tanggal Excel {} sebagai {}",
                    field.label(),
                    c.text,
                    d.format("%d/%m/%Y")
                ),
            );
            return Some(d);
        }
    }
    match parse_date(c.text, today) {
        Ok(d) => Some(d),
        Err(e) => {
            ctx.warn(
                field,
                c,
                format!("Tanggal lahir tidak dikenali: {} ({e})", c.text),
            );
            None
        }
    }
}

fn read_birth(ctx: &mut Ctx<'_>, o: &mut OwnerDraft) {
    o.tempat_lahir = ctx.text(Field::TempatLahir);
    if let Some(c) = ctx.cell(Field::TanggalLahir) {
        o.tanggal_lahir = read_date(ctx, Field::TanggalLahir, &c);
    }
    if let Some(c) = ctx.cell(Field::Ttl) {
        match split_ttl(c.text, ctx.opts.today) {
            Ok((place, date)) => {
                o.tempat_lahir.get_or_insert(collapse_spaces(&place));
                o.tanggal_lahir.get_or_insert(date);
            }
            Err(_) if !c.text.chars().any(|ch| ch.is_ascii_digit()) => {
                o.tempat_lahir.get_or_insert(collapse_spaces(c.text));
                if o.tanggal_lahir.is_none() {
                    ctx.warn(
                        Field::Ttl,
                        &c,
                        format!("Tanggal lahir tidak ada di kolom TTL: {}", c.text),
                    );
                }
            }
            Err(e) => ctx.warn(
                Field::Ttl,
                &c,
                format!("Tanggal lahir tidak dikenali: {} ({e})", c.text),
            ),
        }
    }
    if let Some(d) = o.tanggal_lahir {
        let age = ctx.opts.today.year() - d.year();
        if d > ctx.opts.today || !(10..=110).contains(&age) {
            ctx.warn_row(
                Some(Field::TanggalLahir),
                format!(
                    "Tanggal lahir tidak wajar: {} (umur {age} tahun)",
                    d.format("%d/%m/%Y")
                ),
            );
        }
    }
}

fn cross_check_nik(ctx: &mut Ctx<'_>, o: &OwnerDraft) {
    let Some(nik) = &o.nik else { return };
    if let Some(sex) = o.jenis_kelamin
        && let Some(w) = check_sex(nik, sex)
    {
        ctx.warn_row(Some(Field::JenisKelamin), capitalize(&w.to_string()));
    }
    if let Some(d) = o.tanggal_lahir
        && let Some(w) = check_birth_date(nik, d)
    {
        ctx.warn_row(Some(Field::TanggalLahir), capitalize(&w.to_string()));
    }
}
