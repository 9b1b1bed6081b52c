//! The training rules in one place, without I/O: who completed a batch, and where a new
//! applicant is placed (selected or waitlisted) given the quota and the quota per kecamatan.

/// A batch's completion rule: minimum attendance (percent of sessions) and optionally a
/// minimum post-test score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompletionRule {
    pub min_attendance_pct: i32,
    pub min_post_test: Option<i32>,
}

impl CompletionRule {
    /// True when `attended` of `sessions` meets the minimum and the post-test (when required)
    /// reaches the minimum. A batch without sessions completes no one; a missing post-test
    /// fails a rule that requires one. Integer arithmetic: 2 of 3 sessions is 66.67 %, which
    /// fails a 75 % rule and passes 66 %.
    pub fn completed(&self, attended: i64, sessions: i64, post_test: Option<i32>) -> bool {
        if sessions <= 0 {
            return false;
        }
        let attended = attended.clamp(0, sessions);
        let attendance_ok = attended * 100 >= i64::from(self.min_attendance_pct) * sessions;
        let test_ok = match self.min_post_test {
            None => true,
            Some(min) => post_test.is_some_and(|s| s >= min),
        };
        attendance_ok && test_ok
    }
}

/// Attendance as a whole percentage (rounded down), for display.
pub fn attendance_pct(attended: i64, sessions: i64) -> i64 {
    if sessions <= 0 { 0 } else { attended.clamp(0, sessions) * 100 / sessions }
}

/// Where an applicant goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Selected,
    Waitlist,
}

/// Place one applicant: selected while the batch has room and the applicant's kecamatan is
/// under its quota; otherwise on the waitlist.
pub fn place(selected_total: i64, quota: i32, selected_in_kecamatan: i64, quota_per_kecamatan: Option<i32>) -> Placement {
    let room = selected_total < i64::from(quota);
    let kec_room = quota_per_kecamatan.is_none_or(|q| selected_in_kecamatan < i64::from(q));
    if room && kec_room { Placement::Selected } else { Placement::Waitlist }
}

pub const SELECTED: &str = "peserta";
pub const WAITLIST: &str = "cadangan";
pub const WITHDRAWN: &str = "mundur";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_needs_attendance_and_optional_post_test() {
        let r = CompletionRule { min_attendance_pct: 75, min_post_test: None };
        assert!(r.completed(3, 3, None));
        assert!(!r.completed(2, 3, None), "66 % < 75 %");
        assert!(r.completed(3, 4, None), "exactly 75 %");
        assert!(!r.completed(0, 0, None), "no sessions, no completion");
        let r = CompletionRule { min_attendance_pct: 66, min_post_test: Some(70) };
        assert!(r.completed(2, 3, Some(70)));
        assert!(!r.completed(2, 3, Some(69)));
        assert!(!r.completed(3, 3, None), "post-test required but missing");
        assert_eq!(attendance_pct(2, 3), 66);
    }

    #[test]
    fn placement_respects_quota_and_kecamatan_quota() {
        assert_eq!(place(0, 2, 0, None), Placement::Selected);
        assert_eq!(place(2, 2, 0, None), Placement::Waitlist);
        assert_eq!(place(1, 10, 3, Some(3)), Placement::Waitlist);
        assert_eq!(place(1, 10, 2, Some(3)), Placement::Selected);
    }
}
