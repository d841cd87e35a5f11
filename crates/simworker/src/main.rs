//! The simulator's Web Worker: a second wasm module, fetched on the first Run, never part of the first load. Natively this binary does nothing.

fn main() {
    #[cfg(target_arch = "wasm32")]
    simworker::entry::start();
}
