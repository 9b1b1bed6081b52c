use thiserror::Error;

/// What went wrong in the store, in terms a service can act on.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    /// A unique or foreign-key constraint refused the change.
    #[error("constraint violated: {constraint}")]
    Conflict { constraint: String },
    #[error("database error")]
    Db(#[source] sqlx::Error),
    #[error("migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() || db.is_foreign_key_violation() => {
                let constraint = db.constraint().map(str::to_string).unwrap_or_else(|| db.message().to_string());
                StoreError::Conflict { constraint }
            }
            _ => StoreError::Db(e),
        }
    }
}

impl StoreError {
    pub fn is_conflict(&self) -> bool {
        matches!(self, StoreError::Conflict { .. })
    }
}
