//! Staff roles and what each may do.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Manages the agency's users and settings; reads and writes everything in scope.
    Admin,
    /// Head of the agency or a unit: reads all in scope, approves.
    Pimpinan,
    /// Day-to-day data entry: reads and writes in scope.
    Operator,
    /// Field verification.
    Surveyor,
    /// Mentor (pendamping) of businesses.
    Pendamping,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Pimpinan, Role::Operator, Role::Surveyor, Role::Pendamping];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Pimpinan => "pimpinan",
            Role::Operator => "operator",
            Role::Surveyor => "surveyor",
            Role::Pendamping => "pendamping",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim().to_ascii_lowercase())
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Pimpinan => "Pimpinan",
            Role::Operator => "Operator",
            Role::Surveyor => "Surveyor",
            Role::Pendamping => "Pendamping",
        }
    }

    /// May create and change users of the agency.
    pub fn can_manage_users(self) -> bool {
        matches!(self, Role::Admin)
    }

    /// May read the audit log of its scope.
    pub fn can_read_audit(self) -> bool {
        matches!(self, Role::Admin | Role::Pimpinan)
    }

    /// May see full personal data (NIK, KK, phone, address) rather than masked values.
    pub fn sees_personal_data(self) -> bool {
        matches!(self, Role::Admin | Role::Operator | Role::Surveyor)
    }

    /// May write ordinary records (registry, trainings, applications) in scope.
    pub fn can_write_records(self) -> bool {
        matches!(self, Role::Admin | Role::Operator)
    }

    /// May approve (checker side of maker-checker).
    pub fn can_approve(self) -> bool {
        matches!(self, Role::Pimpinan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse(" Operator "), Some(Role::Operator));
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn only_admin_manages_users_and_only_pimpinan_approves() {
        assert!(Role::Admin.can_manage_users());
        assert!(!Role::Operator.can_manage_users());
        assert!(Role::Pimpinan.can_approve());
        assert!(!Role::Operator.can_approve());
        assert!(!Role::Pimpinan.can_write_records());
    }
}
