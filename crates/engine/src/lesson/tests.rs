//! Every built-in lesson is sound (its start fails, its solution passes) and bad lesson files are refused with a message, never a panic.

use super::*;
use std::collections::BTreeSet;

/// The solution's answers, as a learner would give them.
fn right_answers(lesson: &Lesson) -> BTreeMap<String, String> {
    lesson.solution.answers.clone()
}

#[test]
fn every_lesson_starts_failing_and_its_solution_passes() {
    assert!(!BUILT_IN.is_empty());
    for (key, text) in BUILT_IN {
        let lesson = Lesson::from_json(text).unwrap_or_else(|e| panic!("{key}: {e}"));
        assert_eq!(&lesson.id, key, "a lesson's key is its id");
        let start = lesson.start_design().unwrap();
        let before = grade(&lesson, &start, &right_answers(&lesson));
        let failing: Vec<&str> =
            before.checks.iter().filter(|c| c.status != Status::Passed).map(|c| c.id.as_str()).collect();
        assert!(!failing.is_empty(), "{key}: the starting design already passes every check");
        let done = lesson.solution_design().unwrap();
        let after = grade(&lesson, &done, &right_answers(&lesson));
        for c in &after.checks {
            assert_eq!(c.status, Status::Passed, "{key}: the solution fails {}: {}", c.id, c.reason.en());
        }
        assert!(after.passed);
        // The solution leaves locked elements alone and adds only what the palette offers.
        for (i, step) in lesson.solution.steps.iter().enumerate() {
            if let Some(id) = step.touches() {
                assert!(!lesson.limits.locked.iter().any(|l| l.as_str() == id), "{key}: step {i} edits locked '{id}'");
            }
            if let (Edit::AddNode { node, .. }, Some(palette)) = (step, &lesson.limits.palette) {
                let kind = node.get("kind").and_then(serde_json::Value::as_str).unwrap_or_default();
                assert!(palette.iter().any(|k| k == kind), "{key}: step {i} adds a {kind}, not in the palette");
            }
        }
    }
}

#[test]
fn built_in_lessons_are_in_the_notes_order_with_unique_ids() {
    let order = |l: &Lesson| SECTIONS.iter().position(|k| *k == l.section).unwrap();
    let lessons: Vec<Lesson> = BUILT_IN.iter().map(|(_, t)| Lesson::from_json(t).unwrap()).collect();
    assert!(lessons.windows(2).all(|w| order(&w[0]) <= order(&w[1])), "BUILT_IN follows SECTIONS' order");
    let ids: BTreeSet<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids.len(), lessons.len());
    assert!(lessons.iter().any(|l| l.checks.iter().any(|c| matches!(c, Check::Predict { .. }))), "a predict lesson");
    // Each file of lessons/ is built in.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons");
    let files: BTreeSet<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".json").map(str::to_string))
        .collect();
    let keys: BTreeSet<String> = BUILT_IN.iter().map(|(k, _)| k.to_string()).collect();
    assert_eq!(files, keys);
}

#[test]
fn an_unanswered_question_needs_an_answer_and_a_wrong_one_fails() {
    let (_, text) = BUILT_IN.iter().find(|(_, t)| t.contains("\"predict\"")).unwrap();
    let lesson = Lesson::from_json(text).unwrap();
    let done = lesson.solution_design().unwrap();
    let (id, right) = lesson.solution.answers.iter().next().unwrap();
    let status = |answers: &BTreeMap<String, String>| {
        grade(&lesson, &done, answers).checks.into_iter().find(|c| &c.id == id).unwrap().status
    };
    assert_eq!(status(&BTreeMap::new()), Status::NeedsAnswer);
    let Some(Check::Predict { options, .. }) = lesson.checks.iter().find(|c| c.id() == id) else { unreachable!() };
    let wrong = options.iter().find(|o| &o.key != right).unwrap();
    assert_eq!(status(&[(id.clone(), wrong.key.clone())].into()), Status::Failed);
    assert_eq!(status(&[(id.clone(), right.clone())].into()), Status::Passed);
    // Once answered, the question's reason tells what the check that shows it found.
    if let Some(Check::Predict { shown_by: Some(other), .. }) = lesson.checks.iter().find(|c| c.id() == id) {
        let g = grade(&lesson, &done, &[(id.clone(), right.clone())].into());
        let reason = &g.checks.iter().find(|c| &c.id == id).unwrap().reason;
        assert!(
            reason.en().contains(&format!("({other})")) && reason.ko().contains(&format!("({other})")),
            "{reason:?}"
        );
    }
    assert!(!grade(&lesson, &done, &BTreeMap::new()).passed);
}

/// A small valid lesson to break in the tests below.
fn minimal() -> serde_json::Value {
    serde_json::json!({
        "format": 1,
        "id": "tiny",
        "section": "vpc.security-groups",
        "title": {"en": "Open port 443", "ko": "443 포트 열기"},
        "brief": {"en": "Let HTTPS in.", "ko": "HTTPS를 들여보내세요."},
        "explanation": {"en": "Security groups allow.", "ko": "보안 그룹은 허용 규칙만 둡니다."},
        "start": {"example": "first-web-server"},
        "checks": [{"type": "reach", "id": "https", "title": {"en": "HTTPS reaches the server", "ko": "HTTPS가 서버에 닿음"},
                    "from": "internet", "to": "i-web", "port": 443, "expect": "reachable"}],
        "solution": {"steps": [{"op": "push", "node": "sg-web", "path": "/inbound",
                                "value": {"protocol": "tcp", "ports": "443", "cidr": "0.0.0.0/0"},
                                "caption": {"en": "Allow 443 in.", "ko": "443 인바운드를 허용합니다."}}]}
    })
}

fn refused(doc: &serde_json::Value) -> LessonError {
    Lesson::from_json(&doc.to_string()).expect_err("refused")
}

#[test]
fn a_minimal_lesson_reads_grades_and_round_trips() {
    let lesson = Lesson::from_json(&minimal().to_string()).unwrap();
    assert_eq!(Lesson::from_json(&lesson.to_json()).unwrap(), lesson);
    let start = lesson.start_design().unwrap();
    let g = grade(&lesson, &start, &BTreeMap::new());
    assert!(!g.passed);
    assert!(g.checks[0].reason.en().contains("ENI_SG_RULES_MISMATCH"), "{}", g.checks[0].reason.en());
    assert!(grade(&lesson, &lesson.solution_design().unwrap(), &BTreeMap::new()).passed);
}

/// A way to break a lesson document.
type Break = Box<dyn Fn(&mut serde_json::Value)>;

#[test]
fn bad_lesson_files_are_refused_naming_the_field_in_both_languages() {
    let cases: Vec<(&str, Break, &str)> = vec![
        ("misspelt field", Box::new(|d| d["titel"] = d["title"].clone()), "titel"),
        ("a third language", Box::new(|d| d["title"]["kr"] = "x".into()), "kr"),
        ("unknown check type", Box::new(|d| d["checks"][0]["type"] = "ping".into()), "ping"),
        ("unknown check field", Box::new(|d| d["checks"][0]["prot"] = "tcp".into()), "prot"),
        ("unknown section", Box::new(|d| d["section"] = "iam".into()), "section"),
        ("English in ko", Box::new(|d| d["brief"]["ko"] = "Let HTTPS in.".into()), "brief"),
        ("bad id", Box::new(|d| d["id"] = "Tiny Lesson".into()), "id"),
        ("no start", Box::new(|d| d["start"] = serde_json::json!({})), "start"),
        ("unknown example", Box::new(|d| d["start"]["example"] = "nope".into()), "start.example"),
        ("step on nothing", Box::new(|d| d["solution"]["steps"][0]["node"] = "sg-nope".into()), "solution.steps[0]"),
        ("bad pointer", Box::new(|d| d["solution"]["steps"][0]["path"] = "inbound".into()), "solution.steps[0]"),
        (
            "no caption",
            Box::new(|d| _ = d["solution"]["steps"][0].as_object_mut().unwrap().remove("caption")),
            "solution.steps[0]",
        ),
        (
            "duplicate check id",
            Box::new(|d| {
                let c = d["checks"][0].clone();
                d["checks"].as_array_mut().unwrap().push(c)
            }),
            "checks[1].id",
        ),
        ("protocol all", Box::new(|d| d["checks"][0]["protocol"] = "all".into()), "checks[0].protocol"),
        ("no port", Box::new(|d| _ = d["checks"][0].as_object_mut().unwrap().remove("port")), "checks[0].port"),
        ("where on a reachable path", Box::new(|d| d["checks"][0]["code"] = "NO_PATH".into()), "checks[0].expect"),
        (
            "unknown palette kind",
            Box::new(|d| d["limits"] = serde_json::json!({"palette": ["lambda"]})),
            "limits.palette[0]",
        ),
        ("locked nothing", Box::new(|d| d["limits"] = serde_json::json!({"locked": ["ghost"]})), "limits.locked[0]"),
        ("newer format", Box::new(|d| d["format"] = 2.into()), "format"),
        (
            "question without answer",
            Box::new(|d| {
                d["checks"].as_array_mut().unwrap().push(serde_json::json!({
            "type": "predict", "id": "q", "title": {"en": "Which?", "ko": "어느 쪽?"},
            "options": [{"key": "a", "text": {"en": "A", "ko": "가"}, "explanation": {"en": "A.", "ko": "가."}},
                        {"key": "b", "text": {"en": "B", "ko": "나"}, "explanation": {"en": "B.", "ko": "나."}}]}))
            }),
            "solution.answers.q",
        ),
        (
            "run without goals",
            Box::new(|d| {
                d["checks"].as_array_mut().unwrap().push(serde_json::json!({
            "type": "run", "id": "r", "title": {"en": "Runs", "ko": "실행"}, "goals": {}}))
            }),
            "checks[1].goals",
        ),
        (
            "endless run",
            Box::new(|d| {
                d["checks"].as_array_mut().unwrap().push(serde_json::json!({
            "type": "run", "id": "r", "title": {"en": "Runs", "ko": "실행"}, "duration_s": 1e9, "goals": {"availability": 0.9}}))
            }),
            "checks[1].duration_s",
        ),
    ];
    for (what, break_it, field) in cases {
        let mut doc = minimal();
        break_it(&mut doc);
        let e = refused(&doc);
        let m = e.message();
        assert!(m.en().contains(field), "{what}: {}", m.en());
        assert!(has_hangul(&m.ko()) && m.ko().contains(field), "{what}: {}", m.ko());
    }
    assert!(matches!(Lesson::from_json("{"), Err(LessonError::Syntax { .. })));
    let huge = " ".repeat(MAX_LESSON_BYTES + 1);
    assert!(matches!(Lesson::from_json(&huge), Err(LessonError::TooLarge { .. })));
    assert!(matches!(built_in("no-such-lesson"), Err(LessonError::Unknown(_))));
}

#[test]
fn edits_follow_json_pointer() {
    let doc = serde_json::json!({"format": 1, "nodes": [
        {"id": "sg", "kind": "security_group", "vpc": "v", "inbound": [{"protocol": "tcp", "ports": "80", "cidr": "0.0.0.0/0"}]},
        {"id": "r", "kind": "region", "code": "ap-northeast-2"},
        {"id": "v", "kind": "vpc", "region": "r", "cidr": "10.0.0.0/16"}]});
    let words = None;
    let edits = vec![
        Edit::Set {
            node: Some("sg".into()),
            path: "/inbound/0/ports".into(),
            value: "8080".into(),
            caption: words.clone(),
        },
        Edit::Push {
            node: Some("sg".into()),
            path: "/outbound".into(),
            value: serde_json::json!({"protocol": "all", "cidr": "0.0.0.0/0"}),
            caption: words.clone(),
        },
        Edit::Set { node: None, path: "/name".into(), value: "a~/b".into(), caption: words.clone() },
    ];
    let s = apply(doc.clone(), &edits).unwrap();
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["nodes"][0]["inbound"][0]["ports"], "8080");
    assert_eq!(v["nodes"][0]["outbound"][0]["protocol"], "all");
    assert_eq!(s.name, "a~/b");
    let removed =
        apply(doc.clone(), &[Edit::Remove { node: Some("sg".into()), path: "/inbound/0".into(), caption: None }])
            .unwrap();
    assert_eq!(
        serde_json::to_value(&removed).unwrap()["nodes"][0].get("inbound").map(|i| i.as_array().map(Vec::len)),
        Some(Some(0))
    );
    for bad in ["/inbound/1/ports", "/inbound/01/ports", "/inbound/x", "/nope/x"] {
        let e = apply(
            doc.clone(),
            &[Edit::Set { node: Some("sg".into()), path: bad.into(), value: 1.into(), caption: None }],
        );
        assert!(e.is_err(), "{bad}");
    }
    let dup = apply(
        doc.clone(),
        &[Edit::AddNode { node: serde_json::json!({"id": "v", "kind": "vpc"}), at: None, caption: None }],
    );
    assert_eq!(dup.unwrap_err().step, 0);
    let gone = apply(doc, &[Edit::RemoveNode { id: "sg".into(), caption: None }]).unwrap();
    assert_eq!(gone.nodes.len(), 2);
}

/// Every verdict, of the start and of the solution, says why in both languages (the reasons
/// come from validation, reachability and the simulator as well as from grading).
#[test]
fn every_verdict_has_a_reason_in_both_languages() {
    for (key, text) in BUILT_IN {
        let lesson = Lesson::from_json(text).unwrap();
        for design in [lesson.start_design().unwrap(), lesson.solution_design().unwrap()] {
            for c in grade(&lesson, &design, &right_answers(&lesson)).checks {
                println!("{key:28} {:14} {:?}: {}", c.id, c.status, c.reason.en());
                assert!(
                    !c.reason.en().trim().is_empty() && has_hangul(&c.reason.ko()),
                    "{key} {}: {:?}",
                    c.id,
                    c.reason
                );
            }
        }
    }
}

/// docs/lessons.md lists every section key and every built-in lesson.
#[test]
fn the_lesson_docs_list_every_section_and_lesson() {
    let doc = include_str!("../../../../docs/lessons.md");
    for key in SECTIONS {
        assert!(doc.contains(&format!("| `{key}` |")), "docs/lessons.md lists section {key}");
    }
    for (id, _) in BUILT_IN {
        assert!(doc.contains(&format!("| `{id}` |")), "docs/lessons.md lists lesson {id}");
    }
}

/// A deterministic taste of the `lesson` fuzz target without its build: every built-in lesson
/// cut short at many points and with bytes replaced goes through the target's body (read,
/// save, read back, grade) without a panic.
#[test]
fn damaged_lesson_files_never_panic() {
    for (_, text) in BUILT_IN {
        let bytes = text.as_bytes();
        for cut in (0..bytes.len()).step_by(211) {
            crate::fuzz::lesson(&bytes[..cut]);
        }
        for at in (0..bytes.len()).step_by(97) {
            for b in [b'"', b'}', b'0', b'-', 0xff] {
                let mut damaged = bytes.to_vec();
                damaged[at] = b;
                crate::fuzz::lesson(&damaged);
            }
        }
    }
}

/// A design that passes by changing a locked element does not pass: the security group of
/// the ephemeral-ports lesson is locked, so opening everything there is no answer.
#[test]
fn changing_a_locked_element_fails_the_grade() {
    let lesson = built_in("nacl-ephemeral-ports").unwrap();
    let mut done = lesson.solution_design().unwrap();
    assert!(grade(&lesson, &done, &right_answers(&lesson)).passed);
    let sg = done.nodes.iter_mut().find(|n| n.id.as_str() == "sg-web").unwrap();
    sg.name = "renamed".into();
    let g = grade(&lesson, &done, &right_answers(&lesson));
    assert!(!g.passed);
    assert_eq!(g.changed_locked, vec![NodeId::from("sg-web")]);
    assert!(g.checks.iter().all(|c| c.status == Status::Passed), "the checks alone still pass");
    // Moving a locked element on the canvas is not changing it.
    let mut moved = lesson.solution_design().unwrap();
    moved.layout.insert(NodeId::from("sg-web"), crate::model::Placement { x: 1.0, y: 2.0, w: None, h: None });
    assert!(grade(&lesson, &moved, &right_answers(&lesson)).passed);
}

/// Regression: a check's reason spelled goals by their JSON keys with four decimals
/// ("duplicates 35.0000 (≤ 0)") and properties as raw JSON of a kind's JSON name: now each
/// goal and kind reads by its name in the reader's language, with the goal's unit.
#[test]
fn reasons_name_goals_kinds_and_properties_in_the_readers_language() {
    let reason = |id: &str, check: &str| {
        let lesson = built_in(id).unwrap();
        let grade = grade(&lesson, &lesson.start_design().unwrap(), &right_answers(&lesson));
        let c = grade.checks.into_iter().find(|c| c.id == check).unwrap();
        assert_eq!(c.status, Status::Failed, "{id} {check}");
        (c.reason.en(), c.reason.ko())
    };
    let (en, ko) = reason("sqs-visibility-timeout", "once");
    assert!(en.contains("SQS messages processed twice") && !en.contains("duplicates") && !en.contains(".0000"), "{en}");
    assert!(ko.contains("두 번 처리된 SQS 메시지") && ko.contains("(≤ 0)"), "{ko}");
    let (en, ko) = reason("cloudwatch-target-tracking", "ramp");
    assert!(en.contains("Availability") && en.contains(" %") && en.contains(" ms"), "{en}");
    assert!(ko.contains("가용성"), "{ko}");
    let (en, ko) = reason("cloudwatch-target-tracking", "policy");
    assert!(en.contains("Auto Scaling group with") && !en.contains("auto_scaling_group"), "{en}");
    assert!(ko.contains("Auto Scaling 그룹") && !ko.contains("policies"), "{ko}");
    // Values too: a policy by its words, not as JSON.
    assert!(
        en.contains("Target tracking scaling · ") && en.ends_with("· 50 (at least 1).") && !en.contains('{'),
        "{en}"
    );
    assert!(ko.contains("대상 추적 조정 · ") && !ko.contains("target_tracking"), "{ko}");
    let (en, ko) = reason("sqs-backlog-scaling", "policy");
    assert!(en.contains("SQS backlog per instance · 2000"), "{en}");
    assert!(ko.contains("인스턴스당 SQS 백로그 · 2000"), "{ko}");
    let (en, ko) = reason("rds-multi-az", "multi-az");
    assert!(en.contains("Multi-AZ standby = on") && ko.contains("= 켬"), "{en} / {ko}");
}
