//! Fuzz target `validate`: feeds libFuzzer's bytes to `engine::fuzz::validate` (the body lives in the engine so plain `cargo test` replays saved inputs with the same code).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| engine::fuzz::validate(data));
