//! Every integration test of this crate in one binary: one link and one file on disk
//! instead of one per test file. Run one file's tests with `cargo test -p berdaya-screen --test screen <file>::`.

mod common;

mod blocks;
mod bpum;
mod categories;
mod files;
mod regression;
mod rules;
