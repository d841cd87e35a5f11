//! The page's lazily loaded parts: each `#[wasm_split(chunk)]` function, and the code only it
//! reaches, is moved by wasm-split into its own wasm chunk, fetched the first time it is called.

use crate::i18n::Lang;
use crate::reactive::{Owner, RwSignal};
use crate::state::store::Ctx;
use engine::validate::Diagnostic;
#[cfg(feature = "split")]
use wasm_split_helpers::wasm_split;
use wasm_split_helpers::SplitLoaderError;

/// Each split point: with the `split` feature (the page's build), a `#[wasm_split]` function
/// whose chunk is fetched on its first call; without it (tests, other builds), the same
/// async function with its body here.
macro_rules! split_point {
    ($(#[$doc:meta])* pub fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty $body:block) => {
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[wasm_split(inspector, fallible)]
        pub fn $name($($arg: $ty),*) -> $out $body

        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        pub async fn $name($($arg: $ty),*) -> $out $body
    };
}

split_point! {
    /// The inspector's form of the selection (ui/inspector), with the owner of its effects.
    /// Every split point is `fallible`: a chunk that cannot be fetched (offline before it was
    /// cached, a flaky network) is an `Err` the caller says, never a panic (which would end
    /// the app); the next call fetches again.
    pub fn inspector_form(ctx: Ctx, diagnostics: RwSignal<Vec<Diagnostic>>, l: Lang) -> Result<(web_sys::Element, Owner), SplitLoaderError> {
        Ok(crate::reactive::owned(|| ctx.editor.with_value(|e| crate::ui::inspector::inspector(ctx, e, diagnostics, l))))
    }
}

split_point! {
    /// A control of the inspector's form changed, or a button of it was pressed.
    pub fn inspector_event(ctx: Ctx, ev: web_sys::Event) -> Result<(), SplitLoaderError> {
        crate::ui::inspector::on_event(ctx, ev);
        Ok(())
    }
}

split_point! {
    /// Nothing: calling it loads the inspector's chunk. Done when the browser is idle after
    /// the first touch (simui.rs, with the simulator's worker), so that the design's form,
    /// which stays in the main module but hands its edits to `inspector_event`, applies an
    /// edit at once, and the first selection shows its form without a fetch.
    pub fn warm() -> Result<(), SplitLoaderError> {
        Ok(())
    }
}

/// Load the inspector's chunk now (in the background).
pub fn prefetch() {
    // A failed prefetch is tried again by the first selection, which says so if it fails too.
    wasm_bindgen_futures::spawn_local(async {
        let _ = warm().await;
    });
}

/// An inspector event handed to the chunk; if the chunk cannot be fetched, the person is told
/// (the edit is not made, the design is untouched).
pub fn send_event(ctx: Ctx, ev: web_sys::Event) {
    wasm_bindgen_futures::spawn_local(async move {
        if inspector_event(ctx, ev).await.is_err() {
            ctx.toast(engine::msg!("ui.inspector.not_loaded"));
        }
    });
}
