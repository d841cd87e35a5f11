//! Grading: each check of a lesson against a design, passed or failed with a reason in both languages.

use super::{Check, Expect, Lesson, MAX_RUN_S};
use crate::model::{NodeId, Scenario, Text};
use crate::msg::Msg;
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
    pub reason: Msg,
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
        other => (Status::Failed, msg!("check.message", expl = other.title().text())),
    })
}

/// As [`grade`], with each `run` check's verdict given by `run` (called only for `run`
/// checks): a grader that cannot or will not simulate now (the web app's live checklist,
/// which simulates only when the learner presses Check) says what stands in its place.
pub fn grade_with(
    lesson: &Lesson,
    design: &Scenario,
    answers: &BTreeMap<String, String>,
    run: &mut dyn FnMut(&Check) -> (Status, Msg),
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
                    let on = match node {
                        Some(n) => msg!("check.message_5", n = n),
                        None => msg!("common.empty"),
                    };
                    match (found.is_empty(), present) {
                        (false, true) => pass(msg!("check.reported_2", code = code, on = on)),
                        (true, false) => pass(msg!("check.no", code = code, on = on)),
                        (true, true) => fail(msg!("check.no", code = code, on = on)),
                        (false, false) => fail(msg!("check.reported", code = code, found = found.join(", "))),
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
                    None => (Status::NeedsAnswer, msg!("check.choose_answer_before_running")),
                    Some(given) => {
                        let right = lesson.solution.answers.get(id);
                        match options.iter().find(|o| &o.key == given) {
                            None => fail(msg!("check.not_one_options", given = given)),
                            Some(o) if Some(given) == right => {
                                let expl = o.explanation.text();
                                (Status::Passed, msg!("check.message", expl = expl))
                            }
                            Some(o) => {
                                let expl = o.explanation.text();
                                (Status::Failed, msg!("check.not", given = given, expl = expl))
                            }
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
    let shown: Vec<Option<Msg>> = lesson
        .checks
        .iter()
        .zip(&checks)
        .map(|(c, r)| match c {
            Check::Predict { shown_by: Some(other), .. } if r.status != Status::NeedsAnswer => {
                checks.iter().find(|x| &x.id == other).map(|x| {
                    let (answer, shown) = (&r.reason, &x.reason);
                    msg!("check.design_shows", answer = answer, other = other, shown = shown)
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

fn pass(m: Msg) -> (Status, Msg) {
    (Status::Passed, m)
}

fn fail(m: Msg) -> (Status, Msg) {
    (Status::Failed, m)
}

fn fail_text(t: Msg) -> (Status, Msg) {
    (Status::Failed, t)
}

fn reach_verdict(
    answer: &Reachability,
    expect: Expect,
    at_kind: Option<crate::net::ComponentKind>,
    at: Option<&crate::NodeId>,
    code: Option<&str>,
) -> (Status, Msg) {
    match (answer, expect) {
        (Reachability::Reachable { .. }, Expect::Reachable) => pass(msg!("check.reachable_request_response_get")),
        (Reachability::Reachable { .. }, Expect::Blocked) => fail(msg!("check.reachable_but_should_blocked")),
        (Reachability::NotReachable { code: got, blocked_at, explanation, .. }, Expect::Reachable) => (
            Status::Failed,
            msg!("check.blocked_at", blocked_at_component = blocked_at.component, got = got, explanation = explanation),
        ),
        (Reachability::NotReachable { code: got, blocked_at, explanation, .. }, Expect::Blocked) => {
            let kind_ok = at_kind.is_none_or(|k| k == blocked_at.kind);
            let at_ok = at.is_none_or(|n| n == &blocked_at.component);
            let code_ok = code.is_none_or(|c| c == got);
            let status = if kind_ok && at_ok && code_ok { Status::Passed } else { Status::Failed };
            let want = match (at, code) {
                _ if status == Status::Passed => msg!("common.empty"),
                (Some(n), Some(c)) => {
                    msg!("check.expected_at", n = n, c = c)
                }
                (Some(n), None) => msg!("check.expected_at_2", n = n),
                (None, Some(c)) => msg!("check.expected", c = c),
                (None, None) => msg!("check.expected_at_another_kind"),
            };
            (
                status,
                msg!(
                    "check.blocked_at_2",
                    blocked_at_component = blocked_at.component,
                    got = got,
                    want = want,
                    explanation = explanation
                ),
            )
        }
    }
}

fn run_verdict(s: &Scenario, seed: u64, max_events: u64) -> (Status, Msg) {
    let mut sim = match crate::sim::Simulation::new(s, seed) {
        Ok(sim) => sim,
        Err(e) => return fail_text(e.message()),
    };
    sim.run_bounded(max_events);
    let summary = sim.summary();
    if let Some(stop) = &summary.stopped_early {
        return fail_text(stop.message.clone());
    }
    // Each goal by its name in the reader's language, with the run's value and the bound in
    // the goal's unit ("SQS messages processed twice 35 (≤ 0)", not "duplicates 35.0000").
    let named = |g: &crate::sim::GoalResult, ko: bool| {
        let (en, kr) = crate::names::goal(g.goal);
        let name = if ko { kr } else { en };
        if name.is_empty() {
            g.goal.to_string()
        } else {
            name.to_string()
        }
    };
    let line = |g: &crate::sim::GoalResult, ko: bool| {
        let op = if matches!(g.goal, "availability") { "≥" } else { "≤" };
        format!("{} {} ({op} {})", named(g, ko), goal_value(g.goal, g.actual), goal_value(g.goal, g.target))
    };
    let join = |lines: &dyn Fn(bool) -> Vec<String>| Text::new(lines(false).join(", "), lines(true).join(", "));
    let all = join(&|ko| summary.goals.iter().map(|g| line(g, ko)).collect());
    let missed = join(&|ko| summary.goals.iter().filter(|g| !g.met).map(|g| named(g, ko)).collect());
    if summary.goals.iter().all(|g| g.met) {
        pass(msg!("check.every_goal_met", all = all))
    } else {
        fail(msg!("check.missed", missed = missed, all = all))
    }
}

/// A goal's value (measured or bound) in its unit.
fn goal_value(goal: &str, v: f64) -> String {
    match goal {
        "error_rate" | "availability" => format!("{:.2} %", v * 100.0),
        "cost_per_hour_usd" => format!("${v:.2}/h"),
        "requests_lost" | "messages_lost" | "duplicates" => format!("{v:.0}"),
        "recovery_s" | "message_age_s" => format!("{v:.0} s"),
        _ => format!("{v:.0} ms"),
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

/// The Availability Zones of `found` (elements of the document whose `nodes` are `nodes`, as
/// JSON): each one's own `az`, or those of the subnets it names (`subnet`, `subnets`).
pub fn zones_of(nodes: &[&Value], found: &[&Value]) -> BTreeSet<String> {
    let by_id = |id: &str| nodes.iter().copied().find(|n| n.get("id").and_then(Value::as_str) == Some(id));
    let mut zones = BTreeSet::new();
    for n in found {
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
    zones
}

/// A property's value as a person reads it: choices by their names in the reader's language,
/// whole numbers without ".0", a list's items and an object's values side by side
/// (`[{"policy": "target_tracking", "metric": "cpu", "target": 50.0}]` reads "Target tracking
/// scaling · Average CPU utilization · 50"), a switch on or off (켬, 끔), nothing as none.
fn value_words(v: &Value, ko: bool) -> String {
    match v {
        Value::String(s) => {
            crate::names::choice(s).map_or_else(|| s.clone(), |(en, kr)| (if ko { kr } else { en }).to_string())
        }
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        Value::Array(items) => items.iter().map(|i| value_words(i, ko)).collect::<Vec<_>>().join(", "),
        Value::Object(fields) => fields.values().map(|i| value_words(i, ko)).collect::<Vec<_>>().join(" · "),
        Value::Bool(b) => (match (b, ko) {
            (true, false) => "on",
            (false, false) => "off",
            (true, true) => "켬",
            (false, true) => "끔",
        })
        .to_string(),
        Value::Null => (if ko { "없음" } else { "none" }).to_string(),
    }
}

fn property_verdict(
    design: &Scenario,
    kind: &str,
    properties: &serde_json::Map<String, Value>,
    count: u32,
    azs: Option<u32>,
) -> (Status, Msg) {
    let doc = serde_json::to_value(design).unwrap_or(Value::Null);
    let nodes: Vec<&Value> = doc.get("nodes").and_then(Value::as_array).map(|v| v.iter().collect()).unwrap_or_default();
    let found: Vec<&Value> = nodes
        .iter()
        .copied()
        .filter(|n| n.get("kind").and_then(Value::as_str) == Some(kind))
        .filter(|n| properties.iter().all(|(k, v)| matches(n.get(k), v)))
        .collect();
    let zones = zones_of(&nodes, &found);
    // The kind and each property by the names the inspector shows ("Auto Scaling group with
    // Scaling policies = ..."), not their JSON keys.
    let kind_name = crate::model::Kind::from_name(kind)
        .map(|k| {
            let (en, ko) = crate::names::kind(k);
            Text::new(en, ko)
        })
        .unwrap_or_else(|| Text::new(kind, kind));
    let pair = |ko: bool| {
        let shown: Vec<String> = properties
            .iter()
            .map(|(k, v)| {
                let name = crate::names::property(k).map_or(k.as_str(), |(en, kr)| if ko { kr } else { en });
                format!("{name} = {}", value_words(v, ko))
            })
            .collect();
        shown.join(", ")
    };
    let what = if properties.is_empty() {
        msg!("check.message_3", kind = kind_name)
    } else {
        msg!("check.message_4", kind = kind_name, props = Text::new(pair(false), pair(true)))
    };
    let n = found.len();
    let z = zones.len();
    let count_ok = n >= count as usize;
    let azs_ok = azs.is_none_or(|want| z >= want as usize);
    let in_azs = match azs {
        Some(want) => msg!("check.az_at_least", z = z, want = want),
        None => msg!("common.empty"),
    };
    let status = if count_ok && azs_ok { Status::Passed } else { Status::Failed };
    (status, msg!("check.at_least", n = n, what = what, count = count, in_azs = in_azs))
}
