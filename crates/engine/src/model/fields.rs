//! Reading a node so that fields it does not know are kept (in `Node::extra`) rather than dropped, and the nearest known field name for a misspelt one.
//!
//! serde drops unknown keys silently here: `Node` flattens the internally tagged `Spec`,
//! which neither denies them nor reports them (serde_ignored cannot see through flatten
//! either). So the node is read once with a catch-all map beside the spec, and the map
//! keeps only the keys that the exact list of the kind's fields (known_fields.rs,
//! generated from the JSON Schema and checked by a test) does not name.

use super::known_fields::{BY_KIND, NODE};
use super::{Node, NodeId, Spec};
use serde::{Deserialize, Deserializer};

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            id: NodeId,
            #[serde(default)]
            name: String,
            #[serde(flatten)]
            spec: Spec,
            // Every key besides `id` and `name`, the spec's own included: the flattened
            // spec reads the shared buffer without taking from it.
            #[serde(flatten)]
            rest: serde_json::Map<String, serde_json::Value>,
        }
        let Raw { id, name, spec, mut rest } = Raw::deserialize(d)?;
        let kind = rest.get("kind").and_then(|k| k.as_str()).unwrap_or_default().to_string();
        let known = known_fields(&kind);
        rest.retain(|key, _| !known.contains(&key.as_str()));
        Ok(Node { id, name, spec, extra: rest })
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
