//! What follows the document and the run, as effects: the verdicts asked of the worker, the autosave and the lesson's grade after each change, the canvas's badges and path, the metrics tab when a run starts, and the page's language, title, theme and toasts.

use crate::i18n::{tr, Key};
use crate::platform::page::*;
use crate::platform::worker::Shared;
use crate::reactive::*;
use crate::render::paint::Overlay;
use crate::state::lesson::Learn;
use crate::state::store::Ctx;
use crate::state::verdicts::Verdicts;
use crate::ui::panels::{self, Question};
use crate::ui::shell::Tab;
use crate::ui::simui::Sim;

/// Show the charts when a run starts; Run grades a lesson's `run` checks too, as Check does.
pub fn charts_on_run(ctx: Ctx, sim: Sim, tab: RwSignal<Tab>, learn: Learn) {
    Effect::new(move |was_running: Option<bool>| {
        let _ = sim.tick.get();
        let running = sim.running();
        if running && was_running == Some(false) {
            tab.set(Tab::Metrics);
            learn.grade(ctx, true);
        }
        running
    });
}

/// The engine's verdicts, asked of the worker whenever the document or the question
/// changes (state/verdicts.rs); a first visit's example (`clean_start`) is not asked about
/// until something changes.
pub fn verdicts(ctx: Ctx, worker: Shared, question: RwSignal<Option<Question>>, clean_start: bool) -> Verdicts {
    let verdicts = Verdicts::new(worker);
    Effect::new(move |prev: Option<()>| {
        let _ = ctx.revision.get();
        let q = question.get();
        if prev.is_some() || !clean_start || q.is_some() {
            verdicts.ask(ctx, q);
        }
    });
    verdicts
}

/// Autosave every change; a failure is said, never silent. A running simulation belongs to
/// the design as it was: it is reset. The open lesson is graded on every change of the
/// design, opening included (its `run` checks wait for Check or Run). While a lesson's
/// solution is recorded, an edit becomes its steps (a design opened is no edit).
pub fn autosave_and_grade(ctx: Ctx, sim: Sim, learn: Learn, author: crate::state::author::Author) {
    Effect::new(move |prev: Option<u64>| {
        let rev = ctx.revision.get();
        learn.grade(ctx, false);
        author.changed(ctx, !ctx.quiet.get_value());
        if prev.is_some_and(|p| p != rev) {
            if sim.live.with_value(|l| l.is_some()) {
                sim.stop(ctx);
                ctx.log(Key::SimReset, String::new());
            }
            // An edit. Not a design just opened (saved, or deliberately not, by whoever
            // opened it) or a version another tab saved (shown, not saved again).
            if !ctx.quiet.get_value() {
                // Editing a design opened from a link or an example keeps it: work is never lost.
                ctx.keep_linked();
                ctx.autosave();
            }
        }
        ctx.quiet.set_value(false);
        rev
    });
}

/// Badges and the reachability path follow the verdicts; any change redraws. The revision
/// is read too: an edit that leaves the verdicts as they were (a name, an AZ) changes the
/// drawing all the same (issue #13: the canvas kept the old name).
pub fn overlay(ctx: Ctx, verdicts: Verdicts) {
    let (diagnostics, answer) = (verdicts.diagnostics, verdicts.answer);
    Effect::new(move |_| {
        let list = diagnostics.get();
        let reach = answer.get();
        let _ = ctx.view_tick.get();
        let _ = ctx.revision.get();
        let lang = ctx.lang.get();
        ctx.editor.update_value(|e| {
            let mut overlay = match &reach {
                Some(Ok(r)) => panels::path_overlay(&e.doc.scenario, &e.scene, r),
                _ => Overlay::default(),
            };
            overlay.badges = panels::badges(&e.doc.scenario, &e.scene, &list);
            // The marquee is the gesture's (the simulation's numbers are the simulator's).
            overlay.marquee = e.overlay.marquee;
            overlay.lang = lang;
            e.overlay = overlay;
        });
        ctx.frames.redraw();
    });
}

/// Toasts fade after a while; `<html lang>` and the title follow the language; the page's
/// colours follow `data-theme`, and the canvas is redrawn in the new theme.
pub fn page_chrome(ctx: Ctx, dark: RwSignal<bool>) {
    Effect::new(move |_| {
        if ctx.toast_msg.get().is_some() {
            set_timeout(move || ctx.toast_msg.set(None), std::time::Duration::from_millis(6000));
        }
    });
    Effect::new(move |_| {
        let l = ctx.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", l.code());
        }
        document().set_title(tr(l, Key::DocumentTitle));
    });
    Effect::new(move |_| {
        let name = if dark.get() { "dark" } else { "light" };
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", name);
        }
        ctx.frames.redraw();
    });
}

/// Open the lesson a URL asks for (`?lesson=ID`); with a share link (`had_link`), on its
/// design. Outside an embed the lesson is open now: the parameter leaves the address, so a
/// reload restores the learner's design (kept once edited) instead of opening the lesson's
/// start again.
pub fn open_lesson_from_url(ctx: Ctx, learn: Learn, id: &str, had_link: bool) {
    learn.open_on(ctx, id, had_link);
    if !ctx.is_embedded() {
        if let (Ok(path), Ok(history)) = (window().location().pathname(), window().history()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}
