//! The command line, parsed by hand: a command, a file and a few `--options`.

use engine::model::{PortRange, Protocol};

/// What the user asked for.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// `stratus validate FILE`.
    Validate { file: String, out: Output },
    /// `stratus reach FILE --from ID --to ID`.
    Reach {
        file: String,
        from: String,
        to: String,
        protocol: Protocol,
        port: u16,
        client_ports: Option<PortRange>,
        out: Output,
    },
    /// `stratus run FILE [--duration D] [--seed N]`.
    Run {
        file: String,
        /// Overrides the scenario's `simulation.duration_s`, seconds.
        duration_s: Option<f64>,
        /// Overrides the scenario's `simulation.seed`.
        seed: Option<u64>,
        /// Events the run may process (default `engine::limits::MAX_EVENTS`).
        max_events: Option<u64>,
        out: Output,
    },
    /// `stratus link FILE [--base URL] [--view X,Y,ZOOM]`.
    Link {
        file: String,
        /// Put before the `#v1:…` fragment (any fragment it has is replaced).
        base: String,
        /// Diagram point at the centre of the screen and zoom.
        view: Option<(f64, f64, f64)>,
        out: Output,
    },
    /// `stratus bench [--quick]`.
    Bench {
        /// A short run (for tests): 1/60 of the simulated hour, fewer M/M/c customers.
        quick: bool,
    },
    /// `stratus lesson list`.
    LessonList { out: Output },
    /// `stratus lesson check LESSON [--design FILE] [--solution] [--answer [ID=]KEY]...`.
    LessonCheck {
        /// A built-in lesson's id, or a lesson file (a path with `/` or ending in `.json`).
        lesson: String,
        /// What to grade: the lesson's start, its solution, or a scenario file.
        design: Graded,
        /// Answers to `predict` questions: `(Some(check id) or None for the only question, key)`.
        answers: Vec<(Option<String>, String)>,
        out: Output,
    },
    /// `help`, `--help`, `-h`.
    Help,
    /// `--version`.
    Version,
}

/// The design `stratus lesson check` grades.
#[derive(Debug, PartialEq, Eq, Clone)]
pub enum Graded {
    /// The lesson's starting design.
    Start,
    /// The starting design with the solution replayed (and the solution's answers).
    Solution,
    /// A scenario file (or `-`).
    File(String),
}

/// How to print.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub struct Output {
    /// Machine-readable JSON (docs/cli.md) instead of text for people.
    pub json: bool,
    /// `"en"` or `"ko"`, for text output (the key of `Text::get`).
    pub lang: &'static str,
}

pub const USAGE: &str = "\
stratus: check AWS network designs without a browser

Usage:
  stratus validate FILE [--json] [--lang en|ko]
  stratus reach FILE --from ID --to ID [--protocol tcp|udp|icmp] [--port N]
                [--client-ports FROM-TO] [--json] [--lang en|ko]
  stratus run FILE [--duration 1h] [--seed N] [--max-events N] [--json] [--lang en|ko]
  stratus link FILE [--base URL] [--view X,Y,ZOOM] [--lang en|ko]
  stratus lesson list [--json] [--lang en|ko]
  stratus lesson check LESSON [--design FILE | --solution] [--answer [ID=]KEY]...
                [--json] [--lang en|ko]
  stratus bench [--quick]
  stratus help | --version

FILE is a scenario JSON file (docs/format.md), or - for standard input.
Exit codes: 0 ok / reachable / goals met; 1 errors found / not reachable / a goal missed;
2 bad input or arguments. `lesson check`: 0 every check passed, 1 one did not.
LESSON is a built-in lesson's id (`stratus lesson list`) or a lesson file (docs/lessons.md).
See docs/cli.md for the JSON output.";

/// Parses the arguments after the program name. `Err` is a message for stderr (exit 2).
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut positional: Vec<&str> = Vec::new();
    let mut out = Output { json: false, lang: "en" };
    let (mut from, mut to, mut protocol, mut port, mut client_ports) = (None, None, None, None, None);
    let (mut duration_s, mut seed, mut quick, mut max_events) = (None, None, false, None);
    let (mut base, mut view) = (None, None);
    let (mut design, mut solution, mut answers) = (None, false, Vec::new());
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg, None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            i += 1;
            args.get(i).cloned().ok_or_else(|| format!("{name} needs {what}"))
        };
        match name {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--json" => out.json = true,
            "--lang" => {
                out.lang = match value("a language (en or ko)")?.as_str() {
                    "en" => "en",
                    "ko" => "ko",
                    other => return Err(format!("--lang takes en or ko, not '{other}'")),
                }
            }
            "--from" => from = Some(value("a node id")?),
            "--to" => to = Some(value("a node id")?),
            "--protocol" => {
                protocol = Some(match value("tcp, udp or icmp")?.to_ascii_lowercase().as_str() {
                    "tcp" => Protocol::Tcp,
                    "udp" => Protocol::Udp,
                    "icmp" => Protocol::Icmp,
                    other => return Err(format!("--protocol takes tcp, udp or icmp, not '{other}'")),
                })
            }
            "--port" => {
                let v = value("a port number")?;
                port = Some(v.parse::<u16>().map_err(|_| format!("--port takes a number 0-65535, not '{v}'"))?);
            }
            "--client-ports" => {
                let v = value("a port range such as 49152-65535")?;
                client_ports = Some(v.parse::<PortRange>()?);
            }
            "--duration" => duration_s = Some(parse_duration(&value("a duration such as 1h, 30m or 90s")?)?),
            "--seed" => {
                let v = value("a number")?;
                seed = Some(v.parse::<u64>().map_err(|_| format!("--seed takes a whole number, not '{v}'"))?);
            }
            "--max-events" => {
                let v = value("a number of events")?;
                max_events = Some(
                    v.parse::<u64>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| format!("--max-events takes a whole number above 0, not '{v}'"))?,
                );
            }
            "--quick" => quick = true,
            "--base" => base = Some(value("a URL such as https://example.org/stratus/")?),
            "--view" => view = Some(parse_view(&value("X,Y,ZOOM such as 400,300,1")?)?),
            "--design" => design = Some(value("a scenario FILE")?),
            "--solution" => solution = true,
            "--answer" => {
                let v = value("an option's key, or ID=KEY")?;
                let answer = match v.split_once('=') {
                    Some((id, key)) => (Some(id.to_string()), key.to_string()),
                    None => (None, v),
                };
                if answer.1.is_empty() || answer.0.as_deref() == Some("") {
                    return Err("--answer takes an option's key, or ID=KEY".into());
                }
                answers.push(answer);
            }
            _ if name.starts_with('-') && name != "-" => return Err(format!("unknown option '{name}'")),
            _ => positional.push(arg),
        }
        i += 1;
    }
    let Some((&command, rest)) = positional.split_first() else { return Ok(Command::Help) };
    let file = |rest: &[&str]| -> Result<String, String> {
        match rest {
            [file] => Ok(file.to_string()),
            [] => Err(format!("'{command}' needs a scenario FILE")),
            [_, extra, ..] => Err(format!("unexpected argument '{extra}'")),
        }
    };
    let lesson_options = design.is_some() || solution || !answers.is_empty();
    if lesson_options && command != "lesson" {
        return Err(format!("--design, --solution and --answer belong to 'lesson check', not '{command}'"));
    }
    match command {
        "help" => Ok(Command::Help),
        "lesson" => {
            if from.is_some() || to.is_some() || protocol.is_some() || port.is_some() || quick || base.is_some() {
                return Err(
                    "lesson takes only list or check LESSON, --design, --solution, --answer, --json and --lang".into(),
                );
            }
            match rest {
                ["list"] if !lesson_options => Ok(Command::LessonList { out }),
                ["list", ..] => Err("lesson list takes only --json and --lang".into()),
                ["check", lesson] => {
                    let design = match (design, solution) {
                        (Some(_), true) => return Err("give --design FILE or --solution, not both".into()),
                        (Some(file), false) => Graded::File(file),
                        (None, true) => Graded::Solution,
                        (None, false) => Graded::Start,
                    };
                    Ok(Command::LessonCheck { lesson: lesson.to_string(), design, answers, out })
                }
                ["check"] => Err("lesson check needs a LESSON (an id from `stratus lesson list`, or a file)".into()),
                ["check", _, extra, ..] => Err(format!("unexpected argument '{extra}'")),
                [] => Err("lesson needs list or check".into()),
                [other, ..] => Err(format!("unknown lesson command '{other}' (list or check)")),
            }
        }
        "validate" => {
            if from.is_some() || to.is_some() || protocol.is_some() || port.is_some() || client_ports.is_some() {
                return Err("validate takes only FILE, --json and --lang".into());
            }
            Ok(Command::Validate { file: file(rest)?, out })
        }
        "reach" => {
            let file = file(rest)?;
            let from = from.ok_or("reach needs --from ID")?;
            let to = to.ok_or("reach needs --to ID")?;
            let protocol = protocol.unwrap_or(Protocol::Tcp);
            let port = match (protocol, port) {
                (Protocol::Icmp, _) => 0,
                (_, Some(p)) => p,
                (_, None) => return Err("reach needs --port N for tcp and udp".into()),
            };
            Ok(Command::Reach { file, from, to, protocol, port, client_ports, out })
        }
        "run" => {
            if from.is_some() || to.is_some() || protocol.is_some() || port.is_some() || quick {
                return Err("run takes only FILE, --duration, --seed, --max-events, --json and --lang".into());
            }
            Ok(Command::Run { file: file(rest)?, duration_s, seed, max_events, out })
        }
        "link" => {
            if from.is_some() || to.is_some() || protocol.is_some() || port.is_some() || quick || out.json {
                return Err("link takes only FILE, --base, --view and --lang".into());
            }
            Ok(Command::Link { file: file(rest)?, base: base.unwrap_or_default(), view, out })
        }
        "bench" => {
            if let Some(extra) = rest.first() {
                return Err(format!("unexpected argument '{extra}'"));
            }
            Ok(Command::Bench { quick })
        }
        other => Err(format!("unknown command '{other}'")),
    }
}

/// `X,Y,ZOOM`: three numbers a link may carry (`engine::share::View::is_sane`).
pub fn parse_view(text: &str) -> Result<(f64, f64, f64), String> {
    use engine::share::View;
    let bad = || {
        format!(
            "--view takes X,Y,ZOOM (three numbers, zoom from {} to {}), not '{text}'",
            View::MIN_ZOOM,
            View::MAX_ZOOM
        )
    };
    let n: Vec<f64> = text.split(',').map(|p| p.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| bad())?;
    match n[..] {
        [x, y, zoom] if (View { x, y, zoom }).is_sane() => Ok((x, y, zoom)),
        _ => Err(bad()),
    }
}

/// `1h`, `30m`, `90s`, `1.5h`, `250ms` or a plain number of seconds, at most
/// `engine::limits::MAX_DURATION_S` (30 days). Checked after scaling, so that `1e308h`
/// (infinite seconds) is an error rather than a value the simulator would replace.
pub fn parse_duration(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let bad = || format!("'{text}' is not a duration: write 1h, 30m, 90s or a number of seconds");
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('h') {
        (n, 3_600.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else {
        (t, 1.0)
    };
    let v: f64 = number.trim().parse().map_err(|_| bad())?;
    let seconds = v * scale;
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(bad());
    }
    if seconds > engine::limits::MAX_DURATION_S {
        return Err(format!(
            "--duration {text} is longer than the simulator runs: at most 30 days ({} s)",
            engine::limits::MAX_DURATION_S
        ));
    }
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Result<Command, String> {
        parse(&line.split_whitespace().map(String::from).collect::<Vec<_>>())
    }

    #[test]
    fn parses_lesson_commands() {
        let en = Output { json: false, lang: "en" };
        let json = Output { json: true, lang: "en" };
        assert_eq!(p("lesson list"), Ok(Command::LessonList { out: en }));
        assert_eq!(p("lesson list --json"), Ok(Command::LessonList { out: json }));
        assert_eq!(
            p("lesson check nacl-ephemeral-ports --answer b --answer=q2=c"),
            Ok(Command::LessonCheck {
                lesson: "nacl-ephemeral-ports".into(),
                design: Graded::Start,
                answers: vec![(None, "b".into()), (Some("q2".into()), "c".into())],
                out: en
            })
        );
        assert_eq!(
            p("lesson check x --design d.json --json"),
            Ok(Command::LessonCheck {
                lesson: "x".into(),
                design: Graded::File("d.json".into()),
                answers: vec![],
                out: json
            })
        );
        assert_eq!(
            p("lesson check x --solution"),
            Ok(Command::LessonCheck { lesson: "x".into(), design: Graded::Solution, answers: vec![], out: en })
        );
        for bad in [
            "lesson",
            "lesson check",
            "lesson check x y",
            "lesson check x --design d.json --solution",
            "lesson list --solution",
            "lesson check x --port 80",
            "lesson check x --answer",
            "run a.json --answer b",
            "lesson teach x",
        ] {
            assert!(p(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_commands_and_options() {
        let en = Output { json: false, lang: "en" };
        assert_eq!(p("validate a.json"), Ok(Command::Validate { file: "a.json".into(), out: en }));
        assert_eq!(
            p("validate --json --lang=ko a.json"),
            Ok(Command::Validate { file: "a.json".into(), out: Output { json: true, lang: "ko" } })
        );
        assert_eq!(
            p("reach a.json --from internet --to=alb --port 80"),
            Ok(Command::Reach {
                file: "a.json".into(),
                from: "internet".into(),
                to: "alb".into(),
                protocol: Protocol::Tcp,
                port: 80,
                client_ports: None,
                out: en
            })
        );
        assert!(matches!(p("reach a.json --from a --to b --protocol icmp"), Ok(Command::Reach { port: 0, .. })));
        assert!(matches!(
            p("reach a.json --from a --to b --port 22 --client-ports 49152-65535"),
            Ok(Command::Reach { client_ports: Some(PortRange { from: 49152, to: 65535 }), .. })
        ));
        assert_eq!(
            p("run a.json"),
            Ok(Command::Run { file: "a.json".into(), duration_s: None, seed: None, max_events: None, out: en })
        );
        assert_eq!(
            p("run a.json --duration 1h --seed 7 --max-events 5000 --json"),
            Ok(Command::Run {
                file: "a.json".into(),
                duration_s: Some(3_600.0),
                seed: Some(7),
                max_events: Some(5_000),
                out: Output { json: true, lang: "en" }
            })
        );
        assert_eq!(p("bench --quick"), Ok(Command::Bench { quick: true }));
        assert_eq!(
            p("link a.json --base https://x.test/s/ --view 10,-20.5,0.5"),
            Ok(Command::Link {
                file: "a.json".into(),
                base: "https://x.test/s/".into(),
                view: Some((10.0, -20.5, 0.5)),
                out: en
            })
        );
        assert_eq!(
            p("link a.json"),
            Ok(Command::Link { file: "a.json".into(), base: String::new(), view: None, out: en })
        );
        for (text, secs) in
            [("1h", 3_600.0), ("30m", 1_800.0), ("90s", 90.0), ("250ms", 0.25), ("12", 12.0), ("1.5h", 5_400.0)]
        {
            assert_eq!(parse_duration(text), Ok(secs), "{text}");
        }
        assert_eq!(p(""), Ok(Command::Help));
        assert_eq!(p("--version"), Ok(Command::Version));
    }

    #[test]
    fn refuses_bad_arguments_with_a_reason() {
        for line in [
            "validate",
            "validate a b",
            "validate a --port 3",
            "reach a --to b --port 1",
            "reach a --from a --to b",
            "reach a --from a --to b --port 70000",
            "reach a --from a --to b --port 1 --protocol sctp",
            "reach a --from a --to b --port 1 --client-ports 9-1",
            "validate a --lang fr",
            "validate a --frobnicate",
            "frob a",
            "reach a --from",
            "run",
            "run a --duration soon",
            "run a --seed -1",
            "run a --port 80",
            "run a --max-events 0",
            "run a --max-events -5",
            "run a --max-events many",
            "bench extra",
            "link",
            "link a --json",
            "link a --port 80",
            "link a --view 1,2",
            "link a --view 1,2,0",
            "link a --view 1,x,1",
            "link a --base",
        ] {
            let err = p(line).expect_err(line);
            assert!(!err.is_empty(), "{line}");
        }
    }

    /// Durations that are not a finite number of seconds within the simulator's 30 days
    /// are errors, never a silent default (`1e308h` is infinite seconds once scaled).
    #[test]
    fn duration_table() {
        let day = 86_400.0;
        let cases: [(&str, Option<f64>); 17] = [
            ("0", Some(0.0)),
            ("90s", Some(90.0)),
            ("720h", Some(30.0 * day)),
            ("2592000", Some(30.0 * day)),
            ("721h", None),
            ("100y", None),
            ("876000h", None),
            ("1e308h", None),
            ("1e308", None),
            ("1e400s", None),
            ("inf", None),
            ("infinity", None),
            ("NaN", None),
            ("nanh", None),
            ("-1s", None),
            ("-0.5h", None),
            ("", None),
        ];
        for (text, want) in cases {
            match (parse_duration(text), want) {
                (Ok(got), Some(w)) => assert_eq!(got, w, "{text}"),
                (Err(e), None) => assert!(!e.is_empty(), "{text}"),
                (got, want) => panic!("{text}: got {got:?}, want {want:?}"),
            }
        }
        assert!(p("run a --duration 1e308h").is_err());
        assert!(p("run a --duration=NaN").is_err());
    }
}
