//! The rules of a complaint that need no database: tracking codes, which status may follow
//! which, and SLA deadlines counted in working days.

use berdaya_core::waktu::ZonaWaktu;
use berdaya_store::complaints::Status;
use chrono::{DateTime, Datelike, Duration, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// Letters and digits that cannot be mistaken for each other when read aloud or copied by
/// hand: no 0/O and no 1/I.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
pub const CODE_LEN: usize = 10;

/// A new tracking code: 10 characters from 32 symbols (50 bits), from the system's randomness.
pub fn new_code() -> anyhow::Result<String> {
    let bytes = crate::auth::password::random_bytes::<CODE_LEN>()?;
    Ok(bytes.iter().map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char).collect())
}

/// `ABCDEFGHJK` → `ABCDE-FGHJK`, easier to read aloud.
pub fn display_code(code: &str) -> String {
    if code.len() == CODE_LEN { format!("{}-{}", &code[..5], &code[5..]) } else { code.to_string() }
}

/// A code as typed (any case, spaces, dashes) in its stored form, or why it cannot be one.
pub fn normalize_code(input: &str) -> Result<String, &'static str> {
    let code: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase();
    if code.is_empty() {
        return Err("Isi kode pelacakan yang anda terima saat mengirim pengaduan.");
    }
    if code.chars().any(|c| matches!(c, '0' | 'O' | '1' | 'I')) {
        return Err("Kode pelacakan tidak memakai angka 0 dan 1 maupun huruf O dan I; periksa kembali kode anda.");
    }
    if code.len() != CODE_LEN || !code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return Err("Kode pelacakan terdiri dari 10 huruf dan angka, mis. ABCDE-23456.");
    }
    Ok(code)
}

/// Whether an operator may move a complaint from `from` to `to` with a status change.
/// A closed complaint (selesai/ditolak) only comes back through "buka kembali", and nothing
/// goes back to "baru" (only an escalation makes a complaint new for the next agency).
pub fn check_transition(from: Status, to: Status) -> Result<(), String> {
    use Status::*;
    if from == to {
        return Err(format!("Status sudah \"{}\".", to.label()));
    }
    match (from, to) {
        (Selesai | Ditolak, _) => {
            Err("Pengaduan sudah ditutup. Gunakan \"Buka kembali\" dengan alasan bila perlu ditangani lagi.".into())
        }
        (_, Baru) => Err("Status tidak dapat dikembalikan ke \"Baru\".".into()),
        _ => Ok(()),
    }
}

/// Working days allowed in each open status before a complaint is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlaDays {
    /// From submission (or escalation) to the first response.
    pub baru: u32,
    /// From the first response to resolution.
    pub diproses: u32,
    /// Waiting for the reporter before the agency must follow up or close.
    pub menunggu_pelapor: u32,
}

impl Default for SlaDays {
    fn default() -> Self {
        SlaDays { baru: 3, diproses: 14, menunggu_pelapor: 10 }
    }
}

impl SlaDays {
    pub fn for_status(&self, s: Status) -> Option<u32> {
        match s {
            Status::Baru => Some(self.baru),
            Status::Diproses => Some(self.diproses),
            Status::MenungguPelapor => Some(self.menunggu_pelapor),
            Status::Selesai | Status::Ditolak => None,
        }
    }

    /// The deadline of a complaint entering `status` at `from`, in the region's local
    /// calendar; `None` for closed statuses.
    pub fn due(&self, status: Status, from: DateTime<Utc>, region: &str) -> Option<DateTime<Utc>> {
        self.for_status(status).map(|d| add_working_days(from, d, ZonaWaktu::for_region(region)))
    }
}

/// `start` plus `days` working days (Monday–Friday in local time), same time of day.
/// National holidays are not counted out (see docs/complaints.md).
pub fn add_working_days(start: DateTime<Utc>, days: u32, zone: ZonaWaktu) -> DateTime<Utc> {
    let offset = Duration::hours(i64::from(zone.offset_hours()));
    let mut local = start.naive_utc() + offset;
    let mut left = days;
    while left > 0 {
        local += Duration::days(1);
        if !matches!(local.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    DateTime::from_naive_utc_and_offset(local - offset, Utc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn codes_are_readable_and_normalised() {
        let c = new_code().unwrap();
        assert_eq!(c.len(), CODE_LEN);
        assert!(c.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert_ne!(c, new_code().unwrap());
        assert_eq!(normalize_code(" abcde-fghjk ").unwrap(), "ABCDEFGHJK");
        assert!(normalize_code("ABCDE-FGH0K").unwrap_err().contains("0 dan 1"));
        assert!(normalize_code("ABC").unwrap_err().contains("10 huruf"));
        assert!(normalize_code("").is_err());
        assert_eq!(display_code("ABCDEFGHJK"), "ABCDE-FGHJK");
    }

    #[test]
    fn transitions() {
        use Status::*;
        assert!(check_transition(Baru, Diproses).is_ok());
        assert!(check_transition(Diproses, MenungguPelapor).is_ok());
        assert!(check_transition(MenungguPelapor, Selesai).is_ok());
        assert!(check_transition(Baru, Ditolak).is_ok());
        assert!(check_transition(Selesai, Diproses).unwrap_err().contains("Buka kembali"));
        assert!(check_transition(Ditolak, Selesai).is_err());
        assert!(check_transition(Diproses, Baru).is_err());
        assert!(check_transition(Diproses, Diproses).unwrap_err().contains("sudah"));
    }

    #[test]
    fn working_days_skip_weekends_in_local_time() {
        // Thursday 5 Nov 2026 09:00 WITA = 01:00 UTC; 3 working days → Tuesday 10 Nov.
        let thu = Utc.with_ymd_and_hms(2026, 11, 5, 1, 0, 0).unwrap();
        assert_eq!(add_working_days(thu, 3, ZonaWaktu::Wita), Utc.with_ymd_and_hms(2026, 11, 10, 1, 0, 0).unwrap());
        // Friday 23:30 WIB is Friday 16:30 UTC; one working day → Monday.
        let fri = Utc.with_ymd_and_hms(2026, 11, 6, 16, 30, 0).unwrap();
        assert_eq!(add_working_days(fri, 1, ZonaWaktu::Wib).weekday(), Weekday::Mon);
        // Saturday 00:30 WITA is still Friday in UTC: the local calendar decides.
        let sat_local = Utc.with_ymd_and_hms(2026, 11, 6, 16, 30, 0).unwrap();
        let due = add_working_days(sat_local, 1, ZonaWaktu::Wita);
        // Monday 00:30 WITA is Sunday 16:30 UTC.
        assert_eq!(due, Utc.with_ymd_and_hms(2026, 11, 8, 16, 30, 0).unwrap(), "Sat → Mon local");
        assert_eq!(add_working_days(thu, 0, ZonaWaktu::Wib), thu);
        let sla = SlaDays::default();
        assert_eq!(sla.due(Status::Selesai, thu, "64.74"), None);
        assert_eq!(sla.due(Status::Diproses, thu, "64.74"), Some(add_working_days(thu, 14, ZonaWaktu::Wita)));
    }
}
