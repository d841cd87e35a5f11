//! The engine's verdicts on the design in view, its diagnostics and the Reachability panel's answer, worked out in a worker of their own (simworker's `analyse`): the rules and the packet walk are not in the page's first load.
//!
//! After each change of the design or of the question the page sends the design; one
//! request is in flight at a time, and changes made meanwhile are sent as one when its
//! answer is in (typing in a field does not queue a request per key). A first visit's
//! example is known to have no diagnostics (a test keeps it so): the worker is started
//! only when the design changes or a question is asked.

use crate::platform::worker::Shared;
use crate::reactive::*;
use crate::state::store::Ctx;
use engine::validate::Diagnostic;
use engine::Msg;
use simworker::analyse::Walk;
use simworker::analyse::{AnalyseRequest, Analysis, Question};
use simworker::wire::{Command, Reply};

/// What only the code needs.
#[derive(Default)]
struct Inner {
    /// The verdicts listen to the worker's replies.
    listening: bool,
    /// An answer came from the worker since it was (re)started.
    /// The latest request's number.
    seq: u32,
    /// A request was sent and its answer is not in yet.
    in_flight: bool,
    /// The request to send when the one in flight is answered (only the latest is kept).
    next: Option<String>,
    heard: bool,
    /// The worker could not start: said once, not retried on every edit.
    failed: bool,
    /// The question of the latest request.
    question: Option<Question>,
}

/// The verdicts; `Copy`, read by the canvas, the inspector and the panels.
#[derive(Clone, Copy)]
pub struct Verdicts {
    /// The design's diagnostics, as of the latest answer.
    pub diagnostics: RwSignal<Vec<Diagnostic>>,
    /// The answer to the Reachability panel's question (`None`: no question, or its
    /// answer is not in yet).
    pub answer: RwSignal<Option<Result<Walk, Msg>>>,
    inner: StoredValue<Inner, LocalStorage>,
    worker: Shared,
}

impl Verdicts {
    /// No verdicts yet; `worker` is the page's simulator worker, which works them out.
    pub fn new(worker: Shared) -> Verdicts {
        Verdicts {
            diagnostics: RwSignal::new(Vec::new()),
            answer: RwSignal::new(None),
            inner: StoredValue::new_local(Inner::default()),
            worker,
        }
    }

    /// Ask about the design in view and `question` (the worker is started on the first
    /// call).
    pub fn ask(self, ctx: Ctx, question: Option<Question>) {
        let Some(design) = ctx.editor.try_with_value(|e| e.doc.scenario.to_json()) else { return };
        let request = AnalyseRequest { design, question: question.clone() }.to_json();
        let changed_question = self.inner.with_value(|i| i.question != question);
        if changed_question {
            // An answer to another question must not stand under this one.
            self.answer.set(None);
        }
        // A worker someone started again since it failed (Run tries again) is asked too.
        let restarted = self.worker.started();
        let send_now = self.inner.try_update_value(|i| {
            i.question = question;
            if i.failed && restarted {
                i.failed = false;
            }
            if i.failed {
                return false;
            }
            if i.in_flight {
                i.next = Some(request.clone());
                return false;
            }
            true
        });
        if send_now == Some(true) {
            self.send(ctx, request);
        }
    }

    fn send(self, ctx: Ctx, request: String) {
        if !self.inner.with_value(|i| i.listening) {
            self.inner.update_value(|i| i.listening = true);
            self.worker.listen(move |reply| self.answered(ctx, reply), move |why| self.worker_failed(ctx, why));
        }
        if let Err(why) = self.worker.start() {
            return self.worker_failed(ctx, &why);
        }
        let seq = self.inner.try_update_value(|i| {
            i.seq = i.seq.wrapping_add(1);
            i.in_flight = true;
            i.seq
        });
        if let Some(seq) = seq {
            self.worker.send(&Command::Analyze { seq, request });
        }
    }

    /// The worker could not start, or died. One that never answered (offline before it was
    /// ever fetched) is not tried again on every edit; one that did (a simulation that
    /// broke it) is started again by the next change.
    fn worker_failed(self, ctx: Ctx, why: &str) {
        let never_heard = self.inner.try_update_value(|i| {
            i.in_flight = false;
            i.next = None;
            i.failed = !i.heard;
            i.heard = false;
            i.failed
        });
        if never_heard == Some(true) {
            ctx.toast(not_started(why));
        }
    }

    fn answered(self, ctx: Ctx, reply: &Reply) {
        let Reply::Result(text) = reply else { return };
        let Some(analysis) = Analysis::from_json(text) else { return };
        let Some((latest, next)) = self.inner.try_update_value(|i| {
            i.in_flight = false;
            i.heard = true;
            (i.seq, i.next.take())
        }) else {
            return;
        };
        if analysis.seq == latest {
            if let Some(why) = &analysis.refused {
                // The page's own design always reads; a refusal is a bug worth seeing.
                crate::platform::page::warn(&format!("Stratus: the analysis refused the design: {}", why.english()));
            }
            // Set only when different: an edit that leaves the verdicts as they were
            // re-renders nothing that reads them.
            if self.diagnostics.with_untracked(|d| *d != analysis.diagnostics) {
                self.diagnostics.set(analysis.diagnostics);
            }
            // With a newer request waiting, the answer may be to a question no longer
            // asked: only the newer one's answer is shown.
            if next.is_none() && self.answer.with_untracked(|a| *a != analysis.reach) {
                self.answer.set(analysis.reach);
            }
        }
        if let Some(request) = next {
            self.send(ctx, request);
        }
    }
}

/// Said when the worker cannot start (offline before it was ever fetched, a broken
/// build): the design is safe, only its checks are missing.
fn not_started(why: &str) -> Msg {
    engine::msg!("ui.checker.not_started", why = why)
}
