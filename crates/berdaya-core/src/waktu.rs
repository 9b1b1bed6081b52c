//! Indonesian time zones: timestamps are stored in UTC and shown in WIB, WITA or WIT
//! according to the region.

use chrono::{DateTime, FixedOffset, Utc};

/// One of Indonesia's three time zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZonaWaktu {
    Wib,
    Wita,
    Wit,
}

impl ZonaWaktu {
    /// The zone of a region code (its provinsi decides); the nation uses WIB.
    pub fn for_region(kode: &str) -> ZonaWaktu {
        match kode.get(0..2).and_then(|p| p.parse::<u32>().ok()) {
            Some(51..=53) | Some(63..=65) | Some(71..=76) => ZonaWaktu::Wita,
            Some(81..=82) | Some(91..=97) => ZonaWaktu::Wit,
            _ => ZonaWaktu::Wib,
        }
    }

    pub fn offset_hours(self) -> i32 {
        match self {
            ZonaWaktu::Wib => 7,
            ZonaWaktu::Wita => 8,
            ZonaWaktu::Wit => 9,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ZonaWaktu::Wib => "WIB",
            ZonaWaktu::Wita => "WITA",
            ZonaWaktu::Wit => "WIT",
        }
    }

    /// `24/11/2026 12:05 WITA`
    pub fn format(self, t: &DateTime<Utc>) -> String {
        let off = FixedOffset::east_opt(self.offset_hours() * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
        format!("{} {}", t.with_timezone(&off).format("%d/%m/%Y %H:%M"), self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn zones_by_province() {
        assert_eq!(ZonaWaktu::for_region("64.74"), ZonaWaktu::Wita); // Kaltim
        assert_eq!(ZonaWaktu::for_region("36.74"), ZonaWaktu::Wib); // Banten
        assert_eq!(ZonaWaktu::for_region("91.03"), ZonaWaktu::Wit); // Papua
        assert_eq!(ZonaWaktu::for_region("51"), ZonaWaktu::Wita); // Bali
        assert_eq!(ZonaWaktu::for_region(""), ZonaWaktu::Wib);
    }

    #[test]
    fn formats_local_time() {
        let t = Utc.with_ymd_and_hms(2020, 7, 27, 1, 30, 0).unwrap();
        assert_eq!(ZonaWaktu::Wita.format(&t), "27/07/2020 09:30 WITA");
        assert_eq!(ZonaWaktu::Wib.format(&t), "27/07/2020 08:30 WIB");
    }
}
