//! The lesson being made ("Make a lesson from this design", docs/lessons.md "Authoring"): the draft as the lesson file's JSON, the fields the panel sets, the checks and captioned steps added to it, and the text the page keeps in browser storage.
//!
//! The draft is the file itself (`serde_json::Value`), incomplete while the teacher writes
//! it; the strict lesson reader is the one that accepts it or names the field to fix.

use serde_json::{json, Value};

/// The `format` of the stored draft.
const DRAFT_FORMAT: &str = "stratus-lesson-draft";

/// The lesson being made and what the panel keeps beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// The lesson file (docs/lessons.md), as far as it is written.
    pub lesson: Value,
    /// Each edit of the design becomes solution steps.
    pub recording: bool,
    /// How many steps each recorded edit gave, in order (an undo while recording takes the
    /// last edit's steps back).
    pub groups: Vec<usize>,
    /// The authoring panel is open (it opens again after a reload).
    pub open: bool,
}

impl Default for Draft {
    fn default() -> Draft {
        let blank = || json!({ "en": "", "ko": "" });
        Draft {
            lesson: json!({
                "format": engine::lesson::LESSON_FORMAT,
                "id": "",
                "section": engine::lesson::SECTIONS[0],
                "title": blank(),
                "brief": blank(),
                "explanation": blank(),
                "start": {},
                "hints": [],
                "checks": [],
                "solution": { "steps": [] },
            }),
            recording: false,
            groups: Vec::new(),
            open: false,
        }
    }
}

/// A pair of texts, as lesson files write them.
fn words(en: String, ko: String) -> Value {
    json!({ "en": en, "ko": ko })
}

fn list_mut<'a>(v: &'a mut Value, pointer: &str) -> Option<&'a mut Vec<Value>> {
    v.pointer_mut(pointer).and_then(Value::as_array_mut)
}

impl Draft {
    /// The draft as storage keeps it.
    pub fn text(&self) -> String {
        json!({
            "format": DRAFT_FORMAT,
            "version": 1,
            "lesson": self.lesson,
            "recording": self.recording,
            "groups": self.groups,
            "open": self.open,
        })
        .to_string()
    }

    /// A stored draft (`None`: none, or not one).
    pub fn read(text: &str) -> Option<Draft> {
        let v: Value = serde_json::from_str(text).ok()?;
        if v.get("format")?.as_str()? != DRAFT_FORMAT || v.get("version")?.as_u64()? != 1 {
            return None;
        }
        let lesson = v.get("lesson").filter(|l| l.is_object())?.clone();
        Some(Draft {
            lesson,
            recording: v.get("recording").and_then(Value::as_bool).unwrap_or(false),
            groups: v
                .get("groups")
                .and_then(Value::as_array)
                .map(|g| g.iter().filter_map(Value::as_u64).map(|n| n as usize).collect())
                .unwrap_or_default(),
            open: v.get("open").and_then(Value::as_bool).unwrap_or(false),
        })
    }

    /// The lesson file's text, to read, try and save.
    pub fn lesson_text(&self) -> String {
        self.lesson.to_string()
    }

    /// A text of the lesson at `pointer` (`/title/en`), or "".
    pub fn get(&self, pointer: &str) -> &str {
        self.lesson.pointer(pointer).and_then(Value::as_str).unwrap_or_default()
    }

    /// Set what the panel's field at `pointer` says: a text where a text is (`/brief/ko`), a
    /// choice of a check (`/checks/0/expect`: a text; `/checks/1/present`: `true`/`false`),
    /// or a count (`/checks/2/azs`: empty removes it). Only fields that exist, or counts of
    /// an existing check, are set; returns whether anything changed.
    pub fn set(&mut self, pointer: &str, raw: &str) -> bool {
        let (parent, key) = match pointer.rsplit_once('/') {
            Some(p) => p,
            None => return false,
        };
        let count = matches!(key, "azs" | "count");
        let Some(obj) = self.lesson.pointer_mut(parent).and_then(Value::as_object_mut) else { return false };
        let new = match obj.get(key) {
            Some(Value::String(_)) => Value::String(raw.to_string()),
            Some(Value::Bool(_)) => Value::Bool(raw == "true"),
            _ if count && raw.trim().is_empty() => return obj.remove(key).is_some(),
            _ if count => match raw.trim().parse::<u32>() {
                Ok(n) if n >= 1 => json!(n),
                _ => return false,
            },
            _ => return false,
        };
        obj.insert(key.to_string(), new.clone()) != Some(new)
    }

    /// Add a check, with an id of its type not used yet (`reach-2`); returns the id.
    pub fn add_check(&mut self, mut check: Value) -> String {
        let kind = check.get("type").and_then(Value::as_str).unwrap_or("check").to_string();
        let Some(checks) = list_mut(&mut self.lesson, "/checks") else { return String::new() };
        let used = |id: &str| checks.iter().any(|c| c.get("id").and_then(Value::as_str) == Some(id));
        let id = (1..).map(|n| format!("{kind}-{n}")).find(|id| !used(id)).unwrap_or_default();
        if let Some(obj) = check.as_object_mut() {
            obj.insert("id".into(), Value::String(id.clone()));
        }
        checks.push(check);
        id
    }

    /// Add an empty hint.
    pub fn add_hint(&mut self) {
        if let Some(hints) = list_mut(&mut self.lesson, "/hints") {
            hints.push(words(String::new(), String::new()));
        }
    }

    /// Remove item `index` of `/checks` or `/hints`.
    pub fn remove(&mut self, list: &str, index: usize) {
        if let Some(items) = list_mut(&mut self.lesson, list).filter(|_| matches!(list, "/checks" | "/hints")) {
            if index < items.len() {
                items.remove(index);
            }
        }
    }

    /// The recorded steps.
    pub fn steps(&self) -> &[Value] {
        self.lesson.pointer("/solution/steps").and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }

    /// Whether a start was recorded.
    pub fn has_start(&self) -> bool {
        self.lesson.pointer("/start/design").is_some_and(Value::is_object)
    }

    /// Start recording: `design` (the design in view, as its document's JSON) becomes the
    /// lesson's start, and the steps recorded so far are dropped.
    pub fn record_from(&mut self, design: Value) {
        if let Some(l) = self.lesson.as_object_mut() {
            l.insert("start".into(), json!({ "design": design }));
            l.insert("solution".into(), json!({ "steps": [] }));
        }
        self.groups.clear();
        self.recording = true;
    }

    /// The steps of one recorded edit (captioned: `make::caption`).
    pub fn push_steps(&mut self, steps: Vec<Value>) {
        let n = steps.len();
        if let Some(list) = list_mut(&mut self.lesson, "/solution/steps") {
            list.extend(steps);
        }
        self.groups.push(n);
    }

    /// Take back the last recorded edit's steps (it was undone); returns whether there was one.
    pub fn pop_group(&mut self) -> bool {
        let Some(n) = self.groups.pop() else { return false };
        if let Some(list) = list_mut(&mut self.lesson, "/solution/steps") {
            list.truncate(list.len().saturating_sub(n));
        }
        true
    }

    /// The name the lesson's file is saved under: `<id>.json` (a valid id: the worker read it).
    pub fn file_name(&self) -> String {
        let id = self.get("/id");
        format!("{}.json", if id.is_empty() { "lesson" } else { id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::Question;
    use crate::author::make;
    use engine::lesson::Lesson;
    use engine::model::Scenario;
    use engine::net::Flow;

    fn write(d: &mut Draft) {
        for (p, v) in [
            ("/id", "open-the-web-port"),
            ("/section", "vpc.security-groups"),
            ("/title/en", "Open the web port"),
            ("/title/ko", "웹 포트 열기"),
            ("/brief/en", "Let browsers reach the server on 443."),
            ("/brief/ko", "브라우저가 443으로 서버에 닿게 하세요."),
            ("/explanation/en", "Security groups only allow."),
            ("/explanation/ko", "보안 그룹은 허용만 합니다."),
        ] {
            assert!(d.set(p, v), "{p}");
        }
    }

    fn recorded(before: &Scenario, after: &Scenario) -> Vec<Value> {
        crate::author::steps(before, after).unwrap()
    }

    #[test]
    fn a_draft_made_in_the_panel_is_a_lesson_the_engine_reads_and_passes() {
        let lesson = engine::lesson::built_in("security-group-open-https").unwrap();
        let (start, done) = (lesson.start_design().unwrap(), lesson.solution_design().unwrap());
        let mut d = Draft::default();
        assert!(!d.has_start());
        write(&mut d);
        d.add_hint();
        assert!(d.set("/hints/0/en", "Look at the inbound rules.") && d.set("/hints/0/ko", "인바운드 규칙을 보세요."));
        d.record_from(serde_json::to_value(&start).unwrap());
        assert!(d.has_start() && d.recording);
        d.push_steps(recorded(&start, &done));
        assert_eq!(d.groups, [1]);
        assert!(d.steps()[0]["caption"]["ko"].as_str().unwrap().contains("web-sg"), "captioned");
        // The question "internet -> i-web, tcp 443", asked of the solved design.
        let q = Question { from: "internet".into(), to: "i-web".into(), flow: Flow::tcp(443) };
        let check = serde_json::to_value(make::reach_check(&done, Some(&q)).unwrap()).unwrap();
        assert_eq!(d.add_check(check), "reach-1");
        let read = Lesson::from_json(&d.lesson_text()).unwrap_or_else(|e| panic!("{e}\n{}", d.lesson_text()));
        assert_eq!(read.solution_design().unwrap(), done);
        let trial = engine::lesson::author::Trial::of(&read).unwrap();
        assert!(trial.problems().is_empty(), "{:?}", trial.problems());
        // Kept as text and read back; a text that is not a draft is none.
        assert_eq!(Draft::read(&d.text()), Some(d.clone()));
        assert_eq!(Draft::read("{\"format\":\"other\"}"), None);
        assert_eq!(d.file_name(), "open-the-web-port.json");
    }

    #[test]
    fn fields_are_set_only_where_the_panel_has_them() {
        let mut d = Draft::default();
        assert!(!d.set("/nowhere/en", "x") && !d.set("/format", "2") && !d.set("", "x"));
        let title = json!({ "en": "a", "ko": "가" });
        assert_eq!(
            d.add_check(json!({ "type": "property", "title": title, "kind": "instance", "count": 1 })),
            "property-1"
        );
        assert_eq!(
            d.add_check(json!({ "type": "property", "title": title, "kind": "instance", "count": 1 })),
            "property-2"
        );
        assert!(d.set("/checks/0/azs", "2") && d.lesson["checks"][0]["azs"] == 2);
        assert!(
            !d.set("/checks/0/azs", "two") && d.set("/checks/0/azs", "") && d.lesson["checks"][0].get("azs").is_none()
        );
        d.add_check(json!({ "type": "diagnostic", "title": title, "present": true }));
        assert!(d.set("/checks/2/present", "false") && d.lesson["checks"][2]["present"] == false);
        d.remove("/checks", 0);
        assert_eq!(d.lesson["checks"].as_array().unwrap().len(), 2);
        d.remove("/solution/steps", 0);
        // Steps of an undone edit go back.
        d.push_steps(vec![json!({"op": "remove_node", "id": "a"}), json!({"op": "remove_node", "id": "b"})]);
        d.push_steps(vec![json!({"op": "remove_node", "id": "c"})]);
        assert!(d.pop_group());
        assert_eq!(d.steps().len(), 2);
        assert!(d.pop_group() && !d.pop_group());
        assert!(d.steps().is_empty());
    }
}
