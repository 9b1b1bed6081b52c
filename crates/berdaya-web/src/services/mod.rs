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
