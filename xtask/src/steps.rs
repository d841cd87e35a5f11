//! `cargo xtask test`: every check and test in one run, with a summary of passed and failed counts at the end.

use crate::tools::{self, cmd, Need};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// Result of one step.
struct Step {
    name: &'static str,
    ok: bool,
    passed: u64,
    failed: u64,
    note: String,
}

/// Run everything; `Err` if anything failed.
pub fn test() -> Result<(), String> {
    #[allow(clippy::disallowed_methods)] // xtask is native: wall time of the run, for the summary
    let started = std::time::Instant::now();
    let mut steps: Vec<Step> = Vec::new();
    if let Err(e) = tools::setup(Need::Test) {
        steps.push(Step { name: "setup", ok: false, passed: 0, failed: 1, note: e });
        return finish(&steps, started);
    }
    steps.push(check("tidy", tidy().map(|n| format!("{n} files"))));
    steps.push(check(
        "rustfmt",
        tools::run(cmd("cargo").args(["fmt", "--all", "--", "--check"]))
            // fuzz/ is its own workspace, so `--all` does not reach it.
            .and_then(|()| {
                tools::run(cmd("cargo").args(["fmt", "--manifest-path", "fuzz/Cargo.toml", "--", "--check"]))
            })
            .map(|()| String::new()),
    ));
    steps.push(check(
        "clippy (native)",
        tools::run(cmd("cargo").args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ]))
        .map(|()| String::new()),
    ));
    steps.push(check(
        "clippy (wasm)",
        tools::run(cmd("cargo").args([
            "clippy",
            "-p",
            "web",
            "-p",
            "simworker",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
        .map(|()| String::new()),
    ));
    steps.push(counted("native tests", None, cmd("cargo").args(["test", "--workspace", "--all-features"])));
    steps.push(check("fuzz (bounded: cargo xtask fuzz for the long run)", crate::fuzz::bounded()));
    steps.push(counted(
        "wasm tests (headless Chromium)",
        Some(WASM_TESTS_LIMIT),
        cmd("cargo")
            .args(["test", "-p", "web", "--target", "wasm32-unknown-unknown", "--test", "browser"])
            .env("CHROMEDRIVER", tools::chromedriver_path()),
    ));
    let built = crate::build();
    let build_ok = built.is_ok();
    steps.push(check(
        "release build + size budget",
        built.map(|total| format!("first load {}", crate::sizes::kb(total))),
    ));
    if build_ok {
        steps.push(end_to_end());
    } else {
        steps.push(Step {
            name: "end-to-end",
            ok: false,
            passed: 0,
            failed: 1,
            note: "skipped: the build failed".into(),
        });
    }
    finish(&steps, started)
}

fn check(name: &'static str, result: Result<String, String>) -> Step {
    match result {
        Ok(note) => Step { name, ok: true, passed: 1, failed: 0, note },
        Err(note) => Step { name, ok: false, passed: 0, failed: 1, note },
    }
}

/// The most the browser tests may take, building included (about 4 and 5 minutes on 2
/// cores in session 8). A test that hangs (a browser that never answers, a server left
/// listening) then fails this step instead of eating CI's whole 90 minutes, as one did.
const WASM_TESTS_LIMIT: std::time::Duration = std::time::Duration::from_secs(25 * 60);
const END_TO_END_LIMIT: std::time::Duration = std::time::Duration::from_secs(25 * 60);

/// Run a test command, echo its output and count what it reports; with a `limit`, the
/// command and everything it started are killed once the limit passes.
fn counted(name: &'static str, limit: Option<std::time::Duration>, c: &mut Command) -> Step {
    match run_counting(c, limit) {
        Ok((ok, passed, failed)) => {
            // A runner that failed without reporting a failed test (a build error) counts one.
            let failed = if ok { failed } else { failed.max(1) };
            Step { name, ok, passed, failed, note: String::new() }
        }
        Err(note) => Step { name, ok: false, passed: 0, failed: 1, note },
    }
}

/// Run `c` with stdout piped through us, counting cargo's "test result:" lines and
/// node's TAP "# pass"/"# fail" lines. With a `limit`, `c` runs in a process group of its
/// own, and the whole group (the browsers and servers it started, which hold our pipe
/// open) is killed when the limit passes: the step then fails, saying so.
fn run_counting(c: &mut Command, limit: Option<std::time::Duration>) -> Result<(bool, u64, u64), String> {
    use std::os::unix::process::CommandExt;
    if limit.is_some() {
        c.process_group(0);
    }
    let mut child = c.stdout(Stdio::piped()).spawn().map_err(|e| format!("could not start: {e}"))?;
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let timed_out = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    if let Some(limit) = limit {
        let (group, timed_out) = (child.id(), timed_out.clone());
        std::thread::spawn(move || {
            if finished.recv_timeout(limit) == Err(std::sync::mpsc::RecvTimeoutError::Timeout) {
                timed_out.store(true, std::sync::atomic::Ordering::SeqCst);
                eprintln!("\n== {} min passed: stopping the step and everything it started", limit.as_secs() / 60);
                let _ = Command::new("kill").args(["-KILL", "--", &format!("-{group}")]).status();
            }
        });
    }
    let (mut passed, mut failed) = (0u64, 0u64);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(rest) = line.trim().strip_prefix("test result: ") {
                passed += number_before(rest, " passed");
                failed += number_before(rest, " failed");
            } else if let Some(n) = line.strip_prefix("# pass ") {
                passed += n.trim().parse::<u64>().unwrap_or(0);
            } else if let Some(n) = line.strip_prefix("# fail ") {
                failed += n.trim().parse::<u64>().unwrap_or(0);
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let _ = done.send(());
    if timed_out.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(format!(
            "stopped after {} min ({passed} passed, {failed} failed before): a test hung",
            limit.map_or(0, |l| l.as_secs() / 60)
        ));
    }
    Ok((status.success() && failed == 0, passed, failed))
}

fn number_before(text: &str, word: &str) -> u64 {
    text.find(word)
        .and_then(|end| text[..end].rsplit(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn end_to_end() -> Step {
    let root = crate::root();
    let server = match crate::server::Server::start(&root.join("dist"), 0) {
        Ok(s) => s,
        Err(e) => return Step { name: "end-to-end", ok: false, passed: 0, failed: 1, note: format!("server: {e}") },
    };
    let url = format!("http://127.0.0.1:{}/", server.port());
    println!("end-to-end: serving dist/ at {url}");
    let mut files: Vec<String> = std::fs::read_dir(root.join("tests/e2e"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
                .map(|p| p.strip_prefix(&root).unwrap_or(&p).to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    #[allow(clippy::disallowed_methods)] // native build tool: not in the wasm bundle
    files.sort();
    if files.is_empty() {
        return Step { name: "end-to-end", ok: false, passed: 0, failed: 1, note: "no tests/e2e/*.test.mjs".into() };
    }
    let mut c = cmd("node");
    // A test that takes 4 minutes has hung (the slowest takes ~40 s); a file whose tests are
    // done exits even if something it started is still open.
    c.args(["--test", "--test-reporter=tap", "--test-timeout=240000", "--test-force-exit"])
        .args(&files)
        .env("STRATUS_URL", &url)
        .env("CHROMIUM", tools::chromium_path());
    let step = counted("end-to-end (playwright-core, headless Chromium)", Some(END_TO_END_LIMIT), &mut c);
    // Stopped here, and by Drop if anything above panicked: never left running.
    server.stop();
    step
}

fn finish(steps: &[Step], started: std::time::Instant) -> Result<(), String> {
    println!("\n== cargo xtask test: summary ({:.0} s)", started.elapsed().as_secs_f64());
    for s in steps {
        let mark = if s.ok { "ok  " } else { "FAIL" };
        let counts =
            if s.passed + s.failed > 1 { format!("{} passed, {} failed", s.passed, s.failed) } else { String::new() };
        println!("  {mark} {:<48} {counts} {}", s.name, s.note);
    }
    let passed: u64 = steps.iter().map(|s| s.passed).sum();
    let failed: u64 = steps.iter().map(|s| s.failed).sum();
    println!("summary: {passed} passed, {failed} failed");
    if steps.iter().all(|s| s.ok) {
        Ok(())
    } else {
        Err(format!("{} of {} steps failed", steps.iter().filter(|s| !s.ok).count(), steps.len()))
    }
}

/// The repository's own style rules: every Rust module starts with a `//!` line saying its
/// one job; no test is marked ignored. Returns how many files were checked.
pub fn tidy() -> Result<usize, String> {
    let root = crate::root();
    let mut problems = Vec::new();
    let mut count = 0;
    for dir in ["crates", "xtask", "fuzz"] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else { continue };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    if p.file_name().is_some_and(|n| n != "target") {
                        stack.push(p);
                    }
                } else if p.extension().is_some_and(|x| x == "rs") {
                    count += 1;
                    check_file(&root, &p, &mut problems);
                }
            }
        }
    }
    // The Korean message catalogues and the app's Korean words are Korean sentences too (JSON
    // strings read the same way).
    for file in [
        "crates/engine/messages/ko.json",
        "crates/engine/messages/later/ko.json",
        "crates/engine/messages/names/ko.json",
        "crates/web/messages/ko.json",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        count += 1;
        for (line, word) in english_in_korean(&text) {
            // Search words hold the English ones Korean learners type too: never shown.
            if text.lines().nth(line.saturating_sub(1)).is_some_and(|l| l.trim_start().starts_with("\"search.")) {
                continue;
            }
            problems.push(format!("{file}:{line}: English word '{word}' in a Korean sentence (translate it, or add it to KOREAN_KEEPS if it is an AWS name, code or unit)"));
        }
    }
    if problems.is_empty() {
        Ok(count)
    } else {
        Err(format!("tidy found {} problem(s):\n  {}", problems.len(), problems.join("\n  ")))
    }
}

fn check_file(root: &Path, path: &Path, problems: &mut Vec<String>) {
    let name = path.strip_prefix(root).unwrap_or(path).display().to_string();
    let Ok(text) = std::fs::read_to_string(path) else {
        problems.push(format!("{name}: unreadable"));
        return;
    };
    if !text.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| l.starts_with("//!")) {
        problems.push(format!("{name}: must start with a `//!` line saying what the module is for"));
    }
    // Spelled in two pieces so this file does not flag itself.
    let ignore = concat!("#[", "ignore");
    if text.contains(ignore) {
        problems.push(format!("{name}: has an ignored test; fix it or delete it"));
    }
    // The checker's own test sentences are not UI text.
    let words = if name.starts_with("xtask") { Vec::new() } else { english_in_korean(&text) };
    for (line, word) in words {
        problems.push(format!(
            "{name}:{line}: English word '{word}' in a Korean string (translate it, or add it to KOREAN_KEEPS if it is an AWS name, code or unit)"
        ));
    }
}

/// Latin words a Korean sentence may keep: AWS and product names, API values and JSON keys
/// the reader types or sees in files, units, key names. Acronyms (two or more capitals, as
/// in VPC, IOPS, InvalidVpcID) are kept without being listed.
const KOREAN_KEEPS: &[&str] = &[
    // The suffix a FIFO queue's or topic's name ends in (".fifo"), written as AWS requires it.
    "fifo",
    // AWS and other product names.
    "Auto",
    "Scaling",
    "Route",
    "Direct",
    "Connect",
    "CloudFront",
    "Aurora",
    "Linux",
    "Application",
    "Load",
    "Balancer",
    "Stratus",
    "stratus",
    "Compression",
    "Streams",
    "Multi-AZ",
    "Slow",
    "Down",
    "Default",
    "Latest",
    "Ctrl",
    "Shift",
    "Alt",
    "Space",
    "Enter",
    "Delete",
    "Copy",
    "this",
    "link",
    // Values and keys of the format, the API or a URL, written as the reader meets them.
    "traffic",
    "rate",
    "local",
    "failed",
    "format",
    "docs",
    "md",
    "scenario",
    "load",
    "readonly",
    "iframe",
    "main",
    "default",
    "tcp",
    "udp",
    "icmp",
    "all",
    "validate",
    "max-events",
    "launch",
    "template",
    "simulation",
    "duration",
    "search",
    "co",
    "quot",
    "lt",
    "gt",
    "amp",
    "i-",
    "A-B",
    "B-C",
    // Units.
    "ms",
    "gp",
    "vCPU",
    "GiB",
    "KiB",
    "MiB",
    "Gbps",
    "IPv",
];

/// Latin words in the Korean string literals of a file that are not kept names, codes or
/// units, with their line: the Korean UI says everything in Korean (issue #13), and engine
/// messages shown in rare cases are the ones no end-to-end test renders. Literals on a line
/// marked `tidy: both languages` (text shown in both at once, when the page has no words
/// to choose from) are skipped.
fn english_in_korean(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.contains("tidy: both languages") || line.trim_start().starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find('"') {
            let body = &rest[start + 1..];
            let mut end = None;
            let mut escaped = false;
            for (i, c) in body.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(end) = end else { break };
            let literal = &body[..end];
            rest = &body[end + 1..];
            if !literal.chars().any(|c| ('가'..='힣').contains(&c)) {
                continue;
            }
            // Placeholders and `code` are not words of the sentence.
            let mut plain = String::new();
            let (mut depth, mut code) = (0, false);
            for c in literal.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth > 0 => depth -= 1,
                    '`' => code = !code,
                    _ if depth == 0 && !code => plain.push(c),
                    _ => {}
                }
            }
            // Dots join codes and names: `Resource.AlreadyAssociated`, `m5.large`.
            for word in plain.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.')) {
                let word = word.trim_matches(|c| c == '-' || c == '.');
                let capitals = word.chars().filter(char::is_ascii_uppercase).count();
                if word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && word.len() > 1
                    // S3, EC2, p99, format.md, rate.mean_rps: names, codes and paths.
                    && !word.chars().any(|c| c.is_ascii_digit() || c == '.')
                    && capitals < 2
                    && !KOREAN_KEEPS.contains(&word)
                {
                    out.push((n + 1, word.to_string()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_in_korean_strings_are_found_but_names_and_codes_are_kept() {
        let src = concat!(
            "let a = Text::new(\"fails open\", \"로드 밸런서가 fail-open으로 보냅니다\");\n",
            "let b = \"VPC {id}의 InvalidVpcID.NotFound `routes` 503 Slow Down GiB\";\n",
            "let c = \"no Korean here at all\";\n",
            "let d = \"Reload · 새로 고침\"; // tidy: both languages\n",
        );
        let found: Vec<String> = english_in_korean(src).into_iter().map(|(_, w)| w).collect();
        assert_eq!(found, ["fail-open"]);
    }

    /// The CI run of 2026-12-06 hung after a failed browser test (a server left listening,
    /// with a browser holding the output pipe) until CI's 90 minutes ran out. A step with a
    /// limit kills its whole process group, grandchildren included, and fails saying so.
    #[test]
    fn a_step_that_hangs_is_stopped_with_everything_it_started() {
        #[allow(clippy::disallowed_methods)] // native test of the build tool
        let started = std::time::Instant::now();
        // The background sleep holds stdout open after its shell is gone, as a browser does.
        let mut c = Command::new("sh");
        c.args(["-c", "echo '# pass 2'; sleep 120 & sleep 120"]);
        let result = run_counting(&mut c, Some(std::time::Duration::from_secs(1)));
        let note = result.expect_err("a hung step fails");
        assert!(note.contains("2 passed") && note.contains("hung"), "{note}");
        // Without the group kill the reading would wait for the 120 s sleeps.
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "{:?}", started.elapsed());
        let mut quick = Command::new("sh");
        quick.args(["-c", "echo '# pass 3'"]);
        assert_eq!(run_counting(&mut quick, Some(std::time::Duration::from_secs(60))), Ok((true, 3, 0)));
    }

    #[test]
    fn counts_cargo_result_lines() {
        let line = "ok. 12 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(number_before(line, " passed"), 12);
        assert_eq!(number_before(line, " failed"), 3);
        assert_eq!(number_before("nothing", " passed"), 0);
    }
}
