//! The simulator's Web Worker seen from the page: started on the first Run (or fetched ahead when the browser is idle, or when the design's verdicts are first asked for), commands held until it says it is ready, every reply handed to its listeners, a failure to start reported, never silent.

use crate::reactive::{LocalStorage, StoredValue};
use simworker::wire::{Command, Reply};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where the worker's loader is when the page does not say (a build without `cargo xtask`'s
/// versioned names: `trunk serve` alone).
const DEFAULT_LOADER: &str = "./simworker_loader.js";

/// The loader of this build's worker: `cargo xtask build` names it after its contents and
/// writes the name into `<meta name="stratus-worker">`, so that a page never talks to a
/// worker of another build.
fn loader_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=stratus-worker]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| DEFAULT_LOADER.to_string())
}

/// One worker and its message handlers.
pub struct Bridge {
    worker: web_sys::Worker,
    ready: Rc<Cell<bool>>,
    queue: Rc<RefCell<Vec<JsValue>>>,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

impl Bridge {
    /// Start a worker; `on_reply` gets every reply after `Ready`, `on_error` a description
    /// when the worker cannot start or dies (offline without a cached copy, a panic).
    /// Boxed, not generic: one copy of this in the bundle for every caller (the canvas's
    /// simulation, the lesson grader, one-off calls).
    pub fn spawn(on_reply: Box<dyn Fn(Reply)>, on_error: Box<dyn Fn(String)>) -> Result<Bridge, String> {
        let worker = web_sys::Worker::new(&loader_url()).map_err(|e| format!("{e:?}"))?;
        let ready = Rc::new(Cell::new(false));
        let queue: Rc<RefCell<Vec<JsValue>>> = Rc::new(RefCell::new(Vec::new()));
        let on_message = {
            let (ready, queue, target) = (ready.clone(), queue.clone(), worker.clone());
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let Some(reply) = reply(&ev.data()) else { return };
                if reply == Reply::Ready {
                    ready.set(true);
                    for msg in queue.borrow_mut().drain(..) {
                        let _ = target.post_message(&msg);
                    }
                    return;
                }
                on_reply(reply);
            })
        };
        // A script that cannot be fetched fires a plain `Event`; an exception in the worker
        // (its module failed to load: the loader rethrows) an `ErrorEvent` with a message.
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            ev.prevent_default();
            let what =
                js_sys::Reflect::get(&ev, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_default();
            on_error(if what.is_empty() { "the simulator's worker did not start".into() } else { what });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Bridge { worker, ready, queue, _on_message: on_message, _on_error: on_error })
    }

    /// Send a command (held until the worker is ready).
    pub fn send(&self, cmd: &Command) {
        let (op, a, b, text) = cmd.to_parts();
        let msg: JsValue =
            js_sys::Array::of4(&JsValue::from(op), &JsValue::from(a), &JsValue::from(b), &JsValue::from_str(&text))
                .into();
        if self.ready.get() {
            let _ = self.worker.post_message(&msg);
        } else {
            self.queue.borrow_mut().push(msg);
        }
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// What hears a shared worker: every reply, and its failure.
#[derive(Clone)]
struct Listener {
    reply: Rc<dyn Fn(&Reply)>,
    error: Rc<dyn Fn(&str)>,
}

#[derive(Default)]
struct SharedState {
    bridge: Option<Bridge>,
    listeners: Vec<Listener>,
}

/// The page's one simulator worker, shared by the simulation (ui/simui.rs) and the design's
/// verdicts (state/verdicts.rs): one download and one instance for both. Each listener hears
/// every reply and every failure; after a failure the next `start` spawns a new worker.
#[derive(Clone, Copy)]
pub struct Shared(StoredValue<SharedState, LocalStorage>);

impl Shared {
    /// No worker yet.
    pub fn new() -> Shared {
        Shared(StoredValue::new_local(SharedState::default()))
    }

    /// Hear every reply (`Ready` aside) and every failure of the worker, this one and any
    /// started later.
    pub fn listen(self, on_reply: impl Fn(&Reply) + 'static, on_error: impl Fn(&str) + 'static) {
        let l = Listener { reply: Rc::new(on_reply), error: Rc::new(on_error) };
        self.0.update_value(|s| s.listeners.push(l));
    }

    /// Whether a worker is started (it may still be loading).
    pub fn started(self) -> bool {
        self.0.with_value(|s| s.bridge.is_some())
    }

    /// Start the worker if none is; `Err` says why it cannot start.
    pub fn start(self) -> Result<(), String> {
        if self.started() {
            return Ok(());
        }
        // The listeners are copied out before they are called: a listener may send, start
        // or listen in turn.
        let listeners = move || self.0.try_with_value(|s| s.listeners.clone()).unwrap_or_default();
        let bridge = Bridge::spawn(
            Box::new(move |reply| {
                for l in listeners() {
                    (l.reply)(&reply);
                }
            }),
            Box::new(move |why| {
                // Taken out and dropped after this handler returns (not from inside it).
                let dead = self.0.try_update_value(|s| s.bridge.take()).flatten();
                wasm_bindgen_futures::spawn_local(async move { drop(dead) });
                for l in listeners() {
                    (l.error)(&why);
                }
            }),
        )?;
        self.0.update_value(|s| s.bridge = Some(bridge));
        Ok(())
    }

    /// Send a command to the worker (nothing if none is started).
    pub fn send(self, cmd: &Command) {
        self.0.with_value(|s| {
            if let Some(b) = &s.bridge {
                b.send(cmd);
            }
        });
    }
}

impl Default for Shared {
    fn default() -> Shared {
        Shared::new()
    }
}

/// `[kind, Float64Array, text]` from the worker; anything else is ignored.
fn reply(data: &JsValue) -> Option<Reply> {
    let parts: js_sys::Array = data.clone().dyn_into().ok()?;
    let kind = parts.get(0).as_f64()?;
    let nums = parts.get(1).dyn_into::<js_sys::Float64Array>().map(|a| a.to_vec()).unwrap_or_default();
    let text = parts.get(2).as_string().unwrap_or_default();
    if !(0.0..=255.0).contains(&kind) {
        return None;
    }
    Reply::from_parts(kind as u8, nums, text)
}

/// Run one command in a worker of its own and resolve with its answer's text (`null` if
/// the worker refused or failed): the benchmarks and determinism checks, which must not
/// disturb the simulation on the canvas.
pub fn call(cmd: Command) -> js_sys::Promise {
    js_sys::Promise::new(&mut move |resolve: js_sys::Function, _reject| {
        let slot: Rc<RefCell<Option<Bridge>>> = Rc::new(RefCell::new(None));
        let settle = {
            let (slot, resolve) = (slot.clone(), resolve.clone());
            move |value: JsValue| {
                let _ = resolve.call1(&JsValue::NULL, &value);
                // Dropped after this handler returns (not from inside it).
                let slot = slot.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    slot.borrow_mut().take();
                });
            }
        };
        let settle_err = settle.clone();
        let bridge = Bridge::spawn(
            Box::new(move |r| match r {
                Reply::Result(text) => settle(JsValue::from_str(&text)),
                _ => settle(JsValue::NULL),
            }),
            Box::new(move |_| settle_err(JsValue::NULL)),
        );
        match bridge {
            Ok(b) => {
                b.send(&cmd);
                *slot.borrow_mut() = Some(b);
            }
            Err(_) => {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
            }
        }
    })
}
