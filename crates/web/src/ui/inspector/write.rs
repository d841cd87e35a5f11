//! The inspector's form as HTML text: the selected element's name and registry properties, several elements' shared properties, users and goals, every value escaped and every control marked with what it does (`data-act`, read by act.rs); a kind's own editors come from its room (vpc.rs, ec2.rs).
//!
//! Text rather than Leptos views: the form is drawn again whole on every change anyway, and
//! a view per control cost the bundle a copy of the rendering code each (issue #15: the
//! first load). It also lets the form be tested natively.

use super::controls::{field, select_for};
use super::{ec2, vpc};
use crate::editor::session::Editor;
use crate::i18n::{choice_name, field_label, goal_name, kind_name, tr, Key, Lang};
use crate::render::users;
use crate::state::goals;
use crate::state::props::{self, Field, FieldKind};
use crate::ui::html::{when, W};
use engine::model::{NodeId, Scenario, Spec};

/// The form for one selected element (`id`, which exists). The problems go in the element
/// marked `problems-slot`, filled apart: they arrive from the worker after an edit.
pub fn node(e: &Editor, id: &NodeId, l: Lang) -> String {
    let mut w = W::default();
    let s = &e.doc.scenario;
    let Some(node) = s.node(id) else { return String::new() };
    let kind = node.spec.kind();
    w.leaf("h3", &[("data-testid", "inspector-title")], node.label());
    // An element the open lesson locks: shown, not editable (an edit would be refused).
    let locked = e.doc.locked.contains(id);
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
    // The fields the element's own editors above already show are left out below.
    let shown = kind_body(&mut w, e, id, l);
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
    w.leaf("p", &[("class", "description")], e.doc.scenario.description.get(l.code()));
    w.open("section", &[("class", "goals-editor"), ("data-testid", "goals-editor")]);
    w.leaf("h4", &[], tr(l, Key::Goals));
    w.leaf("p", &[("class", "note")], tr(l, Key::GoalsHelp));
    w.open("dl", &[("class", "properties goals")]);
    for goal in goals::ALL {
        let value = goals::get(&e.doc.scenario.goals, goal).map(|v| goals::to_field(goal, v)).unwrap_or_default();
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
    let Some(p) = e.doc.scenario.traffic.get(i) else { return w.0 };
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
        users::targets(&e.doc.scenario).into_iter().map(|(t, label)| (t.to_string(), label)).collect();
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
        ids.iter().filter_map(|id| e.doc.scenario.node(id)).map(|n| kind_name(l, n.spec.kind()).to_string()).collect();
    engine::sort::sort_by(&mut kinds, Ord::cmp);
    kinds.dedup();
    w.leaf("h3", &[("data-testid", "inspector-title")], &format!("{} {}", ids.len(), tr(l, Key::SelectedCount)));
    w.leaf("p", &[("class", "muted")], &kinds.join(", "));
    w.open("div", &[("class", "problems-slot")]);
    w.close("div");
    w.leaf("p", &[("class", "note")], tr(l, Key::CommonProperties));
    properties(&mut w, &e.doc.scenario, ids, &[], l);
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

/// The selected element's own part of the form, written by its room (the VPC room's kinds,
/// an instance) or here (a load balancer); the registry's properties it already shows.
fn kind_body(w: &mut W, e: &Editor, id: &NodeId, l: Lang) -> &'static [&'static str] {
    let s = &e.doc.scenario;
    if let Some(shown) = vpc::body(w, s, id, l).or_else(|| ec2::body(w, s, id, l)) {
        return shown;
    }
    let list = |ids: &[NodeId]| ids.iter().map(|i| users::label(s, i)).collect::<Vec<_>>().join(", ");
    if let Some(Spec::LoadBalancer { subnets, security_groups, targets, .. }) = s.node(id).map(|n| &n.spec) {
        w.open("dl", &[]);
        for (key, ids) in [(Key::Subnet, subnets), (Key::Targets, targets), (Key::SecurityGroups, security_groups)] {
            w.term(tr(l, key));
            w.text(&list(ids));
            w.close("dd");
        }
        w.close("dl");
        for sg in security_groups {
            vpc::sg_editor(w, s, sg, l);
        }
    }
    &[]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::inspector::act::Act;
    use crate::ui::inspector::vpc::{ports_text, usage_text};
    use engine::model::PortRange;
    use engine::netobj::ObjectKind;

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
        if let Some(n) = e.doc.scenario.nodes.iter_mut().find(|n| n.id.as_str() == "vpc-main") {
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
        use crate::ui::inspector::vpc::parse_ports;
        assert_eq!(ports_text(PortRange::ALL, Lang::Ko), "전체");
        assert_eq!(ports_text(PortRange::ALL, Lang::En), "all");
        assert_eq!(ports_text(PortRange { from: 443, to: 443 }, Lang::Ko), "443");
        assert_eq!(parse_ports("전체"), Ok(PortRange::ALL));
        assert_eq!(parse_ports("all"), Ok(PortRange::ALL));
        assert!(parse_ports("모두").is_err());
    }
}
