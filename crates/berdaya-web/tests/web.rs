//! Every integration test of this crate in one binary: one link and one file on disk
//! instead of one per test file. Run one file's tests with `cargo test -p berdaya-web --test web <file>::`.

mod aid_support;
mod common;

mod aid;
mod api;
mod api_contract;
mod auth;
mod browser;
mod browser_aid;
mod browser_complaints;
mod browser_import;
mod browser_training;
mod complaints;
mod duplicates;
mod import_pages;
mod import_regions;
mod registry;
mod registry_api;
mod registry_detail;
mod registry_list_page;
mod registry_photos;
mod scope_matrix;
mod training;
