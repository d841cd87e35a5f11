//! A document read from its JSON by hand (`FromJson`, one small function a type; `ScenarioVisitor` for the document itself), where serde's derived visitors made a copy of serde_json's deserialiser for every type: the page's wasm went from 432.8 to 419.9 KB gzip (issue #15).
//!
//! Each reader answers as the derive does, with serde's own error texts (`unknown field`,
//! `missing field`, `invalid type`, `unknown variant`, `duplicate field`), fields read in the
//! document's order so that the first error is the same one. Two differences, both in forms
//! people do not write: a struct written as an array of its fields in order is refused (the
//! derive took it), and an enum name that is neither text nor a map at the document's level
//! says what it found ("invalid type: integer `5`, expected string or map") where serde_json's
//! text reader said "expected value". The tests here and in `spec_io` compare both readers on
//! every field, at every depth, of every example.

use crate::cidr::{Cidr, Ipv4};
use crate::model::messaging::{RedrivePolicy, Subscription, SubscriptionProtocol};
use crate::model::{
    Action, LoadBalancerType, NaclRule, NodeId, Placement, PortRange, Protocol, Route, Scenario, Scheme, SgRule,
};
use crate::resilience::{
    AsgTiming, FaultFields, FaultKind, HealthCheck, HealthCheckType, InstancesDistribution, LaunchTemplate,
    PlacementGroup, PlacementStrategy, PolicyFields, PurchaseOption, Route53HealthCheck, ScalingMetric, ScalingPolicy,
    ScalingStep, ScheduledFault,
};
use crate::text::Text;
use crate::workload::{
    Algorithm, AppSettings, ClientPopulation, EbsVolume, FailoverRole, Goals, Location, RateFields, RatePattern,
    RecordValue, RequestMix, RoutingPolicy, SimulationSettings, VolumeKind,
};
use serde::de::{Error as _, Unexpected};
use serde_json::{Error, Map, Value};
use std::collections::BTreeMap;

/// A value read from a document's JSON (the page reads fault buttons and pasted layouts
/// with it too, for the same reason).
pub trait FromJson: Sized {
    /// `v` as this type, or serde's error for it.
    fn from_json(v: Value) -> Result<Self, Error>;
}

/// What serde_json calls `v` in an error.
fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// "invalid type: …, expected `expected`".
fn wrong(v: &Value, expected: &str) -> Error {
    Error::invalid_type(unexpected(v), &expected)
}

/// A whole number of at most `max`, as serde reads one into an unsigned type named `name`.
fn unsigned(v: Value, max: u64, name: &str) -> Result<u64, Error> {
    let Value::Number(n) = &v else { return Err(wrong(&v, name)) };
    match (n.as_u64(), n.as_i64()) {
        (Some(u), _) if u <= max => Ok(u),
        (Some(u), _) => Err(Error::invalid_value(Unexpected::Unsigned(u), &name)),
        (None, Some(i)) => Err(Error::invalid_value(Unexpected::Signed(i), &name)),
        _ => Err(wrong(&v, name)),
    }
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(v: Value) -> Result<Self, Error> {
                // In range: the conversion cannot fail.
                unsigned(v, <$t>::MAX as u64, stringify!($t)).map(|u| u as $t)
            }
        }
    )*};
}
unsigned!(u8, u16, u32, u64);

impl FromJson for i32 {
    fn from_json(v: Value) -> Result<Self, Error> {
        let Value::Number(n) = &v else { return Err(wrong(&v, "i32")) };
        match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i32::try_from(i).map_err(|_| Error::invalid_value(Unexpected::Signed(i), &"i32")),
            (None, Some(u)) => Err(Error::invalid_value(Unexpected::Unsigned(u), &"i32")),
            _ => Err(wrong(&v, "i32")),
        }
    }
}

impl FromJson for f64 {
    fn from_json(v: Value) -> Result<Self, Error> {
        v.as_f64().ok_or_else(|| wrong(&v, "f64"))
    }
}

impl FromJson for bool {
    fn from_json(v: Value) -> Result<Self, Error> {
        v.as_bool().ok_or_else(|| wrong(&v, "a boolean"))
    }
}

impl FromJson for String {
    fn from_json(v: Value) -> Result<Self, Error> {
        match v {
            Value::String(s) => Ok(s),
            other => Err(wrong(&other, "a string")),
        }
    }
}

impl FromJson for Value {
    fn from_json(v: Value) -> Result<Self, Error> {
        Ok(v)
    }
}

impl FromJson for NodeId {
    fn from_json(v: Value) -> Result<Self, Error> {
        String::from_json(v).map(NodeId)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: Value) -> Result<Self, Error> {
        if v.is_null() {
            return Ok(None);
        }
        T::from_json(v).map(Some)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: Value) -> Result<Self, Error> {
        match v {
            Value::Array(items) => items.into_iter().map(T::from_json).collect(),
            other => Err(wrong(&other, "a sequence")),
        }
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(v: Value) -> Result<Self, Error> {
        match v {
            Value::Object(m) => m.into_iter().map(|(k, v)| Ok((k, T::from_json(v)?))).collect(),
            other => Err(wrong(&other, "a map")),
        }
    }
}

/// Text parsed by `FromStr` (addresses, CIDR blocks), its error as serde's custom one.
fn parsed<T: std::str::FromStr<Err: std::fmt::Display>>(v: Value) -> Result<T, Error> {
    String::from_json(v)?.parse().map_err(Error::custom)
}

impl FromJson for Cidr {
    fn from_json(v: Value) -> Result<Self, Error> {
        parsed(v)
    }
}

impl FromJson for Ipv4 {
    fn from_json(v: Value) -> Result<Self, Error> {
        parsed(v)
    }
}

impl FromJson for PortRange {
    /// `443`, `"443"`, `"1024-65535"` or `"all"` (as its serde reader, an untagged number or text).
    fn from_json(v: Value) -> Result<Self, Error> {
        match v {
            Value::String(s) => s.parse().map_err(Error::custom),
            Value::Number(n) if n.as_u64().is_some_and(|u| u <= u64::from(u16::MAX)) => {
                Ok(PortRange::single(n.as_u64().unwrap_or_default() as u16))
            }
            _ => Err(Error::custom("data did not match any variant of untagged enum Raw")),
        }
    }
}

impl FromJson for ScalingPolicy {
    fn from_json(v: Value) -> Result<Self, Error> {
        ScalingPolicy::from_fields(PolicyFields::from_json(v)?)
    }
}

impl FromJson for RatePattern {
    fn from_json(v: Value) -> Result<Self, Error> {
        RatePattern::from_fields(RateFields::from_json(v)?)
    }
}

impl FromJson for FaultKind {
    fn from_json(v: Value) -> Result<Self, Error> {
        FaultKind::from_fields(FaultFields::from_json(v)?)
    }
}

impl FromJson for ScheduledFault {
    /// `at_s` and `for_s` beside the fault's own fields, as serde's `flatten` reads them: the
    /// fault's fields are read after the two, unknown ones ignored.
    fn from_json(v: Value) -> Result<Self, Error> {
        let (mut at_s, mut for_s, mut rest) = (None, None, Map::new());
        for (key, value) in fields(v, "struct ScheduledFault")? {
            match key.as_str() {
                "at_s" => at_s = Some(f64::from_json(value)?),
                "for_s" => for_s = Some(Option::<f64>::from_json(value)?),
                _ => {
                    rest.insert(key, value);
                }
            }
        }
        let at_s = at_s.ok_or_else(|| Error::missing_field("at_s"))?;
        Ok(ScheduledFault { at_s, for_s: for_s.flatten(), fault: FaultKind::from_json(Value::Object(rest))? })
    }
}

impl<T: FromJson> FromJson for BTreeMap<NodeId, T> {
    fn from_json(v: Value) -> Result<Self, Error> {
        BTreeMap::<String, T>::from_json(v).map(|m| m.into_iter().map(|(k, v)| (NodeId(k), v)).collect())
    }
}

/// The name of a unit variant, as serde's enum reader takes it: a string, or a map of one key
/// to null.
fn variant(v: Value) -> Result<String, Error> {
    match v {
        Value::String(s) => Ok(s),
        Value::Object(m) if m.len() == 1 => {
            let Some((k, v)) = m.into_iter().next() else { unreachable!("one key") };
            if v.is_null() {
                Ok(k)
            } else {
                Err(wrong(&v, "unit variant"))
            }
        }
        Value::Object(_) => Err(Error::invalid_value(Unexpected::Map, &"map with a single key")),
        other => Err(wrong(&other, "string or map")),
    }
}

/// A unit-only enum read by name.
macro_rules! names {
    ($($t:ty { $($name:literal => $variant:expr),* $(,)? })*) => {$(
        impl FromJson for $t {
            fn from_json(v: Value) -> Result<Self, Error> {
                let name = variant(v)?;
                match name.as_str() {
                    $($name => Ok($variant),)*
                    other => Err(Error::unknown_variant(other, &[$($name),*])),
                }
            }
        }
    )*};
}

names! {
    Protocol { "tcp" => Protocol::Tcp, "udp" => Protocol::Udp, "icmp" => Protocol::Icmp, "all" => Protocol::All }
    Action { "allow" => Action::Allow, "deny" => Action::Deny }
    Scheme { "internet-facing" => Scheme::InternetFacing, "internal" => Scheme::Internal }
    LoadBalancerType { "alb" => LoadBalancerType::Alb, "nlb" => LoadBalancerType::Nlb }
    Algorithm {
        "round_robin" => Algorithm::RoundRobin,
        "least_outstanding_requests" => Algorithm::LeastOutstandingRequests,
    }
    PurchaseOption {
        "on_demand" => PurchaseOption::OnDemand,
        "reserved" => PurchaseOption::Reserved,
        "spot" => PurchaseOption::Spot,
        "dedicated" => PurchaseOption::Dedicated,
    }
    HealthCheckType { "EC2" => HealthCheckType::Ec2, "ELB" => HealthCheckType::Elb }
    PlacementStrategy {
        "cluster" => PlacementStrategy::Cluster,
        "spread" => PlacementStrategy::Spread,
        "partition" => PlacementStrategy::Partition,
    }
    VolumeKind {
        "gp2" => VolumeKind::Gp2,
        "gp3" => VolumeKind::Gp3,
        "io1" => VolumeKind::Io1,
        "io2" => VolumeKind::Io2,
        "st1" => VolumeKind::St1,
        "sc1" => VolumeKind::Sc1,
    }
    RoutingPolicy {
        "simple" => RoutingPolicy::Simple,
        "weighted" => RoutingPolicy::Weighted,
        "failover" => RoutingPolicy::Failover,
        "latency" => RoutingPolicy::Latency,
    }
    FailoverRole { "primary" => FailoverRole::Primary, "secondary" => FailoverRole::Secondary }
    ScalingMetric {
        "cpu" => ScalingMetric::Cpu,
        "alb_requests_per_target" => ScalingMetric::AlbRequestsPerTarget,
        "sqs_backlog_per_instance" => ScalingMetric::SqsBacklogPerInstance,
    }
    Location {
        "seoul" => Location::Seoul,
        "tokyo" => Location::Tokyo,
        "singapore" => Location::Singapore,
        "sydney" => Location::Sydney,
        "mumbai" => Location::Mumbai,
        "frankfurt" => Location::Frankfurt,
        "london" => Location::London,
        "virginia" => Location::Virginia,
        "oregon" => Location::Oregon,
        "sao_paulo" => Location::SaoPaulo,
    }
    SubscriptionProtocol {
        "sqs" => SubscriptionProtocol::Sqs,
        "http" => SubscriptionProtocol::Http,
        "https" => SubscriptionProtocol::Https,
        "email" => SubscriptionProtocol::Email,
        "email-json" => SubscriptionProtocol::EmailJson,
    }
}

/// A struct's fields as a map, or serde's error for what it is instead.
fn fields(v: Value, expected: &str) -> Result<Map<String, Value>, Error> {
    match v {
        Value::Object(m) => Ok(m),
        other => Err(wrong(&other, expected)),
    }
}

/// A struct read in the document's order, unknown fields refused (or ignored, for a struct
/// marked `open`, as serde does without `deny_unknown_fields`). A field is `name => field`
/// (it must be there) or `name => field = default` (the default when left out; an `Option`
/// left out is `None`).
macro_rules! structs {
    ($($(#[$open:ident])? $t:ident { $($name:literal => $field:ident $(= $default:expr)?),* $(,)? })*) => {$(
        impl FromJson for $t {
            fn from_json(v: Value) -> Result<Self, Error> {
                $(let mut $field = None;)*
                for (key, value) in fields(v, concat!("struct ", stringify!($t)))? {
                    match key.as_str() {
                        $($name => $field = Some(FromJson::from_json(value)?),)*
                        other => structs!(@unknown $($open)? other, [$($name),*]),
                    }
                }
                Ok($t { $($field: structs!(@or $field, $name $(, $default)?),)* })
            }
        }
    )*};
    (@unknown open $other:ident, [$($name:literal),*]) => {{
        let _ = $other;
    }};
    (@unknown $other:ident, [$($name:literal),*]) => {
        return Err(Error::unknown_field($other, &[$($name),*]))
    };
    (@or $field:ident, $name:literal) => {
        match $field {
            Some(v) => v,
            None => return Err(Error::missing_field($name)),
        }
    };
    (@or $field:ident, $name:literal, $default:expr) => {
        match $field {
            Some(v) => v,
            None => $default,
        }
    };
}

structs! {
    SgRule {
        "protocol" => protocol = Protocol::default(),
        "ports" => ports = PortRange::default(),
        "cidr" => cidr = None,
        "group" => group = None,
    }
    NaclRule {
        "rule" => rule,
        "action" => action,
        "protocol" => protocol = Protocol::default(),
        "ports" => ports = PortRange::default(),
        "cidr" => cidr,
    }
    Route { "destination" => destination, "target" => target }
    RecordValue { "target" => target, "weight" => weight = 1, "failover" => failover = None }
    Route53HealthCheck {
        "interval_s" => interval_s = Route53HealthCheck::default().interval_s,
        "failure_threshold" => failure_threshold = Route53HealthCheck::default().failure_threshold,
    }
    PlacementGroup { "name" => name, "strategy" => strategy, "partition" => partition = None }
    LaunchTemplate { "name" => name, "version" => version = 1 }
    HealthCheck {
        "interval_s" => interval_s = None,
        "timeout_s" => timeout_s = None,
        "healthy_threshold" => healthy_threshold = None,
        "unhealthy_threshold" => unhealthy_threshold = None,
        "matcher" => matcher = None,
    }
    InstancesDistribution {
        "on_demand_base_capacity" => on_demand_base_capacity = InstancesDistribution::default().on_demand_base_capacity,
        "on_demand_percentage_above_base" => on_demand_percentage_above_base =
            InstancesDistribution::default().on_demand_percentage_above_base,
    }
    AsgTiming {
        "health_check_grace_period_s" => health_check_grace_period_s = AsgTiming::default().health_check_grace_period_s,
        "instance_warmup_s" => instance_warmup_s = AsgTiming::default().instance_warmup_s,
        "default_cooldown_s" => default_cooldown_s = AsgTiming::default().default_cooldown_s,
    }
    EbsVolume {
        "type" => kind = VolumeKind::default(),
        "size_gib" => size_gib,
        "iops" => iops = None,
        "throughput_mibps" => throughput_mibps = None,
    }
    AppSettings {
        "cpu_ms" => cpu_ms = AppSettings::default().cpu_ms,
        "static_cpu_ms" => static_cpu_ms = AppSettings::default().static_cpu_ms,
        "max_concurrency" => max_concurrency = AppSettings::default().max_concurrency,
        "timeout_ms" => timeout_ms = AppSettings::default().timeout_ms,
        "port" => port = AppSettings::default().port,
        "ios_per_request" => ios_per_request = AppSettings::default().ios_per_request,
        "io_kib" => io_kib = AppSettings::default().io_kib,
        "peer_calls" => peer_calls = AppSettings::default().peer_calls,
        "peer_call_kib" => peer_call_kib = AppSettings::default().peer_call_kib,
        "backend" => backend = None,
    }
    RedrivePolicy { "dead_letter_queue" => dead_letter_queue, "max_receive_count" => max_receive_count }
    Subscription {
        "protocol" => protocol,
        "queue" => queue = None,
        "endpoint" => endpoint = None,
        "filter_policy" => filter_policy = None,
    }
    #[open]
    Text { "en" => en, "ko" => ko }
    #[open]
    Placement { "x" => x, "y" => y, "w" => w = None, "h" => h = None }
    ClientPopulation {
        "name" => name,
        "location" => location = Location::default(),
        "target" => target,
        "rate" => rate = RatePattern::default(),
        "mix" => mix = RequestMix::default(),
        "port" => port = 443,
        "resolvers" => resolvers = 50,
    }
    RequestMix {
        "read" => read = RequestMix::default().read,
        "static" => static_fraction = RequestMix::default().static_fraction,
        "object_kib" => object_kib = RequestMix::default().object_kib,
        "response_kib" => response_kib = RequestMix::default().response_kib,
        "write_kib" => write_kib = RequestMix::default().write_kib,
        "objects" => objects = RequestMix::default().objects,
        "zipf" => zipf = RequestMix::default().zipf,
    }
    Goals {
        "p50_ms" => p50_ms = None,
        "p95_ms" => p95_ms = None,
        "p99_ms" => p99_ms = None,
        "error_rate" => error_rate = None,
        "availability" => availability = None,
        "cost_per_hour_usd" => cost_per_hour_usd = None,
        "recovery_s" => recovery_s = None,
        "requests_lost" => requests_lost = None,
        "messages_lost" => messages_lost = None,
        "duplicates" => duplicates = None,
        "message_age_s" => message_age_s = None,
    }
    SimulationSettings {
        "duration_s" => duration_s = SimulationSettings::default().duration_s,
        "seed" => seed = SimulationSettings::default().seed,
    }
    RateFields {
        "pattern" => pattern,
        "rps" => rps = None,
        "from_rps" => from_rps = None,
        "to_rps" => to_rps = None,
        "over_s" => over_s = None,
        "base_rps" => base_rps = None,
        "peak_rps" => peak_rps = None,
        "at_s" => at_s = None,
        "for_s" => for_s = None,
        "mean_rps" => mean_rps = None,
        "amplitude" => amplitude = None,
        "period_s" => period_s = None,
        "peak_at_s" => peak_at_s = None,
    }
    ScalingStep { "from" => from = 0.0, "change" => change }
    PolicyFields {
        "policy" => policy,
        "metric" => metric = None,
        "target" => target = None,
        "threshold" => threshold = None,
        "above" => above = None,
        "period_s" => period_s = None,
        "evaluation_periods" => evaluation_periods = None,
        "steps" => steps = None,
        "at_s" => at_s = None,
        "min" => min = None,
        "max" => max = None,
        "desired" => desired = None,
    }
    #[open]
    FaultFields {
        "fault" => fault,
        "target" => target = None,
        "az" => az = None,
        "region" => region = None,
        "population" => population = None,
        "multiplier" => multiplier = None,
    }
}

/// The fields of a scenario document, in the order the derive named them.
const SCENARIO_FIELDS: &[&str] =
    &["format", "name", "description", "nodes", "layout", "traffic", "goals", "simulation", "faults"];

/// Reads a scenario document field by field from serde_json's text reader, so that errors
/// keep a line and column (the end of the field that is wrong): `nodes` through `Node`'s
/// reader, every other field as a JSON value then by hand.
struct ScenarioVisitor;

impl<'de> serde::de::Visitor<'de> for ScenarioVisitor {
    type Value = Scenario;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("struct Scenario")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Scenario, A::Error> {
        use serde::de::Error as _;
        let mut s = Scenario::default();
        let mut seen: Vec<&'static str> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let Some(name) = SCENARIO_FIELDS.iter().copied().find(|f| *f == key) else {
                return Err(A::Error::unknown_field(&key, SCENARIO_FIELDS));
            };
            if seen.contains(&name) {
                return Err(A::Error::duplicate_field(name));
            }
            seen.push(name);
            if name == "nodes" {
                s.nodes = map.next_value()?;
                continue;
            }
            let value = map.next_value::<Value>()?;
            read_part(&mut s, name, value).map_err(A::Error::custom)?;
        }
        for required in ["format", "nodes"] {
            if !seen.contains(&required) {
                return Err(A::Error::missing_field(required));
            }
        }
        Ok(s)
    }
}

/// Field `name` of a scenario document (any but `nodes`) into `s`.
fn read_part(s: &mut Scenario, name: &str, v: Value) -> Result<(), Error> {
    match name {
        "format" => s.format = FromJson::from_json(v)?,
        "name" => s.name = FromJson::from_json(v)?,
        "description" => s.description = FromJson::from_json(v)?,
        "layout" => s.layout = FromJson::from_json(v)?,
        "traffic" => s.traffic = FromJson::from_json(v)?,
        "goals" => s.goals = FromJson::from_json(v)?,
        "simulation" => s.simulation = FromJson::from_json(v)?,
        "faults" => s.faults = FromJson::from_json(v)?,
        _ => {}
    }
    Ok(())
}

impl<'de> serde::Deserialize<'de> for Scenario {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct("Scenario", SCENARIO_FIELDS, ScenarioVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::spec_io::tests::{at, places, wrong_values};
    use crate::model::Node;

    /// The document as serde's derive read it before `ScenarioVisitor`: the same fields and
    /// attributes, every part through its derived (or serde) reader.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Derived {
        format: u32,
        #[serde(default)]
        name: String,
        #[serde(default)]
        description: Text,
        nodes: Vec<Node>,
        #[serde(default)]
        layout: BTreeMap<NodeId, Placement>,
        #[serde(default)]
        traffic: Vec<ClientPopulation>,
        #[serde(default)]
        goals: Goals,
        #[serde(default)]
        simulation: SimulationSettings,
        #[serde(default)]
        faults: Vec<ScheduledFault>,
    }

    /// serde_json's message without its place (the two readers place errors differently:
    /// the derive at the token, ours at the end of the field).
    fn message(e: serde_json::Error) -> String {
        let text = e.to_string();
        let place = format!(" at line {} column {}", e.line(), e.column());
        text.strip_suffix(&place).unwrap_or(&text).to_string()
    }

    fn derived(text: &str) -> Result<Scenario, String> {
        let d: Derived = serde_json::from_str(text).map_err(message)?;
        Ok(Scenario {
            format: d.format,
            name: d.name,
            description: d.description,
            nodes: d.nodes,
            layout: d.layout,
            traffic: d.traffic,
            goals: d.goals,
            simulation: d.simulation,
            faults: d.faults,
        })
    }

    fn ours(text: &str) -> Result<Scenario, String> {
        serde_json::from_str::<Scenario>(text).map_err(message)
    }

    /// Every part a document can have outside its nodes, each rate pattern and fault kind.
    const EVERY_PART: &str = r#"{"format": 1, "name": "parts", "description": {"en": "a", "ko": "가"},
        "nodes": [{"id": "i", "kind": "internet"}],
        "layout": {"i": {"x": 1, "y": 2}, "j": {"x": 3, "y": 4, "w": 100, "h": 50}},
        "traffic": [
            {"name": "a", "target": "i"},
            {"name": "b", "location": "tokyo", "target": "i", "rate": {"pattern": "constant", "rps": 5},
             "mix": {"read": 0.5, "static": 0.2, "object_kib": 8, "response_kib": 4, "write_kib": 2, "objects": 10, "zipf": 0.8},
             "port": 80, "resolvers": 3},
            {"name": "c", "target": "i", "rate": {"pattern": "ramp", "from_rps": 1, "to_rps": 9, "over_s": 60}},
            {"name": "d", "target": "i", "rate": {"pattern": "spike", "base_rps": 1, "peak_rps": 9, "at_s": 5, "for_s": 10}},
            {"name": "e", "target": "i", "rate": {"pattern": "diurnal", "mean_rps": 4, "amplitude": 0.3, "period_s": 600, "peak_at_s": 60}}
        ],
        "goals": {"p50_ms": 10, "p95_ms": 20, "p99_ms": 30, "error_rate": 0.01, "availability": 0.99,
            "cost_per_hour_usd": 2, "recovery_s": 60, "requests_lost": 5, "messages_lost": 0, "duplicates": 0, "message_age_s": 30},
        "simulation": {"duration_s": 120, "seed": 7},
        "faults": [
            {"at_s": 1, "fault": "instance_crash", "target": "i-1"},
            {"at_s": 2, "for_s": 30, "fault": "instance_impaired", "target": "i-1"},
            {"at_s": 3, "fault": "az_outage", "az": "az-a"},
            {"at_s": 4, "fault": "region_outage", "region": "seoul"},
            {"at_s": 5, "fault": "nat_gateway_failure", "target": "nat"},
            {"at_s": 6, "fault": "rds_primary_failure", "target": "db"},
            {"at_s": 7, "fault": "ebs_degraded", "target": "i-1"},
            {"at_s": 8, "fault": "spot_interruption", "target": "i-1"},
            {"at_s": 9, "fault": "traffic_spike", "population": "a", "multiplier": 4},
            {"at_s": 10, "fault": "traffic_spike"},
            {"at_s": 11, "fault": "s3_throttling", "target": "b"},
            {"at_s": 12, "fault": "cloudfront_origin_failure", "target": "cf"},
            {"at_s": 13, "fault": "poison_message", "target": "q"},
            {"at_s": 14, "fault": "consumers_down", "target": "q"}
        ]}"#;

    fn documents() -> Vec<String> {
        let mut out = vec![EVERY_PART.to_string()];
        out.extend(crate::scenarios::BUILT_IN.iter().map(|(_, text)| text.to_string()));
        out
    }

    #[test]
    fn documents_read_by_hand_as_the_derive_reads_them() {
        for text in documents() {
            let read = ours(&text);
            assert!(read.is_ok(), "{read:?}");
            assert_eq!(read, derived(&text));
        }
    }

    /// Every part of a document outside its nodes (which spec_io's tests break) left out,
    /// of the wrong type or of an unknown name, at every depth: the same document or the same
    /// error text as the derive's.
    #[test]
    fn broken_documents_fail_as_the_derive_fails() {
        let wrong = wrong_values();
        let mut compared = 0;
        for text in documents() {
            let root: Value = serde_json::from_str(&text).unwrap();
            let mut paths = Vec::new();
            places(&root, Vec::new(), &mut paths);
            for path in paths.iter().filter(|p| p.first().is_some_and(|f| f != "nodes") || p.len() == 1) {
                let name = path.join(".");
                let (parent, last) = path.split_at(path.len() - 1);
                let mut without = root.clone();
                if let Value::Object(m) = at(&mut without, parent) {
                    m.shift_remove(&last[0]);
                    let t = without.to_string();
                    assert_eq!(ours(&t), derived(&t), "without {name}");
                }
                let mut renamed = root.clone();
                if let Value::Object(m) = at(&mut renamed, parent) {
                    if let Some(v) = m.shift_remove(&last[0]) {
                        m.insert(format!("{}_x", last[0]), v);
                        let t = renamed.to_string();
                        assert_eq!(ours(&t), derived(&t), "{name} renamed");
                    }
                }
                let original = at(&mut root.clone(), path).clone();
                for w in &wrong {
                    if original.is_object() && w.is_array() {
                        continue;
                    }
                    let mut changed = root.clone();
                    *at(&mut changed, path) = w.clone();
                    let t = changed.to_string();
                    let (a, b) = (ours(&t), derived(&t));
                    // serde_json's text reader says only "expected value" for an enum name
                    // that is neither text nor a map; ours says what it found.
                    if b.as_ref().is_err_and(|e| e == "expected value") {
                        assert!(a.as_ref().is_err_and(|e| e.starts_with("invalid ")), "{name} = {w}: {a:?}");
                    } else {
                        assert_eq!(a, b, "{name} = {w}");
                    }
                    compared += 1;
                }
            }
        }
        assert!(compared > 1500, "{compared}");
        // A field twice, which only text can say.
        let twice = r#"{"format": 1, "nodes": [], "name": "a", "name": "b"}"#;
        assert_eq!(ours(twice), derived(twice));
        assert!(ours(twice).is_err());
    }
}
