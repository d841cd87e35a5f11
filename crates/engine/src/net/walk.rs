//! The packet walk: the request from the client to the server, then the response back, hop by hop, through security groups, network ACLs, route tables and gateways.

use super::filter::{eval_nacl, lookup, sg_rule_matches, NaclVerdict, Packet, SgPeer};
use super::topology::{is_rfc1918, EniKind, Host, RouteEntry, RouteTarget, Topology};
use super::{
    ComponentKind, Direction, Flow, Hop, Leg, Reachability, Rule, ANY_EPHEMERAL, INTERNET_CLIENT, LINUX_EPHEMERAL,
};
use crate::cidr::{Cidr, Ipv4};
use crate::model::{Action, NodeId, PortRange, Protocol, Spec};
use crate::msg::Msg;

/// A router hop budget: a path longer than this is a routing loop (Reachability Analyzer
/// gives up after 64 hops; no sane VPC path needs more than a handful of routers).
const MAX_ROUTERS: u32 = 16;

/// A packet on its way, with what AWS knows about it.
#[derive(Clone, Copy, Debug)]
struct InFlight<'a> {
    pkt: Packet,
    /// The ENI whose identity the packet carries (security group references match on it);
    /// lost across the Internet, kept across peering, replaced by a NAT device.
    src_eni: Option<usize>,
    /// Sent to the destination's public address (it must come in through an Internet gateway).
    dst_public: bool,
    /// The source address is an ENI's public address (an Internet gateway translated it).
    src_public: bool,
    dst_host: Host<'a>,
}

/// A NAT device's translation, undone for the response (NAT is stateful).
#[derive(Clone, Copy, Debug)]
struct Translation<'a> {
    device: usize,
    src: Cidr,
    src_ports: PortRange,
    src_public: bool,
    host: Host<'a>,
}

enum State<'a> {
    Send(Host<'a>),
    Deliver { eni: usize, from_subnet: Option<&'a NodeId> },
    IgwIngress(usize),
    Arrived,
}

/// Where and why the packet was dropped.
struct Blocked {
    at: Hop,
    code: &'static str,
    explanation: Msg,
}

type Step<T> = Result<T, Box<Blocked>>;

struct Walker<'t, 'a> {
    topo: &'t Topology<'a>,
    internet: NodeId,
    leg: Leg,
    hops: Vec<Hop>,
    nat: Vec<Translation<'a>>,
    routers: u32,
}

/// Whether `from` reaches `to`: every client ENI with every server ENI, client-major, the
/// first pair that gets through is the answer, else the first pair's failure. Pairs are
/// walked once per equivalence class (net::fanout), so two load balancers with a thousand
/// nodes each cost a few walks, not a million; `walks` counts the walks made.
pub(super) fn reach(topo: &Topology<'_>, from: &NodeId, to: &NodeId, flow: Flow, walks: &mut u64) -> Reachability {
    reach_with(topo, from, to, flow, walks, super::fanout::MIN_PAIRS)
}

/// `reach`, grouping pairs into classes once there are at least `min_pairs` of them (the
/// tests force it with 2 to compare against walking every pair).
pub(super) fn reach_with(
    topo: &Topology<'_>,
    from: &NodeId,
    to: &NodeId,
    flow: Flow,
    walks: &mut u64,
    min_pairs: usize,
) -> Reachability {
    let internet = [from, to]
        .into_iter()
        .find(|id| matches!(topo.spec(id), Some(Spec::Internet {})))
        .or(topo.internet)
        .cloned()
        .unwrap_or_else(|| NodeId::from("internet"));
    let (clients, servers) = (hosts(topo, from), hosts(topo, to));
    for (id, list) in [(from, &clients), (to, &servers)] {
        if list.is_empty() {
            return unassociated(topo, id);
        }
    }
    let walk = |client: Host<'_>, server: Host<'_>, walks: &mut u64| {
        *walks += 1;
        let mut w = Walker {
            topo,
            internet: internet.clone(),
            leg: Leg::Request,
            hops: Vec::new(),
            nat: Vec::new(),
            routers: 0,
        };
        match w.attempt(client, server, flow) {
            Ok(()) => Reachability::Reachable { path: w.hops },
            Err(b) => {
                let b = *b;
                Reachability::NotReachable {
                    path: w.hops,
                    blocked_at: b.at,
                    code: b.code.to_string(),
                    explanation: b.explanation,
                }
            }
        }
    };
    // The first pair: its failure is the answer when no pair gets through.
    let first = walk(clients[0], servers[0], walks);
    if first.is_reachable() || clients.len() * servers.len() == 1 {
        return first;
    }
    let found = if clients.len() * servers.len() < min_pairs {
        let mut found = None;
        'pairs: for (ci, &client) in clients.iter().enumerate() {
            for (si, &server) in servers.iter().enumerate() {
                if (ci, si) != (0, 0) && walk(client, server, walks).is_reachable() {
                    found = Some((ci, si));
                    break 'pairs;
                }
            }
        }
        found
    } else {
        super::fanout::first_reachable(topo, &clients, &servers, |c, s| {
            (c, s) != (0, 0) && walk(clients[c], servers[s], walks).is_reachable()
        })
    };
    match found {
        Some((c, s)) => walk(clients[c], servers[s], walks),
        None => first,
    }
}

/// The places a node sends from or receives at.
pub(super) fn hosts<'a>(topo: &Topology<'a>, id: &NodeId) -> Vec<Host<'a>> {
    match topo.node(id) {
        Some(n) => match &n.spec {
            Spec::Internet {} => vec![Host::Internet],
            Spec::OnPremises { cidr } => vec![Host::OnPrem(&n.id, *cidr)],
            _ => topo.enis_of(id).iter().copied().map(Host::Eni).collect(),
        },
        None => Vec::new(),
    }
}

/// What a route to `spec` goes through when it is a node that forwards packets itself: a NAT
/// gateway, or one instance (a NAT instance), by their interfaces.
fn forwarder(spec: &Spec) -> Option<ComponentKind> {
    match spec.interfaces()? {
        i if i.kind == EniKind::NatGateway => Some(ComponentKind::NatGateway),
        i if i.kind == EniKind::Instance && i.one_host => Some(ComponentKind::NatInstance),
        _ => None,
    }
}

fn unassociated(topo: &Topology, id: &NodeId) -> Reachability {
    let kind = match topo.spec(id).and_then(Spec::interfaces).map(|i| i.kind) {
        Some(EniKind::LoadBalancer) => ComponentKind::LoadBalancer,
        _ => ComponentKind::Instance,
    };
    Reachability::NotReachable {
        path: Vec::new(),
        blocked_at: Hop {
            component: id.clone(),
            kind,
            direction: Direction::Outbound,
            leg: Leg::Request,
            implicit: false,
            rule: None,
            detail: msg!("walk.no_network_interface"),
        },
        code: "UNASSOCIATED_COMPONENT".into(),
        explanation: msg!("walk.no_network_interface_existing", id = id),
    }
}

fn show(block: Cidr) -> String {
    if block.prefix() == 32 {
        block.network().to_string()
    } else {
        format!("{block}")
    }
}

fn show_packet(p: &Packet) -> String {
    match p.protocol {
        Protocol::Tcp | Protocol::Udp => {
            let proto = if p.protocol == Protocol::Tcp { "tcp" } else { "udp" };
            format!("{proto} {}:{} → {}:{}", show(p.src), p.src_ports, show(p.dst), p.dst_ports)
        }
        _ => format!("icmp {} → {}", show(p.src), show(p.dst)),
    }
}

fn host32(ip: Ipv4) -> Cidr {
    Cidr::new(ip, 32)
}

/// The address that stands for an on-premises network: its first host address.
fn on_prem_host(block: Cidr) -> Cidr {
    host32(block.nth(1).unwrap_or(block.network()))
}

impl<'t, 'a> Walker<'t, 'a> {
    fn hop(&self, component: &NodeId, kind: ComponentKind, direction: Direction, detail: Msg) -> Hop {
        Hop { component: component.clone(), kind, direction, leg: self.leg, implicit: false, rule: None, detail }
    }

    fn push(&mut self, hop: Hop) {
        self.hops.push(hop);
    }

    fn eni_kind(&self, i: usize) -> ComponentKind {
        match self.topo.enis[i].kind {
            EniKind::Instance => ComponentKind::Instance,
            EniKind::LoadBalancer => ComponentKind::LoadBalancer,
            EniKind::NatGateway => ComponentKind::NatGateway,
            EniKind::Database => ComponentKind::RdsInstance,
        }
    }

    fn host_hop(&self, host: Host<'a>, direction: Direction, detail: Msg) -> Hop {
        match host {
            Host::Eni(i) => self.hop(self.topo.enis[i].owner, self.eni_kind(i), direction, detail),
            Host::Internet => self.hop(&self.internet.clone(), ComponentKind::Internet, direction, detail),
            Host::OnPrem(id, _) => self.hop(id, ComponentKind::OnPremises, direction, detail),
        }
    }

    fn attempt(&mut self, client: Host<'a>, server: Host<'a>, flow: Flow) -> Step<()> {
        let topo = self.topo;
        let client_addr = match client {
            Host::Eni(i) => topo.enis[i].private,
            Host::Internet => host32(INTERNET_CLIENT),
            Host::OnPrem(_, block) => on_prem_host(block),
        };
        let (dst, dst_public) = match server {
            Host::Eni(j) => {
                let e = &topo.enis[j];
                let private_path = match client {
                    Host::Eni(i) => topo.enis[i].vpc == e.vpc || self.peered(topo.enis[i].vpc, e.vpc),
                    Host::OnPrem(..) => true,
                    Host::Internet => false,
                };
                match (private_path, e.public.address()) {
                    (false, Some(public)) => (host32(public), true),
                    (false, None) => (e.private, client == Host::Internet),
                    (true, _) => (e.private, false),
                }
            }
            Host::Internet => (host32(INTERNET_CLIENT), false),
            Host::OnPrem(_, block) => (on_prem_host(block), false),
        };
        let default_ports = match client {
            Host::Eni(i) if topo.enis[i].kind == EniKind::Instance => LINUX_EPHEMERAL,
            _ => ANY_EPHEMERAL,
        };
        let ports_apply = matches!(flow.protocol, Protocol::Tcp | Protocol::Udp);
        let pkt = Packet {
            protocol: flow.protocol,
            src: client_addr,
            dst,
            src_ports: if ports_apply { flow.client_ports.unwrap_or(default_ports) } else { PortRange::ALL },
            dst_ports: if ports_apply { PortRange::single(flow.port) } else { PortRange::ALL },
        };
        let src_eni = match client {
            Host::Eni(i) => Some(i),
            _ => None,
        };
        let mut f = InFlight { pkt, src_eni, dst_public, src_public: false, dst_host: server };
        let start =
            self.host_hop(client, Direction::Outbound, msg!("walk.sends", show_packet_pkt = show_packet(&f.pkt)));
        self.push(start);
        self.run(client, &mut f)?;

        // The response: from what the server saw back to what it saw as the client. A NAT
        // device in between receives it and undoes its translation.
        self.leg = Leg::Response;
        let mut back = InFlight {
            pkt: f.pkt.reversed(),
            src_eni: match server {
                Host::Eni(j) => Some(j),
                _ => None,
            },
            dst_public: f.src_public,
            src_public: false,
            dst_host: self.nat.last().map_or(client, |t| Host::Eni(t.device)),
        };
        let answer =
            self.host_hop(server, Direction::Outbound, msg!("walk.responds", back_pkt = show_packet(&back.pkt)));
        self.push(answer);
        self.run(server, &mut back)
    }

    fn peered(&self, a: &NodeId, b: &NodeId) -> bool {
        self.topo.peerings.contains(&(a, b))
    }

    fn run(&mut self, from: Host<'a>, f: &mut InFlight<'a>) -> Step<()> {
        let mut state = State::Send(from);
        loop {
            state = match state {
                State::Send(host) => {
                    self.routers += 1;
                    if self.routers > MAX_ROUTERS {
                        return Err(self.routing_loop(host));
                    }
                    match host {
                        Host::Eni(i) => self.leave_eni(i, f)?,
                        Host::Internet => self.enter_from_internet(f)?,
                        Host::OnPrem(id, _) => self.enter_from_on_prem(id, f)?,
                    }
                }
                State::Deliver { eni, from_subnet } => self.deliver(eni, from_subnet, f)?,
                State::IgwIngress(eni) => self.igw_ingress(eni, f)?,
                State::Arrived => return Ok(()),
            }
        }
    }

    fn routing_loop(&self, host: Host<'a>) -> Box<Blocked> {
        Box::new(Blocked {
            at: self.host_hop(host, Direction::Outbound, msg!("walk.routing_loop")),
            code: "NO_PATH",
            explanation: msg!("walk.packet_goes_round_circles"),
        })
    }

    // ---- security groups -------------------------------------------------------------

    /// Security groups of ENI `i` for the packet going in or out. Stateful: the response leg
    /// passes by connection tracking. Allow-only: no rule, no traffic.
    /// Source: VPC User Guide, "Security groups" (aws-facts.md §5).
    fn security_groups(&mut self, i: usize, inbound: bool, f: &InFlight<'a>) -> Step<()> {
        let topo = self.topo;
        let e = &topo.enis[i];
        let Some(groups) = e.security_groups else { return Ok(()) };
        let direction = if inbound { Direction::Inbound } else { Direction::Outbound };
        let (component, implicit) = match groups.first() {
            Some(g) => (g, false),
            None => (e.vpc, true),
        };
        if self.leg == Leg::Response {
            let mut hop = self.hop(
                component,
                ComponentKind::SecurityGroup,
                direction,
                msg!("walk.return_traffic_allowed_connection"),
            );
            hop.implicit = implicit;
            hop.rule = Some(Rule::ConnectionTracking);
            self.push(hop);
            return Ok(());
        }
        let peer = if inbound {
            let groups = f.src_eni.and_then(|k| topo.enis[k].security_groups);
            SgPeer { address: f.pkt.src, groups, vpc: f.src_eni.map(|k| topo.enis[k].vpc) }
        } else {
            let target = match f.dst_host {
                Host::Eni(j) if !f.dst_public && topo.enis[j].private == f.pkt.dst => Some(j),
                _ => None,
            };
            SgPeer {
                address: f.pkt.dst,
                groups: target.and_then(|j| topo.enis[j].security_groups),
                vpc: target.map(|j| topo.enis[j].vpc),
            }
        };
        let what = show_packet(&f.pkt);
        if groups.is_empty() {
            // The default security group: inbound from its own members, all outbound
            // (VPC User Guide, "Default security groups").
            let allowed = !inbound || (peer.groups.is_some_and(<[NodeId]>::is_empty) && peer.vpc == Some(e.vpc));
            let mut hop = self.hop(
                e.vpc,
                ComponentKind::SecurityGroup,
                direction,
                msg!("walk.default_security_group", what = what),
            );
            hop.implicit = true;
            if allowed {
                hop.rule = Some(Rule::DefaultSecurityGroup);
                self.push(hop);
                return Ok(());
            }
            return Err(Box::new(Blocked {
                at: hop,
                code: "ENI_SG_RULES_MISMATCH",
                explanation: msg!("walk.uses_vpc_default_security", e_owner = e.owner, what = what),
            }));
        }
        let mut any_rules = false;
        for group in groups {
            let Some(Spec::SecurityGroup { inbound: rin, outbound: rout, .. }) = topo.spec(group) else { continue };
            let rules = if inbound { rin } else { rout };
            any_rules |= !rules.is_empty();
            if let Some((index, rule)) = rules.iter().enumerate().find(|(_, r)| sg_rule_matches(r, &f.pkt, &peer)) {
                let peer_text = match (&rule.cidr, &rule.group) {
                    (Some(c), _) => c.to_string(),
                    (None, Some(g)) => g.to_string(),
                    (None, None) => String::new(),
                };
                let traffic = traffic(rule.protocol, rule.ports);
                let mut hop = self.hop(
                    group,
                    ComponentKind::SecurityGroup,
                    direction,
                    if inbound {
                        msg!("walk.rule_allows_from", index = index, traffic = traffic, peer_text = peer_text)
                    } else {
                        msg!("walk.rule_allows", index = index, traffic = traffic, peer_text = peer_text)
                    },
                );
                hop.rule = Some(Rule::SecurityGroupRule {
                    index,
                    protocol: rule.protocol,
                    ports: rule.ports,
                    peer: peer_text,
                });
                self.push(hop);
                return Ok(());
            }
        }
        let at = self.hop(component, ComponentKind::SecurityGroup, direction, msg!("walk.no_rule_allows", what = what));
        let dir = direction_word(inbound);
        let via = if peer.groups.is_none() && inbound {
            msg!("walk.rule_naming_security_group")
        } else {
            msg!("common.empty")
        };
        Err(Box::new(Blocked {
            at,
            code: if any_rules { "ENI_SG_RULES_MISMATCH" } else { "SG_HAS_NO_RULES" },
            explanation: msg!("walk.no_rule_security_groups", dir = dir, e_owner = e.owner, what = what, via = via),
        }))
    }

    // ---- network ACLs ---------------------------------------------------------------

    /// The network ACL of `subnet` for a packet crossing its boundary. Stateless: checked on
    /// the response leg too. Source: VPC User Guide, "Network ACLs" (aws-facts.md §5).
    fn network_acl(&mut self, subnet: &'a NodeId, inbound: bool, f: &InFlight<'a>) -> Step<()> {
        let topo = self.topo;
        let Some(acl) = topo.subnets.get(subnet).and_then(|s| topo.network_acl(s)) else { return Ok(()) };
        let rules = if inbound { acl.inbound } else { acl.outbound };
        let direction = if inbound { Direction::Inbound } else { Direction::Outbound };
        let what = show_packet(&f.pkt);
        let verdict = eval_nacl(rules, inbound, &f.pkt);
        let mut hop = self.hop(acl.id, ComponentKind::NetworkAcl, direction, Msg::default());
        hop.implicit = acl.implicit;
        match verdict {
            NaclVerdict::Allow { rule } => {
                hop.detail = if acl.implicit {
                    msg!("walk.subnet_rule_allows_default", subnet = subnet, rule = rule, what = what)
                } else {
                    msg!("walk.subnet_rule_allows", subnet = subnet, rule = rule, what = what)
                };
                hop.rule = Some(Rule::NetworkAclRule { number: Some(rule), action: Action::Allow });
                self.push(hop);
                Ok(())
            }
            NaclVerdict::Deny { rule, port } => {
                let by = match rule {
                    None => msg!("walk.final_rule"),
                    Some(n) => msg!("walk.rule", n = n),
                };
                hop.detail = msg!("walk.subnet_denies", subnet = subnet, by = by, what = what);
                hop.rule = Some(Rule::NetworkAclRule { number: rule, action: Action::Deny });
                let dir = direction_word(inbound);
                let ports_apply = matches!(f.pkt.protocol, Protocol::Tcp | Protocol::Udp);
                let at_port = if ports_apply { msg!("walk.port", port = port) } else { msg!("common.empty") };
                let why = match (self.leg, rule) {
                    (Leg::Response, _) => {
                        msg!("walk.response_sent_client_ephemeral", pkt_dst_ports = f.pkt.dst_ports, dir = dir)
                    }
                    (Leg::Request, None) => msg!("walk.no_rule_matches_so", dir = dir),
                    (Leg::Request, Some(_)) => msg!("walk.rules_evaluated_lowest_number"),
                };
                Err(Box::new(Blocked {
                    at: hop,
                    code: "SUBNET_ACL_RESTRICTION",
                    explanation: msg!(
                        "walk.network_acl_subnet_denies",
                        acl_id = acl.id,
                        subnet = subnet,
                        dir = dir,
                        what = what,
                        at_port = at_port,
                        by = by,
                        why = why
                    ),
                }))
            }
        }
    }

    // ---- leaving an ENI: security group, route table, then the route's target ---------

    fn leave_eni(&mut self, i: usize, f: &mut InFlight<'a>) -> Step<State<'a>> {
        let topo = self.topo;
        let e = &topo.enis[i];
        self.security_groups(i, false, f)?;
        let Some(subnet) = topo.subnets.get(e.subnet) else { return Err(self.no_subnet(i)) };
        let Some(table) = topo.route_table(subnet) else { return Err(self.no_subnet(i)) };
        let route_hop = |w: &Self, r: Option<&RouteEntry>| {
            let mut hop = w.hop(table.id, ComponentKind::RouteTable, Direction::Outbound, Msg::default());
            hop.implicit = table.implicit;
            if let Some(r) = r {
                let target = match r.target {
                    RouteTarget::Local => "local".to_string(),
                    RouteTarget::Node(id) => id.to_string(),
                };
                hop.detail = msg!(
                    "walk.subnet_matches_route",
                    e_subnet = e.subnet,
                    pkt_dst = show(f.pkt.dst),
                    r_destination = r.destination,
                    target = target
                );
                hop.rule = Some(Rule::Route { destination: r.destination, target });
            }
            hop
        };
        let Some(route) = lookup(&table.routes, f.pkt.dst).copied() else {
            let mut at = route_hop(self, None);
            at.detail = msg!("walk.subnet_no_route", e_subnet = e.subnet, pkt_dst = show(f.pkt.dst));
            let advice = self.missing_route_advice(f);
            return Err(Box::new(Blocked {
                at,
                code: "NO_ROUTE_TO_DESTINATION",
                explanation: msg!(
                    "walk.route_table_subnet_no",
                    e_subnet = e.subnet,
                    pkt_dst = show(f.pkt.dst),
                    advice = advice
                ),
            }));
        };
        let hop = route_hop(self, Some(&route));
        match route.target {
            RouteTarget::Local => {
                let Some(j) = self.eni_at(e.vpc, f.pkt.dst, f.dst_host) else {
                    self.push(hop);
                    return Err(self.nobody_there(e.vpc, f));
                };
                if topo.enis[j].subnet != e.subnet {
                    self.network_acl(e.subnet, false, f)?;
                }
                self.push(hop);
                Ok(State::Deliver { eni: j, from_subnet: Some(e.subnet) })
            }
            RouteTarget::Node(target) => self.route_to_node(i, target, hop, f),
        }
    }

    fn route_to_node(&mut self, i: usize, target: &'a NodeId, route_hop: Hop, f: &mut InFlight<'a>) -> Step<State<'a>> {
        let topo = self.topo;
        let e = &topo.enis[i];
        match topo.spec(target) {
            Some(Spec::InternetGateway { vpc }) => {
                if vpc.as_ref() != Some(e.vpc) {
                    self.push(route_hop);
                    return Err(self.bad_attachment(target, ComponentKind::InternetGateway, e.vpc));
                }
                self.network_acl(e.subnet, false, f)?;
                self.push(route_hop);
                self.igw_egress(i, target, f)
            }
            // A route through a NAT gateway, or through an instance (a NAT instance).
            Some(spec) if let Some(kind) = forwarder(spec) => {
                let nat = topo.enis_of(target).first().copied();
                self.through_nat(i, target, nat, kind, route_hop, f)
            }
            Some(Spec::VpcPeering { requester, accepter }) => {
                self.through_peering(i, target, requester, accepter, route_hop, f)
            }
            Some(Spec::VpnGateway { vpc }) => {
                if vpc.as_ref() != Some(e.vpc) {
                    self.push(route_hop);
                    return Err(self.bad_attachment(target, ComponentKind::VpnGateway, e.vpc));
                }
                self.network_acl(e.subnet, false, f)?;
                self.push(route_hop);
                self.vgw_egress(i, target, f)
            }
            other => {
                let what = other.map_or("nothing", |s| s.kind().name());
                Err(Box::new(Blocked {
                    at: route_hop,
                    code: "BAD_STATE_ROUTE",
                    explanation: msg!("walk.route_sends_traffic_which", target = target, what = what),
                }))
            }
        }
    }

    /// Through an Internet gateway to the Internet. The IGW translates the ENI's private
    /// address to its public one, and refuses traffic from an ENI without one, or to a private
    /// address. Source: VPC User Guide, "Internet gateways"; Reachability Analyzer codes.
    fn igw_egress(&mut self, i: usize, igw: &'a NodeId, f: &mut InFlight<'a>) -> Step<State<'a>> {
        let e = &self.topo.enis[i];
        let mut hop = self.hop(igw, ComponentKind::InternetGateway, Direction::Outbound, Msg::default());
        if is_rfc1918(f.pkt.dst) {
            hop.detail = msg!("walk.refuses_private_destination", pkt_dst = show(f.pkt.dst));
            return Err(Box::new(Blocked {
                at: hop,
                code: "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS",
                explanation: msg!("walk.route_sends_internet_gateway", pkt_dst = show(f.pkt.dst), igw = igw),
            }));
        }
        let public = e.public.address().filter(|_| f.pkt.src == e.private);
        let Some(public) = public else {
            hop.detail = msg!("walk.no_public_ipv4_address", e_owner = e.owner);
            let fix = if e.kind == EniKind::NatGateway {
                msg!("walk.nat_gateway_no_elastic")
            } else {
                msg!("walk.give_public_ipv4_address")
            };
            return Err(Box::new(Blocked {
                at: hop,
                code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
                explanation: msg!("walk.sends_through_internet_gateway", e_owner = e.owner, igw = igw, fix = fix),
            }));
        };
        hop.detail = msg!("walk.translates_source_public", pkt_src = show(f.pkt.src), public = public);
        self.push(hop);
        f.pkt.src = host32(public);
        f.src_public = true;
        f.src_eni = None;
        match f.dst_host {
            Host::Internet => {
                let hop = self.host_hop(Host::Internet, Direction::Inbound, msg!("walk.delivered"));
                self.push(hop);
                Ok(State::Arrived)
            }
            Host::Eni(j) => Ok(State::IgwIngress(j)),
            Host::OnPrem(id, _) => Err(self.on_prem_over_internet(id)),
        }
    }

    fn on_prem_over_internet(&self, id: &NodeId) -> Box<Blocked> {
        Box::new(Blocked {
            at: self.hop(id, ComponentKind::OnPremises, Direction::Inbound, msg!("walk.not_reachable_from_internet")),
            code: "NO_PATH",
            explanation: msg!("walk.private_network_reached_over", id = id),
        })
    }

    /// From the Internet into a VPC: only to an ENI's public address, through the VPC's
    /// Internet gateway, which translates it to the private address.
    fn igw_ingress(&mut self, j: usize, f: &mut InFlight<'a>) -> Step<State<'a>> {
        let topo = self.topo;
        let e = &topo.enis[j];
        let Some(igw) = topo.vpcs.get(e.vpc).and_then(|v| v.internet_gateway) else {
            return Err(Box::new(Blocked {
                at: self.hop(e.vpc, ComponentKind::Vpc, Direction::Inbound, msg!("walk.no_internet_gateway")),
                code: "NO_PATH",
                explanation: msg!("walk.vpc_no_internet_gateway", e_vpc = e.vpc),
            }));
        };
        let mut hop = self.hop(igw, ComponentKind::InternetGateway, Direction::Inbound, Msg::default());
        let public = e.public.address().filter(|_| f.dst_public);
        let Some(public) = public else {
            hop.detail = msg!("walk.no_public_ipv4_address", e_owner = e.owner);
            let targets: Vec<&NodeId> =
                topo.index.values().filter(|n| n.spec.targets().contains(e.owner)).map(|n| &n.id).collect();
            let hint = match (e.kind, targets.first()) {
                (EniKind::LoadBalancer, _) => msg!("walk.internal_load_balancer_only"),
                (_, Some(lb)) => msg!("walk.target_load_balancer_users", lb = lb, e_owner = e.owner),
                _ => msg!("walk.give_public_ipv4_address_2"),
            };
            return Err(Box::new(Blocked {
                at: hop,
                code: "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                explanation: msg!("walk.no_public_ipv4_address_2", e_owner = e.owner, hint = hint),
            }));
        };
        hop.detail = msg!("walk.translates_destination", public = public, e_private = show(e.private));
        self.push(hop);
        f.pkt.dst = e.private;
        f.dst_public = false;
        Ok(State::Deliver { eni: j, from_subnet: None })
    }

    /// Through a NAT gateway or NAT instance: it replaces the source with its own address
    /// (a NAT gateway also remaps the source port to 1024-65535) and forwards from its own
    /// subnet. A NAT gateway serves only ENIs of its own VPC; a NAT instance needs
    /// source/destination check off. Sources: VPC User Guide, "NAT gateways", "NAT
    /// instances" (aws-facts.md §5).
    fn through_nat(
        &mut self,
        i: usize,
        target: &'a NodeId,
        nat: Option<usize>,
        kind: ComponentKind,
        route_hop: Hop,
        f: &mut InFlight<'a>,
    ) -> Step<State<'a>> {
        let topo = self.topo;
        let e = &topo.enis[i];
        let Some(k) = nat.filter(|&k| topo.enis[k].vpc == e.vpc) else {
            return Err(Box::new(Blocked {
                at: route_hop,
                code: "BAD_STATE_ROUTE",
                explanation: msg!("walk.route_points_at_which", target = target, e_vpc = e.vpc),
            }));
        };
        if self.leg == Leg::Response {
            return Err(Box::new(Blocked {
                at: route_hop,
                code: "Stratus.Route.AsymmetricReturn",
                explanation: msg!("walk.response_would_leave_through", target = target),
            }));
        }
        let n = &topo.enis[k];
        let crossing = n.subnet != e.subnet;
        if crossing {
            self.network_acl(e.subnet, false, f)?;
        }
        self.push(route_hop);
        let vpc_contains_src = topo.vpcs.get(e.vpc).is_some_and(|v| v.contains(f.pkt.src));
        let src_in_vpc = f.src_eni.is_some_and(|s| topo.enis[s].vpc == e.vpc) && vpc_contains_src;
        if kind == ComponentKind::NatGateway && !src_in_vpc {
            return Err(Box::new(Blocked {
                at: self.hop(target, kind, Direction::Inbound, msg!("walk.source_not_vpc")),
                code: "NGW_REQUIRES_SOURCE_IN_VPC",
                explanation: msg!("walk.nat_gateway_only_translates", target = target),
            }));
        }
        if crossing {
            self.network_acl(n.subnet, true, f)?;
        }
        if kind == ComponentKind::NatInstance {
            if n.source_dest_check {
                return Err(Box::new(Blocked {
                    at: self.hop(target, kind, Direction::Inbound, msg!("walk.source_destination_check")),
                    code: "ENI_SOURCE_DEST_CHECK_RESTRICTION",
                    explanation: msg!("walk.instance_route_target_but", target = target),
                }));
            }
            self.security_groups(k, true, f)?;
        }
        let remap = kind == ComponentKind::NatGateway;
        let ports = if remap && matches!(f.pkt.protocol, Protocol::Tcp | Protocol::Udp) {
            msg!("walk.source_port_remapped", value = ANY_EPHEMERAL)
        } else {
            msg!("common.empty")
        };
        let hop = self.hop(
            target,
            kind,
            Direction::Outbound,
            msg!("walk.translates_source", pkt_src = show(f.pkt.src), show_private = show(n.private), ports = ports),
        );
        self.push(hop);
        let host = f.src_eni.map_or(Host::Internet, Host::Eni);
        self.nat.push(Translation {
            device: k,
            src: f.pkt.src,
            src_ports: f.pkt.src_ports,
            src_public: f.src_public,
            host,
        });
        f.pkt.src = n.private;
        if remap && matches!(f.pkt.protocol, Protocol::Tcp | Protocol::Udp) {
            f.pkt.src_ports = ANY_EPHEMERAL;
        }
        f.src_eni = Some(k);
        f.src_public = false;
        Ok(State::Send(Host::Eni(k)))
    }

    /// Through a VPC peering connection: only between the two VPCs, only for addresses inside
    /// them (not transitive, no edge-to-edge routing through the peer's gateways), and not at
    /// all when their blocks overlap. Source: VPC Peering Guide, "VPC peering basics" and
    /// "Unsupported VPC peering configurations" (aws-facts.md §5).
    fn through_peering(
        &mut self,
        i: usize,
        pcx: &'a NodeId,
        requester: &'a NodeId,
        accepter: &'a NodeId,
        route_hop: Hop,
        f: &mut InFlight<'a>,
    ) -> Step<State<'a>> {
        let topo = self.topo;
        let e = &topo.enis[i];
        let other = if requester == e.vpc {
            accepter
        } else if accepter == e.vpc {
            requester
        } else {
            return Err(Box::new(Blocked {
                at: route_hop,
                code: "BAD_STATE_ROUTE",
                explanation: msg!("walk.route_uses_peering_connection", pcx = pcx, e_vpc = e.vpc),
            }));
        };
        let (Some(here), Some(there)) = (topo.vpcs.get(e.vpc), topo.vpcs.get(other)) else {
            return Err(self.bad_attachment(pcx, ComponentKind::VpcPeering, other));
        };
        let mut hop = self.hop(pcx, ComponentKind::VpcPeering, Direction::Outbound, Msg::default());
        if here.blocks.iter().any(|a| there.blocks.iter().any(|b| a.overlaps(*b))) {
            self.push(route_hop);
            hop.detail = msg!("walk.failed_overlapping_cidr_blocks");
            return Err(Box::new(Blocked {
                at: hop,
                code: "BAD_STATE",
                explanation: msg!("walk.vpcs_have_overlapping_cidr", e_vpc = e.vpc, other = other, pcx = pcx),
            }));
        }
        self.network_acl(e.subnet, false, f)?;
        self.push(route_hop);
        if !there.contains(f.pkt.dst) || !here.contains(f.pkt.src) {
            let outside = if there.contains(f.pkt.dst) { show(f.pkt.src) } else { show(f.pkt.dst) };
            hop.detail = msg!("walk.outside_peered_vpcs", outside = outside);
            return Err(Box::new(Blocked {
                at: hop,
                code: "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
                explanation: msg!(
                    "walk.peering_connection_only_carries",
                    pcx = pcx,
                    e_vpc = e.vpc,
                    other = other,
                    outside = outside
                ),
            }));
        }
        hop.detail = msg!("walk.vpc", e_vpc = e.vpc, other = other);
        self.push(hop);
        match self.eni_at(other, f.pkt.dst, f.dst_host) {
            Some(j) => Ok(State::Deliver { eni: j, from_subnet: None }),
            None => Err(self.nobody_there(other, f)),
        }
    }

    /// Through the VPC's virtual private gateway to an on-premises network over a VPN or
    /// Direct Connect. Only traffic from the VPC's own ENIs (no edge-to-edge routing).
    fn vgw_egress(&mut self, i: usize, vgw: &'a NodeId, f: &mut InFlight<'a>) -> Step<State<'a>> {
        let topo = self.topo;
        let e = &topo.enis[i];
        let mut hop = self.hop(vgw, ComponentKind::VpnGateway, Direction::Outbound, Msg::default());
        let src_ok = f.src_eni.is_some_and(|s| topo.enis[s].vpc == e.vpc)
            && topo.vpcs.get(e.vpc).is_some_and(|v| v.contains(f.pkt.src));
        if !src_ok {
            hop.detail = msg!("walk.source_not_vpc");
            return Err(Box::new(Blocked {
                at: hop,
                code: "VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS",
                explanation: msg!("walk.virtual_private_gateway_only", vgw = vgw, e_vpc = e.vpc),
            }));
        }
        let links: Vec<(&NodeId, &NodeId, ComponentKind)> = topo
            .index
            .values()
            .filter_map(|n| match &n.spec {
                Spec::VpnConnection { vpn_gateway, on_premises } if vpn_gateway == vgw => {
                    Some((&n.id, on_premises, ComponentKind::VpnConnection))
                }
                Spec::DirectConnect { vpn_gateway, on_premises } if vpn_gateway == vgw => {
                    Some((&n.id, on_premises, ComponentKind::DirectConnect))
                }
                _ => None,
            })
            .collect();
        let wanted = match f.dst_host {
            Host::OnPrem(id, _) => Some(id),
            _ => None,
        };
        let link = links.iter().find(|(_, o, _)| {
            Some(*o) == wanted
                && matches!(topo.spec(o), Some(Spec::OnPremises { cidr }) if cidr.contains_block(f.pkt.dst))
        });
        let Some(&(link_id, on_prem, kind)) = link else {
            let (code, missing) = if links.is_empty() {
                ("BAD_STATE_VPN", msg!("walk.no_vpn_connection_or_2"))
            } else {
                ("NO_POSSIBLE_DESTINATION", msg!("walk.connects_no_network_contains"))
            };
            hop.detail = missing.clone();
            return Err(Box::new(Blocked {
                at: hop,
                code,
                explanation: msg!(
                    "walk.virtual_private_gateway_so",
                    vgw = vgw,
                    missing = missing,
                    pkt_dst = show(f.pkt.dst)
                ),
            }));
        };
        hop.detail = msg!("walk.over", on_prem = on_prem, link_id = link_id);
        self.push(hop);
        let via = self.hop(link_id, kind, Direction::Outbound, msg!("walk.message", on_prem = on_prem));
        self.push(via);
        let arrived = self.hop(on_prem, ComponentKind::OnPremises, Direction::Inbound, msg!("walk.delivered"));
        self.push(arrived);
        Ok(State::Arrived)
    }

    // ---- sources outside the VPC -------------------------------------------------------

    fn enter_from_internet(&mut self, f: &mut InFlight<'a>) -> Step<State<'a>> {
        match f.dst_host {
            Host::Eni(j) => Ok(State::IgwIngress(j)),
            Host::OnPrem(id, _) => Err(self.on_prem_over_internet(id)),
            Host::Internet => Ok(State::Arrived),
        }
    }

    /// From an on-premises network over a VPN or Direct Connect to the virtual private gateway
    /// of the destination's VPC, which delivers only to that VPC (no edge-to-edge routing).
    fn enter_from_on_prem(&mut self, on_prem: &'a NodeId, f: &mut InFlight<'a>) -> Step<State<'a>> {
        let topo = self.topo;
        let Host::Eni(j) = f.dst_host else {
            return Err(Box::new(Blocked {
                at: self.hop(on_prem, ComponentKind::OnPremises, Direction::Outbound, msg!("walk.no_path")),
                code: "NO_PATH",
                explanation: msg!("walk.stratus_models_reaching_aws", on_prem = on_prem),
            }));
        };
        let dst_vpc = topo.enis[j].vpc;
        let mut fallback = None;
        for n in topo.index.values() {
            let (vgw, kind) = match &n.spec {
                Spec::VpnConnection { vpn_gateway, on_premises } if on_premises == on_prem => {
                    (vpn_gateway, ComponentKind::VpnConnection)
                }
                Spec::DirectConnect { vpn_gateway, on_premises } if on_premises == on_prem => {
                    (vpn_gateway, ComponentKind::DirectConnect)
                }
                _ => continue,
            };
            let Some(Spec::VpnGateway { vpc: Some(attached) }) = topo.spec(vgw) else { continue };
            if attached == dst_vpc {
                let via = self.hop(&n.id, kind, Direction::Inbound, msg!("walk.message_2", vgw = vgw));
                self.push(via);
                let hop = self.hop(
                    vgw,
                    ComponentKind::VpnGateway,
                    Direction::Inbound,
                    msg!("walk.into_vpc", dst_vpc = dst_vpc),
                );
                self.push(hop);
                return Ok(State::Deliver { eni: j, from_subnet: None });
            }
            fallback.get_or_insert((vgw, attached));
        }
        match fallback {
            Some((vgw, attached)) => Err(Box::new(Blocked {
                at: self.hop(
                    vgw,
                    ComponentKind::VpnGateway,
                    Direction::Inbound,
                    msg!("walk.only_delivers_into", attached = attached),
                ),
                code: "VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                explanation: msg!(
                    "walk.connects_virtual_private_gateway",
                    on_prem = on_prem,
                    vgw = vgw,
                    attached = attached,
                    dst_vpc = dst_vpc
                ),
            })),
            None => Err(Box::new(Blocked {
                at: self.hop(on_prem, ComponentKind::OnPremises, Direction::Outbound, msg!("walk.no_vpn_or_direct")),
                code: "NO_PATH",
                explanation: msg!("walk.no_vpn_connection_or", on_prem = on_prem),
            })),
        }
    }

    // ---- arriving at an ENI -----------------------------------------------------------

    fn deliver(&mut self, j: usize, from_subnet: Option<&'a NodeId>, f: &mut InFlight<'a>) -> Step<State<'a>> {
        let topo = self.topo;
        let e = &topo.enis[j];
        if from_subnet != Some(e.subnet) {
            self.network_acl(e.subnet, true, f)?;
        }
        // A reply addressed to a NAT device that translated the request: it undoes the
        // translation (NAT is stateful) and forwards to the original client.
        if let Some(t) =
            self.nat.last().copied().filter(|t| t.device == j && f.pkt.dst == e.private && self.leg == Leg::Response)
        {
            self.nat.pop();
            let kind =
                if e.kind == EniKind::NatGateway { ComponentKind::NatGateway } else { ComponentKind::NatInstance };
            self.security_groups(j, true, f)?;
            let mut hop = self.hop(
                e.owner,
                kind,
                Direction::Inbound,
                msg!("walk.translates_destination_back", t_src = show(t.src)),
            );
            hop.rule = Some(Rule::ConnectionTracking);
            self.push(hop);
            f.pkt.dst = t.src;
            f.pkt.dst_ports = t.src_ports;
            f.dst_host = t.host;
            f.dst_public = t.src_public;
            f.src_eni = Some(j);
            return Ok(State::Send(Host::Eni(j)));
        }
        if f.dst_host == Host::Eni(j) && f.pkt.dst == e.private {
            self.security_groups(j, true, f)?;
            let hop = self.host_hop(
                Host::Eni(j),
                Direction::Inbound,
                msg!("walk.delivered_2", e_private = show(e.private), e_subnet = e.subnet),
            );
            self.push(hop);
            return Ok(State::Arrived);
        }
        Err(self.nobody_there(e.vpc, f))
    }

    // ---- helpers ------------------------------------------------------------------

    /// The ENI of `vpc` with private address `addr` (the intended host first).
    fn eni_at(&self, vpc: &NodeId, addr: Cidr, host: Host<'a>) -> Option<usize> {
        let enis = &self.topo.enis;
        if let Host::Eni(j) = host {
            if enis[j].vpc == vpc && enis[j].private == addr {
                return Some(j);
            }
        }
        self.topo.eni_addr.get(&(vpc, addr)).copied()
    }

    fn nobody_there(&self, vpc: &NodeId, f: &InFlight<'a>) -> Box<Blocked> {
        Box::new(Blocked {
            at: self.hop(
                vpc,
                ComponentKind::Vpc,
                Direction::Inbound,
                msg!("walk.no_interface", pkt_dst = show(f.pkt.dst)),
            ),
            code: "NO_POSSIBLE_DESTINATION",
            explanation: msg!("walk.no_network_interface_vpc", vpc = vpc, pkt_dst = show(f.pkt.dst)),
        })
    }

    fn no_subnet(&self, i: usize) -> Box<Blocked> {
        let e = &self.topo.enis[i];
        Box::new(Blocked {
            at: self.host_hop(Host::Eni(i), Direction::Outbound, msg!("walk.subnet_not_found")),
            code: "UNASSOCIATED_COMPONENT",
            explanation: msg!("walk.subnet_cannot_resolved", e_subnet = e.subnet, e_owner = e.owner),
        })
    }

    fn bad_attachment(&self, gateway: &NodeId, kind: ComponentKind, vpc: &NodeId) -> Box<Blocked> {
        Box::new(Blocked {
            at: self.hop(gateway, kind, Direction::Outbound, msg!("walk.not_attached", vpc = vpc)),
            code: "BAD_STATE_ATTACHMENT",
            explanation: msg!("walk.route_uses_which_not", gateway = gateway, vpc = vpc),
        })
    }

    fn missing_route_advice(&self, f: &InFlight<'a>) -> Msg {
        match f.dst_host {
            Host::Internet => msg!("walk.reach_internet_add_0"),
            Host::OnPrem(..) => msg!("walk.reach_premises_network_route"),
            Host::Eni(_) => msg!("walk.reach_another_vpc_peer"),
        }
    }
}

/// A rule's traffic: "tcp 443", "icmp", "all traffic".
fn traffic(p: Protocol, ports: PortRange) -> Msg {
    match p {
        Protocol::Tcp => msg!("walk.tcp", ports = ports),
        Protocol::Udp => msg!("walk.udp", ports = ports),
        Protocol::Icmp => msg!("walk.icmp"),
        Protocol::All => msg!("walk.all_traffic"),
    }
}

/// "inbound" or "outbound", in the reader's language.
fn direction_word(inbound: bool) -> Msg {
    if inbound {
        msg!("walk.inbound")
    } else {
        msg!("walk.outbound")
    }
}
