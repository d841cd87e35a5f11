//! The problems list (validation diagnostics, click to select the culprit) and the reachability tool (pick source, destination, protocol and port; see the path or the blocking hop).

use crate::i18n::Say;
use crate::i18n::{tr, Key, Lang};
use crate::reactive::*;
use crate::render::paint::{BadgeLevel, Overlay};
use crate::render::scene::Scene;
use crate::state::store::Ctx;
use crate::ui::html::W;
use engine::model::{NodeId, Protocol, Scenario};
use engine::net::Flow;
use engine::validate::{Diagnostic, Severity};
use engine::Msg;
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

/// The problems list: written as HTML text (problems_html); a problem's button selects the
/// element it is about.
pub fn problems(ctx: Ctx, diagnostics: RwSignal<Vec<Diagnostic>>) -> web_sys::Element {
    let html = move || {
        let l = ctx.lang.get();
        let _ = ctx.revision.get();
        diagnostics.with(|all| ctx.editor.with_value(|e| problems_html(all, &e.doc.scenario, l)))
    };
    crate::ui::dom::el("div")
        .attr("class", "problems")
        .attr("data-testid", "problems")
        .html_fn(html)
        .on("click", move |ev: web_sys::Event| select_clicked(ctx, &ev))
        .0
}

/// A click on a button marked `data-select`: select that element.
fn select_clicked(ctx: Ctx, ev: &web_sys::Event) {
    let button = crate::ui::dom::from_event(ev, "[data-select]");
    if let Some(id) = button.and_then(|b| b.get_attribute("data-select")) {
        ctx.select(Some(NodeId(id)));
    }
}

/// The problems (errors and warnings) of a design, each with its code, the element it is
/// about (a button that selects it), the message and the hint, in the reader's language.
pub fn problems_html(all: &[Diagnostic], s: &Scenario, l: Lang) -> String {
    let mut w = W::default();
    let shown: Vec<&Diagnostic> = all.iter().filter(|d| d.severity != Severity::Info).collect();
    if shown.is_empty() {
        w.leaf("p", &[("class", "ok-line")], &format!("✓ {}", tr(l, Key::NoProblems)));
        return w.0;
    }
    let errors = shown.iter().filter(|d| d.severity == Severity::Error).count();
    let header = format!("{} {} · {} {}", errors, tr(l, Key::Errors), shown.len() - errors, tr(l, Key::Warnings));
    w.leaf("p", &[("class", "count")], &header);
    w.open("ul", &[]);
    for d in shown {
        let class = if d.severity == Severity::Error { "problem error" } else { "problem warning" };
        let label = crate::render::users::label(s, &d.target);
        w.open("li", &[("class", class)]);
        w.open("button", &[("class", "linklike"), ("data-select", d.target.as_str())]);
        w.leaf("code", &[], &d.code);
        w.text(&format!(" · {label}"));
        w.close("button");
        w.leaf("div", &[], &d.message.say(l));
        w.leaf("div", &[("class", "hint")], &d.hint.say(l));
        w.close("li");
    }
    w.close("ul");
    w.0
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
    // A route table or ACL is drawn on the subnets using it, a group on what carries it.
    near(engine::netobj::users_of(s, &hop.component))
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

/// The reachability tool's question: from, to (endpoints of the design, `list`), protocol
/// and port (`values`: from, to, protocol, port), Check and Clear.
fn reach_form_html(l: Lang, list: &[(NodeId, String)], values: [String; 4]) -> String {
    let [from, to, protocol, port] = values;
    let mut w = W::default();
    w.open("div", &[("class", "reach-form")]);
    for (key, testid, chosen) in [(Key::From, "reach-from", &from), (Key::To, "reach-to", &to)] {
        w.open("label", &[]);
        w.text(tr(l, key));
        w.open("select", &[("data-testid", testid)]);
        for (id, label) in list {
            let on = crate::ui::html::when(id.as_str() == chosen.as_str(), "selected");
            w.leaf("option", &[("value", id.as_str()), on], &format!("{label} ({id})", id = id.as_str()));
        }
        w.close("select");
        w.close("label");
    }
    w.open("label", &[]);
    w.text(tr(l, Key::Protocol));
    w.open("select", &[("data-testid", "reach-protocol")]);
    for (value, name) in [("tcp", "TCP"), ("udp", "UDP"), ("icmp", "ICMP")] {
        w.leaf("option", &[("value", value), crate::ui::html::when(value == protocol, "selected")], name);
    }
    w.close("select");
    w.close("label");
    w.open("label", &[]);
    w.text(tr(l, Key::Port));
    w.open(
        "input",
        &[("data-testid", "reach-port"), ("type", "number"), ("min", "0"), ("max", "65535"), ("value", &port)],
    );
    w.close("label");
    w.leaf("button", &[("class", "primary"), ("data-testid", "reach-check")], tr(l, Key::Check));
    w.leaf("button", &[("data-testid", "reach-clear")], tr(l, Key::Clear));
    w.close("div");
    w.0
}

/// The reachability tool.
/// `question`: the question being asked (None until the person asks); `result`: the
/// engine's answer to it, recomputed on every change of the design.
pub fn reach_panel(
    ctx: Ctx,
    question: RwSignal<Option<Question>>,
    result: RwSignal<Option<Result<Walk, Msg>>>,
) -> web_sys::Element {
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let protocol = RwSignal::new("tcp".to_string());
    let port = RwSignal::new("80".to_string());
    let ask = move || {
        let proto = match protocol.get_untracked().as_str() {
            "udp" => Protocol::Udp,
            "icmp" => Protocol::Icmp,
            _ => Protocol::Tcp,
        };
        let Ok(port) = port.get_untracked().trim().parse::<u16>() else {
            ctx.toast(engine::msg!("ui.reach.port_range"));
            return;
        };
        let flow = Flow { protocol: proto, port, client_ports: None };
        question.set(Some(Question { from: NodeId(from.get_untracked()), to: NodeId(to.get_untracked()), flow }));
    };
    // The form, written again when the design or the language changes (the choices and the
    // port kept in their signals, read untracked: typing does not rewrite the form).
    let form = move || {
        let _ = ctx.revision.get();
        let l = ctx.lang.get();
        let list = ctx.editor.with_value(|e| endpoints(&e.doc.scenario));
        for selected in [from, to] {
            let now = selected.get_untracked();
            if now.is_empty() || !list.iter().any(|(id, _)| id.as_str() == now) {
                if let Some((id, _)) = list.first() {
                    selected.set(id.to_string());
                }
            }
        }
        reach_form_html(l, &list, [from, to, protocol, port].map(|s| s.get_untracked()))
    };
    let on = move |ev: web_sys::Event| {
        let Some(el) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) else {
            return;
        };
        let testid = el.get_attribute("data-testid").unwrap_or_default();
        let value = || js_sys::Reflect::get(&el, &"value".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        match (ev.type_().as_str(), testid.as_str()) {
            ("change", "reach-from") => from.set(value()),
            ("change", "reach-to") => to.set(value()),
            ("change", "reach-protocol") => protocol.set(value()),
            ("input", "reach-port") => port.set(value()),
            ("click", "reach-check") => ask(),
            ("click", "reach-clear") => question.set(None),
            _ => {}
        }
    };
    let answer = move || {
        let l = ctx.lang.get();
        result
            .with(|r| r.as_ref().map(|r| ctx.editor.with_value(|e| answer_html(r, &e.doc.scenario, l))))
            .unwrap_or_default()
    };
    crate::ui::dom::el("div")
        .attr("class", "reach")
        .attr("data-testid", "reach")
        .child(&crate::ui::dom::slot(form, on))
        .child(&crate::ui::dom::el("div").attr("data-testid", "reach-result").html_fn(answer).0)
        .0
}

/// The answer to a reachability question: reachable or not (with AWS's reason), and each
/// hop of the path, the blocking one marked.
pub fn answer_html(r: &Result<Walk, Msg>, s: &Scenario, l: Lang) -> String {
    let mut w = W::default();
    let r = match r {
        Ok(r) => r,
        Err(msg) => {
            w.leaf("p", &[("class", "verdict bad")], &msg.say(l));
            return w.0;
        }
    };
    let (verdict, class, explanation) = match &r.blocked {
        None => (tr(l, Key::Reachable).to_string(), "verdict good", String::new()),
        Some((_, code, explanation)) => {
            (format!("{} · {code}", tr(l, Key::NotReachable)), "verdict bad", explanation.say(l))
        }
    };
    w.leaf("p", &[("class", class), ("data-testid", "reach-verdict")], &verdict);
    if !explanation.is_empty() {
        w.leaf("p", &[("class", "explanation"), ("data-testid", "reach-explanation")], &explanation);
    }
    w.open("ol", &[("class", "hops")]);
    let blocked = r.blocked.as_ref().map(|(at, ..)| at);
    for (hop, is_blocked) in r.path.iter().map(|h| (h, false)).chain(blocked.map(|h| (h, true))) {
        let label = crate::render::users::label(s, &hop.component);
        w.open("li", &[("class", if is_blocked { "hop blocked" } else { "hop" })]);
        w.leaf("span", &[("class", "leg")], if hop.request { "→" } else { "←" });
        w.leaf("b", &[], &label);
        w.text(" ");
        w.leaf("span", &[], &hop.detail.say(l));
        w.close("li");
    }
    w.close("ol");
    w.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::model::Spec;

    fn scenario(name: &str) -> Scenario {
        engine::scenarios::built_in(name).unwrap()
    }

    /// Each problem names its element on a button that selects it (markup in a name stays
    /// text); a design without problems says so.
    #[test]
    fn problems_point_at_their_elements() {
        let mut s = scenario("two-tier");
        assert!(problems_html(&engine::validate::validate(&s), &s, Lang::En).contains("ok-line"));
        // A subnet outside its VPC's block: InvalidSubnet.Range.
        let subnet = s.nodes.iter_mut().find(|n| matches!(n.spec, Spec::Subnet { .. })).unwrap();
        subnet.name = "<b>x</b>".into();
        let id = subnet.id.clone();
        if let Spec::Subnet { cidr, .. } = &mut subnet.spec {
            *cidr = "192.168.0.0/24".parse().unwrap();
        }
        let html = problems_html(&engine::validate::validate(&s), &s, Lang::Ko);
        assert!(html.contains(&format!("data-select=\"{id}\"")), "{html}");
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;") && !html.contains("<b>x"), "{html}");
        assert!(html.contains(tr(Lang::Ko, Key::Errors)));
    }

    /// A walk's answer: the verdict, and each hop in order with the blocking one marked.
    #[test]
    fn an_answer_lists_the_hops_and_marks_the_block() {
        let s = scenario("two-tier");
        let hop = |id: &str, request| Step { component: id.into(), request, detail: engine::msg!("common.empty") };
        let walk = Walk {
            reachable: false,
            path: vec![hop("internet", true), hop("igw", true)],
            blocked: Some((hop("acl-default", true), "NACL_DENY".into(), engine::msg!("common.empty"))),
        };
        let html = answer_html(&Ok(walk), &s, Lang::En);
        assert!(html.contains(tr(Lang::En, Key::NotReachable)) && html.contains("NACL_DENY"), "{html}");
        assert_eq!(html.matches("<li class=\"hop\">").count(), 2);
        assert_eq!(html.matches("<li class=\"hop blocked\">").count(), 1);
        let err = answer_html(&Err(engine::msg!("common.empty")), &s, Lang::En);
        assert!(err.starts_with("<p class=\"verdict bad\">"), "{err}");
    }
}
