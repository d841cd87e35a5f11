//! The Learn view's data: the course index, a lesson as the panel shows it, and the learner's progress (kept in browser storage, exported and imported as a file), as pure functions tested natively.
//!
//! The page never grades: the simulator's worker reads and grades lessons (simworker's
//! `lesson`), so the page reads only what it shows, leniently (`LessonDoc`), and the
//! worker's strict reading is the one that accepts or refuses a lesson.

use crate::platform::storage::KeyValue;
use engine::lesson::Words;
use engine::Msg;
use serde_json::Value;

/// One lesson of the course map (dist/lessons/index.json, written by `cargo xtask build`).
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// The lesson's id.
    pub id: String,
    /// Its section of the notes (`engine::lesson::SECTIONS`).
    pub section: String,
    /// Its title.
    pub title: Words,
}

// Reading is done by hand through `serde_json::Value`, whose decoder the page already has:
// a derived reader per type would add a copy of the decoding code to the first load.

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

fn pair(v: Option<&Value>) -> Words {
    v.map(|v| Words { en: text(v, "en"), ko: text(v, "ko") }).unwrap_or_default()
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// Read the course index; `None` when it is not one.
pub fn read_index(text_: &str) -> Option<Vec<Card>> {
    let v: Value = serde_json::from_str(text_).ok()?;
    v.as_array()?
        .iter()
        .map(|c| {
            let id = text(c, "id");
            (!id.is_empty()).then(|| Card { id, section: text(c, "section"), title: pair(c.get("title")) })
        })
        .collect()
}

/// The course map: each section that has lessons, in the notes' order, with its lessons
/// in the index's order.
pub fn by_section(cards: &[Card]) -> Vec<(&'static str, Vec<Card>)> {
    engine::lesson::SECTIONS
        .iter()
        .filter_map(|&key| {
            let lessons: Vec<Card> = cards.iter().filter(|c| c.section == key).cloned().collect();
            (!lessons.is_empty()).then_some((key, lessons))
        })
        .collect()
}

/// A `predict` option as the panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceDoc {
    /// Its key.
    pub key: String,
    /// The option.
    pub text: Words,
}

/// A check as the panel lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckDoc {
    /// Its id.
    pub id: String,
    /// `diagnostic`, `reach`, `run`, `property` or `predict`.
    pub kind: String,
    /// Its checklist line.
    pub title: Words,
    /// A question's options.
    pub options: Vec<ChoiceDoc>,
}

/// A lesson as the panel shows it (docs/lessons.md), read leniently: the worker checks it.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonDoc {
    /// Its id.
    pub id: String,
    /// Its section.
    pub section: String,
    /// Its title.
    pub title: Words,
    /// What to do.
    pub brief: Words,
    /// Why, shown on passing.
    pub explanation: Words,
    /// Hints, one at a time.
    pub hints: Vec<Words>,
    /// The checks.
    pub checks: Vec<CheckDoc>,
    /// The caption of each solution step (the worker applies them).
    pub steps: Vec<Words>,
    /// The kinds the palette offers (`limits.palette`, JSON names); `None`: all.
    pub palette: Option<Vec<String>>,
    /// Elements that cannot be changed or deleted (`limits.locked`).
    pub locked: Vec<String>,
}

impl LessonDoc {
    /// Read what the panel shows of a lesson file; the worker's reading says why a file
    /// is refused, so this only needs to fail quietly.
    pub fn read(text_: &str) -> Option<LessonDoc> {
        let v: Value = serde_json::from_str(text_).ok()?;
        let checks = list(&v, "checks")
            .iter()
            .map(|c| CheckDoc {
                id: text(c, "id"),
                kind: text(c, "type"),
                title: pair(c.get("title")),
                options: list(c, "options")
                    .iter()
                    .map(|o| ChoiceDoc { key: text(o, "key"), text: pair(o.get("text")) })
                    .collect(),
            })
            .collect();
        let steps = v.get("solution").map_or(&[][..], |s| list(s, "steps"));
        Some(LessonDoc {
            id: text(&v, "id"),
            section: text(&v, "section"),
            title: pair(v.get("title")),
            brief: pair(v.get("brief")),
            explanation: pair(v.get("explanation")),
            hints: list(&v, "hints").iter().map(|h| pair(Some(h))).collect(),
            checks,
            steps: steps.iter().map(|s| pair(s.get("caption"))).collect(),
            palette: v
                .get("limits")
                .and_then(|l| l.get("palette"))
                .and_then(Value::as_array)
                .map(|kinds| kinds.iter().filter_map(Value::as_str).map(str::to_string).collect()),
            locked: v
                .get("limits")
                .map_or(&[][..], |l| list(l, "locked"))
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        })
        .filter(|d| !d.id.is_empty())
    }
}

/// Pick the language's half of a pair of words.
pub fn words(w: &Words, ko: bool) -> &str {
    if ko {
        &w.ko
    } else {
        &w.en
    }
}

/// Where a learner is with a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Opened, not passed yet.
    InProgress,
    /// Every check passed once.
    Passed,
}

impl Stage {
    fn name(self) -> &'static str {
        match self {
            Stage::InProgress => "in_progress",
            Stage::Passed => "passed",
        }
    }
}

/// The learner's progress: each lesson's stage (absent = not started). A list, not a map:
/// a few dozen lessons, and a map type would cost the first load its own code.
pub type Progress = Vec<(String, Stage)>;

/// A lesson's stage (`None`: not started).
pub fn stage_of(p: &Progress, id: &str) -> Option<Stage> {
    p.iter().find(|(k, _)| k == id).map(|(_, s)| *s)
}

/// Set a lesson's stage; returns whether it changed.
pub fn set_stage(p: &mut Progress, id: &str, stage: Stage) -> bool {
    match p.iter_mut().find(|(k, _)| k == id) {
        Some((_, s)) if *s == stage => false,
        Some((_, s)) => {
            *s = stage;
            true
        }
        None => {
            p.push((id.to_string(), stage));
            true
        }
    }
}

/// Storage key of the progress.
pub const PROGRESS_KEY: &str = "stratus.lessons";

/// The `format` of a progress file.
const PROGRESS_FORMAT: &str = "stratus-lesson-progress";

/// The progress as a file's text (also what storage keeps):
/// `{"format": "stratus-lesson-progress", "version": 1, "lessons": {id: "in_progress" | "passed"}}`.
pub fn progress_text(p: &Progress) -> String {
    let mut lessons = serde_json::Map::new();
    for (k, v) in p {
        lessons.insert(k.clone(), v.name().into());
    }
    serde_json::json!({ "format": PROGRESS_FORMAT, "version": 1, "lessons": lessons }).to_string()
}

/// Read a progress file; a file that is not one is refused with why, in both languages.
pub fn read_progress(text_: &str) -> Result<Progress, Msg> {
    let refuse = |why: String| engine::msg!("ui.progress.not_a_file", why = why);
    if text_.len() > 1 << 20 {
        return Err(refuse(format!("{} bytes", text_.len())));
    }
    let v: Value = serde_json::from_str(text_).map_err(|e| refuse(e.to_string()))?;
    let Some(obj) = v.as_object() else { return Err(refuse("not a JSON object".into())) };
    if let Some(k) = obj.keys().find(|k| !["format", "version", "lessons"].contains(&k.as_str())) {
        return Err(refuse(format!("unknown field '{k}'")));
    }
    if text(&v, "format") != PROGRESS_FORMAT || v.get("version").and_then(Value::as_u64) != Some(1) {
        return Err(refuse(format!(
            "format '{}', version {}",
            text(&v, "format"),
            v.get("version").unwrap_or(&Value::Null)
        )));
    }
    let lessons = v.get("lessons").and_then(Value::as_object).ok_or_else(|| refuse("no 'lessons' object".into()))?;
    let mut p = Progress::new();
    for (id, stage) in lessons {
        let stage = match stage.as_str() {
            Some("passed") => Stage::Passed,
            Some("in_progress") => Stage::InProgress,
            _ => return Err(refuse(format!("'{id}': {stage} is not in_progress or passed"))),
        };
        set_stage(&mut p, id, stage);
    }
    Ok(p)
}

/// The progress kept in `kv` (none, if absent or unreadable).
pub fn load_progress(kv: &dyn KeyValue) -> Progress {
    kv.get(PROGRESS_KEY).and_then(|t| read_progress(&t).ok()).unwrap_or_default()
}

/// Keep the progress in `kv`; `false` if the browser refused.
pub fn save_progress(kv: &dyn KeyValue, p: &Progress) -> bool {
    kv.set(PROGRESS_KEY, &progress_text(p)).is_ok()
}

/// Progress after opening `id`: in progress, unless already passed.
pub fn opened(p: &mut Progress, id: &str) {
    if stage_of(p, id).is_none() {
        set_stage(p, id, Stage::InProgress);
    }
}

/// Merge an imported progress: a lesson passed in either stays passed.
pub fn merge(p: &mut Progress, imported: Progress) {
    for (id, stage) in imported {
        if stage == Stage::Passed || stage_of(p, &id).is_none() {
            set_stage(p, &id, stage);
        }
    }
}

/// The lesson after `id` in the course (`None` at the end).
pub fn next_after<'a>(cards: &'a [Card], id: &str) -> Option<&'a Card> {
    let i = cards.iter().position(|c| c.id == id)?;
    cards.get(i + 1)
}

/// The address a share link is made on: the page, carrying the open lesson (`?lesson=ID`,
/// so that the link opens the lesson on the shared design) or nothing else of the query.
pub fn share_base(href: &str, lesson: Option<&str>) -> String {
    let page = href.split(['?', '#']).next().unwrap_or(href);
    match lesson {
        Some(id) => format!("{page}?lesson={id}"),
        None => page.to_string(),
    }
}

/// A lesson id from a link (`?lesson=ID`): lower-case words joined by hyphens, at most 64
/// characters, as lesson files name them; anything else is `None`.
pub fn lesson_id(raw: &str) -> Option<String> {
    engine::lesson::is_lesson_id(raw).then(|| raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    struct Map(RefCell<BTreeMap<String, String>>);
    impl KeyValue for Map {
        fn get(&self, key: &str) -> Option<String> {
            self.0.borrow().get(key).cloned()
        }
        fn set(&self, key: &str, value: &str) -> Result<(), crate::platform::storage::WriteRefused> {
            self.0.borrow_mut().insert(key.into(), value.into());
            Ok(())
        }
        fn remove(&self, key: &str) {
            self.0.borrow_mut().remove(key);
        }
        fn keys(&self) -> Vec<String> {
            self.0.borrow().keys().cloned().collect()
        }
    }

    #[test]
    fn every_lesson_file_reads_for_the_panel() {
        for (id, text) in engine::lesson::BUILT_IN {
            let doc = LessonDoc::read(text).unwrap_or_else(|| panic!("{id}"));
            assert_eq!(doc.id, *id);
            assert!(!doc.checks.is_empty() && doc.steps.iter().all(|s| !s.en.is_empty() && !s.ko.is_empty()));
            assert!(!doc.title.ko.is_empty() && !doc.brief.en.is_empty());
            let limit = serde_json::from_str::<Value>(text).unwrap()["limits"]["palette"].clone();
            assert_eq!(doc.palette.is_some(), limit.is_array(), "{id}: the palette's limit is read");
        }
    }

    #[test]
    fn the_map_follows_the_notes_order() {
        let card = |id: &str, section: &str| Card { id: id.into(), section: section.into(), title: Words::default() };
        let cards = vec![card("b", "rds.multi-az"), card("a", "vpc.subnets"), card("c", "vpc.subnets")];
        let map = by_section(&cards);
        assert_eq!(map.iter().map(|(key, _)| *key).collect::<Vec<_>>(), ["vpc.subnets", "rds.multi-az"]);
        assert_eq!(map[0].1.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(next_after(&cards, "b").map(|c| c.id.as_str()), Some("a"));
        assert_eq!(next_after(&cards, "c"), None);
        assert!(read_index("[{\"id\":\"a\",\"section\":\"ec2\",\"title\":{\"en\":\"A\",\"ko\":\"가\"}}]").is_some());
        assert!(read_index("{").is_none());
    }

    #[test]
    fn progress_round_trips_through_storage_and_files() {
        let kv = Map(RefCell::new(BTreeMap::new()));
        let mut p = load_progress(&kv);
        assert!(p.is_empty());
        opened(&mut p, "rds-multi-az");
        opened(&mut p, "alb-two-azs");
        assert!(set_stage(&mut p, "alb-two-azs", Stage::Passed));
        assert!(!set_stage(&mut p, "alb-two-azs", Stage::Passed), "no change");
        opened(&mut p, "alb-two-azs");
        assert_eq!(stage_of(&p, "alb-two-azs"), Some(Stage::Passed), "reopening a passed lesson keeps it passed");
        assert!(save_progress(&kv, &p));
        assert_eq!(load_progress(&kv), p);
        assert_eq!(read_progress(&progress_text(&p)).unwrap(), p);
        let other = vec![("rds-multi-az".to_string(), Stage::Passed), ("alb-two-azs".to_string(), Stage::InProgress)];
        merge(&mut p, other);
        assert_eq!(
            (stage_of(&p, "rds-multi-az"), stage_of(&p, "alb-two-azs")),
            (Some(Stage::Passed), Some(Stage::Passed))
        );
    }

    #[test]
    fn a_bad_progress_file_is_refused_in_both_languages() {
        for bad in [
            "",
            "{",
            "[]",
            "{\"format\":\"x\",\"version\":1,\"lessons\":{}}",
            "{\"format\":\"stratus-lesson-progress\",\"version\":1,\"lessons\":{\"a\":\"done\"}}",
        ] {
            let why = read_progress(bad).unwrap_err();
            assert!(
                crate::i18n::builtin::en(&why).contains("unchanged")
                    && crate::i18n::builtin::ko(&why).contains("그대로"),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_share_link_carries_the_open_lesson() {
        assert_eq!(
            share_base("https://a.test/s/?lesson=x#v1:abc", Some("rds-multi-az")),
            "https://a.test/s/?lesson=rds-multi-az"
        );
        assert_eq!(share_base("https://a.test/s/?lesson=x#v1:abc", None), "https://a.test/s/");
        assert_eq!(share_base("https://a.test/", None), "https://a.test/");
    }

    #[test]
    fn link_ids_are_lesson_ids_or_nothing() {
        assert_eq!(lesson_id("rds-multi-az").as_deref(), Some("rds-multi-az"));
        for bad in ["", "../x", "RDS", "a--b", "a b", &"x".repeat(65)] {
            assert_eq!(lesson_id(bad), None, "{bad}");
        }
    }
}
