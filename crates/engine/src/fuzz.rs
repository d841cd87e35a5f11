//! The bodies of the fuzz targets (fuzz/fuzz_targets/*.rs call them), here so that plain `cargo test` replays every saved crash and budget-blowing input with the same code (tests/fuzz_regressions.rs).
//!
//! Each function takes the fuzzer's raw bytes, must return normally for any input, and
//! panics (the fuzzer's "crash") only when a property the engine promises is broken: a
//! public function panicked, a saved design does not load back the same, or a bounded
//! run overstepped its bound. Time and memory are watched from outside: libFuzzer's
//! `-timeout` and `-rss_limit_mb` (see `cargo xtask fuzz`), and the replay test's clock.

use crate::model::{NodeId, Scenario};
use crate::net::Flow;
use crate::sim::Simulation;

/// Simulated seconds the `sim` target runs at most: enough for traffic, health checks,
/// scaling ticks and early faults, short enough for thousands of runs a second.
pub const SIM_MAX_SECONDS: f64 = 10.0;

/// Events the `sim` target processes at most: a watchdog independent of simulated time,
/// because a design can schedule millions of events within one second.
pub const SIM_MAX_EVENTS: u64 = 100_000;

/// Bytes at the start of a `reach` input that pick the two nodes and the flow; the
/// scenario JSON follows.
pub const REACH_PREFIX: usize = 5;

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Document loading: `Scenario::from_json` never panics, and what it loads saves and loads
/// back to the same design (nothing lost, nothing changed).
pub fn load(data: &[u8]) {
    let Some(Ok(s)) = text(data).map(Scenario::from_json) else { return };
    let saved = s.to_json();
    let again = Scenario::from_json(&saved).unwrap_or_else(|e| panic!("a saved design does not load: {e}\n{saved}"));
    if again != s {
        // serde_json's default float parser is not always correctly rounded (its
        // `float_roundtrip` feature is, at a wasm size cost not yet decided: see
        // docs/reliability.md), so a number can move by an ulp per save. Anything more is a bug.
        let (a, b) = (serde_json::to_value(&s).unwrap_or_default(), serde_json::to_value(&again).unwrap_or_default());
        assert!(same_but_last_bits(&a, &b), "load, save, load changed the design:\n{saved}");
    }
}

/// Equal JSON, except that numbers may differ in their last bits (4 ulps).
fn same_but_last_bits(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) if x.is_finite() && y.is_finite() && x.signum() == y.signum() => {
                x.to_bits().abs_diff(y.to_bits()) <= 4
            }
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_but_last_bits(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((kx, x), (ky, y))| kx == ky && same_but_last_bits(x, y))
        }
        _ => a == b,
    }
}

/// Validation (and the subnet usage the inspector shows) of any loadable document.
pub fn validate(data: &[u8]) {
    let Some(Ok(s)) = text(data).map(Scenario::from_json) else { return };
    let _ = crate::validate::validate(&s);
    let _ = crate::validate::subnet_usage(&s);
}

/// Reachability between two nodes of the document (or a missing id), picked by the
/// first bytes, for a TCP, UDP or ICMP flow.
pub fn reach(data: &[u8]) {
    let Some((head, rest)) = data.split_first_chunk::<REACH_PREFIX>() else { return };
    let Some(Ok(s)) = text(rest).map(Scenario::from_json) else { return };
    let pick = |b: u8| -> NodeId {
        match s.nodes.len() {
            // 255 asks for an id that is not in the design.
            n if n > 0 && b != 255 => s.nodes[usize::from(b) % n].id.clone(),
            _ => NodeId::from("no-such-node"),
        }
    };
    let port = u16::from_le_bytes([head[3], head[4]]);
    let flow = match head[2] % 3 {
        0 => Flow::tcp(port),
        1 => Flow::udp(port),
        _ => Flow::icmp(),
    };
    match crate::net::reach(&s, &pick(head[0]), &pick(head[1]), flow) {
        Ok(r) => {
            let _ = (r.is_reachable(), r.path().len());
        }
        Err(e) => {
            let _ = e.message();
        }
    }
}

/// The simulator, cut to `SIM_MAX_SECONDS` and `SIM_MAX_EVENTS`: it must build or refuse
/// any document without panicking, respect the event budget, and report.
pub fn sim(data: &[u8]) {
    let Some(Ok(mut s)) = text(data).map(Scenario::from_json) else { return };
    // `min`, not `clamp`: negative and zero durations stay, for the simulator to refuse.
    s.simulation.duration_s = s.simulation.duration_s.min(SIM_MAX_SECONDS);
    let Ok(mut sim) = Simulation::new(&s, s.simulation.seed) else { return };
    let step = sim.step_until(u64::MAX, SIM_MAX_EVENTS);
    assert!(step.events <= SIM_MAX_EVENTS, "the event budget was overstepped: {}", step.events);
    let _ = sim.frame();
    let _ = sim.summary();
}

/// Share links: `decode` never panics on any text, `open` (what the browser's decompressed
/// bytes go to) never panics on any bytes, and a decoded design re-encodes to a link that
/// decodes to the same design.
pub fn share(data: &[u8]) {
    let _ = crate::share::open(data);
    let Some(text) = text(data) else { return };
    #[cfg(feature = "codec")]
    if let Ok(shared) = crate::share::decode(text) {
        let again = crate::share::decode(&crate::share::encode(&shared.scenario, shared.view))
            .unwrap_or_else(|e| panic!("a re-encoded link does not open: {e}"));
        assert!(again.scenario == shared.scenario, "a link's design changed when shared again");
    }
    let _ = crate::share::is_share_fragment(text);
}

/// Lesson files: `Lesson::from_json` never panics on any text; a lesson it accepts saves and
/// reads back the same, its start and solution designs load, and grading them (runs cut to
/// `SIM_MAX_SECONDS` and `SIM_MAX_EVENTS`) returns a verdict for every check.
pub fn lesson(data: &[u8]) {
    use crate::lesson::{grade_bounded, Check, Lesson};
    let Some(Ok(mut lesson)) = text(data).map(Lesson::from_json) else { return };
    let saved = lesson.to_json();
    let again = Lesson::from_json(&saved).unwrap_or_else(|e| panic!("a saved lesson does not read: {e}\n{saved}"));
    if again != lesson {
        let (a, b) =
            (serde_json::to_value(&lesson).unwrap_or_default(), serde_json::to_value(&again).unwrap_or_default());
        assert!(same_but_last_bits(&a, &b), "read, save, read changed the lesson:\n{saved}");
    }
    for check in &mut lesson.checks {
        if let Check::Run { duration_s, .. } = check {
            *duration_s = Some(duration_s.unwrap_or(SIM_MAX_SECONDS).min(SIM_MAX_SECONDS));
        }
    }
    let start = lesson.start_design().unwrap_or_else(|e| panic!("an accepted lesson's start does not load: {e}"));
    let done = lesson.solution_design().unwrap_or_else(|e| panic!("an accepted lesson's solution does not load: {e}"));
    for (design, answers) in [(&start, Default::default()), (&done, lesson.solution.answers.clone())] {
        let grade = grade_bounded(&lesson, design, &answers, SIM_MAX_EVENTS);
        assert_eq!(grade.checks.len(), lesson.checks.len(), "a verdict for every check");
    }
}

/// Lesson links: `link::decode` never panics on any text, `link::open` (what the browser's
/// decompressed bytes go to) never panics on any bytes, and a lesson a link carries makes a
/// link again that carries the same lesson.
pub fn lesson_link(data: &[u8]) {
    use crate::lesson::link;
    let _ = link::open(data);
    let Some(text) = text(data) else { return };
    let _ = link::is_lesson_fragment(text);
    #[cfg(feature = "codec")]
    if let Ok(lesson) = link::decode(text) {
        // Written again in its own words, a lesson may need a few more bytes than the link
        // it came in (defaults written out): over the cap is a refusal, not a bug.
        let again = match link::encode(&lesson) {
            Err(crate::share::ShareError::TooLong { .. }) => return,
            made => made.map_err(|e| link::message(&e)).and_then(|f| link::decode(&f)),
        };
        let again = again.unwrap_or_else(|e| panic!("a lesson link made again does not open: {}", e.english()));
        if again != lesson {
            let (a, b) =
                (serde_json::to_value(&lesson).unwrap_or_default(), serde_json::to_value(&again).unwrap_or_default());
            assert!(same_but_last_bits(&a, &b), "a lesson changed when its link was made again");
        }
    }
}

/// A target's body: the fuzzer's bytes in, a panic out when a promise is broken.
pub type Body = fn(&[u8]);

/// Every target, by the name of its directory under fuzz/regressions/ and fuzz/corpus/.
pub const TARGETS: &[(&str, Body)] = &[
    ("load", load),
    ("validate", validate),
    ("reach", reach),
    ("sim", sim),
    ("share", share),
    ("lesson", lesson),
    ("lesson_link", lesson_link),
];
