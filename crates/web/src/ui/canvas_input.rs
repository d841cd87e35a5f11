//! The canvas's input: presses, drags, pinches, links and the wheel go to the editor (editor/session.rs), and what a gesture did is logged, said and redrawn; a file dropped on it opens, a palette item dropped on it is placed.

use crate::editor::session::{Editor, Outcome, Press};
use crate::i18n::Key;
use crate::platform::profile;
use crate::reactive::*;
use crate::state::lesson::Learn;
use crate::state::store::{Ctx, DRAG_TYPE};
use crate::ui::files;
use crate::ui::palette::drop_blueprint;
use crate::ui::simui::Sim;
use engine::connect::LinkKind;
use engine::model::NodeId;

/// Where a hover card or a context menu is (CSS px in the stage) and for which element.
pub type At = RwSignal<Option<(f64, f64, NodeId)>>;

/// The canvas's input handlers and what they share; `Copy`, so each listener takes it.
#[derive(Clone, Copy)]
pub struct Input {
    ctx: Ctx,
    canvas: NodeRef<web_sys::HtmlCanvasElement>,
    sim: Sim,
    learn: Learn,
    hover: At,
    menu: At,
    /// Space held: dragging pans whatever is under the pointer.
    space_down: StoredValue<bool>,
    /// The pointer's last move since the previous frame (applied once, in the frame).
    pending_move: StoredValue<Option<(f64, f64)>>,
    /// Pointers down on the canvas (fingers, pen, mouse): two at once pinch and pan.
    pointers: StoredValue<Vec<(i32, (f64, f64))>>,
}

/// A client point in CSS px from the canvas's top-left corner.
pub fn local_point(canvas: &web_sys::HtmlCanvasElement, client_x: i32, client_y: i32) -> (f64, f64) {
    let r = canvas.get_bounding_client_rect();
    (f64::from(client_x) - r.left(), f64::from(client_y) - r.top())
}

/// Apply the pointer's last move, if any, to the editor; whether the view changed.
pub fn flush_move(editor: StoredValue<Editor, LocalStorage>, pending_move: StoredValue<Option<(f64, f64)>>) -> bool {
    let at = pending_move.try_update_value(Option::take).flatten();
    at.is_some_and(|(x, y)| editor.try_update_value(|e| e.pointer_move(x, y)).unwrap_or(false))
}

impl Input {
    /// The handlers of the canvas `canvas`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        ctx: Ctx,
        canvas: NodeRef<web_sys::HtmlCanvasElement>,
        sim: Sim,
        learn: Learn,
        hover: At,
        menu: At,
        space_down: StoredValue<bool>,
        pending_move: StoredValue<Option<(f64, f64)>>,
    ) -> Input {
        Input { ctx, canvas, sim, learn, hover, menu, space_down, pending_move, pointers: StoredValue::new(Vec::new()) }
    }

    fn point(self, client_x: i32, client_y: i32) -> Option<(f64, f64)> {
        self.canvas.get_untracked().map(|c| local_point(&c, client_x, client_y))
    }

    fn redraw(self) {
        self.ctx.frames.redraw();
    }

    /// A pointer pressed.
    pub fn down(self, ev: web_sys::PointerEvent) {
        let (ctx, editor) = (self.ctx, self.ctx.editor);
        self.menu.set(None);
        // Left button edits; the middle button pans; others are the browser's.
        let middle = ev.button() == 1;
        if ev.button() != 0 && !middle {
            return;
        }
        ev.prevent_default();
        let Some(canvas) = self.canvas.get_untracked() else { return };
        let _ = canvas.set_pointer_capture(ev.pointer_id());
        let _ = canvas.focus();
        let (x, y) = local_point(&canvas, ev.client_x(), ev.client_y());
        self.pointers.update_value(|p| {
            p.retain(|(id, _)| *id != ev.pointer_id());
            p.push((ev.pointer_id(), (x, y)));
        });
        if let [(_, a), (_, b), ..] = self.pointers.get_value().as_slice() {
            editor.update_value(|e| e.pinch_start(*a, *b));
            return self.redraw();
        }
        if flush_move(editor, self.pending_move) {
            self.redraw();
        }
        let press = Press { shift: ev.shift_key(), pan: middle || self.space_down.get_value(), no_snap: ev.alt_key() };
        if editor.try_update_value(|e| e.pointer_down(x, y, press)).unwrap_or(false) {
            ctx.sync_selection();
            self.redraw();
        }
    }

    /// A pointer moved (timed for the benchmark's profile).
    pub fn moved(self, ev: web_sys::PointerEvent) {
        let start = if profile::on() { profile::now() } else { 0.0 };
        self.pointer_moved(ev);
        if profile::on() {
            profile::handler(profile::now() - start);
        }
    }

    fn pointer_moved(self, ev: web_sys::PointerEvent) {
        let editor = self.ctx.editor;
        let Some((x, y)) = self.point(ev.client_x(), ev.client_y()) else { return };
        // Hovering (no button) over a component shows its live numbers.
        if ev.buttons() == 0 && self.sim.live.with_value(|l| l.is_some()) {
            let under = editor.with_value(|e| {
                let (wx, wy) = e.camera.to_world(x, y);
                e.scene.icon_at(wx, wy).map(|i| i.id.clone())
            });
            self.hover.set(under.map(|id| (x, y, id)));
        }
        self.pointers.update_value(|p| {
            if let Some(slot) = p.iter_mut().find(|(id, _)| *id == ev.pointer_id()) {
                slot.1 = (x, y);
            }
        });
        if let [(_, a), (_, b), ..] = self.pointers.get_value().as_slice() {
            if editor.try_update_value(|e| e.pinch_move(*a, *b)).unwrap_or(false) {
                self.redraw();
            }
            return;
        }
        self.pending_move.set_value(Some((x, y)));
        self.ctx.frames.redraw_live();
    }

    /// A pointer released (or cancelled): the gesture ends and is reported.
    pub fn up(self, ev: web_sys::PointerEvent) {
        self.pointers.update_value(|p| p.retain(|(id, _)| *id != ev.pointer_id()));
        let Some((x, y)) = self.point(ev.client_x(), ev.client_y()) else { return };
        let editor = self.ctx.editor;
        flush_move(editor, self.pending_move);
        let outcome = editor.try_update_value(|e| e.pointer_up(x, y)).unwrap_or(Outcome::None);
        report(self.ctx, outcome);
        self.redraw();
    }

    /// The context menu of the element under the pointer (it is selected too).
    pub fn context_menu(self, ev: web_sys::MouseEvent) {
        ev.prevent_default();
        let Some((x, y)) = self.point(ev.client_x(), ev.client_y()) else { return };
        let under = self.ctx.editor.with_value(|e| {
            let (wx, wy) = e.camera.to_world(x, y);
            e.scene.icon_at(wx, wy).map(|i| i.id.clone()).or_else(|| e.scene.container_at(wx, wy).map(|c| c.id.clone()))
        });
        if let Some(id) = under {
            self.ctx.select(Some(id.clone()));
            self.menu.set(Some((x, y, id)));
        }
    }

    /// The wheel: zoom, or pan with a trackpad's sideways part or Shift.
    pub fn wheel(self, ev: web_sys::WheelEvent) {
        ev.prevent_default();
        let Some((x, y)) = self.point(ev.client_x(), ev.client_y()) else { return };
        // deltaMode 1 = lines (Firefox): about 16 px a line.
        let unit = if ev.delta_mode() == 1 { 16.0 } else { 1.0 };
        let (dx, dy) = (ev.delta_x() * unit, ev.delta_y() * unit);
        self.ctx.editor.update_value(|e| {
            // A trackpad pinch arrives as a wheel with Ctrl; a two-finger scroll has a
            // sideways part (or Shift, with a mouse): it pans. A plain wheel zooms.
            if ev.ctrl_key() || (dx == 0.0 && !ev.shift_key()) {
                e.wheel(x, y, dy);
            } else if ev.shift_key() && dx == 0.0 {
                e.scroll(dy, 0.0);
            } else {
                e.scroll(dx, dy);
            }
        });
        self.redraw();
    }

    /// Something dropped on the canvas: a file opens (a design, or a lesson), a palette
    /// item is placed where it fell.
    pub fn dropped(self, ev: web_sys::DragEvent) {
        ev.prevent_default();
        let ctx = self.ctx;
        if ctx.readonly() {
            return;
        }
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            return files::import_file(ctx, self.learn, file);
        }
        let Some(kind) = ev.data_transfer().and_then(|d| d.get_data(DRAG_TYPE).ok()).filter(|k| !k.is_empty()) else {
            return;
        };
        if kind == crate::render::users::PALETTE_KIND {
            return crate::ui::runui::add_users(ctx);
        }
        if let Some((x, y)) = self.point(ev.client_x(), ev.client_y()) {
            drop_blueprint(ctx, &kind, x, y, None);
        }
    }
}

/// What a gesture did, said in the log (or refused in a toast).
fn report(ctx: Ctx, outcome: Outcome) {
    match outcome {
        Outcome::None => ctx.say_lock_refusal(),
        Outcome::Selected(_) => ctx.sync_selection(),
        Outcome::Moved { id, to, count, reparented } => {
            let others = if count > 1 { format!(" (+{})", count - 1) } else { String::new() };
            ctx.log(Key::Moved, format!("{}{others} → ({:.0}, {:.0})", ctx.label(&id), to.x, to.y));
            for r in reparented {
                // What moved sits in one subnet: the one it went into.
                let subnet = ctx.editor.with_value(|e| {
                    e.doc.scenario.node(&r).and_then(|n| n.spec.subnets().first().cloned()).unwrap_or_else(|| r.clone())
                });
                ctx.log(Key::MovedIntoSubnet, format!("{} → {}", ctx.label(&r), ctx.label(&subnet)));
            }
            ctx.bump();
        }
        Outcome::Linked(Ok((from, to, kind))) => {
            let kind = match kind {
                LinkKind::Traffic => Key::LinkTraffic,
                LinkKind::Attachment => Key::LinkAttachment,
                LinkKind::Peering => Key::LinkPeering,
                LinkKind::Replication => Key::LinkReplication,
                LinkKind::DirectConnect => Key::LinkDirectConnect,
            };
            let (from, to) = (ctx.label(&from), ctx.label(&to));
            let how = engine::Msg::new(kind.code(), Vec::new());
            ctx.note_text(Key::Linked, engine::msg!("ui.log.linked", from = from, to = to, how = how));
            ctx.bump();
        }
        Outcome::Linked(Err(why)) => ctx.toast(why),
        Outcome::Resized { id, size } => {
            ctx.log(Key::Resized, format!("{} → {:.0} × {:.0}", ctx.label(&id), size.0, size.1));
            ctx.bump();
        }
    }
}
