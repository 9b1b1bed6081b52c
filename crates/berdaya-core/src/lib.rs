//! Domain types and rules of Berdaya. No HTTP, no SQL.
//!
//! Every type here is "parse, don't validate": a value can only hold valid data.

pub mod kbli;
pub mod mask;
pub mod nib;
pub mod nik;
pub mod phone;
pub mod refdata;
pub mod role;
pub mod rupiah;
pub mod scope;
pub mod skala;
pub mod tanggal;
pub mod teks;
pub mod waktu;
pub mod wilayah;

pub use kbli::{KategoriKbli, Kbli, KbliVersion};
pub use nib::Nib;
pub use nik::{JenisKelamin, Nik};
pub use phone::NoHp;
pub use role::Role;
pub use rupiah::Rupiah;
pub use scope::Scope;
pub use skala::SkalaUsaha;
pub use wilayah::{KodeWilayah, Tingkat};
