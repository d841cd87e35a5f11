//! Grading: each check of a lesson against a design, passed or failed with a reason in both languages.

use super::{Check, Expect, Lesson, MAX_RUN_S};
use crate::model::{NodeId, Scenario, Text};
use crate::net::{Flow, Reachability};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// How one check went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The design does what the check asks (a question: answered right).
    Passed,
    /// It does not (a question: answered wrong).
    Failed,
    /// A `predict` question nobody answered yet.
    NeedsAnswer,
}

/// One check's verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckResult {
    /// The check's id.
    pub id: String,
    /// Its type (`diagnostic`, `reach`, `run`, `property`, `predict`).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Its checklist line.
    pub title: Text,
    /// The verdict.
    pub status: Status,
    /// What was found, naming the values.
    pub reason: Text,
}

/// A design graded against a lesson.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Grade {
    /// The lesson's id.
    pub lesson: String,
    /// Every check passed and no locked element was changed.
    pub passed: bool,
    /// Each check, in the lesson's order.
    pub checks: Vec<CheckResult>,
    /// Locked elements (`limits.locked`) that the design changed or removed: a design that
    /// passes by editing what the lesson holds fixed does not pass.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changed_locked: Vec<NodeId>,
}

/// Grades `design` against every check of `lesson`; `answers` maps `predict` check ids to
/// the chosen option's key. Deterministic; never panics (runs are bounded by
/// `MAX_RUN_S` of traffic and the simulator's event budget, `limits::MAX_EVENTS`).
pub fn grade(lesson: &Lesson, design: &Scenario, answers: &BTreeMap<String, String>) -> Grade {
    grade_bounded(lesson, design, answers, crate::limits::MAX_EVENTS)
}

/// As [`grade`], with each `run` check's simulation stopped after `max_events` (a run cut
/// short fails its check): for the fuzzer, which must grade thousands of lessons a second.
pub fn grade_bounded(lesson: &Lesson, design: &Scenario, answers: &BTreeMap<String, String>, max_events: u64) -> Grade {
    grade_with(lesson, design, answers, &mut |c| match c {
        Check::Run { seed, duration_s, faults, goals, .. } => {
            let mut s = design.clone();
            if let Some(d) = duration_s {
                s.simulation.duration_s = *d;
            }
            s.simulation.duration_s = s.simulation.duration_s.min(MAX_RUN_S);
            if let Some(f) = faults {
                s.faults = f.clone();
            }
            s.goals = goals.clone();
            run_verdict(&s, seed.unwrap_or(s.simulation.seed), max_events)
        }
        // Only `run` checks are handed to `run`.
        other => (Status::Failed, other.title().text()),
    })
}

/// As [`grade`], with each `run` check's verdict given by `run` (called only for `run`
/// checks): a grader that cannot or will not simulate now (the web app's live checklist,
/// which simulates only when the learner presses Check) says what stands in its place.
pub fn grade_with(
    lesson: &Lesson,
    design: &Scenario,
    answers: &BTreeMap<String, String>,
    run: &mut dyn FnMut(&Check) -> (Status, Text),
) -> Grade {
    let diagnostics = crate::validate(design);
    let checks: Vec<CheckResult> = lesson
        .checks
        .iter()
        .map(|c| {
            let (status, reason) = match c {
                Check::Diagnostic { code, present, node, .. } => {
                    let found: Vec<&str> = diagnostics
                        .iter()
                        .filter(|d| &d.code == code && node.as_ref().is_none_or(|n| &d.target == n))
                        .map(|d| d.target.as_str())
                        .collect();
                    let on = node.as_ref().map(|n| format!(" on '{n}'")).unwrap_or_default();
                    let on_ko = node.as_ref().map(|n| format!("'{n}'에 ")).unwrap_or_default();
                    match (found.is_empty(), present) {
                        (false, true) => {
                            pass(format!("{code} is reported{on}."), format!("{on_ko}{code} 진단이 보고됩니다."))
                        }
                        (true, false) => pass(format!("No {code}{on}."), format!("{on_ko}{code} 진단이 없습니다.")),
                        (true, true) => fail(format!("No {code}{on}."), format!("{on_ko}{code} 진단이 없습니다.")),
                        (false, false) => fail(
                            format!("{code} is reported on {}.", found.join(", ")),
                            format!("{}에 {code} 진단이 보고됩니다.", found.join(", ")),
                        ),
                    }
                }
                Check::Reach { from, to, protocol, port, expect, at_kind, at, code, .. } => {
                    let flow = Flow { protocol: *protocol, port: *port, client_ports: None };
                    match crate::reach(design, from, to, flow) {
                        Err(e) => fail_text(e.message()),
                        Ok(answer) => reach_verdict(&answer, *expect, *at_kind, at.as_ref(), code.as_deref()),
                    }
                }
                Check::Run { .. } => run(c),
                Check::Property { kind, properties, count, azs, .. } => {
                    property_verdict(design, kind, properties, *count, *azs)
                }
                Check::Predict { id, options, .. } => match answers.get(id) {
                    None => (
                        Status::NeedsAnswer,
                        Text::new("Choose an answer before running.", "실행하기 전에 답을 고르세요."),
                    ),
                    Some(given) => {
                        let right = lesson.solution.answers.get(id);
                        match options.iter().find(|o| &o.key == given) {
                            None => fail(
                                format!("'{given}' is not one of the options."),
                                format!("'{given}'은(는) 선택지가 아닙니다."),
                            ),
                            Some(o) if Some(given) == right => {
                                (Status::Passed, Text::new(o.explanation.en.clone(), o.explanation.ko.clone()))
                            }
                            Some(o) => (
                                Status::Failed,
                                Text::new(
                                    format!("Not {given}: {}", o.explanation.en),
                                    format!("{given}이(가) 아닙니다: {}", o.explanation.ko),
                                ),
                            ),
                        }
                    }
                },
            };
            CheckResult { id: c.id().to_string(), kind: c.type_name(), title: c.title().text(), status, reason }
        })
        .collect();
    // A question's `shown_by` check is what the run showed: once answered, its verdict is
    // told beside the explanation.
    let mut checks = checks;
    let shown: Vec<Option<Text>> = lesson
        .checks
        .iter()
        .zip(&checks)
        .map(|(c, r)| match c {
            Check::Predict { shown_by: Some(other), .. } if r.status != Status::NeedsAnswer => {
                checks.iter().find(|x| &x.id == other).map(|x| {
                    Text::new(
                        format!("{} The design shows it ({other}): {}", r.reason.en, x.reason.en),
                        format!("{} 설계가 보여 줍니다({other}): {}", r.reason.ko, x.reason.ko),
                    )
                })
            }
            _ => None,
        })
        .collect();
    for (r, text) in checks.iter_mut().zip(shown) {
        if let Some(text) = text {
            r.reason = text;
        }
    }
    let changed_locked = changed_locked(lesson, design);
    let passed = checks.iter().all(|c| c.status == Status::Passed) && changed_locked.is_empty();
    Grade { lesson: lesson.id.clone(), passed, checks, changed_locked }
}

/// The locked elements whose node differs from the starting design's (where it is drawn
/// does not count).
fn changed_locked(lesson: &Lesson, design: &Scenario) -> Vec<NodeId> {
    if lesson.limits.locked.is_empty() {
        return Vec::new();
    }
    let Ok(start) = lesson.start_design() else { return Vec::new() };
    lesson.limits.locked.iter().filter(|id| start.node(id) != design.node(id)).cloned().collect()
}

fn pass(en: String, ko: String) -> (Status, Text) {
    (Status::Passed, Text::new(en, ko))
}

fn fail(en: String, ko: String) -> (Status, Text) {
    (Status::Failed, Text::new(en, ko))
}

fn fail_text(t: Text) -> (Status, Text) {
    (Status::Failed, t)
}

fn reach_verdict(
    answer: &Reachability,
    expect: Expect,
    at_kind: Option<crate::net::ComponentKind>,
    at: Option<&crate::NodeId>,
    code: Option<&str>,
) -> (Status, Text) {
    match (answer, expect) {
        (Reachability::Reachable { .. }, Expect::Reachable) => pass(
            "Reachable: the request and the response get through.".into(),
            "도달 가능: 요청과 응답이 모두 통과합니다.".into(),
        ),
        (Reachability::Reachable { .. }, Expect::Blocked) => {
            fail("Reachable, but it should be blocked.".into(), "도달 가능하지만, 막혀 있어야 합니다.".into())
        }
        (Reachability::NotReachable { code: got, blocked_at, explanation, .. }, Expect::Reachable) => (
            Status::Failed,
            Text::new(
                format!("Blocked at '{}' [{got}]: {}", blocked_at.component, explanation.en),
                format!("'{}'에서 막힘 [{got}]: {}", blocked_at.component, explanation.ko),
            ),
        ),
        (Reachability::NotReachable { code: got, blocked_at, explanation, .. }, Expect::Blocked) => {
            let kind_ok = at_kind.is_none_or(|k| k == blocked_at.kind);
            let at_ok = at.is_none_or(|n| n == &blocked_at.component);
            let code_ok = code.is_none_or(|c| c == got);
            let status = if kind_ok && at_ok && code_ok { Status::Passed } else { Status::Failed };
            let want = match (at, code) {
                _ if status == Status::Passed => String::new(),
                (Some(n), Some(c)) => format!(" (expected at '{n}' [{c}])"),
                (Some(n), None) => format!(" (expected at '{n}')"),
                (None, Some(c)) => format!(" (expected [{c}])"),
                (None, None) => " (expected at another kind of component)".into(),
            };
            let want_ko = match (at, code) {
                _ if status == Status::Passed => String::new(),
                (Some(n), Some(c)) => format!(" ('{n}'에서 [{c}]로 막혀야 합니다)"),
                (Some(n), None) => format!(" ('{n}'에서 막혀야 합니다)"),
                (None, Some(c)) => format!(" ([{c}]로 막혀야 합니다)"),
                (None, None) => " (다른 종류의 구성 요소에서 막혀야 합니다)".into(),
            };
            (
                status,
                Text::new(
                    format!("Blocked at '{}' [{got}]{want}: {}", blocked_at.component, explanation.en),
                    format!("'{}'에서 막힘 [{got}]{want_ko}: {}", blocked_at.component, explanation.ko),
                ),
            )
        }
    }
}

fn run_verdict(s: &Scenario, seed: u64, max_events: u64) -> (Status, Text) {
    let mut sim = match crate::sim::Simulation::new(s, seed) {
        Ok(sim) => sim,
        Err(e) => return fail_text(e.message()),
    };
    sim.run_bounded(max_events);
    let summary = sim.summary();
    if let Some(stop) = &summary.stopped_early {
        return fail_text(stop.message.clone());
    }
    let shown: Vec<String> = summary
        .goals
        .iter()
        .map(|g| {
            let op = if matches!(g.goal, "availability") { "≥" } else { "≤" };
            format!("{} {:.4} ({op} {})", g.goal, g.actual, g.target)
        })
        .collect();
    let missed: Vec<&str> = summary.goals.iter().filter(|g| !g.met).map(|g| g.goal).collect();
    let all = shown.join(", ");
    if missed.is_empty() {
        pass(format!("Every goal met: {all}."), format!("모든 목표 달성: {all}."))
    } else {
        let missed = missed.join(", ");
        fail(format!("Missed {missed}: {all}."), format!("{missed} 미달: {all}."))
    }
}

/// Whether `have` has every field of `want` with the same value (objects recursively).
fn matches(have: Option<&Value>, want: &Value) -> bool {
    match (have, want) {
        (None, Value::Null) => true,
        (Some(Value::Object(h)), Value::Object(w)) => w.iter().all(|(k, v)| matches(h.get(k), v)),
        (Some(h), w) => h == w,
        (None, _) => false,
    }
}

fn property_verdict(
    design: &Scenario,
    kind: &str,
    properties: &serde_json::Map<String, Value>,
    count: u32,
    azs: Option<u32>,
) -> (Status, Text) {
    let doc = serde_json::to_value(design).unwrap_or(Value::Null);
    let nodes: Vec<&Value> = doc.get("nodes").and_then(Value::as_array).map(|v| v.iter().collect()).unwrap_or_default();
    let by_id = |id: &str| nodes.iter().copied().find(|n| n.get("id").and_then(Value::as_str) == Some(id));
    let found: Vec<&Value> = nodes
        .iter()
        .copied()
        .filter(|n| n.get("kind").and_then(Value::as_str) == Some(kind))
        .filter(|n| properties.iter().all(|(k, v)| matches(n.get(k), v)))
        .collect();
    // A node's AZs: its own `az`, or those of the subnets it names.
    let mut zones = BTreeSet::new();
    for n in &found {
        let mut subnets: Vec<&str> =
            n.get("subnets").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        subnets.extend(n.get("subnet").and_then(Value::as_str));
        zones.extend(n.get("az").and_then(Value::as_str).map(str::to_string));
        for s in subnets {
            if let Some(az) = by_id(s).and_then(|s| s.get("az")).and_then(Value::as_str) {
                zones.insert(az.to_string());
            }
        }
    }
    let what = if properties.is_empty() {
        kind.to_string()
    } else {
        format!("{kind} with {}", Value::Object(properties.clone()))
    };
    let what_ko = if properties.is_empty() {
        kind.to_string()
    } else {
        format!("{}인 {kind}", Value::Object(properties.clone()))
    };
    let n = found.len();
    let z = zones.len();
    let count_ok = n >= count as usize;
    let azs_ok = azs.is_none_or(|want| z >= want as usize);
    let azs_en = azs.map(|want| format!(", in {z} AZ(s) (at least {want})")).unwrap_or_default();
    let azs_ko = azs.map(|want| format!(", 가용 영역 {z}개(최소 {want}개)")).unwrap_or_default();
    let status = if count_ok && azs_ok { Status::Passed } else { Status::Failed };
    (
        status,
        Text::new(
            format!("{n} {what} (at least {count}){azs_en}."),
            format!("{what_ko} {n}개(최소 {count}개){azs_ko}."),
        ),
    )
}
