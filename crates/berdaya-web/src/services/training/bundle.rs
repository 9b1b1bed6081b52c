//! The certificates of a batch as PDFs (berdaya-pdf) in one ZIP, stored as a generated file.

use std::io::Write;

use berdaya_pdf::{CertificateDoc, Kop, SignatureBlock, Signatory};
use berdaya_store::training::certificates::{self, Certificate};
use berdaya_store::training::{Batch, Program, batches, programs};
use berdaya_store::{Db, agencies, jobs};
use uuid::Uuid;

use crate::services::{Actor, letterhead};
use crate::worker::JobEnv;
use super::audit_change;

/// Documents rendered per step (progress is reported after each).
const CHUNK: usize = 50;

/// Everything but the per-person fields, shared by the whole batch.
pub struct Template {
    pub kop: Kop,
    pub place: String,
    pub signatory: Signatory,
}

/// The agency's kop and place (`letterhead`, the same as on aid documents). The signatory is
/// the one named on the batch; when that is the agency's own signatory (or the batch names
/// none) its rank and NIP are printed too.
pub async fn template(env: &JobEnv, p: &Program, b: &Batch) -> anyhow::Result<Template> {
    let agency = agencies::get_unscoped(&env.db, p.agency_id).await?;
    let lh = letterhead::load(&env.db, &env.storage, agency).await?;
    let name = b.penandatangan_nama.trim();
    let signatory = if name.is_empty() || (lh.signatory_set && name == lh.signatory.name) {
        Signatory { title: Some(b.penandatangan_jabatan.trim().to_string()).filter(|t| !t.is_empty()).unwrap_or(lh.signatory.title.clone()), ..lh.signatory }
    } else {
        Signatory { title: b.penandatangan_jabatan.clone(), name: name.to_string(), nip: None, rank: None }
    };
    Ok(Template { kop: lh.kop, place: lh.place, signatory })
}

pub fn doc(t: &Template, p: &Program, b: &Batch, c: &Certificate, base_url: &str) -> CertificateDoc {
    CertificateDoc {
        kop: t.kop.clone(),
        number: c.nomor.clone(),
        participant_name: c.nama.clone(),
        participant_detail: None,
        training_title: p.judul.clone(),
        competency: Some(p.kompetensi.clone()).filter(|k| !k.is_empty()),
        start_date: b.tanggal_mulai,
        end_date: b.tanggal_selesai,
        venue: b.tempat.clone(),
        signature: SignatureBlock { place: t.place.clone(), date: b.tanggal_selesai, signatory: t.signatory.clone() },
        verify_url: format!("{}/sertifikat/{}", base_url.trim_end_matches('/'), c.kode),
    }
}

fn slug(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-")
}

/// Render every valid certificate of a batch and zip them; `progress(done, total)`.
pub async fn render_zip(env: &JobEnv, p: &Program, b: &Batch, certs: &[Certificate], base_url: &str, mut progress: impl FnMut(usize, usize)) -> anyhow::Result<Vec<u8>> {
    let t = template(env, p, b).await?;
    let docs: Vec<CertificateDoc> = certs.iter().map(|c| doc(&t, p, b, c, base_url)).collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // PDF streams are compressed already: store them as they are.
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut done = 0;
    for (chunk_docs, chunk_certs) in docs.chunks(CHUNK).zip(certs.chunks(CHUNK)) {
        let owned = chunk_docs.to_vec();
        let pdfs = tokio::task::spawn_blocking(move || berdaya_pdf::certificates(&owned)).await??;
        for (pdf, c) in pdfs.iter().zip(chunk_certs) {
            zip.start_file(format!("{:04}-{}.pdf", c.nomor_urut, slug(&c.nama)), opts)?;
            zip.write_all(pdf)?;
        }
        done += pdfs.len();
        progress(done, certs.len());
    }
    Ok(zip.finish()?.into_inner())
}

/// The ZIP of a batch's valid certificates, stored and audited. None when there are none.
pub async fn zip_for_batch(env: &JobEnv, actor: &Actor, job_id: Uuid, batch_id: Uuid, base_url: &str) -> anyhow::Result<Option<(Uuid, String)>> {
    let b = batches::get(&env.db, &actor.scope, batch_id).await?;
    let p = programs::get(&env.db, &actor.scope, b.program_id).await?;
    let certs: Vec<Certificate> = certificates::for_batch(&env.db, &actor.scope, batch_id).await?.into_iter().filter(|c| c.dicabut_at.is_none()).collect();
    if certs.is_empty() {
        return Ok(None);
    }
    let db: Db = env.db.clone();
    let bytes = render_zip(env, &p, &b, &certs, base_url, |d, t| {
        let db = db.clone();
        tokio::spawn(async move {
            let _ = jobs::set_progress(&db, job_id, d as i64, t as i64).await;
        });
    })
    .await?;
    let name = format!("sertifikat-{}-{}.zip", slug(&p.judul), slug(&b.nama));
    let mut tx = env.db.begin().await?;
    let stored = env.storage.put_generated(&mut tx, bytes.into(), &name, "application/zip", &b.region, actor.user_id).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    audit_change(&mut tx, actor.audit("export", "training_certificates", stored.id, &b.region), None, Some(serde_json::json!({"batch_id": batch_id, "certificates": certs.len()}))).await?;
    tx.commit().await?;
    Ok(Some((stored.id, name)))
}
