//! Finds the first client/server pair of ENIs that reaches, walking one pair per class of equivalent pairs instead of every pair (two load balancers with 1,000 nodes each are a million pairs).
//!
//! Two pairs are equivalent when the walk cannot tell them apart: it reads an ENI's kind,
//! VPC, effective route table and network ACL, security groups, source/destination check,
//! and compares its addresses only with blocks (rules, routes, VPC blocks, on-premises
//! networks, RFC 1918: `Topology::blocks`) by containment and overlap — so an address is
//! known by which of those blocks contain or overlap it. What else a walk compares between
//! two particular ENIs is kept per pair: whether client and server share a subnet (a
//! network ACL is not crossed) or a private block. An ENI whose identity can matter
//! beyond that (a NAT device or route target, an address another ENI also has) is a class
//! of its own, and an ENI in a subnet with a NAT device keeps its subnet in its class.
//! The answer is then exactly the pair walking every pair would find; the module's tests
//! check it against that on every built-in scenario.

use super::topology::Host;
use super::topology::{EniKind, Topology};
use crate::cidr::Cidr;
use crate::model::NodeId;
use std::collections::BTreeMap;

/// Below this many pairs, walking each pair is cheaper than classifying them.
pub(super) const MIN_PAIRS: usize = 16;

/// What the walk can see of one end.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Class<'a> {
    /// An ENI, by what the walk reads of it.
    Eni {
        kind: u8,
        vpc: &'a NodeId,
        route_table: Option<(&'a NodeId, bool)>,
        network_acl: Option<(&'a NodeId, bool)>,
        groups: Option<&'a [NodeId]>,
        source_dest_check: bool,
        private: Vec<u64>,
        public: Option<Vec<u64>>,
        subnet: Option<&'a NodeId>,
    },
    /// One of a kind: the position in its list.
    Alone(usize),
}

/// How `address` sits against each block, two bits per block (inside it, overlapping it),
/// packed: a hostile document with 100k rule blocks and two 1,000-node load balancers then
/// holds 25 KB per distinct class, not 100 KB.
fn signature(topo: &Topology<'_>, address: Cidr) -> Vec<u64> {
    let mut bits = vec![0u64; (2 * topo.blocks.len()).div_ceil(64)];
    for (k, b) in topo.blocks.iter().enumerate() {
        let two = u64::from(b.contains_block(address)) << 1 | u64::from(b.overlaps(address));
        bits[2 * k / 64] |= two << (2 * k % 64);
    }
    bits
}

fn class<'a>(topo: &Topology<'a>, host: Host<'a>, position: usize) -> Class<'a> {
    let Host::Eni(i) = host else { return Class::Alone(position) };
    let e = &topo.enis[i];
    let public = e.public.address().map(|ip| Cidr::new(ip, 32));
    let shared = topo.private_count.get(&e.private).is_some_and(|&n| n > 1)
        || topo.publics.contains(&e.private)
        || public.is_some_and(|p| topo.private_count.contains_key(&p));
    let Some(subnet) = topo.subnets.get(e.subnet) else { return Class::Alone(position) };
    if shared || e.kind == EniKind::NatGateway || topo.route_targets.contains(e.owner) {
        return Class::Alone(position);
    }
    Class::Eni {
        kind: e.kind as u8,
        vpc: e.vpc,
        route_table: topo.route_table(subnet).map(|t| (t.id, t.implicit)),
        network_acl: topo.network_acl(subnet).map(|a| (a.id, a.implicit)),
        groups: e.security_groups,
        source_dest_check: e.source_dest_check,
        private: signature(topo, e.private),
        public: public.map(|p| signature(topo, p)),
        subnet: topo.nat_subnets.contains(e.subnet).then_some(e.subnet),
    }
}

/// The subnet and private block of an ENI end (what pairs compare directly).
fn place<'a>(topo: &Topology<'a>, host: Host<'a>) -> Option<(&'a NodeId, Cidr)> {
    match host {
        Host::Eni(i) => Some((topo.enis[i].subnet, topo.enis[i].private)),
        _ => None,
    }
}

/// Numbers the distinct classes of `hosts` in order of first appearance.
fn classes<'a>(topo: &Topology<'a>, hosts: &[Host<'a>]) -> Vec<usize> {
    let mut ids: BTreeMap<Class<'a>, usize> = BTreeMap::new();
    hosts
        .iter()
        .enumerate()
        .map(|(p, &h)| {
            let next = ids.len();
            *ids.entry(class(topo, h, p)).or_insert(next)
        })
        .collect()
}

/// The first `(client, server)` positions, client-major, for which `reaches` holds, asking
/// it once per class of equivalent pairs.
pub(super) fn first_reachable<'a>(
    topo: &Topology<'a>,
    clients: &[Host<'a>],
    servers: &[Host<'a>],
    mut reaches: impl FnMut(usize, usize) -> bool,
) -> Option<(usize, usize)> {
    let client_class = classes(topo, clients);
    let server_class = classes(topo, servers);
    // The servers of each class, in order.
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (s, &c) in server_class.iter().enumerate() {
        if c == members.len() {
            members.push(Vec::new());
        }
        members[c].push(s);
    }
    let mut by_subnet: BTreeMap<&NodeId, Vec<usize>> = BTreeMap::new();
    let mut by_private: BTreeMap<Cidr, Vec<usize>> = BTreeMap::new();
    for (s, &h) in servers.iter().enumerate() {
        if let Some((subnet, private)) = place(topo, h) {
            by_subnet.entry(subnet).or_default().push(s);
            by_private.entry(private).or_default().push(s);
        }
    }
    let mut memo: BTreeMap<(usize, usize, bool, bool), bool> = BTreeMap::new();
    let mut ask = |c: usize, s: usize, same: (bool, bool)| {
        *memo.entry((client_class[c], server_class[s], same.0, same.1)).or_insert_with(|| reaches(c, s))
    };
    // A client whose class, subnet and block an earlier client had finds nothing either.
    let mut tried = std::collections::BTreeSet::new();
    for (c, &client) in clients.iter().enumerate() {
        let here = place(topo, client);
        if !tried.insert((client_class[c], here)) {
            continue;
        }
        // Servers this client shares a subnet or a block with: few, each asked as a pair.
        let mut near: Vec<usize> = Vec::new();
        if let Some((subnet, private)) = here {
            near.extend(by_subnet.get(subnet).into_iter().flatten());
            near.extend(by_private.get(&private).into_iter().flatten());
        }
        crate::sort::sort_by_key(&mut near, |&s| s);
        near.dedup();
        let mut best: Option<usize> = None;
        for &s in &near {
            let same = place(topo, servers[s]).map_or((false, false), |(sub, p)| {
                let (my_sub, my_p) = here.unwrap_or((sub, p));
                (sub == my_sub, p == my_p)
            });
            if best.is_none_or(|b| s < b) && ask(c, s, same) {
                best = Some(s);
            }
        }
        // Every other server: its class's first member that is not near.
        for list in &members {
            let Some(&s) = list.iter().find(|s| near.binary_search(s).is_err()) else { continue };
            if best.is_none_or(|b| s < b) && ask(c, s, (false, false)) {
                best = Some(s);
            }
        }
        if let Some(s) = best {
            return Some((c, s));
        }
    }
    None
}
