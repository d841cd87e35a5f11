//! Frame-time profiling for `cargo xtask bench`: the script work of each animation frame (input handlers since the last frame plus the drawing), recorded only while a benchmark asks for it.

use std::cell::RefCell;

#[derive(Default)]
struct Profile {
    on: bool,
    /// Handler time since the last frame, ms.
    pending_ms: f64,
    /// Script work of each finished frame, ms.
    frames: Vec<f64>,
}

thread_local! {
    static PROFILE: RefCell<Profile> = RefCell::new(Profile::default());
}

/// The page's monotonic clock, ms (0 where there is none).
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Start (clearing what was recorded) or stop recording.
pub fn set(on: bool) {
    PROFILE.with_borrow_mut(|p| *p = Profile { on, ..Profile::default() });
}

/// Whether frames are being recorded.
pub fn on() -> bool {
    PROFILE.with_borrow(|p| p.on)
}

/// An input handler took `ms`: it counts towards the next frame.
pub fn handler(ms: f64) {
    PROFILE.with_borrow_mut(|p| {
        if p.on {
            p.pending_ms += ms;
        }
    });
}

/// A frame was drawn in `ms`: record it with the handler time before it.
pub fn frame(ms: f64) {
    PROFILE.with_borrow_mut(|p| {
        if p.on && p.frames.len() < 100_000 {
            let total = p.pending_ms + ms;
            p.frames.push(total);
            p.pending_ms = 0.0;
        }
    });
}

/// The recorded frames, ms each, and forget them.
pub fn take() -> Vec<f64> {
    PROFILE.with_borrow_mut(|p| std::mem::take(&mut p.frames))
}
