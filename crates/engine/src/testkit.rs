//! Test fixtures shared by the engine's tests: a small VPC lab as JSON, and helpers to change it.

use crate::model::Scenario;
use serde_json::{json, Value};

/// A small VPC lab: a public subnet (0.0.0.0/0 → IGW) with a NAT gateway and an instance with
/// a public IP, a private subnet (0.0.0.0/0 → NAT gateway) with an instance, one open
/// security group, no network ACL (the implicit default ACL allows all).
pub(crate) fn lab() -> Value {
    json!({"format": 1, "nodes": [
        {"id": "internet", "kind": "internet"},
        {"id": "r", "kind": "region", "code": "ap-northeast-2"},
        {"id": "az-a", "kind": "availability_zone", "region": "r", "zone": "ap-northeast-2a"},
        {"id": "vpc", "kind": "vpc", "region": "r", "cidr": "10.0.0.0/16"},
        {"id": "igw", "kind": "internet_gateway", "vpc": "vpc"},
        {"id": "rtb-main", "kind": "route_table", "vpc": "vpc", "main": true, "routes": []},
        {"id": "rtb-public", "kind": "route_table", "vpc": "vpc", "routes": [{"destination": "0.0.0.0/0", "target": "igw"}]},
        {"id": "rtb-private", "kind": "route_table", "vpc": "vpc", "routes": [{"destination": "0.0.0.0/0", "target": "nat"}]},
        {"id": "public", "kind": "subnet", "vpc": "vpc", "az": "az-a", "cidr": "10.0.0.0/24", "route_table": "rtb-public"},
        {"id": "private", "kind": "subnet", "vpc": "vpc", "az": "az-a", "cidr": "10.0.1.0/24", "route_table": "rtb-private"},
        {"id": "nat", "kind": "nat_gateway", "subnet": "public", "elastic_ip": "3.35.0.10"},
        {"id": "sg-open", "kind": "security_group", "vpc": "vpc",
         "inbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}], "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]},
        {"id": "i-pub", "kind": "instance", "instance_type": "t3.micro", "subnet": "public",
         "private_ip": "10.0.0.10", "public_ip": "3.35.0.20", "security_groups": ["sg-open"]},
        {"id": "i-priv", "kind": "instance", "instance_type": "t3.micro", "subnet": "private",
         "private_ip": "10.0.1.10", "security_groups": ["sg-open"]}
    ]})
}

/// Merges `patch` into the node `id` (a `null` field removes it), or adds the node.
pub(crate) fn set(mut doc: Value, id: &str, patch: Value) -> Value {
    let nodes = doc["nodes"].as_array_mut().unwrap();
    match nodes.iter_mut().find(|n| n["id"] == id) {
        Some(node) => {
            for (k, v) in patch.as_object().unwrap() {
                if v.is_null() {
                    node.as_object_mut().unwrap().remove(k);
                } else {
                    node[k] = v.clone();
                }
            }
        }
        None => {
            let mut node = patch;
            node["id"] = json!(id);
            nodes.push(node);
        }
    }
    doc
}

pub(crate) fn without(mut doc: Value, id: &str) -> Value {
    doc["nodes"].as_array_mut().unwrap().retain(|n| n["id"] != id);
    doc
}

pub(crate) fn load(doc: &Value) -> Scenario {
    Scenario::from_json(&doc.to_string()).unwrap()
}

/// Adds Availability Zone `az-c` and a subnet in it using `route_table`.
pub(crate) fn zone_c_subnet(doc: Value, id: &str, cidr: &str, route_table: &str) -> Value {
    let doc = set(doc, "az-c", json!({"kind": "availability_zone", "region": "r", "zone": "ap-northeast-2c"}));
    set(doc, id, json!({"kind": "subnet", "vpc": "vpc", "az": "az-c", "cidr": cidr, "route_table": route_table}))
}
