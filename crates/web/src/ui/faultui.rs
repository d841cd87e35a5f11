//! Breaking the design on purpose: which faults the selected element can suffer (the Break menu of the inspector and the canvas's context menu), the fault timeline under the charts, and each fault's recovery numbers.

use crate::i18n::{tr, Key, Lang};
use crate::render::live::{Action, InstanceStat};
use crate::state::store::Ctx;
use crate::ui::html::W;
use crate::ui::simui::Sim;
use engine::model::{NodeId, Scenario, Spec};
use engine::resilience::FaultKind;
use simworker::wire::Command;

/// The faults `id` can suffer, each with its button label. Instances an Auto Scaling
/// group launched are simulation entities: "crash one" picks the first healthy one.
pub fn options(s: &Scenario, id: &NodeId, instances: &[InstanceStat]) -> Vec<(Key, FaultKind)> {
    let Some(node) = s.node(id) else { return Vec::new() };
    let target = id.to_string();
    match &node.spec {
        Spec::Instance { ebs, purchase, .. } => {
            let mut out = vec![
                (Key::BreakCrash, FaultKind::InstanceCrash { target: target.clone() }),
                (Key::BreakImpaired, FaultKind::InstanceImpaired { target: target.clone() }),
            ];
            // Only Spot capacity gets interruption notices.
            if *purchase == engine::resilience::PurchaseOption::Spot {
                out.push((Key::BreakSpot, FaultKind::SpotInterruption { target: target.clone() }));
            }
            if ebs.is_some() {
                out.push((Key::BreakEbs, FaultKind::EbsDegraded { target }));
            }
            out
        }
        Spec::AutoScalingGroup { distribution, max, .. } => {
            let mut out = Vec::new();
            let mine = instances.iter().filter(|i| &i.node == id);
            if let Some(one) = mine.clone().find(|i| i.state == "healthy").or_else(|| mine.clone().next()) {
                out.push((Key::BreakCrash, FaultKind::InstanceCrash { target: one.id.to_string() }));
                out.push((Key::BreakImpaired, FaultKind::InstanceImpaired { target: one.id.to_string() }));
            }
            if (0..*max).any(|k| distribution.is_spot(k)) {
                out.push((Key::BreakSpot, FaultKind::SpotInterruption { target }));
            }
            out
        }
        Spec::Internet {} => {
            vec![(Key::BreakSpike, FaultKind::TrafficSpike { population: None, multiplier: 5.0 })]
        }
        // A queue's own faults, and a surge of each population that sends to it (its producers).
        spec if spec.kind().is_any(engine::kinds::QUEUES) => {
            let own = spec.kind().info().faults.iter().filter_map(|name| FaultKind::on(name, id)).map(labelled);
            let surges = s.traffic.iter().filter(|t| &t.target == id).map(|t| {
                (Key::BreakSpike, FaultKind::TrafficSpike { population: Some(t.name.clone()), multiplier: 5.0 })
            });
            own.chain(surges).collect()
        }
        // What sits in one zone (a subnet) breaks with it.
        spec if spec.az().is_some() => {
            spec.az().map(|az| (Key::BreakAz, FaultKind::AzOutage { az: az.clone() })).into_iter().collect()
        }
        // The registry lists the faults aimed at each kind (a Region's outage, a bucket's
        // throttling, ...).
        spec => spec.kind().info().faults.iter().filter_map(|name| FaultKind::on(name, id)).map(labelled).collect(),
    }
}

/// A fault with its button label.
fn labelled(fault: FaultKind) -> (Key, FaultKind) {
    let key = match fault {
        FaultKind::InstanceCrash { .. } => Key::BreakCrash,
        FaultKind::InstanceImpaired { .. } => Key::BreakImpaired,
        FaultKind::AzOutage { .. } => Key::BreakAz,
        FaultKind::RegionOutage { .. } => Key::BreakRegion,
        FaultKind::NatGatewayFailure { .. } => Key::BreakNat,
        FaultKind::RdsPrimaryFailure { .. } => Key::BreakRds,
        FaultKind::EbsDegraded { .. } => Key::BreakEbs,
        FaultKind::SpotInterruption { .. } => Key::BreakSpot,
        FaultKind::TrafficSpike { .. } => Key::BreakSpike,
        FaultKind::S3Throttling { .. } => Key::BreakS3,
        FaultKind::CloudfrontOriginFailure { .. } => Key::BreakOrigin,
        FaultKind::PoisonMessage { .. } => Key::BreakPoison,
        FaultKind::ConsumersDown { .. } => Key::BreakConsumers,
    };
    (key, fault)
}

/// Lifecycle actions for `id` (EC2 stop / hibernate / start by its current state, read
/// replica promotion), with their button labels.
pub fn actions(s: &Scenario, id: &NodeId, lifecycle: Option<&str>) -> Vec<(Key, Action)> {
    match s.node(id).map(|n| &n.spec) {
        Some(Spec::Instance { .. }) => match lifecycle {
            Some("stopped") => vec![(Key::StartInstance, Action::Start(id.clone()))],
            Some("running") | None => vec![
                (Key::StopInstance, Action::Stop(id.clone())),
                (Key::HibernateInstance, Action::Hibernate(id.clone())),
            ],
            Some(_) => Vec::new(),
        },
        Some(Spec::RdsInstance { read_replicas, .. }) if *read_replicas > 0 => {
            vec![(Key::PromoteReplica, Action::Promote(id.clone()))]
        }
        _ => Vec::new(),
    }
}

/// Do `action` on the running simulation (starting it if needed); the worker toasts why
/// not if the engine refuses.
pub fn act(ctx: Ctx, sim: Sim, action: &Action) {
    sim.command(ctx, Command::Act(action.clone()));
}

/// Break `kind` now: starts the simulation first if there is none; the fault is logged when
/// the worker's frame comes back, or the engine's refusal toasted. Whether it was sent.
pub fn inject(ctx: Ctx, sim: Sim, kind: FaultKind) -> bool {
    let Ok(json) = serde_json::to_string(&kind) else { return false };
    sim.command(ctx, Command::Inject(json))
}

/// The Break buttons for the selected element (below the inspector), written as HTML text
/// (panel_html) and listened to once: a fault's button carries the fault (`data-fault`, its
/// JSON), an action's its place in the list (`data-action`).
pub fn break_panel(ctx: Ctx, sim: Sim) -> web_sys::Element {
    let state = move || {
        let id = ctx.selected()?;
        let _ = sim.tick.get();
        let instances = sim.live.with_value(|live| live.as_ref().map(|x| x.instances.clone()).unwrap_or_default());
        let lifecycle = sim.live.with_value(|live| live.as_ref().and_then(|x| x.lifecycle(&id).map(str::to_string)));
        let (opts, acts) = ctx.editor.with_value(|e| {
            (options(&e.doc.scenario, &id, &instances), actions(&e.doc.scenario, &id, lifecycle.as_deref()))
        });
        let active = sim.live.with_value(|live| live.as_ref().map_or(0, |x| x.active_faults()));
        Some((opts, acts, active))
    };
    let html = move || {
        let l = ctx.lang.get();
        state().map(|(opts, acts, active)| panel_html(&opts, &acts, active, l)).unwrap_or_default()
    };
    let on_click = move |ev: web_sys::Event| {
        let Some(b) = crate::ui::dom::from_event(&ev, "button") else { return };
        if let Some(kind) = b.get_attribute("data-fault").and_then(|f| read_fault(&f)) {
            inject(ctx, sim, kind);
        } else if let Some(k) = b.get_attribute("data-action").and_then(|k| k.parse::<usize>().ok()) {
            if let Some((_, acts, _)) = state() {
                if let Some((_, action)) = acts.get(k) {
                    act(ctx, sim, action);
                }
            }
        } else if b.has_attribute("data-repair") {
            sim.command(ctx, Command::RepairAll);
        }
    };
    crate::ui::dom::el("div").attr("class", "html-slot").html_fn(html).on("click", on_click).0
}

/// The Break panel: a button per fault the element can suffer, per lifecycle action, and
/// Repair while `active` faults are on; empty when it has none of them.
pub fn panel_html(opts: &[(Key, FaultKind)], acts: &[(Key, Action)], active: usize, l: Lang) -> String {
    let mut w = W::default();
    if opts.is_empty() && acts.is_empty() {
        return w.0;
    }
    w.open("section", &[("class", "break-panel"), ("aria-label", tr(l, Key::Break)), ("data-testid", "break-panel")]);
    w.leaf("h4", &[], tr(l, Key::Break));
    w.leaf("p", &[("class", "note")], tr(l, Key::BreakNote));
    w.open("div", &[("class", "break-buttons")]);
    for (key, kind) in opts {
        let (testid, json) = (format!("break-{}", kind.name()), serde_json::to_string(kind).unwrap_or_default());
        w.leaf("button", &[("class", "break"), ("data-testid", &testid), ("data-fault", &json)], tr(l, *key));
    }
    w.close("div");
    w.open("div", &[("class", "break-buttons")]);
    for (k, (key, _)) in acts.iter().enumerate() {
        // From the key, not its words: `act-stop`, `act-hibernate`, `act-start` in any language.
        let testid = format!("act-{}", key.code().trim_end_matches("Instance").to_ascii_lowercase());
        w.leaf("button", &[("data-testid", &testid), ("data-action", &k.to_string())], tr(l, *key));
    }
    w.close("div");
    if active > 0 {
        w.leaf(
            "button",
            &[("data-testid", "repair"), ("data-repair", "")],
            &format!("{} ({active})", tr(l, Key::Repair)),
        );
    }
    w.close("section");
    w.0
}

/// The fault a button's `data-fault` names (its JSON), read by hand (engine's `FromJson`, as
/// the document's faults are): no second copy of serde's reader for faults in the wasm.
pub fn read_fault(json: &str) -> Option<FaultKind> {
    use engine::model::FromJson;
    serde_json::from_str(json).ok().and_then(|v| FaultKind::from_json(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(name: &str) -> Scenario {
        engine::scenarios::built_in(name).unwrap()
    }

    /// A fault's button carries the fault itself, read back exactly; an element with nothing
    /// to break shows no panel.
    #[test]
    fn break_buttons_carry_their_fault() {
        let s = scenario("reference-web-app");
        let opts = options(&s, &"i-web-a1".into(), &[]);
        let acts = actions(&s, &"i-web-a1".into(), Some("running"));
        let html = panel_html(&opts, &acts, 2, Lang::Ko);
        let at = html.find("data-testid=\"break-instance_crash\"").unwrap();
        let attr = &html[at..];
        let from = attr.find("data-fault=\"").unwrap() + "data-fault=\"".len();
        let json = attr[from..from + attr[from..].find('"').unwrap()].replace("&quot;", "\"");
        assert_eq!(read_fault(&json), Some(opts[0].1.clone()));
        assert!(html.contains("data-testid=\"act-stop\"") && html.contains("data-action=\"1\""), "{html}");
        assert!(html.contains(&format!("{} (2)", tr(Lang::Ko, Key::Repair))));
        assert!(panel_html(&[], &[], 0, Lang::En).is_empty());
    }

    #[test]
    fn each_kind_of_element_offers_the_faults_it_can_suffer() {
        let s = scenario("reference-web-app");
        let names = |id: &str| -> Vec<String> {
            options(&s, &id.into(), &[]).iter().map(|(_, k)| k.name().to_string()).collect()
        };
        assert_eq!(names("i-web-a1"), ["instance_crash", "instance_impaired", "ebs_degraded"]);
        let of_kind = |f: fn(&Spec) -> bool| s.nodes.iter().find(|n| f(&n.spec)).unwrap().id.to_string();
        assert_eq!(names(&of_kind(|k| matches!(k, Spec::RdsInstance { .. }))), ["rds_primary_failure"]);
        assert_eq!(names(&of_kind(|k| matches!(k, Spec::Subnet { .. }))), ["az_outage"]);
        assert_eq!(names(&of_kind(|k| matches!(k, Spec::Region { .. }))), ["region_outage"]);
        assert_eq!(
            names(&of_kind(|k| matches!(k, Spec::CloudfrontDistribution { .. }))),
            ["cloudfront_origin_failure"]
        );
        assert_eq!(names("internet"), ["traffic_spike"]);
        // A queue: its own faults, and a surge of the population that sends to it.
        let sqs = scenario("sqs-decoupling");
        let queue: Vec<String> =
            options(&sqs, &"orders".into(), &[]).iter().map(|(_, k)| k.name().to_string()).collect();
        assert_eq!(queue, ["poison_message", "consumers_down", "traffic_spike"]);
        assert!(names("nothing-here").is_empty());
        assert!(names(&of_kind(|k| matches!(k, Spec::SecurityGroup { .. }))).is_empty());
    }

    #[test]
    fn every_offered_fault_is_accepted_by_the_engine() {
        for (name, text) in engine::scenarios::BUILT_IN {
            let s = Scenario::from_json(text).unwrap();
            let Ok(mut sim) = engine::sim::Simulation::new(&s, 1) else { continue };
            sim.step_until(30_000_000, u64::MAX);
            let instances: Vec<InstanceStat> = sim.frame().instances.iter().map(InstanceStat::from).collect();
            for n in &s.nodes {
                for (_, kind) in options(&s, &n.id, &instances) {
                    let what = kind.name();
                    sim.inject(kind).unwrap_or_else(|e| panic!("{name} {} {what}: {}", n.id, e.message().en()));
                }
            }
        }
    }

    /// The recovery cell says where a fault stands while the run goes on, not "not
    /// recovered" from its first second.
    #[test]
    fn the_recovery_state_follows_the_run() {
        let mut local = crate::render::live::local::Local::new(&scenario("asg-az-outage")).unwrap();
        let mut seen = Vec::new();
        while !local.live.finished && local.live.now_us() < 700_000_000 {
            local.step_second();
            let live = &local.live;
            for f in &live.faults {
                let (state, text) =
                    crate::ui::metrics::recovery_state(f, live.now_us() as f64 / 1e6, live.finished, Lang::En);
                if seen.last().map(|(s, _)| *s) != Some(state) {
                    seen.push((state, text));
                }
            }
        }
        let states: Vec<&str> = seen.iter().map(|(s, _)| *s).collect();
        assert_eq!(states, ["failing", "recovered"], "{seen:?}");
        assert!(seen[1].1.starts_with("✓ recovered in"), "{seen:?}");
    }

    #[test]
    fn lifecycle_actions_follow_the_instance_state_and_the_engine_accepts_them() {
        let s = scenario("reference-web-app");
        let id = NodeId::from("i-web-a1");
        let keys = |state| actions(&s, &id, state).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(keys(Some("running")), [Key::StopInstance, Key::HibernateInstance]);
        assert_eq!(keys(Some("stopped")), [Key::StartInstance]);
        assert!(keys(Some("shutting-down")).is_empty());
        let mut local = crate::render::live::local::Local::new(&s).unwrap();
        local.send(Command::Act(Action::Stop(id.clone()))).unwrap();
        local.step_second();
        local.step_second();
        assert!(matches!(local.live.lifecycle(&id), Some("stopping" | "stopped")), "{:?}", local.live.lifecycle(&id));
        assert!(local.send(Command::Act(Action::Stop(id.clone()))).is_err(), "already stopping or stopped");
    }
}
