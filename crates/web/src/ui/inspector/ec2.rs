//! The EC2 room of the inspector: an instance's own part of the form (its type, subnet, private address, source/destination check and security groups) and the edits of its fields, so that the rest of the inspector need not name the kind.

use super::controls::field;
use crate::i18n::{tr, Key, Lang};
use crate::render::users;
use crate::ui::html::{when, W};
use engine::model::{NodeId, Scenario, Spec};
use engine::{Ipv4, Msg};

/// The selected element's own part of the form when it is an instance, with the fields of
/// the registry's property list it already shows; `None` for the other kinds.
pub fn body(w: &mut W, s: &Scenario, id: &NodeId, l: Lang) -> Option<&'static [&'static str]> {
    let Spec::Instance { instance_type, subnet, private_ip, security_groups, source_dest_check, .. } =
        &s.node(id)?.spec
    else {
        return None;
    };
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
    w.text(&security_groups.iter().map(|i| users::label(s, i)).collect::<Vec<_>>().join(", "));
    w.close("dd");
    w.close("dl");
    for sg in security_groups {
        super::vpc::sg_editor(w, s, sg, l);
    }
    Some(&["private_ip", "source_dest_check"])
}

fn instance_of<'a>(s: &'a mut Scenario, id: &NodeId) -> Option<&'a mut Spec> {
    s.nodes.iter_mut().find(|n| &n.id == id).map(|n| &mut n.spec)
}

/// An instance's private IPv4 address as typed (empty: AWS assigns one), or why not.
pub fn set_private_ip(s: &mut Scenario, id: &NodeId, value: &str) -> Result<(), Msg> {
    let v = value.trim();
    let parsed =
        if v.is_empty() { None } else { Some(v.parse::<Ipv4>().map_err(|_| engine::msg!("ui.ipv4.bad", text = v))?) };
    if let Some(Spec::Instance { private_ip, .. }) = instance_of(s, id) {
        *private_ip = parsed;
    }
    Ok(())
}

/// Turn an instance's source/destination check on or off.
pub fn set_source_dest_check(s: &mut Scenario, id: &NodeId, on: bool) {
    if let Some(Spec::Instance { source_dest_check, .. }) = instance_of(s, id) {
        *source_dest_check = on;
    }
}
