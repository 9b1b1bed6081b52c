//! Persistence for Berdaya on SQLite (embedded default) and PostgreSQL (server).
//!
//! Each domain owns its SQL in its own module, written once in the subset both databases
//! accept (`$1` placeholders, `RETURNING`, `ON CONFLICT`). [`on_db!`] and [`on_tx!`] run the
//! same query text against whichever backend is configured.

pub mod agencies;
pub mod aid;
pub mod audit;
pub mod bulk;
pub mod bulk_load;
mod bulk_pg;
mod bulk_sqlite;
pub mod business_photos;
pub mod businesses;
pub mod complaints;
pub mod db;
pub mod duplicates;
pub mod error;
pub mod files;
pub mod jobs;
pub mod owners;
pub mod regions;
pub mod scope;
pub mod search_index;
pub mod sessions;
pub mod settings;
#[doc(hidden)]
pub mod testing;
pub mod training;
pub mod users;

pub use db::{Backend, Db, Tx};
pub use error::StoreError;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Current time truncated to microseconds (what both databases keep), in UTC.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::{DurationRound, TimeDelta};
    let t = chrono::Utc::now();
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}

/// A new time-ordered id (UUIDv7): generated in the app so tables can be sharded.
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}
