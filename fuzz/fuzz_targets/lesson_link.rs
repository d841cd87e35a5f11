//! Fuzz target `lesson_link`: feeds libFuzzer's bytes to `engine::fuzz::lesson_link` (lesson links decoded, and the bytes a browser would decompress read as a lesson; the body lives in the engine so plain `cargo test` replays saved inputs with the same code).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| engine::fuzz::lesson_link(data));
