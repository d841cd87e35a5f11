//! What a teacher adds to a lesson from what the app shows, made in the worker: a check from the Reachability question (answered here), from the design's goals, from one of its problems or from the selected elements' properties, each with a title in English and Korean; and a caption in both languages for each recorded step.
//!
//! Titles and captions are prefilled lesson text (the teacher edits them): they name
//! elements by their names and fields by their JSON names, as lesson files do.

use crate::analyse::Question;
use engine::lesson::{Check, Expect, Words, MAX_RUN_S};
use engine::model::{NodeId, Protocol, Scenario};
use engine::net::Reachability;
use engine::Msg;
use serde_json::{Map, Value};

fn words(en: String, ko: String) -> Words {
    Words { en, ko }
}

/// Why a check cannot be made from what the app shows now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotNow {
    /// No question asked in the Reachability panel, or it names what is not there.
    NoQuestion,
    /// The question is for every protocol: a check asks about one.
    AllProtocols,
    /// The design has no goals to run against.
    NoGoals,
    /// Nothing selected.
    NoSelection,
    /// The problem picked is gone (the design changed).
    NoProblem,
}

impl NotNow {
    /// What to do, in both languages.
    pub fn message(self) -> Msg {
        match self {
            NotNow::NoQuestion => engine::msg!("author.ask_question_first"),
            NotNow::AllProtocols => engine::msg!("author.one_protocol"),
            NotNow::NoGoals => engine::msg!("author.no_goals"),
            NotNow::NoSelection => engine::msg!("author.select_first"),
            NotNow::NoProblem => engine::msg!("author.problem_gone"),
        }
    }
}

/// An element's name as a reader sees it (its name, else its id).
pub fn label(s: &Scenario, id: &str) -> String {
    s.nodes.iter().find(|n| n.id.as_str() == id).map_or_else(|| id.to_string(), |n| n.label().to_string())
}

/// The question's flow in words: `TCP 443`, `ICMP`.
pub fn flow_words(q: &Question) -> String {
    match q.flow.protocol {
        Protocol::Icmp => "ICMP".to_string(),
        p => format!("{} {}", p.name().to_uppercase(), q.flow.port),
    }
}

/// A `reach` check from the Reachability panel's question, expecting what `engine::net::reach`
/// answers on `s` now: reachable, or blocked by the component, element and code it names.
pub fn reach_check(s: &Scenario, q: Option<&Question>) -> Result<Check, NotNow> {
    let q = q.ok_or(NotNow::NoQuestion)?;
    if q.flow.protocol == Protocol::All {
        return Err(NotNow::AllProtocols);
    }
    let answer = engine::net::reach(s, &q.from, &q.to, q.flow).map_err(|_| NotNow::NoQuestion)?;
    let on = flow_words(q);
    let (from, to) = (label(s, q.from.as_str()), label(s, q.to.as_str()));
    let port = if q.flow.protocol == Protocol::Icmp { 0 } else { q.flow.port };
    let base = |title: Words, expect: Expect| Check::Reach {
        id: String::new(),
        title,
        from: q.from.clone(),
        to: q.to.clone(),
        protocol: q.flow.protocol,
        port,
        expect,
        at_kind: None,
        at: None,
        code: None,
    };
    Ok(match answer {
        Reachability::Reachable { .. } => base(
            words(format!("{from} reaches {to} on {on}"), format!("{from}에서 {to}의 {on}에 닿음")),
            Expect::Reachable,
        ),
        Reachability::NotReachable { blocked_at, code: why, .. } => {
            let mut check = base(
                words(format!("{from} does not reach {to} on {on}"), format!("{from}에서 {to}의 {on}에 닿지 않음")),
                Expect::Blocked,
            );
            if let Check::Reach { at_kind, at, code, .. } = &mut check {
                *at_kind = Some(blocked_at.kind);
                // An implicit component (a VPC's main route table) has no element of its own.
                *at = (!blocked_at.implicit).then_some(blocked_at.component);
                *code = Some(why);
            }
            check
        }
    })
}

/// A `run` check from the design's goals and simulation settings (seed, duration, faults):
/// the learner's design must meet them on the same run, with the faults the lesson sets.
pub fn run_check(s: &Scenario) -> Result<Check, NotNow> {
    if s.goals.is_empty() {
        return Err(NotNow::NoGoals);
    }
    let seconds = s.simulation.duration_s.min(MAX_RUN_S);
    Ok(Check::Run {
        id: String::new(),
        title: words(format!("A {seconds} s run meets the goals"), format!("{seconds}초 실행이 목표를 충족함")),
        seed: Some(s.simulation.seed),
        duration_s: Some(seconds),
        faults: (!s.faults.is_empty()).then(|| s.faults.clone()),
        goals: s.goals.clone(),
    })
}

/// The problems a check can be made from, in the Problems tab's order (warnings and errors).
pub fn problems(s: &Scenario) -> Vec<engine::validate::Diagnostic> {
    engine::validate(s).into_iter().filter(|d| d.severity != engine::Severity::Info).collect()
}

/// A `diagnostic` check: problem number `index` of `problems(s)` present (or gone), on its
/// element or (`anywhere`) on any.
pub fn diagnostic_check(s: &Scenario, index: usize, present: bool, anywhere: bool) -> Result<Check, NotNow> {
    let d = problems(s).into_iter().nth(index).ok_or(NotNow::NoProblem)?;
    let (code, name) = (d.code.clone(), label(s, d.target.as_str()));
    let title = match (present, anywhere) {
        (true, false) => words(format!("{code} is reported on {name}"), format!("{name}에 {code}이(가) 보고됨")),
        (true, true) => words(format!("{code} is reported"), format!("{code}이(가) 보고됨")),
        (false, false) => words(format!("No {code} on {name}"), format!("{name}에 {code} 없음")),
        (false, true) => words(format!("No {code} anywhere"), format!("어디에도 {code} 없음")),
    };
    Ok(Check::Diagnostic { id: String::new(), title, code, present, node: (!anywhere).then_some(d.target) })
}

/// The top-level fields of element `id` a property check can ask about (not its id, kind or
/// name), in the document's order.
pub fn fields_of(s: &Scenario, id: &NodeId) -> Vec<String> {
    let Some(node) = s.node(id) else { return Vec::new() };
    let v = serde_json::to_value(node).unwrap_or(Value::Null);
    v.as_object()
        .map(|o| o.keys().filter(|k| !matches!(k.as_str(), "id" | "kind" | "name")).cloned().collect())
        .unwrap_or_default()
}

/// A value short enough to say in a sentence (a number, a word), else `None`.
fn short(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if s.len() <= 40 => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A `property` check from the selected elements: their kind (the first one's), `field`
/// with the first one's value (empty: kind and count only), at least as many as are selected
/// and match, in as many Availability Zones as they span when more than one.
pub fn property_check(s: &Scenario, selected: &[NodeId], field: &str) -> Result<Check, NotNow> {
    let doc = serde_json::to_value(s).unwrap_or(Value::Null);
    let nodes: Vec<&Value> = doc.get("nodes").and_then(Value::as_array).map(|v| v.iter().collect()).unwrap_or_default();
    let by_id = |id: &str| nodes.iter().copied().find(|n| n.get("id").and_then(Value::as_str) == Some(id));
    let first = selected.first().and_then(|id| by_id(id.as_str())).ok_or(NotNow::NoSelection)?;
    let kind = first.get("kind").and_then(Value::as_str).unwrap_or_default().to_string();
    let mut properties = Map::new();
    if let Some(v) = first.get(field).filter(|_| !field.is_empty()) {
        properties.insert(field.to_string(), v.clone());
    }
    let same: Vec<&Value> = selected
        .iter()
        .filter_map(|id| by_id(id.as_str()))
        .filter(|n| n.get("kind").and_then(Value::as_str) == Some(kind.as_str()))
        .filter(|n| properties.iter().all(|(k, v)| n.get(k) == Some(v)))
        .collect();
    let zones = engine::lesson::zones_of(&nodes, &same).len();
    let count = same.len().max(1) as u32;
    let (mut en, mut ko) = (format!("At least {count} {kind}"), format!("{kind} {count}개 이상"));
    if let Some((k, v)) = properties.iter().next() {
        let v = short(v).unwrap_or_else(|| v.to_string());
        en = format!("{en} with {k} = {v}");
        ko = format!("{k} = {v}인 {ko}");
    }
    let azs = (zones > 1).then_some(zones as u32);
    if let Some(z) = azs {
        en = format!("{en}, in {z} AZs");
        ko = format!("{ko}, AZ {z}곳에 걸침");
    }
    Ok(Check::Property { id: String::new(), title: words(en, ko), kind, properties, count, azs })
}

/// A JSON Pointer token back to its key (`~1` is `/`, `~0` is `~`).
fn key_of(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// A caption in both languages for a recorded step (an `Edit` as JSON), saying what it does
/// in the words of `design` (the design after it): "Add nat-b (nat_gateway).", "Set
/// multi_az of orders-db to true."
pub fn caption(step: &Value, design: &Scenario) -> Words {
    let text = |k: &str| step.get(k).and_then(Value::as_str).unwrap_or_default();
    let raw = key_of(text("path").trim_start_matches('/'));
    // A field by its name in each language (engine::names: "Multi-AZ standby", not
    // `multi_az`), the path kept where no name is known.
    let field = raw.rsplit('/').find(|k| k.parse::<usize>().is_err()).and_then(engine::names::property);
    let (path_en, path_ko) = field.map_or((raw.clone(), raw.clone()), |(en, ko)| (en.to_string(), ko.to_string()));
    let (en, ko) = match text("op") {
        "add_node" => {
            let node = step.get("node").unwrap_or(&Value::Null);
            let kind = node.get("kind").and_then(Value::as_str).unwrap_or_default();
            let (kind_en, kind_ko) = engine::model::Kind::from_name(kind)
                .map(engine::names::kind)
                .map_or((kind.to_string(), kind.to_string()), |(en, ko)| (en.to_string(), ko.to_string()));
            let name = label(design, node.get("id").and_then(Value::as_str).unwrap_or_default());
            (format!("Add {name} ({kind_en})."), format!("{name}({kind_ko})을(를) 추가합니다."))
        }
        "remove_node" => {
            let name = text("id");
            (format!("Remove {name}."), format!("{name}을(를) 삭제합니다."))
        }
        op => match (step.get("node").and_then(Value::as_str), raw.split_once('/')) {
            // A place in the layout: the element moved.
            (None, Some(("layout", id))) if op == "set" => {
                let name = label(design, id);
                (format!("Move {name}."), format!("{name}을(를) 옮깁니다."))
            }
            (None, Some(("layout", id))) => {
                let name = label(design, id);
                (format!("Let {name} be placed automatically."), format!("{name}을(를) 자동으로 배치합니다."))
            }
            (Some(node), _) => {
                let name = label(design, node);
                let value = step.get("value").filter(|_| op == "set");
                match (value, value.and_then(short)) {
                    // A switch is turned on or off.
                    (Some(Value::Bool(true)), _) => {
                        (format!("Turn on {path_en} of {name}."), format!("{name}의 {path_ko}을(를) 켭니다."))
                    }
                    (Some(Value::Bool(false)), _) => {
                        (format!("Turn off {path_en} of {name}."), format!("{name}의 {path_ko}을(를) 끕니다."))
                    }
                    (_, Some(v)) => (
                        format!("Set {path_en} of {name} to {v}."),
                        format!("{name}의 {path_ko}을(를) {v}(으)로 바꿉니다."),
                    ),
                    _ if op == "set" || op == "push" => {
                        (format!("Change {path_en} of {name}."), format!("{name}의 {path_ko}을(를) 바꿉니다."))
                    }
                    _ => (format!("Clear {path_en} of {name}."), format!("{name}의 {path_ko}을(를) 비웁니다.")),
                }
            }
            _ => (format!("Change {path_en}."), format!("{path_ko}을(를) 바꿉니다.")),
        },
    };
    words(en, ko)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::net::Flow;
    use serde_json::json;

    fn example(key: &str) -> Scenario {
        Scenario::from_json(engine::scenarios::BUILT_IN.iter().find(|(k, _)| *k == key).unwrap().1).unwrap()
    }

    #[test]
    fn checks_come_from_what_the_app_shows_and_pass_on_that_design() {
        let s = example("reference-web-app");
        let q = Question { from: "internet".into(), to: "db".into(), flow: Flow::tcp(5432) };
        let Check::Reach { expect, at_kind, code, title, .. } = reach_check(&s, Some(&q)).unwrap() else { panic!() };
        assert_eq!(expect, Expect::Blocked, "the database is not reachable from the Internet");
        assert!(at_kind.is_some() && code.is_some());
        assert!(title.ko.contains("닿지 않음") && title.en.contains("does not reach"));
        assert_eq!(reach_check(&s, None), Err(NotNow::NoQuestion));
        let all = Question { flow: Flow { protocol: Protocol::All, port: 0, client_ports: None }, ..q.clone() };
        assert_eq!(reach_check(&s, Some(&all)), Err(NotNow::AllProtocols));
        let gone = Question { from: "nothing-here".into(), ..q.clone() };
        assert_eq!(reach_check(&s, Some(&gone)), Err(NotNow::NoQuestion));
        let Check::Run { goals, seed, .. } = run_check(&s).unwrap() else { panic!() };
        assert_eq!((goals, seed), (s.goals.clone(), Some(s.simulation.seed)));
        assert_eq!(run_check(&example("two-tier")), Err(NotNow::NoGoals));
        let web: Vec<NodeId> = vec!["i-web-a1".into(), "i-web-c1".into()];
        assert!(fields_of(&s, &web[0]).contains(&"instance_type".to_string()));
        let Check::Property { kind, count, azs, properties, .. } = property_check(&s, &web, "instance_type").unwrap()
        else {
            panic!()
        };
        assert_eq!((kind.as_str(), count, azs), ("instance", 2, Some(2)));
        assert_eq!(properties["instance_type"], json!("m5.large"));
        assert_eq!(property_check(&s, &[], ""), Err(NotNow::NoSelection));
        // A design with a problem: a check that it is gone.
        let mut broken = example("two-tier");
        let subnet = broken.nodes.iter().position(|n| n.spec.kind() == engine::model::Kind::Subnet).unwrap();
        broken.nodes.remove(subnet);
        let found = problems(&broken);
        assert!(!found.is_empty());
        let Check::Diagnostic { code, present, node, .. } = diagnostic_check(&broken, 0, false, false).unwrap() else {
            panic!()
        };
        assert_eq!((code, present, node), (found[0].code.clone(), false, Some(found[0].target.clone())));
        assert_eq!(diagnostic_check(&broken, 999, true, false), Err(NotNow::NoProblem));
        let Check::Diagnostic { node, .. } = diagnostic_check(&broken, 0, false, true).unwrap() else { panic!() };
        assert_eq!(node, None, "anywhere");
        // Each check graded on the design it came from says what that design does.
        let lesson = |c: Check| {
            let mut c = c;
            match &mut c {
                Check::Reach { id, .. } | Check::Diagnostic { id, .. } | Check::Property { id, .. } => *id = "c".into(),
                _ => {}
            }
            c
        };
        for (design, check) in [
            (&s, reach_check(&s, Some(&q)).unwrap()),
            (&s, property_check(&s, &web, "instance_type").unwrap()),
            (&broken, diagnostic_check(&broken, 0, true, false).unwrap()),
            (&broken, diagnostic_check(&broken, 0, true, true).unwrap()),
        ] {
            let mut l = engine::lesson::built_in("rds-multi-az").unwrap();
            l.checks = vec![lesson(check)];
            let g = engine::lesson::grade(&l, design, &Default::default());
            assert!(g.checks[0].status == engine::lesson::Status::Passed, "{:?}", g.checks[0]);
        }
        for n in [NotNow::NoQuestion, NotNow::AllProtocols, NotNow::NoGoals, NotNow::NoSelection, NotNow::NoProblem] {
            assert!(n.message().ko().chars().any(|c| ('가'..='힣').contains(&c)));
        }
    }

    #[test]
    fn captions_say_what_changed_in_both_languages() {
        let s = example("two-tier");
        let id = s.nodes[0].id.as_str();
        // (step, in the English caption, in the Korean one, and the Korean one's ending).
        for (step, en, ko, ending) in [
            (json!({"op": "remove_node", "id": "nat-a"}), "Remove nat-a.", "nat-a", "을(를) 삭제합니다."),
            (json!({"op": "set", "path": format!("/layout/{id}"), "value": {"x": 1, "y": 2}}), "Move", "", "옮깁니다."),
            (json!({"op": "set", "node": id, "path": "/name", "value": "web"}), "to web.", "web", "(으)로 바꿉니다."),
            (
                json!({"op": "set", "node": id, "path": "/inbound", "value": []}),
                "Change inbound",
                "inbound",
                "을(를) 바꿉니다.",
            ),
            (
                json!({"op": "remove", "node": id, "path": "/not_named"}),
                "Clear not_named",
                "not_named",
                "을(를) 비웁니다.",
            ),
            (
                json!({"op": "add_node", "node": {"id": "nat-b", "kind": "nat_gateway"}}),
                "Add nat-b (NAT gateway).",
                "(NAT 게이트웨이)",
                "을(를) 추가합니다.",
            ),
            // Fields by their names, switches as on and off (not `multi_az` to `true`).
            (
                json!({"op": "set", "node": id, "path": "/multi_az", "value": true}),
                "Turn on Multi-AZ standby of",
                "다중 AZ 대기을(를)",
                " 켭니다.",
            ),
        ] {
            let c = caption(&step, &s);
            assert!(c.en.contains(en), "{c:?}");
            assert!(c.ko.contains(ko) && c.ko.ends_with(ending), "{c:?}");
        }
    }
}
