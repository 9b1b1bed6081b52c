//! Screening: exclusion lists (uploaded, versioned), the screening job over all applications
//! of a program (every rule's result stored), the dry run, and resolving "perlu ditinjau".

use std::collections::{BTreeMap, HashMap};

use berdaya_core::teks::search_key;
use berdaya_store::aid::applications::{self as apps, SubjectRow};
use berdaya_store::aid::exclusion::{self, Entry, ExclusionList};
use berdaya_store::aid::{self as programs, Program};
use berdaya_store::jobs::{self, Job, NewJob};
use berdaya_store::{Db, audit};
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::services::aid::rules::{self, ExclusionKind, REGISTRY_KIND, Verdict};
use berdaya_core::skala::SkalaUsaha;
use berdaya_screen::{Applicant, Business, CivilRegistry, ExclusionList as ScreenList, ListRecord, Lookups, RegistryRecord};
use crate::services::aid::{budget, rule_set};
use crate::services::import::job::{ImportPayload, actor_for};
use crate::storage::{FileKind, FileStorage};
use crate::worker::JobEnv;

pub const SCREEN_JOB: &str = "aid.screen";

/// Upload an exclusion list version (CSV/XLSX with a NIK column; name and birth date columns
/// are used for probable matches when present).
pub async fn upload_list(db: &Db, storage: &FileStorage, actor: &Actor, jenis: &str, versi: &str, name: &str, data: Bytes) -> Result<ExclusionList, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let mut f = FieldErrors::default();
    if !rules::upload_kinds().any(|k| k == jenis) {
        f.add("jenis", "Pilih jenis daftar.");
    }
    let versi = versi.trim();
    if versi.is_empty() || versi.chars().count() > 40 {
        f.add("versi", "Isi label versi (mis. \"Oktober 2026\"), maksimal 40 karakter.");
    }
    if data.is_empty() {
        f.add("berkas", "Pilih berkas .xlsx atau .csv.");
    }
    f.clone().into_result()?;
    let (rows, inactive) = read_upload(jenis, &data).await?;
    let region = actor.scope.root().unwrap_or_default();
    let mut tx = db.begin().await?;
    let stored = match storage.put(&mut tx, data, name, &[FileKind::Csv, FileKind::Spreadsheet], &region, actor.user_id).await {
        Ok(s) => s,
        Err(e) => {
            tx.rollback().await?;
            let mut f = FieldErrors::default();
            f.add("berkas", e.to_string());
            return Err(ServiceError::Invalid(f));
        }
    };
    let list = ExclusionList {
        id: berdaya_store::new_id(),
        region: region.clone(),
        jenis: jenis.into(),
        versi: versi.into(),
        jumlah_baris: i32::try_from(rows.len()).unwrap_or(i32::MAX),
        file_id: Some(stored.id),
        uploaded_by: actor.user_id,
        uploaded_at: berdaya_store::now(),
    };
    exclusion::insert(&mut tx, &list, &rows).await?;
    let mut e = actor.audit("upload", "aid_exclusion_list", list.id, &region);
    e.after = Some(serde_json::json!({"jenis": jenis, "versi": versi, "rows": rows.len(), "inactive": inactive}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(list)
}

/// The rows of an uploaded list or Dukcapil extract, read by berdaya-screen's reader (the
/// one `berdaya screen` uses, so a sheet means the same on the page and in the CLI): sheet
/// row numbers, status ("lunas" debtors and deceased people are kept as inactive rows) and
/// details. Returns the rows and how many are inactive.
async fn read_upload(jenis: &str, data: &Bytes) -> Result<(Vec<Entry>, usize), ServiceError> {
    let unreadable = |e: anyhow::Error| {
        let mut f = FieldErrors::default();
        f.add("berkas", format!("Berkas tidak dapat dibaca: {e:#}"));
        ServiceError::Invalid(f)
    };
    let ext = if data.starts_with(b"PK\x03\x04") {
        ".xlsx"
    } else if data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        ".xls"
    } else {
        ".csv"
    };
    let mut tmp = tempfile::Builder::new().suffix(ext).tempfile().map_err(|e| ServiceError::Other(e.into()))?;
    std::io::Write::write_all(&mut tmp, data).map_err(|e| ServiceError::Other(e.into()))?;
    let today = berdaya_store::now().date_naive();
    let registry = jenis == REGISTRY_KIND;
    let path = tmp.path().to_path_buf();
    let read = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<Entry>> {
        let entry = |nik: String, name: &str, dob, row: u64, aktif: bool, keterangan: String| Entry {
            nik: nik.chars().filter(|c| c.is_ascii_digit()).collect(),
            nama_norm: search_key(name),
            tanggal_lahir: dob,
            baris: i64::try_from(row).ok(),
            aktif,
            keterangan,
        };
        let rows: Vec<Entry> = if registry {
            berdaya_screen::read_registry_records(&path, today)?
                .into_iter()
                .map(|r| entry(r.nik, &r.name, r.birth_date, r.row, r.alive, String::new()))
                .collect()
        } else {
            berdaya_screen::read_list_records(&path, today)?
                .into_iter()
                .map(|r| entry(r.nik, &r.name, r.birth_date, r.row, r.active, r.detail))
                .collect()
        };
        Ok(rows.into_iter().filter(|e| !e.nik.is_empty() || (!e.nama_norm.is_empty() && e.tanggal_lahir.is_some())).collect())
    })
    .await
    .map_err(|e| ServiceError::Other(anyhow::anyhow!("membaca berkas gagal: {e}")))?
    .map_err(unreadable)?;
    drop(tmp);
    let inactive = read.iter().filter(|e| !e.aktif).count();
    Ok((read, inactive))
}

/// Lists visible to the actor: their own subtree's and those uploaded above them.
pub async fn lists_for(db: &Db, actor: &Actor) -> Result<Vec<ExclusionList>, ServiceError> {
    let root = actor.scope.root().unwrap_or_default();
    Ok(exclusion::all(db)
        .await?
        .into_iter()
        .filter(|l| berdaya_store::scope::region_in_scope(&actor.scope, &l.region) || l.region.is_empty() || root.starts_with(&format!("{}.", l.region)))
        .collect())
}

fn applicant(i: usize, r: &SubjectRow, docs: &HashMap<Uuid, Vec<String>>) -> Applicant {
    Applicant {
        row: i as u64 + 1,
        nik: r.nik.clone(),
        no_kk: Some(r.no_kk.clone()).filter(|k| !k.is_empty()),
        name: r.nama.clone(),
        sex: None,
        birth_date: r.tanggal_lahir,
        phone: Some(r.no_hp.clone()).filter(|p| !p.is_empty()),
        address_region: Some(r.region.clone()),
        business: Business {
            registered: r.has_business,
            capital: None,
            annual_sales: None,
            scale: r.skala.as_deref().and_then(SkalaUsaha::parse),
            // A founding year alone counts as 31 December of that year, as in `berdaya screen`:
            // the business's age is never overstated.
            founded: r.tahun_berdiri.and_then(berdaya_core::tanggal::founding_year_date),
            kbli: r.kbli.clone().filter(|k| !k.is_empty()),
        },
        documents: docs.get(&r.id).cloned().unwrap_or_default(),
    }
}

/// The row a reason names: the sheet row, or the entry's position for rows stored before
/// sheet rows were kept.
fn sheet_row(e: &Entry, i: usize) -> u64 {
    e.baris.and_then(|b| u64::try_from(b).ok()).unwrap_or(i as u64 + 1)
}

/// The exclusion lists that apply to a program, with the NIKs paid by other programs of the
/// same year as the "other program" list.
async fn lookups(db: &Db, p: &Program) -> Result<Lookups, ServiceError> {
    let mut lk = Lookups::new();
    for l in exclusion::applicable(&exclusion::all(db).await?, &p.region) {
        if l.jenis == REGISTRY_KIND {
            let records = exclusion::entries(db, l.id)
                .await?
                .into_iter()
                .enumerate()
                .map(|(i, e)| RegistryRecord { row: sheet_row(&e, i), nik: e.nik, name: e.nama_norm, birth_date: e.tanggal_lahir, alive: e.aktif });
            lk = lk.with_registry(CivilRegistry::from_records(l.versi.clone(), format!("unggahan {}", l.uploaded_at.format("%d/%m/%Y")), records));
            continue;
        }
        let Some(kind) = rules::list_kind(&l.jenis) else { continue };
        let records = exclusion::entries(db, l.id)
            .await?
            .into_iter()
            .enumerate()
            .map(|(i, e)| ListRecord { row: sheet_row(&e, i), nik: e.nik, name: e.nama_norm, birth_date: e.tanggal_lahir, active: e.aktif, detail: e.keterangan })
            .collect();
        lk = lk.with_list(ScreenList::from_records(kind, l.versi.clone(), format!("unggahan {}", l.uploaded_at.format("%d/%m/%Y")), records));
    }
    let paid = apps::niks_received_elsewhere(db, p.id, p.tahun).await?;
    if !paid.is_empty() {
        let records = paid.into_iter().enumerate().map(|(i, nik)| ListRecord { row: i as u64 + 1, nik, active: true, ..Default::default() }).collect();
        lk = lk.with_list(ScreenList::from_records(ExclusionKind::OtherProgram, format!("penerima {}", p.tahun), "Berdaya", records));
    }
    Ok(lk)
}

/// Evaluate every application of a program with berdaya-screen (nothing written).
/// `progress(done, total)` is called from the screening threads as rows are evaluated.
pub async fn evaluate_program(
    db: &Db,
    p: &Program,
    progress: impl Fn(u64, u64) + Send + Sync + 'static,
) -> Result<Vec<(SubjectRow, Verdict)>, ServiceError> {
    let rs = rules::effective(&rule_set(p));
    let lk = lookups(db, p).await?;
    let rows = apps::subjects(db, p.id).await?;
    let mut docs: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (id, jenis) in apps::document_kinds(db, p.id).await? {
        docs.entry(id).or_default().push(jenis);
    }
    let applicants: Vec<Applicant> = rows.iter().enumerate().map(|(i, r)| applicant(i, r, &docs)).collect();
    let screening = tokio::task::spawn_blocking(move || berdaya_screen::screen_all(&rs, &applicants, &lk, &|pr: berdaya_screen::Progress| progress(pr.done, pr.total)))
        .await
        .map_err(|e| ServiceError::Other(anyhow::anyhow!("skrining gagal: {e}")))?;
    Ok(rows.into_iter().zip(screening.decisions.iter().map(rules::verdict)).collect())
}

/// How many would pass now, how many of them would actually get aid within the quota, and what
/// that costs against the remaining budget, also if the applications needing review pass.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct DryRun {
    /// Every application of the program, by what screening would decide now (an operator's
    /// settled review stands, as when the screening job runs).
    pub total: i64,
    pub layak: i64,
    pub tidak_layak: i64,
    pub perlu_ditinjau: i64,
    /// The program's quota; the places already taken by applications in a proposed or
    /// approved batch; what is left.
    pub kuota: i64,
    pub kuota_terpakai: i64,
    pub kuota_sisa: i64,
    /// Eligible applications not yet in a batch (the candidates for a new batch).
    pub layak_baru: i64,
    /// Of those, how many fit in the remaining quota; the rest miss out.
    pub penerima: i64,
    pub melebihi_kuota: i64,
    /// `penerima` × value per recipient.
    pub biaya: i64,
    /// Candidates if every application now needing review (not in a batch) passed, within the
    /// quota, and their cost.
    pub penerima_jika_ditinjau_lolos: i64,
    pub biaya_jika_ditinjau_lolos: i64,
    /// Money already committed to recipients (transfers waiting for a retry included) and in
    /// batches still waiting for a decision.
    pub terikat: i64,
    pub menunggu_ulang: i64,
    pub diusulkan: i64,
    /// Pagu − terikat − diusulkan.
    pub sisa_anggaran: i64,
    pub cukup: bool,
    pub cukup_jika_ditinjau_lolos: bool,
    /// BPK category → count of applicants failing for it.
    pub kategori: BTreeMap<String, i64>,
}

pub async fn dry_run(db: &Db, actor: &Actor, program_id: Uuid) -> Result<DryRun, ServiceError> {
    let p = programs::get(db, &actor.scope, program_id).await?;
    let results = evaluate_program(db, &p, |_, _| {}).await?;
    let mut d = DryRun { kuota: i64::from(p.kuota), ..Default::default() };
    let mut review_open = 0i64;
    for (r, dec) in &results {
        d.total += 1;
        // An operator's settled review stands, as in `screen_now`.
        let keputusan = if !r.catatan_tinjau.is_empty() && dec.keputusan == "perlu_ditinjau" { r.keputusan.as_str() } else { dec.keputusan.as_str() };
        let open = r.status == "diajukan";
        match keputusan {
            "layak" => {
                d.layak += 1;
                d.layak_baru += i64::from(open);
            }
            "tidak_layak" => d.tidak_layak += 1,
            _ => {
                d.perlu_ditinjau += 1;
                review_open += i64::from(open);
            }
        }
        if r.status == "diusulkan" || r.status == "disetujui" {
            d.kuota_terpakai += 1;
        }
        for k in &dec.kategori {
            *d.kategori.entry(k.clone()).or_default() += 1;
        }
    }
    d.kuota_sisa = (d.kuota - d.kuota_terpakai).max(0);
    d.penerima = d.layak_baru.min(d.kuota_sisa);
    d.melebihi_kuota = d.layak_baru - d.penerima;
    d.biaya = d.penerima.saturating_mul(p.nilai_per_penerima);
    d.penerima_jika_ditinjau_lolos = (d.layak_baru + review_open).min(d.kuota_sisa);
    d.biaya_jika_ditinjau_lolos = d.penerima_jika_ditinjau_lolos.saturating_mul(p.nilai_per_penerima);
    let b = budget::for_program(db, &actor.scope, &p).await?;
    d.terikat = b.committed;
    d.menunggu_ulang = b.menunggu_ulang;
    d.diusulkan = berdaya_store::aid::batches::pending(db, p.id).await?.1;
    d.sisa_anggaran = p.pagu - d.terikat - d.diusulkan;
    d.cukup = d.biaya <= d.sisa_anggaran;
    d.cukup_jika_ditinjau_lolos = d.biaya_jika_ditinjau_lolos <= d.sisa_anggaran;
    Ok(d)
}

#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    program_id: Uuid,
    user_id: Uuid,
    request_id: String,
    ip: String,
}

/// Queue the screening job for a program.
pub async fn queue(db: &Db, actor: &Actor, program_id: Uuid) -> Result<Uuid, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let user_id = actor.user_id.ok_or(ServiceError::Forbidden)?;
    let p = programs::get(db, &actor.scope, program_id).await?;
    let payload = Payload { program_id, user_id, request_id: actor.request_id.clone(), ip: actor.ip.clone() };
    let mut tx = db.begin().await?;
    let id = jobs::enqueue(
        &mut tx,
        &NewJob {
            kind: SCREEN_JOB.into(),
            payload: serde_json::to_value(&payload).map_err(anyhow::Error::from)?,
            region: p.region.clone(),
            created_by: Some(user_id),
            max_attempts: 3,
            dedup_key: None,
        },
    )
    .await?;
    audit::record(&mut tx, actor.audit("queue_screening", "aid_program", program_id, &p.region)).await?;
    tx.commit().await?;
    Ok(id)
}

/// The job: screen the program as the user who queued it, reporting progress.
pub async fn run(env: JobEnv, job: Job) -> anyhow::Result<serde_json::Value> {
    let p: Payload = serde_json::from_str(&job.payload)?;
    let actor = actor_for(&env.db, &ImportPayload { file_id: Uuid::nil(), user_id: p.user_id, mapping: String::new(), request_id: p.request_id, ip: p.ip }).await?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(i64, i64)>();
    let db = env.db.clone();
    let id = job.id;
    let progress = tokio::spawn(async move {
        while let Some(mut latest) = rx.recv().await {
            // Write only the newest count when several arrived while the last write ran.
            while let Ok(next) = rx.try_recv() {
                latest = next;
            }
            let _ = jobs::set_progress(&db, id, latest.0, latest.1).await;
        }
    });
    // The sender lives in the callback, so the channel closes when screening is done.
    let out = screen_now(&env.db, &actor, p.program_id, move |done, total| {
        let _ = tx.send((done, total));
    })
    .await;
    let _ = progress.await;
    out
}

/// Evaluate, then store decisions in chunks (each chunk one transaction with its audit row).
/// Safe to run twice: it overwrites the same decisions.
///
/// Progress counts two steps per application, evaluating it and storing its decision:
/// `progress(done, 2 × applications)`, so the bar moves during the evaluation (which is most
/// of the time for a large program) as well as while decisions are written.
pub async fn screen_now(
    db: &Db,
    actor: &Actor,
    program_id: Uuid,
    progress: impl Fn(i64, i64) + Send + Sync + 'static,
) -> anyhow::Result<serde_json::Value> {
    let progress = std::sync::Arc::new(progress);
    let program = programs::get(db, &actor.scope, program_id).await?;
    let during = progress.clone();
    // Screening threads report as they finish rows, not necessarily in order: pass on only
    // counts higher than any seen, so the bar never moves back.
    let seen = std::sync::atomic::AtomicU64::new(0);
    let results = evaluate_program(db, &program, move |done, total| {
        if seen.fetch_max(done, std::sync::atomic::Ordering::Relaxed) >= done {
            return;
        }
        let (done, total) = (i64::try_from(done).unwrap_or(i64::MAX), i64::try_from(total).unwrap_or(i64::MAX));
        during(done, total.saturating_mul(2));
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let total = results.len() as i64;
    let steps = total * 2;
    progress(total, steps);
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    let mut cats: BTreeMap<String, i64> = BTreeMap::new();
    let mut done = 0i64;
    for chunk in results.chunks(200) {
        let mut tx = db.begin().await?;
        let mut written = Vec::new();
        for (r, d) in chunk {
            *counts.entry(d.keputusan.clone()).or_default() += 1;
            for k in &d.kategori {
                *cats.entry(k.clone()).or_default() += 1;
            }
            // A review already resolved by an operator stays resolved.
            if r.status != "diajukan" || (!r.catatan_tinjau.is_empty() && d.keputusan == "perlu_ditinjau") {
                continue;
            }
            let hasil = serde_json::to_string(&d.hasil)?;
            apps::set_screening(&mut tx, r.id, &d.keputusan, &d.kategori.join(","), &d.alasan, &hasil).await?;
            written.push(serde_json::json!({"id": r.id, "keputusan": d.keputusan, "kategori": d.kategori}));
        }
        let mut e = actor.audit("screen", "aid_program", program.id, &program.region);
        e.after = Some(serde_json::json!({"decisions": written}));
        audit::record(&mut tx, e).await?;
        tx.commit().await?;
        done += chunk.len() as i64;
        progress(total + done, steps);
    }
    Ok(serde_json::json!({"program_id": program.id, "screened": total, "keputusan": counts, "kategori": cats}))
}

/// An operator settles "perlu ditinjau" as layak or tidak_layak, with a note (audited).
pub async fn resolve_review(db: &Db, actor: &Actor, application_id: Uuid, keputusan: &str, note: &str) -> Result<(), ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let mut f = FieldErrors::default();
    if keputusan != "layak" && keputusan != "tidak_layak" {
        f.add("keputusan", "Pilih layak atau tidak layak.");
    }
    let note = note.trim();
    if note.chars().count() < 5 {
        f.add("catatan", "Tulis alasan keputusan (paling sedikit 5 karakter).");
    } else if note.chars().count() > 1000 {
        f.add("catatan", "Maksimal 1000 karakter.");
    }
    f.into_result()?;
    let mut tx = db.begin().await?;
    let before = apps::get_tx(&mut tx, &actor.scope, application_id).await?;
    if let Err(e) = apps::resolve_review(&mut tx, application_id, keputusan, note).await {
        tx.rollback().await?;
        return Err(match e {
            berdaya_store::StoreError::Conflict { .. } => ServiceError::Conflict("Permohonan ini tidak sedang menunggu peninjauan.".into()),
            e => e.into(),
        });
    }
    let mut e = actor.audit("resolve_review", "aid_application", application_id, &before.region);
    e.before = Some(serde_json::json!({"keputusan": before.keputusan, "alasan": before.alasan}));
    e.after = Some(serde_json::json!({"keputusan": keputusan, "catatan": note}));
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(())
}
