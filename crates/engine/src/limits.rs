//! Caps on what one scenario can make the simulator hold or do, so that a few hundred bytes of JSON never become gigabytes of memory or hours of work; `validate` reports every clamp as a warning and the simulator applies the same functions.
//!
//! Each cap is far above what a teaching design needs (every built-in scenario stays well
//! under all of them; a test checks it) and low enough that the worst document stays within
//! a browser tab's memory. docs/format.md ("Limits") lists them with their reasons.
//!
//! One place: the simulator (`sim::plan`, `sim::Simulation`) calls these functions and
//! `validate` calls [`clamps`], which compares each document value with what they return.

use crate::model::{ClientPopulation, NodeId, RatePattern, ScalingPolicy, Scenario, Spec};
use crate::msg::Msg;

/// Requests per second one population can send. A teaching design serves hundreds to
/// thousands; a million keeps the thinning arithmetic and the event queue sane.
pub const MAX_POPULATION_RPS: f64 = 1_000_000.0;

/// Requests per second all populations together can send (at their peaks). Above it every
/// population is scaled down by the same factor, so their shares are kept. Without it,
/// thousands of populations at a million each would multiply the work.
pub const MAX_TOTAL_RPS: f64 = 1_000_000.0;

/// Requests in flight in the whole simulation. Each costs about 125 bytes (its slot and
/// its pending event), so this bounds their memory near 30 MB. By Little's law it allows
/// the total rate cap at 250 ms per request; beyond it a new request is refused at once
/// (`Stratus.InFlightLimit`, 503), counted with the other errors.
pub const MAX_IN_FLIGHT: u64 = 250_000;

/// The largest `app.max_concurrency`. An instance holds at most this many requests (queued
/// for a vCPU, on one, or waiting on its backend), so it also bounds the queue at one
/// instance. Real servers stop far earlier (Linux's default listen backlog is 4,096).
pub const MAX_CONCURRENCY: u32 = 65_536;

/// The largest Auto Scaling group the simulator runs (AWS's own limit is the account's
/// vCPU quota).
pub const MAX_ASG_SIZE: u32 = 500;

/// Instances all Auto Scaling groups together may have (their `max`, or a scheduled
/// action's larger `max`). Groups take their share in document order; later groups get
/// what is left.
pub const MAX_ASG_INSTANCES: u32 = 20_000;

/// How long users send requests: 30 days, in seconds. A longer run would take hours.
pub const MAX_DURATION_S: f64 = 30.0 * 86_400.0;

/// Events one run processes at most (`Simulation::run`). The reference web app's hour at
/// 1,000 req/s takes 14 million; a run past this stops early and its summary says so.
pub const MAX_EVENTS: u64 = 100_000_000;

/// The longest mean service time (`cpu_ms`, `static_cpu_ms`, `read_ms`, `write_ms`): an
/// hour, in ms. Longer keeps simulated time from overflowing and never changes an outcome:
/// clients give up after at most a day.
pub const MAX_SERVICE_MS: f64 = 3_600_000.0;

/// Distinct static objects of a population (the CloudFront cache keeps one expiry per
/// object per edge, and the Zipf table one number per object).
pub const MAX_OBJECTS: u32 = 1_000_000;

/// DNS resolvers of one population (each keeps a cached answer per record).
pub const MAX_RESOLVERS: u32 = 100_000;

/// Peer calls one request makes (`app.peer_calls`); each is a loop step.
pub const MAX_PEER_CALLS: u32 = 1_000;

/// The highest rate `rate` ever reaches, within the per-population cap; 0 for a rate that
/// is negative or not a number (`validate` reports those as errors).
pub fn peak_rps(rate: &RatePattern) -> f64 {
    let m = match *rate {
        RatePattern::Constant { rps } => rps,
        RatePattern::Ramp { from_rps, to_rps, .. } => from_rps.max(to_rps),
        RatePattern::Spike { base_rps, peak_rps, .. } => base_rps.max(peak_rps),
        RatePattern::Diurnal { mean_rps, amplitude, .. } => mean_rps * (1.0 + amplitude.clamp(0.0, 1.0)),
    };
    if m.is_finite() {
        m.clamp(0.0, MAX_POPULATION_RPS)
    } else {
        0.0
    }
}

/// The factor every population's rate is multiplied by so that their peaks add up to at
/// most [`MAX_TOTAL_RPS`]: exactly 1 below the cap (so designs under it run unchanged).
pub fn rate_scale(traffic: &[ClientPopulation]) -> f64 {
    let total: f64 = traffic.iter().map(|p| peak_rps(&p.rate)).sum();
    if total > MAX_TOTAL_RPS {
        MAX_TOTAL_RPS / total
    } else {
        1.0
    }
}

/// The concurrency an application gets: at least 1, at most [`MAX_CONCURRENCY`].
pub fn max_concurrency(v: u32) -> u32 {
    v.clamp(1, MAX_CONCURRENCY)
}

/// How long users send requests, s: the document's value up to [`MAX_DURATION_S`]; the
/// default 60 s for a value that is negative or not a number (an error in `validate`).
pub fn duration_s(d: f64) -> f64 {
    if d.is_finite() && d >= 0.0 {
        d.min(MAX_DURATION_S)
    } else {
        60.0
    }
}

/// A mean service time, ms, up to [`MAX_SERVICE_MS`]; `default` if negative or not a number.
pub fn service_ms(x: f64, default: f64) -> f64 {
    if x.is_finite() && x >= 0.0 {
        x.min(MAX_SERVICE_MS)
    } else {
        default
    }
}

/// The sizes an Auto Scaling group runs with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsgSize {
    /// Minimum size.
    pub min: u32,
    /// Maximum size.
    pub max: u32,
    /// Desired capacity.
    pub desired: u32,
    /// The most a scheduled action may raise `max` to.
    pub ceiling: u32,
}

/// Shares [`MAX_ASG_INSTANCES`] among Auto Scaling groups, in document order.
#[derive(Clone, Debug)]
pub struct AsgBudget {
    left: u32,
}

impl Default for AsgBudget {
    fn default() -> Self {
        AsgBudget { left: MAX_ASG_INSTANCES }
    }
}

impl AsgBudget {
    /// The sizes of the next group: its ceiling is [`MAX_ASG_SIZE`] or what is left, and
    /// it reserves the largest `max` it can reach (its own or a scheduled action's).
    pub fn take(&mut self, min: u32, max: u32, desired: u32, policies: &[ScalingPolicy]) -> AsgSize {
        let ceiling = MAX_ASG_SIZE.min(self.left);
        let scheduled = policies
            .iter()
            .filter_map(|p| match p {
                ScalingPolicy::Scheduled { max, .. } => *max,
                _ => None,
            })
            .max()
            .unwrap_or(0);
        self.left -= max.max(scheduled).min(ceiling);
        let max = max.min(ceiling);
        let min = min.min(max);
        AsgSize { min, max, desired: desired.clamp(min, max), ceiling }
    }
}

/// One value the simulator will not use as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Clamp {
    /// `Stratus.Limit.*`.
    pub code: &'static str,
    /// The node (or `traffic`, `simulation`) the value belongs to.
    pub target: NodeId,
    /// The field, as written in the document (`app.max_concurrency`).
    pub field: String,
    /// The document's value.
    pub value: String,
    /// What the simulator uses instead.
    pub used: String,
    /// Why the cap exists.
    pub why: Msg,
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// Every value of `s` the simulator clamps, in document order: nodes, then traffic, then
/// the simulation settings.
pub fn clamps(s: &Scenario) -> Vec<Clamp> {
    let mut out = Vec::new();
    let mut push = |code: &'static str, target: &NodeId, field: &str, value: String, used: String, why: Msg| {
        out.push(Clamp { code, target: target.clone(), field: field.to_string(), value, used, why })
    };
    let service = || msg!("limits.mean_service_time_above");
    let mut budget = AsgBudget::default();
    for n in &s.nodes {
        match &n.spec {
            Spec::AutoScalingGroup { min, max, desired, policies, .. } => {
                let size = budget.take(*min, *max, *desired, policies);
                if size.max < *max {
                    let (code, why) = if size.ceiling < MAX_ASG_SIZE {
                        (
                            "Stratus.Limit.AsgInstances",
                            msg!("limits.auto_scaling_groups_together", value = MAX_ASG_INSTANCES),
                        )
                    } else {
                        ("Stratus.Limit.AsgSize", msg!("limits.one_auto_scaling_group", value = MAX_ASG_SIZE))
                    };
                    push(code, &n.id, "max", max.to_string(), size.max.to_string(), why);
                }
            }
            Spec::RdsInstance { read_ms, write_ms, .. } => {
                for (field, v) in [("read_ms", *read_ms), ("write_ms", *write_ms)] {
                    if v.is_finite() && v > MAX_SERVICE_MS {
                        push("Stratus.Limit.ServiceTime", &n.id, field, num(v), num(MAX_SERVICE_MS), service());
                    }
                }
            }
            _ => {}
        }
        // An instance's or a group's application.
        let Some(app) = n.spec.app() else { continue };
        if app.max_concurrency > MAX_CONCURRENCY {
            push(
                "Stratus.Limit.MaxConcurrency",
                &n.id,
                "app.max_concurrency",
                app.max_concurrency.to_string(),
                MAX_CONCURRENCY.to_string(),
                msg!("limits.every_request_instance_holds"),
            );
        }
        for (field, v) in [("app.cpu_ms", app.cpu_ms), ("app.static_cpu_ms", app.static_cpu_ms)] {
            if v.is_finite() && v > MAX_SERVICE_MS {
                push("Stratus.Limit.ServiceTime", &n.id, field, num(v), num(MAX_SERVICE_MS), service());
            }
        }
        if app.peer_calls > MAX_PEER_CALLS {
            push(
                "Stratus.Limit.PeerCalls",
                &n.id,
                "app.peer_calls",
                app.peer_calls.to_string(),
                MAX_PEER_CALLS.to_string(),
                msg!("limits.each_peer_call_work"),
            );
        }
    }
    for p in &s.traffic {
        let raw = match p.rate {
            RatePattern::Constant { rps } => rps,
            RatePattern::Ramp { from_rps, to_rps, .. } => from_rps.max(to_rps),
            RatePattern::Spike { base_rps, peak_rps, .. } => base_rps.max(peak_rps),
            RatePattern::Diurnal { mean_rps, amplitude, .. } => mean_rps * (1.0 + amplitude.clamp(0.0, 1.0)),
        };
        if raw.is_finite() && raw > MAX_POPULATION_RPS {
            push(
                "Stratus.Limit.PopulationRate",
                &p.target,
                "rate",
                format!("{} req/s ('{}')", num(raw), p.name),
                format!("{} req/s", num(MAX_POPULATION_RPS)),
                msg!("limits.every_request_simulated_one"),
            );
        }
        if p.mix.objects > MAX_OBJECTS {
            push(
                "Stratus.Limit.Objects",
                &p.target,
                "mix.objects",
                format!("{} ('{}')", p.mix.objects, p.name),
                MAX_OBJECTS.to_string(),
                msg!("limits.cloudfront_cache_keeps_expiry"),
            );
        }
        if p.resolvers > MAX_RESOLVERS {
            push(
                "Stratus.Limit.Resolvers",
                &p.target,
                "resolvers",
                format!("{} ('{}')", p.resolvers, p.name),
                MAX_RESOLVERS.to_string(),
                msg!("limits.each_resolver_keeps_cached"),
            );
        }
    }
    let scale = rate_scale(&s.traffic);
    if scale < 1.0 {
        let total: f64 = s.traffic.iter().map(|p| peak_rps(&p.rate)).sum();
        push(
            "Stratus.Limit.TotalRate",
            &NodeId::from("traffic"),
            "traffic[].rate",
            format!("{} req/s in total", num(total)),
            format!("{} req/s (each population × {scale:.4})", num(MAX_TOTAL_RPS)),
            msg!("limits.all_populations_together_simulated"),
        );
    }
    let d = s.simulation.duration_s;
    if d.is_finite() && d > MAX_DURATION_S {
        push(
            "Stratus.Limit.Duration",
            &NodeId::from("simulation"),
            "simulation.duration_s",
            format!("{} s", num(d)),
            format!("{} s (30 days)", num(MAX_DURATION_S)),
            msg!("limits.longer_run_would_take"),
        );
    }
    out
}

/// `x` if it is a usable non-negative number (at most an hour's worth of ms or KiB, so
/// that no service time or I/O can overflow simulated time), else `default`.
pub(crate) fn finite(x: f64, default: f64) -> f64 {
    if x.is_finite() && x >= 0.0 {
        x.min(3_600_000.0)
    } else {
        default
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each cap on its own: (what, value, expected clamp).
    #[test]
    fn each_cap_clamps_at_its_value() {
        assert_eq!(max_concurrency(0), 1);
        assert_eq!(max_concurrency(1024), 1024);
        assert_eq!(max_concurrency(MAX_CONCURRENCY), MAX_CONCURRENCY);
        assert_eq!(max_concurrency(u32::MAX), MAX_CONCURRENCY);
        assert_eq!(duration_s(3_600.0), 3_600.0);
        assert_eq!(duration_s(100.0 * 365.0 * 86_400.0), MAX_DURATION_S);
        assert_eq!(duration_s(-1.0), 60.0);
        assert_eq!(duration_s(f64::NAN), 60.0);
        assert_eq!(duration_s(f64::INFINITY), 60.0);
        assert_eq!(service_ms(1e9, 10.0), MAX_SERVICE_MS);
        assert_eq!(service_ms(-5.0, 10.0), 10.0);
        for (rate, peak) in [
            (RatePattern::Constant { rps: 1e9 }, MAX_POPULATION_RPS),
            (RatePattern::Constant { rps: -5.0 }, 0.0),
            (RatePattern::Constant { rps: f64::NAN }, 0.0),
            (RatePattern::Ramp { from_rps: 10.0, to_rps: 1e7, over_s: 5.0 }, MAX_POPULATION_RPS),
            (RatePattern::Spike { base_rps: 10.0, peak_rps: 20.0, at_s: 0.0, for_s: 1.0 }, 20.0),
        ] {
            assert_eq!(peak_rps(&rate), peak, "{rate:?}");
        }
    }

    #[test]
    fn total_rate_is_shared_in_proportion() {
        let pop = |rps| ClientPopulation {
            name: "u".into(),
            location: Default::default(),
            target: "alb".into(),
            rate: RatePattern::Constant { rps },
            mix: Default::default(),
            port: 443,
            resolvers: 50,
        };
        assert_eq!(rate_scale(&[pop(1_000.0), pop(2_000.0)]), 1.0);
        assert_eq!(rate_scale(&[pop(MAX_TOTAL_RPS)]), 1.0);
        assert_eq!(rate_scale(&[pop(1e6), pop(1e6), pop(2e6)]), 1e6 / 3e6);
    }

    #[test]
    fn auto_scaling_groups_share_the_instance_budget_in_order() {
        let mut b = AsgBudget::default();
        let sched = [ScalingPolicy::Scheduled { at_s: 10.0, min: None, max: Some(450), desired: None }];
        assert_eq!(b.take(2, 10, 4, &[]), AsgSize { min: 2, max: 10, desired: 4, ceiling: 500 });
        // A scheduled action's larger max is reserved too.
        assert_eq!(b.take(1, 20, 2, &sched), AsgSize { min: 1, max: 20, desired: 2, ceiling: 500 });
        assert_eq!(b.take(900, 900, 900, &[]), AsgSize { min: 500, max: 500, desired: 500, ceiling: 500 });
        for _ in 0..37 {
            b.take(0, 500, 0, &[]);
        }
        // 10 + 450 + 500 + 37 × 500 = 19,460: 540 left, of which this group may have 500.
        assert_eq!(b.take(0, 500, 500, &[]).max, 500);
        assert_eq!(b.take(0, 500, 500, &[]), AsgSize { min: 0, max: 40, desired: 40, ceiling: 40 });
        assert_eq!(b.take(3, 5, 4, &[]), AsgSize { min: 0, max: 0, desired: 0, ceiling: 0 });
    }
}
