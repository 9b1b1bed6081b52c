//! Applications: entered by operators for a registered owner (or a new person, created
//! through the registry service so the NIK rules apply), or imported from proposal lists
//! with the registry importer's formats and column mapping. One per NIK per program.

use berdaya_core::teks::search_key;
use berdaya_store::aid::applications::{self as apps, Application};
use berdaya_store::aid::{self as programs};
use berdaya_store::{Db, StoreError, audit, businesses, owners};
use berdaya_tabular::{Mapping, Table};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{FieldErrors, ServiceError};
use crate::services::Actor;
use crate::services::aid::json;
use crate::services::registry::{self, input::BusinessInput, input::OwnerInput};

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ApplicationInput {
    /// A registered owner (or give `nik` of one).
    pub owner_id: Option<Uuid>,
    pub nik: String,
    /// A person not yet registered: created through the registry first.
    pub owner_baru: Option<OwnerInput>,
    pub usaha_baru: Option<BusinessInput>,
    pub bank: String,
    pub no_rekening: String,
}

pub(super) fn check_account(f: &mut FieldErrors, bank: &str, acct: &str, cash: bool) {
    let digits = acct.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>();
    if !digits.is_empty() && (!digits.chars().all(|c| c.is_ascii_digit()) || !(6..=20).contains(&digits.len())) {
        f.add("no_rekening", "Nomor rekening 6–20 digit angka.");
    }
    if cash && !digits.is_empty() && bank.trim().is_empty() {
        f.add("bank", "Isi nama bank untuk nomor rekening ini.");
    }
    if bank.chars().count() > 60 {
        f.add("bank", "Maksimal 60 karakter.");
    }
}

pub(super) fn new_row(program_id: Uuid, o: &owners::Owner, business_id: Option<Uuid>, bank: &str, acct: &str, sumber: &str, actor: &Actor) -> Application {
    let now = berdaya_store::now();
    Application {
        id: berdaya_store::new_id(),
        program_id,
        region: o.region.clone(),
        owner_id: o.id,
        business_id,
        nik: o.nik.clone(),
        no_kk: o.no_kk.clone(),
        nama: o.nama.clone(),
        bank: bank.trim().to_string(),
        no_rekening: acct.chars().filter(|c| c.is_ascii_digit()).collect(),
        status: "diajukan".into(),
        keputusan: String::new(),
        kategori: String::new(),
        alasan: String::new(),
        hasil_aturan: "[]".into(),
        diskrining_at: None,
        catatan_tinjau: String::new(),
        surveyor_id: None,
        survei_status: String::new(),
        usaha_ada: None,
        lat: None,
        lon: None,
        catatan_survei: String::new(),
        foto_survei_id: None,
        disurvei_at: None,
        batch_id: None,
        sumber: sumber.into(),
        created_by: actor.user_id,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// Enter one application.
pub async fn create(db: &Db, actor: &Actor, program_id: Uuid, input: &ApplicationInput) -> Result<Application, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let program = programs::get(db, &actor.scope, program_id).await?;
    let mut f = FieldErrors::default();
    check_account(&mut f, &input.bank, &input.no_rekening, super::is_cash(&program.jenis));
    let owner_id = match (input.owner_id, input.nik.trim()) {
        (Some(id), _) => Some(id),
        (None, "") => None,
        (None, nik) => owners::owner_for_nik(db, &nik.chars().filter(|c| c.is_ascii_digit()).collect::<String>()).await?,
    };
    let owner = match owner_id {
        Some(id) => match owners::get(db, &actor.scope, id).await {
            Ok(o) => Some(o),
            Err(StoreError::NotFound) => {
                f.add("nik", "NIK terdaftar di luar wilayah kerja anda.");
                None
            }
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    if owner.is_none() && input.owner_baru.is_none() && f.is_empty() {
        f.add("nik", "NIK belum terdaftar: isi data pelaku usaha baru.");
    }
    f.into_result()?;
    let owner = match owner {
        Some(o) => o,
        None => {
            let new = input.owner_baru.as_ref().ok_or(ServiceError::Invalid(FieldErrors::default()))?;
            registry::create_owner(db, actor, new, input.usaha_baru.as_ref()).await?
        }
    };
    let business_id = businesses::for_owner(db, owner.id).await?.first().map(|b| b.id);
    let row = new_row(program_id, &owner, business_id, &input.bank, &input.no_rekening, "input", actor);
    let mut tx = db.begin().await?;
    match apps::insert(&mut tx, &row).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => {
            tx.rollback().await?;
            return Err(ServiceError::Conflict(format!("NIK {} sudah mengajukan di program ini.", berdaya_core::mask::mask_middle(&owner.nik, 4, 2))));
        }
        Err(e) => return Err(e.into()),
    }
    let mut e = actor.audit("create", "aid_application", row.id, &row.region);
    e.after = Some(json(&row)?);
    audit::record(&mut tx, e).await?;
    tx.commit().await?;
    Ok(row)
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ProposalSummary {
    pub rows: u64,
    pub applications: u64,
    pub already_applied: u64,
    pub rejected: u64,
    pub reasons: Vec<String>,
}

/// Header positions of bank and account columns in a proposal list (not registry fields).
fn bank_columns(table: &Table) -> (Option<usize>, Option<usize>) {
    let cols = &table.header().columns;
    let find = |words: &[&str]| cols.iter().position(|h| words.iter().any(|w| search_key(h).contains(w)));
    (find(&["bank"]).filter(|i| !search_key(&cols[*i]).contains("rek")), find(&["rekening", "no rek"]))
}

/// Import a proposal list (kelurahan, bank, association): owners go through the registry
/// importer (new people are registered, known NIKs reused), then one application per owner.
pub async fn import_proposals(db: &Db, actor: &Actor, program_id: Uuid, table: Table, mapping: &Mapping) -> Result<ProposalSummary, ServiceError> {
    if !actor.role.can_write_records() {
        return Err(ServiceError::Forbidden);
    }
    let program = programs::get(db, &actor.scope, program_id).await?;
    let (bank_col, acct_col) = bank_columns(&table);
    let mut people: Vec<(u64, Uuid, String, String)> = Vec::new();
    let mut sum = ProposalSummary::default();
    let mut reasons = Vec::new();
    crate::services::import::run_import(
        db,
        actor,
        table,
        mapping,
        |raw, out| match out.owner_id {
            Some(id) => {
                let cell = |c: Option<usize>| c.and_then(|i| raw.cells.get(i)).cloned().unwrap_or_default();
                people.push((raw.number, id, cell(bank_col), cell(acct_col)));
            }
            None => reasons.push(format!("Baris {}: {}", raw.number, out.reason)),
        },
        |_, _| {},
    )
    .await?;
    sum.rows = (people.len() + reasons.len()) as u64;
    sum.rejected = reasons.len() as u64;
    let mut tx = db.begin().await?;
    let mut created = Vec::new();
    for (row, owner_id, bank, acct) in people {
        let o = owners::get_for_update(&mut tx, &actor.scope, owner_id).await?;
        let mut f = FieldErrors::default();
        check_account(&mut f, &bank, &acct, super::is_cash(&program.jenis));
        let (bank, acct) = if f.is_empty() { (bank, acct) } else {
            reasons.push(format!("Baris {row}: rekening diabaikan ({}).", f.0.values().cloned().collect::<Vec<_>>().join(" ")));
            (String::new(), String::new())
        };
        if apps::exists_for_nik(&mut tx, program_id, &o.nik).await? {
            sum.already_applied += 1;
            continue;
        }
        let biz = apps::first_business_tx(&mut tx, o.id).await?;
        let a = new_row(program_id, &o, biz, &bank, &acct, "impor", actor);
        apps::insert(&mut tx, &a).await?;
        created.push(a.id);
    }
    sum.applications = created.len() as u64;
    if !created.is_empty() {
        let mut e = actor.audit("import", "aid_application_batch", program_id, &program.region);
        e.after = Some(serde_json::json!({"applications": created}));
        audit::record(&mut tx, e).await?;
    }
    tx.commit().await?;
    sum.reasons = reasons.into_iter().take(50).collect();
    Ok(sum)
}
