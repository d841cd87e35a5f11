//! Making a lesson from a design (docs/lessons.md, "Authoring"): the edits that turn one design into another (a teacher's recorded solution step) and a lesson's trial (its start must fail a check and its solution pass them all).
//!
//! `diff` works on the documents' JSON, as `apply` does, so that applying its edits to the
//! design before gives back exactly the design after (elements, their order, where they
//! are drawn). It records only what edits of elements say: a change to the document's
//! other fields (its users and traffic, goals, simulation settings, faults, name or
//! description) is refused with the fields named, never dropped in silence.

use super::{grade, Edit, Grade, Lesson, LessonError, Status};
use crate::model::{NodeId, Placement, Scenario};
use crate::msg::Msg;
use serde_json::{Map, Value};

/// The document's fields that edits of elements record: the elements and their places.
const RECORDED: [&str; 2] = ["nodes", "layout"];

/// A change that edits cannot record: the document's fields it touched (`traffic`, `goals`...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unrecordable {
    /// The fields, in the document's order.
    pub fields: Vec<String>,
}

impl Unrecordable {
    /// Why, in both languages.
    pub fn message(&self) -> Msg {
        msg!("author.cannot_record", fields = self.fields.join(", "))
    }
}

/// The edits that turn `before` into `after` (without captions): elements removed
/// (`remove_node`), added (`add_node`, drawn where `after` draws them), top-level fields of
/// an element set or removed (`set`/`remove` with path `/field`), and places in the layout
/// set or removed (document-level `/layout/<id>`). Elements that keep their id but not
/// their order are removed and added again, in `after`'s order (the simulation follows the
/// document's order). `apply(before, diff(before, after))` is `after`.
pub fn diff(before: &Scenario, after: &Scenario) -> Result<Vec<Edit>, Unrecordable> {
    let b = serde_json::to_value(before).unwrap_or(Value::Null);
    let a = serde_json::to_value(after).unwrap_or(Value::Null);
    diff_documents(&b, &a)
}

/// `diff` on two documents' JSON.
pub fn diff_documents(before: &Value, after: &Value) -> Result<Vec<Edit>, Unrecordable> {
    let empty = Map::new();
    let (b, a) = (before.as_object().unwrap_or(&empty), after.as_object().unwrap_or(&empty));
    let fields: Vec<String> = b
        .keys()
        .chain(a.keys().filter(|k| !b.contains_key(*k)))
        .filter(|k| !RECORDED.contains(&k.as_str()) && b.get(*k) != a.get(*k))
        .cloned()
        .collect();
    if !fields.is_empty() {
        return Err(Unrecordable { fields });
    }
    let list = |doc: &Map<String, Value>| doc.get("nodes").and_then(Value::as_array).cloned().unwrap_or_default();
    let (b_nodes, a_nodes) = (list(b), list(a));
    let id = |n: &Value| n.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    let a_ids: Vec<String> = a_nodes.iter().map(id).collect();
    let mut edits = Vec::new();
    let mut gone: Vec<String> = Vec::new();
    // Elements that are no more.
    for n in &b_nodes {
        let i = id(n);
        if !a_ids.contains(&i) {
            edits.push(Edit::RemoveNode { id: NodeId(i.clone()), caption: None });
            gone.push(i);
        }
    }
    // Those that stay, in their order: the longest run from the start that `after` keeps in
    // place is edited field by field; the rest is removed here and added again below.
    let kept: Vec<&Value> = b_nodes.iter().filter(|n| a_ids.contains(&id(n))).collect();
    let in_place = kept.iter().zip(&a_ids).take_while(|(n, i)| &id(n) == *i).count();
    for n in &kept[in_place..] {
        edits.push(Edit::RemoveNode { id: NodeId(id(n)), caption: None });
        gone.push(id(n));
    }
    for (old, new) in kept[..in_place].iter().zip(&a_nodes) {
        field_edits(&id(new), old, new, &mut edits);
    }
    let layout = |doc: &Map<String, Value>| doc.get("layout").and_then(Value::as_object).cloned().unwrap_or_default();
    let a_layout = layout(a);
    // The layout after the edits so far: removing an element takes its place with it,
    // adding one puts it where `after` draws it.
    let mut places = layout(b);
    places.retain(|k, _| !gone.contains(k));
    for n in &a_nodes[in_place..] {
        let i = id(n);
        let at = a_layout.get(&i).and_then(|p| serde_json::from_value::<Placement>(p.clone()).ok());
        if let Some(p) = &at {
            places.insert(i.clone(), serde_json::to_value(p).unwrap_or(Value::Null));
        }
        edits.push(Edit::AddNode { node: n.clone(), at, caption: None });
    }
    for (k, v) in &a_layout {
        if places.get(k) != Some(v) {
            edits.push(Edit::Set {
                node: None,
                path: format!("/layout/{}", token(k)),
                value: v.clone(),
                caption: None,
            });
        }
    }
    for k in places.keys().filter(|k| !a_layout.contains_key(*k)) {
        edits.push(Edit::Remove { node: None, path: format!("/layout/{}", token(k)), caption: None });
    }
    Ok(edits)
}

/// The `set` and `remove` edits between two versions of one element, field by field.
fn field_edits(node: &str, old: &Value, new: &Value, edits: &mut Vec<Edit>) {
    let empty = Map::new();
    let (o, n) = (old.as_object().unwrap_or(&empty), new.as_object().unwrap_or(&empty));
    for (k, v) in n {
        if o.get(k) != Some(v) {
            edits.push(Edit::Set {
                node: Some(NodeId::from(node)),
                path: format!("/{}", token(k)),
                value: v.clone(),
                caption: None,
            });
        }
    }
    for k in o.keys().filter(|k| !n.contains_key(*k)) {
        edits.push(Edit::Remove { node: Some(NodeId::from(node)), path: format!("/{}", token(k)), caption: None });
    }
}

/// A key as a JSON Pointer token (RFC 6901: `~` is `~0`, `/` is `~1`).
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A lesson tried as a learner would meet it: its starting design and its solution, graded
/// with the solution's answers (so a question alone does not make the start fail).
#[derive(Clone, Debug, PartialEq)]
pub struct Trial {
    /// The starting design's grade.
    pub start: Grade,
    /// The solution's.
    pub solution: Grade,
}

impl Trial {
    /// Grade the lesson's start and solution (`run` checks simulated: seconds of work).
    pub fn of(lesson: &Lesson) -> Result<Trial, LessonError> {
        let (start, done) = (lesson.start_design()?, lesson.solution_design()?);
        let answers = &lesson.solution.answers;
        Ok(Trial { start: grade(lesson, &start, answers), solution: grade(lesson, &done, answers) })
    }

    /// What makes the lesson unplayable, for its author: the start passing every check (the
    /// lesson would be passed before it begins), each check the solution fails (with what
    /// it found), locked elements the solution changes. Empty: the lesson is sound.
    pub fn problems(&self) -> Vec<Msg> {
        let mut out = Vec::new();
        if self.start.checks.iter().all(|c| c.status == Status::Passed) {
            out.push(msg!("author.start_passes_every_check"));
        }
        for c in self.solution.checks.iter().filter(|c| c.status != Status::Passed) {
            out.push(msg!("author.solution_fails_check", id = c.id, reason = c.reason));
        }
        if !self.solution.changed_locked.is_empty() {
            let ids: Vec<&str> = self.solution.changed_locked.iter().map(|n| n.as_str()).collect();
            out.push(msg!("author.solution_changes_locked", ids = ids.join(", ")));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{apply, Check, Solution, Start, Words, LESSON_FORMAT};
    use crate::scenarios::BUILT_IN;
    use proptest::prelude::*;

    fn example(key: &str) -> Scenario {
        Scenario::from_json(BUILT_IN.iter().find(|(k, _)| *k == key).unwrap().1).unwrap()
    }

    /// `diff` then `apply` gives `after` exactly.
    fn replays(before: &Scenario, after: &Scenario) -> Vec<Edit> {
        let edits = diff(before, after).unwrap_or_else(|e| panic!("{:?}", e.fields));
        let again = apply(serde_json::to_value(before).unwrap(), &edits).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(&again, after, "{edits:#?}");
        edits
    }

    #[test]
    fn an_edit_of_each_kind_replays_exactly() {
        let s = example("two-tier");
        assert!(diff(&s, &s).unwrap().is_empty(), "no change, no edit");
        // Moving an element: its place.
        let mut moved = s.clone();
        let id = moved.layout.keys().next().unwrap().clone();
        moved.layout.get_mut(&id).unwrap().x += 40.0;
        let edits = replays(&s, &moved);
        assert!(matches!(&edits[..], [Edit::Set { node: None, path, .. }] if path == &format!("/layout/{id}")));
        // A field of an element, and a field removed.
        let mut named = s.clone();
        named.nodes[3].name = "renamed".into();
        let edits = replays(&s, &named);
        assert!(
            matches!(&edits[..], [Edit::Set { node: Some(n), path, .. }] if n == &named.nodes[3].id && path == "/name")
        );
        replays(&named, &s);
        // An element added (where it is drawn) and one removed (with its place).
        let mut more = s.clone();
        let mut n = s.nodes[s.nodes.len() - 1].clone();
        n.id = "i-new".into();
        more.nodes.push(n);
        more.layout.insert("i-new".into(), Placement { x: 10.0, y: 20.0, w: None, h: None });
        let edits = replays(&s, &more);
        assert!(matches!(&edits[..], [Edit::AddNode { at: Some(_), .. }]), "{edits:?}");
        let edits = replays(&more, &s);
        assert!(matches!(&edits[..], [Edit::RemoveNode { id, .. }] if id.as_str() == "i-new"));
    }

    #[test]
    fn an_element_back_in_its_old_place_keeps_the_order() {
        // Undoing a deletion puts the element back where it was, not at the end.
        let s = example("two-tier");
        let mut less = s.clone();
        less.nodes.remove(2);
        let edits = replays(&less, &s);
        assert!(edits.iter().any(|e| matches!(e, Edit::AddNode { node, .. } if node["id"] == s.nodes[2].id.as_str())));
        let mut swapped = s.clone();
        swapped.nodes.swap(1, 5);
        replays(&s, &swapped);
    }

    #[test]
    fn changes_edits_cannot_say_are_refused_with_their_fields() {
        let s = example("reference-web-app");
        let mut other = s.clone();
        other.traffic.clear();
        other.goals = Default::default();
        other.nodes[0].name = "x".into();
        let why = diff(&s, &other).unwrap_err();
        assert_eq!(why.fields, ["traffic", "goals"]);
        let m = why.message();
        assert!(m.en().contains("traffic, goals") && m.ko().contains("traffic, goals"), "{m:?}");
        let mut renamed = s.clone();
        renamed.name = "mine".into();
        assert_eq!(diff(&s, &renamed).unwrap_err().fields, ["name"]);
    }

    /// A random edit of a design, as a person might make (and undo) in the editor.
    fn mutate(s: &mut Scenario, ops: &[(u8, usize, usize)]) {
        for (op, i, j) in ops {
            let n = s.nodes.len();
            if n == 0 {
                return;
            }
            let (i, j) = (i % n, j % n);
            match op % 6 {
                0 => {
                    let gone = s.nodes.remove(i);
                    s.layout.remove(&gone.id);
                }
                1 => {
                    let mut copy = s.nodes[i].clone();
                    copy.id = NodeId(format!("{}-copy{j}", copy.id));
                    if s.node(&copy.id).is_none() {
                        s.layout.insert(copy.id.clone(), Placement { x: j as f64, y: 3.5, w: None, h: None });
                        s.nodes.insert(j, copy);
                    }
                }
                2 => s.nodes[i].name = format!("n{j}"),
                3 => {
                    if let Some(p) = s.layout.get_mut(&s.nodes[i].id) {
                        p.x += j as f64 * 7.25;
                        p.w = Some(120.0);
                    }
                }
                4 => s.nodes.swap(i, j),
                _ => {
                    s.layout.remove(&s.nodes[i].id.clone());
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        /// Any mix of additions, removals, renames, moves and reorderings of a built-in
        /// example's elements replays exactly, and an edit undone replays back.
        #[test]
        fn diff_then_apply_reproduces_any_edit_of_a_built_in_example(
            which in 0..BUILT_IN.len(),
            ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 1..8),
        ) {
            let before = Scenario::from_json(BUILT_IN[which].1).unwrap();
            let mut after = before.clone();
            mutate(&mut after, &ops);
            // Validity is the loader's business, not the diff's: only designs it reads.
            if Scenario::from_json(&after.to_json()).is_ok() {
                replays(&before, &after);
                replays(&after, &before);
            }
        }
    }

    /// A lesson assembled as the authoring panel assembles it: the design in view as the
    /// start, a check from the question asked, the recorded steps with captions.
    fn assembled(start: &Scenario, steps: Vec<Edit>, check: Check) -> Lesson {
        let words = |en: &str, ko: &str| Words { en: en.into(), ko: ko.into() };
        let steps = steps
            .into_iter()
            .map(|mut e| {
                let c = Some(words("A step", "한 단계"));
                match &mut e {
                    Edit::AddNode { caption, .. }
                    | Edit::RemoveNode { caption, .. }
                    | Edit::Set { caption, .. }
                    | Edit::Push { caption, .. }
                    | Edit::Remove { caption, .. } => *caption = c,
                }
                e
            })
            .collect();
        Lesson {
            format: LESSON_FORMAT,
            id: "my-lesson".into(),
            section: "vpc.security-groups".into(),
            title: words("Open the web port", "웹 포트 열기"),
            brief: words("Let the Internet reach the server.", "인터넷이 서버에 닿게 하세요."),
            explanation: words("Security groups allow only.", "보안 그룹은 허용만 합니다."),
            start: Start { example: None, design: Some(serde_json::to_value(start).unwrap()), changes: vec![] },
            limits: Default::default(),
            hints: vec![words("Look at the inbound rules.", "인바운드 규칙을 보세요.")],
            checks: vec![check],
            solution: Solution { steps, answers: Default::default() },
        }
    }

    #[test]
    fn a_recorded_lesson_reads_back_and_its_trial_says_what_is_wrong() {
        // The start: the solved design of a built-in lesson with its web rule taken out;
        // the teacher's edit puts it back.
        let sg = crate::lesson::built_in("security-group-open-https").unwrap();
        let done = sg.solution_design().unwrap();
        let start = sg.start_design().unwrap();
        let steps = diff(&start, &done).unwrap();
        assert!(!steps.is_empty());
        let reach = sg.checks.iter().find(|c| matches!(c, Check::Reach { .. })).unwrap().clone();
        let lesson = assembled(&start, steps.clone(), reach.clone());
        let text = lesson.to_json();
        let back = Lesson::from_json(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back, lesson, "the assembled lesson reads back as written");
        assert_eq!(back.solution_design().unwrap(), done);
        let trial = Trial::of(&back).unwrap();
        assert!(trial.problems().is_empty(), "{:?}", trial.problems());
        // Nothing recorded: the start already passes, and the teacher is told.
        let idle = assembled(&done, vec![], reach.clone());
        let problems = Trial::of(&idle).unwrap().problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "author.start_passes_every_check");
        // The wrong expectation: the solution fails the check, which is named.
        let Check::Reach { id, title, from, to, protocol, port, .. } = reach else { unreachable!() };
        let blocked = Check::Reach {
            id: id.clone(),
            title,
            from,
            to,
            protocol,
            port,
            expect: crate::lesson::Expect::Blocked,
            at_kind: None,
            at: None,
            code: None,
        };
        let wrong = assembled(&start, steps, blocked);
        let problems = Trial::of(&wrong).unwrap().problems();
        assert!(
            problems.iter().any(|m| m.code == "author.solution_fails_check" && m.en().contains(&id)),
            "{problems:?}"
        );
    }
}
