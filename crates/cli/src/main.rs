//! `stratus`: the engine without a browser: validate, reach and run scenario files, make share links, and benchmark the simulator.

mod args;
mod render;
mod scale;
mod simulate;

use args::{Command, Output};
use engine::net::ReachError;
use engine::{reach, validate, Flow, NodeId, Scenario};
use std::io::Read;
use std::process::ExitCode;

/// Exit status: 0 ok, 1 the scenario has errors, the path is blocked or a goal is missed,
/// 2 bad input.
const OK: u8 = 0;
const FOUND: u8 = 1;
const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    ExitCode::from(run(&argv))
}

fn run(argv: &[String]) -> u8 {
    let command = match args::parse(argv) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("stratus: {message}\n\n{}", args::USAGE);
            return BAD_INPUT;
        }
    };
    match command {
        Command::Help => {
            println!("{}", args::USAGE);
            OK
        }
        Command::Version => {
            println!("stratus {}", env!("CARGO_PKG_VERSION"));
            OK
        }
        Command::Run { file, duration_s, seed, out } => {
            let mut s = match load(&file, out) {
                Ok(s) => s,
                Err(code) => return code,
            };
            if let Some(d) = duration_s {
                s.simulation.duration_s = d;
            }
            let errors = validate(&s).iter().filter(|d| d.severity == engine::Severity::Error).count();
            if errors > 0 {
                eprintln!("stratus: note: {file} has {errors} validation error(s); run `stratus validate {file}`.");
            }
            let mut sim = match engine::sim::Simulation::new(&s, seed.unwrap_or(s.simulation.seed)) {
                Ok(sim) => sim,
                Err(e) => {
                    eprintln!("stratus: {file}: {}", e.message().get(out.lang));
                    return FOUND;
                }
            };
            sim.run();
            let summary = sim.summary();
            if out.json {
                println!("{}", simulate::run_json(&file, &summary));
            } else {
                print!("{}", simulate::run_text(&summary, out.lang));
            }
            if summary.goals_met {
                OK
            } else {
                FOUND
            }
        }
        Command::Link { file, base, view, out } => match load(&file, out) {
            Ok(s) => {
                let view = view.map(|(x, y, zoom)| engine::share::View { x, y, zoom });
                println!("{}", engine::share::link(&base, &s, view));
                OK
            }
            Err(code) => code,
        },
        Command::Bench { quick } => match simulate::bench(quick) {
            Ok(json) => {
                println!("{json}");
                OK
            }
            Err(e) => {
                eprintln!("stratus: bench: {e}");
                BAD_INPUT
            }
        },
        Command::Validate { file, out } => match load(&file, out) {
            Ok(s) => {
                let diagnostics = validate(&s);
                let usage = engine::validate::subnet_usage(&s);
                if out.json {
                    println!("{}", render::validate_json(&file, &diagnostics, &usage));
                } else {
                    print!("{}", render::validate_text(&file, &diagnostics, out.lang));
                }
                if engine::validate::has_errors(&diagnostics) {
                    FOUND
                } else {
                    OK
                }
            }
            Err(code) => code,
        },
        Command::Reach { file, from, to, protocol, port, client_ports, out } => {
            let s = match load(&file, out) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let flow = Flow { protocol, port, client_ports };
            let (from, to) = (NodeId::from(from.as_str()), NodeId::from(to.as_str()));
            match reach(&s, &from, &to, flow) {
                Ok(answer) => {
                    let errors = validate(&s).iter().filter(|d| d.severity == engine::Severity::Error).count();
                    if out.json {
                        println!("{}", render::reach_json(&file, &from, &to, &flow, &answer, errors));
                    } else {
                        if errors > 0 {
                            eprintln!("stratus: note: {file} has {errors} validation error(s); run `stratus validate {file}`.");
                        }
                        print!("{}", render::reach_text(&from, &to, &flow, &answer, out.lang));
                    }
                    if answer.is_reachable() {
                        OK
                    } else {
                        FOUND
                    }
                }
                Err(e) => {
                    eprintln!("stratus: {}", message(&e, out));
                    BAD_INPUT
                }
            }
        }
    }
}

fn message(e: &ReachError, out: Output) -> String {
    e.message().get(out.lang).to_string()
}

/// Reads and parses a scenario; on failure prints why on stderr and returns the exit code.
fn load(file: &str, out: Output) -> Result<Scenario, u8> {
    let mut text = String::new();
    let read = if file == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(file).map(|t| text = t)
    };
    if let Err(e) = read {
        eprintln!("stratus: cannot read {file}: {e}");
        return Err(BAD_INPUT);
    }
    Scenario::from_json(&text).map_err(|e| {
        eprintln!("stratus: {file}: {}", e.message().get(out.lang));
        BAD_INPUT
    })
}
