//! Fixtures shared by the tests and the examples: a generated PNG logo, sample documents
//! modelled on the Bontang trainings and aid programs, and PDF text extraction.
#![allow(dead_code)]

use std::sync::Arc;

use berdaya_core::Rupiah;
use berdaya_pdf::*;
use chrono::NaiveDate;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A minimal PNG encoder (RGB, 8 bit, stored deflate blocks) so that no image file or
/// image crate is needed.
pub fn png(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let mut raw = Vec::new();
    for y in 0..height {
        raw.push(0); // filter: none
        for x in 0..width {
            raw.extend_from_slice(&pixel(x, y));
        }
    }
    let mut z = vec![0x78, 0x01];
    let chunks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        z.push(u8::from(i + 1 == chunks.len()));
        let len = chunk.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(chunk);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());

    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    out.extend_from_slice(&crc_input);
    out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A 160×180 emblem: a green shield with a gold border and a white star-like mark.
pub fn logo() -> ImageBytes {
    let (w, h) = (160u32, 180u32);
    let bytes = png(w, h, |x, y| {
        let (fx, fy) = (x as f32 - 80.0, y as f32);
        // Shield: straight top, sides narrowing to a point at the bottom.
        let half = if fy < 100.0 {
            72.0
        } else {
            72.0 * (1.0 - (fy - 100.0) / 78.0)
        };
        let inside = fy > 4.0 && fx.abs() < half;
        let border = inside && (fx.abs() > half - 8.0 || fy < 12.0);
        let (cx, cy) = (fx, fy - 80.0);
        let r = (cx * cx + cy * cy).sqrt();
        let angle = cy.atan2(cx);
        let star = r < 22.0 + 14.0 * (5.0 * angle).cos();
        match (inside, border, star) {
            (false, _, _) => [255, 255, 255],
            (true, true, _) => [212, 160, 23],
            (true, false, true) => [255, 255, 255],
            _ => [22, 110, 60],
        }
    });
    Arc::from(bytes)
}

pub fn kop(logo: Option<ImageBytes>) -> Kop {
    Kop {
        logo,
        lines: vec![
            "PEMERINTAH KOTA BONTANG".into(),
            "DINAS KOPERASI, USAHA KECIL DAN MENENGAH".into(),
        ],
        address: Some(
            "Jl. Bessai Berinta, Gedung Graha Taman Praja Blok III Lt. 2, Bontang Lestari, \
             Telp. (0548) 3035123, Bontang 75325"
                .into(),
        ),
    }
}

pub fn kepala_dinas() -> Signatory {
    Signatory {
        title: "Kepala Dinas Koperasi, Usaha Kecil dan Menengah\nKota Bontang".into(),
        name: "Dr. Ir. Hj. Sitti Rahmawati, M.Si.".into(),
        nip: Some("19700512 199503 2 004".into()),
        rank: Some("Pembina Utama Muda (IV/c)".into()),
    }
}

pub const NAMES: [&str; 8] = [
    "Siti Aminah",
    "Muhammad Rizky Ramadhan",
    "Andi Besse Tenri Ajeng Wulandari",
    "I Gusti Ayu Ngurah Purnamasari",
    "Yohanes Wuritimur",
    "Nur Halimah",
    "La Ode Muhammad Syarifuddin",
    "Hj. Dewi Sartika binti Abdullah",
];

pub fn certificate_doc(i: usize, logo: Option<ImageBytes>) -> CertificateDoc {
    CertificateDoc {
        kop: kop(logo),
        number: format!("{:03}/SERT-PMMP/DKUKM/VII/2020", i + 1),
        participant_name: NAMES[i % NAMES.len()].into(),
        participant_detail: Some("UMKM Kue Kering Berkah, Kelurahan Bontang Kuala".into()),
        training_title: "Pelatihan Manajemen Mutu Produksi".into(),
        competency: Some("Pengendalian Mutu Produk Pangan Olahan".into()),
        start_date: date(2020, 7, 27),
        end_date: date(2020, 7, 29),
        venue: "Hotel Bintang Sintuk, Bontang".into(),
        signature: SignatureBlock {
            place: "Bontang".into(),
            date: date(2020, 7, 29),
            signatory: kepala_dinas(),
        },
        verify_url: format!(
            "https://berdaya.bontangkota.go.id/sertifikat/K7Q2-{:04}-XF9M",
            i + 1
        ),
    }
}

pub fn list_doc(rows: usize, logo: Option<ImageBytes>, orientation: Orientation) -> ListDoc {
    let per = Rupiah::new(2_400_000);
    ListDoc {
        kop: kop(logo),
        orientation,
        title: "DAFTAR PENERIMA BANTUAN STIMULAN MODAL USAHA MIKRO TAHUN 2024".into(),
        subtitles: vec![
            "Lampiran Keputusan Kepala Dinas Nomor 500.2/127/DKUKM/2024".into(),
            "Tanggal 26 Agustus 2024".into(),
        ],
        columns: vec![
            Column::new("No", 0.5, Align::Center),
            Column::new("Nama", 2.2, Align::Left),
            Column::new("NIK", 1.8, Align::Center),
            Column::new("Nama Usaha / Alamat", 4.0, Align::Left),
            Column::new("Kecamatan", 1.4, Align::Left),
            Column::new("Nilai Bantuan (Rp)", 1.5, Align::Right),
        ],
        rows: (0..rows)
            .map(|i| {
                vec![
                    (i + 1).to_string(),
                    NAMES[i % NAMES.len()].into(),
                    format!("6474{:02}**********", i % 4 + 1),
                    if i % 5 == 0 {
                        "Warung Makan Sederhana Pak Amir, menjual nasi kuning, soto Banjar dan \
                         aneka kue basah, Jl. Pattimura RT 12 No. 45, Kelurahan Api-Api"
                            .into()
                    } else {
                        format!(
                            "Usaha Jahit Berkah {i}, Jl. Ahmad Yani RT {:02}",
                            i % 30 + 1
                        )
                    },
                    ["Bontang Utara", "Bontang Selatan", "Bontang Barat"][i % 3].into(),
                    per.format_number(),
                ]
            })
            .collect(),
        totals: Some(TotalsRow {
            label: "JUMLAH".into(),
            label_span: 5,
            cells: vec![per.checked_mul(rows as i64).unwrap().format_number()],
        }),
        signature: Some(SignatureBlock {
            place: "Bontang".into(),
            date: date(2024, 8, 26),
            signatory: kepala_dinas(),
        }),
    }
}

pub fn bast_doc(i: usize, logo: Option<ImageBytes>) -> BastDoc {
    BastDoc {
        kop: kop(logo),
        number: format!("027/{:03}/BAST/DKUKM/VIII/2024", i + 1),
        date: date(2024, 8, 26),
        place: "Bontang".into(),
        program: "Bantuan Peralatan Usaha Mikro Tahun Anggaran 2024".into(),
        first_party: Party {
            name: "Rudi Hartono, S.E., M.M.".into(),
            id_label: "NIP".into(),
            id_number: Some("19780304 200501 1 002".into()),
            position: "Kepala Bidang Usaha Mikro".into(),
            address: Some("Dinas Koperasi, UKM Kota Bontang".into()),
        },
        second_party: Party {
            name: NAMES[i % NAMES.len()].into(),
            id_label: "NIK".into(),
            id_number: Some(format!("647402550890{:04}", i + 1)),
            position: "Pemilik Usaha Jahit Berkah".into(),
            address: Some(
                "Jl. Ahmad Yani RT 07 No. 12, Kelurahan Bontang Baru, Kecamatan Bontang Utara"
                    .into(),
            ),
        },
        items: vec![
            BastItem {
                name: "Mesin jahit portable".into(),
                quantity: 1,
                unit: "unit".into(),
                value: Rupiah::new(2_750_000),
            },
            BastItem {
                name: "Mesin obras 3 benang".into(),
                quantity: 1,
                unit: "unit".into(),
                value: Rupiah::new(1_850_000),
            },
            BastItem {
                name: "Kain katun".into(),
                quantity: 25,
                unit: "meter".into(),
                value: Rupiah::new(625_000),
            },
        ],
        statement: None,
        materai: true,
    }
}

pub fn report_doc(logo: Option<ImageBytes>) -> ReportDoc {
    ReportDoc {
        kop: Some(kop(logo)),
        title: "LAPORAN PELAKSANAAN PELATIHAN".into(),
        subtitles: vec!["Pelatihan Manajemen Mutu Produksi, Angkatan I".into(), "27–29 Juli 2020, Hotel Bintang Sintuk".into()],
        sections: vec![
            Section::Figures {
                heading: "Ringkasan".into(),
                rows: vec![
                    ("Peserta terdaftar".into(), "115".into()),
                    ("Peserta hadir minimal 80%".into(), "108 (93,9%)".into()),
                    ("Peserta lulus".into(), "104".into()),
                    ("Realisasi anggaran".into(), "Rp 172.500.000 (86,3%)".into()),
                    ("Biaya per peserta lulus".into(), "Rp 1.658.654".into()),
                ],
            },
            Section::Bars {
                heading: "Peserta per kecamatan".into(),
                bars: vec![
                    Bar::count("Bontang Utara", 52),
                    Bar::count("Bontang Selatan", 41),
                    Bar::count("Bontang Barat", 22),
                ],
            },
            Section::Bars {
                heading: "Peserta per sektor usaha".into(),
                bars: (0..30).map(|i| Bar::count(format!("Sektor {} makanan dan minuman olahan", i + 1), 30 - i)).collect(),
            },
            Section::Text {
                heading: "Catatan".into(),
                text: "Kehadiran hari ketiga menurun karena hujan lebat. Tindak lanjut 3 bulan dijadwalkan \
                       pada Oktober 2020."
                    .into(),
            },
        ],
        footer: Some("Dicetak 24/11/2026".into()),
    }
}

/// The text of each page, as a PDF reader extracts it.
pub fn page_texts(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    let pages = doc.get_pages();
    pages
        .keys()
        .map(|&n| doc.extract_text(&[n]).expect("text extracts"))
        .collect()
}

/// Text with all whitespace removed (extractors differ in where they put spaces).
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Images in the PDF as (width, height) of each image XObject.
pub fn images(pdf: &[u8]) -> Vec<(i64, i64)> {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"Image")
        })
        .map(|s| {
            let dim = |k: &[u8]| s.dict.get(k).and_then(|v| v.as_i64()).unwrap_or(0);
            (dim(b"Width"), dim(b"Height"))
        })
        .collect()
}

/// Find the QR code drawn on page 1 (the filled path with the most rectangles), paint its
/// rectangles into a bitmap and decode it with a QR reader: the payload a phone would see.
pub fn decode_qr_on_first_page(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF parses");
    let page = *doc.get_pages().values().next().expect("a page");
    let content = doc.get_and_decode_page_content(page).expect("content");
    let num = |o: &lopdf::Object| o.as_float().expect("number");
    let mut best: Vec<[f32; 4]> = Vec::new();
    let mut rects: Vec<[f32; 4]> = Vec::new();
    let mut current: Option<[f32; 4]> = None;
    for op in &content.operations {
        match op.operator.as_str() {
            "m" | "l" => {
                let (x, y) = (num(&op.operands[0]), num(&op.operands[1]));
                let r = current.get_or_insert([x, y, x, y]);
                *r = [r[0].min(x), r[1].min(y), r[2].max(x), r[3].max(y)];
            }
            "h" => rects.extend(current.take()),
            "f" | "f*" => {
                rects.extend(current.take());
                if rects.len() > best.len() {
                    best = std::mem::take(&mut rects);
                }
                rects.clear();
            }
            "S" | "n" | "Q" => {
                rects.clear();
                current = None;
            }
            _ => {}
        }
    }
    assert!(best.len() > 20, "no QR path found");
    let (x0, y0) = best
        .iter()
        .fold((f32::MAX, f32::MAX), |a, r| (a.0.min(r[0]), a.1.min(r[1])));
    let (x1, y1) = best
        .iter()
        .fold((f32::MIN, f32::MIN), |a, r| (a.0.max(r[2]), a.1.max(r[3])));
    let scale = 8.0;
    let quiet = 40usize;
    let w = ((x1 - x0) * scale) as usize + 2 * quiet;
    let h = ((y1 - y0) * scale) as usize + 2 * quiet;
    let mut bitmap = vec![false; w * h];
    for r in &best {
        let px0 = ((r[0] - x0) * scale).round() as usize + quiet;
        let px1 = ((r[2] - x0) * scale).round() as usize + quiet;
        let py0 = ((r[1] - y0) * scale).round() as usize + quiet;
        let py1 = ((r[3] - y0) * scale).round() as usize + quiet;
        for y in py0..py1.min(h) {
            for x in px0..px1.min(w) {
                bitmap[y * w + x] = true;
            }
        }
    }
    let mut img = rqrr::PreparedImage::prepare_from_bitmap(w, h, |x, y| bitmap[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code");
    grids[0].decode().expect("QR decodes").1
}
