//! Lessons in the worker: a lesson file read and kept, designs graded against it (the page does not link the simulator, and grading here keeps the grader out of the page's first load).

use crate::wire::{CheckLine, GradeRequest, Graded, LessonReply};
use engine::lesson::{Check, Lesson, Status};
use engine::model::Scenario;

/// Read a lesson file: the lesson to keep and the answer (its designs, or why not).
pub fn open(text: &str) -> (Option<Lesson>, LessonReply) {
    let lesson = match Lesson::from_json(text) {
        Ok(l) => l,
        Err(e) => return (None, LessonReply::Refused(e.message())),
    };
    let start = match lesson.start_design() {
        Ok(s) => s,
        Err(e) => return (None, LessonReply::Refused(e.message())),
    };
    // Each step's design, by applying the steps one more at a time (the check on reading
    // already applied them all, so this cannot fail where that succeeded).
    let mut steps = Vec::with_capacity(lesson.solution.steps.len());
    let start_doc = serde_json::to_value(&start).unwrap_or_default();
    for n in 1..=lesson.solution.steps.len() {
        match engine::lesson::apply(start_doc.clone(), &lesson.solution.steps[..n]) {
            Ok(s) => steps.push(s.to_json()),
            Err(e) => return (None, LessonReply::Refused(e.in_field("solution.steps").message())),
        }
    }
    let reply = LessonReply::Opened { id: lesson.id.clone(), start: start.to_json(), steps };
    (Some(lesson), reply)
}

/// Grade the design of `request` (GradeRequest JSON) against `lesson`; `run` checks are
/// simulated only when `run` is set, else reported `not_run`.
pub fn grade(lesson: Option<&Lesson>, seq: u32, run: bool, request: &str) -> LessonReply {
    let Some(lesson) = lesson else {
        return LessonReply::Refused(engine::msg!("worker.no_lesson_open"));
    };
    let request: GradeRequest = match serde_json::from_str(request) {
        Ok(r) => r,
        Err(e) => return LessonReply::Refused(engine::msg!("worker.bad_grading_request", error = e)),
    };
    let design = match Scenario::from_json(&request.design) {
        Ok(s) => s,
        Err(e) => return LessonReply::Refused(e.message()),
    };
    let answers = request.answers.into_iter().collect();
    let grade = if run {
        engine::lesson::grade(lesson, &design, &answers)
    } else {
        engine::lesson::grade_with(lesson, &design, &answers, &mut |c: &Check| {
            (Status::Failed, engine::msg!("check.message", expl = c.title().text()))
        })
    };
    let checks = grade
        .checks
        .into_iter()
        .map(|c| {
            let status = match c.status {
                _ if !run && c.kind == "run" => "not_run",
                Status::Passed => "passed",
                Status::Failed => "failed",
                Status::NeedsAnswer => "needs_answer",
            };
            CheckLine { id: c.id, status: status.into(), reason: c.reason }
        })
        .collect();
    let changed_locked = grade.changed_locked.into_iter().map(|n| n.0).collect();
    LessonReply::Graded(Graded { seq, run, passed: grade.passed, checks, changed_locked })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in(id: &str) -> &'static str {
        engine::lesson::BUILT_IN.iter().find(|(k, _)| *k == id).unwrap().1
    }

    fn request(design: &str, answers: &[(&str, &str)]) -> String {
        let answers = answers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        serde_json::to_string(&GradeRequest { design: design.to_string(), answers }).unwrap()
    }

    #[test]
    fn a_lesson_opens_with_its_designs_and_its_solution_passes_step_by_step() {
        let (lesson, reply) = open(built_in("security-group-open-https"));
        let LessonReply::Opened { id, start, steps } = reply else { panic!("{reply:?}") };
        assert_eq!(id, "security-group-open-https");
        let lesson = lesson.unwrap();
        assert_eq!(steps.len(), lesson.solution.steps.len());
        let answers: Vec<(&str, &str)> =
            lesson.solution.answers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let LessonReply::Graded(g) = grade(Some(&lesson), 1, true, &request(&start, &answers)) else { panic!() };
        assert!(!g.passed && g.seq == 1);
        let LessonReply::Graded(g) = grade(Some(&lesson), 2, true, &request(steps.last().unwrap(), &answers)) else {
            panic!()
        };
        assert!(g.passed, "{g:?}");
        assert!(g.checks.iter().all(|c| c.status == "passed"));
    }

    #[test]
    fn run_checks_wait_for_the_learner_and_questions_for_an_answer() {
        let (lesson, reply) = open(built_in("asg-elb-health-checks"));
        let LessonReply::Opened { steps, .. } = reply else { panic!("{reply:?}") };
        let lesson = lesson.unwrap();
        let LessonReply::Graded(g) = grade(Some(&lesson), 3, false, &request(steps.last().unwrap(), &[])) else {
            panic!()
        };
        let kinds: Vec<&str> = lesson.checks.iter().map(|c| c.type_name()).collect();
        for (c, kind) in g.checks.iter().zip(&kinds) {
            match *kind {
                "run" => assert_eq!(c.status, "not_run"),
                "predict" => assert_eq!(c.status, "needs_answer"),
                _ => assert_eq!(c.status, "passed", "{c:?}"),
            }
        }
        assert!(!g.passed, "unsimulated runs do not pass");
    }

    #[test]
    fn broken_lessons_and_requests_are_refused_in_both_languages() {
        for text in ["{", "{\"format\": 1}", &built_in("rds-multi-az").replace("\"section\"", "\"sectoin\"")] {
            let (kept, reply) = open(text);
            let LessonReply::Refused(why) = reply else { panic!("{text}") };
            assert!(kept.is_none() && !why.en().is_empty() && !why.ko().is_empty());
        }
        assert!(matches!(grade(None, 1, false, "{}"), LessonReply::Refused(_)));
        let (lesson, _) = open(built_in("rds-multi-az"));
        assert!(matches!(grade(lesson.as_ref(), 1, false, "not json"), LessonReply::Refused(_)));
        let bad = request("{\"nodes\": 3}", &[]);
        assert!(matches!(grade(lesson.as_ref(), 1, false, &bad), LessonReply::Refused(_)));
    }
}
