//! What a control of the inspector's form does: read from its `data-*` attributes (`Act::read`) and applied to a copy of the design (`edit`), so that every edit of the form has native tests.
//!
//! The form is HTML text (write.rs); one listener hands each change or click here. An edit
//! either changes the design (one undo step) or is refused with the reason in both
//! languages, the design untouched.

use super::{ec2, vpc};
use crate::state::props::{self, FieldKind};
use engine::model::{NodeId, Scenario};
use engine::netobj::ObjectKind;
use engine::workload::{ClientPopulation, RatePattern};
use engine::Msg;
// The fields of a route or rule are the VPC room's (vpc.rs); the acts name them.
pub use vpc::{AclField, RouteField, SgField};

/// What one control of the form does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Act {
    /// Rename an element.
    Name(NodeId),
    /// A VPC's or subnet's CIDR block.
    Cidr(NodeId),
    /// An instance's private IPv4 address (empty: assigned by AWS).
    PrivateIp(NodeId),
    /// Turn an instance's source/destination check on or off.
    SourceDestCheck(NodeId),
    /// A property of the selected elements (`path` as `props::Field::path` joined by dots);
    /// `item`: one box of a list of references; `row`: one row of a list of values.
    Prop { path: String, item: Option<String>, row: Option<usize> },
    /// A route of a route table.
    Route { table: NodeId, index: usize, field: RouteField },
    /// Add a route (0.0.0.0/0 to the VPC's first target).
    AddRoute(NodeId),
    /// A rule of a security group.
    Sg { group: NodeId, inbound: bool, index: usize, field: SgField },
    /// Add a security group rule (TCP 443 from anywhere).
    AddSgRule { group: NodeId, inbound: bool },
    /// A rule of a network ACL.
    Acl { acl: NodeId, inbound: bool, index: usize, field: AclField },
    /// Add a network ACL rule (allow TCP 443, numbered after the last).
    AddAclRule { acl: NodeId, inbound: bool },
    /// A subnet's route table or ACL, picked from a list (the value is the object's id).
    Associate { subnet: NodeId, kind: ObjectKind },
    /// A subnet's box in a route table's or ACL's associations (the value: checked or not).
    AssociateBox { subnet: NodeId, object: NodeId, kind: ObjectKind },
    /// Select an element (a network object's name, the way back to its VPC).
    Open(NodeId),
    /// Delete a network object (refused as AWS would refuse it).
    Delete(NodeId),
    /// Make a new route table, security group or ACL in a VPC.
    New { vpc: NodeId, kind: ObjectKind },
    /// A setting of users (the design's `traffic[index]`): `name`, `location`, `target`,
    /// `pattern`, a rate field or a request-mix field (write.rs's `USERS_NUMBERS`).
    Users { index: usize, field: String },
    /// One of the design's goals (`engine::model::Goals`, by its JSON name); empty: none.
    Goal(String),
}

impl Act {
    /// The act of a control, from its attributes (`get("data-act")`...); `None` for a
    /// control that does nothing (or attributes the form never writes).
    pub fn read(get: impl Fn(&str) -> Option<String>) -> Option<Act> {
        let node = |name: &str| get(name).map(NodeId);
        let id = || node("data-id");
        let index = || get("data-i").and_then(|i| i.parse::<usize>().ok());
        let inbound = || match get("data-dir").as_deref() {
            Some("in") => Some(true),
            Some("out") => Some(false),
            _ => None,
        };
        let field = || get("data-f").unwrap_or_default();
        let kind = || get("data-kind").as_deref().and_then(vpc::object_kind);
        Some(match get("data-act")?.as_str() {
            "name" => Act::Name(id()?),
            "cidr" => Act::Cidr(id()?),
            "private-ip" => Act::PrivateIp(id()?),
            "source-dest-check" => Act::SourceDestCheck(id()?),
            "prop" => Act::Prop {
                path: get("data-path")?,
                item: get("data-item"),
                row: get("data-row").and_then(|r| r.parse().ok()),
            },
            "route" => Act::Route {
                table: id()?,
                index: index()?,
                field: match field().as_str() {
                    "dest" => RouteField::Destination,
                    "target" => RouteField::Target,
                    "remove" => RouteField::Remove,
                    _ => return None,
                },
            },
            "route-add" => Act::AddRoute(id()?),
            "sg" => Act::Sg {
                group: id()?,
                inbound: inbound()?,
                index: index()?,
                field: match field().as_str() {
                    "proto" => SgField::Protocol,
                    "ports" => SgField::Ports,
                    "peer-kind" => SgField::PeerKind,
                    "peer" => SgField::Peer,
                    "remove" => SgField::Remove,
                    _ => return None,
                },
            },
            "sg-add" => Act::AddSgRule { group: id()?, inbound: inbound()? },
            "acl" => Act::Acl {
                acl: id()?,
                inbound: inbound()?,
                index: index()?,
                field: match field().as_str() {
                    "num" => AclField::Number,
                    "action" => AclField::Action,
                    "proto" => AclField::Protocol,
                    "ports" => AclField::Ports,
                    "cidr" => AclField::Cidr,
                    "remove" => AclField::Remove,
                    _ => return None,
                },
            },
            "acl-add" => Act::AddAclRule { acl: id()?, inbound: inbound()? },
            "associate" => Act::Associate { subnet: id()?, kind: kind()? },
            "associate-box" => Act::AssociateBox { subnet: id()?, object: node("data-object")?, kind: kind()? },
            "open" => Act::Open(id()?),
            "delete" => Act::Delete(id()?),
            "new" => Act::New { vpc: id()?, kind: kind()? },
            "users" => Act::Users { index: index()?, field: get("data-f")? },
            "goal" => Act::Goal(get("data-f").filter(|g| crate::state::goals::ALL.contains(&g.as_str()))?),
            _ => return None,
        })
    }

    /// Whether a click (a button) or a change (a field, a box, a list) sets it off.
    pub fn on_click(&self) -> bool {
        match self {
            Act::Route { field, .. } => *field == RouteField::Remove,
            Act::Sg { field, .. } => *field == SgField::Remove,
            Act::Acl { field, .. } => *field == AclField::Remove,
            Act::AddRoute(_) | Act::AddSgRule { .. } | Act::AddAclRule { .. } => true,
            Act::Open(_) | Act::Delete(_) | Act::New { .. } => true,
            // A list's add button and a record's remove button (props::FieldKind::Add, Item)
            // are buttons; the form marks them with `data-button`.
            _ => false,
        }
    }
}

/// Apply `act` with the control's `value` (a field's text, a list's choice, `"true"` or
/// `"false"` for a box; empty for a button) to `s`, whose selected elements are `selection`.
/// `Err`: the reason the value is refused, `s` left as it was. Acts that do not edit the
/// design (open, delete, new) leave it alone: the inspector does them.
pub fn edit(s: &mut Scenario, selection: &[NodeId], act: &Act, value: &str) -> Result<(), Msg> {
    let on = value == "true";
    match act {
        Act::Name(id) => {
            if let Some(n) = s.nodes.iter_mut().find(|n| &n.id == id) {
                n.name = value.trim().to_string();
            }
        }
        Act::Cidr(id) => vpc::set_cidr(s, id, value)?,
        Act::PrivateIp(id) => ec2::set_private_ip(s, id, value)?,
        Act::SourceDestCheck(id) => ec2::set_source_dest_check(s, id, on),
        Act::Prop { path, item, row } => {
            let fields = props::fields(s, selection);
            let Some(field) = fields.iter().find(|f| f.path.join(".") == *path) else { return Ok(()) };
            let current: Vec<String> = field.text().split(',').filter(|x| !x.is_empty()).map(str::to_string).collect();
            let text = match (&field.kind, item, row) {
                (FieldKind::RefList(_), Some(item), _) => {
                    let mut next = current;
                    next.retain(|x| x != item);
                    if on {
                        next.push(item.clone());
                    }
                    next.join(",")
                }
                (FieldKind::TextList, _, Some(k)) => {
                    let mut next = current;
                    let v = value.trim().to_string();
                    if *k < next.len() {
                        next[*k] = v;
                    } else {
                        next.push(v);
                    }
                    next.retain(|x| !x.is_empty());
                    next.join(",")
                }
                (FieldKind::Bool, _, _) => (if on { "true" } else { "false" }).to_string(),
                _ => value.to_string(),
            };
            props::set(s, selection, field, &text)?;
        }
        Act::Route { table, index, field } => vpc::edit_route(s, table, *index, *field, value)?,
        Act::AddRoute(table) => vpc::add_route(s, table)?,
        Act::Sg { group, inbound, index, field } => vpc::edit_sg_rule(s, group, *inbound, *index, *field, value)?,
        Act::AddSgRule { group, inbound } => vpc::add_sg_rule(s, group, *inbound),
        Act::Acl { acl, inbound, index, field } => vpc::edit_acl_rule(s, acl, *inbound, *index, *field, value)?,
        Act::AddAclRule { acl, inbound } => vpc::add_acl_rule(s, acl, *inbound),
        Act::Associate { subnet, kind } => vpc::associate_picked(s, subnet, *kind, value),
        Act::AssociateBox { subnet, object, kind } => vpc::associate_box(s, subnet, object, *kind, on),
        Act::Users { index, field } => {
            let duration = s.simulation.duration_s;
            let Some(p) = s.traffic.get_mut(*index) else { return Ok(()) };
            users(p, field, value, duration)?;
        }
        Act::Goal(goal) => {
            let v = crate::state::goals::parse(goal, value)?;
            crate::state::goals::set(&mut s.goals, goal, v);
        }
        Act::Open(_) | Act::Delete(_) | Act::New { .. } => {}
    }
    Ok(())
}

/// A number typed in a field: finite and not negative, else refused with a reason.
pub fn parse_number(text: &str) -> Result<f64, Msg> {
    match crate::platform::number::parse_f64(&text.trim().replace(',', "")) {
        Some(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(engine::msg!("ui.field.not_non_negative", text = text.trim())),
    }
}

/// Set `field` of a population of users from the text `value`.
fn users(p: &mut ClientPopulation, field: &str, value: &str, duration_s: f64) -> Result<(), Msg> {
    match field {
        "name" => {
            let name = value.trim();
            if name.is_empty() {
                return Err(engine::msg!("ui.users.need_name"));
            }
            p.name = name.to_string();
        }
        "location" => {
            if let Ok(loc) = serde_json::from_value(serde_json::Value::String(value.to_string())) {
                p.location = loc;
            }
        }
        "target" if !value.is_empty() => p.target = NodeId(value.to_string()),
        "pattern" => p.rate = crate::ui::runui::reshape(&p.rate, value, duration_s),
        number => {
            let v = parse_number(value)?;
            match (number, &mut p.rate) {
                ("rps", RatePattern::Constant { rps }) => *rps = v,
                ("from", RatePattern::Ramp { from_rps, .. }) => *from_rps = v,
                ("to", RatePattern::Ramp { to_rps, .. }) => *to_rps = v,
                ("over", RatePattern::Ramp { over_s, .. }) => *over_s = v,
                ("base", RatePattern::Spike { base_rps, .. }) => *base_rps = v,
                ("peak", RatePattern::Spike { peak_rps, .. }) => *peak_rps = v,
                ("at", RatePattern::Spike { at_s, .. }) => *at_s = v,
                ("for", RatePattern::Spike { for_s, .. }) => *for_s = v,
                ("mean", RatePattern::Diurnal { mean_rps, .. }) => *mean_rps = v,
                ("amplitude", RatePattern::Diurnal { amplitude, .. }) => *amplitude = v.min(1.0),
                ("read", _) => p.mix.read = (v / 100.0).min(1.0),
                ("static", _) => p.mix.static_fraction = (v / 100.0).min(1.0),
                ("object-kib", _) => p.mix.object_kib = v,
                ("response-kib", _) => p.mix.response_kib = v,
                ("write-kib", _) => p.mix.write_kib = v,
                ("port", _) => p.port = v.clamp(1.0, 65_535.0) as u16,
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::inspector::vpc::association_value;
    use engine::model::{PortRange, Protocol, SgRule, Spec};
    use std::collections::HashMap;

    fn two_tier() -> Scenario {
        Scenario::from_json(include_str!("../../../../../scenarios/two-tier.json")).unwrap()
    }

    fn act(pairs: &[(&str, &str)]) -> Option<Act> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Act::read(|name| map.get(name).cloned())
    }

    fn sg_rules(s: &Scenario, id: &str) -> (Vec<SgRule>, Vec<SgRule>) {
        match &s.node(&id.into()).unwrap().spec {
            Spec::SecurityGroup { inbound, outbound, .. } => (inbound.clone(), outbound.clone()),
            _ => panic!("{id} is not a security group"),
        }
    }

    /// Every control the form writes is read back as the act it stands for, and attributes
    /// the form never writes do nothing.
    #[test]
    fn controls_are_read_from_their_attributes() {
        assert_eq!(act(&[("data-act", "name"), ("data-id", "vpc")]), Some(Act::Name("vpc".into())));
        assert_eq!(
            act(&[
                ("data-act", "sg"),
                ("data-id", "sg-web"),
                ("data-dir", "out"),
                ("data-i", "2"),
                ("data-f", "ports")
            ]),
            Some(Act::Sg { group: "sg-web".into(), inbound: false, index: 2, field: SgField::Ports })
        );
        assert_eq!(
            act(&[
                ("data-act", "associate-box"),
                ("data-id", "s1"),
                ("data-object", "rtb"),
                ("data-kind", "route-table")
            ]),
            Some(Act::AssociateBox { subnet: "s1".into(), object: "rtb".into(), kind: ObjectKind::RouteTable })
        );
        assert_eq!(
            act(&[("data-act", "prop"), ("data-path", "app.port"), ("data-row", "1")]),
            Some(Act::Prop { path: "app.port".into(), item: None, row: Some(1) })
        );
        for bad in [
            vec![
                ("data-act", "sg"),
                ("data-id", "sg-web"),
                ("data-dir", "sideways"),
                ("data-i", "0"),
                ("data-f", "ports"),
            ],
            vec![("data-act", "acl"), ("data-id", "a"), ("data-dir", "in"), ("data-i", "-1"), ("data-f", "num")],
            vec![("data-act", "route"), ("data-id", "r"), ("data-i", "0"), ("data-f", "explode")],
            vec![("data-act", "new"), ("data-id", "vpc"), ("data-kind", "bucket")],
            vec![("data-act", "javascript:alert(1)")],
            vec![("data-id", "vpc")],
        ] {
            assert_eq!(act(&bad), None, "{bad:?}");
        }
        assert!(Act::AddRoute("r".into()).on_click() && !Act::Name("x".into()).on_click());
    }

    /// Security group rules: ports read in both languages, a peer is a CIDR block or a group,
    /// a wrong value is refused with the design untouched (VPC User Guide, "Security group
    /// rules").
    #[test]
    fn security_group_rules_are_edited_and_bad_values_refused() {
        let mut s = two_tier();
        let (before, _) = sg_rules(&s, "sg-web");
        let ports = Act::Sg { group: "sg-web".into(), inbound: true, index: 0, field: SgField::Ports };
        edit(&mut s, &[], &ports, "전체").unwrap();
        assert_eq!(sg_rules(&s, "sg-web").0[0].ports, PortRange::ALL);
        let untouched = s.clone();
        let err = edit(&mut s, &[], &ports, "70000").unwrap_err();
        assert!(crate::i18n::builtin::ko(&err).contains("포트 범위"), "{err:?}");
        assert_eq!(s, untouched);
        let peer = Act::Sg { group: "sg-web".into(), inbound: true, index: 0, field: SgField::PeerKind };
        edit(&mut s, &[], &peer, "sg-alb").unwrap();
        let r = &sg_rules(&s, "sg-web").0[0];
        assert_eq!((r.cidr, r.group.clone()), (None, Some("sg-alb".into())));
        edit(&mut s, &[], &Act::AddSgRule { group: "sg-web".into(), inbound: false }, "").unwrap();
        let out = sg_rules(&s, "sg-web").1;
        assert_eq!(out.last().map(|r| (r.protocol, r.ports)), Some((Protocol::Tcp, PortRange::single(443))));
        let remove = Act::Sg { group: "sg-web".into(), inbound: true, index: 0, field: SgField::Remove };
        edit(&mut s, &[], &remove, "").unwrap();
        assert_eq!(sg_rules(&s, "sg-web").0.len(), before.len() - 1);
        // An index past the end (a stale form) changes nothing.
        let stale = Act::Sg { group: "sg-web".into(), inbound: true, index: 99, field: SgField::Remove };
        let at = s.clone();
        edit(&mut s, &[], &stale, "").unwrap();
        assert_eq!(s, at);
    }

    /// A network ACL rule number is 1 to 32766 (VPC User Guide, "Network ACL rules"); a new
    /// rule is numbered 100 after the highest.
    #[test]
    fn acl_rule_numbers_stay_in_awss_range() {
        let mut s = two_tier();
        let acl = s.nodes.iter().find(|n| matches!(n.spec, Spec::NetworkAcl { .. })).unwrap().id.clone();
        let number = Act::Acl { acl: acl.clone(), inbound: true, index: 0, field: AclField::Number };
        for bad in ["0", "32767", "x", ""] {
            assert!(edit(&mut s, &[], &number, bad).is_err(), "{bad}");
        }
        let rules = |s: &Scenario| match &s.node(&acl).unwrap().spec {
            Spec::NetworkAcl { inbound, .. } => inbound.clone(),
            _ => unreachable!(),
        };
        let highest = rules(&s).iter().map(|r| r.rule).max().unwrap_or(0);
        edit(&mut s, &[], &Act::AddAclRule { acl: acl.clone(), inbound: true }, "").unwrap();
        assert_eq!(rules(&s).last().map(|r| r.rule), Some((highest + 100).min(32766)));
    }

    /// Picking the main table or the default ACL clears the explicit association (AWS's
    /// implicit one); any other table is associated by id; unchecking falls back.
    #[test]
    fn picking_the_main_table_means_no_explicit_association() {
        let mut s = two_tier();
        assert_eq!(association_value(&s, &"rtb-main".into()), None);
        assert_eq!(association_value(&s, &"acl-default".into()), None);
        assert_eq!(association_value(&s, &"rtb-public".into()), Some("rtb-public".into()));
        let subnet: NodeId = "subnet-private-a".into();
        assert_eq!(engine::view::route_table_of(&s, &subnet), Some(&"rtb-main".into()));
        let pick = Act::Associate { subnet: subnet.clone(), kind: ObjectKind::RouteTable };
        edit(&mut s, &[], &pick, "rtb-public").unwrap();
        assert_eq!(engine::view::route_table_of(&s, &subnet), Some(&"rtb-public".into()));
        let uncheck =
            Act::AssociateBox { subnet: subnet.clone(), object: "rtb-public".into(), kind: ObjectKind::RouteTable };
        edit(&mut s, &[], &uncheck, "false").unwrap();
        assert_eq!(engine::view::route_table_of(&s, &subnet), Some(&"rtb-main".into()));
    }

    /// A route needs something to point at: in a VPC with none, adding one says what to add.
    #[test]
    fn a_route_is_added_only_where_it_can_point_somewhere() {
        let mut s = two_tier();
        let before = s.clone();
        s.nodes.retain(|n| {
            !matches!(
                n.spec,
                Spec::InternetGateway { .. }
                    | Spec::NatGateway { .. }
                    | Spec::VpcPeering { .. }
                    | Spec::VpnGateway { .. }
                    | Spec::Instance { .. }
            )
        });
        let stripped = s.clone();
        let err = edit(&mut s, &[], &Act::AddRoute("rtb-main".into()), "").unwrap_err();
        assert!(crate::i18n::builtin::en(&err).contains("nothing a route can point at"));
        assert_eq!(s, stripped);
        let mut s = before;
        edit(&mut s, &[], &Act::AddRoute("rtb-main".into()), "").unwrap();
        let dest = Act::Route { table: "rtb-main".into(), index: 0, field: RouteField::Destination };
        assert!(edit(&mut s, &[], &dest, "10.0.0.0/33").is_err());
        edit(&mut s, &[], &dest, " 192.168.0.0/16 ").unwrap();
        let Spec::RouteTable { routes, .. } = &s.node(&"rtb-main".into()).unwrap().spec else { unreachable!() };
        assert_eq!(routes[0].destination.to_string(), "192.168.0.0/16");
    }

    /// Users: the rate pattern's fields follow its shape, shares are percentages capped at
    /// 100 %, the port stays a port, a blank name and a negative rate are refused.
    #[test]
    fn users_settings_are_checked_and_kept_in_range() {
        let mut s = Scenario::from_json(include_str!("../../../../../scenarios/reference-web-app.json")).unwrap();
        let users = |f: &str| Act::Users { index: 0, field: f.into() };
        edit(&mut s, &[], &users("pattern"), "spike").unwrap();
        assert!(matches!(s.traffic[0].rate, RatePattern::Spike { .. }));
        edit(&mut s, &[], &users("peak"), "900").unwrap();
        assert!(matches!(s.traffic[0].rate, RatePattern::Spike { peak_rps, .. } if peak_rps == 900.0));
        edit(&mut s, &[], &users("read"), "250").unwrap();
        assert_eq!(s.traffic[0].mix.read, 1.0);
        edit(&mut s, &[], &users("port"), "99999").unwrap();
        assert_eq!(s.traffic[0].port, 65_535);
        let at = s.clone();
        assert!(edit(&mut s, &[], &users("name"), "  ").is_err());
        assert!(edit(&mut s, &[], &users("peak"), "-5").is_err());
        assert_eq!(s, at);
        // A stale form (users deleted meanwhile) changes nothing.
        edit(&mut s, &[], &Act::Users { index: 99, field: "name".into() }, "x").unwrap();
        assert_eq!(s, at);
    }

    #[test]
    fn typed_numbers_are_checked() {
        assert_eq!(parse_number(" 1,000 "), Ok(1000.0));
        assert!(parse_number("-1").is_err() && parse_number("lots").is_err() && parse_number("NaN").is_err());
    }

    /// Goals: a value is set, an empty field clears it, a wrong one is refused; a goal the
    /// document does not have is not an act at all.
    #[test]
    fn goals_are_set_cleared_and_checked() {
        let mut s = two_tier();
        let p99 = Act::Goal("p99_ms".into());
        edit(&mut s, &[], &p99, "250").unwrap();
        assert_eq!(crate::state::goals::get(&s.goals, "p99_ms"), Some(250.0));
        assert!(edit(&mut s, &[], &p99, "fast").is_err());
        edit(&mut s, &[], &p99, "").unwrap();
        assert_eq!(crate::state::goals::get(&s.goals, "p99_ms"), None);
        assert_eq!(act(&[("data-act", "goal"), ("data-f", "__proto__")]), None);
    }

    /// An instance's private address: empty means AWS assigns one; a wrong one is refused in
    /// both languages.
    #[test]
    fn private_addresses_are_ipv4_or_empty() {
        let mut s = two_tier();
        let id = s.nodes.iter().find(|n| matches!(n.spec, Spec::Instance { .. })).unwrap().id.clone();
        let ip = Act::PrivateIp(id.clone());
        let err = edit(&mut s, &[], &ip, "10.0.1.300").unwrap_err();
        assert!(crate::i18n::builtin::ko(&err).contains("IPv4"));
        edit(&mut s, &[], &ip, "10.0.1.10").unwrap();
        let private = |s: &Scenario| match &s.node(&id).unwrap().spec {
            Spec::Instance { private_ip, .. } => *private_ip,
            _ => unreachable!(),
        };
        assert_eq!(private(&s).map(|i| i.to_string()), Some("10.0.1.10".into()));
        edit(&mut s, &[], &ip, "  ").unwrap();
        assert_eq!(private(&s), None);
    }

    /// A property's list of references toggles one box at a time; a list of values edits,
    /// adds and (cleared) removes one row.
    #[test]
    fn list_properties_change_one_item_at_a_time() {
        let mut s = two_tier();
        let vpc: NodeId = s.nodes.iter().find(|n| matches!(n.spec, Spec::Vpc { .. })).unwrap().id.clone();
        let sel = [vpc.clone()];
        let row = |k| Act::Prop { path: "secondary_cidrs".into(), item: None, row: Some(k) };
        edit(&mut s, &sel, &row(0), "10.1.0.0/16").unwrap();
        edit(&mut s, &sel, &row(1), "10.2.0.0/16").unwrap();
        let secondary = |s: &Scenario| match &s.node(&vpc).unwrap().spec {
            Spec::Vpc { secondary_cidrs, .. } => secondary_cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            _ => unreachable!(),
        };
        assert_eq!(secondary(&s), ["10.1.0.0/16", "10.2.0.0/16"]);
        edit(&mut s, &sel, &row(0), "").unwrap();
        assert_eq!(secondary(&s), ["10.2.0.0/16"]);
    }
}
