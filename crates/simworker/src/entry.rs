//! The worker's wasm entry: takes commands from `postMessage` as `[op, a, b, text]`, answers `[kind, Float64Array, text]`; all the logic is in `Worker::handle`.

use crate::wire::{Command, Reply};
use crate::Worker;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Install the message handler and tell the page the worker is ready.
pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let state = Rc::new(RefCell::new(Worker::default()));
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let Some(cmd) = command(&ev.data()) else { return };
        let clock = {
            let scope = reply_to.clone();
            move || scope.performance().map(|p| p.now()).unwrap_or(0.0)
        };
        let bench = matches!(cmd, Command::Bench { .. });
        let mut reply = state.borrow_mut().handle(cmd, &clock);
        if let (true, Some(Reply::Result(text))) = (bench, reply.as_mut()) {
            // The browser half of `cargo xtask bench` also reports the worker's memory.
            if let Ok(serde_json::Value::Object(mut v)) = serde_json::from_str::<serde_json::Value>(text) {
                v.insert("wasm_memory_mib".into(), memory_mib().into());
                *text = serde_json::Value::Object(v).to_string();
            }
        }
        if let Some(reply) = reply {
            post(&reply_to, &reply);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its page (or until the page terminates it).
    on_message.forget();
    post(&scope, &Reply::Ready);
}

/// `[op, a, b, text]` from the page; anything else is ignored.
fn command(data: &JsValue) -> Option<Command> {
    let parts: js_sys::Array = data.clone().dyn_into().ok()?;
    let op = parts.get(0).as_f64()?;
    let a = parts.get(1).as_f64().unwrap_or(0.0);
    let b = parts.get(2).as_f64().unwrap_or(0.0);
    let text = parts.get(3).as_string().unwrap_or_default();
    if !(0.0..=255.0).contains(&op) {
        return None;
    }
    Command::from_parts(op as u8, a, b, text)
}

/// The worker module's linear memory, MiB.
fn memory_mib() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| f64::from(m.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length()) / 1_048_576.0)
        .unwrap_or(0.0)
}

fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    let (kind, nums, text) = reply.to_parts();
    let numbers = js_sys::Float64Array::from(nums.as_slice());
    let message = js_sys::Array::of3(&JsValue::from(kind), &numbers, &JsValue::from_str(&text));
    // The numbers' buffer is handed over, not copied.
    let transfer = js_sys::Array::of1(&numbers.buffer());
    let _ = scope.post_message_with_transfer(&message, &transfer);
}
