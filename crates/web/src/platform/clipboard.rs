//! Copy, paste and duplicate: a selection travels as JSON (also between tabs, through the system clipboard) and is pasted with fresh ids, its internal references rewired.

use engine::model::{Node, NodeId, Placement, Scenario};
use engine::Msg;
use serde::Serialize;
use std::collections::BTreeMap;

/// Marks clipboard text as a Stratus selection (and its version).
const MARK: &str = "stratus-selection";

/// What travels on the clipboard (read back by hand: `read`).
#[derive(Serialize)]
struct Clip {
    /// Always `MARK`.
    kind: String,
    /// Format of the nodes inside (the scenario format version).
    format: u32,
    /// The copied nodes.
    nodes: Vec<Node>,
    /// Their placements.
    layout: BTreeMap<NodeId, Placement>,
}

/// The clipboard text for `ids` (callers pass the selection with its contents).
pub fn copy(s: &Scenario, ids: &[NodeId]) -> String {
    let nodes: Vec<Node> = s.nodes.iter().filter(|n| ids.contains(&n.id)).cloned().collect();
    let layout = engine::sort::map_of(s.layout.iter().filter(|(k, _)| ids.contains(k)).map(|(k, v)| (k.clone(), *v)));
    let clip = Clip { kind: MARK.into(), format: engine::model::FORMAT_VERSION, nodes, layout };
    // Through `Value`, like `Scenario::to_json`: one serialiser for the document in the wasm.
    serde_json::to_value(&clip).map(|v| v.to_string()).unwrap_or_default()
}

/// Clipboard text as a selection: the nodes through `Node`'s reader from text and the
/// layout through engine's `FromJson`, as a document's (one copy of each reader in the wasm).
fn read(text: &str) -> Option<Clip> {
    use engine::model::FromJson;
    if !text.contains(MARK) {
        return None;
    }
    let serde_json::Value::Object(mut o) = serde_json::from_str(text).ok()? else { return None };
    if o.get("kind").and_then(|k| k.as_str()) != Some(MARK) {
        return None;
    }
    let format = u32::try_from(o.get("format")?.as_u64()?).ok()?;
    let nodes = match o.remove("nodes")? {
        serde_json::Value::Array(items) => {
            items.iter().map(|n| serde_json::from_str::<Node>(&n.to_string()).ok()).collect::<Option<Vec<Node>>>()?
        }
        _ => return None,
    };
    let layout = BTreeMap::<NodeId, Placement>::from_json(o.remove("layout")?).ok()?;
    Some(Clip { kind: MARK.into(), format, nodes, layout })
}

/// Whether clipboard text is a Stratus selection.
pub fn is_selection(text: &str) -> bool {
    read(text).is_some()
}

/// Add the copied nodes to `s` with fresh ids, shifted by `offset` diagram units;
/// references among the copied nodes point at the copies, references to anything else
/// are kept. Returns the new ids.
pub fn paste(s: &mut Scenario, text: &str, offset: f64) -> Result<Vec<NodeId>, Msg> {
    let clip = read(text).ok_or_else(|| engine::msg!("ui.paste.not_stratus"))?;
    if clip.format > engine::model::FORMAT_VERSION {
        return Err(engine::msg!("ui.paste.newer"));
    }
    let mut taken: Vec<String> =
        s.nodes.iter().map(|n| n.id.0.clone()).chain(s.layout.keys().map(|k| k.0.clone())).collect();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for n in &clip.nodes {
        let fresh = fresh_id(&n.id.0, &taken);
        taken.push(fresh.clone());
        renamed.insert(n.id.0.clone(), fresh);
    }
    let mut added = Vec::new();
    for n in clip.nodes {
        let mut value = serde_json::to_value(&n).map_err(|e| engine::msg!("ui.plain", text = e))?;
        rewire(&mut value, &renamed);
        // From text: one deserialiser of the document types in the wasm (see Scenario::from_json).
        let node: Node = serde_json::from_str(&value.to_string()).map_err(|e| engine::msg!("ui.plain", text = e))?;
        if let Some(p) = clip.layout.get(&n.id) {
            s.layout.insert(node.id.clone(), Placement { x: p.x + offset, y: p.y + offset, ..*p });
        }
        added.push(node.id.clone());
        s.nodes.push(node);
    }
    Ok(added)
}

/// `base-copy`, `base-copy-2`, ... : the first not in `taken`.
fn fresh_id(base: &str, taken: &[String]) -> String {
    let stem = base.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end_matches("-copy-").trim_end_matches("-copy");
    (1..)
        .map(|i| if i == 1 { format!("{stem}-copy") } else { format!("{stem}-copy-{i}") })
        .find(|c| !taken.iter().any(|t| t == c))
        .unwrap_or_else(|| format!("{stem}-copy"))
}

/// Replace every string that is a copied node's id (the node's own id and its references)
/// with the copy's id. Ids are unique in a scenario, so an exact match is a reference.
fn rewire(v: &mut serde_json::Value, renamed: &BTreeMap<String, String>) {
    match v {
        serde_json::Value::String(s) => {
            if let Some(new) = renamed.get(s.as_str()) {
                *s = new.clone();
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|i| rewire(i, renamed)),
        serde_json::Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                // Names and descriptions are words, not references.
                if key != "name" && key != "description" {
                    rewire(value, renamed);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::Spec;

    fn example() -> Scenario {
        Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap()
    }

    #[test]
    fn a_subnet_with_its_instance_pastes_with_rewired_references() {
        let mut s = example();
        let text = copy(&s, &["subnet-private-c".into(), "i-web-c".into()]);
        assert!(is_selection(&text));
        let added = paste(&mut s, &text, 30.0).unwrap();
        assert_eq!(added, vec![NodeId::from("subnet-private-c-copy"), "i-web-c-copy".into()]);
        let copy = s.node(&"i-web-c-copy".into()).unwrap();
        match &copy.spec {
            // Inside the copy: the new subnet. Outside: the same security group as before.
            Spec::Instance { subnet, security_groups, .. } => {
                assert_eq!(subnet.as_str(), "subnet-private-c-copy");
                assert_eq!(security_groups, &vec![NodeId::from("sg-web")]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(copy.name, "web-c", "names are not ids");
        assert_eq!(s.layout[&NodeId::from("i-web-c-copy")].x, 960.0);
        // Pasting again gives fresh ids again.
        let again = paste(&mut s, &text, 60.0).unwrap();
        assert_eq!(again[0].as_str(), "subnet-private-c-copy-2");
        assert!(Scenario::from_json(&s.to_json()).is_ok(), "still a valid document");
    }

    #[test]
    fn foreign_text_is_refused_with_a_message() {
        let mut s = example();
        let before = s.clone();
        for text in ["hello", "{}", r#"{"kind":"other","format":1,"nodes":[],"layout":{}}"#] {
            assert!(!is_selection(text));
            let err = paste(&mut s, text, 10.0).unwrap_err();
            assert!(!crate::i18n::builtin::ko(&err).is_empty());
        }
        assert_eq!(s, before);
    }
}
