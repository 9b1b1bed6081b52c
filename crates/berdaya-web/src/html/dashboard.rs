use askama::Template;
use axum::extract::State;
use axum::response::Response;
use berdaya_core::Scope;
use berdaya_store::{agencies, audit, businesses, jobs, owners, regions, users};

use crate::auth::Ctx;
use crate::error::AppError;
use crate::html::{Layout, render, ribuan};
use crate::state::AppState;

pub struct JobLine {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub progress: String,
    pub created: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    l: Layout,
    scope_label: String,
    agencies: String,
    users: String,
    kecamatan: String,
    desa: String,
    penduduk: String,
    audit_rows: String,
    owners: String,
    businesses: String,
    jobs: Vec<JobLine>,
    complaints: berdaya_store::complaints::Counts,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let db = &state.db;
    let (scope_label, kec, desa, penduduk) = match &ctx.scope {
        Scope::National => {
            let counts = regions::count_by_level(db).await?;
            let get = |t: &str| counts.iter().find(|(k, _)| k == t).map(|x| x.1).unwrap_or(0);
            ("Nasional".to_string(), get("kecamatan"), get("desakel"), regions::national_population(db).await?)
        }
        Scope::Region(k) => {
            let r = regions::get(db, &k.dotted()).await?;
            let (kec, desa) = regions::descendant_counts(db, &k.dotted()).await?;
            (r.as_ref().map(|r| r.nama.clone()).unwrap_or_default(), kec, desa, r.and_then(|r| r.penduduk).unwrap_or(0))
        }
    };
    let l = Layout::new(&ctx, "beranda");
    let jobs = jobs::list_recent(db, &ctx.scope, 5)
        .await?
        .into_iter()
        .map(|j| JobLine {
            id: j.id.to_string(),
            kind: j.kind,
            status: j.status,
            progress: format!("{}/{}", j.progress_done, j.progress_total),
            created: l.time(&j.created_at),
        })
        .collect();
    let page = Dashboard {
        scope_label,
        agencies: ribuan(agencies::list(db, &ctx.scope).await?.len() as i64),
        users: ribuan(users::count(db, &ctx.scope).await?),
        kecamatan: ribuan(kec),
        desa: ribuan(desa),
        penduduk: ribuan(penduduk),
        audit_rows: ribuan(audit::count(db, &ctx.scope).await?),
        owners: ribuan(owners::count(db, &ctx.scope).await?),
        businesses: ribuan(businesses::count(db, &ctx.scope).await?),
        jobs,
        complaints: berdaya_store::complaints::counts(db, &ctx.scope, berdaya_store::now()).await?,
        l,
    };
    render(&page)
}
