//! The inspector's form as HTML text: the selected element's settings, its network objects, route tables and security group and network ACL rules, every value escaped and every control marked with what it does (`data-act`, read by act.rs).
//!
//! Text rather than Leptos views: the form is drawn again whole on every change anyway, and
//! a view per control cost the bundle a copy of the rendering code each (issue #15: the
//! first load). It also lets the form be tested natively.

use super::act::{object_kind_name, route_targets};
use crate::editor::session::Editor;
use crate::i18n::{choice_name, field_label, goal_name, kind_name, property_name, tr, Key, Lang};
use crate::render::users;
use crate::state::goals;
use crate::state::props::{self, Field, FieldKind};
use crate::ui::html::{when, W};
use engine::model::{Action, Kind, NaclRule, NodeId, PortRange, Protocol, Scenario, SgRule, Spec};
use engine::netobj::ObjectKind;

/// A text field that commits on change.
fn field(w: &mut W, value: &str, testid: &str, act: &[(&str, &str)]) {
    let mut attrs = vec![("type", "text"), ("value", value), ("data-testid", testid), ("spellcheck", "false")];
    attrs.extend_from_slice(act);
    w.open("input", &attrs);
}

/// A `<select>` with `(value, label)` options, `current` chosen.
fn select(w: &mut W, attrs: &[(&str, &str)], options: &[(String, String)], current: &str) {
    w.open("select", attrs);
    for (value, label) in options {
        w.leaf("option", &[("value", value), when(value == current, "selected")], label);
    }
    w.close("select");
}

/// A `<select>` with a test id that does `act`.
fn select_for(w: &mut W, testid: &str, act: &[(&str, &str)], options: &[(String, String)], current: &str) {
    let mut attrs = vec![("data-testid", testid)];
    attrs.extend_from_slice(act);
    select(w, &attrs, options, current);
}

/// The marks of a rule's control: which list (`act`), of which object, which direction,
/// which rule and which of its fields.
fn rule_act<'a>(act: &'a str, id: &'a NodeId, dir: &'a str, i: &'a str, f: &'a str) -> [(&'static str, &'a str); 5] {
    [("data-act", act), ("data-id", id.as_str()), ("data-dir", dir), ("data-i", i), ("data-f", f)]
}

/// A rule's protocol and port cells (security groups and network ACLs alike).
fn protocol_and_ports<'a>(
    w: &mut W,
    protocol: Protocol,
    ports: PortRange,
    testid: &dyn Fn(&str) -> String,
    act: &dyn Fn(&'static str) -> [(&'static str, &'a str); 5],
    l: Lang,
) {
    w.open("td", &[]);
    select_for(w, &testid("proto"), &act("proto"), &protocols(l), protocol.name());
    w.close("td");
    w.open("td", &[]);
    field(w, &ports_text(ports, l), &testid("ports"), &act("ports"));
    w.close("td");
}

/// A table's head row.
fn head(w: &mut W, attrs: &[(&str, &str)], columns: &[&str]) {
    w.open("table", attrs);
    w.open("thead", &[]);
    w.open("tr", &[]);
    for c in columns {
        w.leaf("th", &[], c);
    }
    w.close("tr");
    w.close("thead");
    w.open("tbody", &[]);
}

/// A remove button (✕) that does `act`.
fn remove(w: &mut W, l: Lang, testid: &str, act: &[(&str, &str)]) {
    let mut attrs = vec![("class", "icon"), ("title", tr(l, Key::Remove)), ("aria-label", tr(l, Key::Remove))];
    if !testid.is_empty() {
        attrs.push(("data-testid", testid));
    }
    attrs.extend_from_slice(act);
    w.leaf("button", &attrs, "✕");
}

/// A port range as a rule's field shows it: "전체" for every port in Korean, as the Korean
/// console says it.
pub fn ports_text(ports: PortRange, l: Lang) -> String {
    if ports == PortRange::ALL {
        tr(l, Key::AllPorts).to_string()
    } else {
        ports.to_string()
    }
}

fn protocols(l: Lang) -> Vec<(String, String)> {
    [Protocol::Tcp, Protocol::Udp, Protocol::Icmp, Protocol::All]
        .map(|p| {
            let label =
                if p == Protocol::All { tr(l, Key::AllProtocols).to_string() } else { p.name().to_ascii_uppercase() };
            (p.name().to_string(), label)
        })
        .to_vec()
}

/// The form for one selected element (`id`, which exists). The problems go in the element
/// marked `problems-slot`, filled apart: they arrive from the worker after an edit.
pub fn node(e: &Editor, id: &NodeId, l: Lang) -> String {
    let mut w = W::default();
    let s = &e.scenario;
    let Some(node) = s.node(id) else { return String::new() };
    let kind = node.spec.kind();
    w.leaf("h3", &[("data-testid", "inspector-title")], node.label());
    // An element the open lesson locks: shown, not editable (an edit would be refused).
    let locked = e.locked.contains(id);
    if locked {
        w.leaf("p", &[("class", "note locked-note"), ("data-testid", "locked-note")], tr(l, Key::LockedByLesson));
    }
    w.open("fieldset", &[("class", "lock-scope"), when(locked, "disabled")]);
    w.open("dl", &[]);
    w.term(tr(l, Key::Kind));
    w.text(kind_name(l, kind));
    w.close("dd");
    w.term(tr(l, Key::Id));
    w.text(id.as_str());
    w.close("dd");
    w.term(tr(l, Key::Name));
    field(&mut w, &node.name, "field-name", &[("data-act", "name"), ("data-id", id.as_str())]);
    w.close("dd");
    w.close("dl");
    w.open("div", &[("class", "problems-slot")]);
    w.close("div");
    kind_body(&mut w, e, id, l);
    // Fields the dedicated editors above already show.
    let shown: &[&str] = match kind {
        Kind::Vpc => &["cidr"],
        Kind::Subnet => &["cidr", "route_table", "network_acl"],
        Kind::Instance => &["private_ip", "source_dest_check"],
        _ => &[],
    };
    w.leaf("h4", &[("class", "props-title")], tr(l, Key::Properties));
    properties(&mut w, s, std::slice::from_ref(id), shown, l);
    w.close("fieldset");
    w.0
}

/// Nothing selected: the design's description and its goals, one field per goal (empty for
/// none).
pub fn nothing(e: &Editor, l: Lang) -> String {
    let mut w = W::default();
    w.leaf("p", &[("class", "muted")], tr(l, Key::NothingSelected));
    w.leaf("p", &[("class", "description")], e.scenario.description.get(l.code()));
    w.open("section", &[("class", "goals-editor"), ("data-testid", "goals-editor")]);
    w.leaf("h4", &[], tr(l, Key::Goals));
    w.leaf("p", &[("class", "note")], tr(l, Key::GoalsHelp));
    w.open("dl", &[("class", "properties goals")]);
    for goal in goals::ALL {
        let value = goals::get(&e.scenario.goals, goal).map(|v| goals::to_field(goal, v)).unwrap_or_default();
        let (id, testid) = (format!("goal-{goal}"), format!("goal-field-{goal}"));
        w.open("dt", &[]);
        w.leaf("label", &[("for", &id)], goal_name(l, goal));
        w.close("dt");
        w.open("dd", &[("class", "goal-field")]);
        w.leaf("span", &[("class", "bound")], goals::bound(goal));
        w.open(
            "input",
            &[
                ("type", "text"),
                ("inputmode", "decimal"),
                ("id", &id),
                ("data-testid", &testid),
                ("value", &value),
                ("placeholder", "—"),
                ("spellcheck", "false"),
                ("data-act", "goal"),
                ("data-f", goal),
            ],
        );
        w.leaf("span", &[("class", "unit")], goals::unit(goal));
        w.close("dd");
    }
    w.close("dl");
    w.close("section");
    w.0
}

/// The request mix's fields and the port of users: `data-f`, label, test id (shares are shown
/// as percentages).
const USERS_MIX: [(&str, Key, &str); 6] = [
    ("read", Key::MixRead, "users-read"),
    ("static", Key::MixStatic, "users-static"),
    ("object-kib", Key::MixObject, "users-object-kib"),
    ("response-kib", Key::MixResponse, "users-response-kib"),
    ("write-kib", Key::MixWrite, "users-write-kib"),
    ("port", Key::UsersPort, "users-port"),
];

/// The inspector of users (the design's `traffic[i]`): name, where they are, what they call,
/// their rate pattern and request mix.
pub fn users(e: &Editor, i: usize, l: Lang) -> String {
    use crate::ui::runui::{location_label, pattern_name};
    use engine::workload::RatePattern;
    let mut w = W::default();
    let Some(p) = e.scenario.traffic.get(i) else { return w.0 };
    let i_text = i.to_string();
    let act = |f: &'static str| [("data-act", "users"), ("data-i", i_text.as_str()), ("data-f", f)];
    let number = |w: &mut W, f: &'static str, label: Key, testid: &str, v: f64| {
        w.leaf("dt", &[], tr(l, label));
        w.open("dd", &[]);
        let mut attrs = vec![("type", "text"), ("inputmode", "decimal"), ("spellcheck", "false")];
        let value = goals::to_field("", v);
        attrs.extend_from_slice(&[("data-testid", testid), ("value", &value)]);
        attrs.extend_from_slice(&act(f));
        w.open("input", &attrs);
        w.close("dd");
    };
    w.leaf("h3", &[("data-testid", "inspector-title")], &p.name);
    w.open("dl", &[]);
    w.term(tr(l, Key::Kind));
    w.text(tr(l, Key::UsersKind));
    w.close("dd");
    w.term(tr(l, Key::Name));
    field(&mut w, &p.name, "field-name", &act("name"));
    w.close("dd");
    w.term(tr(l, Key::UsersLocation));
    let locations: Vec<(String, String)> = engine::entry::LOCATIONS
        .iter()
        .map(|&loc| {
            let name = serde_json::to_value(loc).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            (name, location_label(l, loc).to_string())
        })
        .collect();
    let here = serde_json::to_value(p.location).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    select_for(&mut w, "users-location", &act("location"), &locations, &here);
    w.close("dd");
    w.term(tr(l, Key::UsersCalls));
    let targets: Vec<(String, String)> =
        users::targets(&e.scenario).into_iter().map(|(t, label)| (t.to_string(), label)).collect();
    let linked = targets.iter().any(|(t, _)| *t == p.target.as_str());
    let mut options = targets;
    if !linked {
        options.insert(0, (String::new(), "—".into()));
    }
    select_for(&mut w, "users-target", &act("target"), &options, if linked { p.target.as_str() } else { "" });
    w.close("dd");
    w.close("dl");
    if !linked {
        w.leaf("p", &[("class", "note warning"), ("data-testid", "users-not-linked")], tr(l, Key::UsersNotLinked));
    }
    w.open("dl", &[("class", "properties")]);
    w.leaf("dt", &[("class", "dl-heading")], tr(l, Key::UsersRate));
    w.term(tr(l, Key::UsersPattern));
    let patterns: Vec<(String, String)> = [
        ("constant", Key::PatternConstant),
        ("ramp", Key::PatternRamp),
        ("spike", Key::PatternSpike),
        ("diurnal", Key::PatternDiurnal),
    ]
    .iter()
    .map(|(v, k)| (v.to_string(), tr(l, *k).to_string()))
    .collect();
    select_for(&mut w, "users-pattern", &act("pattern"), &patterns, pattern_name(&p.rate));
    w.close("dd");
    match p.rate {
        RatePattern::Constant { rps } => number(&mut w, "rps", Key::RateRps, "users-rps", rps),
        RatePattern::Ramp { from_rps, to_rps, over_s } => {
            number(&mut w, "from", Key::RateFrom, "users-from", from_rps);
            number(&mut w, "to", Key::RateTo, "users-to", to_rps);
            number(&mut w, "over", Key::RateOver, "users-over", over_s);
        }
        RatePattern::Spike { base_rps, peak_rps, at_s, for_s } => {
            number(&mut w, "base", Key::RateBase, "users-base", base_rps);
            number(&mut w, "peak", Key::RatePeak, "users-peak", peak_rps);
            number(&mut w, "at", Key::RateAt, "users-at", at_s);
            number(&mut w, "for", Key::RateFor, "users-for", for_s);
        }
        RatePattern::Diurnal { mean_rps, amplitude, .. } => {
            number(&mut w, "mean", Key::RateMean, "users-mean", mean_rps);
            number(&mut w, "amplitude", Key::RateAmplitude, "users-amplitude", amplitude);
        }
    }
    w.leaf("dt", &[("class", "dl-heading")], tr(l, Key::UsersMix));
    let m = &p.mix;
    let values =
        [m.read * 100.0, m.static_fraction * 100.0, m.object_kib, m.response_kib, m.write_kib, f64::from(p.port)];
    for ((f, label, testid), v) in USERS_MIX.into_iter().zip(values) {
        number(&mut w, f, label, testid, v);
    }
    w.close("dl");
    w.0
}

/// Several elements selected: how many, of which kinds, and the properties they share (a
/// change applies to all of them, as one undo step).
pub fn multi(e: &Editor, l: Lang) -> String {
    let mut w = W::default();
    let ids = &e.selection;
    let mut kinds: Vec<String> =
        ids.iter().filter_map(|id| e.scenario.node(id)).map(|n| kind_name(l, n.spec.kind()).to_string()).collect();
    engine::sort::sort_by(&mut kinds, Ord::cmp);
    kinds.dedup();
    w.leaf("h3", &[("data-testid", "inspector-title")], &format!("{} {}", ids.len(), tr(l, Key::SelectedCount)));
    w.leaf("p", &[("class", "muted")], &kinds.join(", "));
    w.open("div", &[("class", "problems-slot")]);
    w.close("div");
    w.leaf("p", &[("class", "note")], tr(l, Key::CommonProperties));
    properties(&mut w, &e.scenario, ids, &[], l);
    w.0
}

/// A form with every property the selected elements share (`skip`: shown elsewhere).
fn properties(w: &mut W, s: &Scenario, ids: &[NodeId], skip: &[&str], l: Lang) {
    w.open("dl", &[("class", "properties"), ("data-testid", "properties")]);
    for f in props::fields(s, ids) {
        if f.path.len() == 1 && skip.contains(&f.path[0].as_str()) {
            continue;
        }
        // Fields of a section (app, ebs) are indented under its switch, by their own name.
        let label = field_label(l, &f.path);
        let class = match (&f.kind, f.path.len()) {
            (FieldKind::Item, _) => "record",
            (_, 1) => "",
            _ => "nested",
        };
        w.leaf("dt", &[("class", class)], &label);
        w.open("dd", &[]);
        property_input(w, &f, &label, l);
        w.close("dd");
    }
    w.close("dl");
}

/// The input for one property, by its kind.
fn property_input(w: &mut W, f: &Field, label: &str, l: Lang) {
    let path = f.path.join(".");
    let testid = format!("prop-{path}");
    let mixed = f.value.is_none();
    let current = f.text();
    let act = [("data-act", "prop"), ("data-path", path.as_str())];
    match &f.kind {
        FieldKind::Bool => {
            let on = f.value.as_ref().and_then(serde_json::Value::as_bool).unwrap_or(false);
            // `indeterminate` is a property only: the listener sets it where `data-mixed` is.
            w.open(
                "input",
                &[
                    ("type", "checkbox"),
                    ("data-testid", &testid),
                    ("aria-label", label),
                    when(on, "checked"),
                    when(mixed, "data-mixed"),
                    act[0],
                    act[1],
                ],
            );
        }
        FieldKind::Choice(_) | FieldKind::Ref(_) => {
            let options: Vec<(String, String)> = match &f.kind {
                // "web-a (i-web-a)"; just "i-web-a" when it has no other name.
                FieldKind::Ref(list) => list
                    .iter()
                    .map(|(id, name)| {
                        (id.to_string(), if name == id.as_str() { name.clone() } else { format!("{name} ({id})") })
                    })
                    .collect(),
                FieldKind::Choice(options) => options
                    .iter()
                    .map(|o| {
                        let text = if o.is_empty() { tr(l, Key::NotSet) } else { choice_name(l, o) };
                        (o.to_string(), text.to_string())
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let unset = f.optional && !options.iter().any(|(v, _)| v.is_empty());
            let known = options.iter().any(|(v, _)| *v == current);
            w.open("select", &[("data-testid", &testid), ("aria-label", label), act[0], act[1]]);
            if mixed {
                w.leaf("option", &[("value", ""), ("selected", ""), ("disabled", "")], tr(l, Key::Mixed));
            }
            if unset {
                w.leaf("option", &[("value", ""), when(!mixed && current.is_empty(), "selected")], tr(l, Key::NotSet));
            }
            if !mixed && !known && !current.is_empty() {
                w.leaf("option", &[("value", &current), ("selected", "")], &current);
            }
            for (value, text) in &options {
                w.leaf("option", &[("value", value), when(!mixed && *value == current, "selected")], text);
            }
            w.close("select");
        }
        FieldKind::RefList(list) => {
            let chosen: Vec<&str> = current.split(',').filter(|x| !x.is_empty()).collect();
            w.open("div", &[("class", "ref-list"), ("role", "group"), ("aria-label", label), ("data-testid", &testid)]);
            for (id, name) in list {
                w.open("label", &[("class", "check")]);
                let item = format!("{testid}-{id}");
                w.open(
                    "input",
                    &[
                        ("type", "checkbox"),
                        ("data-testid", &item),
                        when(chosen.contains(&id.as_str()), "checked"),
                        act[0],
                        act[1],
                        ("data-item", id.as_str()),
                    ],
                );
                w.text(" ");
                w.text(name);
                w.close("label");
            }
            w.close("div");
        }
        FieldKind::TextList => {
            // One row per item; clearing a row removes it, the empty last row adds one.
            let items: Vec<&str> = current.split(',').filter(|x| !x.is_empty()).collect();
            w.open(
                "div",
                &[("class", "text-list"), ("role", "group"), ("aria-label", label), ("data-testid", &testid)],
            );
            for (k, item) in items.iter().copied().chain(std::iter::once("")).enumerate() {
                let (row, k_text) = (format!("{testid}-{k}"), k.to_string());
                let hint = if k == items.len() { tr(l, Key::AddItem) } else { "" };
                w.open(
                    "input",
                    &[
                        ("type", "text"),
                        ("value", item),
                        ("data-testid", &row),
                        ("aria-label", label),
                        ("placeholder", hint),
                        ("spellcheck", "false"),
                        act[0],
                        act[1],
                        ("data-row", &k_text),
                    ],
                );
            }
            w.close("div");
        }
        // A list's add button, a record's remove button: the field's label names them.
        FieldKind::Add | FieldKind::Item => {
            let add = f.kind == FieldKind::Add;
            w.leaf(
                "button",
                &[
                    ("class", if add { "add" } else { "icon" }),
                    ("data-testid", &testid),
                    ("aria-label", label),
                    ("title", if add { "" } else { tr(l, Key::Remove) }),
                    act[0],
                    act[1],
                    ("data-button", ""),
                ],
                if add { tr(l, Key::AddItem) } else { "×" },
            );
        }
        // Structured data the registry does not describe (no kind has any today: lists of
        // records are edited field by field): shown, edited in the JSON file.
        FieldKind::Json => w.leaf("code", &[("data-testid", &testid), ("aria-label", label)], &current),
        FieldKind::Number | FieldKind::Text => {
            let kind = if f.kind == FieldKind::Number { "number" } else { "text" };
            w.open(
                "input",
                &[
                    ("type", kind),
                    ("step", "any"),
                    ("value", &current),
                    ("data-testid", &testid),
                    ("aria-label", label),
                    ("placeholder", if mixed { tr(l, Key::Mixed) } else { "" }),
                    ("spellcheck", "false"),
                    act[0],
                    act[1],
                ],
            );
        }
    }
}

fn kind_body(w: &mut W, e: &Editor, id: &NodeId, l: Lang) {
    let s = &e.scenario;
    let Some(node) = s.node(id) else { return };
    let list = |ids: &[NodeId]| ids.iter().map(|i| users::label(s, i)).collect::<Vec<_>>().join(", ");
    let cidr_field = |w: &mut W, cidr: engine::Cidr| {
        w.open("dl", &[]);
        w.term(tr(l, Key::Cidr));
        field(w, &cidr.to_string(), "field-cidr", &[("data-act", "cidr"), ("data-id", id.as_str())]);
        w.close("dd");
    };
    match &node.spec {
        Spec::Vpc { cidr, .. } => {
            cidr_field(w, *cidr);
            w.close("dl");
            network_objects(w, s, id, l);
        }
        Spec::Subnet { cidr, .. } => {
            let public = engine::view::subnet_is_public(s, id);
            let rt = engine::view::route_table_of(s, id).cloned();
            let acl = subnet_acl(s, id);
            cidr_field(w, *cidr);
            w.leaf("dt", &[], tr(l, Key::UsableAddresses));
            w.leaf("dd", &[("data-testid", "usable")], &format!("{} / {}", cidr.usable_in_subnet(), cidr.size()));
            w.term(tr(l, Key::Subnet));
            w.text(tr(l, if public { Key::PublicSubnet } else { Key::PrivateSubnet }));
            w.close("dd");
            w.close("dl");
            w.leaf("p", &[("class", "note")], tr(l, Key::UsableAddressesNote));
            w.open("dl", &[]);
            w.term(tr(l, Key::RouteTable));
            association_select(w, s, id, ObjectKind::RouteTable, rt.as_ref());
            w.close("dd");
            w.term(kind_name(l, Kind::NetworkAcl));
            association_select(w, s, id, ObjectKind::NetworkAcl, acl.as_ref());
            w.close("dd");
            w.close("dl");
            if let Some(rt) = rt {
                route_table_editor(w, s, &rt, l);
            }
            if let Some(acl) = acl {
                nacl_editor(w, s, &acl, l);
            }
        }
        Spec::RouteTable { vpc, .. } | Spec::NetworkAcl { vpc, .. } | Spec::SecurityGroup { vpc, .. } => {
            back_to_vpc(w, s, vpc, l);
            match &node.spec {
                Spec::RouteTable { .. } => {
                    route_table_editor(w, s, id, l);
                    associations(w, s, id, ObjectKind::RouteTable, l);
                }
                Spec::NetworkAcl { .. } => {
                    nacl_editor(w, s, id, l);
                    associations(w, s, id, ObjectKind::NetworkAcl, l);
                }
                _ => sg_editor(w, s, id, l),
            }
        }
        Spec::Instance { instance_type, subnet, private_ip, security_groups, source_dest_check, .. } => {
            w.open("dl", &[]);
            w.term(tr(l, Key::InstanceType));
            w.text(instance_type);
            w.close("dd");
            w.term(tr(l, Key::Subnet));
            w.text(&users::label(s, subnet));
            w.close("dd");
            w.term(tr(l, Key::PrivateIp));
            let ip = private_ip.map(|i| i.to_string()).unwrap_or_default();
            field(w, &ip, "field-private-ip", &[("data-act", "private-ip"), ("data-id", id.as_str())]);
            w.close("dd");
            w.term(tr(l, Key::SourceDestCheck));
            w.open(
                "input",
                &[
                    ("type", "checkbox"),
                    ("data-testid", "field-source-dest-check"),
                    when(*source_dest_check, "checked"),
                    ("data-act", "source-dest-check"),
                    ("data-id", id.as_str()),
                ],
            );
            w.close("dd");
            w.term(tr(l, Key::SecurityGroups));
            w.text(&list(security_groups));
            w.close("dd");
            w.close("dl");
            for sg in security_groups {
                sg_editor(w, s, sg, l);
            }
        }
        Spec::LoadBalancer { subnets, security_groups, targets, .. } => {
            w.open("dl", &[]);
            for (key, ids) in [(Key::Subnet, subnets), (Key::Targets, targets), (Key::SecurityGroups, security_groups)]
            {
                w.term(tr(l, key));
                w.text(&list(ids));
                w.close("dd");
            }
            w.close("dl");
            for sg in security_groups {
                sg_editor(w, s, sg, l);
            }
        }
        Spec::NatGateway { subnet, elastic_ip } => {
            w.open("dl", &[]);
            w.term(tr(l, Key::Subnet));
            w.text(&users::label(s, subnet));
            w.close("dd");
            w.term(&property_name(l, "elastic_ip"));
            w.text(&elastic_ip.map(|i| i.to_string()).unwrap_or_else(|| "—".into()));
            w.close("dd");
            w.close("dl");
        }
        _ => {}
    }
}

/// The VPC's route tables, security groups and network ACLs, each with its use, a delete
/// button (refused with AWS's error code when AWS would refuse) and a "+ New" button; a
/// name opens the object's editor, as the VPC console's lists do.
fn network_objects(w: &mut W, s: &Scenario, vpc: &NodeId, l: Lang) {
    w.open("section", &[("class", "rules netobj"), ("data-testid", "network-objects")]);
    w.leaf("h4", &[], tr(l, Key::NetworkObjects));
    w.leaf("p", &[("class", "note")], tr(l, Key::NetworkObjectsNote));
    for kind in [ObjectKind::RouteTable, ObjectKind::SecurityGroup, ObjectKind::NetworkAcl] {
        let (title, new) = match kind {
            ObjectKind::RouteTable => (Key::RouteTables, Key::NewRouteTable),
            ObjectKind::SecurityGroup => (Key::SecurityGroups, Key::NewSecurityGroup),
            ObjectKind::NetworkAcl => (Key::NetworkAcls, Key::NewNetworkAcl),
        };
        let slug = object_kind_name(kind);
        w.leaf("h5", &[], tr(l, title));
        w.open("ul", &[("class", "netobj-list"), ("data-testid", &format!("netobj-{slug}s"))]);
        for o in engine::netobj::list(s, vpc, kind) {
            w.open("li", &[]);
            let open = format!("netobj-open-{}", o.id);
            w.leaf(
                "button",
                &[("class", "link"), ("data-testid", &open), ("data-act", "open"), ("data-id", o.id.as_str())],
                &o.label,
            );
            if o.is_default {
                let key = if kind == ObjectKind::RouteTable { Key::MainBadge } else { Key::DefaultBadge };
                w.leaf("span", &[("class", "badge")], tr(l, key));
            }
            w.leaf("span", &[("class", "muted")], &usage_text(l, kind, o.used_by));
            let (aria, delete) = (format!("{} {}", tr(l, Key::Remove), o.label), format!("netobj-delete-{}", o.id));
            w.leaf(
                "button",
                &[
                    ("class", "icon"),
                    ("title", tr(l, Key::Remove)),
                    ("aria-label", &aria),
                    ("data-testid", &delete),
                    ("data-act", "delete"),
                    ("data-id", o.id.as_str()),
                ],
                "✕",
            );
            w.close("li");
        }
        w.close("ul");
        let testid = format!("new-{slug}");
        w.leaf(
            "button",
            &[("data-testid", &testid), ("data-act", "new"), ("data-id", vpc.as_str()), ("data-kind", slug)],
            tr(l, new),
        );
    }
    w.close("section");
}

/// "2 subnets" / "서브넷 2개" for tables and ACLs, "1 attached" / "1개에 연결" for groups.
pub fn usage_text(l: Lang, kind: ObjectKind, n: usize) -> String {
    let code = match (kind, n) {
        (ObjectKind::SecurityGroup, _) => "phrase.usage.attached",
        (_, 1) => "phrase.usage.one_subnet",
        _ => "phrase.usage.subnets",
    };
    crate::i18n::phrase(l, code, &[("n", &n.to_string())])
}

/// A link back to the VPC an object belongs to (its list of tables, groups and ACLs).
fn back_to_vpc(w: &mut W, s: &Scenario, vpc: &NodeId, l: Lang) {
    w.open("dl", &[]);
    w.term(tr(l, Key::InVpc));
    let name = format!("← {}", users::label(s, vpc));
    w.leaf(
        "button",
        &[("class", "link"), ("data-testid", "back-to-vpc"), ("data-act", "open"), ("data-id", vpc.as_str())],
        &name,
    );
    w.close("dd");
    w.close("dl");
}

/// A subnet's route table or ACL, chosen from its VPC's.
fn association_select(w: &mut W, s: &Scenario, subnet: &NodeId, kind: ObjectKind, current: Option<&NodeId>) {
    let Some(vpc) = engine::netobj::vpc_of(s, subnet) else { return };
    let testid = if kind == ObjectKind::RouteTable { "subnet-route-table" } else { "subnet-network-acl" };
    let options: Vec<(String, String)> =
        engine::netobj::list(s, &vpc, kind).into_iter().map(|o| (o.id.to_string(), o.label)).collect();
    let attrs = [
        ("data-testid", testid),
        ("data-act", "associate"),
        ("data-id", subnet.as_str()),
        ("data-kind", object_kind_name(kind)),
    ];
    select(w, &attrs, &options, current.map(NodeId::as_str).unwrap_or_default());
}

/// The subnets of a route table's or ACL's VPC, checked where they use it (the console's
/// "Edit subnet associations"). A subnet leaves the main table or default ACL only by
/// being associated with another one, so those boxes cannot be unchecked.
fn associations(w: &mut W, s: &Scenario, object: &NodeId, kind: ObjectKind, l: Lang) {
    let Some(vpc) = engine::netobj::vpc_of(s, object) else { return };
    let implicit = super::act::association_value(s, object).is_none();
    w.open("section", &[("class", "rules"), ("data-testid", "subnet-associations")]);
    w.leaf("h4", &[], tr(l, Key::SubnetAssociations));
    w.leaf("p", &[("class", "note")], tr(l, Key::SubnetAssociationsNote));
    w.open("div", &[("class", "ref-list")]);
    for n in s.nodes.iter() {
        let Spec::Subnet { vpc: v, cidr, .. } = &n.spec else { continue };
        if *v != vpc {
            continue;
        }
        let uses = match kind {
            ObjectKind::RouteTable => engine::view::route_table_of(s, &n.id) == Some(object),
            _ => subnet_acl(s, &n.id).as_ref() == Some(object),
        };
        w.open("label", &[("class", "check")]);
        let testid = format!("assoc-{}", n.id);
        w.open(
            "input",
            &[
                ("type", "checkbox"),
                ("data-testid", &testid),
                when(uses, "checked"),
                when(uses && implicit, "disabled"),
                ("data-act", "associate-box"),
                ("data-id", n.id.as_str()),
                ("data-object", object.as_str()),
                ("data-kind", object_kind_name(kind)),
            ],
        );
        w.text(" ");
        w.text(n.label());
        w.text(" ");
        w.leaf("span", &[("class", "muted")], &cidr.to_string());
        w.close("label");
    }
    w.close("div");
    w.close("section");
}

/// The network ACL a subnet uses: its explicit one, else its VPC's default ACL.
fn subnet_acl(s: &Scenario, subnet: &NodeId) -> Option<NodeId> {
    let Spec::Subnet { vpc, network_acl, .. } = &s.node(subnet)?.spec else { return None };
    if let Some(a) = network_acl {
        return Some(a.clone());
    }
    s.nodes
        .iter()
        .find(|n| matches!(&n.spec, Spec::NetworkAcl { vpc: v, default: true, .. } if v == vpc))
        .map(|n| n.id.clone())
}

fn route_table_editor(w: &mut W, s: &Scenario, rt: &NodeId, l: Lang) {
    let Some(Spec::RouteTable { vpc, routes, main }) = s.node(rt).map(|n| &n.spec) else { return };
    let title = format!(
        "{}: {}{}",
        tr(l, Key::RouteTable),
        users::label(s, rt),
        if *main { format!(" ({})", tr(l, Key::MainBadge)) } else { String::new() }
    );
    let local: Vec<String> = match s.node(vpc).map(|n| &n.spec) {
        Some(Spec::Vpc { cidr, secondary_cidrs, .. }) => {
            std::iter::once(cidr).chain(secondary_cidrs).map(|c| c.to_string()).collect()
        }
        _ => vec![],
    };
    let targets = route_targets(s, vpc);
    w.open("section", &[("class", "rules"), ("data-testid", "route-table")]);
    w.leaf("h4", &[], &title);
    w.leaf("p", &[("class", "note")], tr(l, Key::SharedTableNote));
    head(w, &[], &[tr(l, Key::Destination), tr(l, Key::Target), ""]);
    for c in local {
        w.open("tr", &[("class", "fixed")]);
        for cell in [c.as_str(), "local", ""] {
            w.leaf("td", &[], cell);
        }
        w.close("tr");
    }
    for (i, r) in routes.iter().enumerate() {
        let i_text = i.to_string();
        let at = |f: &'static str| [("data-act", "route"), ("data-id", rt.as_str()), ("data-i", ""), ("data-f", f)];
        let act = |f: &'static str| {
            let mut a = at(f);
            a[2].1 = i_text.as_str();
            a
        };
        w.open("tr", &[]);
        w.open("td", &[]);
        field(w, &r.destination.to_string(), &format!("route-dest-{i}"), &act("dest"));
        w.close("td");
        w.open("td", &[]);
        let mut options: Vec<(String, String)> =
            targets.iter().map(|(t, name)| (t.to_string(), name.clone())).collect();
        if !targets.iter().any(|(t, _)| *t == r.target) {
            // A target that no longer exists: AWS shows such a route as a blackhole.
            options.insert(0, (r.target.to_string(), format!("{} (blackhole)", r.target)));
        }
        select_for(w, &format!("route-target-{i}"), &act("target"), &options, r.target.as_str());
        w.close("td");
        w.open("td", &[]);
        remove(w, l, &format!("route-remove-{i}"), &act("remove"));
        w.close("td");
        w.close("tr");
    }
    w.close("tbody");
    w.close("table");
    w.leaf(
        "button",
        &[("data-testid", "route-add"), ("data-act", "route-add"), ("data-id", rt.as_str())],
        tr(l, Key::AddRoute),
    );
    w.close("section");
}

fn sg_editor(w: &mut W, s: &Scenario, sg: &NodeId, l: Lang) {
    let Some(Spec::SecurityGroup { inbound, outbound, .. }) = s.node(sg).map(|n| &n.spec) else { return };
    let title = format!("{}: {}", kind_name(l, Kind::SecurityGroup), users::label(s, sg));
    // AWS lets a rule name a CIDR block or a security group (VPC User Guide, "Security group
    // rules": a group means the interfaces that carry it).
    let groups: Vec<(NodeId, String)> = engine::netobj::vpc_of(s, sg)
        .map(|vpc| engine::netobj::list(s, &vpc, ObjectKind::SecurityGroup))
        .unwrap_or_default()
        .into_iter()
        .map(|o| (o.id, o.label))
        .collect();
    w.open("section", &[("class", "rules"), ("data-testid", &format!("sg-{sg}"))]);
    w.leaf("h4", &[], &title);
    w.leaf("p", &[("class", "note")], tr(l, Key::SgNote));
    for (rules, inbound) in [(inbound, true), (outbound, false)] {
        w.leaf("h5", &[], tr(l, if inbound { Key::Inbound } else { Key::Outbound }));
        sg_table(w, sg, rules, inbound, &groups, l);
    }
    w.close("section");
}

fn sg_table(w: &mut W, sg: &NodeId, rules: &[SgRule], inbound: bool, groups: &[(NodeId, String)], l: Lang) {
    let dir = if inbound { "in" } else { "out" };
    head(
        w,
        &[],
        &[tr(l, Key::Protocol), tr(l, Key::Port), tr(l, if inbound { Key::Source } else { Key::Destination }), ""],
    );
    for (i, r) in rules.iter().enumerate() {
        let i_text = i.to_string();
        let act = |f: &'static str| rule_act("sg", sg, dir, &i_text, f);
        let testid = |what: &str| format!("sg-{dir}-{what}-{i}");
        w.open("tr", &[]);
        protocol_and_ports(w, r.protocol, r.ports, &testid, &act, l);
        w.open("td", &[("class", "peer")]);
        let mut options = vec![("cidr".to_string(), tr(l, Key::CidrBlock).to_string())];
        if let Some(g) = r.group.as_ref().filter(|g| !groups.iter().any(|(id, _)| id == *g)) {
            options.push((g.to_string(), g.to_string()));
        }
        options.extend(groups.iter().map(|(g, name)| (g.to_string(), format!("{} {name}", tr(l, Key::SgShort)))));
        let kind = testid("peer-kind");
        let mut attrs = vec![("class", "peer"), ("data-testid", kind.as_str())];
        attrs.extend_from_slice(&act("peer-kind"));
        select(w, &attrs, &options, r.group.as_ref().map(NodeId::as_str).unwrap_or("cidr"));
        if r.group.is_none() {
            field(w, &r.cidr.map(|c| c.to_string()).unwrap_or_default(), &testid("peer"), &act("peer"));
        }
        w.close("td");
        w.open("td", &[]);
        remove(w, l, "", &act("remove"));
        w.close("td");
        w.close("tr");
    }
    w.close("tbody");
    w.close("table");
    w.leaf("button", &[("data-act", "sg-add"), ("data-id", sg.as_str()), ("data-dir", dir)], tr(l, Key::AddRule));
}

fn nacl_editor(w: &mut W, s: &Scenario, acl: &NodeId, l: Lang) {
    let Some(Spec::NetworkAcl { inbound, outbound, default, .. }) = s.node(acl).map(|n| &n.spec) else { return };
    let title = format!("{}: {}", kind_name(l, Kind::NetworkAcl), users::label(s, acl));
    w.open("section", &[("class", "rules"), ("data-testid", &format!("acl-{acl}"))]);
    w.leaf("h4", &[], &title);
    w.leaf("p", &[("class", "note")], tr(l, Key::NaclNote));
    if !*default {
        w.leaf("p", &[("class", "note")], tr(l, Key::CustomNaclNote));
    }
    for (rules, inbound) in [(inbound, true), (outbound, false)] {
        w.leaf("h5", &[], tr(l, if inbound { Key::Inbound } else { Key::Outbound }));
        nacl_table(w, acl, rules, inbound, l);
    }
    w.close("section");
}

fn nacl_table(w: &mut W, acl: &NodeId, rules: &[NaclRule], inbound: bool, l: Lang) {
    let dir = if inbound { "in" } else { "out" };
    head(w, &[("class", "acl")], &["#", "", tr(l, Key::Protocol), tr(l, Key::Port), "CIDR", ""]);
    // Shown in the order AWS evaluates them (lowest number first); `data-i` is the rule's
    // place in the document.
    let mut order: Vec<usize> = (0..rules.len()).collect();
    engine::sort::sort_by_key(&mut order, |i| rules[*i].rule);
    for i in order {
        let r = &rules[i];
        let i_text = i.to_string();
        let act = |f: &'static str| rule_act("acl", acl, dir, &i_text, f);
        let testid = |what: &str| format!("acl-{dir}-{what}-{i}");
        w.open("tr", &[]);
        w.open("td", &[]);
        field(w, &r.rule.to_string(), &testid("num"), &act("num"));
        w.close("td");
        w.open("td", &[]);
        let choices =
            [("allow".to_string(), tr(l, Key::Allow).to_string()), ("deny".to_string(), tr(l, Key::Deny).to_string())];
        let action = if r.action == Action::Allow { "allow" } else { "deny" };
        select_for(w, &testid("action"), &act("action"), &choices, action);
        w.close("td");
        protocol_and_ports(w, r.protocol, r.ports, &testid, &act, l);
        w.open("td", &[]);
        field(w, &r.cidr.to_string(), &testid("cidr"), &act("cidr"));
        w.close("td");
        w.open("td", &[]);
        remove(w, l, "", &act("remove"));
        w.close("td");
        w.close("tr");
    }
    // Every ACL ends with the rule "*" that denies what no numbered rule matched.
    w.open("tr", &[("class", "fixed")]);
    for cell in ["*", tr(l, Key::Deny), tr(l, Key::AllProtocols), tr(l, Key::AllPorts), "0.0.0.0/0", ""] {
        w.leaf("td", &[], cell);
    }
    w.close("tr");
    w.close("tbody");
    w.close("table");
    w.leaf("button", &[("data-act", "acl-add"), ("data-id", acl.as_str()), ("data-dir", dir)], tr(l, Key::AddRule));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::inspector::act::Act;

    fn editor(selected: &[&str]) -> Editor {
        let s = Scenario::from_json(include_str!("../../../../../scenarios/two-tier.json")).unwrap();
        let mut e = Editor::new(s);
        e.selection = selected.iter().map(|&i| NodeId::from(i)).collect();
        e.selected = e.selection.first().cloned();
        e
    }

    /// The `data-*` attributes of the control whose test id is `testid`, read as the
    /// browser would (entities decoded).
    fn control(html: &str, testid: &str) -> Option<Act> {
        let at = html.find(&format!("data-testid=\"{testid}\""))?;
        let start = html[..at].rfind('<')?;
        let end = at + html[at..].find('>')?;
        let tag = &html[start..end];
        Act::read(|name| {
            let key = format!(" {name}=\"");
            let from = tag.find(&key)? + key.len();
            let len = tag[from..].find('"')?;
            Some(
                tag[from..from + len]
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            )
        })
    }

    /// A name with markup in it is shown as text, never as markup.
    #[test]
    fn names_are_text_never_markup() {
        let mut e = editor(&["vpc-main"]);
        if let Some(n) = e.scenario.nodes.iter_mut().find(|n| n.id.as_str() == "vpc-main") {
            n.name = "<img src=x onerror=alert(1)>\"".into();
        }
        let html = node(&e, &"vpc-main".into(), Lang::En);
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;"));
    }

    /// Each control of a security group's table is marked with the rule and the field it
    /// edits, and the marks read back as that edit; the Korean form says every port as the
    /// Korean console does.
    #[test]
    fn rule_controls_say_which_rule_they_edit() {
        let e = editor(&["sg-web"]);
        let en = node(&e, &"sg-web".into(), Lang::En);
        assert_eq!(
            control(&en, "sg-in-ports-0"),
            Some(Act::Sg {
                group: "sg-web".into(),
                inbound: true,
                index: 0,
                field: crate::ui::inspector::act::SgField::Ports
            })
        );
        assert_eq!(control(&en, "back-to-vpc"), Some(Act::Open("vpc-main".into())));
        let ko = node(&e, &"sg-web".into(), Lang::Ko);
        assert!(
            ko.contains(&format!("<h5>{}</h5>", tr(Lang::Ko, Key::Inbound)))
                && !ko.contains(tr(Lang::En, Key::Inbound))
        );
        let e = editor(&["vpc-main"]);
        let html = node(&e, &"vpc-main".into(), Lang::En);
        assert_eq!(
            control(&html, "new-route-table"),
            Some(Act::New { vpc: "vpc-main".into(), kind: ObjectKind::RouteTable })
        );
        assert_eq!(control(&html, "netobj-delete-rtb-public"), Some(Act::Delete("rtb-public".into())));
        assert_eq!(control(&html, "field-cidr"), Some(Act::Cidr("vpc-main".into())));
    }

    /// A subnet shows its usable addresses (AWS reserves five in every subnet: VPC User
    /// Guide, "Subnet CIDR blocks"), its route table and ACL, and their editors.
    #[test]
    fn a_subnet_shows_its_addresses_table_and_acl() {
        let e = editor(&["subnet-private-a"]);
        let html = node(&e, &"subnet-private-a".into(), Lang::En);
        assert!(html.contains(r#"<dd data-testid="usable">251 / 256</dd>"#), "{html}");
        for testid in ["subnet-route-table", "subnet-network-acl", "route-table", "route-add", "field-cidr"] {
            assert!(html.contains(&format!("data-testid=\"{testid}\"")), "{testid}");
        }
        assert!(html.contains(r#"<option value="rtb-main" selected="">"#), "the main table is chosen: {html}");
        // Tags open and close in pairs (the form is one well-formed fragment).
        for tag in ["dl", "dd", "section", "table", "tr", "td", "select", "fieldset", "div", "label"] {
            assert_eq!(
                html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count(),
                html.matches(&format!("</{tag}>")).count(),
                "<{tag}>"
            );
        }
    }

    /// Several elements: their count, and only the properties they share, each marked for
    /// every selected element.
    #[test]
    fn a_multi_selection_edits_what_its_elements_share() {
        let e = editor(&["i-web-a", "i-web-c"]);
        let html = multi(&e, Lang::Ko);
        assert!(html.contains(r#"<h3 data-testid="inspector-title">2 "#), "{html}");
        assert!(html.contains("data-act=\"prop\""));
        assert!(!html.contains("field-name"), "names are not shared");
    }

    /// Users and the goals editor are forms like the others: each field says what it sets.
    #[test]
    fn users_and_goals_fields_say_what_they_set() {
        let s = Scenario::from_json(include_str!("../../../../../scenarios/reference-web-app.json")).unwrap();
        let e = Editor::new(s);
        let html = users(&e, 0, Lang::En);
        assert_eq!(control(&html, "users-pattern"), Some(Act::Users { index: 0, field: "pattern".into() }));
        assert_eq!(control(&html, "users-port"), Some(Act::Users { index: 0, field: "port".into() }));
        assert!(!html.contains("users-not-linked"), "the reference app's users call its entry point");
        let goals = nothing(&e, Lang::Ko);
        assert_eq!(control(&goals, "goal-field-p99_ms"), Some(Act::Goal("p99_ms".into())));
        assert!(users(&e, 99, Lang::En).is_empty(), "users that are gone: no form");
    }

    #[test]
    fn usage_reads_naturally_in_both_languages() {
        assert_eq!(usage_text(Lang::En, ObjectKind::RouteTable, 1), "1 subnet");
        assert_eq!(usage_text(Lang::En, ObjectKind::NetworkAcl, 3), "3 subnets");
        assert_eq!(usage_text(Lang::Ko, ObjectKind::RouteTable, 2), "서브넷 2개");
        assert_eq!(usage_text(Lang::En, ObjectKind::SecurityGroup, 0), "0 attached");
        assert_eq!(usage_text(Lang::Ko, ObjectKind::SecurityGroup, 4), "4개에 연결");
    }

    /// Every port reads "전체" in Korean (as the Korean console says it) and is read back.
    #[test]
    fn all_ports_read_in_the_readers_language_and_back() {
        use crate::ui::inspector::act::parse_ports;
        assert_eq!(ports_text(PortRange::ALL, Lang::Ko), "전체");
        assert_eq!(ports_text(PortRange::ALL, Lang::En), "all");
        assert_eq!(ports_text(PortRange { from: 443, to: 443 }, Lang::Ko), "443");
        assert_eq!(parse_ports("전체"), Ok(PortRange::ALL));
        assert_eq!(parse_ports("all"), Ok(PortRange::ALL));
        assert!(parse_ports("모두").is_err());
    }
}
