//! Reading a node so that fields it does not know are kept (in `Node::extra`) rather than dropped, and the nearest known field name for a misspelt one.
//!
//! A node is read as a JSON object: `id`, `name` and `kind` are taken out, the keys the
//! exact list of the kind's fields names (known_fields.rs, generated from the JSON Schema
//! and checked by a test) make the spec, and every other key is kept in `extra`. The spec is
//! read from a `serde_json::Value` (serde sees `Spec` externally tagged), never through
//! serde's buffered `Content`: a much smaller reader in the page's wasm. Writing puts
//! `kind` and the fields back in the node's object, then `extra`.

use super::known_fields::{BY_KIND, NODE};
use super::{Node, NodeId, Spec};
use serde::de::Error as _;
use serde::ser::{Error as _, SerializeMap};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

impl Spec {
    /// The spec as a document writes it: `kind` first, then its fields.
    pub fn to_value(&self) -> Value {
        super::spec_io::write(self)
    }

    /// Read a spec written as a document writes it (`kind` and its fields); fields the kind
    /// does not have are an error here (a node keeps them in `extra` instead).
    pub fn from_value(value: Value) -> Result<Spec, serde_json::Error> {
        let Value::Object(mut fields) = value else {
            return Err(<serde_json::Error as serde::de::Error>::custom("a node's settings must be a JSON object"));
        };
        let kind = match fields.remove("kind") {
            Some(Value::String(k)) => k,
            Some(other) => {
                return Err(<serde_json::Error as serde::de::Error>::custom(format!(
                    "`kind` must be a string, not {other}"
                )))
            }
            None => return Err(serde_json::Error::missing_field("kind")),
        };
        spec_of(kind, fields)
    }
}

/// The spec of `kind` with `fields` (without `kind`), read field by field (`spec_io`).
fn spec_of(kind: String, fields: Map<String, Value>) -> Result<Spec, serde_json::Error> {
    let Some(known) = super::Kind::from_name(&kind) else {
        let kinds: Vec<String> = BY_KIND.iter().map(|(k, _)| format!("`{k}`")).collect();
        return Err(<serde_json::Error as serde::de::Error>::custom(format!(
            "unknown variant `{kind}`, expected one of {}",
            kinds.join(", ")
        )));
    };
    super::spec_io::read(known, fields)
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Value::Object(spec) = self.spec.to_value() else {
            return Err(S::Error::custom("a node's spec is not an object"));
        };
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        if !self.name.is_empty() {
            map.serialize_entry("name", &self.name)?;
        }
        for (k, v) in spec.iter().chain(&self.extra) {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        let map = Map::<String, Value>::deserialize(d)?;
        let (mut id, mut name, mut kind) = (None, None, None);
        // Every key besides `id`, `name` and `kind`, in document order; split below into
        // the kind's own fields and the rest (kept in `extra`).
        let mut others = Vec::with_capacity(map.len());
        for (key, value) in map {
            match key.as_str() {
                "id" => id = Some(value),
                "name" => name = Some(value),
                "kind" => kind = Some(value),
                _ => others.push((key, value)),
            }
        }
        let id = match id {
            Some(Value::String(id)) => NodeId(id),
            Some(other) => return Err(D::Error::custom(format!("invalid type: {other}, expected a string id"))),
            None => return Err(D::Error::missing_field("id")),
        };
        let name = match name {
            Some(Value::String(name)) => name,
            Some(other) => {
                return Err(D::Error::custom(format!("node '{id}': invalid type: {other}, expected a string name")))
            }
            None => String::new(),
        };
        let kind = match kind {
            Some(Value::String(kind)) => kind,
            Some(other) => return Err(D::Error::custom(format!("node '{id}': `kind` must be a string, not {other}"))),
            None => return Err(D::Error::custom(format!("node '{id}': missing field `kind`"))),
        };
        let known = known_fields(&kind);
        let (mut fields, mut extra) = (Map::new(), Map::new());
        for (key, value) in others {
            if known.contains(&key.as_str()) {
                fields.insert(key, value);
            } else {
                extra.insert(key, value);
            }
        }
        let spec = spec_of(kind, fields).map_err(|e| D::Error::custom(format!("node '{id}': {e}")))?;
        Ok(Node { id, name, spec, extra })
    }
}

/// Every field a node of `kind` (its JSON name, e.g. `instance`) may have, `kind` itself
/// included but not `id` and `name` (see `NODE_FIELDS`); empty for a kind that does not exist.
pub fn known_fields(kind: &str) -> &'static [&'static str] {
    BY_KIND.iter().find(|(k, _)| *k == kind).map_or(&[], |(_, fields)| fields)
}

/// The fields every node has whatever its kind.
pub const NODE_FIELDS: &[&str] = NODE;

/// The known field of a `kind` node that `unknown` is most likely a misspelling of: within a
/// small edit distance (one or two typos, and no more than a third of the name), case and
/// `-`/`_` ignored. `None` when nothing is that close.
pub fn suggest_field(kind: &str, unknown: &str) -> Option<&'static str> {
    let norm = |s: &str| s.chars().map(|c| if c == '-' { '_' } else { c.to_ascii_lowercase() }).collect::<Vec<_>>();
    let typed = norm(unknown);
    // Names longer than any field are not worth a quadratic comparison.
    if typed.len() > 64 {
        return None;
    }
    NODE_FIELDS
        .iter()
        .chain(known_fields(kind))
        .filter(|f| **f != "kind")
        .map(|f| (edit_distance(&typed, &norm(f)), *f))
        .filter(|(d, f)| *d <= 2 && *d * 3 <= f.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
/// two neighbours (`secrity`, `secruity`) each count one.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, row);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scenario;

    const MISSPELT: &str = r#"{"format":1,"nodes":[
        {"id":"i","kind":"instance","instance_type":"t3.micro","subnet":"s","securty_groups":["sg"],"x-owner":{"team":"web","n":[1,2]}},
        {"id":"r","kind":"region","code":"ap-northeast-2"}
    ]}"#;

    #[test]
    fn unknown_fields_are_kept_in_order_and_written_back_in_their_node() {
        let s = Scenario::from_json(MISSPELT).unwrap();
        let i = &s.nodes[0];
        assert_eq!(i.extra.keys().collect::<Vec<_>>(), ["securty_groups", "x-owner"]);
        assert!(matches!(&i.spec, Spec::Instance { security_groups, .. } if security_groups.is_empty()));
        assert!(s.nodes[1].extra.is_empty());
        let saved = s.to_json();
        let again = Scenario::from_json(&saved).unwrap();
        assert_eq!(again, s, "load, save, load loses nothing");
        let doc: serde_json::Value = serde_json::from_str(&saved).unwrap();
        assert_eq!(doc["nodes"][0]["securty_groups"], serde_json::json!(["sg"]));
        assert_eq!(doc["nodes"][0]["x-owner"]["n"][1], 2);
        assert!(doc["nodes"][1].get("securty_groups").is_none());
    }

    #[test]
    fn every_built_in_example_has_only_known_fields() {
        for (name, text) in crate::scenarios::BUILT_IN {
            let s = Scenario::from_json(text).unwrap();
            for n in &s.nodes {
                assert!(n.extra.is_empty(), "{name}: {}: {:?}", n.id, n.extra.keys().collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn suggestions_are_near_misses_only() {
        let cases = [
            ("instance", "securty_groups", Some("security_groups")),
            ("instance", "Security-Groups", Some("security_groups")),
            ("instance", "instnace_type", Some("instance_type")),
            ("instance", "subnets", Some("subnet")),
            ("load_balancer", "subnet", Some("subnets")),
            ("load_balancer", "nmae", Some("name")),
            ("instance", "colour", None),
            ("instance", "x-owner", None),
            ("region", "az", None),
            ("no_such_kind", "subnet", None),
        ];
        for (kind, typed, want) in cases {
            assert_eq!(suggest_field(kind, typed), want, "{kind}.{typed}");
        }
        assert_eq!(edit_distance(&['a', 'b'], &['b', 'a']), 1);
        assert!(known_fields("instance").contains(&"security_groups"));
        assert!(known_fields("load_balancer").contains(&"type"), "JSON names, renames applied");
    }
}
