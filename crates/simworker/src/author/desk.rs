//! The authoring panel's logic, kept in the worker (`Command::Desk`): the draft and what the teacher does to it (fields typed, checks made from what the app shows, hints, the solution recorded from their edits, the lesson read to test, save or share), answered with the panel's HTML and what the page must do (keep the draft, say something, try, download, copy).
//!
//! The page sends each action with what it shows now (the design, the Reachability
//! question, the selection, the language) and, when the worker has not got it yet (a first
//! action, a worker started again), the draft it keeps in browser storage. The page keeps
//! no other authoring code: its first load has no room for it.

use super::draft::Draft;
use super::make::{self, NotNow};
use super::panel::{self, View};
use super::Authored;
use crate::analyse::Question;
use engine::lesson::{Check, Lesson};
use engine::model::{NodeId, Scenario};
use engine::Msg;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// An action of the page, with what the page shows now.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct Request {
    /// What to do (`render`, `open`, `set`, `record`, `add-reach`...).
    op: String,
    /// The draft kept by the page (sent until the worker has one).
    draft: Option<String>,
    /// Korean (else English).
    ko: bool,
    /// The design in view (a scenario document's text).
    design: String,
    /// The Reachability panel's question.
    question: Option<Question>,
    /// The selected elements.
    selection: Vec<NodeId>,
    /// `set`: the field (a JSON Pointer into the draft) and its value; `quiet`: typed, the
    /// page shows it already (no panel sent back).
    path: String,
    value: String,
    quiet: bool,
    /// `remove`: the list and the item.
    list: String,
    index: usize,
    /// `add-diag`: whether the problem picked must be there or gone, on its element or
    /// anywhere (`there`, `gone`, `there-any`, `gone-any`).
    presence: String,
    /// `add-prop`: the field picked.
    field: String,
    /// `edited`: the design changed by an edit (else: another design was opened).
    edit: bool,
    /// `tried`: the trial's answer (`Authored` JSON, from a worker of its own).
    result: String,
}

/// The authoring desk: the draft and what the panel shows beside it.
#[derive(Default)]
pub struct Desk {
    /// The draft, once the page has sent it.
    draft: Option<Draft>,
    /// The design at the last change seen while recording.
    prev: Option<String>,
    /// The design before each recorded edit (an undo that comes back to it takes the
    /// edit's steps back), newest last.
    before: Vec<String>,
    note: Option<Msg>,
    tried: Option<Authored>,
    busy: bool,
}

impl Desk {
    /// Answer one action (`Request` JSON) with the desk's reply JSON:
    /// `{"desk": {"seq", "open", "recording", "steps", "html"?, "draft"?, "toast"?, "test"?,
    /// "save"?, "link"?}}`. Never panics; an action that cannot be read changes nothing.
    pub fn handle(&mut self, seq: u32, request: &str) -> String {
        let r: Request = serde_json::from_str(request).unwrap_or_default();
        if let Some(text) = &r.draft {
            if self.draft.is_none() {
                self.draft = Some(Draft::read(text).unwrap_or_default());
            }
        }
        let design = Scenario::from_json(&r.design).ok();
        let mut out = Map::new();
        let before = self.draft.as_ref().map(Draft::text);
        let draw = self.act(&r, design.as_ref(), &mut out);
        let draft = self.draft.get_or_insert_with(Draft::default);
        if before.as_deref() != Some(draft.text().as_str()) {
            out.insert("draft".into(), Value::String(draft.text()));
        }
        out.insert("seq".into(), json!(seq));
        out.insert("open".into(), json!(draft.open));
        out.insert("recording".into(), json!(draft.recording));
        out.insert("steps".into(), json!(draft.steps().len()));
        if let (true, true, Some(design)) = (draw, draft.open, &design) {
            let view = View {
                ko: r.ko,
                draft,
                note: self.note.as_ref(),
                tried: self.tried.as_ref(),
                busy: self.busy,
                design,
                question: r.question.as_ref(),
                selection: &r.selection,
            };
            out.insert("html".into(), Value::String(panel::html(&view)));
        }
        json!({ "desk": out }).to_string()
    }

    /// Do `r`'s action; returns whether the panel is to be sent back.
    fn act(&mut self, r: &Request, design: Option<&Scenario>, out: &mut Map<String, Value>) -> bool {
        let draft = self.draft.get_or_insert_with(Draft::default);
        let mut toast = |m: Msg| {
            out.insert("toast".into(), serde_json::to_value(m).unwrap_or(Value::Null));
        };
        match r.op.as_str() {
            "open" => draft.open = true,
            "close" => {
                draft.open = false;
                draft.recording = false;
            }
            "set" => {
                draft.set(&r.path, &r.value);
                return !r.quiet;
            }
            "add-hint" => draft.add_hint(),
            "remove" => draft.remove(&r.list, r.index),
            "discard" => {
                *draft = Draft { open: true, ..Draft::default() };
                (self.note, self.tried, self.before) = (None, None, Vec::new());
            }
            "record" => {
                let doc = design.and_then(|d| serde_json::to_value(d).ok()).unwrap_or(Value::Null);
                draft.record_from(doc);
                (self.prev, self.note, self.tried, self.before) = (Some(r.design.clone()), None, None, Vec::new());
            }
            "stop" => draft.recording = false,
            "edited" => return self.edited(r, design, out),
            "add-reach" | "add-run" | "add-diag" | "add-prop" => {
                let Some(design) = design else { return true };
                let made: Result<Check, NotNow> = match r.op.as_str() {
                    "add-reach" => make::reach_check(design, r.question.as_ref()),
                    "add-run" => make::run_check(design),
                    "add-diag" => make::diagnostic_check(
                        design,
                        r.index,
                        r.presence.starts_with("there"),
                        r.presence.ends_with("-any"),
                    ),
                    _ => make::property_check(design, &r.selection, &r.field),
                };
                match made {
                    Ok(check) => {
                        draft.add_check(serde_json::to_value(&check).unwrap_or(Value::Null));
                    }
                    Err(why) => toast(why.message()),
                }
            }
            "test" | "save" | "link" => {
                if !draft.has_start() {
                    self.note = Some(engine::msg!("author.record_first"));
                    return true;
                }
                let lesson = match Lesson::from_json(&draft.lesson_text()) {
                    Ok(l) => l,
                    Err(e) => {
                        self.tried = Some(Authored { lesson: Err(e.message()), trial: None });
                        return true;
                    }
                };
                match r.op.as_str() {
                    "test" => {
                        self.busy = true;
                        self.tried = None;
                        out.insert("test".into(), Value::String(lesson.to_json()));
                    }
                    "save" => {
                        out.insert("save".into(), json!({ "name": draft.file_name(), "text": lesson.to_json() }));
                    }
                    _ => {
                        out.insert("link".into(), Value::String(serde_json::to_string(&lesson).unwrap_or_default()));
                    }
                }
            }
            "tried" => {
                self.busy = false;
                self.tried = Some(
                    Authored::from_json(&r.result)
                        .unwrap_or(Authored { lesson: Err(engine::msg!("author.checker_failed")), trial: None }),
                );
            }
            // `render`, and anything else: the panel as it is.
            _ => {}
        }
        true
    }

    /// The design changed while the panel is open: while recording, an edit becomes steps
    /// (or is refused, with why), an undo back to the design before the last recorded edit
    /// takes its steps back, and another design opened stops recording.
    fn edited(&mut self, r: &Request, design: Option<&Scenario>, out: &mut Map<String, Value>) -> bool {
        let draft = self.draft.get_or_insert_with(Draft::default);
        let prev = self.prev.replace(r.design.clone());
        if !draft.recording {
            return true;
        }
        let (Some(prev), Some(after)) = (prev.filter(|p| *p != r.design), design) else { return true };
        if !r.edit {
            draft.recording = false;
            self.note = Some(engine::msg!("author.recording_stopped"));
            return true;
        }
        if self.before.last() == Some(&r.design) {
            self.before.pop();
            draft.pop_group();
            self.note = None;
            return true;
        }
        let Ok(before) = Scenario::from_json(&prev) else { return true };
        match super::steps(&before, after) {
            Ok(steps) if steps.is_empty() => {}
            Ok(steps) => {
                draft.push_steps(steps);
                self.before.push(prev);
                if self.before.len() > 200 {
                    self.before.remove(0);
                }
                self.note = None;
            }
            Err(why) => {
                out.insert("toast".into(), serde_json::to_value(&why).unwrap_or(Value::Null));
                self.note = Some(why);
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::net::Flow;

    fn example(key: &str) -> Scenario {
        Scenario::from_json(engine::scenarios::BUILT_IN.iter().find(|(k, _)| *k == key).unwrap().1).unwrap()
    }

    /// One action with what the page shows; the reply's inside.
    fn act(desk: &mut Desk, design: &Scenario, op: Value) -> Value {
        let q = Question { from: "internet".into(), to: "i-web".into(), flow: Flow::tcp(443) };
        let mut r = json!({ "design": design.to_json_compact(), "question": crate::analyse::question_json(&q), "selection": ["i-web"] });
        if let (Some(r), Some(op)) = (r.as_object_mut(), op.as_object()) {
            r.extend(op.clone());
        }
        let v: Value = serde_json::from_str(&desk.handle(7, &r.to_string())).unwrap();
        assert_eq!(v["desk"]["seq"], 7);
        v["desk"].clone()
    }

    #[test]
    fn a_teacher_makes_a_lesson_records_a_solution_and_tests_it() {
        let lesson = engine::lesson::built_in("security-group-open-https").unwrap();
        let (start, done) = (lesson.start_design().unwrap(), lesson.solution_design().unwrap());
        let mut desk = Desk::default();
        // The page's stored draft (none yet) and the panel opened: the draft comes back to keep.
        let r = act(&mut desk, &start, json!({ "op": "open", "draft": "" }));
        assert_eq!((r["open"].as_bool(), r["recording"].as_bool()), (Some(true), Some(false)));
        assert!(r["html"].as_str().unwrap().contains("author-record") && r["draft"].is_string());
        for (path, value) in [
            ("/id", "open-https"),
            ("/section", "vpc.security-groups"),
            ("/title/en", "Open HTTPS"),
            ("/title/ko", "HTTPS 열기"),
            ("/brief/en", "Let browsers in on 443."),
            ("/brief/ko", "브라우저가 443으로 들어오게 하세요."),
            ("/explanation/en", "Security groups allow only."),
            ("/explanation/ko", "보안 그룹은 허용만 합니다."),
        ] {
            let r = act(&mut desk, &start, json!({ "op": "set", "path": path, "value": value, "quiet": true }));
            assert!(r.get("html").is_none(), "typing sends no panel back");
            assert!(r["draft"].as_str().unwrap().contains(&value.replace('"', "\\\"")), "the draft to keep");
        }
        act(&mut desk, &start, json!({ "op": "add-hint" }));
        act(&mut desk, &start, json!({ "op": "set", "path": "/hints/0/en", "value": "Inbound rules." }));
        act(&mut desk, &start, json!({ "op": "set", "path": "/hints/0/ko", "value": "인바운드 규칙." }));
        // Testing before recording: record first.
        let r = act(&mut desk, &start, json!({ "op": "test" }));
        assert!(r.get("test").is_none() && r["html"].as_str().unwrap().contains("author.record_first"));
        // Record from the start; the teacher's edit becomes a captioned step; an undo takes it back.
        let r = act(&mut desk, &start, json!({ "op": "record" }));
        assert_eq!(r["recording"], true);
        let r = act(&mut desk, &done, json!({ "op": "edited", "edit": true }));
        assert_eq!(r["steps"], 1);
        let r = act(&mut desk, &start, json!({ "op": "edited", "edit": true }));
        assert_eq!(r["steps"], 0, "undone");
        let r = act(&mut desk, &done, json!({ "op": "edited", "edit": true }));
        assert_eq!(r["steps"], 1, "redone");
        // A change a step cannot say is refused with why, and the steps stay.
        let mut renamed = done.clone();
        renamed.name = "mine".into();
        let r = act(&mut desk, &renamed, json!({ "op": "edited", "edit": true }));
        assert_eq!((r["steps"].as_u64(), r["toast"]["msg"].as_str()), (Some(1), Some("author.cannot_record")));
        act(&mut desk, &done, json!({ "op": "edited", "edit": true }));
        act(&mut desk, &done, json!({ "op": "stop" }));
        // A check from the question, answered on the solved design: reachable.
        let r = act(&mut desk, &done, json!({ "op": "add-reach" }));
        assert!(r.get("toast").is_none());
        let html = r["html"].as_str().unwrap();
        assert!(html.contains(r#"data-testid="author-check-0-expect""#));
        // Checks and steps are named in words, not by their JSON names.
        assert!(html.contains("<b>Reachability</b>") && !html.contains("<b>reach</b>"), "{html}");
        assert!(html.contains("<b>Add to a list</b>") || html.contains("<b>Change a setting</b>"), "{html}");
        // One from the design's goals, then removed again.
        let r = act(&mut desk, &done, json!({ "op": "add-run" }));
        assert!(r.get("toast").is_none() && r["html"].as_str().unwrap().contains("author-check-1-remove"));
        let r = act(&mut desk, &done, json!({ "op": "remove", "list": "/checks", "index": 1 }));
        assert!(!r["html"].as_str().unwrap().contains("author-check-1-remove"));
        let r = act(&mut desk, &example("two-tier"), json!({ "op": "add-run" }));
        assert_eq!(r["toast"]["msg"], "author.no_goals", "that example has no goals");
        // Test: the lesson goes out to be tried, and its answer comes back.
        let r = act(&mut desk, &done, json!({ "op": "test" }));
        let text = r["test"].as_str().unwrap().to_string();
        assert!(r["html"].as_str().unwrap().contains("disabled"), "busy while it runs");
        let result = crate::author::author(&text, true).to_json();
        let r = act(&mut desk, &done, json!({ "op": "tried", "result": result }));
        assert!(r["html"].as_str().unwrap().contains(r#"data-ok="true""#), "{}", r["html"]);
        // Save and link give the file and the compact text.
        let r = act(&mut desk, &done, json!({ "op": "save" }));
        assert_eq!(r["save"]["name"], "open-https.json");
        let saved = Lesson::from_json(r["save"]["text"].as_str().unwrap()).unwrap();
        assert_eq!(saved.solution_design().unwrap(), done);
        let r = act(&mut desk, &done, json!({ "op": "link" }));
        assert_eq!(Lesson::from_json(r["link"].as_str().unwrap()).unwrap(), saved);
        // The draft kept by the page reads back in a new desk (a worker started again).
        let kept = act(&mut desk, &done, json!({ "op": "close" }));
        assert_eq!(kept["open"], false);
        let mut again = Desk::default();
        let text = desk.draft.as_ref().unwrap().text();
        let r = act(&mut again, &done, json!({ "op": "open", "draft": text }));
        assert_eq!(r["steps"], 1);
    }

    #[test]
    fn a_wrong_check_is_named_and_a_broken_draft_is_refused_with_its_field() {
        let mut desk = Desk::default();
        let s = example("first-web-server");
        act(&mut desk, &s, json!({ "op": "open", "draft": "" }));
        act(&mut desk, &s, json!({ "op": "record" }));
        act(&mut desk, &s, json!({ "op": "set", "path": "/id", "value": "Not An Id" }));
        let r = act(&mut desk, &s, json!({ "op": "save" }));
        assert!(r.get("save").is_none());
        let html = r["html"].as_str().unwrap();
        assert!(html.contains("author-refusal") && html.contains("lesson.lesson_field"), "{html}");
        // Opening another design while recording stops it; a check that cannot be made says why.
        let r = act(&mut desk, &example("two-tier"), json!({ "op": "edited", "edit": false }));
        assert_eq!(r["recording"], false);
        assert!(r["html"].as_str().unwrap().contains("author.recording_stopped"));
        let r = act(&mut desk, &s, json!({ "op": "add-diag", "index": 99, "presence": "there" }));
        assert_eq!(r["toast"]["msg"], "author.problem_gone");
        // A problem of the design in view, gone anywhere; the selection's type, on its kind.
        let mut broken = s.clone();
        broken.nodes.retain(|n| n.id.as_str() != "sg-web");
        assert!(!make::problems(&broken).is_empty());
        let r = act(&mut desk, &broken, json!({ "op": "add-diag", "index": 0, "presence": "gone-any" }));
        assert!(r.get("toast").is_none(), "{r}");
        let r = act(&mut desk, &s, json!({ "op": "add-prop", "field": "instance_type" }));
        let draft = Draft::read(r["draft"].as_str().unwrap()).unwrap();
        let checks = draft.lesson["checks"].as_array().unwrap();
        assert_eq!(
            (checks[0]["type"].as_str(), checks[0].get("node"), checks[0]["present"].as_bool()),
            (Some("diagnostic"), None, Some(false))
        );
        assert_eq!((checks[1]["id"].as_str(), checks[1]["kind"].as_str()), (Some("property-1"), Some("instance")));
        assert_eq!(checks[1]["properties"]["instance_type"], "t3.micro");
        let r = act(&mut desk, &s, json!({ "op": "tried", "result": "garbage" }));
        assert!(r["html"].as_str().unwrap().contains("author.checker_failed"));
        for bad in ["", "{", "[]", "{\"op\": 3}"] {
            let v: Value = serde_json::from_str(&desk.handle(1, bad)).unwrap();
            assert!(v["desk"].get("html").is_none(), "{bad}: no design, no panel");
        }
    }
}
