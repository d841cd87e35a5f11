//! `cargo xtask fuzz`: builds the cargo-fuzz targets on the stable toolchain (`-s none`), writes a seed corpus from the built-in examples, runs each target under time and memory watchdogs, and files every crashing or budget-blowing input under fuzz/regressions/ where plain `cargo test` replays it.
//!
//! Layout (docs/reliability.md): fuzz/fuzz_targets/*.rs (bodies in engine::fuzz),
//! fuzz/seeds/<target>/ (generated here, not committed), fuzz/corpus/<target>/ (what the
//! fuzzer learnt; kept between runs on one machine, not committed), fuzz/regressions/<target>/
//! (committed: every input that ever failed).

use crate::tools::{cmd, output, run};
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// The targets, in the order they run.
pub const TARGETS: &[&str] = &["load", "validate", "reach", "sim", "share", "embed", "worker", "lesson", "lesson_link"];

/// Seconds of fuzzing, all targets together, inside `cargo xtask test`: bounded so the
/// whole CI run (90-minute limit, ~35 min today) keeps its margin. Split evenly.
pub const TEST_BUDGET_S: u64 = 180;

/// Seconds per target for `cargo xtask fuzz` without `--seconds`.
pub const LONG_BUDGET_S: u64 = 600;

/// A single input slower than this is a "timeout" finding (libFuzzer `-timeout`).
const INPUT_TIMEOUT_S: u64 = 10;

/// Resident memory above this is an "oom" finding (libFuzzer `-rss_limit_mb`, also the
/// cap on any single allocation via `-malloc_limit_mb`).
const RSS_LIMIT_MB: u64 = 2048;

/// cargo-fuzz version installed when missing.
const CARGO_FUZZ: &str = "cargo-fuzz@0.13.2";

/// Measured outcome of one target's run.
pub struct Outcome {
    pub target: &'static str,
    /// Measured wall time (a run that finds a failure stops early).
    pub seconds: u64,
    pub runs: u64,
    pub execs_per_s: u64,
    /// The slowest single input, s, and the peak resident memory, MB (libFuzzer's stats).
    pub slowest_s: u64,
    pub peak_rss_mb: u64,
    pub new_findings: Vec<PathBuf>,
}

/// `cargo xtask fuzz [--seconds N] [TARGET...]`.
pub fn command(args: &[String]) -> Result<(), String> {
    let mut seconds = LONG_BUDGET_S;
    let mut targets: Vec<&'static str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--seconds" {
            let n = it.next().ok_or("--seconds takes a number")?;
            seconds = n.parse().map_err(|_| format!("--seconds takes a number, not '{n}'"))?;
        } else if let Some(t) = TARGETS.iter().find(|t| **t == a.as_str()) {
            targets.push(t);
        } else {
            return Err(format!("unknown fuzz target '{a}' (targets: {})", TARGETS.join(", ")));
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    let outcomes = fuzz(&targets, seconds)?;
    report(&outcomes)
}

/// The bounded run of `cargo xtask test`: `TEST_BUDGET_S` over all targets.
pub fn bounded() -> Result<String, String> {
    let per_target = (TEST_BUDGET_S / TARGETS.len() as u64).max(1);
    let outcomes = fuzz(TARGETS, per_target)?;
    report(&outcomes)?;
    let runs: u64 = outcomes.iter().map(|o| o.runs).sum();
    let seconds: u64 = outcomes.iter().map(|o| o.seconds).sum();
    Ok(format!("{runs} inputs in {seconds} s, no findings"))
}

fn report(outcomes: &[Outcome]) -> Result<(), String> {
    println!("\n== fuzz: summary");
    for o in outcomes {
        println!(
            "  {:<9} {:>5} s {:>10} runs {:>7} exec/s  slowest input {:>2} s  peak {:>5} MB  {}",
            o.target,
            o.seconds,
            o.runs,
            o.execs_per_s,
            o.slowest_s,
            o.peak_rss_mb,
            if o.new_findings.is_empty() { "ok".to_string() } else { format!("{} finding(s)", o.new_findings.len()) }
        );
    }
    let found: Vec<String> =
        outcomes.iter().flat_map(|o| o.new_findings.iter().map(|p| p.display().to_string())).collect();
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the fuzzers found {} failing input(s), saved as regression tests (commit them, then fix):\n  {}\nreproduce one with: cargo test -p engine --test fuzz_regressions (or cargo fuzz run -s none TARGET FILE in fuzz/)",
            found.len(),
            found.join("\n  ")
        ))
    }
}

/// Install cargo-fuzz if missing, build the targets, write the seeds, run each target.
fn fuzz(targets: &[&'static str], seconds: u64) -> Result<Vec<Outcome>, String> {
    install()?;
    let dir = crate::root().join("fuzz");
    // `-s none`: no sanitizer, so no `-Z` flag: the stable toolchain builds it. Rust's own
    // checks (bounds, overflow, debug assertions) still turn bugs into panics.
    run(cmd("cargo").args(["fuzz", "build", "-s", "none"]).current_dir(&dir))?;
    write_seeds(&dir)?;
    targets.iter().map(|t| run_one(&dir, t, seconds)).collect()
}

fn install() -> Result<(), String> {
    if output(cmd("cargo").args(["fuzz", "--version"])).is_some() {
        return Ok(());
    }
    println!("installing {CARGO_FUZZ} from crates.io (a few minutes, once)");
    // --debug: its own speed does not matter (the targets are built in release).
    run(cmd("cargo").args(["install", "--debug", "--locked", CARGO_FUZZ]))
}

fn run_one(dir: &Path, target: &'static str, seconds: u64) -> Result<Outcome, String> {
    let corpus = dir.join("corpus").join(target);
    let artifacts = dir.join("artifacts").join(target);
    for d in [&corpus, &artifacts] {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let before = listing(&artifacts);
    let mut c = cmd("cargo");
    c.args(["fuzz", "run", "-s", "none", target])
        .arg(&corpus)
        .arg(dir.join("seeds").join(target))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-timeout={INPUT_TIMEOUT_S}"))
        .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
        .arg(format!("-malloc_limit_mb={RSS_LIMIT_MB}"))
        // Documents are JSON of a few KB; the largest built-in example is ~9 KB.
        .arg("-max_len=65536")
        .arg("-print_final_stats=1")
        .current_dir(dir)
        .stderr(Stdio::piped());
    println!("$ cargo fuzz run -s none {target} ... -max_total_time={seconds}");
    #[allow(clippy::disallowed_methods)] // native build tool: wall time of the run, for the summary
    let started = std::time::Instant::now();
    let out = c.output().map_err(|e| format!("could not start cargo fuzz: {e}"))?;
    let elapsed = started.elapsed().as_secs();
    let log = String::from_utf8_lossy(&out.stderr);
    let stat = |name: &str| -> u64 {
        log.lines()
            .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    };
    let new_findings: Vec<PathBuf> = listing(&artifacts).into_iter().filter(|p| !before.contains(p)).collect();
    let kept = keep_as_regressions(dir, target, &new_findings)?;
    if !out.status.success() && kept.is_empty() {
        // Failed without leaving an input: a build or set-up problem. Show the end of the log.
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        return Err(format!(
            "fuzz target {target} failed ({}):\n{}",
            out.status,
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    if !kept.is_empty() {
        // The fuzzer's own account of the failure (panic message, stack).
        eprintln!(
            "{}",
            log.lines().rev().take(60).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    Ok(Outcome {
        target,
        seconds: elapsed,
        runs: stat("number_of_executed_units"),
        execs_per_s: stat("average_exec_per_sec"),
        slowest_s: stat("slowest_unit_time_sec"),
        peak_rss_mb: stat("peak_rss_mb"),
        new_findings: kept,
    })
}

fn listing(d: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(d).map(|r| r.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    #[allow(clippy::disallowed_methods)] // native build tool: not in the wasm bundle
    v.sort();
    v
}

/// Copy each crash, timeout, oom or leak input to fuzz/regressions/<target>/, where plain
/// `cargo test` replays it from now on.
fn keep_as_regressions(dir: &Path, target: &str, found: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let dest = dir.join("regressions").join(target);
    let mut kept = Vec::new();
    for f in found {
        let Some(name) = f.file_name() else { continue };
        if !["crash-", "timeout-", "oom-", "leak-", "slow-unit-"].iter().any(|p| name.to_string_lossy().starts_with(p))
        {
            continue;
        }
        std::fs::create_dir_all(&dest).map_err(|e| format!("{}: {e}", dest.display()))?;
        let to = dest.join(name);
        std::fs::copy(f, &to).map_err(|e| format!("{} -> {}: {e}", f.display(), to.display()))?;
        kept.push(to);
    }
    Ok(kept)
}

/// The seed corpus, from the built-in examples: the documents themselves (load, validate,
/// sim), with node-pair prefixes (reach), as share links (share) and inside embed
/// messages and query strings (embed); and the built-in lessons (lesson).
fn write_seeds(dir: &Path) -> Result<(), String> {
    let seeds = dir.join("seeds");
    let _ = std::fs::remove_dir_all(&seeds);
    let write = |target: &str, name: &str, bytes: &[u8]| -> Result<(), String> {
        let d = seeds.join(target);
        std::fs::create_dir_all(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        std::fs::write(d.join(name), bytes).map_err(|e| format!("{name}: {e}"))
    };
    let examples = listing(&crate::root().join("scenarios"));
    for path in examples.iter().filter(|p| p.extension().is_some_and(|x| x == "json")) {
        let name = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
        let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for target in ["load", "validate", "sim"] {
            write(target, &name, &text)?;
        }
        // reach: from-node, to-node, protocol, port (little-endian), then the document.
        for (i, prefix) in
            [[0u8, 1, 0, 0xbb, 0x01], [3, 7, 0, 80, 0], [5, 2, 1, 53, 0], [1, 9, 2, 0, 0]].iter().enumerate()
        {
            write("reach", &format!("{name}-{i}"), &[&prefix[..], &text].concat())?;
        }
        let link = output(cmd("cargo").args(["run", "-q", "-p", "cli", "--", "link"]).arg(path))
            .ok_or_else(|| format!("stratus link {} failed", path.display()))?;
        write("share", &name, link.as_bytes())?;
        let fragment = link.trim_start_matches('#');
        let doc = String::from_utf8_lossy(&text);
        write(
            "embed",
            &format!("{name}-link"),
            format!(r##"{{"type":"stratus:load","id":"q1","link":"#{fragment}"}}"##).as_bytes(),
        )?;
        write(
            "embed",
            &format!("{name}-scenario"),
            format!(r#"{{"type":"stratus:load","id":2,"scenario":{doc}}}"#).as_bytes(),
        )?;
    }
    // lesson: the built-in lessons; lesson_link: each as a link, its design inside, and
    // the same link cut short and of a newer version.
    for path in listing(&crate::root().join("lessons")).iter().filter(|p| p.extension().is_some_and(|x| x == "json")) {
        let name = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
        let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        write("lesson", &name, &text)?;
        let link = lesson_link(&String::from_utf8_lossy(&text)).map_err(|e| format!("{}: {e}", path.display()))?;
        write("lesson_link", &name, link.as_bytes())?;
        write("lesson_link", &format!("{name}-cut"), &link.as_bytes()[..link.len() / 2])?;
        write("lesson_link", &format!("{name}-l9"), link.replacen("#l1:", "#l9:", 1).as_bytes())?;
    }
    // worker: a first byte of 0 (no frame numbers), then commands [op, a, b, text length,
    // text] over the first web server: run, ticks, a crash, a step, repair, stop, unload,
    // and a design's verdicts with a reachability question.
    let command = |op: u8, a: f64, b: f64, text: &str| -> Vec<u8> {
        let text = &text.as_bytes()[..text.len().min(255)];
        [&[op][..], &a.to_le_bytes(), &b.to_le_bytes(), &[text.len() as u8], text].concat()
    };
    let session: Vec<u8> = [
        vec![0u8],
        command(2, 1.0, 0.0, ""),
        command(3, 1000.0, 0.0, ""),
        command(4, 0.0, 0.0, ""),
        command(4, 16.7, 0.0, ""),
        command(6, 0.0, 0.0, r#"{"fault":"instance_crash","target":"i-web"}"#),
        command(4, 50.0, 0.0, ""),
        command(5, 60.0, 0.0, ""),
        command(8, 0.0, 0.0, ""),
        command(7, 0.0, 0.0, "i-web"),
        command(7, 2.0, 0.0, "i-web"),
        command(9, 0.0, 0.0, ""),
        command(14, 1.0, 0.0, ANALYZE_SEED),
    ]
    .concat();
    write("worker", "session", &session)?;
    for (i, q) in [
        "?embed=1&readonly&autoplay&faults=0&lang=ko&theme=dark#v1:xyz",
        "?embed=1&origin=https%3A%2F%2Fnotes.example,http://[::1]:8080&origin=HTTPS://A.TEST:443/",
        r#"{"type":"stratus:export","id":"7"}"#,
    ]
    .iter()
    .enumerate()
    {
        write("embed", &format!("hand-{i}"), q.as_bytes())?;
    }
    Ok(())
}

/// The link (`#l1:…`) of a lesson file, its starting design made inline (as the app's
/// authoring panel makes links).
fn lesson_link(text: &str) -> Result<String, String> {
    let mut lesson = engine::lesson::Lesson::from_json(text).map_err(|e| e.to_string())?;
    let start = lesson.start_design().map_err(|e| e.to_string())?;
    lesson.start = engine::lesson::Start { example: None, design: serde_json::to_value(&start).ok(), changes: vec![] };
    engine::lesson::link::encode(&lesson)
        .map(|f| format!("#{f}"))
        .map_err(|e| engine::lesson::link::message(&e).english())
}

/// A verdicts request (`Command::Analyze`) short enough for the worker seed's one-byte text
/// length: a VPC and a question about it (simworker's `a_small_request_is_read` reads the same).
pub const ANALYZE_SEED: &str = r#"{"design":"{\"format\":1,\"name\":\"a\",\"nodes\":[{\"id\":\"r\",\"kind\":\"region\",\"code\":\"us-east-1\"},{\"id\":\"v\",\"kind\":\"vpc\",\"region\":\"r\",\"cidr\":\"10.0.0.0/16\"}]}","question":{"from":"v","to":"r","flow":{"protocol":"tcp","port":80}}}"#;
