//! Output for people (aligned text) and for programs (the JSON documented in docs/cli.md).

use engine::net::{Direction, Hop, Leg, Rule};
use engine::validate::{Diagnostic, Severity, SubnetUsage};
use engine::{Flow, NodeId, Reachability};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::fmt::Write;

/// JSON text of a document, its messages (`{"msg": code, ...}`) rendered in both languages.
pub fn json_text<T: serde::Serialize>(doc: T) -> serde_json::Result<String> {
    let mut v = serde_json::to_value(doc)?;
    engine::msg::builtin::render_json(&mut v);
    serde_json::to_string_pretty(&v)
}

/// `s` made safe for a terminal: control characters (C0, DEL, C1: escape sequences,
/// carriage returns, line breaks) and bidirectional overrides are written as `\u{..}`.
/// Ids, names and messages come from the document, so without this a node id could move
/// the cursor, rewrite earlier lines or print a fake "ok". Every text printer passes
/// document text through it; JSON output is escaped by serde_json instead.
pub fn safe(s: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

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
    crate::render::json_text(doc).unwrap_or_default()
}

/// `stratus validate`.
pub fn validate_text(file: &str, diagnostics: &[Diagnostic], lang: &str) -> String {
    let l = lang;
    let mut out = String::new();
    for d in diagnostics {
        let _ = writeln!(out, "{:<8} {}  [{}]", severity_name(d.severity), safe(d.target.as_str()), safe(&d.code));
        let _ = writeln!(out, "         {}", safe(&d.message.get(l)));
        let _ = writeln!(out, "         hint: {}", safe(&d.hint.get(l)));
        let _ = writeln!(out, "         see:  {}", safe(&d.source));
    }
    let [errors, warnings, infos] = counts(diagnostics);
    let verdict = if errors == 0 { "ok" } else { "has errors" };
    let _ = writeln!(out, "{}: {verdict} ({errors} errors, {warnings} warnings, {infos} info)", safe(file));
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
    crate::render::json_text(doc).unwrap_or_default()
}

fn rule_text(rule: &Rule) -> String {
    match rule {
        Rule::SecurityGroupRule { index, .. } => format!("rule {index}"),
        Rule::DefaultSecurityGroup => "default group".into(),
        Rule::NetworkAclRule { number: Some(n), .. } => format!("rule {n}"),
        Rule::NetworkAclRule { number: None, .. } => "rule *".into(),
        Rule::Route { destination, target } => format!("{destination} → {}", safe(target.as_str())),
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
    format!(
        "{n:>3}. {direction} {}{implicit} ({kind}){rule}: {}",
        safe(hop.component.as_str()),
        safe(&hop.detail.get(lang))
    )
}

/// `stratus reach`.
pub fn reach_text(from: &NodeId, to: &NodeId, flow: &Flow, answer: &Reachability, lang: &str) -> String {
    let mut out = String::new();
    let verdict = match answer {
        Reachability::Reachable { .. } => "REACHABLE".to_string(),
        Reachability::NotReachable { code, .. } => format!("NOT REACHABLE [{}]", safe(code)),
    };
    let _ = writeln!(out, "{} → {} {}: {verdict}", safe(from.as_str()), safe(to.as_str()), flow_text(flow));
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
        let _ = writeln!(out, "  why: {}", safe(&explanation.get(lang)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_escapes_terminal_controls_and_keeps_text() {
        let cases = [
            ("web-a", "web-a"),
            ("메인 VPC", "메인 VPC"),
            ("a\x1b[2Kb", "a\\u{1b}[2Kb"),
            ("x\rok", "x\\u{d}ok"),
            ("x\nok", "x\\u{a}ok"),
            ("\u{9b}31m", "\\u{9b}31m"),
            ("\u{7f}", "\\u{7f}"),
            ("abc\u{202e}cba", "abc\\u{202e}cba"),
            ("tab\there", "tab\\u{9}here"),
        ];
        for (raw, want) in cases {
            assert_eq!(safe(raw), want, "{raw:?}");
        }
        assert!(matches!(safe("plain"), Cow::Borrowed(_)), "no copy when nothing to escape");
    }

    /// An id that tries to erase the line and print a fake verdict stays one visible line.
    #[test]
    fn validate_text_cannot_be_rewritten_by_an_id() {
        let id = "x\r\x1b[2Kfile.json: ok (0 errors, 0 warnings, 0 info)\n";
        let d = Diagnostic {
            code: "InvalidVpc.Range".into(),
            severity: Severity::Error,
            target: NodeId::from(id),
            message: engine::msg!("kernel.who_what", who = id, what = "is bad"),
            hint: engine::msg!("kernel.who_what", who = "h", what = "h"),
            related: vec![],
            source: "s".into(),
        };
        for lang in ["en", "ko"] {
            let out = validate_text("f\x1b.json", std::slice::from_ref(&d), lang);
            assert!(!out.contains(['\x1b', '\r']), "{out:?}");
            assert_eq!(out.lines().count(), 5, "one line per field: {out:?}");
            assert!(out.ends_with("has errors (1 errors, 0 warnings, 0 info)\n"), "{out:?}");
        }
    }
}
