//! Fuzz target `lesson`: feeds libFuzzer's bytes to `engine::fuzz::lesson` (lesson files read, saved, read back and graded; the body lives in the engine so plain `cargo test` replays saved inputs with the same code).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| engine::fuzz::lesson(data));
