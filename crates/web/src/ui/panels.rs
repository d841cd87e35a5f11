//! The problems list (validation diagnostics, click to select the culprit) and the reachability tool (pick source, destination, protocol and port; see the path or the blocking hop).

use crate::i18n::Say;
use crate::i18n::{tr, Key, Lang};
use crate::render::paint::{BadgeLevel, Overlay};
use crate::render::scene::Scene;
use crate::state::store::Ctx;
use engine::model::{NodeId, Protocol, Scenario, Spec};
use engine::net::Flow;
use engine::validate::{Diagnostic, Severity};
use engine::Msg;
use engine::Text;
use leptos::prelude::*;
/// A reachability question (answered in the verdicts' worker: state/verdicts.rs).
pub use simworker::analyse::Question;
use simworker::analyse::{Step, Walk};

/// One badge per drawn node with problems; problems of undrawn elements (route tables,
/// security groups, ACLs) are shown on the VPC they belong to.
pub fn badges(s: &Scenario, scene: &Scene, diagnostics: &[Diagnostic]) -> Vec<(NodeId, BadgeLevel, usize)> {
    let mut out: Vec<(NodeId, BadgeLevel, usize)> = Vec::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => BadgeLevel::Error,
            Severity::Warning => BadgeLevel::Warning,
            _ => continue,
        };
        let mut target = Some(&d.target);
        while let Some(id) = target {
            if scene.rect_of(id).is_some() {
                break;
            }
            target = engine::view::parent_of(s, id);
        }
        let Some(id) = target else { continue };
        match out.iter_mut().find(|(n, _, _)| n == id) {
            Some(entry) => {
                entry.1 = entry.1.max(level);
                entry.2 += 1;
            }
            None => out.push((id.clone(), level, 1)),
        }
    }
    out
}

/// The problems list.
#[component]
pub fn Problems(
    /// Shared app state.
    ctx: Ctx,
    /// Current diagnostics.
    diagnostics: RwSignal<Vec<Diagnostic>>,
) -> impl IntoView {
    view! {
        <div class="problems" data-testid="problems">
            {move || {
                let l = ctx.lang.get();
                let list = diagnostics.get();
                let shown: Vec<_> = list.into_iter().filter(|d| d.severity != Severity::Info).collect();
                if shown.is_empty() {
                    return view! { <p class="ok-line">"✓ " {tr(l, Key::NoProblems)}</p> }.into_any();
                }
                let errors = shown.iter().filter(|d| d.severity == Severity::Error).count();
                let header = format!("{} {} · {} {}", errors, tr(l, Key::Errors), shown.len() - errors, tr(l, Key::Warnings));
                view! {
                    <p class="count">{header}</p>
                    <ul>
                        {shown
                            .into_iter()
                            .map(|d| {
                                let target = d.target.clone();
                                let class = if d.severity == Severity::Error { "problem error" } else { "problem warning" };
                                let label = ctx.label(&d.target);
                                view! {
                                    <li class=class>
                                        <button class="linklike" on:click=move |_| ctx.select(Some(target.clone()))>
                                            <code>{d.code.clone()}</code>" · "{label}
                                        </button>
                                        <div>{d.message.say(l)}</div>
                                        <div class="hint">{d.hint.say(l)}</div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </div>
    }
}

/// Elements a flow can start or end at, as (id, label).
fn endpoints(s: &Scenario) -> Vec<(NodeId, String)> {
    s.nodes
        .iter()
        .filter(|n| engine::net::is_endpoint(&n.spec))
        .map(|n| (n.id.clone(), n.label().to_string()))
        .collect()
}

/// The drawn element that stands for a hop: itself, or the subnet using a route table or
/// ACL, or the endpoint holding a security group; `path` prefers elements near the path.
fn drawn_for(s: &Scenario, scene: &Scene, hop: &Step, path: &[NodeId]) -> Option<NodeId> {
    if scene.rect_of(&hop.component).is_some() {
        return Some(hop.component.clone());
    }
    let near = |candidates: Vec<NodeId>| -> Option<NodeId> {
        candidates
            .iter()
            .find(|c| path.iter().any(|p| engine::view::parent_of(s, p) == Some(*c) || p == *c))
            .or(candidates.first())
            .cloned()
    };
    match s.node(&hop.component).map(|n| &n.spec) {
        Some(Spec::RouteTable { .. }) => near(
            s.nodes
                .iter()
                .filter(|n| engine::view::route_table_of(s, &n.id) == Some(&hop.component))
                .map(|n| n.id.clone())
                .collect(),
        ),
        Some(Spec::NetworkAcl { vpc, default, .. }) => near(
            s.nodes
                .iter()
                .filter(|n| match &n.spec {
                    Spec::Subnet { network_acl: Some(a), .. } => *a == hop.component,
                    Spec::Subnet { network_acl: None, vpc: v, .. } => *default && v == vpc,
                    _ => false,
                })
                .map(|n| n.id.clone())
                .collect(),
        ),
        Some(Spec::SecurityGroup { .. }) => near(
            s.nodes
                .iter()
                .filter(|n| match &n.spec {
                    Spec::Instance { security_groups, .. } | Spec::LoadBalancer { security_groups, .. } => {
                        security_groups.contains(&hop.component)
                    }
                    _ => false,
                })
                .map(|n| n.id.clone())
                .collect(),
        ),
        _ => None,
    }
}

/// The overlay for an answer: drawn hops of the request leg, and the blocking element.
pub fn path_overlay(s: &Scenario, scene: &Scene, r: &Walk) -> Overlay {
    let mut path: Vec<NodeId> = Vec::new();
    for hop in r.path.iter().filter(|h| h.request) {
        if let Some(id) = drawn_for(s, scene, hop, &path) {
            if path.last() != Some(&id) {
                path.push(id);
            }
        }
    }
    let blocked = r.blocked.as_ref().and_then(|(at, ..)| drawn_for(s, scene, at, &path));
    Overlay { path, blocked, ..Overlay::default() }
}

/// The reachability tool.
#[component]
pub fn ReachPanel(
    /// Shared app state.
    ctx: Ctx,
    /// The question being asked (None until the person asks).
    question: RwSignal<Option<Question>>,
    /// The engine's answer to it, recomputed on every change of the design.
    result: RwSignal<Option<Result<Walk, Msg>>>,
) -> impl IntoView {
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let protocol = RwSignal::new("tcp".to_string());
    let port = RwSignal::new("80".to_string());
    let ask = move |_| {
        let proto = match protocol.get_untracked().as_str() {
            "udp" => Protocol::Udp,
            "icmp" => Protocol::Icmp,
            _ => Protocol::Tcp,
        };
        let Ok(port) = port.get_untracked().trim().parse::<u16>() else {
            ctx.toast(Text::new(
                "The port must be a number from 0 to 65535.",
                "포트는 0에서 65535 사이의 숫자여야 합니다.",
            ));
            return;
        };
        let flow = Flow { protocol: proto, port, client_ports: None };
        question.set(Some(Question { from: NodeId(from.get_untracked()), to: NodeId(to.get_untracked()), flow }));
    };
    let options = move |selected: RwSignal<String>| {
        let _ = ctx.revision.get();
        let list = ctx.editor.with_value(|e| endpoints(&e.scenario));
        if selected.get_untracked().is_empty() || !list.iter().any(|(id, _)| id.as_str() == selected.get_untracked()) {
            if let Some((id, _)) = list.first() {
                selected.set(id.to_string());
            }
        }
        list.into_iter()
            .map(|(id, label)| {
                let value = id.to_string();
                let is = value == selected.get_untracked();
                view! { <option value=value.clone() prop:selected=is>{format!("{label} ({value})")}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="reach" data-testid="reach">
            <div class="reach-form">
                <label>{move || tr(ctx.lang.get(), Key::From)}
                    <select data-testid="reach-from" on:change=move |ev| from.set(event_target_value(&ev))>{move || options(from)}</select>
                </label>
                <label>{move || tr(ctx.lang.get(), Key::To)}
                    <select data-testid="reach-to" on:change=move |ev| to.set(event_target_value(&ev))>{move || options(to)}</select>
                </label>
                <label>{move || tr(ctx.lang.get(), Key::Protocol)}
                    <select data-testid="reach-protocol" on:change=move |ev| protocol.set(event_target_value(&ev))>
                        <option value="tcp">"TCP"</option><option value="udp">"UDP"</option><option value="icmp">"ICMP"</option>
                    </select>
                </label>
                <label>{move || tr(ctx.lang.get(), Key::Port)}
                    <input data-testid="reach-port" type="number" min="0" max="65535" prop:value=move || port.get()
                        on:input=move |ev| port.set(event_target_value(&ev)) />
                </label>
                <button class="primary" data-testid="reach-check" on:click=ask>{move || tr(ctx.lang.get(), Key::Check)}</button>
                <button data-testid="reach-clear" on:click=move |_| question.set(None)>{move || tr(ctx.lang.get(), Key::Clear)}</button>
            </div>
            <div data-testid="reach-result">{move || result.get().map(|r| render_answer(ctx, ctx.lang.get(), r))}</div>
        </div>
    }
}

fn render_answer(ctx: Ctx, l: Lang, r: Result<Walk, Msg>) -> AnyView {
    let r = match r {
        Ok(r) => r,
        Err(msg) => return view! { <p class="verdict bad">{msg.say(l)}</p> }.into_any(),
    };
    let (verdict, class, explanation) = match &r.blocked {
        None => (tr(l, Key::Reachable).to_string(), "verdict good", String::new()),
        Some((_, code, explanation)) => {
            (format!("{} · {code}", tr(l, Key::NotReachable)), "verdict bad", explanation.say(l))
        }
    };
    let hop_row = move |hop: &Step, blocked: bool| {
        let class = if blocked { "hop blocked" } else { "hop" };
        let leg = if hop.request { "→" } else { "←" };
        let label = ctx.label(&hop.component);
        let detail = hop.detail.say(l);
        view! { <li class=class><span class="leg">{leg}</span><b>{label}</b>" "<span>{detail}</span></li> }
    };
    let mut rows: Vec<AnyView> = r.path.iter().map(|h| hop_row(h, false).into_any()).collect();
    if let Some((blocked_at, ..)) = &r.blocked {
        rows.push(hop_row(blocked_at, true).into_any());
    }
    view! {
        <p class=class data-testid="reach-verdict">{verdict}</p>
        {(!explanation.is_empty()).then(|| view! { <p class="explanation" data-testid="reach-explanation">{explanation}</p> })}
        <ol class="hops">{rows}</ol>
    }
    .into_any()
}
