//! The store: one `Ctx` below the components, holding the editor (the session over its document),
//! the language, the selection, the event log and toasts, and what saving needs; the
//! components read its signals and call its methods, never each other's state.

use crate::editor::session::Editor;
use crate::i18n::{tr, Key, Lang, Words};
use crate::platform::clipboard;
use crate::platform::host::Host;
use crate::platform::page::*;
use crate::platform::storage::{self, Restored};
use crate::reactive::*;
use crate::render::scene::ContainerKind;
use engine::model::{NodeId, Scenario};
use engine::Text;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

/// One line of the event log. The text is kept as a key plus details so that it is
/// re-translated when the language changes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LogEntry {
    pub(crate) time: String,
    pub(crate) key: Key,
    /// In both languages: a line logged in English reads in Korean after a switch.
    pub(crate) detail: Words,
    /// A message from the engine, shown instead of the key's text.
    pub(crate) text: Option<Words>,
}

/// Shared state of the app: the editor (not reactive) and the signals the panels follow.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The document, scene, camera and history.
    pub editor: StoredValue<Editor, LocalStorage>,
    /// UI language.
    pub lang: RwSignal<Lang>,
    /// Bumped whenever the editor's selection changes: the selection itself lives in the
    /// editor only (one selection, read with `selected()`), this tells the views to look.
    pub(crate) selection_tick: RwSignal<u64>,
    /// Bumped on every change of the document.
    pub revision: RwSignal<u64>,
    /// Bumped when only the view changed (camera, selection): asks for a redraw.
    pub view_tick: RwSignal<u64>,
    /// Storage id of the design being edited.
    pub design_id: RwSignal<String>,
    /// Bumped to ask the canvas to fit the diagram (after opening a design).
    pub(crate) fit_tick: RwSignal<u64>,
    /// Whether designs are saved in (and restored from) browser storage: not in embed mode,
    /// which never touches the reader's saved designs (embed.rs).
    pub(crate) persist: RwSignal<bool>,
    /// The design came from a share link and is not saved until the person keeps it (the
    /// Keep button, or their first edit).
    pub from_link: RwSignal<bool>,
    /// What the banner of an unsaved design says (opened from a link, an example).
    pub(crate) unsaved_note: RwSignal<Key>,
    /// Embed mode: nothing is ever read from or written to the reader's saved designs.
    pub(crate) embedded: bool,
    /// The stamp (storage::stamp) of what this tab last read or wrote under `design_id`:
    /// a save finding something else there knows another tab wrote it.
    pub(crate) stamp: StoredValue<Option<u64>>,
    /// The last autosave failed: closing the tab now would lose work, so the browser asks.
    pub unsaved: RwSignal<bool>,
    /// The next document change came from storage (another tab): shown, not saved again.
    pub(crate) quiet: StoredValue<bool>,
    pub(crate) log: RwSignal<Vec<LogEntry>>,
    pub(crate) toast_msg: RwSignal<Option<Words>>,
    /// Redraws of the canvas's layers, one animation frame at a time (layers.rs).
    pub frames: crate::editor::layers::Frames,
    /// Storage, the clock, the address's link and questions to the person (platform/host.rs).
    pub(crate) host: StoredValue<Rc<dyn Host>, LocalStorage>,
}

impl Ctx {
    /// Apply an edit as one undoable step; returns whether the document changed.
    pub fn edit(&self, f: impl FnOnce(&mut Scenario)) -> bool {
        let changed = self.editor.try_update_value(|e| e.edit(f)).unwrap_or(false);
        if changed {
            self.bump();
        } else {
            self.say_lock_refusal();
        }
        changed
    }

    /// If the last edit or gesture was undone because it would change an element the open
    /// lesson locks, say so (and re-render the field that showed the refused value).
    pub fn say_lock_refusal(&self) {
        let Some(id) = self.editor.try_update_value(|e| e.take_lock_refusal()).flatten() else { return };
        let label = self.label(&id);
        self.toast(engine::msg!("ui.lesson.locked", label = label));
        self.bump();
    }

    /// Tell every view that the document changed (also re-renders a refused field).
    pub fn bump(&self) {
        self.revision.update(|r| *r += 1);
    }

    /// Select an element (or nothing).
    pub fn select(&self, id: Option<NodeId>) {
        self.editor.update_value(|e| e.select_only(id));
        self.sync_selection();
    }

    /// The selected element (the editor's), tracked: a view reading it follows it.
    pub fn selected(&self) -> Option<NodeId> {
        self.selection_tick.track();
        self.selected_untracked()
    }

    /// The selected element, not tracked.
    pub fn selected_untracked(&self) -> Option<NodeId> {
        self.editor.try_with_value(|e| e.selected.clone()).flatten()
    }

    /// Pan the canvas so that element `id` is in view (Editor::reveal), for choices made
    /// from the keyboard.
    pub fn reveal(&self, id: &NodeId) {
        let canvas = document().query_selector("[data-testid=diagram]").ok().flatten();
        let Some(canvas) = canvas.and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok()) else { return };
        let (w, h) = css_size(&canvas);
        if self.editor.try_update_value(|e| e.reveal(id, w, h)).unwrap_or(false) {
            self.view_tick.update(|t| *t += 1);
        }
    }

    /// Select every element drawn on the canvas.
    pub(crate) fn select_all(&self) {
        self.editor.update_value(|e| {
            let all: Vec<NodeId> = e
                .scene
                .containers
                .iter()
                .filter(|c| c.kind != ContainerKind::AvailabilityZone)
                .map(|c| c.id.clone())
                .chain(e.scene.icons.iter().map(|i| i.id.clone()))
                .collect();
            e.select_many(all);
        });
        self.sync_selection();
    }

    /// Copy the editor's selection into the reactive signal and redraw.
    pub(crate) fn sync_selection(&self) {
        self.selection_tick.update(|t| *t += 1);
        self.view_tick.update(|t| *t += 1);
    }

    /// Whether the design in view is kept in browser storage (`kept`), or shown unsaved
    /// until the person keeps it or edits it, with `note` saying why (a link, an example,
    /// a message). An embed keeps nothing, ever.
    pub(crate) fn set_kept(&self, kept: bool, note: Key) {
        if self.embedded {
            return;
        }
        self.persist.set(kept);
        self.from_link.set(!kept);
        self.unsaved_note.set(note);
    }

    /// Open a design under a new id (a new, imported, duplicated or pasted design).
    pub fn open_new(&self, s: Scenario) {
        self.stamp.set_value(None);
        self.set_kept(true, Key::FromLinkNote);
        self.load_design(self.new_design_id(), s);
    }

    /// Open a built-in example under a new id, unsaved until the person edits it or keeps
    /// a copy: looking at examples does not fill the File menu.
    pub fn open_example(&self, s: Scenario) {
        self.stamp.set_value(None);
        self.set_kept(false, Key::FromExampleNote);
        self.load_design(self.new_design_id(), s);
    }

    /// Open a lesson's starting design as an example opens: under a new id, unsaved until
    /// the learner edits it or keeps a copy, the saved designs untouched.
    pub fn open_lesson(&self, s: Scenario) {
        self.stamp.set_value(None);
        self.set_kept(false, Key::FromLessonNote);
        self.load_design(self.new_design_id(), s);
    }

    /// Open a design saved in this browser.
    pub fn open_saved(&self, id: &str) {
        match self.host().storage().ok_or(storage::Refusal::Unavailable).and_then(|kv| storage::open(&*kv, id)) {
            Ok((s, stamp)) => {
                self.stamp.set_value(Some(stamp));
                self.set_kept(true, Key::FromLinkNote);
                self.load_design(id.to_string(), s);
            }
            Err(why) => self.toast(why.message()),
        }
    }

    /// Keep a design opened from a share link: from now on it is one of the saved designs.
    pub fn keep_linked(&self) {
        if !self.from_link.get_untracked() {
            return;
        }
        self.from_link.set(false);
        self.persist.set(true);
        self.autosave();
        self.log(Key::KeptLinked, String::new());
    }

    /// Show a design without saving it anywhere (a `stratus:load` from the embedding page):
    /// it replaces the one in view, with a fresh history, fitted. Where designs are saved
    /// (never in embed mode, but the rule holds anywhere) it arrives as a link does: under
    /// a new id, unsaved until the person keeps it, so it never writes over a saved design.
    pub fn show(&self, s: Scenario) {
        if !self.embedded {
            self.set_kept(false, Key::FromLinkNote);
            self.design_id.set(self.new_design_id());
            self.stamp.set_value(None);
        }
        let name = s.name.clone();
        self.editor.update_value(|e| e.load(s));
        self.quiet.set_value(true);
        self.sync_selection();
        self.log(Key::Opened, name);
        self.bump();
        self.fit_tick.update(|t| *t += 1);
    }

    pub(crate) fn load_design(&self, id: String, s: Scenario) {
        let name = s.name.clone();
        self.editor.update_value(|e| e.load(s));
        self.design_id.set(id);
        self.autosave();
        self.quiet.set_value(true);
        self.sync_selection();
        self.log(Key::Opened, name);
        self.bump();
        self.fit_tick.update(|t| *t += 1);
    }

    /// Save the design in view in browser storage, unless this page does not persist
    /// (embed mode, a design from a link not yet kept). A failure is said, and the tab
    /// then asks before it closes. If another tab saved this design meanwhile, theirs is
    /// left alone and this tab's version is kept as a new design beside it.
    pub fn autosave(&self) {
        if !self.persist.get_untracked() {
            return;
        }
        let host = self.host();
        let Some(kv) = host.storage() else {
            self.unsaved.set(true);
            return self.toast(storage::Refusal::Unavailable.message());
        };
        let kv = &*kv;
        let id = self.design_id.get_untracked();
        let now = host.now_ms();
        let result =
            self.editor.try_with_value(|e| storage::save(kv, &id, &e.doc.scenario, self.stamp.get_value(), now));
        match result {
            None => {}
            Some(Ok(stamp)) => {
                self.stamp.set_value(Some(stamp));
                self.unsaved.set(false);
            }
            Some(Err(storage::Refusal::ChangedElsewhere)) => {
                let fork = storage::new_id(kv, now);
                let l = self.lang.get_untracked();
                self.editor.update_value(|e| {
                    e.doc.scenario.name = format!("{} ({})", e.doc.scenario.name, tr(l, Key::ThisTabSuffix));
                });
                let saved = self.editor.with_value(|e| storage::save(kv, &fork, &e.doc.scenario, None, now));
                match saved {
                    Ok(stamp) => {
                        self.design_id.set(fork);
                        self.stamp.set_value(Some(stamp));
                        self.unsaved.set(false);
                        self.toast(Key::ForkedFromOtherTab);
                        self.bump_quiet();
                    }
                    Err(why) => {
                        self.unsaved.set(true);
                        self.toast(why.message());
                    }
                }
            }
            Some(Err(why)) => {
                self.unsaved.set(true);
                self.toast(why.message());
            }
        }
    }

    /// Another tab wrote `text` (or removed it, `None`) under this tab's design key: follow
    /// it when this tab has nothing unsaved, so the later edit wins without a conflict.
    pub fn saved_elsewhere(&self, text: Option<String>) {
        let Some(text) = text else { return };
        let stamp = storage::stamp(&text);
        if !self.persist.get_untracked() || self.stamp.get_value() == Some(stamp) || self.unsaved.get_untracked() {
            return;
        }
        let Ok(s) = Scenario::from_json(&text) else { return };
        self.stamp.set_value(Some(stamp));
        self.editor.update_value(|e| e.replace_document(s));
        self.sync_selection();
        self.toast(Key::UpdatedFromOtherTab);
        self.bump_quiet();
    }

    /// Tell the views the document changed without autosaving it (it came from storage).
    pub(crate) fn bump_quiet(&self) {
        self.quiet.set_value(true);
        self.bump();
    }

    /// Rename the current design (asks for the name).
    pub fn rename(&self) {
        let l = self.lang.get_untracked();
        let current = self.editor.with_value(|e| e.doc.scenario.name.clone());
        if let Some(name) = self.host().prompt(tr(l, Key::RenamePrompt), &current) {
            let name = name.trim().to_string();
            if !name.is_empty() {
                self.edit(|s| s.name = name);
            }
        }
    }

    /// Copy a saved design (the current one as it is now) into a new design and open it.
    pub fn duplicate_design(&self, id: &str) {
        let source = if id == self.design_id.get_untracked() {
            Ok(self.editor.with_value(|e| e.doc.scenario.clone()))
        } else {
            self.host()
                .storage()
                .ok_or(storage::Refusal::Unavailable)
                .and_then(|kv| storage::open(&*kv, id))
                .map(|(s, _)| s)
        };
        match source {
            Ok(mut s) => {
                s.name = format!("{} ({})", s.name, tr(self.lang.get_untracked(), Key::CopySuffix));
                self.open_new(s);
            }
            Err(why) => self.toast(why.message()),
        }
    }

    /// Delete a saved design after asking; deleting the open one opens the next, or a blank one.
    pub fn delete_design(&self, id: &str) {
        let l = self.lang.get_untracked();
        if !self.host().confirm(tr(l, Key::DeleteConfirm)) {
            return;
        }
        if let Err(why) =
            self.host().storage().ok_or(storage::Refusal::Unavailable).and_then(|kv| storage::delete(&*kv, id))
        {
            self.toast(why.message());
            return;
        }
        if id == self.design_id.get_untracked() {
            match self.saved_designs().first() {
                Some(next) => self.open_saved(&next.id.clone()),
                None => self.open_new(blank(l)),
            }
        }
    }

    /// Copy the selection (with contents) as clipboard text.
    pub(crate) fn copy_text(&self) -> Option<String> {
        self.editor.with_value(|e| {
            let ids = e.selection_with_contents();
            (!ids.is_empty()).then(|| clipboard::copy(&e.doc.scenario, &ids))
        })
    }

    /// Paste clipboard text: a Stratus selection joins the design (selected, offset);
    /// a whole scenario opens as a new design; anything else is refused with a message.
    pub(crate) fn paste_text(&self, text: &str) {
        if self.readonly() {
            return;
        }
        if !clipboard::is_selection(text) {
            match Scenario::from_json(text) {
                Ok(s) => self.open_new(s),
                Err(_) => self.toast(engine::msg!("ui.paste.not_stratus")),
            }
            return;
        }
        let mut added = Vec::new();
        let mut failure = None;
        self.edit(|s| match clipboard::paste(s, text, 30.0) {
            Ok(ids) => added = ids,
            Err(msg) => failure = Some(msg),
        });
        if let Some(msg) = failure {
            self.toast(msg);
            return;
        }
        self.editor.update_value(|e| {
            // Select the pasted elements that are not inside another pasted one.
            let top: Vec<NodeId> = added
                .iter()
                .filter(|id| engine::view::parent_of(&e.doc.scenario, id).is_none_or(|p| !added.contains(p)))
                .cloned()
                .collect();
            e.select_many(top);
        });
        self.log(Key::Pasted, added.len().to_string());
        self.sync_selection();
    }

    /// Whether the design is read-only here (an embed with `readonly`).
    pub(crate) fn readonly(&self) -> bool {
        self.editor.try_with_value(|e| e.doc.readonly).unwrap_or(false)
    }

    pub(crate) fn nudge(&self, dx: f64, dy: f64) {
        if self.editor.try_update_value(|e| e.nudge(dx, dy)).unwrap_or(false) {
            self.bump();
        }
    }

    /// Show a message to the person for a few seconds.
    pub fn toast(&self, text: impl Into<Words>) {
        self.toast_msg.set(Some(text.into()));
    }

    /// Embed mode: nothing is read from or written to the reader's saved work.
    pub fn is_embedded(&self) -> bool {
        self.embedded
    }

    /// The display name of an element.
    pub fn label(&self, id: &NodeId) -> String {
        self.editor
            .try_with_value(|e| crate::render::users::label(&e.doc.scenario, id))
            .unwrap_or_else(|| id.to_string())
    }

    /// Add a line to the event log.
    pub fn note(&self, key: Key, detail: String) {
        self.log(key, detail);
    }

    /// Add a line whose details differ by language (a kind's name, a refusal's reason).
    pub fn note_text(&self, key: Key, detail: impl Into<Words>) {
        let detail = detail.into();
        let time = self.host().clock();
        self.push_entry(LogEntry { time, key, detail, text: None });
    }

    /// Add a simulation event to the log, stamped with simulated time.
    pub fn sim_event(&self, e: &engine::sim::SimEvent) {
        let who = e.node.as_ref().map(|n| self.label(n)).unwrap_or_default();
        self.push_entry(LogEntry {
            time: crate::render::live::clock(e.t_us),
            key: Key::SimEvent,
            detail: Text::new(who.clone(), who).into(),
            text: Some(e.message.clone().into()),
        });
    }

    pub(crate) fn log(&self, key: Key, detail: String) {
        self.note_text(key, Text::new(detail.clone(), detail));
    }

    pub(crate) fn push_entry(&self, entry: LogEntry) {
        self.log.update(|l| {
            l.push(entry);
            // Keep the log bounded: it is a view, not a history.
            if l.len() > 200 {
                l.remove(0);
            }
        });
    }

    pub(crate) fn undo(&self, forward: bool) {
        let done = self.editor.try_update_value(|e| if forward { e.redo() } else { e.undo() }).unwrap_or(false);
        if done {
            self.sync_selection();
            self.log(if forward { Key::Redone } else { Key::Undone }, String::new());
            self.bump();
        }
    }

    pub fn delete_selected(&self) {
        // A route table, ACL or group selected from its VPC's list is deleted by AWS's rules.
        let single = self.editor.with_value(|e| {
            let id = e.selected.clone().filter(|_| e.selection.len() == 1)?;
            e.doc.scenario.node(&id).filter(|n| engine::netobj::is_network_object(&n.spec)).map(|n| n.id.clone())
        });
        if let Some(id) = single {
            delete_network_object(*self, &id);
            return;
        }
        let label = self.selected_untracked().map(|id| self.label(&id));
        let gone = self.editor.try_update_value(|e| e.delete_selected()).unwrap_or_default();
        self.say_lock_refusal();
        if !gone.is_empty() {
            self.sync_selection();
            let extra = if gone.len() > 1 { format!(" (+{})", gone.len() - 1) } else { String::new() };
            self.log(Key::Deleted, format!("{}{extra}", label.unwrap_or_default()));
            self.bump();
        }
    }
}

impl Ctx {
    /// The page's surroundings (the browser, or a test's `Memory`).
    pub(crate) fn host(&self) -> Rc<dyn Host> {
        self.host.get_value()
    }

    /// A new, unused design id in this browser's storage.
    pub fn new_design_id(&self) -> String {
        let host = self.host();
        new_design_id(&*host)
    }

    /// The designs saved in this browser, most recent first.
    pub fn saved_designs(&self) -> Vec<storage::DesignMeta> {
        self.host().storage().map(|kv| storage::list(&*kv)).unwrap_or_default()
    }
}

/// A new, unused design id in `host`'s storage.
fn new_design_id(host: &dyn Host) -> String {
    let now = host.now_ms();
    host.storage().map_or_else(|| format!("d{:x}", now as u64), |kv| storage::new_id(&*kv, now))
}

/// A canvas's size in CSS pixels (at least one each way).
pub fn css_size(canvas: &HtmlCanvasElement) -> (f64, f64) {
    (f64::from(canvas.client_width().max(1)), f64::from(canvas.client_height().max(1)))
}

/// A blank design: an empty canvas to drag a Region onto.
pub fn blank(lang: Lang) -> Scenario {
    Scenario {
        format: engine::model::FORMAT_VERSION,
        name: tr(lang, Key::Untitled).to_string(),
        description: Default::default(),
        nodes: vec![],
        layout: Default::default(),
        ..Default::default()
    }
}

/// Delete a route table, ACL or group if AWS would, as one undo step; else toast why.
pub fn delete_network_object(ctx: Ctx, id: &NodeId) {
    let why = ctx.editor.try_with_value(|e| engine::netobj::why_not_delete(&e.doc.scenario, id)).flatten();
    if let Some(why) = why {
        ctx.note_text(Key::DeleteRefused, why.clone());
        ctx.toast(why);
        return;
    }
    let label = ctx.label(id);
    let vpc = ctx.editor.try_with_value(|e| engine::netobj::vpc_of(&e.doc.scenario, id)).flatten();
    let was_selected = ctx.selected_untracked().as_ref() == Some(id);
    let id = id.clone();
    ctx.edit(|s| {
        // Checked just above; the document cannot change in between.
        let _ = engine::netobj::delete(s, &id);
    });
    ctx.note(Key::Deleted, label);
    if was_selected {
        // Back to the VPC's list, where the object was.
        ctx.select(vpc);
    }
}

/// The drag-and-drop data type carrying a palette blueprint.
pub const DRAG_TYPE: &str = "application/x-stratus-blueprint";

/// The drawer open on a phone-sized screen: the palette, the inspector or the panels slide
/// over the canvas, one at a time (web/style.css, `data-drawer`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Drawer {
    /// Only the canvas.
    None,
    /// The palette, from the left.
    Palette,
    /// The selection's settings, from the bottom.
    Inspector,
    /// Problems, reachability, metrics and the log, from the bottom.
    Panels,
}

impl Drawer {
    /// The `data-drawer` value.
    pub fn name(self) -> &'static str {
        match self {
            Drawer::None => "none",
            Drawer::Palette => "palette",
            Drawer::Inspector => "inspector",
            Drawer::Panels => "panels",
        }
    }

    /// Pressing `which`'s button: open it, or close it if it is the one open.
    pub fn toggle(self, which: Drawer) -> Drawer {
        if self == which {
            Drawer::None
        } else {
            which
        }
    }
}

/// Storage key of the chosen UI language.
pub const LANG_KEY: &str = "stratus.lang";

/// Storage key of the chosen colour theme, `light` or `dark`; without it the system's
/// preference (`prefers-color-scheme`) is followed.
pub const THEME_KEY: &str = "stratus.theme";

impl Ctx {
    /// The store at start-up, from the page's options: the language (the URL's, else the
    /// saved one, else the browser's), the design (a share link's, else the last one saved,
    /// else the first-visit example; an embed never reads saved designs), and what to say
    /// about it. Returns the store, the share link's view, the design's name and the note.
    pub fn start(
        opts: &crate::state::embed::EmbedOptions,
    ) -> (Ctx, StoredValue<Option<engine::share::View>>, String, Option<Words>) {
        let lang = opts.lang.unwrap_or_else(|| if opts.embed { browser_lang() } else { initial_lang() });
        let started = Ctx::open(opts, Rc::new(BrowserHost), lang);
        watch_other_tabs(started.0);
        started
    }

    /// The store at start-up in `host` (start's work without the browser's listeners, and
    /// what native tests start from).
    pub(crate) fn open(
        opts: &crate::state::embed::EmbedOptions,
        host: Rc<dyn Host>,
        lang: Lang,
    ) -> (Ctx, StoredValue<Option<engine::share::View>>, String, Option<Words>) {
        let lang = RwSignal::new(lang);
        let (mut design_id, mut scenario, mut stamp, mut restore_note) = if opts.uses_storage() {
            initial_design(&*host, lang.get_untracked())
        } else {
            (
                EMBED_ID.to_string(),
                Scenario::from_json(crate::platform::examples::EXAMPLE)
                    .unwrap_or_else(|_| crate::state::store::blank(lang.get_untracked())),
                None,
                None,
            )
        };
        // Share link (#v1:…, share_link.rs): its design opens as a new design, at its view; a
        // damaged link says why and opens nothing.
        let shared_view = StoredValue::new(None::<engine::share::View>);
        let mut linked = false;
        match host.take_link() {
            Some(Ok(shared)) => {
                linked = true;
                if opts.uses_storage() {
                    design_id = new_design_id(&*host);
                    stamp = None;
                }
                scenario = shared.scenario;
                shared_view.set_value(shared.view);
                host.clear_link();
            }
            Some(Err(msg)) => restore_note = Some(msg.into()),
            None => {}
        }
        let first_name = scenario.name.clone();
        let ctx = Ctx {
            editor: StoredValue::new_local(Editor::new(scenario)),
            lang,
            selection_tick: RwSignal::new(0),
            revision: RwSignal::new(0),
            view_tick: RwSignal::new(0),
            design_id: RwSignal::new(design_id),
            fit_tick: RwSignal::new(0),
            persist: RwSignal::new(opts.uses_storage() && !linked),
            from_link: RwSignal::new(opts.uses_storage() && linked),
            unsaved_note: RwSignal::new(Key::FromLinkNote),
            embedded: !opts.uses_storage(),
            stamp: StoredValue::new(stamp),
            unsaved: RwSignal::new(false),
            quiet: StoredValue::new(false),
            log: RwSignal::new(Vec::new()),
            toast_msg: RwSignal::new(None),
            frames: crate::editor::layers::Frames::new(),
            host: StoredValue::new_local(host),
        };
        (ctx, shared_view, first_name, restore_note)
    }
}

/// The page's browser as the store's host (platform::host::Host): its storage, clock,
/// address and dialogs.
pub struct BrowserHost;

impl Host for BrowserHost {
    fn storage(&self) -> Option<Rc<dyn storage::KeyValue>> {
        storage::browser().map(|b| Rc::new(b) as Rc<dyn storage::KeyValue>)
    }
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }
    fn clock(&self) -> String {
        let now = js_sys::Date::new_0();
        format!("{:02}:{:02}:{:02}", now.get_hours(), now.get_minutes(), now.get_seconds())
    }
    fn take_link(&self) -> Option<Result<engine::share::Shared, engine::Msg>> {
        crate::state::share_link::from_location()
    }
    fn clear_link(&self) {
        crate::state::share_link::clear_fragment();
    }
    fn confirm(&self, question: &str) -> bool {
        crate::platform::page::window().confirm_with_message(question).unwrap_or(false)
    }
    fn prompt(&self, question: &str, default: &str) -> Option<String> {
        crate::platform::page::window().prompt_with_message_and_default(question, default).ok().flatten()
    }
}

/// The design id of an embed: never stored, never listed (embed mode does not persist).
const EMBED_ID: &str = "embed";

/// The design to open: the one open last (with the stamp of its saved text), else the
/// built-in example as a new design; plus a note for the person if a saved design could
/// not be read.
fn initial_design(host: &dyn Host, lang: Lang) -> (String, Scenario, Option<u64>, Option<Words>) {
    let example = || {
        let mut s = Scenario::from_json(crate::platform::examples::EXAMPLE)
            .unwrap_or_else(|_| crate::state::store::blank(lang));
        // A Korean visitor's first design is called by its Korean title.
        if lang == Lang::Ko {
            s.name = crate::i18n::design_name(lang, &s.name).to_string();
        }
        s
    };
    let Some(kv) = host.storage() else {
        return (EMBED_ID.to_string(), example(), None, Some(storage::Refusal::Unavailable.message()));
    };
    match storage::restore(&*kv, host.now_ms()) {
        Restored::Design(id, s, stamp) => (id, *s, Some(stamp), None),
        Restored::Nothing(id) => (id, example(), None, None),
        Restored::Unreadable(id, note) => (id, example(), None, Some(note)),
    }
}

/// Two tabs on one design: a save in another tab reaches this one as a `storage` event,
/// and this tab follows it (Ctx::saved_elsewhere). Closing the tab while the last save
/// failed asks first (`beforeunload`): the work exists nowhere else.
fn watch_other_tabs(ctx: Ctx) {
    let on_storage = Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |ev: web_sys::StorageEvent| {
        let key = format!("{}{}", storage::DESIGN_PREFIX, ctx.design_id.get_untracked());
        if ev.key().as_deref() == Some(key.as_str()) {
            ctx.saved_elsewhere(ev.new_value());
        }
    });
    let _ = window().add_event_listener_with_callback("storage", on_storage.as_ref().unchecked_ref());
    on_storage.forget();
    let on_leave = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(move |ev: web_sys::BeforeUnloadEvent| {
        if ctx.unsaved.get_untracked() {
            ev.prevent_default();
            ev.set_return_value("unsaved");
        }
    });
    let _ = window().add_event_listener_with_callback("beforeunload", on_leave.as_ref().unchecked_ref());
    on_leave.forget();
}

/// The language the page starts in: the URL's `lang`, else (outside embeds) the saved
/// choice, else the browser's. `Ctx::start` decides the same way.
pub fn startup_lang() -> Lang {
    let opts = crate::state::embed::EmbedOptions::from_query(&window().location().search().unwrap_or_default());
    opts.lang.unwrap_or_else(|| if opts.embed { browser_lang() } else { initial_lang() })
}

fn initial_lang() -> Lang {
    let stored = window().local_storage().ok().flatten().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    match stored {
        Some(code) => Lang::from_code(&code),
        None => browser_lang(),
    }
}

/// The browser's language (an embed without `lang` uses it, not the reader's stored choice).
fn browser_lang() -> Lang {
    Lang::from_code(&window().navigator().language().unwrap_or_default())
}

/// The store's logic against a host in memory (platform/host.rs): what a person sees of
/// saved designs across visits and tabs, full or refused storage, and share links.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::host::Memory;
    use crate::platform::storage::KeyValue;
    use crate::state::embed::EmbedOptions;

    fn open(host: &Rc<Memory>) -> (Ctx, Option<Words>) {
        let (ctx, _, _, note) = Ctx::open(&EmbedOptions::from_query(""), host.clone(), Lang::En);
        ctx.autosave();
        (ctx, note)
    }

    fn name(ctx: Ctx) -> String {
        ctx.editor.with_value(|e| e.doc.scenario.name.clone())
    }

    fn rename(ctx: Ctx, to: &str) {
        let to = to.to_string();
        assert!(ctx.edit(|s| s.name = to));
        ctx.autosave();
    }

    /// A first visit opens the example and keeps it; the next visit opens it again, with
    /// its edits.
    #[test]
    fn a_design_is_kept_across_visits() {
        let host = Rc::new(Memory { now: 1_000.0.into(), ..Memory::default() });
        let (first, note) = open(&host);
        assert!(note.is_none());
        assert_eq!(first.saved_designs().len(), 1);
        rename(first, "my lab");
        let (again, _) = open(&host);
        assert_eq!(again.design_id.get_untracked(), first.design_id.get_untracked());
        assert_eq!(name(again), "my lab");
    }

    /// Two tabs on one design (issue #12): a save in one reaches the other, which follows it
    /// while it has nothing unsaved; if both edited, the later save never writes over the
    /// other's: it is kept as a new design, named for this tab, and said so.
    #[test]
    fn two_tabs_never_write_over_each_other() {
        let host = Rc::new(Memory::default());
        let (a, _) = open(&host);
        let (b, _) = open(&host);
        rename(a, "from A");
        let key = format!("{}{}", storage::DESIGN_PREFIX, a.design_id.get_untracked());
        b.saved_elsewhere(host.kv.get(&key));
        assert_eq!(name(b), "from A", "B follows A");
        rename(a, "A again");
        // B edits without having seen A's second save: its save would overwrite it.
        rename(b, "from B");
        assert_ne!(b.design_id.get_untracked(), a.design_id.get_untracked(), "B forked");
        assert!(name(b).starts_with("from B (this tab"), "{}", name(b));
        assert!(b.toast_msg.get_untracked().is_some());
        let names: Vec<String> = b.saved_designs().into_iter().map(|d| d.name).collect();
        assert!(names.contains(&"A again".to_string()) && names.iter().any(|n| n.starts_with("from B")), "{names:?}");
    }

    /// A full storage: the save is refused, said, and the tab remembers that its work is
    /// unsaved (it asks before closing); once there is room the next save clears it.
    #[test]
    fn a_refused_save_is_said_and_remembered_until_one_succeeds() {
        let host = Rc::new(Memory::default());
        let (ctx, _) = open(&host);
        host.kv.quota.set(Some(10));
        rename(ctx, "too big now");
        assert!(ctx.unsaved.get_untracked());
        assert!(ctx.toast_msg.get_untracked().is_some());
        host.kv.quota.set(None);
        rename(ctx, "fits again");
        assert!(!ctx.unsaved.get_untracked());
    }

    /// A browser that refuses storage: the example opens, with a note saying work is not
    /// kept; nothing panics.
    #[test]
    fn without_storage_the_app_says_so_and_still_opens() {
        let host = Rc::new(Memory { no_storage: true, ..Memory::default() });
        let (ctx, note) = open(&host);
        assert!(note.is_some());
        assert!(!name(ctx).is_empty());
        assert!(ctx.saved_designs().is_empty());
    }

    /// A share link opens its design under a new id, unsaved until kept, the address
    /// cleared; the design saved before is untouched; keeping it saves it beside.
    #[test]
    fn a_share_link_opens_beside_the_saved_designs() {
        let host = Rc::new(Memory::default());
        let (first, _) = open(&host);
        rename(first, "mine");
        let linked =
            Scenario { name: "from a link".into(), ..Scenario::from_json(crate::platform::examples::EXAMPLE).unwrap() };
        *host.link.borrow_mut() = Some(Ok(engine::share::Shared { scenario: linked, view: None }));
        let (ctx, _) = open(&host);
        assert!(host.link_cleared.get());
        assert_eq!(name(ctx), "from a link");
        assert_ne!(ctx.design_id.get_untracked(), first.design_id.get_untracked());
        assert!(ctx.from_link.get_untracked());
        assert_eq!(ctx.saved_designs().len(), 1, "not kept yet");
        ctx.keep_linked();
        let names: Vec<String> = ctx.saved_designs().into_iter().map(|d| d.name).collect();
        assert_eq!(names.len(), 2);
        assert!(names.contains(&"mine".to_string()) && names.contains(&"from a link".to_string()));
    }

    /// Deleting asks first: "no" keeps the design; "yes" deletes it and opens the next one.
    /// Renaming takes the answer, trimmed; a cancelled or blank answer changes nothing.
    #[test]
    fn deleting_asks_first_and_renaming_takes_the_answer() {
        let host = Rc::new(Memory::default());
        let (ctx, _) = open(&host);
        rename(ctx, "first");
        ctx.open_new(blank(Lang::En));
        rename(ctx, "second");
        let second = ctx.design_id.get_untracked();
        host.answers.borrow_mut().push_back(None);
        ctx.delete_design(&second);
        assert_eq!(ctx.saved_designs().len(), 2);
        host.answers.borrow_mut().push_back(Some("yes".into()));
        ctx.delete_design(&second);
        assert_eq!(ctx.saved_designs().len(), 1);
        assert_eq!(name(ctx), "first", "the next design opened");
        host.answers.borrow_mut().extend([Some("  renamed  ".into()), Some("   ".into()), None]);
        ctx.rename();
        assert_eq!(name(ctx), "renamed");
        ctx.rename();
        ctx.rename();
        assert_eq!(name(ctx), "renamed");
    }
}
