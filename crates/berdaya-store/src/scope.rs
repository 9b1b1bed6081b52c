//! The one place that turns a user's [`Scope`] into SQL.
//!
//! Every scoped table has a `region` column holding a dotted Kemendagri code ('' for
//! national records). A row is in scope when its region equals the scope root or lies below
//! it. Store functions for scoped tables take a `&Scope` and use [`ScopeSql`]; a row outside
//! the scope is reported as not found, so a handler cannot leak or change it by accident.

use berdaya_core::Scope;

/// Bind values for `(region = $a OR region LIKE $b)`.
#[derive(Debug, Clone)]
pub struct ScopeSql {
    pub root: String,
    pub pattern: String,
}

impl ScopeSql {
    pub fn new(scope: &Scope) -> ScopeSql {
        match scope {
            // '' = '' matches national rows; LIKE '%' matches every other row.
            Scope::National => ScopeSql { root: String::new(), pattern: "%".into() },
            Scope::Region(_) => ScopeSql { root: scope.root().unwrap_or_default(), pattern: scope.like_pattern() },
        }
    }

    /// The condition for column `col`, with the two bind positions `a` and `b`.
    pub fn cond(col: &str, a: usize, b: usize) -> String {
        format!("({col} = ${a} OR {col} LIKE ${b})")
    }
}

/// `SELECT cols FROM table WHERE id = $1` restricted to `scope`, as `Result<Option<T>, sqlx::Error>`,
/// on a pool or a transaction's connection: the one scoped fetch-by-id every domain uses.
#[macro_export]
macro_rules! fetch_scoped_by_id {
    ($conn:expr, $ty:ty, $table:expr, $cols:expr, $scope:expr, $id:expr) => {{
        let s = $crate::scope::ScopeSql::new($scope);
        let sql = format!("SELECT {} FROM {} WHERE id = $1 AND {}", $cols, $table, $crate::scope::ScopeSql::cond("region", 2, 3));
        sqlx::query_as::<_, $ty>(sqlx::AssertSqlSafe(sql.as_str())).bind($id).bind(s.root).bind(s.pattern).fetch_optional($conn).await
    }};
}

/// True when a stored region string lies in `scope` (for rows fetched without a filter).
pub fn region_in_scope(scope: &Scope, region: &str) -> bool {
    match scope {
        Scope::National => true,
        Scope::Region(root) => {
            let r = root.dotted();
            region == r || (region.starts_with(&r) && region.as_bytes().get(r.len()) == Some(&b'.'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use berdaya_core::KodeWilayah;

    #[test]
    fn in_scope_respects_dot_boundaries() {
        let prov = Scope::Region(KodeWilayah::parse("64").unwrap());
        assert!(region_in_scope(&prov, "64.74"));
        let kota = Scope::Region(KodeWilayah::parse("64.74").unwrap());
        assert!(region_in_scope(&kota, "64.74"));
        assert!(region_in_scope(&kota, "64.74.01.1001"));
        assert!(!region_in_scope(&kota, "64.741"));
        assert!(!region_in_scope(&kota, "64.71"));
        assert!(!region_in_scope(&kota, ""));
        assert!(region_in_scope(&Scope::National, ""));
    }
}
