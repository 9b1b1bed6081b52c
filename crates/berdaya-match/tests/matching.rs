//! Every integration test of this crate in one binary: one link and one file on disk
//! instead of one per test file. Run one file's tests with `cargo test -p berdaya-match --test matching <file>::`.

mod common;

mod cli;
mod em;
mod engine;
