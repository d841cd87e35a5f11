//! `cargo xtask`: the project's one build script — setup, build, serve, test.
//!
//! Every command installs what it needs first, and skips what is already there, so the
//! README's two commands work on a fresh machine.

mod bench;
mod csp;
mod fuzz;
mod lessons;
mod minify;
mod pwa;
mod server;
mod simworker;
mod sizes;
mod split;
mod steps;
mod tools;
mod words;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup              install what building needs (wasm target, Trunk, wasm-split-cli, wasm-bindgen-cli, npm tools)
  build              setup, then build the release site into dist/ (with its service worker) and print its gzipped sizes
  serve [--port N]   build, then serve dist/ at http://127.0.0.1:8080 (or port N) until stopped
  test               install what tests need, then run every check and test; exit 1 if any fails
  bench              engine speed natively, in headless Chromium and against SimPy (docs/performance.md)
  fuzz [--seconds N] [TARGET...]
                     fuzz the engine's inputs and the embed parsers (default: every target, 600 s each);
                     failing inputs are kept in fuzz/regressions/ (docs/reliability.md)
  tidy               the repository's own style checks (part of `test`)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => tools::setup(tools::Need::Build),
        Some("build") => tools::setup(tools::Need::Build).and_then(|()| build().map(|_| ())),
        Some("serve") => serve(&args[1..]),
        Some("test") => steps::test(),
        Some("bench") => bench::bench(),
        Some("fuzz") => fuzz::command(&args[1..]),
        Some("tidy") => steps::tidy().map(|n| println!("tidy: {n} files checked")),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        other => {
            eprintln!(
                "{}\n\n{USAGE}",
                other.map_or("no command given".to_string(), |c| format!("unknown command '{c}'"))
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the parent of xtask/).
pub fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// Build the release site (Trunk, the page's split wasm, then the service worker) and print its sizes; returns
/// the first-load total (gzip bytes).
pub fn build() -> Result<u64, String> {
    let root = root();
    tools::run(tools::cmd("trunk").args(["build", "--release"]).current_dir(&root))?;
    // Trunk builds the CSS, the copied directories and the simulator's worker; the page's
    // own wasm is built, split into a main module and lazily loaded chunks, and named here
    // (split.rs), its tags written into index.html as Trunk wrote them.
    split::build(&root.join("dist"))?;
    // After Trunk: the simulator's worker gets names of its build (and the page the name
    // of its loader); the CSP hashes the loader Trunk wrote into index.html; then the
    // service worker lists (and hashes) every file, the final index.html included.
    simworker::version(&root.join("dist"))?;
    minify::glue(&root.join("dist"))?;
    lessons::write_index(&root.join("dist"))?;
    words::write_catalogues(&root.join("dist"))?;
    csp::apply(&root.join("dist"))?;
    pwa::write_service_worker(&root.join("dist"))?;
    minify::service_worker(&root.join("dist"))?;
    let report = sizes::first_load(&root.join("dist"))?;
    print!("{}", report.table());
    if report.total_gzip > sizes::BUDGET_GZIP {
        return Err(format!(
            "first load is {} gzip, over the {} budget (docs/performance.md)",
            sizes::kb(report.total_gzip),
            sizes::kb(sizes::BUDGET_GZIP)
        ));
    }
    Ok(report.total_gzip)
}

fn serve(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => 8080,
        [flag, n] if flag == "--port" => n.parse().map_err(|_| format!("--port takes a number, not '{n}'"))?,
        _ => return Err("usage: cargo xtask serve [--port N]".into()),
    };
    tools::setup(tools::Need::Build)?;
    build()?;
    let server = server::Server::start(&root().join("dist"), port)
        .map_err(|e| format!("cannot serve on 127.0.0.1:{port}: {e} (is another server using it? try --port 8081)"))?;
    println!("\nStratus is served at http://127.0.0.1:{}/  (Ctrl+C to stop)", server.port());
    server.wait();
    Ok(())
}
