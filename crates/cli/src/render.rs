//! Output for people (aligned text) and for programs (the JSON documented in docs/cli.md).

use engine::net::{Direction, Hop, Leg, Rule};
use engine::validate::{Diagnostic, Severity, SubnetUsage};
use engine::{Flow, NodeId, Reachability};
use serde_json::{json, Value};
use std::fmt::Write;

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn counts(diagnostics: &[Diagnostic]) -> [usize; 3] {
    let n = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    [n(Severity::Error), n(Severity::Warning), n(Severity::Info)]
}

/// `stratus validate --json`.
pub fn validate_json(file: &str, diagnostics: &[Diagnostic], usage: &[SubnetUsage]) -> String {
    let [errors, warnings, infos] = counts(diagnostics);
    let doc = json!({
        "file": file,
        "ok": errors == 0,
        "errors": errors,
        "warnings": warnings,
        "infos": infos,
        "diagnostics": diagnostics,
        "subnets": usage,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// `stratus validate`.
pub fn validate_text(file: &str, diagnostics: &[Diagnostic], lang: &str) -> String {
    let l = lang;
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{:<8} {}  [{}]", severity_name(d.severity), d.target, d.code);
        let _ = writeln!(out, "         {}", d.message.get(l));
        let _ = writeln!(out, "         hint: {}", d.hint.get(l));
        let _ = writeln!(out, "         see:  {}", d.source);
    }
    let [errors, warnings, infos] = counts(diagnostics);
    let verdict = if errors == 0 { "ok" } else { "has errors" };
    let _ = writeln!(out, "{file}: {verdict} ({errors} errors, {warnings} warnings, {infos} info)");
    out
}

fn flow_text(flow: &Flow) -> String {
    match flow.protocol {
        engine::model::Protocol::Icmp => "icmp".to_string(),
        p => format!(
            "{}/{}",
            serde_json::to_value(p).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
            flow.port
        ),
    }
}

/// `stratus reach --json`: the reachability answer with the question around it.
pub fn reach_json(file: &str, from: &NodeId, to: &NodeId, flow: &Flow, answer: &Reachability, errors: usize) -> String {
    let mut doc = serde_json::to_value(answer).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut doc {
        map.insert("file".into(), json!(file));
        map.insert("from".into(), json!(from));
        map.insert("to".into(), json!(to));
        map.insert("flow".into(), json!(flow));
        map.insert("reachable".into(), json!(answer.is_reachable()));
        map.insert("scenario_errors".into(), json!(errors));
    }
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn rule_text(rule: &Rule) -> String {
    match rule {
        Rule::SecurityGroupRule { index, .. } => format!("rule {index}"),
        Rule::DefaultSecurityGroup => "default group".into(),
        Rule::NetworkAclRule { number: Some(n), .. } => format!("rule {n}"),
        Rule::NetworkAclRule { number: None, .. } => "rule *".into(),
        Rule::Route { destination, target } => format!("{destination} → {target}"),
        Rule::ConnectionTracking => "connection tracking".into(),
    }
}

fn hop_line(n: usize, hop: &Hop, lang: &str) -> String {
    let kind = serde_json::to_value(hop.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
    let direction = match hop.direction {
        Direction::Inbound => "in ",
        Direction::Outbound => "out",
    };
    let implicit = if hop.implicit { " (implicit)" } else { "" };
    let rule = hop.rule.as_ref().map(|r| format!(" [{}]", rule_text(r))).unwrap_or_default();
    format!("{n:>3}. {direction} {}{implicit} ({kind}){rule}: {}", hop.component, hop.detail.get(lang))
}

/// `stratus reach`.
pub fn reach_text(from: &NodeId, to: &NodeId, flow: &Flow, answer: &Reachability, lang: &str) -> String {
    let mut out = String::new();
    let verdict = match answer {
        Reachability::Reachable { .. } => "REACHABLE".to_string(),
        Reachability::NotReachable { code, .. } => format!("NOT REACHABLE [{code}]"),
    };
    let _ = writeln!(out, "{from} → {to} {}: {verdict}", flow_text(flow));
    let mut leg = None;
    let mut n = 0;
    let path = answer.path();
    let blocked = match answer {
        Reachability::NotReachable { blocked_at, .. } => Some(blocked_at),
        Reachability::Reachable { .. } => None,
    };
    for hop in path.iter().chain(blocked) {
        if leg != Some(hop.leg) {
            leg = Some(hop.leg);
            let _ = writeln!(out, "  {}", if hop.leg == Leg::Request { "request" } else { "response" });
        }
        n += 1;
        let line = hop_line(n, hop, lang);
        if Some(hop) == blocked && n == path.len() + 1 {
            let _ = writeln!(out, "  ✗ {}", line.trim_start());
        } else {
            let _ = writeln!(out, "  {line}");
        }
    }
    if let Reachability::NotReachable { explanation, .. } = answer {
        let _ = writeln!(out, "  why: {}", explanation.get(lang));
    }
    out
}
