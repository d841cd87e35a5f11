//! The VPC room of the inspector: the forms and edits of a VPC, its subnets, NAT gateways and network objects (route tables, security groups, network ACLs), in one file, so that the rest of the inspector need not name these kinds.
//!
//! write.rs asks `body` for the selected element's own part of the form; act.rs hands the
//! edits of these controls (`data-act` cidr, route, sg, acl, associate...) to the functions
//! here. The AWS rules behind them (what a route may point at, which ACL a subnet uses) are
//! the engine's (`engine::netobj`).

use super::controls::{field, head, remove, select, select_for};
use crate::i18n::{kind_name, property_name, tr, Key, Lang};
use crate::render::users;
use crate::ui::html::{when, W};
use engine::model::{Action, Kind, NaclRule, NodeId, PortRange, Protocol, Route, Scenario, SgRule, Spec};
use engine::netobj::ObjectKind;
use engine::{Cidr, Msg};

/// A field of a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteField {
    /// Its destination CIDR block.
    Destination,
    /// What it points at.
    Target,
    /// Remove it.
    Remove,
}

/// A field of a security group rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SgField {
    /// TCP, UDP, ICMP or all.
    Protocol,
    /// Its port range.
    Ports,
    /// A CIDR block (`cidr`) or a security group's id as the peer.
    PeerKind,
    /// The peer CIDR block.
    Peer,
    /// Remove it.
    Remove,
}

/// A field of a network ACL rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AclField {
    /// Its rule number.
    Number,
    /// Allow or deny.
    Action,
    /// TCP, UDP, ICMP or all.
    Protocol,
    /// Its port range.
    Ports,
    /// Its CIDR block.
    Cidr,
    /// Remove it.
    Remove,
}

/// The network object kind a `data-kind` names.
pub fn object_kind(name: &str) -> Option<ObjectKind> {
    match name {
        "route-table" => Some(ObjectKind::RouteTable),
        "security-group" => Some(ObjectKind::SecurityGroup),
        "network-acl" => Some(ObjectKind::NetworkAcl),
        _ => None,
    }
}

/// The `data-kind` spelling of a network object kind (write.rs writes it).
pub fn object_kind_name(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::RouteTable => "route-table",
        ObjectKind::SecurityGroup => "security-group",
        ObjectKind::NetworkAcl => "network-acl",
    }
}

/// A CIDR block as typed, or why it is not one.
pub fn parse_cidr(text: &str) -> Result<Cidr, Msg> {
    let text = text.trim();
    text.parse::<Cidr>().map_err(|e| match e {
        engine::cidr::ParseError::BadAddress(_) => engine::msg!("ui.cidr.bad_address", text = text),
        engine::cidr::ParseError::BadPrefix(_) => engine::msg!("ui.cidr.bad_prefix", text = text),
        engine::cidr::ParseError::HostBitsSet { network, .. } => {
            engine::msg!("ui.cidr.host_bits", text = text, network = network)
        }
    })
}

/// A port range as typed ("443", "1024-65535", "all" or the Korean console's "전체").
pub fn parse_ports(text: &str) -> Result<PortRange, Msg> {
    let text = if text.trim() == "전체" { "all" } else { text };
    text.parse::<PortRange>().map_err(|_| engine::msg!("ui.ports.bad", text = text.trim()))
}

fn protocol(value: &str) -> Protocol {
    match value {
        "udp" => Protocol::Udp,
        "icmp" => Protocol::Icmp,
        "all" => Protocol::All,
        _ => Protocol::Tcp,
    }
}

/// The value an association takes when a person picks `object`: none for the main table or
/// the default ACL (the implicit association), else the object itself.
pub fn association_value(s: &Scenario, object: &NodeId) -> Option<NodeId> {
    match s.node(object).map(|n| &n.spec) {
        Some(Spec::RouteTable { main: true, .. } | Spec::NetworkAcl { default: true, .. }) => None,
        Some(_) => Some(object.clone()),
        None => None,
    }
}

fn spec_of<'a>(s: &'a mut Scenario, id: &NodeId) -> Option<&'a mut Spec> {
    s.nodes.iter_mut().find(|n| &n.id == id).map(|n| &mut n.spec)
}

/// A change to a list of rules (routes, security group or ACL rules).
type Change<T> = Box<dyn FnOnce(&mut Vec<T>)>;

fn rule<T>(rules: &mut [T], index: usize, f: impl FnOnce(&mut T)) {
    if let Some(r) = rules.get_mut(index) {
        f(r);
    }
}

/// A VPC's or subnet's CIDR block, as typed.
pub fn set_cidr(s: &mut Scenario, id: &NodeId, value: &str) -> Result<(), Msg> {
    let new = parse_cidr(value)?;
    if let Some(Spec::Vpc { cidr, .. } | Spec::Subnet { cidr, .. }) = spec_of(s, id) {
        *cidr = new;
    }
    Ok(())
}

/// A field of route `index` of `table` (or its removal).
pub fn edit_route(s: &mut Scenario, table: &NodeId, index: usize, field: RouteField, value: &str) -> Result<(), Msg> {
    let change: Change<Route> = match field {
        RouteField::Destination => {
            let c = parse_cidr(value)?;
            Box::new(move |r| rule(r, index, |r| r.destination = c))
        }
        RouteField::Target => {
            let t = NodeId(value.to_string());
            Box::new(move |r| rule(r, index, |r| r.target = t))
        }
        RouteField::Remove => Box::new(move |r| {
            if index < r.len() {
                r.remove(index);
            }
        }),
    };
    if let Some(Spec::RouteTable { routes, .. }) = spec_of(s, table) {
        change(routes);
    }
    Ok(())
}

/// A new route 0.0.0.0/0 to the VPC's first target; refused when nothing can be a target.
pub fn add_route(s: &mut Scenario, table: &NodeId) -> Result<(), Msg> {
    let vpc = match s.node(table).map(|n| &n.spec) {
        Some(Spec::RouteTable { vpc, .. }) => vpc.clone(),
        _ => return Ok(()),
    };
    let Some((target, _)) = engine::netobj::route_targets(s, &vpc).into_iter().next() else {
        return Err(engine::msg!("ui.route.no_targets"));
    };
    if let Some(Spec::RouteTable { routes, .. }) = spec_of(s, table) {
        routes.push(Route { destination: Cidr::ANY, target });
    }
    Ok(())
}

/// A field of rule `index` of a security group (or its removal).
pub fn edit_sg_rule(
    s: &mut Scenario,
    group: &NodeId,
    inbound: bool,
    index: usize,
    field: SgField,
    value: &str,
) -> Result<(), Msg> {
    let change: Change<SgRule> = match field {
        SgField::Protocol => {
            let p = protocol(value);
            Box::new(move |r| rule(r, index, |r| r.protocol = p))
        }
        SgField::Ports => {
            let p = parse_ports(value)?;
            Box::new(move |r| rule(r, index, |r| r.ports = p))
        }
        SgField::PeerKind => {
            // AWS lets a rule name a CIDR block or a security group (VPC User Guide,
            // "Security group rules": a group means the interfaces that carry it).
            let (cidr, group) =
                if value == "cidr" { (Some(Cidr::ANY), None) } else { (None, Some(NodeId(value.to_string()))) };
            Box::new(move |r| {
                rule(r, index, |r| {
                    r.cidr = cidr;
                    r.group = group;
                })
            })
        }
        SgField::Peer => {
            let c = parse_cidr(value)?;
            Box::new(move |r| {
                rule(r, index, |r| {
                    r.cidr = Some(c);
                    r.group = None;
                })
            })
        }
        SgField::Remove => Box::new(move |r| {
            if index < r.len() {
                r.remove(index);
            }
        }),
    };
    if let Some(Spec::SecurityGroup { inbound: i, outbound: o, .. }) = spec_of(s, group) {
        change(if inbound { i } else { o });
    }
    Ok(())
}

/// A new security group rule: TCP 443 from anywhere.
pub fn add_sg_rule(s: &mut Scenario, group: &NodeId, inbound: bool) {
    if let Some(Spec::SecurityGroup { inbound: i, outbound: o, .. }) = spec_of(s, group) {
        let rules = if inbound { i } else { o };
        rules.push(SgRule {
            protocol: Protocol::Tcp,
            ports: PortRange::single(443),
            cidr: Some(Cidr::ANY),
            group: None,
        });
    }
}

/// A field of rule `index` of a network ACL (or its removal).
pub fn edit_acl_rule(
    s: &mut Scenario,
    acl: &NodeId,
    inbound: bool,
    index: usize,
    field: AclField,
    value: &str,
) -> Result<(), Msg> {
    let change: Change<NaclRule> = match field {
        AclField::Number => {
            let n: u16 = value
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=32766).contains(n))
                .ok_or_else(|| engine::msg!("ui.nacl.rule_number"))?;
            Box::new(move |r| rule(r, index, |r| r.rule = n))
        }
        AclField::Action => {
            let a = if value == "deny" { Action::Deny } else { Action::Allow };
            Box::new(move |r| rule(r, index, |r| r.action = a))
        }
        AclField::Protocol => {
            let p = protocol(value);
            Box::new(move |r| rule(r, index, |r| r.protocol = p))
        }
        AclField::Ports => {
            let p = parse_ports(value)?;
            Box::new(move |r| rule(r, index, |r| r.ports = p))
        }
        AclField::Cidr => {
            let c = parse_cidr(value)?;
            Box::new(move |r| rule(r, index, |r| r.cidr = c))
        }
        AclField::Remove => Box::new(move |r| {
            if index < r.len() {
                r.remove(index);
            }
        }),
    };
    if let Some(Spec::NetworkAcl { inbound: i, outbound: o, .. }) = spec_of(s, acl) {
        change(if inbound { i } else { o });
    }
    Ok(())
}

/// A new network ACL rule: allow TCP 443, numbered after the last.
pub fn add_acl_rule(s: &mut Scenario, acl: &NodeId, inbound: bool) {
    if let Some(Spec::NetworkAcl { inbound: i, outbound: o, .. }) = spec_of(s, acl) {
        let rules = if inbound { i } else { o };
        let next = rules.iter().map(|r| r.rule).max().unwrap_or(0).saturating_add(100).min(32766);
        rules.push(NaclRule {
            rule: next,
            action: Action::Allow,
            protocol: Protocol::Tcp,
            ports: PortRange::single(443),
            cidr: Cidr::ANY,
        });
    }
}

/// A subnet's route table or ACL picked from a list (`value`: the object's id).
pub fn associate_picked(s: &mut Scenario, subnet: &NodeId, kind: ObjectKind, value: &str) {
    let to = association_value(s, &NodeId(value.to_string()));
    associate(s, subnet, kind, to);
}

/// A subnet's box in a route table's or ACL's associations, checked (`on`) or not.
pub fn associate_box(s: &mut Scenario, subnet: &NodeId, object: &NodeId, kind: ObjectKind, on: bool) {
    // Unchecking a box falls back to the main table or default ACL.
    let to = if on { association_value(s, object) } else { None };
    associate(s, subnet, kind, to);
}

/// Point `subnet`'s route table or ACL association at `to` (`None`: the main table or the
/// default ACL, which is what AWS's "no explicit association" means).
fn associate(s: &mut Scenario, subnet: &NodeId, kind: ObjectKind, to: Option<NodeId>) {
    if let Some(Spec::Subnet { route_table, network_acl, .. }) = spec_of(s, subnet) {
        match kind {
            ObjectKind::RouteTable => *route_table = to,
            ObjectKind::NetworkAcl => *network_acl = to,
            ObjectKind::SecurityGroup => {}
        }
    }
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

/// The selected element's own part of the form when it is one of the VPC room's kinds (a
/// VPC, a subnet, a route table, security group or network ACL, a NAT gateway), with the
/// fields of the registry's property list it already shows; `None` for the other kinds.
pub fn body(w: &mut W, s: &Scenario, id: &NodeId, l: Lang) -> Option<&'static [&'static str]> {
    let node = s.node(id)?;
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
            Some(&["cidr"])
        }
        Spec::Subnet { cidr, .. } => {
            cidr_field(w, *cidr);
            subnet_body(w, s, id, *cidr, l);
            Some(&["cidr", "route_table", "network_acl"])
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
            Some(&[])
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
            Some(&[])
        }
        _ => None,
    }
}

/// A subnet's part after its CIDR field (the open `dl`): its usable addresses, whether it is
/// public, its route table and ACL (each chosen from its VPC's, and edited below).
fn subnet_body(w: &mut W, s: &Scenario, id: &NodeId, cidr: Cidr, l: Lang) {
    let public = engine::view::subnet_is_public(s, id);
    let rt = engine::view::route_table_of(s, id).cloned();
    let acl = engine::netobj::network_acl_of(s, id);
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
    let implicit = association_value(s, object).is_none();
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
            _ => engine::netobj::network_acl_of(s, &n.id).as_ref() == Some(object),
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
    let targets = engine::netobj::route_targets(s, vpc);
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

/// A security group's inbound and outbound rules (also under the instances and load
/// balancers that carry it).
pub fn sg_editor(w: &mut W, s: &Scenario, sg: &NodeId, l: Lang) {
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
