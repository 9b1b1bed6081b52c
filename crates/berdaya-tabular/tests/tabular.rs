//! Every integration test of this crate in one binary: one link and one file on disk
//! instead of one per test file. Run one file's tests with `cargo test -p berdaya-tabular --test tabular <file>::`.

mod common;

mod convert;
mod export;
mod header;
mod import_fixtures;
mod mapping;
mod streaming;
