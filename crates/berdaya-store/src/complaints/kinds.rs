//! The fixed vocabularies of a complaint: its category and its status.

use serde::Serialize;

/// What a complaint is about (it may concern any program).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Category {
    /// Aid is slow or never arrived.
    BantuanLambat,
    /// Registry data about the reporter is wrong.
    DataSalah,
    Pelatihan,
    /// Someone asked for money (illegal levy).
    PungutanLiar,
    Lainnya,
}

impl Category {
    pub const ALL: [Category; 5] =
        [Category::BantuanLambat, Category::DataSalah, Category::Pelatihan, Category::PungutanLiar, Category::Lainnya];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::BantuanLambat => "bantuan_lambat",
            Category::DataSalah => "data_salah",
            Category::Pelatihan => "pelatihan",
            Category::PungutanLiar => "pungutan_liar",
            Category::Lainnya => "lainnya",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::BantuanLambat => "Bantuan lambat / tidak diterima",
            Category::DataSalah => "Data saya salah",
            Category::Pelatihan => "Pelatihan",
            Category::PungutanLiar => "Pungutan liar",
            Category::Lainnya => "Lainnya",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }
}

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    Baru,
    Diproses,
    /// Waiting for the reporter (more information, a document).
    MenungguPelapor,
    Selesai,
    Ditolak,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Baru, Status::Diproses, Status::MenungguPelapor, Status::Selesai, Status::Ditolak];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Baru => "baru",
            Status::Diproses => "diproses",
            Status::MenungguPelapor => "menunggu_pelapor",
            Status::Selesai => "selesai",
            Status::Ditolak => "ditolak",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Baru => "Baru",
            Status::Diproses => "Diproses",
            Status::MenungguPelapor => "Menunggu pelapor",
            Status::Selesai => "Selesai",
            Status::Ditolak => "Ditolak",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }

    pub fn is_open(self) -> bool {
        !matches!(self, Status::Selesai | Status::Ditolak)
    }

    /// The open statuses as an SQL list (constants only, no user input).
    pub(crate) fn open_sql() -> &'static str {
        "'baru', 'diproses', 'menunggu_pelapor'"
    }
}

/// Label of a stored status or category, or the raw text when unknown.
pub fn status_label(s: &str) -> &str {
    Status::parse(s).map(Status::label).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_roundtrip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("tutup"), None);
        assert!(Status::MenungguPelapor.is_open());
        assert!(!Status::Ditolak.is_open());
        assert_eq!(status_label("diproses"), "Diproses");
    }
}
