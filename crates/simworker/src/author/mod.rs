//! Making lessons in the worker: the authoring panel's logic and HTML (`Command::Desk`: `desk`, `panel`, `draft`), the checks it makes and the captions of recorded steps (`make`), a teacher's edit turned into solution steps (engine::lesson::author::diff), and a drafted lesson read strictly and tried (`Command::Author`, in a worker of its own: runs take seconds), so that none of it is in the page's first load.
//!
//! `Authored` is read back by hand through `serde_json::Value` (the desk reads the trial's
//! answer that way, and a derived reader is not needed anywhere else).

pub mod desk;
pub mod draft;
pub mod make;
pub mod panel;

use crate::wire::CheckLine;
use engine::lesson::author::{diff, Trial};
use engine::lesson::{CheckResult, Lesson, Status};
use engine::model::Scenario;
use engine::Msg;
use serde_json::{json, Value};

/// The solution steps that turn `before` into `after` (engine::lesson::author::diff), each
/// with a caption in both languages saying what it does (`make::caption`), or why the change
/// cannot be steps.
pub fn steps(before: &Scenario, after: &Scenario) -> Result<Vec<Value>, Msg> {
    let edits = diff(before, after).map_err(|e| e.message())?;
    let mut steps: Vec<Value> = edits.iter().filter_map(|e| serde_json::to_value(e).ok()).collect();
    for step in &mut steps {
        let caption = make::caption(step, after);
        if let Some(obj) = step.as_object_mut() {
            obj.insert("caption".into(), json!({ "en": caption.en, "ko": caption.ko }));
        }
    }
    Ok(steps)
}

/// A drafted lesson as the worker read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Authored {
    /// The lesson as a file writes it (docs/lessons.md, pretty), or why it cannot be read
    /// (the field named, in both languages).
    pub lesson: Result<String, Msg>,
    /// When asked for: how its start and its solution grade, and what is wrong.
    pub trial: Option<TrialLines>,
}

/// A lesson's trial, line by line.
#[derive(Clone, Debug, PartialEq)]
pub struct TrialLines {
    /// Each check on the starting design.
    pub start: Vec<CheckLine>,
    /// Each check on the solution.
    pub solution: Vec<CheckLine>,
    /// What makes the lesson unplayable (empty: it is sound).
    pub problems: Vec<Msg>,
}

fn lines(checks: Vec<CheckResult>) -> Vec<CheckLine> {
    checks
        .into_iter()
        .map(|c| {
            let status = match c.status {
                Status::Passed => "passed",
                Status::Failed => "failed",
                Status::NeedsAnswer => "needs_answer",
            };
            CheckLine { id: c.id, status: status.into(), reason: c.reason }
        })
        .collect()
}

/// Read a lesson file's text strictly and, with `test`, try it (its `run` checks simulated:
/// seconds of work). Never panics.
pub fn author(text: &str, test: bool) -> Authored {
    let lesson = match Lesson::from_json(text) {
        Ok(l) => l,
        Err(e) => return Authored { lesson: Err(e.message()), trial: None },
    };
    let trial = if test {
        match Trial::of(&lesson) {
            Ok(t) => {
                let problems = t.problems();
                Some(TrialLines { start: lines(t.start.checks), solution: lines(t.solution.checks), problems })
            }
            Err(e) => return Authored { lesson: Err(e.message()), trial: None },
        }
    } else {
        None
    };
    Authored { lesson: Ok(lesson.to_json()), trial }
}

impl Authored {
    /// As the JSON of a `Reply::Result`: `{"authored": {…}}`.
    pub fn to_json(&self) -> String {
        let line = |c: &CheckLine| json!([c.id, c.status, c.reason]);
        let trial = self.trial.as_ref().map(|t| {
            json!({
                "start": t.start.iter().map(line).collect::<Vec<_>>(),
                "solution": t.solution.iter().map(line).collect::<Vec<_>>(),
                "problems": t.problems,
            })
        });
        let body = match &self.lesson {
            Ok(text) => json!({ "lesson": text, "trial": trial }),
            Err(why) => json!({ "refused": why }),
        };
        json!({ "authored": body }).to_string()
    }

    /// Read an answer back (the page's side); `None` for anything else.
    pub fn from_json(text: &str) -> Option<Authored> {
        let v: Value = serde_json::from_str(text).ok()?;
        let a = v.get("authored")?;
        let msg = |v: &Value| serde_json::from_value::<Msg>(v.clone()).ok();
        if let Some(why) = a.get("refused") {
            return Some(Authored { lesson: Err(msg(why)?), trial: None });
        }
        let line = |v: &Value| {
            let a = v.as_array()?;
            Some(CheckLine {
                id: a.first()?.as_str()?.to_string(),
                status: a.get(1)?.as_str()?.to_string(),
                reason: msg(a.get(2)?)?,
            })
        };
        let list = |t: &Value, key: &str| t.get(key)?.as_array()?.iter().map(line).collect::<Option<Vec<_>>>();
        let trial = match a.get("trial") {
            None | Some(Value::Null) => None,
            Some(t) => Some(TrialLines {
                start: list(t, "start")?,
                solution: list(t, "solution")?,
                problems: t.get("problems")?.as_array()?.iter().map(msg).collect::<Option<Vec<_>>>()?,
            }),
        };
        Some(Authored { lesson: Ok(a.get("lesson")?.as_str()?.to_string()), trial })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(id: &str) -> Lesson {
        engine::lesson::built_in(id).unwrap()
    }

    #[test]
    fn an_edit_comes_back_as_captioned_steps_that_replay_it() {
        let l = lesson("security-group-open-https");
        let (start, done) = (l.start_design().unwrap(), l.solution_design().unwrap());
        let found = steps(&start, &done).unwrap();
        assert!(found.iter().all(|s| s["caption"]["en"].is_string() && s["caption"]["ko"].is_string()));
        let edits: Vec<engine::lesson::Edit> = found.into_iter().map(|v| serde_json::from_value(v).unwrap()).collect();
        let again = engine::lesson::apply(serde_json::to_value(&start).unwrap(), &edits).unwrap();
        assert_eq!(again, done);
        let mut named = start.clone();
        named.name = "another name".into();
        let why = steps(&start, &named).unwrap_err();
        assert!(!why.en().is_empty() && !why.ko().is_empty());
    }

    #[test]
    fn a_lesson_is_read_then_tried_and_a_broken_one_refused_with_its_field() {
        let text = engine::lesson::BUILT_IN.iter().find(|(k, _)| *k == "rds-multi-az").unwrap().1;
        let read = author(text, false);
        assert!(read.trial.is_none());
        assert_eq!(Lesson::from_json(read.lesson.as_ref().unwrap()).unwrap(), lesson("rds-multi-az"));
        assert_eq!(Authored::from_json(&read.to_json()), Some(read));
        let tried = author(text, true);
        let t = tried.trial.as_ref().unwrap();
        assert!(t.problems.is_empty(), "{:?}", t.problems);
        assert!(t.start.iter().any(|c| c.status == "failed") && t.solution.iter().all(|c| c.status == "passed"));
        assert_eq!(Authored::from_json(&tried.to_json()), Some(tried));
        let refused = author(&text.replace("\"rds.multi-az\"", "\"rds.multiaz\""), true);
        let Err(why) = &refused.lesson else { panic!() };
        assert!(why.en().contains("section") && why.ko().contains("section"), "{why:?}");
        assert_eq!(Authored::from_json(&refused.to_json()), Some(refused));
        assert_eq!(Authored::from_json("{\"authored\":{}}"), None);
    }
}
