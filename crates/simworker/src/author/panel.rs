//! The authoring panel's HTML, written in the worker (`desk`): the lesson's texts in English and Korean, its checks, where new checks come from (the Reachability question answered here, the design's goals, its problems validated here, the selection's fields), hints, the recorded solution, the trial and the buttons that test, save and share.
//!
//! The page puts it into the panel as it is: the page keeps neither these sentences nor the
//! code that lays them out (the first load has no room for them). Every value is escaped.
//! Controls name their draft field by `data-path` (a JSON Pointer) and their action by
//! `data-act`; the page's one listener answers both. Engine messages (a refusal, a trial's
//! problems, a note) travel as data in `data-msg` (a `Msg` as JSON), which the page renders
//! from the catalogue of the reader's language.

use super::draft::Draft;
use super::make;
use super::Authored;
use crate::analyse::Question;
use engine::model::{NodeId, Scenario};
use engine::text::escape_markup as escape;
use engine::Msg;
use serde_json::Value;
use std::fmt::Write;

/// What the panel shows: the draft, the desk's notes and trial, and what the app shows now.
pub struct View<'a> {
    /// Korean (else English).
    pub ko: bool,
    /// The draft.
    pub draft: &'a Draft,
    /// A note under the solution (an edit not recorded, recording stopped, record first).
    pub note: Option<&'a Msg>,
    /// The latest reading of the draft: refused, or tried.
    pub tried: Option<&'a Authored>,
    /// A trial is running.
    pub busy: bool,
    /// The design in view.
    pub design: &'a Scenario,
    /// The Reachability panel's question.
    pub question: Option<&'a Question>,
    /// The selected elements.
    pub selection: &'a [NodeId],
}

/// An engine message, for the page to render in the reader's language.
fn slot(tag: &str, testid: &str, m: &Msg) -> String {
    let data = escape(&serde_json::to_string(m).unwrap_or_default());
    format!(r#"<{tag} data-testid="{testid}" data-msg="{data}"></{tag}>"#)
}

fn checks(draft: &Value) -> &[Value] {
    draft.get("checks").and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn text<'a>(draft: &'a Value, pointer: &str) -> &'a str {
    draft.pointer(pointer).and_then(Value::as_str).unwrap_or_default()
}

/// Words of the panel in the reader's language.
struct Say(bool);

impl Say {
    fn t<'a>(&self, en: &'a str, ko: &'a str) -> String {
        escape(if self.0 { ko } else { en })
    }
}

/// What a check of type `kind` is, in words (escaped).
fn check_name(kind: &str, say: &Say) -> String {
    match kind {
        "reach" => say.t("Reachability", "도달 가능성"),
        "run" => say.t("Run goals", "실행 목표"),
        "diagnostic" => say.t("Problem", "문제"),
        "property" => say.t("Elements", "요소"),
        "predict" => say.t("Question", "질문"),
        other => escape(other),
    }
}

/// What a recorded step of kind `op` does, in words (escaped).
fn step_name(op: &str, say: &Say) -> String {
    match op {
        "add_node" => say.t("Add an element", "요소 추가"),
        "remove_node" => say.t("Remove an element", "요소 삭제"),
        "set" => say.t("Change a setting", "설정 변경"),
        "push" => say.t("Add to a list", "목록에 추가"),
        "remove" => say.t("Clear a setting", "설정 비우기"),
        other => escape(other),
    }
}

fn button(act: &str, testid: &str, label: &str, disabled: bool) -> String {
    format!(
        r#"<button type="button" data-act="{act}" data-testid="{testid}"{}>{label}</button>"#,
        if disabled { " disabled" } else { "" }
    )
}

/// A text of the draft in English and Korean: two labelled fields, of one line (`rows` 0) or
/// a box of `rows` lines (a sentence or more).
fn pair(h: &mut String, draft: &Value, pointer: &str, testid: &str, legend: &str, rows: u8) {
    let _ = write!(h, r#"<fieldset class="pair"><legend>{legend}</legend>"#);
    for lang in ["en", "ko"] {
        let path = format!("{pointer}/{lang}");
        let value = escape(text(draft, &path));
        let up = lang.to_uppercase();
        let attrs =
            format!(r#"data-path="{path}" data-testid="{testid}-{lang}" lang="{lang}" aria-label="{legend} ({up})""#);
        let field = if rows > 0 {
            format!(r#"<textarea rows="{rows}" {attrs}>{value}</textarea>"#)
        } else {
            format!(r#"<input type="text" {attrs} value="{value}">"#)
        };
        let _ = write!(h, r#"<label><span>{up}</span>{field}</label>"#);
    }
    h.push_str("</fieldset>");
}

/// A select of a check's choice at `pointer`.
fn choice(pointer: &str, testid: &str, now: &str, options: &[(&str, String)]) -> String {
    let mut h = format!(r#"<select data-path="{pointer}" data-testid="{testid}">"#);
    for (value, label) in options {
        let sel = if *value == now { " selected" } else { "" };
        let _ = write!(h, r#"<option value="{value}"{sel}>{label}</option>"#);
    }
    h.push_str("</select>");
    h
}

/// The goals of a `run` check in short: `p99_ms ≤ 200, availability ≥ 0.99`.
fn goal_list(goals: &Value) -> String {
    let Some(g) = goals.as_object() else { return String::new() };
    let parts: Vec<String> =
        g.iter().map(|(k, v)| format!("{k} {} {v}", if k == "availability" { "≥" } else { "≤" })).collect();
    parts.join(", ")
}

/// One check of the draft: what it asks, its choice, its title in both languages, Remove.
fn check_html(h: &mut String, draft: &Value, i: usize, c: &Value, say: &Say) {
    let s = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or_default();
    let kind = s("type");
    let at = format!("/checks/{i}");
    let what = match kind {
        "reach" => format!("{} → {}, {} {}", s("from"), s("to"), s("protocol").to_uppercase(), c["port"]),
        "run" => format!("{} s, {}", c["duration_s"], c.get("goals").map(goal_list).unwrap_or_default()),
        "diagnostic" => format!("{} · {}", s("code"), s("node")),
        "property" => {
            format!("{} ≥ {} {}", s("kind"), c["count"], c.get("properties").map(Value::to_string).unwrap_or_default())
        }
        _ => String::new(),
    };
    let _ = write!(
        h,
        r#"<li data-testid="author-check-{i}"><div class="what"><b>{}</b> {}</div>"#,
        check_name(kind, say),
        escape(&what)
    );
    let testid = format!("author-check-{i}");
    match kind {
        "reach" => h.push_str(&choice(
            &format!("{at}/expect"),
            &format!("{testid}-expect"),
            s("expect"),
            &[("reachable", say.t("reachable", "도달 가능")), ("blocked", say.t("blocked", "차단됨"))],
        )),
        "diagnostic" => h.push_str(&choice(
            &format!("{at}/present"),
            &format!("{testid}-present"),
            &c["present"].to_string(),
            &[("false", say.t("must be gone", "없어야 함")), ("true", say.t("must be there", "있어야 함"))],
        )),
        "property" => {
            let _ = write!(
                h,
                r#"<label class="inline"><span>{}</span><input type="number" min="1" data-path="{at}/azs" data-testid="{testid}-azs" value="{}"></label>"#,
                say.t("in at least this many AZs", "최소 AZ 수"),
                c.get("azs").map(Value::to_string).unwrap_or_default()
            );
        }
        _ => {}
    }
    pair(h, draft, &format!("{at}/title"), &format!("{testid}-title"), &say.t("Checklist line", "확인 항목 문구"), 0);
    let _ = write!(
        h,
        r#"<button type="button" class="remove" data-act="remove" data-list="/checks" data-index="{i}" data-testid="{testid}-remove">{}</button></li>"#,
        say.t("Remove", "삭제")
    );
}

/// The panel's HTML.
pub fn html(v: &View) -> String {
    let say = Say(v.ko);
    let (d, design) = (&v.draft.lesson, v.design);
    let recording = v.draft.recording;
    let mut h = format!(
        r#"<header><span class="section">{}</span><h2>{}</h2><button type="button" data-act="close" data-testid="author-close" class="close" aria-label="{}">×</button></header><p class="brief">{}</p>"#,
        say.t("Lesson authoring", "레슨 작성"),
        say.t("Make a lesson", "레슨 만들기"),
        say.t("Close", "닫기"),
        say.t(
            "Write the lesson in English and Korean, add checks from what Stratus shows now, record a solution by editing the design, then test the lesson and share it as a file or a link.",
            "레슨을 영어와 한국어로 쓰고, 지금 Stratus가 보여 주는 것으로 확인 항목을 추가하고, 설계를 편집해 풀이를 기록한 뒤 레슨을 시험하고 파일이나 링크로 공유하세요."
        ),
    );
    // The lesson's texts.
    let id = text(d, "/id");
    let id_bad = !id.is_empty() && !engine::lesson::is_lesson_id(id);
    let _ = write!(
        h,
        r#"<h3>{}</h3><label class="field"><span>{}</span><input type="text" spellcheck="false" data-path="/id" data-testid="author-id" value="{}" aria-invalid="{id_bad}" aria-describedby="author-id-rule"></label><p id="author-id-rule" class="note{}" data-testid="author-id-rule">{}</p><label class="field"><span>{}</span><select data-path="/section" data-testid="author-section">"#,
        say.t("Lesson", "레슨"),
        say.t("Id", "ID"),
        escape(id),
        if id_bad { " bad" } else { "" },
        say.t(
            "Lower-case words joined by hyphens (open-the-web-port): the file's name.",
            "하이픈으로 이은 소문자 단어입니다(`open-the-web-port`). 파일 이름이 됩니다."
        ),
        say.t("Section of the notes", "노트의 섹션"),
    );
    let section = text(d, "/section");
    for key in engine::lesson::SECTIONS {
        let (en, ko) = engine::names::section(key);
        let sel = if *key == section { " selected" } else { "" };
        let _ = write!(h, r#"<option value="{key}"{sel}>{}</option>"#, escape(if v.ko { ko } else { en }));
    }
    h.push_str("</select></label>");
    pair(&mut h, d, "/title", "author-title", &say.t("Title", "제목"), 0);
    pair(&mut h, d, "/brief", "author-brief", &say.t("Brief (what to do)", "과제(할 일)"), 3);
    pair(
        &mut h,
        d,
        "/explanation",
        "author-explanation",
        &say.t("Explanation (shown on passing)", "해설(통과하면 표시)"),
        3,
    );
    // Checks, and where new ones come from.
    let _ =
        write!(h, r#"<h3>{}</h3><ol class="author-list" data-testid="author-checks">"#, say.t("Checks", "확인 항목"));
    for (i, c) in checks(d).iter().enumerate() {
        check_html(&mut h, d, i, c, &say);
    }
    let _ = write!(
        h,
        r#"</ol><div class="author-add"><p class="note">{}</p>"#,
        say.t("Add a check from what Stratus shows now:", "지금 Stratus가 보여 주는 것으로 확인 항목 추가:")
    );
    let asked = match v.question {
        Some(q) => match engine::net::reach(design, &q.from, &q.to, q.flow) {
            Ok(a) => format!(
                "{} → {}, {}: {}",
                make::label(design, q.from.as_str()),
                make::label(design, q.to.as_str()),
                make::flow_words(q),
                if a.is_reachable() { say.t("reachable", "도달 가능") } else { say.t("blocked", "차단됨") }
            ),
            Err(_) => say.t("No question asked in the Reachability panel", "도달 가능성 패널에 질문이 없습니다"),
        },
        None => say.t("No question asked in the Reachability panel", "도달 가능성 패널에 질문이 없습니다"),
    };
    let _ = write!(
        h,
        r#"<div class="row">{}<span class="note" data-testid="author-question">{}</span></div>"#,
        button(
            "add-reach",
            "author-add-reach",
            &say.t("The Reachability question", "도달 가능성 질문"),
            v.question.is_none()
        ),
        escape(&asked)
    );
    let no_goals = design.goals.is_empty();
    let _ = write!(
        h,
        r#"<div class="row">{}{}</div>"#,
        button("add-run", "author-add-run", &say.t("The design's goals (a run)", "설계의 목표(실행)"), no_goals),
        if no_goals {
            format!(r#"<span class="note">{}</span>"#, say.t("The design has no goals", "설계에 목표가 없습니다"))
        } else {
            String::new()
        },
    );
    let problem = say.t("This problem", "이 문제");
    let problems = make::problems(design);
    if problems.is_empty() {
        let _ = write!(
            h,
            r#"<div class="row"><span class="note">{problem} · {}</span></div>"#,
            say.t("no problem now", "지금은 문제가 없습니다")
        );
    } else {
        let _ = write!(h, r#"<div class="row"><select data-testid="author-diag-pick" aria-label="{problem}">"#);
        for (i, p) in problems.iter().enumerate() {
            let _ = write!(
                h,
                r#"<option value="{i}">{} · {}</option>"#,
                escape(&p.code),
                escape(&make::label(design, p.target.as_str()))
            );
        }
        let _ = write!(
            h,
            r#"</select><select data-testid="author-diag-presence" aria-label="{problem}"><option value="gone">{}</option><option value="gone-any">{}</option><option value="there">{}</option><option value="there-any">{}</option></select>{}</div>"#,
            say.t("must be gone from it", "그 요소에서 없어야 함"),
            say.t("must be gone everywhere", "어디에도 없어야 함"),
            say.t("must be there", "그 요소에 있어야 함"),
            say.t("must be there, anywhere", "어디든 있어야 함"),
            button("add-diag", "author-add-diag", &problem, false),
        );
    }
    let from_selection = say.t("The selection's property", "선택한 요소의 속성");
    match v.selection.first() {
        None => {
            let _ = write!(
                h,
                r#"<div class="row"><span class="note">{from_selection} · {}</span></div>"#,
                say.t("select elements on the canvas", "캔버스에서 요소를 선택하세요")
            );
        }
        Some(first) => {
            let _ = write!(
                h,
                r#"<div class="row"><select data-testid="author-prop-field" aria-label="{from_selection}"><option value="">{}</option>"#,
                say.t("(kind only)", "(종류만)")
            );
            for f in make::fields_of(design, first) {
                let f = escape(&f);
                let _ = write!(h, r#"<option value="{f}">{f}</option>"#);
            }
            let _ = write!(h, "</select>{}</div>", button("add-prop", "author-add-prop", &from_selection, false));
        }
    }
    h.push_str("</div>");
    // Hints.
    let _ = write!(h, r#"<h3>{}</h3><ol class="author-list" data-testid="author-hints">"#, say.t("Hints", "힌트"));
    let hints = d.get("hints").and_then(Value::as_array).map_or(0, Vec::len);
    for i in 0..hints {
        let _ = write!(h, r#"<li data-testid="author-hint-{i}">"#);
        pair(
            &mut h,
            d,
            &format!("/hints/{i}"),
            &format!("author-hint-{i}"),
            &format!("{} {}", say.t("Hint", "힌트"), i + 1),
            2,
        );
        let _ = write!(
            h,
            r#"<button type="button" class="remove" data-act="remove" data-list="/hints" data-index="{i}" data-testid="author-hint-{i}-remove">{}</button></li>"#,
            say.t("Remove", "삭제")
        );
    }
    let _ = write!(h, "</ol>{}", button("add-hint", "author-add-hint", &say.t("Add a hint", "힌트 추가"), false));
    // The solution.
    let steps = d.pointer("/solution/steps").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let started = d.pointer("/start/design").is_some_and(Value::is_object);
    let status = match (recording, started) {
        (true, _) => say.t(
            "Recording: each edit of the design becomes a step; Undo takes the last one back.",
            "기록 중: 설계를 편집할 때마다 단계가 됩니다. 실행 취소하면 마지막 단계가 빠집니다.",
        ),
        (false, true) => say
            .t("Recorded: the start and {n} steps.", "기록됨: 시작 설계와 단계 {n}개.")
            .replace("{n}", &steps.len().to_string()),
        (false, false) => say.t(
            "Not recorded yet. Record solution makes the design in view the lesson's start; then each edit you make becomes a step.",
            "아직 기록하지 않았습니다. 풀이 기록을 누르면 지금 보이는 설계가 레슨의 시작이 되고, 이후의 편집이 하나씩 단계가 됩니다.",
        ),
    };
    let _ = write!(
        h,
        r#"<h3>{}</h3><p class="note{}" data-testid="author-record-status" role="status">{status}</p><div class="lesson-actions">{}</div><ol class="author-list" data-testid="author-steps">"#,
        say.t("Solution", "풀이"),
        if recording { " recording" } else { "" },
        if recording {
            button("stop", "author-stop", &say.t("Stop recording", "기록 중지"), false)
        } else {
            button("record", "author-record", &say.t("Record solution", "풀이 기록"), false)
        },
    );
    for (i, step) in steps.iter().enumerate() {
        let op = step.get("op").and_then(Value::as_str).unwrap_or_default();
        let _ =
            write!(h, r#"<li data-testid="author-step-{i}"><div class="what"><b>{}</b></div>"#, step_name(op, &say));
        pair(
            &mut h,
            d,
            &format!("/solution/steps/{i}/caption"),
            &format!("author-step-{i}"),
            &format!("{} {}", say.t("Step", "단계"), i + 1),
            2,
        );
        h.push_str("</li>");
    }
    h.push_str("</ol>");
    if let Some(note) = v.note {
        h.push_str(&slot("p", "author-note", note).replacen("<p ", r#"<p class="note bad" role="alert" "#, 1));
    }
    tried(&mut h, v.tried, &say);
    let _ = write!(
        h,
        r#"<footer class="lesson-share">{}{}{}{}</footer>"#,
        button(
            "test",
            "author-test",
            &if v.busy { say.t("Testing…", "시험 중…") } else { say.t("Test lesson", "레슨 시험") },
            v.busy
        )
        .replacen("<button ", r#"<button class="primary" "#, 1),
        button("save", "author-save", &say.t("Save as file", "파일로 저장"), v.busy),
        button("link", "author-link", &say.t("Copy lesson link", "레슨 링크 복사"), v.busy),
        button("discard", "author-discard", &say.t("Discard draft", "초안 버리기"), false),
    );
    h
}

/// The latest reading of the draft: refused with the field and why, or each check on the
/// start and on the solution and what makes the lesson unplayable.
fn tried(h: &mut String, tried: Option<&Authored>, say: &Say) {
    let Some(t) = tried else { return };
    let trial = match (&t.lesson, &t.trial) {
        (Err(why), _) => {
            let _ = write!(
                h,
                r#"<section class="author-result bad" data-testid="author-result" data-ok="false" role="status"><h3>✗ {}</h3>{}</section>"#,
                say.t("The lesson cannot be read", "레슨을 읽을 수 없습니다"),
                slot("p", "author-refusal", why)
            );
            return;
        }
        (Ok(_), Some(trial)) => trial,
        (Ok(_), None) => return,
    };
    let ok = trial.problems.is_empty();
    let failing = trial.start.iter().filter(|c| c.status != "passed").count();
    let head = if ok {
        say.t(
            "Ready: the start fails {f} of {n} checks and the solution passes them all.",
            "준비됨: 시작 설계는 확인 항목 {n}개 중 {f}개를 통과하지 못하고, 풀이는 모두 통과합니다.",
        )
        .replace("{f}", &failing.to_string())
        .replace("{n}", &trial.start.len().to_string())
    } else {
        say.t("Not ready:", "아직 준비되지 않았습니다:")
    };
    let _ = write!(
        h,
        r#"<section class="author-result{}" data-testid="author-result" data-ok="{ok}" role="status"><h3>{} {head}</h3><ul>"#,
        if ok { "" } else { " bad" },
        if ok { "✓" } else { "✗" },
    );
    for (i, p) in trial.problems.iter().enumerate() {
        h.push_str(&slot("li", &format!("author-problem-{i}"), p));
    }
    let mark = |status: &str| if status == "passed" { "✓" } else { "✗" };
    let (on_start, on_solution) = (say.t("start", "시작"), say.t("solution", "풀이"));
    for (a, b) in trial.start.iter().zip(&trial.solution) {
        let id = escape(&a.id);
        let _ = write!(
            h,
            r#"<li data-testid="author-trial-{id}">{id}: {on_start} {} · {on_solution} {}</li>"#,
            mark(&a.status),
            mark(&b.status)
        );
    }
    h.push_str("</ul></section>");
}
