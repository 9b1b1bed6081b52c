//! Demo trainings from the seeds: "Pelatihan Manajemen Mutu Produksi" for 115 UMKM of Kota
//! Bontang (27–29 Juli 2020, Hotel Bintang Sintuk, DAK non-fisik APBN 2020) and the rattan
//! production training for 30 people of Kecamatan Bukit Batu and Rakumpit, Kota Palangka Raya
//! (24–28 Agustus 2020), with participants from the demo registry, attendance, scores and
//! certificates, satisfaction forms and follow-ups. Everything goes through the same services
//! the pages use.

use berdaya_core::{KodeWilayah, Role, Scope};
use berdaya_store::training::{batches, participants, programs};
use berdaya_store::{Db, agencies};
use berdaya_web::config::Config;
use berdaya_web::services::Actor;
use berdaya_web::services::accounts::{self, UserInput};
use berdaya_web::services::agencies::{AgencyInput, create_agency};
use berdaya_web::services::training::attendance::{GridInput, ScoreInput, save_grid};
use berdaya_web::services::training::input::{BatchInput, CostInput, ProgramInput, SessionInput};
use berdaya_web::services::training::participants::{BulkFilter, add_by_filter};
use berdaya_web::services::training::followups::{self, EvaluationInput, FollowUpInput};
use berdaya_web::services::training::{self, certificates};

const PALANGKA_RAYA: &str = "Dinas Perdagangan, Koperasi, UKM dan Perindustrian Kota Palangka Raya";

fn err(what: &str) -> impl Fn(berdaya_web::error::ServiceError) -> anyhow::Error + '_ {
    move |e| anyhow::anyhow!("demo {what}: {e:?}")
}

fn actor(region: &str) -> anyhow::Result<Actor> {
    Ok(Actor { username: "demo".into(), role: Role::Operator, scope: Scope::Region(KodeWilayah::parse(region)?), ..Actor::cli() })
}

struct Plan {
    region: &'static str,
    agency: &'static str,
    program: ProgramInput,
    batch: BatchInput,
    sessions: &'static [(&'static str, &'static str)],
    costs: &'static [(&'static str, &'static str, &'static str)],
    filter: BulkFilter,
    extra_filters: Vec<BulkFilter>,
}

/// Seed both trainings unless they exist (and Palangka Raya's agency with an operator).
pub async fn seed(db: &Db, cfg: &Config) -> anyhow::Result<()> {
    let cli = Actor { username: "demo".into(), ..Actor::cli() };
    let agency = match agencies::find_by_name(db, PALANGKA_RAYA).await? {
        Some(a) => a,
        None => create_agency(db, &cli, &AgencyInput { name: PALANGKA_RAYA.into(), short_name: "DPKUKMP-PLK".into(), region: "62.71".into(), ..Default::default() })
            .await
            .map_err(err("agency"))?,
    };
    if berdaya_store::users::get_by_username(db, "operator.palangkaraya").await?.is_none() {
        let input = UserInput {
            username: "operator.palangkaraya".into(),
            full_name: "Yohana Dewi".into(),
            role: "operator".into(),
            agency_id: Some(agency.id),
            password: crate::demo::DEMO_PASSWORD.into(),
            active: true,
            email: String::new(),
        };
        let hasher = berdaya_web::auth::password::Hasher::new(&cfg.password_cost);
        accounts::create_user(db, &hasher, &cli, &input).await.map_err(err("user"))?;
        println!("Akun demo pelatihan rotan: operator.palangkaraya (operator, Kota Palangka Raya).");
    }
    crate::demo::seed_registry(db, "62.71.02", 40, 21).await?;
    crate::demo::seed_registry(db, "62.71.05", 30, 22).await?;
    let plans = [
        Plan {
            region: "64.74",
            agency: "Dinas Koperasi, UKM dan Perdagangan Kota Bontang",
            program: ProgramInput {
                judul: "Pelatihan Manajemen Mutu Produksi".into(),
                kompetensi: "Manajemen mutu produksi".into(),
                sumber_dana: "dak_nonfisik".into(),
                mata_anggaran: "DAK Non-Fisik PK2UKM — Peningkatan Kapasitas SDM UMKM".into(),
                pagu: "Rp 180.000.000".into(),
                tahun_anggaran: "2020".into(),
            },
            batch: BatchInput {
                nama: "Angkatan I".into(),
                tempat: "Hotel Bintang Sintuk, Bontang".into(),
                kuota: "115".into(),
                kriteria_jenis: "usaha".into(),
                min_kehadiran: "75".into(),
                tanggal_mulai: "27/07/2020".into(),
                tanggal_selesai: "29/07/2020".into(),
                jam_mulai: "08:00".into(),
                jam_selesai: "16:00".into(),
                penandatangan_nama: "Asdar Ibrahim".into(),
                penandatangan_jabatan: "Kepala Dinas Koperasi, UKM dan Perdagangan Kota Bontang".into(),
                ..Default::default()
            },
            sessions: &[("Mutu produk dan standar produksi pangan", "Balai POM Samarinda"), ("Kemasan, label dan PIRT", "Dinas Kesehatan Kota Bontang"), ("Pemasaran digital di masa kebiasaan baru", "Pendamping PLUT-KUMKM Kaltim")],
            costs: &[("29/07/2020", "Sewa ruang dan konsumsi Hotel Bintang Sintuk 3 hari", "Rp 103.500.000"), ("29/07/2020", "Honorarium narasumber", "Rp 12.600.000"), ("29/07/2020", "Bahan pelatihan dan sertifikat", "Rp 17.250.000")],
            filter: BulkFilter { jenis: "usaha".into(), batas: Some(115), ..Default::default() },
            extra_filters: vec![],
        },
        Plan {
            region: "62.71",
            agency: PALANGKA_RAYA,
            program: ProgramInput {
                judul: "Pelatihan Proses Produksi Berbahan Dasar Rotan".into(),
                kompetensi: "Kerajinan anyaman rotan".into(),
                sumber_dana: "apbd_kabkota".into(),
                mata_anggaran: "Program Pemulihan Ekonomi — Pelatihan IKM/UMKM".into(),
                pagu: "Rp 60.000.000".into(),
                tahun_anggaran: "2020".into(),
            },
            batch: BatchInput {
                nama: "Angkatan I".into(),
                tempat: "Aula Kecamatan Bukit Batu".into(),
                kuota: "30".into(),
                kuota_kecamatan: "18".into(),
                min_kehadiran: "80".into(),
                tanggal_mulai: "24/08/2020".into(),
                tanggal_selesai: "28/08/2020".into(),
                jam_mulai: "08:30".into(),
                jam_selesai: "15:30".into(),
                penandatangan_nama: "Rawang".into(),
                penandatangan_jabatan: "Kepala Dinas Perdagangan, Koperasi, UKM dan Perindustrian Kota Palangka Raya".into(),
                ..Default::default()
            },
            sessions: &[("Mengenal bahan rotan dan pengolahannya", "Perajin rotan Tangkiling"), ("Teknik anyaman dasar", "Perajin rotan Tangkiling"), ("Desain produk anyaman", "Dekranasda Kota Palangka Raya"), ("Finishing dan kemasan", "Dekranasda Kota Palangka Raya"), ("Pemasaran dan perhitungan harga", "Dinas Perdagangan, Koperasi, UKM dan Perindustrian")],
            costs: &[("28/08/2020", "Bahan baku rotan dan alat", "Rp 21.000.000"), ("28/08/2020", "Konsumsi peserta 5 hari", "Rp 11.250.000"), ("28/08/2020", "Honorarium narasumber", "Rp 7.500.000")],
            filter: BulkFilter { wilayah: "62.71.02".into(), batas: Some(18), ..Default::default() },
            extra_filters: vec![BulkFilter { wilayah: "62.71.05".into(), batas: Some(12), ..Default::default() }],
        },
    ];
    for plan in plans {
        seed_one(db, plan).await?;
    }
    Ok(())
}

async fn seed_one(db: &Db, plan: Plan) -> anyhow::Result<()> {
    let a = actor(plan.region)?;
    if programs::list(db, &a.scope, 50).await?.iter().any(|p| p.judul == plan.program.judul) {
        return Ok(());
    }
    let agency = agencies::find_by_name(db, plan.agency).await?.ok_or_else(|| anyhow::anyhow!("demo agency {} missing", plan.agency))?;
    let p = training::create_program(db, &a, agency.id, &agency.region, &plan.program).await.map_err(err("program"))?;
    let b = training::create_batch(db, &a, p.id, &plan.batch).await.map_err(err("batch"))?;
    for (s, (topik, narasumber)) in batches::sessions(db, b.id).await?.iter().zip(plan.sessions) {
        let input = SessionInput { tanggal: s.tanggal.format("%d/%m/%Y").to_string(), jam_mulai: s.jam_mulai.clone(), jam_selesai: s.jam_selesai.clone(), topik: (*topik).into(), narasumber: (*narasumber).into() };
        training::save_session(db, &a, b.id, Some(s.id), &input).await.map_err(err("session"))?;
    }
    for (tanggal, uraian, jumlah) in plan.costs {
        training::add_cost(db, &a, b.id, &CostInput { tanggal: (*tanggal).into(), uraian: (*uraian).into(), jumlah: (*jumlah).into() }).await.map_err(err("cost"))?;
    }
    add_by_filter(db, &a, b.id, &plan.filter).await.map_err(err("participants"))?;
    for f in &plan.extra_filters {
        add_by_filter(db, &a, b.id, f).await.map_err(err("participants"))?;
    }
    // Attendance: most come every day; every 9th person misses two days. Scores vary.
    let sessions = batches::sessions(db, b.id).await?;
    let people: Vec<_> = participants::list(db, b.id).await?.into_iter().filter(|r| r.status == "peserta").collect();
    let mut grid = GridInput::default();
    for (i, r) in people.iter().enumerate() {
        for (j, s) in sessions.iter().enumerate() {
            if !(i % 9 == 4 && j < 2) {
                grid.present.push((s.id, r.id));
            }
        }
        grid.scores.push(ScoreInput { participant_id: r.id, pre_test: (45 + (i * 7) % 30).to_string(), post_test: (65 + (i * 11) % 33).to_string() });
    }
    save_grid(db, &a, b.id, &grid).await.map_err(err("attendance"))?;
    let s = certificates::issue_for_batch(db, &a, b.id, |_, _| {}).await.map_err(err("certificates"))?;
    let followed = seed_outcomes(db, &a, &people).await?;
    println!("Pelatihan demo: {} — {} peserta, {} sertifikat, {followed} tindak lanjut.", p.judul, people.len(), s.issued);
    Ok(())
}

/// Satisfaction forms from two of three participants; 3- and 6-month follow-ups for every
/// fourth, with milestones and turnover now (a calon wirausaha among them starts a business).
async fn seed_outcomes(db: &Db, a: &Actor, people: &[participants::ParticipantRow]) -> anyhow::Result<usize> {
    const MILESTONES: [&str; 7] = ["nib", "qris", "pirt", "marketplace", "halal", "naik_kelas", "bpom"];
    let mut followed = 0;
    for (i, r) in people.iter().enumerate() {
        if i % 3 != 2 {
            let score = |k: usize| (3 + (i + k) % 3).to_string();
            let e = EvaluationInput { skor_materi: score(0), skor_narasumber: score(1), skor_tempat: score(2), saran: String::new() };
            followups::evaluate(db, a, r.id, &e).await.map_err(err("evaluation"))?;
        }
        if i % 4 != 1 || i % 9 == 4 {
            continue;
        }
        for (k, bulan) in ["3", "6"].iter().enumerate() {
            let input = FollowUpInput {
                bulan: (*bulan).into(),
                mulai_usaha: r.usaha == 0,
                nama_usaha: if r.usaha == 0 { format!("Usaha {}", r.nama) } else { String::new() },
                omzet_bulanan: format!("Rp {}", 3_000_000 + (i as i64 % 7) * 500_000 + k as i64 * 750_000),
                capaian: MILESTONES.iter().skip(i % 3).take(1 + k).map(|m| (*m).to_string()).collect(),
                ..Default::default()
            };
            followups::record(db, a, r.id, &input).await.map_err(err("follow-up"))?;
            followed += 1;
        }
    }
    Ok(followed)
}
