//! The settings of a node read from its JSON by hand (`FromJson`), one small function a type, where serde's derived visitors made a copy of serde_json's value deserialiser for every field type: the page's wasm went from 432.8 to 429.2 KB gzip with these readers (issue #15).
//!
//! Each reader answers as the derive does, with serde's own error texts (`unknown field`,
//! `missing field`, `invalid type`, `unknown variant`), fields read in the document's order so
//! that the first error is the same one. Two forms the derive took and people never write
//! are refused here: a struct written as an array of its fields in order, and an enum name
//! written as a map with one key whose value is not null. `spec_io`'s tests compare the two
//! readers on every field, at every depth, of every example.

use crate::cidr::{Cidr, Ipv4};
use crate::model::messaging::{RedrivePolicy, Subscription, SubscriptionProtocol};
use crate::model::{Action, LoadBalancerType, NaclRule, NodeId, PortRange, Protocol, Route, Scheme, SgRule};
use crate::resilience::{
    AsgTiming, HealthCheck, HealthCheckType, InstancesDistribution, LaunchTemplate, PlacementGroup, PlacementStrategy,
    PurchaseOption, Route53HealthCheck, ScalingPolicy,
};
use crate::workload::{Algorithm, AppSettings, EbsVolume, FailoverRole, RecordValue, RoutingPolicy, VolumeKind};
use serde::de::{Error as _, Unexpected};
use serde_json::{Error, Map, Value};
use std::collections::BTreeMap;

/// A value read from a document's JSON.
pub(crate) trait FromJson: Sized {
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
    /// Its serde reader is already written by hand (resilience.rs).
    fn from_json(v: Value) -> Result<Self, Error> {
        serde::Deserialize::deserialize(v)
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

/// A struct with unknown fields refused, read in the document's order. A field is
/// `name => field` (it must be there) or `name => field = default` (the default when left
/// out; an `Option` left out is `None`).
macro_rules! structs {
    ($($t:ident { $($name:literal => $field:ident $(= $default:expr)?),* $(,)? })*) => {$(
        impl FromJson for $t {
            fn from_json(v: Value) -> Result<Self, Error> {
                $(let mut $field = None;)*
                for (key, value) in fields(v, concat!("struct ", stringify!($t)))? {
                    match key.as_str() {
                        $($name => $field = Some(FromJson::from_json(value)?),)*
                        other => return Err(Error::unknown_field(other, &[$($name),*])),
                    }
                }
                Ok($t { $($field: structs!(@or $field, $name $(, $default)?),)* })
            }
        }
    )*};
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
}
