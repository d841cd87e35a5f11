//! Fuzz target `reach`: feeds libFuzzer's bytes to `engine::fuzz::reach` (the body lives in the engine so plain `cargo test` replays saved inputs with the same code).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| engine::fuzz::reach(data));
