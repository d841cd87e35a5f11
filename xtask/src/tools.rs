//! Installing what the build and the tests need, each step skipped when already done.

use std::path::Path;
use std::process::Command;

/// What a command is about to do, so setup installs only what it needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Build the site.
    Build,
    /// Build and test it in a browser.
    Test,
}

/// Trunk version installed when none (or an incompatible one) is found. 0.22 needs a
/// newer rustc than the pinned 1.95 (docs: ../shared/design/toolchain.md).
const TRUNK_VERSION: &str = "0.21.14";
/// wasm-split-cli (crate wasm_split_cli_support), which cuts the page's wasm into a main
/// module and lazily loaded chunks (split.rs); it must understand what the pinned
/// `wasm_split_helpers` (crates/web/Cargo.toml) emits.
const WASM_SPLIT_VERSION: &str = "0.2.4";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// A Korean font, so the browser tests and screenshots render Hangul (users' systems have
/// their own; the app fetches no fonts).
const KOREAN_FONT: &str = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";

/// A command with `node_modules/.bin` (wasm-opt) and cargo's bin dir on PATH.
pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    let root = crate::root();
    let mut paths = vec![root.join("node_modules").join(".bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")))
    {
        paths.push(home.join("bin"));
    }
    if let Some(existing) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&existing));
    }
    if let Ok(joined) = std::env::join_paths(paths) {
        c.env("PATH", joined);
    }
    c.current_dir(root);
    c
}

/// Run a command, inheriting output; an error says which command failed.
pub fn run(c: &mut Command) -> Result<(), String> {
    let shown = describe(c);
    println!("$ {shown}");
    let status = c.status().map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// The trimmed standard output of a command, or `None` if it could not run or failed.
pub fn output(c: &mut Command) -> Option<String> {
    let out = c.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn describe(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().to_string();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Install whatever is missing for `need`.
pub fn setup(need: Need) -> Result<(), String> {
    wasm_target()?;
    trunk()?;
    wasm_split()?;
    wasm_bindgen()?;
    npm_packages()?;
    if need == Need::Test {
        chromium()?;
    }
    // Trunk builds offline (it must never try to download a tool); fetch crates first.
    run(cmd("cargo").args(["fetch", "--quiet"]))?;
    Ok(())
}

fn wasm_target() -> Result<(), String> {
    let installed = output(cmd("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    // rust-toolchain.toml lists the target, but automatic installs can be off
    // (RUSTUP_AUTO_INSTALL=0), so add it explicitly.
    run(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result<(), String> {
    let version = output(cmd("trunk").arg("--version")).unwrap_or_default();
    if version.starts_with("trunk 0.21.") {
        return Ok(());
    }
    println!("installing Trunk {TRUNK_VERSION} (a few minutes, once)");
    // --debug: Trunk's own speed hardly matters and a debug build installs ~3x faster.
    run(cmd("cargo").args(["install", "--debug", "--locked", &format!("trunk@{TRUNK_VERSION}")]))
}

fn wasm_split() -> Result<(), String> {
    let installed = output(cmd("cargo").args(["install", "--list"])).unwrap_or_default();
    let want = format!("wasm_split_cli_support v{WASM_SPLIT_VERSION}:");
    if installed.lines().any(|l| l.trim() == want) && output(cmd("wasm-split-cli").arg("--help")).is_some() {
        return Ok(());
    }
    println!("installing wasm-split-cli {WASM_SPLIT_VERSION} (a few minutes, once)");
    run(cmd("cargo").args([
        "install",
        "--locked",
        "--force",
        &format!("wasm_split_cli_support@{WASM_SPLIT_VERSION}"),
        "--features",
        "build-binary",
    ]))
}

/// The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(crate::root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn wasm_bindgen() -> Result<(), String> {
    let want = locked_wasm_bindgen()?;
    let have = output(cmd("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have == format!("wasm-bindgen {want}") {
        return Ok(());
    }
    println!("installing wasm-bindgen-cli {want} (a few minutes, once)");
    // No --locked: the CLI's own lockfile pins a crate version the index no longer has.
    run(cmd("cargo").args(["install", "--debug", "--force", "wasm-bindgen-cli", "--version", &format!("={want}")]))
}

fn npm_packages() -> Result<(), String> {
    let root = crate::root();
    let node = output(cmd("node").arg("--version"))
        .ok_or("Node.js is not installed: install Node 20 or newer (https://nodejs.org), then run this again")?;
    let major: u32 = node.trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    if major < 20 {
        return Err(format!("Node.js {node} is too old: the tools need Node 20 or newer"));
    }
    let lock =
        std::fs::read(root.join("package-lock.json")).map_err(|e| format!("cannot read package-lock.json: {e}"))?;
    let stamp_path = root.join("node_modules").join(".stratus-lock-stamp");
    let stamp = format!("{:x}", fnv1a(&lock));
    if std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(stamp.as_str())
        && has(&root, "wasm-opt")
        && has(&root, "terser")
    {
        return Ok(());
    }
    run(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    std::fs::write(&stamp_path, stamp).map_err(|e| format!("cannot write {}: {e}", stamp_path.display()))
}

fn has(root: &Path, bin: &str) -> bool {
    root.join("node_modules").join(".bin").join(bin).exists()
}

fn chromium() -> Result<(), String> {
    if [CHROMIUM, CHROMEDRIVER, KOREAN_FONT].iter().all(|p| Path::new(p).exists()) {
        return Ok(());
    }
    println!("installing Debian's chromium, chromium-driver and fonts-nanum for the browser tests");
    let root = output(Command::new("id").arg("-u")).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut c = if root { Command::new("apt-get") } else { Command::new("sudo") };
        if !root {
            c.args(["-n", "apt-get"]);
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt(&["update", "-qq"]))?;
    run(&mut apt(&["install", "-y", "-qq", "chromium", "chromium-driver", "fonts-nanum"])).map_err(|e| {
        format!("{e}: install the Debian packages chromium, chromium-driver and fonts-nanum, then run again")
    })
}

/// The browser binary the tests drive.
pub fn chromium_path() -> &'static str {
    CHROMIUM
}

/// The WebDriver the wasm-bindgen tests use.
pub fn chromedriver_path() -> &'static str {
    CHROMEDRIVER
}

/// A small stable hash, to notice when package-lock.json changes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100000001b3))
}
