//! The command line, parsed by hand: a command, a file and a few `--options`.

use engine::model::{PortRange, Protocol};

/// What the user asked for.
#[derive(Debug, PartialEq, Eq)]
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
    /// `run` or `bench`: known, not built yet.
    NotYet(String),
    /// `help`, `--help`, `-h`.
    Help,
    /// `--version`.
    Version,
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
  stratus help | --version

FILE is a scenario JSON file (docs/format.md), or - for standard input.
Exit codes: 0 ok / reachable; 1 errors found / not reachable; 2 bad input or arguments.
See docs/cli.md for the JSON output.";

/// Parses the arguments after the program name. `Err` is a message for stderr (exit 2).
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut positional: Vec<&str> = Vec::new();
    let mut out = Output { json: false, lang: "en" };
    let (mut from, mut to, mut protocol, mut port, mut client_ports) = (None, None, None, None, None);
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
    match command {
        "help" => Ok(Command::Help),
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
        "run" | "bench" => Ok(Command::NotYet(command.to_string())),
        other => Err(format!("unknown command '{other}'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Result<Command, String> {
        parse(&line.split_whitespace().map(String::from).collect::<Vec<_>>())
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
        assert_eq!(p("run a.json"), Ok(Command::NotYet("run".into())));
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
        ] {
            let err = p(line).expect_err(line);
            assert!(!err.is_empty(), "{line}");
        }
    }
}
