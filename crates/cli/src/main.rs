//! `stratus`: the engine without a browser: validate, reach and run scenario files, make share links, and benchmark the simulator.

mod args;
mod lesson;
mod render;
mod scale;
mod simulate;

use args::{Command, Output};
use engine::net::ReachError;
use engine::{reach, validate, Flow, NodeId, Scenario};
use render::safe;
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
        Command::Run { file, duration_s, seed, max_events, out } => {
            let mut s = match load(&file, out) {
                Ok(s) => s,
                Err(code) => return code,
            };
            if let Some(d) = duration_s {
                s.simulation.duration_s = d;
            }
            let errors = validate(&s).iter().filter(|d| d.severity == engine::Severity::Error).count();
            if errors > 0 {
                let file = safe(&file);
                eprintln!("stratus: note: {file} has {errors} validation error(s); run `stratus validate {file}`.");
            }
            let mut sim = match engine::sim::Simulation::new(&s, seed.unwrap_or(s.simulation.seed)) {
                Ok(sim) => sim,
                Err(e) => {
                    eprintln!("stratus: {}: {}", safe(&file), safe(&e.message().get(out.lang)));
                    return FOUND;
                }
            };
            sim.run_bounded(max_events.unwrap_or(engine::limits::MAX_EVENTS));
            let summary = sim.summary();
            if out.json {
                println!("{}", simulate::run_json(&file, &summary));
            } else {
                print!("{}", simulate::run_text(&summary, out.lang));
            }
            // A run cut short by its event budget cannot show that the goals hold.
            if summary.goals_met && summary.stopped_early.is_none() {
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
        Command::LessonList { out } => match lesson::list(out) {
            Ok(text) => {
                print!("{text}");
                OK
            }
            Err(message) => {
                // A built-in lesson that does not read is a bug the tests catch; never a panic.
                eprintln!("stratus: {}", message.get(out.lang));
                BAD_INPUT
            }
        },
        Command::LessonCheck { lesson: name, design, answers, out } => {
            let read = |path: &str, cap: usize| -> Result<String, engine::Text> {
                read_capped(path, cap).map_err(|e| match e {
                    ReadError::Io(e) => engine::Text::new(
                        format!("cannot read {}: {e}", safe(path)),
                        format!("{}을(를) 읽을 수 없습니다: {e}", safe(path)),
                    ),
                    ReadError::TooLarge(_) => engine::Text::new(
                        format!("{}: over the {cap}-byte limit of a lesson file", safe(path)),
                        format!("{}: 레슨 파일 한도 {cap}바이트를 넘습니다", safe(path)),
                    ),
                })
            };
            let lesson = match lesson::find(&name, read) {
                Ok(l) => l,
                Err(message) => {
                    eprintln!("stratus: {}", safe(message.get(out.lang)));
                    return BAD_INPUT;
                }
            };
            let mut given = match lesson::answers(&lesson, &answers) {
                Ok(a) => a,
                Err(message) => {
                    eprintln!("stratus: {}", safe(message.get(out.lang)));
                    return BAD_INPUT;
                }
            };
            let scenario = match &design {
                args::Graded::Start => lesson.start_design(),
                args::Graded::Solution => {
                    // The solution carries the right answers; answers given on the line win.
                    for (id, key) in &lesson.solution.answers {
                        given.entry(id.clone()).or_insert_with(|| key.clone());
                    }
                    lesson.solution_design()
                }
                args::Graded::File(file) => match load(file, out) {
                    Ok(s) => Ok(s),
                    Err(code) => return code,
                },
            };
            let scenario = match scenario {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("stratus: {}", safe(&e.message().get(out.lang)));
                    return BAD_INPUT;
                }
            };
            let grade = engine::lesson::grade(&lesson, &scenario, &given);
            if out.json {
                println!("{}", lesson::check_json(&lesson, &design, &grade));
            } else {
                print!("{}", lesson::check_text(&lesson, &design, &grade, out.lang));
            }
            if grade.passed {
                OK
            } else {
                FOUND
            }
        }
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
                            let file = safe(&file);
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
    safe(&e.message().get(out.lang)).into_owned()
}

/// Why a scenario could not be read.
#[derive(Debug)]
enum ReadError {
    Io(std::io::Error),
    /// Longer than `MAX_DOCUMENT_BYTES`: its size if known (a regular file), else `None`
    /// (a stream, refused after one byte more than the cap: never read to its end).
    TooLarge(Option<u64>),
}

/// Reads at most `MAX_DOCUMENT_BYTES + 1` bytes of `source` as UTF-8 text: a longer input
/// (or an endless stream such as /dev/zero) is refused once that byte is seen, so memory
/// stays bounded whatever the input.
fn read_bounded(source: impl Read) -> Result<String, ReadError> {
    read_bounded_to(source, engine::model::MAX_DOCUMENT_BYTES)
}

/// As `read_bounded`, with another cap (a lesson file's).
fn read_bounded_to(source: impl Read, cap: usize) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    source.take(cap as u64 + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() > cap {
        return Err(ReadError::TooLarge(None));
    }
    String::from_utf8(bytes)
        .map_err(|e| ReadError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error())))
}

/// A file's text: a regular file's size is checked before anything is read; anything else
/// (a device, a pipe) goes through the bounded read.
fn read_file(path: &str) -> Result<String, ReadError> {
    read_capped(path, engine::model::MAX_DOCUMENT_BYTES)
}

/// As `read_file`, with another cap (a lesson file's).
fn read_capped(path: &str, cap: usize) -> Result<String, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    if let Ok(meta) = file.metadata() {
        if meta.is_file() && meta.len() > cap as u64 {
            return Err(ReadError::TooLarge(Some(meta.len())));
        }
    }
    read_bounded_to(file, cap)
}

/// Reads and parses a scenario; on failure prints why on stderr and returns the exit code.
fn load(file: &str, out: Output) -> Result<Scenario, u8> {
    let read = if file == "-" { read_bounded(std::io::stdin().lock()) } else { read_file(file) };
    let text = match read {
        Ok(text) => text,
        Err(ReadError::Io(e)) => {
            eprintln!("stratus: cannot read {}: {e}", safe(file));
            return Err(BAD_INPUT);
        }
        Err(ReadError::TooLarge(Some(bytes))) => {
            let bytes = usize::try_from(bytes).unwrap_or(usize::MAX);
            let message = engine::model::LoadError::TooLarge { bytes }.message();
            eprintln!("stratus: {}: {}", safe(file), message.get(out.lang));
            return Err(BAD_INPUT);
        }
        Err(ReadError::TooLarge(None)) => {
            let cap = engine::model::MAX_DOCUMENT_BYTES;
            let message = engine::Text::new(
                format!("This scenario is over the {cap}-byte limit (reading stopped there)."),
                format!("이 시나리오는 한도 {cap}바이트를 넘습니다(거기서 읽기를 멈췄습니다)."),
            );
            eprintln!("stratus: {}: {}", safe(file), message.get(out.lang));
            return Err(BAD_INPUT);
        }
    };
    Scenario::from_json(&text).map_err(|e| {
        eprintln!("stratus: {}: {}", safe(file), safe(&e.message().get(out.lang)));
        BAD_INPUT
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An endless stream (like /dev/zero) that counts what was taken from it.
    struct Endless {
        given: u64,
    }

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            buf.fill(b' ');
            self.given += buf.len() as u64;
            Ok(buf.len())
        }
    }

    #[test]
    fn an_endless_stream_is_refused_after_one_byte_over_the_cap() {
        let mut source = Endless { given: 0 };
        assert!(matches!(read_bounded(&mut source), Err(ReadError::TooLarge(None))));
        assert_eq!(source.given, engine::model::MAX_DOCUMENT_BYTES as u64 + 1, "never read past the cap");
    }

    #[test]
    fn a_stream_at_the_cap_is_read_whole() {
        let cap = engine::model::MAX_DOCUMENT_BYTES;
        let text = read_bounded(std::io::repeat(b' ').take(cap as u64)).map_err(|e| format!("{e:?}")).unwrap();
        assert_eq!(text.len(), cap);
        assert!(matches!(read_bounded(&[0xff, 0xfe][..]), Err(ReadError::Io(_))), "not UTF-8");
    }
}
