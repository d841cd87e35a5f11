//! The lesson being played: its text shown in the panel, its grade (from the simulator's worker, live on every edit, with `run` checks on Check or Run), the learner's answers and hints, the solution replayed as undoable edits, and the course progress it moves.
//!
//! A lesson in an embed (`?embed=1&lesson=ID`) never reads or writes the progress or the
//! saved designs of the main app: `persist` is off there. The state is one signal and one
//! stored value (not one signal per field): each signal type costs the first load its own
//! copy of the reactive code, and the panel is redrawn whole anyway.

use crate::i18n::Key;
use crate::platform::storage;
use crate::platform::worker::Bridge;
use crate::reactive::*;
use crate::state::learn::{self, Card, LessonDoc, Progress, Stage};
use crate::state::store::Ctx;
use engine::model::Scenario;
use engine::Msg;
use engine::Text;
use simworker::wire::{Command, GradeRequest, Graded, LessonReply, Reply};

/// What the map and the panel show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shown {
    /// The course map is open.
    pub map_open: bool,
    /// The course index, once fetched.
    pub cards: Option<Vec<Card>>,
    /// Each lesson's stage.
    pub progress: Progress,
    /// The open lesson.
    pub doc: Option<LessonDoc>,
    /// Its latest grade.
    pub graded: Option<Graded>,
    /// The learner's answers to `predict` questions.
    pub answers: Vec<(String, String)>,
    /// How many hints are shown.
    pub hints: usize,
    /// How many solution steps were played (`None`: the solution is not being shown).
    pub step: Option<usize>,
    /// Check was pressed and the worker is simulating.
    pub checking: bool,
}

/// What only the code needs.
#[derive(Default)]
struct Inner {
    /// Progress is kept in this browser (not in an embed).
    persist: bool,
    /// The lesson read, waiting for the worker's designs.
    pending: Option<LessonDoc>,
    /// The starting design's text, and the design's after each solution step.
    start: Option<String>,
    steps: Vec<String>,
    /// The lesson being opened keeps the design in view (a share link carrying a lesson:
    /// the learner's design, not the lesson's start).
    keep_design: bool,
    /// The lesson being opened came in a lesson link (`#l1:…`, its fragment): it is not a
    /// built-in lesson, and its progress is not kept.
    pending_link: Option<String>,
    /// The open lesson came in a lesson link: its fragment (Copy lesson link gives it again).
    linked: Option<String>,
    /// The grader (a worker of its own: the canvas's simulation goes on undisturbed).
    bridge: Option<Bridge>,
    /// The latest grading request's number.
    seq: u32,
}

/// The Learn view's state; `Copy`, shared by the map, the panel and the app.
#[derive(Clone, Copy)]
pub struct Learn {
    /// What is shown.
    pub shown: RwSignal<Shown>,
    inner: StoredValue<Inner, LocalStorage>,
}

impl Learn {
    /// The state at start-up; `persist` is false in an embed.
    pub fn new(persist: bool) -> Learn {
        let progress = if persist { storage::browser().map(|kv| learn::load_progress(&kv)) } else { None };
        Learn {
            shown: RwSignal::new(Shown { progress: progress.unwrap_or_default(), ..Shown::default() }),
            inner: StoredValue::new_local(Inner { persist, ..Inner::default() }),
        }
    }

    /// The open lesson's id, untracked.
    pub fn lesson_id(self) -> Option<String> {
        self.shown.with_untracked(|s| s.doc.as_ref().map(|d| d.id.clone()))
    }

    /// The open lesson's id if it is a built-in one (a share link names it: `?lesson=ID`).
    pub fn built_in_id(self) -> Option<String> {
        self.lesson_id().filter(|_| self.link_fragment().is_none())
    }

    /// The fragment of the lesson link the open lesson came in (`l1:…`), if it did.
    pub fn link_fragment(self) -> Option<String> {
        self.inner.with_value(|i| i.linked.clone())
    }

    /// Fetch the course index if not yet fetched (a failure is said).
    pub fn load_index(self, ctx: Ctx) {
        if self.shown.with_untracked(|s| s.cards.is_some()) {
            return;
        }
        fetch_then(
            "lessons/index.json".into(),
            Box::new(move |got| match got {
                Ok(text) => match learn::read_index(&text) {
                    Some(cards) => self.shown.update(|s| s.cards = Some(cards)),
                    None => ctx.toast(Key::LessonIndexBroken),
                },
                Err(why) => ctx.toast(unreachable_lessons(&why)),
            }),
        );
    }

    /// Open lesson `id`: fetched, read by the worker, then its starting design replaces
    /// the one in view. A lesson that cannot be fetched or read is said, and nothing
    /// changes: the design in view and the saved designs stay as they were.
    pub fn open(self, ctx: Ctx, id: &str) {
        self.open_on(ctx, id, false);
    }

    /// Open lesson `id`; with `keep_design`, on the design in view (a share link that
    /// carries a lesson: `?lesson=ID#v1:…`) rather than on the lesson's starting design.
    pub fn open_on(self, ctx: Ctx, id: &str, keep_design: bool) {
        self.inner.update_value(|i| {
            i.keep_design = keep_design;
            i.pending_link = None;
        });
        let Some(id) = learn::lesson_id(id) else {
            return ctx.toast(no_such_lesson(id));
        };
        self.load_index(ctx);
        fetch_then(
            format!("lessons/{id}.json"),
            Box::new(move |got| match got {
                Ok(text) => self.open_text(ctx, text),
                Err(why) if why.contains("404") => ctx.toast(no_such_lesson(&id)),
                Err(why) => ctx.toast(unreachable_lessons(&why)),
            }),
        );
    }

    /// Open the lesson a lesson link carries (its file's text, and the link's fragment): it
    /// plays as a built-in lesson does, but moves no progress (its id may be anyone's).
    pub fn open_linked(self, ctx: Ctx, text: String, fragment: String) {
        self.inner.update_value(|i| {
            i.keep_design = false;
            i.pending_link = Some(fragment);
        });
        self.open_text(ctx, text);
    }

    /// Open a lesson from its file's text (the worker says whether it is one).
    pub fn open_text(self, ctx: Ctx, text: String) {
        // Grading's messages (`messages/later/`), said again once they are in.
        crate::platform::page::spawn_local(async move {
            if crate::platform::messages::load_later(ctx.lang.get_untracked()).await.is_ok() {
                crate::i18n::catalogue_arrived();
            }
        });
        self.inner.update_value(|i| i.pending = LessonDoc::read(&text));
        self.send(ctx, &Command::Lesson(text));
    }

    fn send(self, ctx: Ctx, cmd: &Command) {
        if self.inner.with_value(|i| i.bridge.is_none()) {
            let spawned = Bridge::spawn(
                Box::new(move |reply| self.on_reply(ctx, reply)),
                Box::new(move |why| {
                    self.shown.update(|s| s.checking = false);
                    // A grader that died (or never started) is let go, after this handler
                    // returns: the next grading starts a new one instead of talking to it.
                    let dead = self.inner.try_update_value(|i| i.bridge.take()).flatten();
                    wasm_bindgen_futures::spawn_local(async move { drop(dead) });
                    ctx.toast(grader_not_started(&why))
                }),
            );
            match spawned {
                Ok(b) => self.inner.update_value(|i| i.bridge = Some(b)),
                Err(why) => return ctx.toast(grader_not_started(&why)),
            }
        }
        self.inner.with_value(|i| {
            if let Some(b) = &i.bridge {
                b.send(cmd)
            }
        });
    }

    fn on_reply(self, ctx: Ctx, reply: Reply) {
        let Reply::Result(text) = reply else { return };
        match LessonReply::from_json(&text) {
            Some(LessonReply::Opened { id, start, steps }) => self.opened(ctx, id, start, steps),
            Some(LessonReply::Refused(why)) => {
                self.shown.update(|s| s.checking = false);
                ctx.toast(engine::msg!("web.lesson_not_opened", why = why));
            }
            Some(LessonReply::Graded(g)) => {
                if g.seq != self.inner.with_value(|i| i.seq) {
                    return;
                }
                let persist = self.inner.with_value(|i| i.persist && i.linked.is_none());
                let mut moved = false;
                self.shown.update(|s| {
                    s.checking = false;
                    if let (true, true, Some(d)) = (g.passed, persist, &s.doc) {
                        moved = learn::set_stage(&mut s.progress, &d.id, Stage::Passed);
                    }
                    s.graded = Some(g);
                });
                if moved {
                    self.keep_progress(ctx);
                }
            }
            None => {}
        }
    }

    /// The worker read the lesson: show it, with its starting design in view.
    fn opened(self, ctx: Ctx, id: String, start: String, steps: Vec<String>) {
        let doc = self.inner.try_update_value(|i| i.pending.take()).flatten().filter(|d| d.id == id);
        let (Some(doc), Ok(mut design)) = (doc, Scenario::from_json(&start)) else {
            return ctx.toast(Key::LessonIndexBroken);
        };
        // The design is called after the lesson, in the learner's language, and described
        // by its brief (an example's own description may give the answer away).
        design.name = learn::words(&doc.title, ctx.lang.get_untracked() == crate::i18n::Lang::Ko).to_string();
        design.description = Text::new(doc.brief.en.clone(), doc.brief.ko.clone());
        let locked: Vec<engine::model::NodeId> =
            doc.locked.iter().map(|id| engine::model::NodeId(id.clone())).collect();
        let keep = self.inner.try_update_value(|i| {
            i.start = Some(start);
            i.steps = steps;
            i.linked = i.pending_link.take();
            std::mem::take(&mut i.keep_design)
        });
        // A lesson from a link moves no progress: its id may be a built-in lesson's.
        let persist = self.inner.with_value(|i| i.persist && i.linked.is_none());
        self.shown.update(|s| {
            if persist {
                learn::opened(&mut s.progress, &id);
            }
            *s = Shown {
                cards: s.cards.take(),
                progress: std::mem::take(&mut s.progress),
                doc: Some(doc),
                ..Shown::default()
            };
        });
        if persist {
            self.keep_progress(ctx);
        }
        // An embed shows it and keeps nothing; the app opens it as it opens an example:
        // under a new id, unsaved until the learner edits it, the saved designs untouched.
        if keep == Some(true) {
            self.grade(ctx, false);
        } else if ctx.is_embedded() {
            ctx.show(design);
        } else {
            ctx.open_lesson(design);
        }
        // After the design is in (a load clears the locks of the design before).
        ctx.editor.update_value(|e| e.doc.locked = locked);
    }

    /// Grade the design in view (live: `run` false; Check and Run: true).
    pub fn grade(self, ctx: Ctx, run: bool) {
        let Some(answers) = self.shown.with_untracked(|s| s.doc.as_ref().map(|_| s.answers.clone())) else { return };
        let design = ctx.editor.with_value(|e| e.doc.scenario.to_json_compact());
        let seq = self.inner.try_update_value(|i| {
            i.seq = i.seq.wrapping_add(1);
            i.seq
        });
        if run {
            self.shown.update(|s| s.checking = true);
        }
        let request = GradeRequest { design, answers }.to_json();
        self.send(ctx, &Command::Grade { seq: seq.unwrap_or_default(), run, request });
    }

    /// Answer a question (graded live; who was right shows after Check).
    pub fn answer(self, ctx: Ctx, check: &str, key: &str) {
        self.shown.update(|s| {
            s.answers.retain(|(c, _)| c != check);
            s.answers.push((check.to_string(), key.to_string()));
        });
        self.grade(ctx, false);
    }

    /// Show one more hint.
    pub fn hint(self) {
        self.shown.update(|s| s.hints += 1);
    }

    /// Back to the starting design (one undoable step), answers and hints cleared.
    pub fn reset(self, ctx: Ctx) {
        let Some(start) = self.inner.with_value(|i| i.start.clone()) else { return };
        let Ok(design) = Scenario::from_json(&start) else { return };
        self.shown.update(|s| {
            s.answers.clear();
            s.hints = 0;
            s.step = None;
        });
        if !ctx.edit(|s| *s = keep_names(s, design)) {
            self.grade(ctx, false);
        }
    }

    /// Play the solution's next step on the canvas (one undoable edit, its caption shown).
    pub fn play_step(self, ctx: Ctx) {
        let n = self.shown.with_untracked(|s| s.step.unwrap_or(0));
        let Some(text) = self.inner.with_value(|i| i.steps.get(n).cloned()) else { return };
        let Ok(design) = Scenario::from_json(&text) else { return };
        self.shown.update(|s| s.step = Some(n + 1));
        ctx.edit(|s| *s = keep_names(s, design));
    }

    /// Open the lesson after this one in the course (or the map at the end).
    pub fn next(self, ctx: Ctx) {
        let next = self.shown.with_untracked(|s| {
            let id = s.doc.as_ref()?.id.clone();
            learn::next_after(s.cards.as_deref()?, &id).map(|c| c.id.clone())
        });
        match next {
            Some(id) => self.open(ctx, &id),
            None => self.show_map(ctx),
        }
    }

    /// Close the lesson (the design stays, as any design, its elements no longer locked).
    pub fn close(self, ctx: Ctx) {
        ctx.editor.update_value(|e| e.doc.locked.clear());
        self.shown.update(|s| {
            s.doc = None;
            s.graded = None;
            s.step = None;
        });
    }

    /// Show (or hide) the course map.
    pub fn show_map(self, ctx: Ctx) {
        self.load_index(ctx);
        self.shown.update(|s| s.map_open = true);
    }

    /// Hide the course map.
    pub fn hide_map(self) {
        self.shown.update(|s| s.map_open = false);
    }

    /// Import a progress file: merged into what is kept (a lesson passed in either stays
    /// passed); a file that is not one is said and the progress is unchanged.
    pub fn import_progress(self, ctx: Ctx, text: &str) {
        match learn::read_progress(text) {
            Ok(imported) => {
                self.shown.update(|s| learn::merge(&mut s.progress, imported));
                self.keep_progress(ctx);
                ctx.toast(Key::ProgressImported);
            }
            Err(why) => ctx.toast(why),
        }
    }

    fn keep_progress(self, ctx: Ctx) {
        if !self.inner.with_value(|i| i.persist) {
            return;
        }
        let saved =
            storage::browser().is_some_and(|kv| self.shown.with_untracked(|s| learn::save_progress(&kv, &s.progress)));
        if !saved {
            ctx.toast(storage::Refusal::Unavailable.message());
        }
    }
}

/// `design` with the name and description of the design in view (the lesson's, not those
/// of the example a lesson starts from).
fn keep_names(now: &mut Scenario, design: Scenario) -> Scenario {
    Scenario { name: std::mem::take(&mut now.name), description: std::mem::take(&mut now.description), ..design }
}

/// Fetch a file of the site and hand its text on (one async state machine in the bundle
/// for every lesson fetch).
fn fetch_then(path: String, done: Box<dyn FnOnce(Result<String, String>)>) {
    crate::platform::page::spawn_local(async move { done(crate::platform::examples::fetch_text(&path).await) });
}

fn grader_not_started(why: &str) -> Msg {
    engine::msg!("ui.lesson.grader_not_started", why = why)
}

fn no_such_lesson(id: &str) -> Msg {
    engine::msg!("ui.lesson.no_such", id = id)
}

fn unreachable_lessons(why: &str) -> Msg {
    engine::msg!("ui.lesson.unreachable", why = why)
}
