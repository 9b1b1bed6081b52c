//! Every integration test of this crate in one binary: one link and one file on disk
//! instead of one per test file. Run one file's tests with `cargo test -p berdaya-pdf --test pdf <file>::`.

mod common;

mod bast_report;
mod certificate;
mod invalid;
mod list;
