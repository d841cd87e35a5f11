//! Making a lesson in the app ("Make a lesson from this design"): the page's side of the authoring desk, which lives in the simulator's worker (simworker's `author::desk`: the draft, the checks made from what the app shows, the solution recorded from the teacher's edits, the panel's HTML); and opening a lesson link, which starts the lesson.
//!
//! The page sends each action with what it shows now (the design, the Reachability question,
//! the selection, the language) and does what the answer says: keep the draft in browser
//! storage, draw the panel, say something, try the lesson in a worker of its own, download
//! the file, copy the link. Everything else is the worker's, out of the first load.

use crate::platform::page::*;
use crate::platform::storage::{self, KeyValue};
use crate::platform::worker::Shared;
use crate::reactive::*;
use crate::state::lesson::Learn;
use crate::state::store::Ctx;
use engine::{Msg, Text};
use serde_json::{json, Value};
use simworker::analyse::Question;
use simworker::wire::{Command, Reply};

/// Storage key of the draft (one per browser; not a design, not progress).
pub const DRAFT_KEY: &str = "stratus.lesson-draft";

/// What draws the panel from the worker's HTML.
type Draw = dyn Fn(&str);

/// What only the code needs.
#[derive(Default)]
struct Inner {
    /// The draft is kept in this browser (not in an embed).
    persist: bool,
    listening: bool,
    /// The worker has the draft (else the next action carries it).
    seeded: bool,
    /// Mirrors of the desk's state: edits are recorded; how many steps there are.
    recording: bool,
    steps: usize,
    /// The latest action's number, and that of the latest one that draws the panel (not
    /// a text typed): only its panel is drawn.
    seq: u32,
    want: u32,
}

/// The authoring desk seen from the page; `Copy`.
#[derive(Clone, Copy)]
pub struct Author {
    /// The panel is open (it takes the lesson panel's place).
    pub open: RwSignal<bool>,
    /// The Reachability panel's question (sent with every action).
    question: RwSignal<Option<Question>>,
    /// Draws the panel from the worker's HTML (the panel's view gives it: `on_draw`).
    draw: StoredValue<Option<Box<Draw>>, LocalStorage>,
    inner: StoredValue<Inner, LocalStorage>,
    worker: Shared,
}

impl Author {
    /// The desk; `persist` false in an embed (no draft is read or kept). `worker` is the
    /// page's simulator worker, where the desk lives.
    pub fn new(persist: bool, worker: Shared, question: RwSignal<Option<Question>>) -> Author {
        // A draft left open is open again after a reload.
        let open = persist
            && storage::browser()
                .and_then(|kv| kv.get(DRAFT_KEY))
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .is_some_and(|v| v["open"] == true);
        Author {
            open: RwSignal::new(open),
            question,
            draw: StoredValue::new_local(None),
            inner: StoredValue::new_local(Inner { persist, ..Inner::default() }),
            worker,
        }
    }

    /// How the panel is drawn from the worker's HTML.
    pub fn on_draw(self, draw: Box<Draw>) {
        self.draw.set_value(Some(draw));
    }

    /// Open the panel (the lesson panel and the course map give way).
    pub fn open(self, ctx: Ctx, learn: Learn) {
        learn.close(ctx);
        learn.hide_map();
        // Notes, refusals and the trial's problems are engine messages of the later catalogue.
        crate::platform::page::spawn_local(async move {
            if crate::platform::messages::load_later(ctx.lang.get_untracked()).await.is_ok() {
                crate::i18n::catalogue_arrived();
            }
        });
        self.open.set(true);
    }

    /// How many steps are recorded, and whether edits are being recorded.
    pub fn steps(self) -> (usize, bool) {
        self.inner.with_value(|i| (i.steps, i.recording))
    }

    /// Send an action (`{"op": …, …}`) with what the page shows now.
    pub fn act(self, ctx: Ctx, op: Value) {
        self.listen(ctx);
        if let Err(why) = self.worker.start() {
            return ctx.toast(Text::new(why.clone(), why));
        }
        let (seeded, persist) = self.inner.with_value(|i| (i.seeded, i.persist));
        let quiet = op["quiet"] == true;
        let mut request = op;
        let context = ctx.editor.with_value(|e| {
            json!({
                "ko": ctx.lang.get_untracked() == crate::i18n::Lang::Ko,
                "design": e.doc.scenario.to_json_compact(),
                "question": self.question.get_untracked().as_ref().map(simworker::analyse::question_json),
                "selection": e.selection.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
            })
        });
        if let (Some(r), Value::Object(c)) = (request.as_object_mut(), context) {
            r.extend(c);
            if !seeded {
                let kept = if persist { storage::browser().and_then(|kv| kv.get(DRAFT_KEY)) } else { None };
                r.insert("draft".into(), Value::String(kept.unwrap_or_default()));
            }
        }
        let seq = self.inner.try_update_value(|i| {
            i.seeded = true;
            i.seq = i.seq.wrapping_add(1);
            if !quiet {
                i.want = i.seq;
            }
            i.seq
        });
        if let Some(seq) = seq {
            self.worker.send(&Command::Desk { seq, request: request.to_string() });
        }
    }

    /// The design changed (`edit`: an edit, an undo or a redo; else a design was opened):
    /// while recording, the desk makes it steps.
    pub fn changed(self, ctx: Ctx, edit: bool) {
        if self.inner.with_value(|i| i.recording) {
            self.act(ctx, json!({ "op": "edited", "edit": edit }));
        }
    }

    fn listen(self, ctx: Ctx) {
        if self.inner.with_value(|i| i.listening) {
            return;
        }
        self.inner.update_value(|i| i.listening = true);
        self.worker.listen(
            move |reply| {
                if let Reply::Result(text) = reply {
                    self.answered(ctx, text);
                }
            },
            move |why| {
                // A worker started again has no draft: the next action brings it.
                self.inner.update_value(|i| {
                    i.seeded = false;
                    i.recording = false;
                });
                if self.open.get_untracked() {
                    ctx.toast(engine::msg!("author.desk_stopped", why = why));
                }
            },
        );
    }

    /// Do what the desk's answer says.
    fn answered(self, ctx: Ctx, text: &str) {
        let Some(d) = serde_json::from_str::<Value>(text).ok().and_then(|mut v| v.get_mut("desk").map(Value::take))
        else {
            return;
        };
        let flag = |k: &str| d[k].as_bool().unwrap_or(false);
        let latest = self.inner.try_update_value(|i| {
            i.recording = flag("recording");
            i.steps = d["steps"].as_u64().unwrap_or(0) as usize;
            d["seq"].as_u64() == Some(u64::from(i.want))
        });
        if let (Some(draft), true) = (d["draft"].as_str(), self.inner.with_value(|i| i.persist)) {
            if storage::browser().is_none_or(|kv| kv.set(DRAFT_KEY, draft).is_err()) {
                ctx.toast(storage::Refusal::Unavailable.message());
            }
        }
        if let Ok(m) = serde_json::from_value::<Msg>(d["toast"].clone()) {
            ctx.toast(m);
        }
        if latest == Some(true) {
            if flag("open") != self.open.get_untracked() {
                self.open.set(flag("open"));
            }
            if let Some(html) = d["html"].as_str() {
                self.draw.with_value(|draw| {
                    if let Some(draw) = draw {
                        draw(html);
                    }
                });
            }
        }
        if let Some(lesson) = d["test"].as_str() {
            // Runs take seconds: in a worker of their own, the canvas goes on.
            let cmd = Command::Author { test: true, lesson: lesson.to_string() };
            crate::platform::page::spawn_local(async move {
                let answer = wasm_bindgen_futures::JsFuture::from(crate::platform::worker::call(cmd)).await;
                let result = answer.ok().and_then(|v| v.as_string()).unwrap_or_default();
                self.act(ctx, json!({ "op": "tried", "result": result }));
            });
        }
        if let (Some(name), Some(text)) = (d["save"]["name"].as_str(), d["save"]["text"].as_str()) {
            if let Err(why) = crate::platform::download::download_text(text, "application/json", name) {
                ctx.toast(why);
            }
        }
        if let Some(compact) = d["link"].as_str() {
            let compact = compact.to_string();
            crate::platform::page::spawn_local(async move { copy_link(ctx, &compact).await });
        }
    }
}

/// Copy a link carrying the lesson (`#l1:…`), or say why not (over the size limit).
async fn copy_link(ctx: Ctx, compact: &str) {
    let fragment = match crate::state::share_link::encode_lesson(compact).await {
        Ok(f) => f,
        Err(why) => return ctx.toast(why),
    };
    let href = window().location().href().unwrap_or_default();
    let page = href.split(['?', '#']).next().unwrap_or(&href);
    let link = format!("{page}#{fragment}");
    match crate::state::share_link::copy_text(&link).await {
        Ok(true) => {
            let kb = format!("{:.1} KB", link.len() as f64 / 1024.0);
            ctx.toast(engine::msg!("author.link_copied", kb = kb));
        }
        Ok(false) => {}
        Err(why) => ctx.toast(why),
    }
}

/// Open the lesson a link carries (`#l1:…` in this page's address), outside or inside an
/// embed: the lesson starts as a built-in one does, on its own design, and the saved
/// designs and the progress of built-in lessons are not touched. A damaged link says why in
/// the reader's language, and nothing changes. Outside an embed the fragment then leaves
/// the address (a reload restores the learner's design; the lesson panel keeps the link).
pub fn open_link(ctx: Ctx, learn: Learn, fragment: String) {
    crate::platform::page::spawn_local(async move {
        let opened = crate::state::share_link::decode_lesson(&fragment).await;
        if !ctx.is_embedded() {
            crate::state::share_link::clear_fragment();
        }
        match opened {
            Ok(text) => learn.open_linked(ctx, text, fragment),
            Err(why) => {
                let _ = crate::platform::messages::load_later(ctx.lang.get_untracked()).await;
                ctx.toast(engine::msg!("web.lesson_not_opened", why = why));
            }
        }
    });
}
