//! Replays every input the fuzzers ever found failing (fuzz/regressions/<target>/, filed by `cargo xtask fuzz`) through the same target bodies, so plain `cargo test` keeps each bug fixed.
//!
//! A replay fails if the target panics, or if one input takes longer than `BUDGET`: a
//! coarse stand-in for libFuzzer's `-timeout` in an unoptimised test build. Memory is
//! not measured here (no allocator hooks without `unsafe`); `cargo xtask fuzz` watches it.

use std::path::Path;
use std::time::{Duration, Instant};

/// Longest one replayed input may take in a debug build (libFuzzer's limit is 10 s on an
/// optimised build; a debug build is several times slower).
const BUDGET: Duration = Duration::from_secs(60);

#[test]
fn every_saved_fuzz_finding_stays_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let mut replayed = 0;
    for (target, body) in engine::fuzz::TARGETS {
        let Ok(dir) = std::fs::read_dir(root.join(target)) else { continue };
        let mut files: Vec<_> = dir.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
        #[allow(clippy::disallowed_methods)] // native test: bundle size does not apply
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            // Named before running, so a panic's output says which input it was.
            eprintln!("replaying {}", file.display());
            #[allow(clippy::disallowed_methods)] // native test: wall time is the budget
            let started = Instant::now();
            body(&data);
            let took = started.elapsed();
            assert!(took <= BUDGET, "{}: took {took:?}, over the {BUDGET:?} budget", file.display());
            replayed += 1;
        }
    }
    eprintln!("{replayed} saved fuzz inputs replayed");
}

/// The seeds the fuzzers start from pass too (the same examples other tests load, but
/// through the fuzz bodies: their round-trip and budget assertions included).
#[test]
fn the_built_in_examples_pass_every_target() {
    for (name, text) in engine::scenarios::BUILT_IN {
        for (target, body) in engine::fuzz::TARGETS {
            eprintln!("{target}: {name}");
            body(text.as_bytes());
        }
        let mut reach = vec![0u8, 1, 0, 0xbb, 0x01];
        reach.extend_from_slice(text.as_bytes());
        engine::fuzz::reach(&reach);
    }
    for (name, text) in engine::lesson::BUILT_IN {
        eprintln!("lesson: {name}");
        engine::fuzz::lesson(text.as_bytes());
        // As a link (its design inside, as the app makes them), whole and cut short.
        let mut lesson = engine::lesson::Lesson::from_json(text).unwrap();
        let start = lesson.start_design().unwrap();
        lesson.start =
            engine::lesson::Start { example: None, design: serde_json::to_value(&start).ok(), changes: vec![] };
        let link = format!("#{}", engine::lesson::link::encode(&lesson).unwrap());
        eprintln!("lesson_link: {name}");
        engine::fuzz::lesson_link(link.as_bytes());
        engine::fuzz::lesson_link(&link.as_bytes()[..link.len() / 2]);
    }
}
