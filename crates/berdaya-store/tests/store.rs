//! Every integration test of this crate in one binary: one link and one file on disk
//! instead of one per test file. Run one file's tests with `cargo test -p berdaya-store --test store <file>::`.

mod registry;

mod aid;
mod bulk_load;
mod bulk_write;
mod complaints;
mod file_purpose;
mod owner_merge;
mod registry_list;
mod registry_search;
mod story;
mod training;
