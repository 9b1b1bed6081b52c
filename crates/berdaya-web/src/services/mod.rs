//! Services: one function per use case, called by both HTML and JSON handlers.

pub mod accounts;
pub mod agencies;
pub mod aid;
pub mod audit;
pub mod complaints;
pub mod export;
pub mod import;
pub mod letterhead;
pub mod registry;
pub mod training;
pub mod uploads;

use berdaya_core::{Role, Scope};
use berdaya_store::audit::AuditEntry;
use uuid::Uuid;

use crate::auth::{ApiCtx, Ctx};

/// Who is acting, for permission checks and the audit log.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<Uuid>,
    pub username: String,
    pub role: Role,
    pub scope: Scope,
    pub request_id: String,
    pub ip: String,
}

impl Actor {
    /// The command line (`berdaya admin …`): national scope, recorded as "cli".
    pub fn cli() -> Actor {
        Actor {
            user_id: None,
            username: "cli".into(),
            role: Role::Admin,
            scope: Scope::National,
            request_id: String::new(),
            ip: String::new(),
        }
    }

    pub fn audit(&self, action: &str, entity_type: &str, entity_id: impl ToString, region: &str) -> AuditEntry {
        AuditEntry {
            actor_id: self.user_id,
            actor_name: self.username.clone(),
            region: region.to_string(),
            action: action.into(),
            entity_type: entity_type.into(),
            entity_id: entity_id.to_string(),
            before: None,
            after: None,
            request_id: self.request_id.clone(),
            ip: self.ip.clone(),
        }
    }
}

impl From<&Ctx> for Actor {
    fn from(c: &Ctx) -> Actor {
        Actor {
            user_id: Some(c.user.id),
            username: c.user.username.clone(),
            role: c.role,
            scope: c.scope.clone(),
            request_id: c.meta.request_id.clone(),
            ip: c.meta.ip.clone(),
        }
    }
}

impl From<&ApiCtx> for Actor {
    fn from(c: &ApiCtx) -> Actor {
        Actor {
            user_id: Some(c.user.id),
            username: c.user.username.clone(),
            role: c.role,
            scope: c.scope.clone(),
            request_id: c.meta.request_id.clone(),
            ip: c.meta.ip.clone(),
        }
    }
}

/// Trimmed text with a maximum length, or a message.
pub fn text(value: &str, max: usize) -> Result<String, String> {
    let v = value.trim().to_string();
    if v.chars().count() > max {
        return Err(format!("Maksimal {max} karakter."));
    }
    Ok(v)
}

/// Latitude and longitude typed on a form ("0,1337" or "0.1337"; either may be empty), each
/// refused with a message on its own field when it is not a number inside Indonesia.
pub fn coordinates(f: &mut crate::error::FieldErrors, lat: &str, lon: &str) -> (Option<f64>, Option<f64>) {
    fn one(f: &mut crate::error::FieldErrors, field: &str, raw: &str, range: std::ops::RangeInclusive<f64>) -> Option<f64> {
        match raw.trim() {
            "" => None,
            s => match s.replace(',', ".").parse::<f64>() {
                Ok(v) if range.contains(&v) => Some(v),
                _ => {
                    f.add(field, "Koordinat tidak valid atau di luar wilayah Indonesia (lintang -11,5 s.d. 6,5; bujur 94 s.d. 141,5).");
                    None
                }
            },
        }
    }
    (one(f, "lat", lat, -11.5..=6.5), one(f, "lon", lon, 94.0..=141.5))
}
