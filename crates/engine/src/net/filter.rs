//! The three filters a packet meets in a VPC: route tables (longest prefix), network ACLs (stateless, numbered, first match) and security groups (stateful, allow-only).

use super::topology::{RouteEntry, RouteTarget};
use crate::cidr::Cidr;
use crate::model::{Action, NaclRule, NodeId, PortRange, Protocol, SgRule};

/// What a filter sees of a packet. Addresses are blocks: a /32 for a known address, a whole
/// subnet for a node whose address AWS picks (then a rule must cover all of it to allow it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Packet {
    pub protocol: Protocol,
    pub src: Cidr,
    pub dst: Cidr,
    pub src_ports: PortRange,
    pub dst_ports: PortRange,
}

impl Packet {
    /// The packet that answers this one: addresses and ports swapped.
    pub(crate) fn reversed(self) -> Packet {
        Packet {
            protocol: self.protocol,
            src: self.dst,
            dst: self.src,
            src_ports: self.dst_ports,
            dst_ports: self.src_ports,
        }
    }
}

/// Whether ports mean anything for this protocol (TCP and UDP) (aws-facts.md §5).
fn has_ports(p: Protocol) -> bool {
    matches!(p, Protocol::Tcp | Protocol::Udp)
}

fn protocol_matches(rule: Protocol, packet: Protocol) -> bool {
    rule == Protocol::All || rule == packet
}

/// The route the table uses for `dst`: the longest matching prefix wins; on equal prefixes an
/// explicit route wins over `local` (it can only be a middlebox route that replaced it), then
/// the first listed. Source: VPC User Guide, "Route priority" (aws-facts.md §5).
pub(crate) fn lookup<'r, 'a>(routes: &'r [RouteEntry<'a>], dst: Cidr) -> Option<&'r RouteEntry<'a>> {
    let mut best: Option<&RouteEntry> = None;
    for route in routes.iter().filter(|r| r.destination.contains_block(dst)) {
        let better = match best {
            None => true,
            Some(b) => {
                route.destination.prefix() > b.destination.prefix()
                    || (route.destination.prefix() == b.destination.prefix()
                        && b.target == RouteTarget::Local
                        && route.target != RouteTarget::Local)
            }
        };
        if better {
            best = Some(route);
        }
    }
    best
}

/// The decision of a network ACL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NaclVerdict {
    /// Every port of the packet's range is allowed; `rule` is the first allow rule that matched.
    Allow { rule: u16 },
    /// Some port is denied: by a numbered deny rule, or by the final `*` rule (`rule: None`).
    Deny { rule: Option<u16>, port: u16 },
}

/// Evaluates `rules` for `packet`, lowest rule number first, first match wins, `*` denies
/// the rest. Stateless: called separately for the request and the response. A port range
/// (the client's ephemeral ports) is allowed only if every port in it is. Source: VPC User
/// Guide, "Network ACLs" (aws-facts.md §5).
pub(crate) fn eval_nacl(rules: &[NaclRule], inbound: bool, packet: &Packet) -> NaclVerdict {
    let mut sorted: Vec<&NaclRule> = rules.iter().collect();
    crate::sort::sort_by_key(&mut sorted, |r| r.rule);
    let peer = if inbound { packet.src } else { packet.dst };
    let ports_apply = has_ports(packet.protocol);
    let mut open: Vec<PortRange> = vec![if ports_apply { packet.dst_ports } else { PortRange::ALL }];
    let mut first_allow = None;
    for rule in sorted {
        if !protocol_matches(rule.protocol, packet.protocol) {
            continue;
        }
        // An allow must cover every address the peer may have; a deny bites on any of them.
        let address_matches = match rule.action {
            Action::Allow => rule.cidr.contains_block(peer),
            Action::Deny => rule.cidr.overlaps(peer),
        };
        if !address_matches {
            continue;
        }
        let covered = if ports_apply && has_ports(rule.protocol) { rule.ports } else { PortRange::ALL };
        match rule.action {
            Action::Deny => {
                if let Some(port) = open.iter().filter_map(|r| intersect(*r, covered)).map(|r| r.from).min() {
                    return NaclVerdict::Deny { rule: Some(rule.rule), port };
                }
            }
            Action::Allow => {
                if open.iter().any(|r| intersect(*r, covered).is_some()) {
                    first_allow.get_or_insert(rule.rule);
                    open = open.into_iter().flat_map(|r| subtract(r, covered)).collect();
                }
                if open.is_empty() {
                    return NaclVerdict::Allow { rule: first_allow.unwrap_or(rule.rule) };
                }
            }
        }
    }
    NaclVerdict::Deny { rule: None, port: open.iter().map(|r| r.from).min().unwrap_or(0) }
}

fn intersect(a: PortRange, b: PortRange) -> Option<PortRange> {
    let from = a.from.max(b.from);
    let to = a.to.min(b.to);
    (from <= to).then_some(PortRange { from, to })
}

/// `a` less `b`: zero, one or two ranges.
fn subtract(a: PortRange, b: PortRange) -> Vec<PortRange> {
    if intersect(a, b).is_none() {
        return vec![a];
    }
    let mut out = Vec::new();
    if a.from < b.from {
        out.push(PortRange { from: a.from, to: b.from - 1 });
    }
    if a.to > b.to {
        out.push(PortRange { from: b.to + 1, to: a.to });
    }
    out
}

/// The peer of a security group check: its address, and the security groups of its ENI
/// when the packet still carries its identity (not across a NAT or the Internet).
#[derive(Clone, Copy, Debug)]
pub(crate) struct SgPeer<'a> {
    pub address: Cidr,
    /// `Some(groups)` when the peer is an ENI reached by its private address; `Some([])`
    /// means it uses its VPC's default security group.
    pub groups: Option<&'a [NodeId]>,
    /// The peer's VPC, for the default group's self-reference.
    pub vpc: Option<&'a NodeId>,
}

/// Whether one security group rule admits the packet from (inbound) or to (outbound) `peer`.
/// Security groups allow only; a rule names a CIDR block or another group whose members'
/// private addresses it admits. Source: VPC User Guide, "Security groups" (aws-facts.md §5).
pub(crate) fn sg_rule_matches(rule: &SgRule, packet: &Packet, peer: &SgPeer) -> bool {
    if !protocol_matches(rule.protocol, packet.protocol) {
        return false;
    }
    if has_ports(packet.protocol)
        && has_ports(rule.protocol)
        && !(rule.ports.from <= packet.dst_ports.from && packet.dst_ports.to <= rule.ports.to)
    {
        return false;
    }
    match (&rule.cidr, &rule.group) {
        (Some(block), _) => block.contains_block(peer.address),
        (None, Some(group)) => peer.groups.is_some_and(|groups| groups.contains(group)),
        (None, None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(number: u16, action: Action, protocol: Protocol, ports: &str, cidr: &str) -> NaclRule {
        NaclRule { rule: number, action, protocol, ports: ports.parse().unwrap(), cidr: cidr.parse().unwrap() }
    }

    fn tcp(src: &str, dst: &str, dst_ports: &str) -> Packet {
        Packet {
            protocol: Protocol::Tcp,
            src: src.parse().unwrap(),
            dst: dst.parse().unwrap(),
            src_ports: PortRange::ALL,
            dst_ports: dst_ports.parse().unwrap(),
        }
    }

    /// AWS rule: NACL rules are evaluated lowest number first and the first match wins, so a
    /// deny numbered below an allow wins, and vice versa; unmatched traffic meets `*` (deny).
    /// Source: VPC User Guide, "Network ACL rules" (aws-facts.md §5).
    #[test]
    fn nacl_lowest_number_first_match_wins() {
        use Action::*;
        let deny_first =
            [rule(200, Allow, Protocol::All, "all", "0.0.0.0/0"), rule(100, Deny, Protocol::Tcp, "22", "0.0.0.0/0")];
        let allow_first =
            [rule(90, Allow, Protocol::Tcp, "22", "0.0.0.0/0"), rule(100, Deny, Protocol::Tcp, "22", "0.0.0.0/0")];
        let table: [(&[NaclRule], &str, NaclVerdict); 5] = [
            (&deny_first, "22", NaclVerdict::Deny { rule: Some(100), port: 22 }),
            (&deny_first, "80", NaclVerdict::Allow { rule: 200 }),
            (&allow_first, "22", NaclVerdict::Allow { rule: 90 }),
            (&allow_first, "80", NaclVerdict::Deny { rule: None, port: 80 }),
            (&[], "80", NaclVerdict::Deny { rule: None, port: 80 }),
        ];
        for (rules, port, want) in table {
            assert_eq!(eval_nacl(rules, true, &tcp("1.2.3.4/32", "10.0.0.5/32", port)), want, "port {port}");
        }
    }

    /// AWS rule: responses go to the client's ephemeral ports, so the ACL must allow the whole
    /// range (1024-65535 covers every OS). A rule allowing only part leaves the rest to `*`.
    /// Source: VPC User Guide, "Ephemeral ports" (aws-facts.md §5).
    #[test]
    fn nacl_range_must_be_wholly_allowed() {
        use Action::*;
        let partial = [rule(100, Allow, Protocol::Tcp, "32768-61000", "0.0.0.0/0")];
        let two = [
            rule(100, Allow, Protocol::Tcp, "1024-40000", "0.0.0.0/0"),
            rule(110, Allow, Protocol::Tcp, "40001-65535", "0.0.0.0/0"),
        ];
        let table: [(&[NaclRule], &str, NaclVerdict); 3] = [
            (&partial, "32768-61000", NaclVerdict::Allow { rule: 100 }),
            (&partial, "1024-65535", NaclVerdict::Deny { rule: None, port: 1024 }),
            (&two, "1024-65535", NaclVerdict::Allow { rule: 100 }),
        ];
        for (rules, ports, want) in table {
            assert_eq!(eval_nacl(rules, false, &tcp("10.0.0.5/32", "1.2.3.4/32", ports)), want, "{ports}");
        }
    }

    /// A node whose address AWS picks (a load balancer node) is allowed only by a rule that
    /// covers its whole subnet, and denied by a rule that touches any of it.
    #[test]
    fn nacl_managed_node_address_is_its_subnet() {
        use Action::*;
        let packet = tcp("10.0.0.0/24", "10.0.10.10/32", "80");
        let narrow = [rule(100, Allow, Protocol::Tcp, "80", "10.0.0.0/25")];
        let wide = [rule(100, Allow, Protocol::Tcp, "80", "10.0.0.0/16")];
        let deny_half = [
            rule(50, Deny, Protocol::All, "all", "10.0.0.128/25"),
            rule(100, Allow, Protocol::All, "all", "0.0.0.0/0"),
        ];
        assert_eq!(eval_nacl(&narrow, true, &packet), NaclVerdict::Deny { rule: None, port: 80 });
        assert_eq!(eval_nacl(&wide, true, &packet), NaclVerdict::Allow { rule: 100 });
        assert_eq!(eval_nacl(&deny_half, true, &packet), NaclVerdict::Deny { rule: Some(50), port: 80 });
    }

    /// AWS rule: the longest matching prefix wins (VPC User Guide, "Route priority").
    #[test]
    fn longest_prefix_match() {
        let igw: NodeId = "igw".into();
        let pcx: NodeId = "pcx".into();
        let routes = [
            RouteEntry { destination: "10.0.0.0/16".parse().unwrap(), target: RouteTarget::Local },
            RouteEntry { destination: "0.0.0.0/0".parse().unwrap(), target: RouteTarget::Node(&igw) },
            RouteEntry { destination: "10.1.0.0/16".parse().unwrap(), target: RouteTarget::Node(&pcx) },
            RouteEntry { destination: "10.1.5.0/24".parse().unwrap(), target: RouteTarget::Node(&igw) },
        ];
        let table = [
            ("10.0.3.4/32", Some(RouteTarget::Local)),
            ("10.1.3.4/32", Some(RouteTarget::Node(&pcx))),
            ("10.1.5.4/32", Some(RouteTarget::Node(&igw))),
            ("8.8.8.8/32", Some(RouteTarget::Node(&igw))),
        ];
        for (dst, want) in table {
            assert_eq!(lookup(&routes, dst.parse().unwrap()).map(|r| r.target), want, "{dst}");
        }
        assert!(lookup(&routes[..1], "8.8.8.8/32".parse().unwrap()).is_none());
    }
}
