//! What came of a training, for the reports: satisfaction (responses, average per question)
//! and follow-ups — calon wirausaha who started a business, turnover and employees now
//! against the registry snapshot dated on or before the batch start, milestones reached,
//! and follow-ups done against those due at 3, 6 and 12 months (for completers).

use berdaya_store::businesses::{self, Snapshot};
use berdaya_store::training::followups::{self, FollowUp};
use berdaya_store::training::participants::ParticipantRow;
use berdaya_store::training::{Batch, rules};
use berdaya_store::Db;
use chrono::{Months, NaiveDate};
use uuid::Uuid;

use super::attendance;
use super::followups::{MILESTONES, MONTHS};
use crate::error::ServiceError;

/// A bar chart: heading and (label, length, text shown).
pub struct Chart {
    pub heading: String,
    pub bars: Vec<(String, i64, String)>,
}

impl Chart {
    pub fn counts(heading: &str, items: impl IntoIterator<Item = (String, i64)>) -> Chart {
        Chart { heading: heading.into(), bars: items.into_iter().map(|(k, n)| (k, n, n.to_string())).collect() }
    }
}

const QUESTIONS: [&str; 3] = ["Materi", "Narasumber", "Tempat"];

#[derive(Debug, Default)]
pub struct Outcomes {
    pub participants: i64,
    pub responses: i64,
    /// Score sums per question (materi, narasumber, tempat).
    pub score_sums: [i64; 3],
    pub calon: i64,
    pub started: i64,
    /// Monthly turnover now minus before, rupiah, one per participant with both figures.
    pub omzet_change: Vec<i64>,
    /// Employees now minus before, one per participant with both figures.
    pub workers_change: Vec<i64>,
    /// Participants who reached each milestone (order of `MILESTONES`).
    pub milestones: [i64; 7],
    pub due: [i64; 3],
    pub done: [i64; 3],
}

/// The last snapshot of a business dated on or before `start`.
async fn baseline(db: &Db, business_id: Uuid, start: NaiveDate) -> Result<Option<Snapshot>, ServiceError> {
    Ok(businesses::snapshots(db, business_id).await?.into_iter().rev().find(|s| s.tanggal <= start))
}

/// The figure of the participant's latest follow-up that has it, on an existing business.
fn latest(mine: &[&FollowUp], pick: fn(&FollowUp) -> Option<i64>) -> Option<(i64, Uuid)> {
    mine.iter().filter(|f| !f.mulai_usaha).filter_map(|f| Some((f.bulan, pick(f)?, f.business_id?))).max_by_key(|x| x.0).map(|(_, v, id)| (v, id))
}

impl Outcomes {
    /// Add a batch: its evaluations and its selected participants' follow-ups.
    pub async fn add_batch(&mut self, db: &Db, b: &Batch, rows: &[ParticipantRow], sessions: usize, today: NaiveDate) -> Result<(), ServiceError> {
        let (n, sums) = followups::evaluation_totals(db, b.id).await?;
        self.responses += n;
        for (total, s) in self.score_sums.iter_mut().zip(sums) {
            *total += s;
        }
        let all = followups::for_batch(db, b.id).await?;
        for r in rows.iter().filter(|r| r.status == rules::SELECTED) {
            self.participants += 1;
            let mine: Vec<&FollowUp> = all.iter().filter(|f| f.participant_id == r.id).collect();
            let started: Vec<Uuid> = mine.iter().filter(|f| f.mulai_usaha).filter_map(|f| f.business_id).collect();
            // A calon wirausaha: no business but the ones a follow-up recorded as started.
            if businesses::for_owner(db, r.owner_id).await?.iter().all(|x| started.contains(&x.id)) {
                self.calon += 1;
                self.started += i64::from(!started.is_empty());
            }
            for (i, (code, _)) in MILESTONES.iter().enumerate() {
                let key = format!(",{code},");
                self.milestones[i] += i64::from(mine.iter().any(|f| f.capaian.contains(&key)));
            }
            if attendance::completed(b, sessions, r) {
                for (i, m) in MONTHS.iter().enumerate() {
                    if b.tanggal_selesai.checked_add_months(Months::new(*m as u32)).is_some_and(|d| d <= today) {
                        self.due[i] += 1;
                        self.done[i] += i64::from(mine.iter().any(|f| f.bulan == *m));
                    }
                }
            }
            if let Some((now, biz)) = latest(&mine, |f| f.omzet_bulanan)
                && let Some(before) = baseline(db, biz, b.tanggal_mulai).await?.and_then(|s| s.omzet_tahunan)
            {
                self.omzet_change.push(now - before / 12);
            }
            if let Some((now, biz)) = latest(&mine, |f| f.tenaga_kerja.map(i64::from))
                && let Some(s) = baseline(db, biz, b.tanggal_mulai).await?.filter(|s| s.tk_l.is_some() || s.tk_p.is_some())
            {
                self.workers_change.push(now - i64::from(s.tk_l.unwrap_or(0) + s.tk_p.unwrap_or(0)));
            }
        }
        Ok(())
    }

    /// "4,33": an average score with two decimals.
    fn average(&self, i: usize) -> (i64, String) {
        if self.responses == 0 {
            return (0, "–".into());
        }
        let x100 = (self.score_sums[i] * 100 + self.responses / 2) / self.responses;
        (x100, format!("{},{:02}", x100 / 100, x100 % 100))
    }

    pub fn evaluation_figures(&self) -> Vec<(String, String)> {
        let mut out = vec![("Pengisi evaluasi".to_string(), format!("{} dari {} peserta", self.responses, self.participants))];
        for (i, q) in QUESTIONS.iter().enumerate() {
            out.push((format!("{q} (rata-rata 1–5)"), self.average(i).1));
        }
        out
    }

    pub fn followup_figures(&self) -> Vec<(String, String)> {
        let rp = |n: i64| format!("{}Rp {}", sign(n), crate::html::ribuan(n));
        let mut out = vec![
            ("Calon wirausaha yang memulai usaha".to_string(), format!("{} dari {} ({})", self.started, self.calon, super::report::pct(self.started, self.calon))),
            ("Perubahan omzet per bulan (median / rata-rata)".into(), change(&self.omzet_change, rp, |m| rp(m.round() as i64))),
            ("Perubahan tenaga kerja (median / rata-rata)".into(), change(&self.workers_change, |n| format!("{}{}", sign(n), n.abs()), |m| {
                let tenths = (m * 10.0).round() as i64;
                format!("{}{},{} orang", sign(tenths), tenths.abs() / 10, tenths.abs() % 10)
            })),
        ];
        for (i, m) in MONTHS.iter().enumerate() {
            out.push((format!("Tindak lanjut {m} bulan"), format!("{} dari {} jatuh tempo", self.done[i], self.due[i])));
        }
        out
    }

    pub fn charts(&self) -> Vec<Chart> {
        let scores = Chart {
            heading: "Evaluasi kepuasan (rata-rata 1–5)".into(),
            bars: QUESTIONS.iter().enumerate().map(|(i, q)| {
                let (v, t) = self.average(i);
                (q.to_string(), v, t)
            }).collect(),
        };
        let milestones = Chart::counts("Capaian setelah pelatihan (peserta)", MILESTONES.iter().zip(self.milestones).map(|((_, label), n)| (label.to_string(), n)));
        let done = Chart {
            heading: "Tindak lanjut tercatat / jatuh tempo".into(),
            bars: MONTHS.iter().enumerate().map(|(i, m)| (format!("{m} bulan"), self.done[i], format!("{} / {}", self.done[i], self.due[i]))).collect(),
        };
        vec![scores, milestones, done]
    }
}

fn sign(n: i64) -> &'static str {
    match n.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    }
}

/// Median and mean of a list of changes, with how many had data.
fn change(v: &[i64], median_text: impl Fn(i64) -> String, mean_text: impl Fn(f64) -> String) -> String {
    if v.is_empty() {
        return "– (belum ada data)".into();
    }
    let mut s = v.to_vec();
    s.sort_unstable();
    let mid = s.len() / 2;
    let median = if s.len() % 2 == 1 { s[mid] } else { (s[mid - 1] + s[mid]) / 2 };
    let mean = s.iter().sum::<i64>() as f64 / s.len() as f64;
    format!("{} / {} ({} peserta dengan data)", median_text(median), mean_text(mean), s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_mean_of_changes() {
        let rp = |n: i64| n.to_string();
        assert_eq!(change(&[3, -1, 3], rp, |m| format!("{m:.2}")), "3 / 1.67 (3 peserta dengan data)");
        assert_eq!(change(&[4, 1], rp, |m| format!("{m:.1}")), "2 / 2.5 (2 peserta dengan data)");
        assert_eq!(change(&[], rp, |m| format!("{m}")), "– (belum ada data)");
    }
}
