//! Fuzz target `worker`: the simulator's worker protocol (crates/simworker): a frame the page decodes (`Tables::decode`), the verdicts' answers it reads (`Analysis::from_json`), a lesson's trial the authoring desk reads (`Authored::from_json`), and a sequence of commands the worker answers (`Worker::handle`), which must never panic whatever arrives.
#![no_main]

use simworker::wire::{Command, Tables};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // A frame: numbers from the first bytes (8 each), JSON tables from the rest.
    let split = data.len().min(8 * (data.first().copied().unwrap_or(0) as usize % 64));
    let nums: Vec<f64> = data[..split].chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().unwrap())).collect();
    let text = String::from_utf8_lossy(&data[split..]);
    let _ = Tables::default().decode(&nums, &text);
    // The page's reader of the verdicts' answers, and the desk's of a trial's.
    let _ = simworker::analyse::Analysis::from_json(&text);
    let _ = simworker::author::Authored::from_json(&text);
    // Commands: [op, a (8 bytes), b (8 bytes), text length, text]... over a worker whose
    // first command loads a small design, so that the others reach a simulation.
    let mut worker = simworker::Worker::default();
    let design = include_str!("../../scenarios/first-web-server.json").to_string();
    let _ = worker.handle(Command::Load { run: 1, speed: 10.0, scenario: design }, &|| 0.0);
    let mut rest = data;
    while rest.len() >= 18 {
        let op = rest[0];
        let a = f64::from_le_bytes(rest[1..9].try_into().unwrap());
        let b = f64::from_le_bytes(rest[9..17].try_into().unwrap());
        let n = (rest[17] as usize).min(rest.len() - 18);
        let text = String::from_utf8_lossy(&rest[18..18 + n]).into_owned();
        rest = &rest[18 + n..];
        let Some(cmd) = Command::from_parts(op, a, b, text) else { continue };
        // Benchmarks run a design to its end on purpose: not an input a page can send.
        if matches!(cmd, Command::Bench { .. } | Command::Mmc(_)) {
            continue;
        }
        let _ = worker.handle(cmd, &|| 0.0);
    }
});
