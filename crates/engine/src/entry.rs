//! Where users enter a design (its entry point) and the users a design gets when it has none, so that any design a learner builds can be run.
//!
//! A design drawn from the palette has no `traffic`; the web app offers to add one client
//! population aimed at the design's entry point. Which node is the entry point follows how
//! requests arrive in AWS: a DNS name first (Route 53), then the edge (CloudFront), then an
//! internet-facing load balancer; a public instance or a bucket only when there is nothing
//! in front of them. Compute needs no setting to be simulated: an instance or Auto Scaling
//! group without `app` serves each request with `AppSettings::default()` (10 ms of CPU).

use crate::catalog::geo;
use crate::kinds::{ENTRIES, FRONT_DOORS};
use crate::link::{LinkIndex, LinkKind};
use crate::model::{Node, NodeId, Scenario, Spec};
use crate::workload::{ClientPopulation, Location, RatePattern, RequestMix};

/// Every place users can be, in the order the inspector lists them.
pub const LOCATIONS: [Location; 10] = [
    Location::Seoul,
    Location::Tokyo,
    Location::Singapore,
    Location::Sydney,
    Location::Mumbai,
    Location::Frankfurt,
    Location::London,
    Location::Virginia,
    Location::Oregon,
    Location::SaoPaulo,
];

/// Requests per second of the users added to a design without any: enough to see requests
/// flow and a t3.micro's CPU move, far from saturating one (a teaching default).
pub const DEFAULT_RPS: f64 = 20.0;

/// Whether a population can send its requests to this node (`ClientPopulation::target`):
/// a Route 53 record, CloudFront distribution, load balancer, instance or S3 bucket.
pub fn can_receive_users(spec: &Spec) -> bool {
    // The validator's rule (Stratus.Traffic.InvalidTarget), so the two never disagree.
    crate::validate::services::is_entry(spec)
}

/// How good an entry point a node is: lower is better (the order of `kinds::ENTRIES`: a
/// record, a distribution, a load balancer, an instance, a bucket); `None` if users cannot
/// call it from the Internet.
fn rank(s: &Scenario, id: &NodeId) -> Option<u8> {
    let spec = &s.node(id)?.spec;
    // An internal load balancer, or an instance without a public address (aws-facts §1), is
    // not reachable from the Internet.
    if crate::services::elb::is_internal(spec) || crate::services::ec2::is_private(spec) {
        return None;
    }
    ENTRIES.iter().position(|k| *k == spec.kind()).map(|p| p as u8)
}

/// Whether another element already sends requests to `id` (a record's value, a
/// distribution's origin, a load balancer's target): then `id` is not where users enter.
fn fronted(s: &Scenario, index: &LinkIndex, id: &NodeId) -> bool {
    // Only a front door forwards users: an application calling its backend does not make
    // the backend someone else's entry point.
    s.nodes.iter().any(|n| n.spec.kind().is_any(FRONT_DOORS) && first_hop(index, n, |to| to == id).is_some())
}

/// The first node `n` sends requests on to (a distribution's origin, a record's value) for
/// which `want` holds, as its services' links say.
fn first_hop(index: &LinkIndex, n: &Node, want: impl Fn(&NodeId) -> bool) -> Option<NodeId> {
    let mut found = None;
    for service in crate::services::ALL {
        (service.links)(index, n, &mut |from, to, kind, _| {
            // Only what `n` sends on: a load balancer also reports the gateway in front of it.
            if found.is_none() && kind == LinkKind::Traffic && from == &n.id && want(to) {
                found = Some(to.clone());
            }
        });
    }
    found
}

/// The design's entry point: the best-ranked node users can call that nothing else fronts
/// (a record before a distribution before an internet-facing load balancer, then a public
/// instance, then a bucket), first in document order among equals; `None` when there is none.
pub fn entry_point(s: &Scenario) -> Option<&NodeId> {
    let index = LinkIndex::new(s);
    let mut best: Option<(u8, &NodeId)> = None;
    for n in &s.nodes {
        let Some(r) = rank(s, &n.id) else { continue };
        if fronted(s, &index, &n.id) {
            continue;
        }
        if best.is_none_or(|(b, _)| r < b) {
            best = Some((r, &n.id));
        }
    }
    best.map(|(_, id)| id)
}

/// The Region code a node is in, following what it lives in (a load balancer's VPC, a
/// distribution's origin, a record's first value); `None` for global nodes with nothing behind.
fn region_code(s: &Scenario, id: &NodeId) -> Option<String> {
    // Built only if a global node is on the way (most nodes have a container).
    let mut index = None;
    let mut at = id.clone();
    // Bounded: a malformed document with a cycle of origins must not loop.
    for _ in 0..16 {
        let node = s.node(&at)?;
        if let Some(code) = crate::services::vpc::region_code(&node.spec) {
            return Some(code.to_string());
        }
        // What it lives in; a global node (a record, a distribution) is where the first
        // thing it sends requests to is.
        let next = crate::view::parent_of(s, &at)
            .cloned()
            .or_else(|| first_hop(index.get_or_insert_with(|| LinkIndex::new(s)), node, |_| true));
        at = next?;
    }
    None
}

/// The place nearest to a Region (by great-circle distance), so default users sit next to
/// the design: Seoul for ap-northeast-2, Virginia for us-east-1.
pub fn nearest_location(region_code: &str) -> Option<Location> {
    let r = geo::region(region_code)?;
    LOCATIONS
        .iter()
        .copied()
        .min_by(|a, b| geo::distance_km(geo::location(*a), r).total_cmp(&geo::distance_km(geo::location(*b), r)))
}

/// A population name not used yet: `users`, `users-2`, ...
pub fn fresh_name(s: &Scenario, base: &str) -> String {
    let taken = |n: &str| s.traffic.iter().any(|p| p.name == n);
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|k| format!("{base}-{k}")).find(|n| !taken(n)).unwrap_or_else(|| base.to_string())
}

/// A population calling `target`: near its Region, at a steady `DEFAULT_RPS`, with the
/// default request mix, on HTTPS (443).
pub fn population_for(s: &Scenario, target: &NodeId) -> ClientPopulation {
    let location = region_code(s, target).and_then(|c| nearest_location(&c)).unwrap_or_default();
    ClientPopulation {
        name: fresh_name(s, "users"),
        location,
        target: target.clone(),
        rate: RatePattern::Constant { rps: DEFAULT_RPS },
        mix: RequestMix::default(),
        port: 443,
        resolvers: 50,
    }
}

/// The users a design without any gets when Run is pressed: aimed at its entry point, or
/// `None` when nothing in it can take requests from the Internet.
pub fn default_population(s: &Scenario) -> Option<ClientPopulation> {
    entry_point(s).map(|target| population_for(s, target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenarios::BUILT_IN;
    use crate::sim::Simulation;

    fn example(key: &str) -> Scenario {
        let json = BUILT_IN.iter().find(|(k, _)| *k == key).unwrap().1;
        Scenario::from_json(json).unwrap()
    }

    #[test]
    fn the_entry_point_is_what_users_reach_first() {
        // (example, its entry point): a record before CloudFront before the load balancer.
        for (key, want) in [
            ("two-tier", "alb"),
            ("reference-web-app", "dns"),
            ("health-check-trap-ec2", "alb"),
            ("route53-failover", "www"),
        ] {
            let s = example(key);
            let got = entry_point(&s).map(|id| id.to_string());
            let expected = s.traffic.first().map(|p| p.target.to_string()).unwrap_or(want.to_string());
            assert_eq!(got.as_deref(), Some(expected.as_str()), "{key}");
        }
    }

    /// Regressions of the services' links: an application's backend is not fronted by it,
    /// and a load balancer's Region is its VPC's, not that of a bucket its targets call.
    #[test]
    fn a_backend_is_not_fronted_and_a_region_is_where_a_node_lives() {
        let mut s = example("two-tier");
        s.nodes.retain(|n| !matches!(n.spec, Spec::LoadBalancer { .. }));
        for n in &mut s.nodes {
            if let Spec::Instance { public_ip, .. } = &mut n.spec {
                *public_ip = None;
            }
        }
        let region = s.nodes.iter().find(|n| matches!(n.spec, Spec::Region { .. })).unwrap().id.clone();
        let far = Node::new("far".into(), String::new(), Spec::Region { code: "us-east-1".into() });
        let bucket = Node::new(
            "bucket".into(),
            String::new(),
            Spec::S3Bucket {
                region: far.id.clone(),
                prefixes: 1,
                stored_gib: 0,
                versioning: false,
                replicate_to: vec![],
            },
        );
        s.nodes.push(far);
        s.nodes.push(bucket);
        let instance = s.nodes.iter().find(|n| matches!(n.spec, Spec::Instance { .. })).unwrap().id.clone();
        crate::connect::connect(&mut s, &instance, &"bucket".into()).unwrap();
        assert_eq!(entry_point(&s).map(|id| id.as_str()), Some("bucket"), "the bucket is still where users can enter");
        assert_eq!(
            region_code(&s, &instance).as_deref(),
            s.node(&region).and_then(|r| match &r.spec {
                Spec::Region { code } => Some(code.as_str()),
                _ => None,
            })
        );
        assert_eq!(region_code(&s, &"bucket".into()).as_deref(), Some("us-east-1"));
    }

    #[test]
    fn a_design_with_nothing_facing_the_internet_has_no_entry_point() {
        let s = Scenario::from_json(r#"{"format":1,"nodes":[{"id":"r","kind":"region","code":"us-east-1"}]}"#).unwrap();
        assert_eq!(entry_point(&s), None);
        assert_eq!(default_population(&s), None);
    }

    #[test]
    fn default_users_sit_next_to_the_region_of_their_entry_point() {
        assert_eq!(nearest_location("ap-northeast-2"), Some(Location::Seoul));
        assert_eq!(nearest_location("us-east-1"), Some(Location::Virginia));
        assert_eq!(nearest_location("eu-central-1"), Some(Location::Frankfurt));
        assert_eq!(nearest_location("xx-nowhere-1"), None);
        let p = default_population(&example("two-tier")).unwrap();
        assert_eq!((p.location, p.target.as_str(), p.port), (Location::Seoul, "alb", 443));
    }

    #[test]
    fn names_of_new_populations_do_not_clash() {
        let mut s = example("two-tier");
        assert_eq!(fresh_name(&s, "users"), "users");
        s.traffic.push(population_for(&s, &NodeId::from("alb")));
        assert_eq!(fresh_name(&s, "users"), "users-2");
    }

    #[test]
    fn a_design_without_app_settings_runs_with_default_users() {
        // two-tier has neither traffic nor `app` on its instances: the default population and
        // the default application work are enough for requests to succeed.
        let mut s = example("two-tier");
        assert!(s.traffic.is_empty());
        s.traffic.push(default_population(&s).unwrap());
        s.simulation.duration_s = 20.0;
        let mut sim = Simulation::new(&s, 1).unwrap();
        sim.run();
        let summary = sim.summary();
        assert!(summary.requests.succeeded > 200, "{:?}", summary.requests);
        assert!(summary.availability > 0.99, "{}", summary.availability);
        let web = summary.nodes.iter().find(|n| n.id.as_str() == "i-web-a").unwrap();
        assert!(web.requests > 0 && web.cpu_utilisation.unwrap() > 0.0, "{web:?}");
    }

    #[test]
    fn only_entry_kinds_can_receive_users() {
        let s = example("two-tier");
        let can = |id: &str| can_receive_users(&s.node(&NodeId::from(id)).unwrap().spec);
        assert!(can("alb") && can("i-web-a"));
        assert!(!can("igw") && !can("subnet-public-a") && !can("vpc-main"));
    }
}
