//! The design's goals as the UI shows and edits them: which goals exist, how a person types them (percentages for rates), and how a checked goal reads (✓/✗, measured value next to the target).
//!
//! Pure functions of `engine::workload::Goals` and `simworker::wire::Goal` (the engine's `GoalResult`, owned): tested natively.

use engine::workload::Goals;
use engine::Msg;
use simworker::wire::Goal as GoalResult;

/// Every goal, in the order the editor and the checklist list them (the JSON names, as
/// `GoalResult::goal` carries them).
pub const ALL: [&str; 11] = [
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "error_rate",
    "availability",
    "cost_per_hour_usd",
    "recovery_s",
    "requests_lost",
    "messages_lost",
    "duplicates",
    "message_age_s",
];

/// Goals kept as a fraction (0 to 1) but typed and shown as a percentage.
fn percent(goal: &str) -> bool {
    matches!(goal, "error_rate" | "availability")
}

/// The unit shown after a goal's field.
pub fn unit(goal: &str) -> &'static str {
    match goal {
        "p50_ms" | "p95_ms" | "p99_ms" => "ms",
        "error_rate" | "availability" => "%",
        "cost_per_hour_usd" => "USD/h",
        "recovery_s" | "message_age_s" => "s",
        _ => "",
    }
}

/// `≥` for a floor (availability), `≤` for a ceiling (everything else).
pub fn bound(goal: &str) -> &'static str {
    if goal == "availability" {
        "≥"
    } else {
        "≤"
    }
}

/// A goal's bound, as stored.
pub fn get(g: &Goals, goal: &str) -> Option<f64> {
    match goal {
        "p50_ms" => g.p50_ms,
        "p95_ms" => g.p95_ms,
        "p99_ms" => g.p99_ms,
        "error_rate" => g.error_rate,
        "availability" => g.availability,
        "cost_per_hour_usd" => g.cost_per_hour_usd,
        "recovery_s" => g.recovery_s,
        "requests_lost" => g.requests_lost.map(|n| n as f64),
        "messages_lost" => g.messages_lost.map(|n| n as f64),
        "duplicates" => g.duplicates.map(|n| n as f64),
        "message_age_s" => g.message_age_s,
        _ => None,
    }
}

/// Set (or clear) a goal's bound.
pub fn set(g: &mut Goals, goal: &str, v: Option<f64>) {
    match goal {
        "p50_ms" => g.p50_ms = v,
        "p95_ms" => g.p95_ms = v,
        "p99_ms" => g.p99_ms = v,
        "error_rate" => g.error_rate = v,
        "availability" => g.availability = v,
        "cost_per_hour_usd" => g.cost_per_hour_usd = v,
        "recovery_s" => g.recovery_s = v,
        "requests_lost" => g.requests_lost = v.map(|n| n.round() as u64),
        "messages_lost" => g.messages_lost = v.map(|n| n.round() as u64),
        "duplicates" => g.duplicates = v.map(|n| n.round() as u64),
        "message_age_s" => g.message_age_s = v,
        _ => {}
    }
}

/// A number without trailing zeros (99.9, not 99.900000001).
fn plain(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// What a goal's field shows for a stored bound.
pub fn to_field(goal: &str, v: f64) -> String {
    plain(if percent(goal) { v * 100.0 } else { v })
}

/// A typed goal: empty clears it; a percentage for rates (`99.9` or `99.9%`); refused with
/// a reason in both languages when it is not a number in range.
pub fn parse(goal: &str, text: &str) -> Result<Option<f64>, Msg> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', "");
    if t.is_empty() {
        return Ok(None);
    }
    let refuse = || engine::msg!("ui.goal.not_a_goal", text = text.trim(), unit = unit(goal));
    let v = crate::platform::number::parse_f64(&t).ok_or_else(refuse)?;
    if !v.is_finite() || v < 0.0 || (percent(goal) && v > 100.0) {
        return Err(refuse());
    }
    Ok(Some(if percent(goal) { v / 100.0 } else { v }))
}

/// A measured value or a bound as the checklist reads it, with its unit.
pub fn show(goal: &str, v: f64) -> String {
    match goal {
        "error_rate" | "availability" => {
            // Enough digits to tell 99.9 % from 99.95 %.
            // Two decimals at most (99.95 % vs 99.9 %), no trailing zeros (95 %, not 95.00 %).
            let p = format!("{:.2}", v * 100.0);
            format!("{} %", p.trim_end_matches('0').trim_end_matches('.'))
        }
        "cost_per_hour_usd" => format!("${v:.2}/h"),
        "requests_lost" | "messages_lost" | "duplicates" => format!("{v:.0}"),
        "recovery_s" | "message_age_s" => format!("{v:.0} s"),
        _ => format!("{v:.0} ms"),
    }
}

/// One checklist line: the mark, the measured value and the target (`≤ 300 ms`).
pub fn line(r: &GoalResult) -> (&'static str, String, String) {
    let mark = if r.met { "✓" } else { "✗" };
    (mark, show(&r.goal, r.actual), format!("{} {}", bound(&r.goal), show(&r.goal, r.target)))
}

/// (met, total) of a checklist.
pub fn tally(results: &[GoalResult]) -> (usize, usize) {
    (results.iter().filter(|r| r.met).count(), results.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_goal_round_trips_through_its_field() {
        let mut g = Goals::default();
        for (goal, typed, stored) in [
            ("p99_ms", "300", 300.0),
            ("availability", "99.9", 0.999),
            ("availability", "99.95 %", 0.9995),
            ("error_rate", "0.1%", 0.001),
            ("cost_per_hour_usd", "1,000", 1000.0),
            ("requests_lost", "40", 40.0),
        ] {
            let v = parse(goal, typed).unwrap().unwrap();
            assert!((v - stored).abs() < 1e-12, "{goal} {typed}");
            set(&mut g, goal, Some(v));
            assert!((get(&g, goal).unwrap() - stored).abs() < 1e-12);
            assert_eq!(parse(goal, &to_field(goal, v)).unwrap(), Some(v), "{goal}: field shows what parses back");
        }
        assert_eq!(to_field("availability", 0.999), "99.9");
        set(&mut g, "p99_ms", parse("p99_ms", "  ").unwrap());
        assert_eq!(g.p99_ms, None, "empty clears the goal");
        for goal in ALL {
            assert_eq!(get(&Goals::default(), goal), None, "{goal}");
        }
    }

    #[test]
    fn nonsense_goals_are_refused_with_a_reason() {
        for (goal, typed) in [("p99_ms", "fast"), ("p99_ms", "-5"), ("availability", "101"), ("error_rate", "NaN")] {
            let why = parse(goal, typed).unwrap_err();
            assert!(
                crate::i18n::builtin::en(&why).contains(typed) && !crate::i18n::builtin::ko(&why).is_empty(),
                "{goal} {typed}"
            );
        }
    }

    #[test]
    fn a_checked_goal_reads_mark_measured_and_target() {
        let r = GoalResult { goal: "availability".into(), target: 0.999, actual: 0.9872, met: false };
        assert_eq!(line(&r), ("✗", "98.72 %".to_string(), "≥ 99.9 %".to_string()));
        let r = GoalResult { goal: "p99_ms".into(), target: 300.0, actual: 41.6, met: true };
        assert_eq!(line(&r), ("✓", "42 ms".to_string(), "≤ 300 ms".to_string()));
        let r = GoalResult { goal: "cost_per_hour_usd".into(), target: 20.0, actual: 3.456, met: true };
        assert_eq!(line(&r).1, "$3.46/h");
        assert_eq!(tally(&[r.clone(), GoalResult { met: false, ..r }]), (1, 2));
    }
}
