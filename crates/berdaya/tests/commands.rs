//! Every integration test of this crate in one binary: one link and one file on disk
//! instead of one per test file. Run one file's tests with `cargo test -p berdaya --test commands <file>::`.

mod cli;
mod dedup_cli;
mod demo;
mod import;
mod import_messy;
