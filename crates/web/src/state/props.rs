//! Every property of the selected elements as form fields, from the kinds registry and the document's values, and edits of one field across a whole multi-selection.
//!
//! The fields are the kind's properties in the registry (`engine::kinds`), in its order, with
//! the inputs, choices and references it names. An edit writes the new value into that JSON and
//! deserialises it back: a value the document format refuses (a negative count, an unknown
//! volume type) is refused with serde's own reason and nothing changes. Whether the new
//! value makes sense in AWS is the engine's validation's job, shown inline by the inspector.

use engine::kinds::{Input, Property, Unset};
#[cfg(test)]
use engine::model::Node;
use engine::model::{Kind, NodeId, Scenario, Spec};
use engine::Msg;
use serde_json::{Map, Value};

/// What input a field needs.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldKind {
    /// Free text.
    Text,
    /// A number.
    Number,
    /// On or off.
    Bool,
    /// One of a fixed list (the JSON names); `""` means "not set" where the property is optional.
    Choice(Vec<&'static str>),
    /// Another element of the design, of the kinds listed (`""` = none, where optional).
    Ref(Vec<(NodeId, String)>),
    /// Several elements of the design.
    RefList(Vec<(NodeId, String)>),
    /// A list of plain values (a VPC's secondary CIDR blocks), one per row.
    TextList,
    /// Structured data edited as JSON (only a multi-selection whose lists differ now).
    Json,
    /// The head of a record in a list (a scaling policy, a record value, a step): its path
    /// ends with the record's index; setting it (any text) removes the record.
    Item,
    /// A list of records: setting it (any text) adds one with sensible defaults.
    Add,
}

/// One property of the selection.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Where it is in the node's JSON, e.g. `["app", "cpu_ms"]`.
    pub path: Vec<String>,
    /// Its value, or `None` when the selected elements differ ("mixed").
    pub value: Option<Value>,
    /// The input it needs.
    pub kind: FieldKind,
    /// Whether it may be left unset.
    pub optional: bool,
}

impl Field {
    /// The value as the text an input shows.
    pub fn text(&self) -> String {
        match &self.value {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            // An empty list shows as an empty box, so that its placeholder can say what to write.
            Some(Value::Array(items)) if items.is_empty() && self.kind == FieldKind::Json => String::new(),
            Some(Value::Array(items)) if matches!(self.kind, FieldKind::RefList(_) | FieldKind::TextList) => {
                items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(",")
            }
            Some(v @ (Value::Array(_) | Value::Object(_))) => serde_json::to_string_pretty(v).unwrap_or_default(),
            // A whole number reads as one ("50", not "50.0", for a float property).
            Some(Value::Number(n)) => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9e15 => (f as i64).to_string(),
                _ => n.to_string(),
            },
            Some(v) => v.to_string(),
        }
    }
}

/// A default the registry spells as JSON text (`engine::kinds::Unset`). The registry's test
/// reads every one, so `null` here only stands for text that never reaches the page.
fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// Lists of records, edited field by field: an Auto Scaling group's scaling policies, a
/// Route 53 record's values, a step policy's steps.
const RECORD_LISTS: [&str; 3] = ["policies", "values", "steps"];

/// The fields a record shows, in order, whether it has them or not (a scheduled action's
/// capacities and a value's failover role may be unset), and which of them are optional.
fn record_keys(list: &str, record: &Map<String, Value>) -> (&'static [&'static str], &'static [&'static str]) {
    match (list, record.get("policy").and_then(Value::as_str)) {
        ("values", _) => (&["target", "weight", "failover"], &["failover"]),
        ("steps", _) => (&["from", "change"], &[]),
        (_, Some("step")) => {
            (&["policy", "metric", "threshold", "above", "period_s", "evaluation_periods", "steps"], &[])
        }
        (_, Some("scheduled")) => (&["policy", "at_s", "min", "max", "desired"], &["min", "max", "desired"]),
        _ => (&["policy", "metric", "target"], &[]),
    }
}

/// A new record of a list, with the console's defaults: a policy of type `kind` (target
/// tracking at 50 % CPU, the console's suggestion; a step policy adding an instance above
/// 70 % for one 60 s period, CloudWatch's standard period; a scheduled action ten minutes
/// in), a step 10 past the last one, a value sending users to `target` with weight 1.
fn new_record(list: &str, kind: &str, after: Option<&Value>, target: &str) -> Value {
    // Written as JSON text, not `json!`: text is data in the wasm, `json!` is code.
    let text = match (list, kind) {
        ("steps", _) => {
            let last = after.and_then(|v| v.get("from")).and_then(Value::as_f64).map_or(0.0, |f| f + 10.0);
            return Value::Object(Map::from_iter([
                ("from".to_string(), Value::from(last)),
                ("change".to_string(), Value::from(1)),
            ]));
        }
        ("values", _) => {
            return Value::Object(Map::from_iter([
                ("target".to_string(), Value::from(target)),
                ("weight".to_string(), Value::from(1)),
            ]));
        }
        (_, "step") => {
            r#"{"policy": "step", "metric": "cpu", "threshold": 70, "above": true, "period_s": 60, "evaluation_periods": 1, "steps": [{"from": 0, "change": 1}]}"#
        }
        (_, "scheduled") => r#"{"policy": "scheduled", "at_s": 600, "desired": 2}"#,
        _ => r#"{"policy": "target_tracking", "metric": "cpu", "target": 50}"#,
    };
    json(text)
}

/// The registry's property at `path` of a `kind` node: a property of the kind, or a
/// property its section names (`ebs.type`); `None` for nested settings edited as their
/// value's type.
fn property(kind: Kind, path: &[String]) -> Option<&'static Property> {
    let top = kind.info().property(path.first()?)?;
    match (path, top.input) {
        ([_], _) => Some(top),
        ([_, key], Input::Section(inner)) => inner.iter().find(|p| p.name == key),
        _ => None,
    }
}

/// Elements of the given kinds, as (id, label) for a picker. Route tables, network ACLs and
/// security groups are offered only from `vpc` when it is known: AWS associates a subnet
/// with its own VPC's table and ACL, and an interface with its own VPC's groups.
fn candidates(s: &Scenario, kinds: &[Kind], vpc: Option<&NodeId>) -> Vec<(NodeId, String)> {
    s.nodes
        .iter()
        .filter(|n| kinds.contains(&n.spec.kind()))
        .filter(|n| !engine::netobj::is_network_object(&n.spec) || vpc.is_none() || n.spec.vpc() == vpc)
        .map(|n| {
            // An Availability Zone is known by its zone name (ap-northeast-2a), not its id.
            let label = match &n.spec {
                engine::Spec::AvailabilityZone { zone, .. } if n.name.is_empty() => zone.clone(),
                _ => n.label().to_string(),
            };
            (n.id.clone(), label)
        })
        .collect()
}

/// A node's properties, flattened in the registry's order: (path, value, optional), sections
/// opened up. A property the document leaves out is shown with what it means (`Means`), as
/// unset (`Optional`: a section as switched off), or not at all (`IfSet`).
fn flatten(s: &Scenario, id: &NodeId) -> Vec<(Vec<String>, Value, bool)> {
    let Some(node) = s.node(id) else { return Vec::new() };
    let Value::Object(obj) = node.spec.to_value() else { return Vec::new() };
    let mut out = Vec::new();
    for p in node.spec.kind().info().properties {
        let optional = matches!(p.unset, Unset::Optional(_));
        let value = match (obj.get(p.name), p.unset) {
            (Some(v), _) => v.clone(),
            (None, Unset::Means(d)) => json(d),
            (None, Unset::Optional(d)) => json(d),
            (None, Unset::Required | Unset::IfSet) => continue,
        };
        let mut path = vec![p.name.to_string()];
        match value {
            // An unset section is shown switched off; switching it on inserts its settings.
            _ if optional && is_section_property(p) && obj.get(p.name).is_none_or(Value::is_null) => {
                out.push((path, Value::Bool(false), true));
            }
            Value::Object(inner) => {
                if optional {
                    // An optional section can be switched off as a whole.
                    out.push((path.clone(), Value::Bool(true), true));
                }
                walk(&inner, &mut path, &mut out);
            }
            Value::Array(items) if RECORD_LISTS.contains(&p.name) => records(p.name, &items, &mut path, &mut out),
            v => out.push((path, v, optional)),
        }
    }
    out
}

/// A list of records: its head (the add button), then each record's head and its fields in
/// the record's order, a step policy's steps as a list inside the record.
fn records(list: &str, items: &[Value], prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, Value, bool)>) {
    out.push((prefix.clone(), Value::Array(items.to_vec()), false));
    for (i, item) in items.iter().enumerate() {
        let Value::Object(record) = item else { continue };
        prefix.push(i.to_string());
        out.push((prefix.clone(), item.clone(), false));
        let (keys, optional) = record_keys(list, record);
        for key in keys {
            let value = record.get(*key).cloned().unwrap_or(Value::Null);
            prefix.push(key.to_string());
            match value {
                Value::Array(inner) if RECORD_LISTS.contains(key) => records(key, &inner, prefix, out),
                v => out.push((prefix.clone(), v, optional.contains(key))),
            }
            prefix.pop();
        }
        prefix.pop();
    }
}

/// The input of a record's field (`parent`: the list it sits in), where it is not the type
/// of its value: the policy type, metric and failover role are choices, a value's target
/// picks an element, a scheduled action's unset capacity is a number.
fn record_field(parent: &str, key: &str, value: &Value) -> Option<Result<FieldKind, &'static [Kind]>> {
    Some(Ok(match (parent, key) {
        ("policies", "policy") => FieldKind::Choice(vec!["target_tracking", "step", "scheduled"]),
        ("policies", "metric") => FieldKind::Choice(vec!["cpu", "alb_requests_per_target", "sqs_backlog_per_instance"]),
        ("values", "failover") => FieldKind::Choice(vec!["", "primary", "secondary"]),
        ("values", "target") => return Some(Err(engine::kinds::RECORD_VALUES)),
        ("policies", _) if value.is_null() => FieldKind::Number,
        _ => return None,
    }))
}

/// Nested settings, each as the type of its value.
fn walk(obj: &Map<String, Value>, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, Value, bool)>) {
    for (key, value) in obj {
        prefix.push(key.clone());
        match value {
            Value::Object(inner) => walk(inner, prefix, out),
            v => out.push((prefix.clone(), v.clone(), false)),
        }
        prefix.pop();
    }
}

/// Whether a property is a section a person switches on and off (`app`, `ebs`).
fn is_section_property(p: &Property) -> bool {
    matches!((p.input, p.unset), (Input::Section(_), Unset::Optional(_)))
}

/// Whether a path is the on/off switch of an optional section (`app`, `ebs`).
pub fn is_section(path: &[String], kinds: &[Kind]) -> bool {
    path.len() == 1 && kinds.iter().any(|k| property(*k, path).is_some_and(is_section_property))
}

/// The properties the selected elements share, in the first one's order: a value where they
/// agree, `None` where they differ.
pub fn fields(s: &Scenario, ids: &[NodeId]) -> Vec<Field> {
    let mut lists = ids.iter().map(|id| flatten(s, id));
    let Some(first) = lists.next() else { return Vec::new() };
    let others: Vec<_> = lists.collect();
    let kinds: Vec<Kind> = ids.iter().filter_map(|id| s.node(id)).map(|n| n.spec.kind()).collect();
    // The one VPC of the selection, if they share it (pickers of tables, ACLs and groups).
    let vpcs: Vec<Option<NodeId>> = ids.iter().map(|id| engine::netobj::vpc_of(s, id)).collect();
    let vpc = vpcs.first().cloned().flatten().filter(|v| vpcs.iter().all(|x| x.as_ref() == Some(v)));
    first
        .into_iter()
        .filter_map(|(path, value, optional)| {
            let mut same = true;
            for other in &others {
                match other.iter().find(|(p, ..)| *p == path) {
                    Some((_, v, _)) => same &= *v == value,
                    None => return None,
                }
            }
            let input = kinds.first().and_then(|k| property(*k, &path)).map(|p| p.input);
            // An element never refers to itself (a bucket replicating to itself, ...).
            let refs =
                |kinds| candidates(s, kinds, vpc.as_ref()).into_iter().filter(|(c, _)| !ids.contains(c)).collect();
            let key = path.last().map(String::as_str).unwrap_or_default();
            // The list a record's field sits in, record indices skipped (`policies` for
            // `["policies", "0", "metric"]`).
            let parent = path.iter().rev().skip(1).find(|p| p.parse::<usize>().is_err()).map(String::as_str);
            let kind = if key.parse::<usize>().is_ok() {
                FieldKind::Item
            } else if RECORD_LISTS.contains(&key) && value.is_array() {
                FieldKind::Add
            } else if let Some(k) =
                parent.filter(|p| RECORD_LISTS.contains(p)).and_then(|p| record_field(p, key, &value))
            {
                k.unwrap_or_else(|kinds| FieldKind::Ref(refs(kinds)))
            } else if is_section(&path, &kinds) {
                FieldKind::Bool
            } else if let Some(Input::Ref(kinds)) = input {
                FieldKind::Ref(refs(kinds))
            } else if let Some(Input::RefList(kinds)) = input {
                FieldKind::RefList(refs(kinds))
            } else if let Some(options) = input.and_then(Input::choices) {
                FieldKind::Choice(options)
            } else if input == Some(Input::TextList) {
                FieldKind::TextList
            } else {
                match &value {
                    Value::Bool(_) => FieldKind::Bool,
                    Value::Number(_) => FieldKind::Number,
                    Value::Array(_) | Value::Object(_) => FieldKind::Json,
                    _ => FieldKind::Text,
                }
            };
            Some(Field { path, value: same.then_some(value), kind, optional })
        })
        .collect()
}

/// The JSON value a person's input stands for in `field`.
fn parse(field: &Field, text: &str) -> Result<Value, Msg> {
    let t = text.trim();
    if t.is_empty()
        && field.optional
        && !matches!(field.kind, FieldKind::Bool | FieldKind::RefList(_) | FieldKind::TextList)
    {
        return Ok(Value::Null);
    }
    Ok(match &field.kind {
        FieldKind::Bool => Value::Bool(t == "true"),
        FieldKind::Number => {
            let n =
                crate::platform::number::parse_f64(t).ok_or_else(|| engine::msg!("ui.field.not_a_number", t = t))?;
            // Integers stay integers, so integer properties accept them.
            if n.fract() == 0.0 && n.abs() < 9e15 {
                Value::from(n as i64)
            } else {
                serde_json::Number::from_f64(n)
                    .map(Value::Number)
                    .ok_or_else(|| engine::msg!("ui.field.not_finite", t = t))?
            }
        }
        FieldKind::Choice(_) if t == "true" || t == "false" => Value::Bool(t == "true"),
        FieldKind::RefList(_) | FieldKind::TextList => {
            Value::Array(t.split(',').map(str::trim).filter(|x| !x.is_empty()).map(Value::from).collect())
        }
        FieldKind::Json if t.is_empty() && field.value.as_ref().is_some_and(Value::is_array) => {
            Value::Array(Vec::new())
        }
        FieldKind::Json => serde_json::from_str(t).map_err(|e| engine::msg!("ui.field.not_json", error = e))?,
        FieldKind::Text | FieldKind::Choice(_) | FieldKind::Ref(_) => Value::from(t),
        FieldKind::Item | FieldKind::Add => Value::Null,
    })
}

/// Set the property at `field.path` of every node in `ids` from a person's input, all or
/// nothing: if any node refuses the value, the document is left as it was.
pub fn set(s: &mut Scenario, ids: &[NodeId], field: &Field, text: &str) -> Result<(), Msg> {
    let value = parse(field, text)?;
    let kinds: Vec<Kind> = ids.iter().filter_map(|id| s.node(id)).map(|n| n.spec.kind()).collect();
    let section = is_section(&field.path, &kinds);
    let mut updated = Vec::new();
    for id in ids {
        let Some(node) = s.node(id) else { continue };
        let mut json = node.spec.to_value();
        let kind = node.spec.kind();
        // What an absent property means is written out, so that a nested edit (one timing
        // value) keeps the others.
        if let Some(obj) = json.as_object_mut() {
            for p in kind.info().properties {
                if let Unset::Means(d) = p.unset {
                    obj.entry(p.name.to_string()).or_insert_with(|| self::json(d));
                }
            }
        }
        let new = match (section, &value, property(kind, &field.path).map(|p| p.unset)) {
            (true, Value::Bool(true), Some(Unset::Optional(d))) => self::json(d),
            (true, ..) => Value::Null,
            _ => value.clone(),
        };
        let path = &field.path;
        match &field.kind {
            FieldKind::Add => {
                let list = path.last().map(String::as_str).unwrap_or_default();
                let target = candidates(s, engine::kinds::RECORD_VALUES, None).into_iter().next().map(|(id, _)| id.0);
                if let Some(Value::Array(items)) = at(&mut json, path) {
                    let record = new_record(list, "", items.last(), &target.unwrap_or_default());
                    items.push(record);
                }
            }
            FieldKind::Item => {
                let index = path.last().and_then(|k| k.parse::<usize>().ok());
                if let (Some(Value::Array(items)), Some(i)) = (at(&mut json, &path[..path.len() - 1]), index) {
                    if i < items.len() {
                        items.remove(i);
                    }
                }
            }
            // A policy of another type has other fields: it starts afresh from that type's
            // defaults.
            _ if path.len() == 3 && path[0] == "policies" && path[2] == "policy" => {
                put(&mut json, &path[..2], new_record("policies", text.trim(), None, ""));
            }
            _ => put(&mut json, path, new),
        }
        let spec = Spec::from_value(json).map_err(|e| {
            let name = field.path.join(".");
            engine::msg!("ui.field.does_not_fit", text = text, name = name, error = e)
        })?;
        updated.push((id.clone(), spec));
    }
    for (id, spec) in updated {
        if let Some(n) = s.nodes.iter_mut().find(|n| n.id == id) {
            n.spec = spec;
        }
    }
    Ok(())
}

/// Write `value` at `path` (creating objects on the way; `null` removes the key). A number
/// in the path indexes a list of records.
fn put(json: &mut Value, path: &[String], value: Value) {
    let Some((last, init)) = path.split_last() else { return };
    let mut at = json;
    for key in init {
        at = match at {
            Value::Array(items) => match key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                Some(item) => item,
                None => return,
            },
            Value::Object(obj) => obj.entry(key.clone()).or_insert_with(|| Value::Object(Map::new())),
            _ => return,
        };
        if at.is_null() {
            *at = Value::Object(Map::new());
        }
    }
    match at {
        Value::Object(obj) if value.is_null() => {
            obj.remove(last);
        }
        Value::Object(obj) => {
            obj.insert(last.clone(), value);
        }
        Value::Array(items) => {
            if let Some(item) = last.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                *item = value;
            }
        }
        _ => {}
    }
}

/// The value at `path`, if there is one.
fn at<'a>(json: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(json, |at, key| match at {
        Value::Array(items) => items.get_mut(key.parse::<usize>().ok()?),
        Value::Object(obj) => obj.get_mut(key),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> Scenario {
        Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap()
    }

    fn field<'a>(fields: &'a [Field], path: &str) -> &'a Field {
        fields.iter().find(|f| f.path.join(".") == path).unwrap_or_else(|| panic!("no {path}"))
    }

    #[test]
    fn every_property_of_an_instance_is_a_field_of_the_right_kind() {
        let s = reference();
        let f = fields(&s, &["i-web-a".into()]);
        assert!(matches!(&field(&f, "instance_type").kind, FieldKind::Choice(c) if c.contains(&"m5.large")));
        assert!(matches!(&field(&f, "subnet").kind, FieldKind::Ref(c) if c.len() == 4));
        assert!(matches!(&field(&f, "security_groups").kind, FieldKind::RefList(c) if c.len() == 2));
        assert_eq!(field(&f, "source_dest_check").kind, FieldKind::Bool);
        // Unset optional sections can be switched on.
        assert_eq!(field(&f, "ebs").value, Some(Value::Bool(false)));
        assert!(f.iter().all(|x| x.path[0] != "kind"));
    }

    #[test]
    fn switching_on_a_section_adds_its_defaults_and_its_fields_appear() {
        let mut s = reference();
        let ids = [NodeId::from("i-web-a")];
        let ebs = field(&fields(&s, &ids), "ebs").clone();
        set(&mut s, &ids, &ebs, "true").unwrap();
        let f = fields(&s, &ids);
        assert_eq!(field(&f, "ebs.type").value, Some(Value::from("gp3")));
        set(&mut s, &ids, field(&f, "ebs.size_gib"), "500").unwrap();
        let Some(Spec::Instance { ebs: Some(v), .. }) = s.node(&ids[0]).map(|n| &n.spec) else { panic!() };
        assert_eq!(v.size_gib, 500);
        set(&mut s, &ids, &ebs, "false").unwrap();
        assert!(matches!(s.node(&ids[0]).map(|n| &n.spec), Some(Spec::Instance { ebs: None, .. })));
    }

    #[test]
    fn a_value_the_format_refuses_changes_nothing_and_says_why() {
        let mut s = reference();
        let before = s.clone();
        let ids = [NodeId::from("i-web-a")];
        let f = fields(&s, &ids);
        let ebs = field(&f, "ebs").clone();
        set(&mut s, &ids, &ebs, "true").unwrap();
        let f = fields(&s, &ids);
        let mid = s.clone();
        let err = set(&mut s, &ids, field(&f, "ebs.size_gib"), "-4").unwrap_err();
        let (en, ko) = (crate::i18n::builtin::en(&err), crate::i18n::builtin::ko(&err));
        assert!(en.contains("size_gib"), "{en}");
        assert!(!ko.is_empty());
        assert!(set(&mut s, &ids, field(&f, "ebs.type"), "ssd").is_err(), "unknown volume type");
        assert_eq!(s, mid);
        assert_ne!(s, before);
    }

    #[test]
    fn a_multi_selection_shows_common_values_and_edits_them_all() {
        let mut s = reference();
        let ids = [NodeId::from("i-web-a"), "i-web-c".into()];
        let f = fields(&s, &ids);
        assert_eq!(field(&f, "instance_type").value, Some(Value::from("t3.micro")));
        assert_eq!(field(&f, "subnet").value, None, "they differ: mixed");
        set(&mut s, &ids, field(&f, "instance_type"), "m5.large").unwrap();
        for id in &ids {
            let Some(Spec::Instance { instance_type, .. }) = s.node(id).map(|n| &n.spec) else { panic!() };
            assert_eq!(instance_type, "m5.large");
        }
        // An instance and a load balancer share their security groups only.
        let mixed = fields(&s, &["i-web-a".into(), "alb".into()]);
        let paths: Vec<String> = mixed.iter().map(|f| f.path.join(".")).collect();
        assert_eq!(paths, ["security_groups"]);
    }

    #[test]
    fn every_node_of_every_built_in_scenario_round_trips_through_its_fields() {
        for (name, text) in engine::scenarios::BUILT_IN {
            let s = Scenario::from_json(text).unwrap();
            for n in &s.nodes {
                let ids = [n.id.clone()];
                for f in fields(&s, &ids) {
                    let mut copy = s.clone();
                    // Adding and removing records are actions, not values (tested below).
                    if f.value.is_none() || matches!(f.kind, FieldKind::Item | FieldKind::Add) {
                        continue;
                    }
                    let text = if is_section(&f.path, &[n.spec.kind()]) { String::from("true") } else { f.text() };
                    set(&mut copy, &ids, &f, &text).unwrap_or_else(|e| {
                        panic!("{name} {} {}: {}", n.id, f.path.join("."), crate::i18n::builtin::en(&e))
                    });
                    if !is_section(&f.path, &[n.spec.kind()]) {
                        assert_eq!(copy, s, "{name} {} {} changed on a no-op edit", n.id, f.path.join("."));
                    }
                }
            }
        }
    }

    /// Every field of every kind of element has a Korean label (#13 point 5): the built-in
    /// examples with every optional section switched on, and a VPN to an office.
    #[test]
    fn every_field_has_a_korean_label() {
        let mut docs: Vec<Scenario> =
            engine::scenarios::BUILT_IN.iter().map(|(_, t)| Scenario::from_json(t).unwrap()).collect();
        let mut vpn = reference();
        let extra = r#"[{"id": "office", "kind": "on_premises", "cidr": "192.168.0.0/16"},
            {"id": "vgw", "kind": "vpn_gateway", "vpc": "vpc-main"}]"#;
        let nodes: Vec<serde_json::Value> = serde_json::from_str(extra).unwrap();
        let mut json: Value = serde_json::from_str(&vpn.to_json()).unwrap();
        json["nodes"].as_array_mut().unwrap().extend(nodes);
        vpn = Scenario::from_json(&json.to_string()).unwrap();
        docs.push(vpn);
        let mut missing = std::collections::BTreeSet::new();
        for mut s in docs {
            let ids: Vec<NodeId> = s.nodes.iter().map(|n| n.id.clone()).collect();
            for id in ids {
                let one = [id.clone()];
                for f in fields(&s, &one) {
                    if is_section(&f.path, &[s.node(&id).unwrap().spec.kind()]) {
                        let _ = set(&mut s, &one, &f, "true");
                    }
                }
                for f in fields(&s, &one) {
                    let key = f.path.last().unwrap();
                    let ko = crate::i18n::field_label(crate::i18n::Lang::Ko, &f.path);
                    // VPC, CIDR and FIFO are the words the Korean AWS console uses too.
                    if !ko.chars().any(|c| ('가'..='힣').contains(&c))
                        && !["vpc", "cidr", "fifo"].contains(&key.as_str())
                    {
                        missing.insert(f.path.join("."));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "no Korean label: {missing:?}");
    }

    /// Settings that are absent at their default are still fields: an instance's purchase
    /// option, an Auto Scaling group's timing and policies; the Aurora engines are offered.
    #[test]
    fn defaults_that_serialise_to_nothing_are_still_editable() {
        let mut s = reference();
        let ids = [NodeId::from("i-web-a")];
        let f = fields(&s, &ids);
        let purchase = field(&f, "purchase");
        assert_eq!(purchase.value, Some(Value::from("on_demand")));
        assert!(matches!(&purchase.kind, FieldKind::Choice(c) if c.contains(&"spot")));
        set(&mut s, &ids, purchase, "spot").unwrap();
        assert!(matches!(
            s.node(&ids[0]).map(|n| &n.spec),
            Some(Spec::Instance { purchase: engine::model::PurchaseOption::Spot, .. })
        ));
        let asg_scn = engine::scenarios::BUILT_IN
            .iter()
            .map(|(_, t)| Scenario::from_json(t).unwrap())
            .find(|s| s.nodes.iter().any(|n| matches!(n.spec, Spec::AutoScalingGroup { .. })));
        let mut s = asg_scn.expect("a built-in example with an Auto Scaling group");
        let asg = s.nodes.iter().find(|n| matches!(n.spec, Spec::AutoScalingGroup { .. })).unwrap().id.clone();
        let ids = [asg];
        let f = fields(&s, &ids);
        let grace = field(&f, "timing.health_check_grace_period_s");
        assert!(grace.value.is_some());
        set(&mut s, &ids, grace, "120").unwrap();
        let Some(Spec::AutoScalingGroup { timing, .. }) = s.node(&ids[0]).map(|n| &n.spec) else { panic!() };
        assert_eq!(timing.health_check_grace_period_s, 120);
        let f = fields(&s, &ids);
        let policies = field(&f, "policies");
        assert_eq!(policies.kind, FieldKind::Add, "an empty list can be added to");
        let before = match s.node(&ids[0]).map(|n| &n.spec) {
            Some(Spec::AutoScalingGroup { policies, .. }) => policies.len(),
            _ => panic!(),
        };
        set(&mut s, &ids, policies, "").unwrap();
        let Some(Spec::AutoScalingGroup { policies, .. }) = s.node(&ids[0]).map(|n| &n.spec) else { panic!() };
        assert_eq!(policies.len(), before + 1);
        let db = fields(&reference_with_db(), &["db".into()]);
        assert!(matches!(&field(&db, "engine").kind, FieldKind::Choice(c) if c.contains(&"aurora-postgresql")));
    }

    /// #13: scaling policies and record values are edited field by field, not as JSON. A
    /// new policy is target tracking at 50 % CPU; switching its type starts that type afresh;
    /// a step policy's steps are added and edited; a scheduled action's capacities may be
    /// unset; a record is removed by its head; values the format refuses are refused whole.
    #[test]
    fn records_are_added_edited_retyped_and_removed_field_by_field() {
        let mut s = engine::scenarios::BUILT_IN
            .iter()
            .map(|(_, t)| Scenario::from_json(t).unwrap())
            .find(|s| s.nodes.iter().any(|n| matches!(n.spec, Spec::AutoScalingGroup { .. })))
            .unwrap();
        let asg = s.nodes.iter().find(|n| matches!(n.spec, Spec::AutoScalingGroup { .. })).unwrap().id.clone();
        let ids = [asg.clone()];
        let policies = |s: &Scenario| match s.node(&asg).map(|n| n.spec.to_value()) {
            Some(v) => v.get("policies").cloned().unwrap_or(Value::Array(Vec::new())),
            None => panic!(),
        };
        let k = policies(&s).as_array().unwrap().len();
        let edit = |s: &mut Scenario, path: &str, text: &str| {
            let f = fields(s, &ids);
            let f = f.iter().find(|f| f.path.join(".") == path).unwrap_or_else(|| panic!("no field {path}"));
            set(s, &ids, f, text)
        };
        edit(&mut s, "policies", "").unwrap();
        assert_eq!(policies(&s)[k], serde_json::json!({"policy": "target_tracking", "metric": "cpu", "target": 50.0}));
        let f = fields(&s, &ids);
        assert_eq!(field(&f, &format!("policies.{k}")).kind, FieldKind::Item);
        assert!(
            matches!(&field(&f, &format!("policies.{k}.metric")).kind, FieldKind::Choice(c) if c.contains(&"alb_requests_per_target") && c.contains(&"sqs_backlog_per_instance"))
        );
        assert_eq!(field(&f, &format!("policies.{k}.target")).kind, FieldKind::Number, "a policy's target is a number");
        edit(&mut s, &format!("policies.{k}.policy"), "step").unwrap();
        edit(&mut s, &format!("policies.{k}.threshold"), "80").unwrap();
        edit(&mut s, &format!("policies.{k}.steps"), "").unwrap();
        edit(&mut s, &format!("policies.{k}.steps.1.change"), "3").unwrap();
        let p = &policies(&s)[k];
        assert_eq!((p["policy"].as_str(), p["threshold"].as_f64()), (Some("step"), Some(80.0)));
        assert_eq!(p["steps"], serde_json::json!([{"from": 0.0, "change": 1}, {"from": 10.0, "change": 3}]));
        edit(&mut s, &format!("policies.{k}.steps.0"), "").unwrap();
        assert_eq!(policies(&s)[k]["steps"], serde_json::json!([{"from": 10.0, "change": 3}]));
        // A period that is not a whole number of seconds is refused, and nothing changes.
        let before = s.clone();
        assert!(edit(&mut s, &format!("policies.{k}.period_s"), "-5").is_err());
        assert_eq!(s, before);
        edit(&mut s, &format!("policies.{k}.policy"), "scheduled").unwrap();
        edit(&mut s, &format!("policies.{k}.desired"), "").unwrap();
        edit(&mut s, &format!("policies.{k}.max"), "6").unwrap();
        assert_eq!(policies(&s)[k], serde_json::json!({"policy": "scheduled", "at_s": 600.0, "max": 6}));
        edit(&mut s, &format!("policies.{k}"), "").unwrap();
        assert_eq!(policies(&s).as_array().unwrap().len(), k);

        // A record value: its target is chosen among what a record may point to.
        let mut r = reference_record();
        let ids = ["dns-www".into()];
        let f = fields(&r, &ids);
        let FieldKind::Ref(targets) = &field(&f, "values.0.target").kind else { panic!("a target picker") };
        assert!(
            targets.iter().any(|(id, _)| id.as_str() == "alb")
                && targets.iter().all(|(id, _)| id.as_str() != "vpc-main")
        );
        assert!(matches!(&field(&f, "values.0.failover").kind, FieldKind::Choice(c) if c.contains(&"secondary")));
        let values = field(&f, "values").clone();
        set(&mut r, &ids, &values, "").unwrap();
        let f = fields(&r, &ids);
        set(&mut r, &ids, field(&f, "values.1.failover"), "secondary").unwrap();
        let Some(Spec::Route53Record { values, .. }) = r.node(&ids[0]).map(|n| &n.spec) else { panic!() };
        assert_eq!(values.len(), 2);
        assert!(values[1].failover.is_some() && values[1].weight == 1);
    }

    fn reference_record() -> Scenario {
        Scenario::from_json(include_str!("../../../../scenarios/reference-web-app.json")).unwrap()
    }

    fn reference_with_db() -> Scenario {
        let mut s = reference();
        let nodes = engine::create::create(
            &s,
            engine::create::Blueprint::Rds,
            engine::create::DropTarget { container: Some(&"subnet-private-a".into()), az: None },
        )
        .unwrap();
        let mut nodes = nodes;
        // The database is the first node created; a fixed id keeps the test readable.
        nodes[0].id = "db".into();
        s.nodes.extend(nodes);
        s
    }

    /// A subnet picks its route table and ACL, an instance its groups, from its own VPC only.
    #[test]
    fn pickers_offer_only_the_vpcs_own_tables_acls_and_groups() {
        let mut s = reference();
        let other = Node::new(
            "vpc-2".into(),
            String::new(),
            Spec::Vpc {
                region: "region-seoul".into(),
                cidr: "10.1.0.0/16".parse().unwrap(),
                secondary_cidrs: vec![],
                is_default: false,
            },
        );
        s.nodes.push(other);
        for kind in [engine::netobj::ObjectKind::RouteTable, engine::netobj::ObjectKind::SecurityGroup] {
            let n = engine::netobj::new_object(&s, &"vpc-2".into(), kind).unwrap();
            s.nodes.push(n);
        }
        let f = fields(&s, &["subnet-private-a".into()]);
        let FieldKind::Ref(tables) = &field(&f, "route_table").kind else { panic!() };
        assert!(tables.iter().all(|(id, _)| id.as_str() != "rtb-1"), "{tables:?}");
        assert_eq!(tables.len(), 2);
        let f = fields(&s, &["i-web-a".into()]);
        let FieldKind::RefList(groups) = &field(&f, "security_groups").kind else { panic!() };
        assert!(groups.iter().all(|(id, _)| id.as_str() != "sg-1"), "{groups:?}");
    }

    /// Issue #13: a VPC's secondary CIDR blocks are a list of rows, not raw JSON; a bad block
    /// is refused with the format's reason and changes nothing.
    #[test]
    fn secondary_cidrs_are_edited_as_a_list() {
        let mut s = reference();
        let f = fields(&s, &["vpc-main".into()]);
        let cidrs = field(&f, "secondary_cidrs").clone();
        assert_eq!(cidrs.kind, FieldKind::TextList);
        assert_eq!(cidrs.text(), "");
        set(&mut s, &["vpc-main".into()], &cidrs, "10.1.0.0/16, 10.2.0.0/16").unwrap();
        let Some(Spec::Vpc { secondary_cidrs, .. }) = s.node(&"vpc-main".into()).map(|n| &n.spec) else { panic!() };
        assert_eq!(secondary_cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>(), ["10.1.0.0/16", "10.2.0.0/16"]);
        let f = fields(&s, &["vpc-main".into()]);
        assert_eq!(field(&f, "secondary_cidrs").text(), "10.1.0.0/16,10.2.0.0/16");
        let before = s.clone();
        assert!(set(&mut s, &["vpc-main".into()], &cidrs, "10.1.0.0/16, 300.0.0.0/8").is_err());
        assert_eq!(s, before);
        set(&mut s, &["vpc-main".into()], &cidrs, "").unwrap();
        let f = fields(&s, &["vpc-main".into()]);
        assert_eq!(field(&f, "secondary_cidrs").text(), "");
    }
}
