//! A lesson's edits: small, general operations on a design's JSON document (add or remove an element, set, append to or remove a field by JSON Pointer), so a solution replays step by step.
//!
//! Edits work on the document as JSON (docs/format.md) and the result is loaded with
//! `Scenario::from_json`, so an edit can never make a design the loader would refuse
//! without saying so: the error names the step.

use super::{LessonError, Words};
use crate::model::{NodeId, Placement, Scenario};
use crate::msg::Msg;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One edit to a design. `path` is a JSON Pointer (RFC 6901, `/inbound/0/ports`) inside the
/// element `node`, or inside the whole document when `node` is absent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Edit {
    /// Adds an element (a node object as in a document: `id`, `kind`, its fields), drawn at `at`.
    AddNode {
        /// The node.
        #[cfg_attr(feature = "schema", schemars(with = "crate::model::Node"))]
        node: Value,
        /// Where it is drawn (absent: laid out automatically).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Placement>,
        /// What the step does (required in a solution).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<Words>,
    },
    /// Removes an element and its place in the layout (references to it stay, as they do
    /// when a person deletes it: validation names them).
    RemoveNode {
        /// The element.
        id: NodeId,
        /// What the step does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<Words>,
    },
    /// Sets a field (creating it in its object, or replacing an array item).
    Set {
        /// The element (absent: the document).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        node: Option<NodeId>,
        /// JSON Pointer to the field.
        path: String,
        /// Its new value.
        value: Value,
        /// What the step does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<Words>,
    },
    /// Appends to an array (a rule, a route, a target), creating the array if absent.
    Push {
        /// The element (absent: the document).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        node: Option<NodeId>,
        /// JSON Pointer to the array.
        path: String,
        /// The item.
        value: Value,
        /// What the step does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<Words>,
    },
    /// Removes a field, or an array item by index.
    Remove {
        /// The element (absent: the document).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        node: Option<NodeId>,
        /// JSON Pointer to the field.
        path: String,
        /// What the step does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<Words>,
    },
}

impl Edit {
    /// What the step does, if written.
    pub fn caption(&self) -> Option<&Words> {
        match self {
            Edit::AddNode { caption, .. }
            | Edit::RemoveNode { caption, .. }
            | Edit::Set { caption, .. }
            | Edit::Push { caption, .. }
            | Edit::Remove { caption, .. } => caption.as_ref(),
        }
    }

    /// The element the edit changes or adds, if one.
    pub fn touches(&self) -> Option<&str> {
        match self {
            Edit::AddNode { node, .. } => node.get("id").and_then(Value::as_str),
            Edit::RemoveNode { id, .. } => Some(id.as_str()),
            Edit::Set { node, .. } | Edit::Push { node, .. } | Edit::Remove { node, .. } => {
                node.as_ref().map(NodeId::as_str)
            }
        }
    }
}

/// Why an edit could not be applied: which step (0-based) and why.
#[derive(Clone, Debug, PartialEq)]
pub struct EditError {
    /// The step.
    pub step: usize,
    /// Why.
    pub message: Msg,
}

impl EditError {
    /// As a lesson error about a list of edits (`field`).
    pub fn in_field(self, field: &str) -> LessonError {
        LessonError::Invalid { field: format!("{field}[{}]", self.step), message: self.message }
    }
}

/// Applies `edits` in order to a design's JSON document and loads the result.
pub fn apply(mut doc: Value, edits: &[Edit]) -> Result<Scenario, EditError> {
    for (step, edit) in edits.iter().enumerate() {
        apply_one(&mut doc, edit).map_err(|message| EditError { step, message })?;
    }
    Scenario::from_json(&doc.to_string())
        .map_err(|e| EditError { step: edits.len().saturating_sub(1), message: e.message() })
}

fn apply_one(doc: &mut Value, edit: &Edit) -> Result<(), Msg> {
    match edit {
        Edit::AddNode { node, at, .. } => {
            let Some(id) = node.get("id").and_then(Value::as_str).map(str::to_string) else {
                return Err(msg!("ops.new_element_no_id"));
            };
            let list = nodes(doc)?;
            if list.iter().any(|n| n.get("id").and_then(Value::as_str) == Some(id.as_str())) {
                return Err(msg!("ops.element_exists_already", id = id));
            }
            list.push(node.clone());
            if let Some(at) = at {
                let place = serde_json::to_value(at).unwrap_or(Value::Null);
                if let Some(layout) = layout(doc) {
                    layout.insert(id, place);
                }
            }
            Ok(())
        }
        Edit::RemoveNode { id, .. } => {
            let list = nodes(doc)?;
            let before = list.len();
            list.retain(|n| n.get("id").and_then(Value::as_str) != Some(id.as_str()));
            if list.len() == before {
                return Err(missing(id));
            }
            if let Some(layout) = layout(doc) {
                layout.remove(id.as_str());
            }
            Ok(())
        }
        Edit::Set { node, path, value, .. } => {
            let (parent, last) = parent_of(root(doc, node.as_ref())?, path)?;
            match parent {
                Value::Object(map) => {
                    map.insert(last, value.clone());
                    Ok(())
                }
                Value::Array(items) => match index(&last, items.len()) {
                    Some(i) => {
                        items[i] = value.clone();
                        Ok(())
                    }
                    None => Err(no_such(path)),
                },
                _ => Err(no_such(path)),
            }
        }
        Edit::Push { node, path, value, .. } => {
            let (parent, last) = parent_of(root(doc, node.as_ref())?, path)?;
            let target = match parent {
                Value::Object(map) => map.entry(last).or_insert_with(|| Value::Array(Vec::new())),
                Value::Array(items) => match index(&last, items.len()) {
                    Some(i) => &mut items[i],
                    None => return Err(no_such(path)),
                },
                _ => return Err(no_such(path)),
            };
            match target {
                Value::Array(items) => {
                    items.push(value.clone());
                    Ok(())
                }
                _ => Err(msg!("ops.not_list", path = path)),
            }
        }
        Edit::Remove { node, path, .. } => {
            let (parent, last) = parent_of(root(doc, node.as_ref())?, path)?;
            let removed = match parent {
                Value::Object(map) => map.remove(&last).is_some(),
                Value::Array(items) => match index(&last, items.len()) {
                    Some(i) => {
                        items.remove(i);
                        true
                    }
                    None => false,
                },
                _ => false,
            };
            if removed {
                Ok(())
            } else {
                Err(no_such(path))
            }
        }
    }
}

fn nodes(doc: &mut Value) -> Result<&mut Vec<Value>, Msg> {
    doc.get_mut("nodes").and_then(Value::as_array_mut).ok_or_else(|| msg!("ops.design_no_nodes_list"))
}

fn layout(doc: &mut Value) -> Option<&mut serde_json::Map<String, Value>> {
    let map = doc.as_object_mut()?;
    map.entry("layout").or_insert_with(|| Value::Object(Default::default())).as_object_mut()
}

fn missing(id: &NodeId) -> Msg {
    msg!("ops.design_no_element", id = id)
}

fn no_such(path: &str) -> Msg {
    msg!("ops.nothing_at", path = path)
}

/// The element `node`'s object, or the whole document.
fn root<'a>(doc: &'a mut Value, node: Option<&NodeId>) -> Result<&'a mut Value, Msg> {
    let Some(id) = node else { return Ok(doc) };
    doc.get_mut("nodes")
        .and_then(Value::as_array_mut)
        .and_then(|list| list.iter_mut().find(|n| n.get("id").and_then(Value::as_str) == Some(id.as_str())))
        .ok_or_else(|| missing(id))
}

/// An array index as JSON Pointer writes it (digits, no leading zero), below `len`.
fn index(token: &str, len: usize) -> Option<usize> {
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse::<usize>().ok().filter(|i| *i < len)
}

/// The value holding the pointer's last token, and that token (unescaped: `~1` is `/`, `~0` is `~`).
fn parent_of<'a>(root: &'a mut Value, path: &str) -> Result<(&'a mut Value, String), Msg> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(msg!("ops.not_json_pointer_starts", path = path));
    };
    let tokens: Vec<String> = rest.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
    let Some((last, parents)) = tokens.split_last() else { return Err(no_such(path)) };
    let mut here = root;
    for token in parents {
        here = match here {
            Value::Object(map) => map.get_mut(token.as_str()),
            Value::Array(items) => {
                let len = items.len();
                index(token, len).and_then(move |i| items.get_mut(i))
            }
            _ => None,
        }
        .ok_or_else(|| no_such(path))?;
    }
    Ok((here, last.clone()))
}
