//! `stratus run` (a scenario's traffic simulated, summarised for people or as JSON) and `stratus bench` (native benchmarks of the simulator, as JSON).

use crate::render::safe;
use engine::sim::{fingerprint, mmc, RunSummary, Simulation};
use engine::Scenario;
use serde_json::{json, Value};
use std::fmt::Write;

/// `stratus run --json`: the run summary with the file and the fingerprint around it.
pub fn run_json(file: &str, summary: &RunSummary) -> String {
    let mut doc = serde_json::to_value(summary).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut doc {
        map.insert("file".into(), json!(file));
        map.insert("fingerprint".into(), json!(format!("{:016x}", fingerprint(summary))));
    }
    crate::render::json_text(doc).unwrap_or_default()
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `stratus run`: the summary for people.
pub fn run_text(summary: &RunSummary, lang: &str) -> String {
    let s = summary;
    let ko = lang == "ko";
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} s of traffic, {} s simulated, seed {}, {} events",
        safe(&s.scenario),
        s.duration_s,
        s.simulated_s,
        s.seed,
        thousands(s.events)
    );
    if let Some(stop) = &s.stopped_early {
        // First, so that nobody reads the numbers below as a whole run.
        let tip = if ko { "--max-events로 한도를 늘릴 수 있습니다" } else { "raise it with --max-events" };
        let _ = writeln!(out, "STOPPED   {} ({tip})", stop.message.get(lang));
    }
    let r = s.requests;
    let _ = writeln!(
        out,
        "requests  {} started, {} ok, {} failed ({:.3} % available, {:.1} req/s)",
        thousands(r.started),
        thousands(r.succeeded),
        thousands(r.failed),
        s.availability * 100.0,
        s.throughput_rps
    );
    let l = s.latency_ms;
    let _ = writeln!(
        out,
        "latency   p50 {:.1} ms   p95 {:.1} ms   p99 {:.1} ms   mean {:.1} ms   max {:.1} ms",
        l.p50, l.p95, l.p99, l.mean, l.max
    );
    for (cause, n) in &s.errors {
        let _ = writeln!(out, "error     {}: {}", safe(cause), thousands(*n));
    }
    for b in &s.blocked {
        let at = safe(b.blocked_at.as_ref().map(|n| n.as_str()).unwrap_or("?"));
        let from = safe(b.from.as_ref().map(|n| n.as_str()).unwrap_or("?"));
        let to = safe(b.to.as_ref().map(|n| n.as_str()).unwrap_or("?"));
        let why = b.explanation.as_ref().map(|t| t.get(lang)).unwrap_or_default();
        let why = safe(&why);
        let _ = writeln!(out, "blocked   {from} -> {to} at {at} [{}]: {why}", safe(&b.code));
    }
    let _ = writeln!(
        out,
        "{:<18} {:<24} {:>9} {:>7} {:>6} {:>7} {:>9}  other",
        "node", "kind", "req/s", "errors", "cpu", "queue", "p99 ms"
    );
    for n in &s.nodes {
        let cpu = n.cpu_utilisation.map(|u| format!("{:.0} %", u * 100.0)).unwrap_or_default();
        let queue = n.queue_max.map(|q| q.to_string()).unwrap_or_default();
        let p99 = n.latency_p99_ms.map(|x| format!("{x:.1}")).unwrap_or_default();
        let mut other = Vec::new();
        if let Some(h) = n.hit_ratio {
            other.push(format!("hit ratio {:.1} %", h * 100.0));
        }
        if let (Some(used), Some(limit)) = (n.iops_mean, n.iops_limit) {
            other.push(format!("IOPS {used:.0} of {limit:.0}"));
        }
        if let Some(b) = n.burst_balance_min_pct {
            other.push(format!("burst balance ≥ {b:.1} %"));
        }
        if let Some(q) = n.dns_queries {
            other.push(format!("{} DNS queries", thousands(q)));
        }
        if let Some(t) = n.throttled.filter(|t| *t > 0) {
            other.push(format!("{} throttled", thousands(t)));
        }
        if let Some(lag) = n.replica_lag_max_ms {
            other.push(format!("replica lag ≤ {lag:.1} ms"));
        }
        if let Some(m) = n.messages {
            let c = m.counts;
            other.push(format!(
                "{} sent, {} consumed, {} expired, {} dead-lettered, {} duplicates, {} left; backlog ≤ {}, oldest ≤ {:.1} s",
                thousands(c.sent + c.moved_in),
                thousands(c.consumed),
                thousands(c.expired),
                thousands(c.dead_lettered),
                thousands(c.duplicates),
                thousands(m.stored),
                thousands(m.max_backlog),
                m.max_age_s
            ));
        }
        if let Some(d) = n.deliveries {
            other.push(format!("{} deliveries", thousands(d)));
        }
        let _ = writeln!(
            out,
            "{:<18} {:<24} {:>9.1} {:>7} {:>6} {:>7} {:>9}  {}",
            safe(n.id.as_str()),
            n.kind,
            n.rps,
            n.errors,
            cpu,
            queue,
            p99,
            other.join(", ")
        );
    }
    let _ = writeln!(out, "cost      ${:.2} (${:.2} per hour)", s.cost_usd, s.cost_per_hour_usd);
    for line in s.cost.lines.iter().filter(|l| l.usd >= 0.005) {
        let _ = writeln!(out, "          ${:>9.2}  {}", line.usd, safe(&line.item));
    }
    for f in &s.faults {
        let recovered = match f.time_to_recover_s {
            Some(t) if ko => format!("{t:.0}초 만에 복구"),
            Some(t) => format!("recovered in {t:.0} s"),
            None if ko => "복구되지 않음".to_string(),
            None => "never recovered".to_string(),
        };
        let end = f.end_s.map(|e| format!("-{e:.0}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "fault     {} {} at {:.0}{end} s: {recovered}, {} of {} requests lost ({:.3} % available)",
            safe(&f.fault),
            safe(&f.target),
            f.start_s,
            thousands(f.requests_lost),
            thousands(f.requests),
            f.availability * 100.0
        );
    }
    for e in &s.timeline {
        let _ = writeln!(out, "{:>8.1} s  {}", e.t_us as f64 / 1e6, safe(&e.message.get(lang)));
    }
    for g in &s.goals {
        let (op, mark) = (if g.goal == "availability" { "≥" } else { "≤" }, if g.met { "met" } else { "MISSED" });
        let _ = writeln!(out, "goal      {} {op} {}: {:.4} {mark}", g.goal, g.target, g.actual);
    }
    let verdict = match (s.goals.is_empty(), s.goals_met, ko) {
        (true, _, false) => "no goals set",
        (true, _, true) => "목표 없음",
        (false, true, false) => "every goal met",
        (false, true, true) => "모든 목표 달성",
        (false, false, false) => "a goal was missed",
        (false, false, true) => "달성하지 못한 목표가 있습니다",
    };
    let _ = writeln!(out, "{verdict} (fingerprint {:016x})", fingerprint(s));
    out
}

/// Peak resident memory of this process, MiB (Linux `VmHWM`); `None` elsewhere.
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// `stratus bench`: events/s of the core on M/M/c, and the reference web app for one
/// simulated hour at 1,000 req/s (wall time, events/s, peak memory). JSON on stdout.
pub fn bench(quick: bool) -> Result<String, String> {
    // M/M/4 at ρ = 0.9: 4 servers of 100/s, 360 arrivals/s; 2 events per customer.
    let customers = if quick { 100_000 } else { 10_000_000 };
    let (lambda, mu, c) = (360.0, 100.0, 4);
    let (m, mmc_wall) = crate::scale::timed(|| mmc::run(lambda, mu, c, customers, 1));
    let erlang = mmc::mean_wait(lambda, mu, c);
    let text = engine::scenarios::BUILT_IN
        .iter()
        .find(|(n, _)| *n == "reference-web-app")
        .map(|(_, t)| *t)
        .ok_or("the reference-web-app scenario is not built in")?;
    let mut scenario = Scenario::from_json(text).map_err(|e| e.to_string())?;
    scenario.simulation.duration_s = if quick { 60.0 } else { 3_600.0 };
    let (result, wall) = crate::scale::timed(|| -> Result<(RunSummary, u64), String> {
        let mut sim = Simulation::new(&scenario, 1).map_err(|e| e.to_string())?;
        sim.run();
        Ok((sim.summary(), sim.events()))
    });
    let (summary, steps) = result?;
    let doc = json!({
        "build": if cfg!(debug_assertions) { "debug" } else { "release" },
        "quick": quick,
        "mmc": {
            "model": "M/M/4, utilisation 0.9",
            "customers": m.customers,
            "events": m.events,
            "wall_s": mmc_wall,
            "events_per_s": m.events as f64 / mmc_wall.max(1e-9),
            "mean_wait_s": m.mean_wait_s,
            "erlang_c_wait_s": erlang,
        },
        "reference_web_app": {
            "simulated_s": summary.simulated_s,
            "rps": 1_000,
            "requests": summary.requests.started,
            "events": steps,
            "wall_s": wall,
            "events_per_s": steps as f64 / wall.max(1e-9),
            "simulated_per_wall": summary.simulated_s / wall.max(1e-9),
            "p99_ms": summary.latency_ms.p99,
            "fingerprint": format!("{:016x}", fingerprint(&summary)),
        },
        "peak_memory_mib": peak_memory_mib(),
    });
    // After the peak above is read: the 20k-instance designs take far more memory than
    // the reference app, whose figure it is.
    let mut doc = doc;
    doc["scale"] = crate::scale::bench(quick)?;
    doc["scale"]["peak_memory_mib"] = json!(peak_memory_mib());
    Ok(crate::render::json_text(doc).unwrap_or_default())
}
