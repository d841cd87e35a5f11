//! The packet walk: the request from the client to the server, then the response back, hop by hop, through security groups, network ACLs, route tables and gateways.

use super::filter::{eval_nacl, lookup, sg_rule_matches, NaclVerdict, Packet, SgPeer};
use super::topology::{is_rfc1918, EniKind, Host, RouteEntry, RouteTarget, Topology};
use super::{
    ComponentKind, Direction, Flow, Hop, Leg, Reachability, Rule, ANY_EPHEMERAL, INTERNET_CLIENT, LINUX_EPHEMERAL,
};
use crate::cidr::{Cidr, Ipv4};
use crate::model::{Action, NodeId, PortRange, Protocol, Spec, Text};

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
    explanation: Text,
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

fn unassociated(topo: &Topology, id: &NodeId) -> Reachability {
    let kind = match topo.spec(id) {
        Some(Spec::LoadBalancer { .. }) => ComponentKind::LoadBalancer,
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
            detail: Text::new("has no network interface", "네트워크 인터페이스가 없음"),
        },
        code: "UNASSOCIATED_COMPONENT".into(),
        explanation: Text::new(
            format!("'{id}' has no network interface in an existing subnet of an existing VPC (or its subnet has no free address), so it sends and receives nothing. Fix the errors `stratus validate` reports for it."),
            format!("'{id}'에는 존재하는 VPC의 존재하는 서브넷에 있는 네트워크 인터페이스가 없어서(또는 서브넷에 남은 주소가 없어서) 아무것도 주고받을 수 없습니다. 검증(validate)이 알려 주는 오류를 먼저 고치세요."),
        ),
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
    fn hop(&self, component: &NodeId, kind: ComponentKind, direction: Direction, detail: Text) -> Hop {
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

    fn host_hop(&self, host: Host<'a>, direction: Direction, detail: Text) -> Hop {
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
        let start = self.host_hop(
            client,
            Direction::Outbound,
            Text::new(format!("sends {}", show_packet(&f.pkt)), format!("{} 전송", show_packet(&f.pkt))),
        );
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
        let answer = self.host_hop(
            server,
            Direction::Outbound,
            Text::new(format!("responds {}", show_packet(&back.pkt)), format!("{} 응답", show_packet(&back.pkt))),
        );
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
            at: self.host_hop(host, Direction::Outbound, Text::new("routing loop", "라우팅 루프")),
            code: "NO_PATH",
            explanation: Text::new(
                "The packet goes round in circles between route tables and NAT devices and never arrives. Check the routes that point at instances or NAT gateways.",
                "패킷이 라우팅 테이블과 NAT 장치 사이를 맴돌며 도착하지 못합니다. 인스턴스나 NAT 게이트웨이를 가리키는 라우팅을 확인하세요.",
            ),
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
                Text::new(
                    "return traffic of an allowed connection: security groups are stateful",
                    "허용된 연결의 응답: 보안 그룹은 상태 저장 방식",
                ),
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
                Text::new(format!("default security group: {what}"), format!("기본 보안 그룹: {what}")),
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
                explanation: Text::new(
                    format!("'{}' uses its VPC's default security group, which admits inbound traffic only from other members of the same group. Give it a security group that allows {what}.", e.owner),
                    format!("'{}'은(는) VPC의 기본 보안 그룹을 사용하며, 이 그룹은 같은 그룹의 구성원에서 오는 인바운드만 허용합니다. {what}을(를) 허용하는 보안 그룹을 지정하세요.", e.owner),
                ),
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
                let mut hop = self.hop(
                    group,
                    ComponentKind::SecurityGroup,
                    direction,
                    Text::new(
                        format!(
                            "rule {index} allows {} {} {peer_text}",
                            traffic(rule.protocol, rule.ports, false),
                            if inbound { "from" } else { "to" }
                        ),
                        format!(
                            "규칙 {index}이(가) {peer_text} {} {} 허용",
                            if inbound { "에서" } else { "으로" },
                            traffic(rule.protocol, rule.ports, true)
                        ),
                    ),
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
        let at = self.hop(
            component,
            ComponentKind::SecurityGroup,
            direction,
            Text::new(format!("no rule allows {what}"), format!("{what}을(를) 허용하는 규칙 없음")),
        );
        let (en_dir, ko_dir) = if inbound { ("inbound", "인바운드") } else { ("outbound", "아웃바운드") };
        let via = if peer.groups.is_none() && inbound {
            " (a rule naming a security group matches only traffic from that group's members by their private address: not through a NAT device or the Internet)"
        } else {
            ""
        };
        let via_ko = if peer.groups.is_none() && inbound {
            " (보안 그룹을 참조하는 규칙은 그 그룹 구성원의 프라이빗 주소에서 온 트래픽만 일치합니다. NAT나 인터넷을 거친 트래픽은 일치하지 않습니다)"
        } else {
            ""
        };
        Err(Box::new(Blocked {
            at,
            code: if any_rules { "ENI_SG_RULES_MISMATCH" } else { "SG_HAS_NO_RULES" },
            explanation: Text::new(
                format!("No {en_dir} rule of the security groups of '{}' allows {what}. Security groups only allow: add an {en_dir} rule for this protocol, port and peer{via}.", e.owner),
                format!("'{}'의 보안 그룹에 {what}을(를) 허용하는 {ko_dir} 규칙이 없습니다. 보안 그룹은 허용 규칙만 있으므로 이 프로토콜, 포트, 상대에 대한 {ko_dir} 규칙을 추가하세요{via_ko}.", e.owner),
            ),
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
        let mut hop = self.hop(acl.id, ComponentKind::NetworkAcl, direction, Text::default());
        hop.implicit = acl.implicit;
        match verdict {
            NaclVerdict::Allow { rule } => {
                let implicit = if acl.implicit { " (default ACL)" } else { "" };
                hop.detail = Text::new(
                    format!("subnet {subnet}: rule {rule} allows {what}{implicit}"),
                    format!("서브넷 {subnet}: 규칙 {rule}이(가) {what} 허용"),
                );
                hop.rule = Some(Rule::NetworkAclRule { number: Some(rule), action: Action::Allow });
                self.push(hop);
                Ok(())
            }
            NaclVerdict::Deny { rule, port } => {
                let by = rule.map_or_else(|| "the final * rule".to_string(), |n| format!("rule {n}"));
                let by_ko = rule.map_or_else(|| "마지막 * 규칙".to_string(), |n| format!("규칙 {n}"));
                hop.detail = Text::new(
                    format!("subnet {subnet}: {by} denies {what}"),
                    format!("서브넷 {subnet}: {by_ko}이(가) {what} 거부"),
                );
                hop.rule = Some(Rule::NetworkAclRule { number: rule, action: Action::Deny });
                let (en_dir, ko_dir) =
                    if inbound { ("inbound", "인바운드") } else { ("outbound", "아웃바운드") };
                let ports_apply = matches!(f.pkt.protocol, Protocol::Tcp | Protocol::Udp);
                let at_port = if ports_apply { format!(" (port {port})") } else { String::new() };
                let at_port_ko = if ports_apply { format!(" (포트 {port})") } else { String::new() };
                let (why, why_ko) = match (self.leg, rule) {
                    (Leg::Response, _) => (
                        format!(" This is the response, sent to the client's ephemeral ports {}: network ACLs are stateless, so return traffic needs its own {en_dir} rule. Allowing 1024-65535 covers every client.", f.pkt.dst_ports),
                        format!(" 이것은 클라이언트의 임시 포트 {}로 가는 응답입니다. 네트워크 ACL은 상태 비저장 방식이라 응답에도 별도의 {ko_dir} 규칙이 필요합니다. 1024-65535를 허용하면 모든 클라이언트를 포함합니다.", f.pkt.dst_ports),
                    ),
                    (Leg::Request, None) => (
                        format!(" No rule matches, so the final * rule denies it: a network ACL needs an allow rule for this {en_dir} traffic."),
                        format!(" 일치하는 규칙이 없어 마지막 * 규칙이 거부합니다. 이 {ko_dir} 트래픽을 허용하는 규칙이 필요합니다."),
                    ),
                    (Leg::Request, Some(_)) => (
                        " Rules are evaluated lowest number first and the first match wins: give an allow rule a lower number, or narrow the deny.".to_string(),
                        " 규칙은 번호가 낮은 것부터 평가되고 처음 일치한 규칙이 적용됩니다. 허용 규칙에 더 낮은 번호를 주거나 거부 규칙을 좁히세요.".to_string(),
                    ),
                };
                Err(Box::new(Blocked {
                    at: hop,
                    code: "SUBNET_ACL_RESTRICTION",
                    explanation: Text::new(
                        format!("Network ACL '{}' of subnet '{subnet}' denies {en_dir} {what}{at_port} by {by}.{why}", acl.id),
                        format!("서브넷 '{subnet}'의 네트워크 ACL '{}'이(가) {ko_dir} {what}{at_port_ko}을(를) {by_ko}(으)로 거부합니다.{why_ko}", acl.id),
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
            let mut hop = w.hop(table.id, ComponentKind::RouteTable, Direction::Outbound, Text::default());
            hop.implicit = table.implicit;
            if let Some(r) = r {
                let target = match r.target {
                    RouteTarget::Local => "local".to_string(),
                    RouteTarget::Node(id) => id.to_string(),
                };
                hop.detail = Text::new(
                    format!("subnet {}: {} matches route {} → {target}", e.subnet, show(f.pkt.dst), r.destination),
                    format!(
                        "서브넷 {}: {}은(는) 라우팅 {} → {target}에 일치",
                        e.subnet,
                        show(f.pkt.dst),
                        r.destination
                    ),
                );
                hop.rule = Some(Rule::Route { destination: r.destination, target });
            }
            hop
        };
        let Some(route) = lookup(&table.routes, f.pkt.dst).copied() else {
            let mut at = route_hop(self, None);
            at.detail = Text::new(
                format!("subnet {}: no route to {}", e.subnet, show(f.pkt.dst)),
                format!("서브넷 {}: {}(으)로 가는 라우팅 없음", e.subnet, show(f.pkt.dst)),
            );
            let (en, ko) = self.missing_route_advice(f);
            return Err(Box::new(Blocked {
                at,
                code: "NO_ROUTE_TO_DESTINATION",
                explanation: Text::new(
                    format!(
                        "The route table of subnet '{}' has no route that matches {}.{en}",
                        e.subnet,
                        show(f.pkt.dst)
                    ),
                    format!(
                        "서브넷 '{}'의 라우팅 테이블에 {}와(과) 일치하는 라우팅이 없습니다.{ko}",
                        e.subnet,
                        show(f.pkt.dst)
                    ),
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
            Some(Spec::NatGateway { .. }) => {
                let nat = topo.enis_of(target).first().copied();
                self.through_nat(i, target, nat, ComponentKind::NatGateway, route_hop, f)
            }
            Some(Spec::Instance { .. }) => {
                let nat = topo.enis_of(target).first().copied();
                self.through_nat(i, target, nat, ComponentKind::NatInstance, route_hop, f)
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
                    explanation: Text::new(
                        format!("The route sends traffic to '{target}', which is {what}: a route must point at an Internet gateway, NAT gateway, NAT instance, peering connection or virtual private gateway. Traffic to a missing target is dropped (a blackhole route)."),
                        format!("라우팅이 트래픽을 '{target}'(으)로 보내지만 이것은 {what}입니다. 라우팅 대상은 인터넷 게이트웨이, NAT 게이트웨이, NAT 인스턴스, 피어링 연결, 가상 프라이빗 게이트웨이여야 합니다. 없는 대상으로 가는 트래픽은 버려집니다(블랙홀 라우팅)."),
                    ),
                }))
            }
        }
    }

    /// Through an Internet gateway to the Internet. The IGW translates the ENI's private
    /// address to its public one, and refuses traffic from an ENI without one, or to a private
    /// address. Source: VPC User Guide, "Internet gateways"; Reachability Analyzer codes.
    fn igw_egress(&mut self, i: usize, igw: &'a NodeId, f: &mut InFlight<'a>) -> Step<State<'a>> {
        let e = &self.topo.enis[i];
        let mut hop = self.hop(igw, ComponentKind::InternetGateway, Direction::Outbound, Text::default());
        if is_rfc1918(f.pkt.dst) {
            hop.detail = Text::new(
                format!("refuses private destination {}", show(f.pkt.dst)),
                format!("사설 목적지 {} 거부", show(f.pkt.dst)),
            );
            return Err(Box::new(Blocked {
                at: hop,
                code: "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS",
                explanation: Text::new(
                    format!("The route sends {} to Internet gateway '{igw}', but that is a private (RFC 1918) address: the Internet cannot reach it. Route it through a peering connection or a VPN instead.", show(f.pkt.dst)),
                    format!("라우팅이 {}을(를) 인터넷 게이트웨이 '{igw}'로 보내지만 사설(RFC 1918) 주소라 인터넷으로 갈 수 없습니다. 피어링 연결이나 VPN으로 라우팅하세요.", show(f.pkt.dst)),
                ),
            }));
        }
        let public = e.public.address().filter(|_| f.pkt.src == e.private);
        let Some(public) = public else {
            hop.detail = Text::new(
                format!("{} has no public IPv4 address", e.owner),
                format!("{}에 퍼블릭 IPv4 주소 없음", e.owner),
            );
            let (en, ko) = if e.kind == EniKind::NatGateway {
                (
                    "This NAT gateway has no Elastic IP: a public NAT gateway needs one.",
                    "이 NAT 게이트웨이에는 탄력적 IP가 없습니다. 퍼블릭 NAT 게이트웨이에는 탄력적 IP가 필요합니다.",
                )
            } else {
                (
                    "Give it a public IPv4 address or an Elastic IP, or keep it private and send 0.0.0.0/0 to a NAT gateway in a public subnet.",
                    "퍼블릭 IPv4 주소나 탄력적 IP를 부여하거나, 프라이빗으로 두고 0.0.0.0/0을 퍼블릭 서브넷의 NAT 게이트웨이로 보내세요.",
                )
            };
            return Err(Box::new(Blocked {
                at: hop,
                code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
                explanation: Text::new(
                    format!("'{}' sends through Internet gateway '{igw}' but has no public IPv4 address, so the gateway cannot translate its private address. {en}", e.owner),
                    format!("'{}'은(는) 인터넷 게이트웨이 '{igw}'로 보내지만 퍼블릭 IPv4 주소가 없어 게이트웨이가 사설 주소를 변환할 수 없습니다. {ko}", e.owner),
                ),
            }));
        };
        hop.detail = Text::new(
            format!("translates source {} → public {public}", show(f.pkt.src)),
            format!("출발지 {} → 퍼블릭 {public} 변환", show(f.pkt.src)),
        );
        self.push(hop);
        f.pkt.src = host32(public);
        f.src_public = true;
        f.src_eni = None;
        match f.dst_host {
            Host::Internet => {
                let hop = self.host_hop(Host::Internet, Direction::Inbound, Text::new("delivered", "도착"));
                self.push(hop);
                Ok(State::Arrived)
            }
            Host::Eni(j) => Ok(State::IgwIngress(j)),
            Host::OnPrem(id, _) => Err(self.on_prem_over_internet(id)),
        }
    }

    fn on_prem_over_internet(&self, id: &NodeId) -> Box<Blocked> {
        Box::new(Blocked {
            at: self.hop(id, ComponentKind::OnPremises, Direction::Inbound, Text::new("not reachable from the Internet", "인터넷에서 도달 불가")),
            code: "NO_PATH",
            explanation: Text::new(
                format!("'{id}' is a private network reached over a VPN or Direct Connect, not from the Internet. Route its block to a virtual private gateway."),
                format!("'{id}'은(는) 인터넷이 아니라 VPN이나 Direct Connect로 연결되는 사설 네트워크입니다. 그 주소 블록을 가상 프라이빗 게이트웨이로 라우팅하세요."),
            ),
        })
    }

    /// From the Internet into a VPC: only to an ENI's public address, through the VPC's
    /// Internet gateway, which translates it to the private address.
    fn igw_ingress(&mut self, j: usize, f: &mut InFlight<'a>) -> Step<State<'a>> {
        let topo = self.topo;
        let e = &topo.enis[j];
        let Some(igw) = topo.vpcs.get(e.vpc).and_then(|v| v.internet_gateway) else {
            return Err(Box::new(Blocked {
                at: self.hop(
                    e.vpc,
                    ComponentKind::Vpc,
                    Direction::Inbound,
                    Text::new("no Internet gateway", "인터넷 게이트웨이 없음"),
                ),
                code: "NO_PATH",
                explanation: Text::new(
                    format!(
                        "VPC '{}' has no Internet gateway attached, so nothing in it can be reached from the Internet.",
                        e.vpc
                    ),
                    format!(
                        "VPC '{}'에 연결된 인터넷 게이트웨이가 없어 인터넷에서 그 안의 어떤 것에도 도달할 수 없습니다.",
                        e.vpc
                    ),
                ),
            }));
        };
        let mut hop = self.hop(igw, ComponentKind::InternetGateway, Direction::Inbound, Text::default());
        let public = e.public.address().filter(|_| f.dst_public);
        let Some(public) = public else {
            hop.detail = Text::new(
                format!("{} has no public IPv4 address", e.owner),
                format!("{}에 퍼블릭 IPv4 주소 없음", e.owner),
            );
            let targets: Vec<&NodeId> = topo
                .index
                .values()
                .filter(|n| matches!(&n.spec, Spec::LoadBalancer { targets, .. } if targets.contains(e.owner)))
                .map(|n| &n.id)
                .collect();
            let (hint, hint_ko) = match (e.kind, targets.first()) {
                (EniKind::LoadBalancer, _) => (
                    "An internal load balancer has only private addresses: make it internet-facing to serve the Internet.".to_string(),
                    "내부 로드 밸런서는 사설 주소만 있습니다. 인터넷에 서비스하려면 인터넷 경계 로드 밸런서로 만드세요.".to_string(),
                ),
                (_, Some(lb)) => (
                    format!("It is a target of load balancer '{lb}': users reach it through the load balancer (check Internet → {lb} and {lb} → {}).", e.owner),
                    format!("로드 밸런서 '{lb}'의 대상이므로 사용자는 로드 밸런서를 거쳐 접근합니다 (인터넷 → {lb}, {lb} → {} 를 확인하세요).", e.owner),
                ),
                _ => (
                    "Give it a public IPv4 address or an Elastic IP (and a route 0.0.0.0/0 to the Internet gateway), or put it behind a load balancer.".to_string(),
                    "퍼블릭 IPv4 주소나 탄력적 IP를 부여하고(0.0.0.0/0 → 인터넷 게이트웨이 라우팅과 함께), 또는 로드 밸런서 뒤에 두세요.".to_string(),
                ),
            };
            return Err(Box::new(Blocked {
                at: hop,
                code: "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                explanation: Text::new(
                    format!("'{}' has no public IPv4 address, and an Internet gateway only admits traffic addressed to a public address of a network interface in its VPC. Being in a public subnet is not enough. {hint}", e.owner),
                    format!("'{}'에는 퍼블릭 IPv4 주소가 없고, 인터넷 게이트웨이는 VPC 안 네트워크 인터페이스의 퍼블릭 주소로 오는 트래픽만 받아들입니다. 퍼블릭 서브넷에 있는 것만으로는 부족합니다. {hint_ko}", e.owner),
                ),
            }));
        };
        hop.detail = Text::new(
            format!("translates destination {public} → {}", show(e.private)),
            format!("목적지 {public} → {} 변환", show(e.private)),
        );
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
                explanation: Text::new(
                    format!("The route points at '{target}', which is not in VPC '{}' (or has no subnet): a route can only use a NAT device of its own VPC.", e.vpc),
                    format!("라우팅이 '{target}'을(를) 가리키지만 VPC '{}'에 있지 않습니다(또는 서브넷이 없습니다). 라우팅은 자기 VPC의 NAT 장치만 쓸 수 있습니다.", e.vpc),
                ),
            }));
        };
        if self.leg == Leg::Response {
            return Err(Box::new(Blocked {
                at: route_hop,
                code: "Stratus.Route.AsymmetricReturn",
                explanation: Text::new(
                    format!("The response would leave through '{target}', which would rewrite its source address: the client drops a reply from an address it never talked to. The request came in through a public address, so this subnet must route the reply back to the Internet gateway (a public subnet)."),
                    format!("응답이 '{target}'을(를) 거쳐 나가면서 출발지 주소가 바뀌므로, 클라이언트는 통신한 적 없는 주소에서 온 응답을 버립니다. 요청이 퍼블릭 주소로 들어왔으니 이 서브넷은 응답을 인터넷 게이트웨이로 보내야 합니다(퍼블릭 서브넷)."),
                ),
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
                at: self.hop(target, kind, Direction::Inbound, Text::new("source is not in this VPC", "출발지가 이 VPC에 없음")),
                code: "NGW_REQUIRES_SOURCE_IN_VPC",
                explanation: Text::new(
                    format!("NAT gateway '{target}' only translates traffic from network interfaces of its own VPC, not traffic arriving over a peering connection, VPN or Direct Connect (no edge-to-edge routing)."),
                    format!("NAT 게이트웨이 '{target}'은(는) 자기 VPC의 네트워크 인터페이스에서 온 트래픽만 변환합니다. 피어링, VPN, Direct Connect로 들어온 트래픽은 안 됩니다(엣지 간 라우팅 불가)."),
                ),
            }));
        }
        if crossing {
            self.network_acl(n.subnet, true, f)?;
        }
        if kind == ComponentKind::NatInstance {
            if n.source_dest_check {
                return Err(Box::new(Blocked {
                    at: self.hop(target, kind, Direction::Inbound, Text::new("source/destination check is on", "출발지/대상 확인 켜짐")),
                    code: "ENI_SOURCE_DEST_CHECK_RESTRICTION",
                    explanation: Text::new(
                        format!("Instance '{target}' is a route target, but its source/destination check is on (the default), so it drops every packet not addressed to itself. Turn it off to use the instance as a NAT instance."),
                        format!("인스턴스 '{target}'이(가) 라우팅 대상이지만 출발지/대상 확인이 켜져 있어(기본값) 자기 주소가 아닌 패킷을 모두 버립니다. NAT 인스턴스로 쓰려면 끄세요."),
                    ),
                }));
            }
            self.security_groups(k, true, f)?;
        }
        let remap = kind == ComponentKind::NatGateway;
        let (ports, ports_ko) = if remap && matches!(f.pkt.protocol, Protocol::Tcp | Protocol::Udp) {
            (format!("; source port remapped to {ANY_EPHEMERAL}"), format!("; 출발지 포트는 {ANY_EPHEMERAL}로 재지정"))
        } else {
            (String::new(), String::new())
        };
        let hop = self.hop(
            target,
            kind,
            Direction::Outbound,
            Text::new(
                format!("translates source {} → {}{ports}", show(f.pkt.src), show(n.private)),
                format!("출발지 {} → {} 변환{ports_ko}", show(f.pkt.src), show(n.private)),
            ),
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
                explanation: Text::new(
                    format!("The route uses peering connection '{pcx}', which does not connect VPC '{}'.", e.vpc),
                    format!(
                        "라우팅이 피어링 연결 '{pcx}'을(를) 쓰지만 이 연결은 VPC '{}'와(과) 연결되어 있지 않습니다.",
                        e.vpc
                    ),
                ),
            }));
        };
        let (Some(here), Some(there)) = (topo.vpcs.get(e.vpc), topo.vpcs.get(other)) else {
            return Err(self.bad_attachment(pcx, ComponentKind::VpcPeering, other));
        };
        let mut hop = self.hop(pcx, ComponentKind::VpcPeering, Direction::Outbound, Text::default());
        if here.blocks.iter().any(|a| there.blocks.iter().any(|b| a.overlaps(*b))) {
            self.push(route_hop);
            hop.detail = Text::new("failed: overlapping CIDR blocks", "실패: CIDR 블록 겹침");
            return Err(Box::new(Blocked {
                at: hop,
                code: "BAD_STATE",
                explanation: Text::new(
                    format!("VPCs '{}' and '{other}' have overlapping CIDR blocks, so AWS puts peering connection '{pcx}' in the failed state and it carries nothing. Re-address one VPC.", e.vpc),
                    format!("VPC '{}'와(과) '{other}'의 CIDR 블록이 겹쳐 AWS는 피어링 연결 '{pcx}'을(를) failed 상태로 두며 아무것도 전달하지 않습니다. 한쪽 VPC의 주소를 바꾸세요.", e.vpc),
                ),
            }));
        }
        self.network_acl(e.subnet, false, f)?;
        self.push(route_hop);
        if !there.contains(f.pkt.dst) || !here.contains(f.pkt.src) {
            let outside = if there.contains(f.pkt.dst) { show(f.pkt.src) } else { show(f.pkt.dst) };
            hop.detail =
                Text::new(format!("{outside} is outside the peered VPCs"), format!("{outside}은(는) 피어링된 VPC 밖"));
            return Err(Box::new(Blocked {
                at: hop,
                code: "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
                explanation: Text::new(
                    format!("Peering connection '{pcx}' only carries traffic between addresses of VPC '{}' and VPC '{other}', and {outside} is in neither. Peering is not transitive (A-B and B-C do not connect A and C: peer them directly) and a VPC cannot use its peer's Internet gateway, NAT device, VPN or Direct Connect (no edge-to-edge routing).", e.vpc),
                    format!("피어링 연결 '{pcx}'은(는) VPC '{}'와(과) VPC '{other}'의 주소 사이 트래픽만 전달하는데 {outside}은(는) 어느 쪽에도 없습니다. 피어링은 전이되지 않으며(A-B, B-C가 있어도 A와 C는 연결되지 않으니 직접 피어링하세요), 피어의 인터넷 게이트웨이, NAT, VPN, Direct Connect를 쓸 수도 없습니다(엣지 간 라우팅 불가).", e.vpc),
                ),
            }));
        }
        hop.detail = Text::new(format!("{} → VPC {other}", e.vpc), format!("{} → VPC {other}", e.vpc));
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
        let mut hop = self.hop(vgw, ComponentKind::VpnGateway, Direction::Outbound, Text::default());
        let src_ok = f.src_eni.is_some_and(|s| topo.enis[s].vpc == e.vpc)
            && topo.vpcs.get(e.vpc).is_some_and(|v| v.contains(f.pkt.src));
        if !src_ok {
            hop.detail = Text::new("source is not in this VPC", "출발지가 이 VPC에 없음");
            return Err(Box::new(Blocked {
                at: hop,
                code: "VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS",
                explanation: Text::new(
                    format!("Virtual private gateway '{vgw}' only carries traffic from network interfaces of VPC '{}' (no edge-to-edge routing).", e.vpc),
                    format!("가상 프라이빗 게이트웨이 '{vgw}'은(는) VPC '{}'의 네트워크 인터페이스에서 온 트래픽만 전달합니다(엣지 간 라우팅 불가).", e.vpc),
                ),
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
            let (code, en, ko) = if links.is_empty() {
                (
                    "BAD_STATE_VPN",
                    "has no VPN connection or Direct Connect interface",
                    "VPN 연결이나 Direct Connect 인터페이스가 없음",
                )
            } else {
                (
                    "NO_POSSIBLE_DESTINATION",
                    "connects no network that contains this address",
                    "이 주소를 포함하는 네트워크와 연결되지 않음",
                )
            };
            hop.detail = Text::new(en, ko);
            return Err(Box::new(Blocked {
                at: hop,
                code,
                explanation: Text::new(
                    format!("Virtual private gateway '{vgw}' {en}, so {} cannot be delivered.", show(f.pkt.dst)),
                    format!(
                        "가상 프라이빗 게이트웨이 '{vgw}'에 {ko}. 따라서 {}(으)로 전달할 수 없습니다.",
                        show(f.pkt.dst)
                    ),
                ),
            }));
        };
        hop.detail = Text::new(format!("to {on_prem} over {link_id}"), format!("{link_id}을(를) 거쳐 {on_prem}(으)로"));
        self.push(hop);
        let via = self.hop(
            link_id,
            kind,
            Direction::Outbound,
            Text::new(format!("to {on_prem}"), format!("{on_prem}(으)로")),
        );
        self.push(via);
        let arrived = self.hop(on_prem, ComponentKind::OnPremises, Direction::Inbound, Text::new("delivered", "도착"));
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
                at: self.hop(
                    on_prem,
                    ComponentKind::OnPremises,
                    Direction::Outbound,
                    Text::new("no path", "경로 없음"),
                ),
                code: "NO_PATH",
                explanation: Text::new(
                    format!("Stratus models '{on_prem}' reaching AWS only over a VPN or Direct Connect to a VPC."),
                    format!("Stratus는 '{on_prem}'이(가) VPN이나 Direct Connect로 VPC에 연결되는 경우만 모델링합니다."),
                ),
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
                let via =
                    self.hop(&n.id, kind, Direction::Inbound, Text::new(format!("to {vgw}"), format!("{vgw}(으)로")));
                self.push(via);
                let hop = self.hop(
                    vgw,
                    ComponentKind::VpnGateway,
                    Direction::Inbound,
                    Text::new(format!("into VPC {dst_vpc}"), format!("VPC {dst_vpc}(으)로")),
                );
                self.push(hop);
                return Ok(State::Deliver { eni: j, from_subnet: None });
            }
            fallback.get_or_insert((vgw, attached));
        }
        match fallback {
            Some((vgw, attached)) => Err(Box::new(Blocked {
                at: self.hop(vgw, ComponentKind::VpnGateway, Direction::Inbound, Text::new(format!("only delivers into {attached}"), format!("{attached}에만 전달"))),
                code: "VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                explanation: Text::new(
                    format!("'{on_prem}' connects to virtual private gateway '{vgw}' of VPC '{attached}', which delivers only to network interfaces of that VPC: it cannot reach '{dst_vpc}' through a peering connection (no edge-to-edge routing). Connect '{dst_vpc}' with its own VPN or Direct Connect."),
                    format!("'{on_prem}'은(는) VPC '{attached}'의 가상 프라이빗 게이트웨이 '{vgw}'에 연결되어 그 VPC의 네트워크 인터페이스로만 전달됩니다. 피어링을 거쳐 '{dst_vpc}'에 갈 수 없습니다(엣지 간 라우팅 불가). '{dst_vpc}'에 자체 VPN이나 Direct Connect를 연결하세요."),
                ),
            })),
            None => Err(Box::new(Blocked {
                at: self.hop(on_prem, ComponentKind::OnPremises, Direction::Outbound, Text::new("no VPN or Direct Connect", "VPN이나 Direct Connect 없음")),
                code: "NO_PATH",
                explanation: Text::new(
                    format!("'{on_prem}' has no VPN connection or Direct Connect interface to a virtual private gateway attached to a VPC."),
                    format!("'{on_prem}'에는 VPC에 연결된 가상 프라이빗 게이트웨이로 가는 VPN 연결이나 Direct Connect 인터페이스가 없습니다."),
                ),
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
                Text::new(
                    format!("translates destination back to {}", show(t.src)),
                    format!("목적지를 {}(으)로 되돌림", show(t.src)),
                ),
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
                Text::new(
                    format!("delivered to {} in {}", show(e.private), e.subnet),
                    format!("{}의 {}에 도착", e.subnet, show(e.private)),
                ),
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
                Text::new(
                    format!("no interface has {}", show(f.pkt.dst)),
                    format!("{}을(를) 가진 인터페이스 없음", show(f.pkt.dst)),
                ),
            ),
            code: "NO_POSSIBLE_DESTINATION",
            explanation: Text::new(
                format!(
                    "No network interface in VPC '{vpc}' has the address {}, so the packet has nowhere to go.",
                    show(f.pkt.dst)
                ),
                format!(
                    "VPC '{vpc}'에 주소 {}을(를) 가진 네트워크 인터페이스가 없어 패킷이 갈 곳이 없습니다.",
                    show(f.pkt.dst)
                ),
            ),
        })
    }

    fn no_subnet(&self, i: usize) -> Box<Blocked> {
        let e = &self.topo.enis[i];
        Box::new(Blocked {
            at: self.host_hop(Host::Eni(i), Direction::Outbound, Text::new("subnet not found", "서브넷 없음")),
            code: "UNASSOCIATED_COMPONENT",
            explanation: Text::new(
                format!("The subnet '{}' of '{}' cannot be resolved.", e.subnet, e.owner),
                format!("'{}'의 서브넷 '{}'을(를) 찾을 수 없습니다.", e.owner, e.subnet),
            ),
        })
    }

    fn bad_attachment(&self, gateway: &NodeId, kind: ComponentKind, vpc: &NodeId) -> Box<Blocked> {
        Box::new(Blocked {
            at: self.hop(gateway, kind, Direction::Outbound, Text::new(format!("not attached to {vpc}"), format!("{vpc}에 연결되지 않음"))),
            code: "BAD_STATE_ATTACHMENT",
            explanation: Text::new(
                format!("The route uses '{gateway}', which is not attached to VPC '{vpc}': a route table can only use gateways of its own VPC."),
                format!("라우팅이 '{gateway}'을(를) 쓰지만 VPC '{vpc}'에 연결되어 있지 않습니다. 라우팅 테이블은 자기 VPC의 게이트웨이만 쓸 수 있습니다."),
            ),
        })
    }

    fn missing_route_advice(&self, f: &InFlight<'a>) -> (String, String) {
        match f.dst_host {
            Host::Internet => (
                " To reach the Internet, add 0.0.0.0/0 → an Internet gateway (public subnet, public IP needed) or → a NAT gateway in a public subnet (private subnet).".into(),
                " 인터넷에 가려면 0.0.0.0/0 → 인터넷 게이트웨이(퍼블릭 서브넷, 퍼블릭 IP 필요) 또는 → 퍼블릭 서브넷의 NAT 게이트웨이(프라이빗 서브넷) 라우팅을 추가하세요.".into(),
            ),
            Host::OnPrem(..) => (
                " To reach an on-premises network, route its block to the VPC's virtual private gateway.".into(),
                " 온프레미스 네트워크에 가려면 그 주소 블록을 VPC의 가상 프라이빗 게이트웨이로 라우팅하세요.".into(),
            ),
            Host::Eni(_) => (
                " To reach another VPC, peer the two VPCs and add a route to the peer's block through the peering connection, on both sides.".into(),
                " 다른 VPC에 가려면 두 VPC를 피어링하고 양쪽 모두에 피어 블록 → 피어링 연결 라우팅을 추가하세요.".into(),
            ),
        }
    }
}

/// A rule's traffic: "tcp 443", "icmp", "all traffic" ("모든 트래픽" in Korean).
fn traffic(p: Protocol, ports: PortRange, korean: bool) -> String {
    match p {
        Protocol::Tcp => format!("tcp {ports}"),
        Protocol::Udp => format!("udp {ports}"),
        Protocol::Icmp => "icmp".into(),
        Protocol::All if korean => "모든 트래픽".into(),
        Protocol::All => "all traffic".into(),
    }
}
