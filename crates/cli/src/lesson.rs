//! `stratus lesson list` and `stratus lesson check`: the built-in lessons, and a design graded against one (docs/lessons.md).

use crate::args::{Graded, Output};
use crate::render::safe;
use engine::lesson::{Check, Grade, Lesson, Status};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write;

/// `stratus lesson list`: id, section and title of each built-in lesson, in the notes' order.
pub fn list(out: Output) -> Result<String, engine::Text> {
    let mut lessons = Vec::new();
    for (_, text) in engine::lesson::BUILT_IN {
        lessons.push(Lesson::from_json(text).map_err(|e| engine::Text::from(e.message()))?);
    }
    if out.json {
        let rows: Vec<Value> =
            lessons.iter().map(|l| json!({"id": l.id, "section": l.section, "title": l.title})).collect();
        return Ok(crate::render::json_text(rows).unwrap_or_default() + "\n");
    }
    let mut text = String::new();
    for l in &lessons {
        let title = if out.lang == "ko" { &l.title.ko } else { &l.title.en };
        let _ = writeln!(text, "{:<28} {:<28} {}", l.id, l.section, title);
    }
    Ok(text)
}

/// The lesson named by `name`: a built-in id, or a file (a path with `/`, or ending in `.json`).
pub fn find(name: &str, read: impl Fn(&str, usize) -> Result<String, engine::Text>) -> Result<Lesson, engine::Text> {
    if name.contains('/') || name.ends_with(".json") {
        let text = read(name, engine::lesson::MAX_LESSON_BYTES)?;
        let file = safe(name);
        return Lesson::from_json(&text).map_err(|e| {
            let m = e.message();
            engine::Text::new(format!("{file}: {}", m.en()), format!("{file}: {}", m.ko()))
        });
    }
    engine::lesson::built_in(name).map_err(|e| e.message().into())
}

/// Answers given as `--answer [ID=]KEY`, keyed by check id; a bare key answers the lesson's
/// only question. `Err` explains a bad answer (exit 2).
pub fn answers(lesson: &Lesson, given: &[(Option<String>, String)]) -> Result<BTreeMap<String, String>, engine::Text> {
    let questions: Vec<&str> =
        lesson.checks.iter().filter(|c| matches!(c, Check::Predict { .. })).map(Check::id).collect();
    let mut out = BTreeMap::new();
    for (id, key) in given {
        let id = match (id, questions.as_slice()) {
            (Some(id), _) if questions.contains(&id.as_str()) => id.clone(),
            (Some(id), _) => {
                return Err(engine::Text::new(
                    format!("--answer {id}=…: '{id}' is not a question of lesson '{}'.", lesson.id),
                    format!("`--answer {id}=…`: '{id}'은(는) 레슨 '{}'의 질문이 아닙니다.", lesson.id),
                ))
            }
            (None, [only]) => only.to_string(),
            (None, []) => {
                return Err(engine::Text::new(
                    format!("lesson '{}' asks no question: drop --answer.", lesson.id),
                    format!("레슨 '{}'에는 질문이 없습니다. `--answer`를 빼세요.", lesson.id),
                ))
            }
            (None, many) => {
                return Err(engine::Text::new(
                    format!(
                        "lesson '{}' asks {} questions: write --answer ID=KEY ({}).",
                        lesson.id,
                        many.len(),
                        many.join(", ")
                    ),
                    format!(
                        "레슨 '{}'에는 질문이 {}개 있습니다. `--answer ID=KEY`로 쓰세요({}).",
                        lesson.id,
                        many.len(),
                        many.join(", ")
                    ),
                ))
            }
        };
        out.insert(id, key.clone());
    }
    Ok(out)
}

/// What `--json` prints: the grade with the lesson's section and title and what was graded.
pub fn check_json(lesson: &Lesson, graded: &Graded, grade: &Grade) -> String {
    let mut doc = serde_json::to_value(grade).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut doc {
        map.insert("section".into(), json!(lesson.section));
        map.insert("title".into(), json!(lesson.title));
        map.insert("design".into(), json!(graded_name(graded)));
    }
    crate::render::json_text(doc).unwrap_or_default()
}

fn graded_name(graded: &Graded) -> &str {
    match graded {
        Graded::Start => "start",
        Graded::Solution => "solution",
        Graded::File(f) => f,
    }
}

/// The grade for people: one line per check, then a summary.
pub fn check_text(lesson: &Lesson, graded: &Graded, grade: &Grade, lang: &str) -> String {
    let ko = lang == "ko";
    let pick = |en: &str, ko_text: &str| if ko { ko_text.to_string() } else { en.to_string() };
    let mut out = String::new();
    let title = pick(&lesson.title.en, &lesson.title.ko);
    let _ = writeln!(out, "lesson {} ({}): {}", lesson.id, lesson.section, safe(&title));
    let _ = writeln!(out, "design {}", safe(graded_name(graded)));
    for (c, r) in lesson.checks.iter().zip(&grade.checks) {
        let mark = match r.status {
            Status::Passed => "PASS",
            Status::Failed => "FAIL",
            Status::NeedsAnswer => "ASK ",
        };
        let _ = writeln!(out, "{mark}  {:<16} {}", safe(&r.id), safe(r.title.get(lang)));
        let _ = writeln!(out, "      {}", safe(&r.reason.get(lang)));
        if let (Status::NeedsAnswer, Check::Predict { options, .. }) = (r.status, c) {
            for o in options {
                let text = pick(&o.text.en, &o.text.ko);
                let _ = writeln!(out, "      --answer {}={}  {}", safe(&r.id), safe(&o.key), safe(&text));
            }
        }
    }
    if !grade.changed_locked.is_empty() {
        let ids: Vec<String> = grade.changed_locked.iter().map(|id| safe(id.as_str()).into_owned()).collect();
        let ids = ids.join(", ");
        let line = if ko {
            format!("FAIL  잠긴 요소가 바뀌었습니다: {ids} (레슨 시작 때 그대로 두어야 합니다)")
        } else {
            format!("FAIL  locked elements were changed: {ids} (the lesson keeps them as they start)")
        };
        let _ = writeln!(out, "{line}");
    }
    let passed = grade.checks.iter().filter(|c| c.status == Status::Passed).count();
    let total = grade.checks.len();
    let verdict = match (grade.passed, ko) {
        (true, false) => format!("every check passed ({total} of {total})"),
        (true, true) => format!("모든 확인 항목 통과({total}/{total})"),
        (false, false) => format!("{passed} of {total} checks passed"),
        (false, true) => format!("확인 항목 {total}개 중 {passed}개 통과"),
    };
    let _ = writeln!(out, "{verdict}");
    out
}
