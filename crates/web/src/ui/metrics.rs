//! What a run shows in words and lines, as HTML text: the Metrics tab (the run's summary and goals, six live charts, the faults' timeline and report) and the hover card's numbers.
//!
//! Drawn again whole a few times a second while a run goes on, and only read: text (ui/html.rs)
//! costs the bundle far less than views, and is tested natively against real runs.

use crate::i18n::{fault_label, tr, Key, Lang};
use crate::render::live::{clock, Live, RunEnd, Sample};
use crate::ui::html::W;

/// The Metrics tab's body for `live`: the summary once the run ended, the charts of the last
/// samples (with the SQS ones when the design has `queues`), and the timeline when faults
/// were injected.
pub fn panel(live: Option<&Live>, queues: bool, l: Lang) -> String {
    let mut w = W::default();
    let Some(live) = live.filter(|x| !x.samples.is_empty()) else {
        w.leaf("p", &[("class", "muted")], tr(l, Key::MetricsIdle));
        return w.0;
    };
    if let Some(s) = &live.summary {
        run_summary(&mut w, s, l);
    }
    let col = |f: fn(&Sample) -> f64| live.samples.iter().map(f).collect::<Vec<f64>>();
    w.open("div", &[("class", "charts")]);
    chart(&mut w, tr(l, Key::ChartRequests), "/s", &[col(|s| s.rps)], "chart-rps");
    chart(&mut w, tr(l, Key::ChartLatency), "ms", &[col(|s| s.p50_ms), col(|s| s.p99_ms)], "chart-latency");
    chart(&mut w, tr(l, Key::ChartErrors), "/s", &[col(|s| s.errors_per_s)], "chart-errors");
    chart(&mut w, tr(l, Key::ChartInstances), "", &[col(|s| s.instances)], "chart-instances");
    chart(&mut w, tr(l, Key::ChartIops), "IOPS", &[col(|s| s.iops)], "chart-iops");
    chart(&mut w, tr(l, Key::ChartCost), "USD", &[col(|s| s.cost_usd)], "chart-cost");
    // What CloudWatch shows for SQS: ApproximateNumberOfMessagesVisible,
    // ApproximateAgeOfOldestMessage, and the messages retention deleted.
    if queues {
        chart(&mut w, tr(l, Key::ChartBacklog), "", &[col(|s| s.backlog)], "chart-backlog");
        chart(&mut w, tr(l, Key::ChartOldestAge), "s", &[col(|s| s.oldest_age_s)], "chart-oldest-age");
        chart(&mut w, tr(l, Key::ChartLost), "", &[col(|s| s.lost)], "chart-lost");
    }
    w.close("div");
    timeline(&mut w, live, l);
    w.0
}

/// A small line chart of one or two series.
fn chart(w: &mut W, title: &str, unit: &str, series: &[Vec<f64>], testid: &str) {
    let (width, height) = (220.0, 44.0);
    let max = series.iter().flatten().copied().fold(0.0_f64, f64::max).max(1e-9);
    let colours = ["#0972d3", "#d91515"];
    // Counts (instances, messages) read as whole numbers: "0", not "0.000".
    let whole = series.iter().flatten().all(|v| v.fract() == 0.0);
    let shown = |v: f64| if whole { format!("{v:.0}") } else { format_value(v) };
    let latest: Vec<String> = series.iter().map(|s| s.last().map(|v| shown(*v)).unwrap_or_default()).collect();
    w.open("figure", &[("class", "chart"), ("data-testid", testid)]);
    w.open("figcaption", &[]);
    w.text(title);
    w.leaf("b", &[], &format!(" {} {unit}", latest.join(" / ")));
    w.close("figcaption");
    w.open("svg", &[("viewBox", &format!("0 0 {width} {height}")), ("preserveAspectRatio", "none"), ("role", "img")]);
    for (k, values) in series.iter().enumerate() {
        let n = values.len().max(2) - 1;
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", i as f64 * width / n as f64, height - v / max * (height - 2.0) - 1.0))
            .collect();
        // The class lets the theme's style sheet recolour the series.
        let class = format!("series-{}", k % 2);
        w.open(
            "polyline",
            &[
                ("class", &class),
                ("points", &points.join(" ")),
                ("fill", "none"),
                ("stroke", colours[k % 2]),
                ("stroke-width", "1.5"),
            ],
        );
        w.close("polyline");
    }
    w.close("svg");
    w.close("figure");
}

/// A chart's latest value, as many digits as it deserves.
pub fn format_value(v: f64) -> String {
    // A sum of tiny negative rounding errors printed "-0.000".
    let v = if v.abs() < 5e-4 { 0.0 } else { v };
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// A goal's name, its bound and the run's value, in words.
fn goal_line(g: &simworker::wire::Goal, l: Lang) -> (String, String, String) {
    let pct = |v: f64| format!("{:.2} %", v * 100.0);
    let name = |goal: &str| crate::i18n::phrase(l, &format!("phrase.goal_short.{goal}"), &[]);
    let (name, at_most, fmt): (String, bool, Box<dyn Fn(f64) -> String>) = match g.goal.as_str() {
        "p50_ms" => ("p50".into(), true, Box::new(|v| format!("{v:.0} ms"))),
        "p95_ms" => ("p95".into(), true, Box::new(|v| format!("{v:.0} ms"))),
        "p99_ms" => ("p99".into(), true, Box::new(|v| format!("{v:.0} ms"))),
        goal @ ("error_rate" | "availability") => (name(goal), goal == "error_rate", Box::new(pct)),
        goal @ "cost_per_hour_usd" => (name(goal), true, Box::new(|v| format!("${v:.3}"))),
        goal @ ("recovery_s" | "message_age_s") => (name(goal), true, Box::new(|v| format!("{v:.0} s"))),
        goal @ ("requests_lost" | "messages_lost" | "duplicates") => {
            (name(goal), true, Box::new(|v| format!("{v:.0}")))
        }
        other => (other.to_string(), true, Box::new(|v| format!("{v}"))),
    };
    let bound = format!("{} {}", if at_most { "≤" } else { "≥" }, fmt(g.target));
    (name, bound, fmt(g.actual))
}

/// The end of a run, at the top of the Metrics tab: requests, latency, errors, cost,
/// availability, and each goal met or missed with the verdict.
fn run_summary(w: &mut W, s: &RunEnd, l: Lang) {
    let r = &s.requests;
    let (started, ok, failed) = (r.started.to_string(), r.succeeded.to_string(), r.failed.to_string());
    let requests =
        crate::i18n::phrase(l, "phrase.summary.requests", &[("started", &started), ("ok", &ok), ("failed", &failed)]);
    let rows = [
        (tr(l, Key::SummaryRequests), requests),
        (tr(l, Key::SummaryLatency), format!("{:.1} / {:.1} ms", s.latency_ms.p50, s.latency_ms.p99)),
        (tr(l, Key::SummaryErrors), format!("{:.2} %", s.error_rate * 100.0)),
        (tr(l, Key::SummaryAvailability), format!("{:.2} %", s.availability * 100.0)),
        (tr(l, Key::SummaryCost), format!("${:.3} (${:.3}/h)", s.cost_usd, s.cost_per_hour_usd)),
    ];
    let simulated = clock((s.simulated_s * 1e6) as u64);
    let title = crate::i18n::phrase(l, "phrase.summary.title", &[("simulated", &simulated)]);
    w.open("section", &[("class", "run-summary"), ("data-testid", "run-summary"), ("role", "status")]);
    w.leaf("h3", &[], &title);
    w.open("dl", &[]);
    for (k, v) in rows {
        w.open("div", &[]);
        w.leaf("dt", &[], k);
        w.leaf("dd", &[], &v);
        w.close("div");
    }
    w.close("dl");
    if !s.goals.is_empty() {
        let (class, text) = if s.goals_met {
            ("verdict met", tr(l, Key::EveryGoalMet))
        } else {
            ("verdict missed", tr(l, Key::GoalsMissedVerdict))
        };
        let met = s.goals_met.to_string();
        w.leaf("p", &[("class", class), ("data-testid", "run-verdict"), ("data-met", &met)], text);
        w.open("ul", &[("class", "run-goals")]);
        for g in &s.goals {
            let (name, bound, actual) = goal_line(g, l);
            let mark = if g.met { "✓" } else { "✗" };
            let met = g.met.to_string();
            w.leaf(
                "li",
                &[("class", if g.met { "met" } else { "missed" }), ("data-testid", "run-goal"), ("data-met", &met)],
                &format!("{mark} {name} {bound}: {actual}"),
            );
        }
        w.close("ul");
    }
    w.close("section");
}

/// The hover card's contents for element `id` (called `name`), while a simulation exists.
pub fn hover(live: &Live, id: &engine::NodeId, name: &str, l: Lang) -> Option<String> {
    let stat = live.node(id)?;
    let mut rows = vec![
        (tr(l, Key::ChartRequests), format!("{:.1}/s", stat.rps)),
        (tr(l, Key::Latency), format!("{:.1} ms", stat.latency_ms)),
        (tr(l, Key::Utilisation), format!("{:.0}%", stat.utilisation * 100.0)),
        (tr(l, Key::Queue), stat.queue.to_string()),
        (tr(l, Key::ChartErrors), format!("{:.1}/s", stat.errors_per_s)),
    ];
    if let Some((used, limit)) = stat.iops {
        rows.push(("IOPS", format!("{used:.0} / {limit:.0}")));
    }
    let mut w = W::default();
    w.leaf("b", &[], name);
    w.open("dl", &[]);
    for (k, v) in rows {
        w.leaf("dt", &[], k);
        w.leaf("dd", &[], &v);
    }
    w.close("dl");
    Some(w.0)
}

/// Under the charts: the run as a bar with a red mark where each fault began, a green one
/// where it recovered, and the fault's span shaded; then each fault's numbers.
fn timeline(w: &mut W, live: &Live, l: Lang) {
    let faults = &live.faults;
    if faults.is_empty() {
        return;
    }
    let (now_s, end_s) = (live.now_us() as f64 / 1e6, live.end_us() as f64 / 1e6);
    let width = 600.0;
    let span = end_s.max(1.0);
    let x = |t: f64| (t / span * width).clamp(0.0, width);
    let rect = |w: &mut W, class: &str, x: f64, y: &str, wide: f64, high: &str, title: Option<&str>| {
        let (x, wide) = (format!("{x}"), format!("{wide}"));
        w.open("rect", &[("x", &x), ("y", y), ("width", &wide), ("height", high), ("class", class)]);
        if let Some(t) = title {
            w.leaf("title", &[], t);
        }
        w.close("rect");
    };
    w.open("figure", &[("class", "timeline"), ("data-testid", "fault-timeline")]);
    w.leaf("figcaption", &[], tr(l, Key::Timeline));
    w.open(
        "svg",
        &[
            ("viewBox", &format!("0 0 {width} 20")),
            ("preserveAspectRatio", "none"),
            ("role", "img"),
            ("aria-label", tr(l, Key::Timeline)),
        ],
    );
    rect(w, "timeline-bar", 0.0, "8", width, "4", None);
    for f in faults {
        let start = x(f.start_s);
        let healed = f.time_to_recover_s.map(|r| x(f.start_s + r));
        let until = healed.unwrap_or_else(|| x(f.end_s.unwrap_or(now_s)));
        rect(w, "fault-span", start, "4", (until - start).max(1.0), "12", None);
        rect(w, "fault-start", start - 1.0, "0", 2.0, "20", Some(fault_label(l, &f.fault)));
        if let Some(h) = healed {
            rect(w, "fault-recovered", h - 1.0, "0", 2.0, "20", None);
        }
    }
    rect(w, "timeline-now", x(now_s) - 0.5, "0", 1.0, "20", None);
    w.close("svg");
    w.close("figure");
    w.open("table", &[("class", "fault-report"), ("data-testid", "fault-report")]);
    w.open("thead", &[]);
    w.open("tr", &[]);
    for k in [Key::Fault, Key::Target, Key::Start, Key::TimeToRecover, Key::RequestsLost, Key::Availability] {
        w.leaf("th", &[], tr(l, k));
    }
    w.close("tr");
    w.close("thead");
    w.open("tbody", &[]);
    for f in faults {
        let (state, ttr) = recovery_state(f, now_s, live.finished, l);
        w.open("tr", &[("data-testid", "fault-row"), ("data-state", state)]);
        let cells = [
            fault_label(l, &f.fault).to_string(),
            f.target.clone(),
            format!("{:.0} s", f.start_s),
            ttr,
            f.requests_lost.to_string(),
            format!("{:.2} %", f.availability * 100.0),
        ];
        for c in cells {
            w.leaf("td", &[], &c);
        }
        w.close("tr");
    }
    w.close("tbody");
    w.close("table");
}

/// Where a fault stands now, for the table's time-to-recover cell, which updates while the
/// run goes on: `recovered` after N s; while not yet, `failing` (the fault is still on) or
/// `recovering` (it has ended, the design is catching up), with the seconds so far; at the
/// end of a run, `not-recovered`.
pub fn recovery_state(f: &engine::sim::FaultReport, now_s: f64, finished: bool, l: Lang) -> (&'static str, String) {
    let so_far = (now_s - f.start_s).max(0.0);
    let secs = |v: f64| format!("{v:.0}");
    match f.time_to_recover_s {
        Some(r) => ("recovered", crate::i18n::phrase(l, "phrase.recovery.recovered", &[("s", &secs(r))])),
        None if finished => ("not-recovered", tr(l, Key::NeverRecovered).to_string()),
        None if f.end_s.is_none() => {
            ("failing", crate::i18n::phrase(l, "phrase.recovery.failing", &[("s", &secs(so_far))]))
        }
        None => ("recovering", crate::i18n::phrase(l, "phrase.recovery.recovering", &[("s", &secs(so_far))])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::live::local::Local;

    fn scenario(name: &str) -> engine::Scenario {
        engine::scenarios::built_in(name).unwrap()
    }

    /// Before a run: one line saying so. During a run of the reference app: six charts whose
    /// caption carries the latest value; after it: the summary, in the reader's language.
    #[test]
    fn the_metrics_follow_a_real_run() {
        assert!(panel(None, false, Lang::En).contains(&engine::text::escape_markup(tr(Lang::En, Key::MetricsIdle))));
        let mut local = Local::new(&scenario("reference-web-app")).unwrap();
        for _ in 0..30 {
            local.step_second();
        }
        let html = panel(Some(&local.live), false, Lang::En);
        for id in ["chart-rps", "chart-latency", "chart-errors", "chart-instances", "chart-iops", "chart-cost"] {
            assert!(html.contains(&format!("data-testid=\"{id}\"")), "{id}");
        }
        assert_eq!(html.matches("<polyline").count(), 7, "latency has two series");
        assert!(!html.contains("run-summary"), "not finished yet");
        while !local.live.finished {
            local.step_second();
        }
        let ko = panel(Some(&local.live), false, Lang::Ko);
        assert!(ko.contains("data-testid=\"run-summary\"") && ko.contains("실행 완료"), "{ko}");
    }

    /// A design with an SQS queue gets CloudWatch's queue charts: the spike of the decoupling
    /// example (from 60 s) builds a backlog that the chart's latest value shows, and the
    /// oldest message ages; a design without queues has no such charts.
    #[test]
    fn a_queue_gets_backlog_age_and_lost_charts() {
        let mut local = Local::new(&scenario("sqs-decoupling")).unwrap();
        let mut peak = (0.0_f64, 0.0_f64);
        for _ in 0..150 {
            local.step_second();
            if let Some(s) = local.live.samples.back() {
                peak = (peak.0.max(s.backlog), peak.1.max(s.oldest_age_s));
            }
        }
        assert!(peak.0 > 1000.0 && peak.1 > 1.0, "backlog and oldest age during the spike: {peak:?}");
        let html = panel(Some(&local.live), true, Lang::Ko);
        for id in ["chart-backlog", "chart-oldest-age", "chart-lost"] {
            assert!(html.contains(&format!("data-testid=\"{id}\"")), "{id}");
        }
        assert!(html.contains("대기 중인 메시지"), "{html}");
        // Messages are counted whole: the lost chart reads "0", not "0.000".
        assert!(!html.contains("0.000"), "{html}");
        assert!(!panel(Some(&local.live), false, Lang::En).contains("chart-backlog"));
    }

    /// An injected fault shows on the timeline and in the report, with where it stands.
    #[test]
    fn a_fault_is_marked_and_reported() {
        let mut local = Local::new(&scenario("asg-az-outage")).unwrap();
        while local.live.faults.is_empty() && !local.live.finished {
            local.step_second();
        }
        let html = panel(Some(&local.live), false, Lang::En);
        assert!(html.contains("class=\"fault-start\"") && html.contains("data-testid=\"fault-row\""), "{html}");
        assert!(html.contains("data-state=\"failing\""), "{html}");
    }

    /// The hover card names the element as text, never markup.
    #[test]
    fn the_hover_card_escapes_names() {
        let mut local = Local::new(&scenario("reference-web-app")).unwrap();
        local.step_second();
        let id = local.live.nodes.first().map(|n| n.id.clone()).unwrap();
        let card = hover(&local.live, &id, "<i>web</i>", Lang::En).unwrap();
        assert!(card.starts_with("<b>&lt;i&gt;web&lt;/i&gt;</b>"), "{card}");
        assert!(hover(&local.live, &"nowhere".into(), "x", Lang::En).is_none());
    }

    #[test]
    fn values_keep_the_digits_they_deserve() {
        assert_eq!(format_value(-0.0001), "0.000");
        assert_eq!(format_value(12.345), "12.3");
        assert_eq!(format_value(1234.5), "1234");
    }
}
