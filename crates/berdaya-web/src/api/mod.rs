//! `/api/v1`: JSON for programs, described by an OpenAPI document generated from the code.

mod aid;
mod audit;
mod complaints;
mod extract;
mod jobs;
mod paging;
mod regions;
mod registry;
mod training;
mod users;

use axum::Json;
use axum::Router;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use utoipa_swagger_ui::SwaggerUi;

pub use extract::fallback;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Berdaya API", version = "1", description = "API sistem pemberdayaan UMKM. Autentikasi: `Authorization: Bearer <token>` (buat token di halaman Akun › Token API). Galat: `{\"errors\":[{\"code\",\"detail\",\"field\"}]}`. Daftar pelaku usaha dan usaha dibagi per halaman: selama masih ada halaman berikutnya, header `Link: <…>; rel=\"next\"` memuat alamatnya."),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

/// The API routes, the OpenAPI document and the Swagger UI.
pub fn router(_state: AppState) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let v1 = OpenApiRouter::new()
        .routes(routes!(regions::get_region))
        .routes(routes!(regions::search_regions))
        .routes(routes!(users::me))
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(users::get_user, users::update_user))
        .routes(routes!(users::list_agencies))
        .routes(routes!(users::get_agency))
        .routes(routes!(audit::list_audit))
        .routes(routes!(jobs::get_job))
        .routes(routes!(registry::list_owners, registry::create_owner))
        .routes(routes!(registry::get_owner, registry::update_owner))
        .routes(routes!(registry::list_businesses))
        .routes(routes!(registry::get_business, registry::update_business))
        .routes(routes!(registry::create_business))
        .routes(routes!(complaints::list_complaints, complaints::submit_complaint))
        .routes(routes!(complaints::track_complaint))
        .routes(routes!(complaints::get_complaint))
        .routes(routes!(complaints::respond_complaint))
        .routes(routes!(complaints::status_complaint))
        .routes(routes!(complaints::escalate_complaint))
        .routes(routes!(complaints::assign_complaint))
        .routes(routes!(aid::list_programs, aid::create_program))
        .routes(routes!(aid::budget_summary))
        .routes(routes!(aid::get_program))
        .routes(routes!(aid::list_applications, aid::create_application))
        .routes(routes!(aid::screen))
        .routes(routes!(aid::dry_run))
        .routes(routes!(aid::decide))
        .routes(routes!(training::list_trainings))
        .routes(routes!(training::get_training))
        .routes(routes!(training::list_participants, training::add_participant))
        .routes(routes!(training::bulk_add))
        .routes(routes!(training::withdraw))
        .routes(routes!(training::put_attendance))
        .routes(routes!(training::issue_certificates));
    let (api, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1).split_for_parts();
    let doc_for_json = doc.clone();
    let router = Router::new()
        .merge(api)
        .route("/api/v1/openapi.json", get(move || async move { Json(doc_for_json) }))
        .merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi-ui.json", doc.clone()))
        .method_not_allowed_fallback(extract::method_not_allowed);
    (router, doc)
}
