//! The inspector: the selected element's settings as a form (name, CIDR blocks, route tables, security group and network ACL rules), with the engine's diagnostics for it inline.
//!
//! Every field commits on change as one undoable edit; a value that does not parse is
//! refused with a message and leaves the design untouched.

use crate::editor::session::Editor;
use crate::i18n::Say;
use crate::i18n::{choice_name, field_label, kind_name, property_name, tr, Key, Lang};
use crate::state::props::{self, Field, FieldKind};
use crate::state::store::{delete_network_object, Ctx};
use engine::model::{Action, Kind, NaclRule, NodeId, PortRange, Protocol, Route, SgRule, Spec};
use engine::netobj::ObjectKind;
use engine::validate::{Diagnostic, Severity};
use engine::Cidr;
use engine::{Ipv4, Text};
use leptos::prelude::*;

type Commit = Box<dyn Fn(String) -> Result<(), Text>>;

/// A text input that commits on change; a refused value shows the reason as a toast.
fn field(ctx: Ctx, value: String, testid: String, commit: Commit) -> impl IntoView {
    view! {
        <input type="text" prop:value=value data-testid=testid spellcheck="false"
            on:change=move |ev| {
                if let Err(msg) = commit(event_target_value(&ev)) {
                    ctx.toast(msg);
                    ctx.bump();
                }
            } />
    }
}

fn parse_cidr(text: &str) -> Result<Cidr, Text> {
    text.trim().parse::<Cidr>().map_err(|e| {
        Text::new(
            format!("{e}. Example: 10.0.1.0/24."),
            format!("'{}'은(는) 올바른 CIDR 블록이 아닙니다. 예: 10.0.1.0/24.", text.trim()),
        )
    })
}

/// A port range as a rule's field shows it: "전체" for every port in Korean, as the Korean
/// console says it.
fn ports_text(ports: PortRange, l: Lang) -> String {
    if ports == PortRange::ALL && l == Lang::Ko {
        "전체".to_string()
    } else {
        ports.to_string()
    }
}

fn parse_ports(text: &str) -> Result<PortRange, Text> {
    let text = if text.trim() == "전체" { "all" } else { text };
    text.parse::<PortRange>().map_err(|e| {
        Text::new(e, format!("'{}'은(는) 포트 범위가 아닙니다. 443, 1024-65535, all처럼 쓰세요.", text.trim()))
    })
}

fn protocol_select(
    ctx: Ctx,
    l: Lang,
    current: Protocol,
    testid: String,
    set: impl Fn(Protocol) + 'static,
) -> impl IntoView {
    let options = [Protocol::Tcp, Protocol::Udp, Protocol::Icmp, Protocol::All].map(|p| {
        let label = if p == Protocol::All { tr(l, Key::AllProtocols).to_string() } else { p.name().to_uppercase() };
        view! { <option value=p.name() prop:selected=p == current>{label}</option> }
    });
    view! {
        <select data-testid=testid on:change=move |ev| {
            let p = match event_target_value(&ev).as_str() {
                "udp" => Protocol::Udp,
                "icmp" => Protocol::Icmp,
                "all" => Protocol::All,
                _ => Protocol::Tcp,
            };
            set(p);
            let _ = ctx;
        }>{options}</select>
    }
}

/// The inspector body for the current selection. The problems are a region of their own:
/// verdicts arrive from the worker a moment after an edit, and must not rebuild a field
/// the person is typing in.
pub fn inspector(ctx: Ctx, e: &Editor, diagnostics: RwSignal<Vec<Diagnostic>>, l: Lang) -> AnyView {
    if e.selection.len() > 1 {
        return multi(ctx, e, diagnostics, l);
    }
    if let Some(id) = e.selected.as_ref().filter(|id| crate::render::users::exists(&e.scenario, id)) {
        return crate::ui::runui::users_inspector(ctx, e, id, l);
    }
    let Some(node) = e.selected.as_ref().and_then(|id| e.scenario.node(id)) else {
        let description = e.scenario.description.get(l.code()).to_string();
        return view! {
            <p class="muted">{tr(l, Key::NothingSelected)}</p>
            <p class="description">{description}</p>
            {crate::ui::runui::goals_editor(ctx, e, l)}
        }
        .into_any();
    };
    let id = node.id.clone();
    let kind = node.spec.kind();
    let target = id.clone();
    let problems = move || {
        diagnostics.with(|all| {
            let mine: Vec<&Diagnostic> =
                all.iter().filter(|d| d.target == target && d.severity != Severity::Info).collect();
            (!mine.is_empty()).then(|| {
                view! {
                    <ul class="inline-problems" data-testid="inspector-problems">
                        {mine.iter().map(|d| {
                            let class = if d.severity == Severity::Error { "problem error" } else { "problem warning" };
                            view! { <li class=class><code>{d.code.clone()}</code>" "{d.message.say(l)}
                                <div class="hint">{d.hint.say(l)}</div></li> }
                        }).collect_view()}
                    </ul>
                }
            })
        })
    };
    let name_id = id.clone();
    let name = field(
        ctx,
        node.name.clone(),
        "field-name".into(),
        Box::new(move |v| {
            ctx.edit(|s| {
                if let Some(n) = s.nodes.iter_mut().find(|n| n.id == name_id) {
                    n.name = v.trim().to_string();
                }
            });
            Ok(())
        }),
    );
    let title = node.label().to_string();
    let body = kind_body(ctx, e, &id, l);
    // Fields the dedicated editors above already show.
    let shown: &[&str] = match kind {
        Kind::Vpc => &["cidr"],
        Kind::Subnet => &["cidr", "route_table", "network_acl"],
        Kind::Instance => &["private_ip", "source_dest_check"],
        _ => &[],
    };
    let all = properties(ctx, e, std::slice::from_ref(&id), shown, l);
    // An element the open lesson locks: shown, not editable (an edit would be refused).
    let locked = e.locked.contains(&id);
    view! {
        <h3 data-testid="inspector-title">{title}</h3>
        {locked.then(|| view! { <p class="note locked-note" data-testid="locked-note">{tr(l, Key::LockedByLesson)}</p> })}
        <fieldset class="lock-scope" disabled=locked>
        <dl>
            <dt>{tr(l, Key::Kind)}</dt><dd>{kind_name(l, kind)}</dd>
            <dt>{tr(l, Key::Id)}</dt><dd>{id.to_string()}</dd>
            <dt>{tr(l, Key::Name)}</dt><dd>{name}</dd>
        </dl>
        {problems}
        {body}
        <h4 class="props-title">{tr(l, Key::Properties)}</h4>
        {all}
        </fieldset>
    }
    .into_any()
}

/// Several elements selected: how many, of which kinds, their problems, and the properties
/// they share (a change applies to all of them, as one undo step).
fn multi(ctx: Ctx, e: &Editor, diagnostics: RwSignal<Vec<Diagnostic>>, l: Lang) -> AnyView {
    let ids = e.selection.clone();
    let mut kinds: Vec<String> =
        ids.iter().filter_map(|id| e.scenario.node(id)).map(|n| kind_name(l, n.spec.kind()).to_string()).collect();
    engine::sort::sort_by(&mut kinds, Ord::cmp);
    kinds.dedup();
    let selected = ids.clone();
    let problems = move || {
        let n = diagnostics
            .with(|all| all.iter().filter(|d| selected.contains(&d.target) && d.severity == Severity::Error).count());
        (n > 0).then(|| view! { <p class="problem error">{format!("{n} {}", tr(l, Key::Errors))}</p> })
    };
    let all = properties(ctx, e, &ids, &[], l);
    view! {
        <h3 data-testid="inspector-title">{format!("{} {}", ids.len(), tr(l, Key::SelectedCount))}</h3>
        <p class="muted">{kinds.join(", ")}</p>
        {problems}
        <p class="note">{tr(l, Key::CommonProperties)}</p>
        {all}
    }
    .into_any()
}

/// A form with every property the selected elements share (`skip`: shown elsewhere).
fn properties(ctx: Ctx, e: &Editor, ids: &[NodeId], skip: &[&str], l: Lang) -> AnyView {
    let fields: Vec<Field> = props::fields(&e.scenario, ids)
        .into_iter()
        .filter(|f| !(f.path.len() == 1 && skip.contains(&f.path[0].as_str())))
        .collect();
    let rows = fields
        .into_iter()
        .map(|f| {
            // Fields of a section (app, ebs) are indented under its switch, by their own name.
            let label = field_label(l, &f.path);
            let class = match (&f.kind, f.path.len()) {
                (FieldKind::Item, _) => "record",
                (_, 1) => "",
                _ => "nested",
            };
            let testid = format!("prop-{}", f.path.join("."));
            let input = property_input(ctx, ids.to_vec(), f, testid, label.clone(), l);
            view! { <dt class=class>{label}</dt><dd>{input}</dd> }
        })
        .collect_view();
    view! { <dl class="properties" data-testid="properties">{rows}</dl> }.into_any()
}

/// Apply one property edit to every selected element as one undo step, or say why not.
fn commit_property(ctx: Ctx, ids: &[NodeId], field: &Field, text: &str) {
    let Some(mut doc) = ctx.editor.try_with_value(|e| e.scenario.clone()) else { return };
    match props::set(&mut doc, ids, field, text) {
        Ok(()) => {
            ctx.edit(|s| *s = doc);
        }
        Err(why) => {
            ctx.toast(why);
            // Redraw the form so the input shows the value the design still has.
            ctx.bump();
        }
    }
}

/// The input for one property, by its kind.
fn property_input(ctx: Ctx, ids: Vec<NodeId>, f: Field, testid: String, label: String, l: Lang) -> AnyView {
    let mixed = f.value.is_none();
    let current = f.text();
    let placeholder = if mixed { tr(l, Key::Mixed) } else { "" };
    match f.kind.clone() {
        FieldKind::Bool => {
            let on = f.value.as_ref().and_then(serde_json::Value::as_bool).unwrap_or(false);
            view! {
                <input type="checkbox" data-testid=testid aria-label=label prop:checked=on prop:indeterminate=mixed
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        commit_property(ctx, &ids, &f, if on { "true" } else { "false" });
                    } />
            }
            .into_any()
        }
        FieldKind::Choice(_) | FieldKind::Ref(_) => {
            let options: Vec<(String, String)> = match &f.kind {
                FieldKind::Ref(list) => {
                    // "web-a (i-web-a)"; just "i-web-a" when it has no other name.
                    list.iter()
                        .map(|(id, label)| {
                            let text = if label == id.as_str() { label.clone() } else { format!("{label} ({id})") };
                            (id.to_string(), text)
                        })
                        .collect()
                }
                FieldKind::Choice(options) => options
                    .iter()
                    .map(|o| {
                        (
                            o.to_string(),
                            if o.is_empty() { tr(l, Key::NotSet).to_string() } else { choice_name(l, o).to_string() },
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let unset = f.optional && !options.iter().any(|(v, _)| v.is_empty());
            let known = options.iter().any(|(v, _)| *v == current);
            view! {
                <select data-testid=testid aria-label=label on:change=move |ev| commit_property(ctx, &ids, &f, &event_target_value(&ev))>
                    {mixed.then(|| view! { <option value="" prop:selected=true disabled=true>{tr(l, Key::Mixed)}</option> })}
                    {unset.then(|| view! { <option value="" prop:selected=current.is_empty()>{tr(l, Key::NotSet)}</option> })}
                    {(!mixed && !known && !current.is_empty()).then(|| view! { <option value=current.clone() prop:selected=true>{current.clone()}</option> })}
                    {options.into_iter().map(|(value, label)| {
                        let selected = !mixed && value == current;
                        view! { <option value=value prop:selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        FieldKind::RefList(list) => {
            let chosen: Vec<String> = current.split(',').filter(|x| !x.is_empty()).map(str::to_string).collect();
            let boxes = list
                .into_iter()
                .map(|(id, label)| {
                    let on = chosen.contains(&id.0);
                    let (ids, f, chosen) = (ids.clone(), f.clone(), chosen.clone());
                    let item = format!("{testid}-{id}");
                    let value = id.0.clone();
                    view! {
                        <label class="check"><input type="checkbox" data-testid=item prop:checked=on on:change=move |ev| {
                            let mut next = chosen.clone();
                            if event_target_checked(&ev) { next.push(value.clone()) } else { next.retain(|x| *x != value) }
                            commit_property(ctx, &ids, &f, &next.join(","));
                        } />" "{label}</label>
                    }
                })
                .collect_view();
            view! { <div class="ref-list" role="group" aria-label=label data-testid=testid.clone()>{boxes}</div> }
                .into_any()
        }
        FieldKind::TextList => {
            // One row per item; clearing a row removes it, the empty last row adds one.
            let items: Vec<String> = current.split(',').filter(|x| !x.is_empty()).map(str::to_string).collect();
            let rows = items
                .iter()
                .cloned()
                .chain(std::iter::once(String::new()))
                .enumerate()
                .map(|(k, item)| {
                    let (ids, f, items) = (ids.clone(), f.clone(), items.clone());
                    let row = format!("{testid}-{k}");
                    let hint = if k == items.len() { tr(l, Key::AddItem) } else { "" };
                    view! {
                        <input type="text" prop:value=item data-testid=row aria-label=label.clone() placeholder=hint spellcheck="false"
                            on:change=move |ev| {
                                let mut next = items.clone();
                                let v = event_target_value(&ev).trim().to_string();
                                if k < next.len() { next[k] = v } else { next.push(v) }
                                next.retain(|x| !x.is_empty());
                                commit_property(ctx, &ids, &f, &next.join(","));
                            } />
                    }
                })
                .collect_view();
            view! { <div class="text-list" role="group" aria-label=label data-testid=testid.clone()>{rows}</div> }
                .into_any()
        }
        // A list's add button, a record's remove button: the field's label names them.
        FieldKind::Add | FieldKind::Item => {
            let add = f.kind == FieldKind::Add;
            view! {
                <button class=if add { "add" } else { "icon" } data-testid=testid aria-label=label
                    title=if add { "" } else { tr(l, Key::Remove) }
                    on:click=move |_| commit_property(ctx, &ids, &f, "")>{if add { tr(l, Key::AddItem) } else { "×" }}</button>
            }
            .into_any()
        }
        // Structured data the registry does not describe (no kind has any today: lists of
        // records are edited field by field): shown, edited in the JSON file.
        FieldKind::Json => view! { <code data-testid=testid aria-label=label>{current}</code> }.into_any(),
        FieldKind::Number | FieldKind::Text => {
            let kind = if f.kind == FieldKind::Number { "number" } else { "text" };
            view! {
                <input type=kind step="any" prop:value=current data-testid=testid aria-label=label placeholder=placeholder spellcheck="false"
                    on:change=move |ev| commit_property(ctx, &ids, &f, &event_target_value(&ev)) />
            }
            .into_any()
        }
    }
}

/// A CIDR field for the node's main block.
fn cidr_field(ctx: Ctx, id: &NodeId, cidr: Cidr) -> impl IntoView {
    let id = id.clone();
    field(
        ctx,
        cidr.to_string(),
        "field-cidr".into(),
        Box::new(move |v| {
            let new = parse_cidr(&v)?;
            ctx.edit(|s| {
                if let Some(n) = s.nodes.iter_mut().find(|n| n.id == id) {
                    if let Spec::Vpc { cidr, .. } | Spec::Subnet { cidr, .. } = &mut n.spec {
                        *cidr = new;
                    }
                }
            });
            Ok(())
        }),
    )
}

fn kind_body(ctx: Ctx, e: &Editor, id: &NodeId, l: Lang) -> AnyView {
    let s = &e.scenario;
    let Some(node) = s.node(id) else { return ().into_any() };
    let label = |i: &NodeId| s.node(i).map(|n| n.label().to_string()).unwrap_or_else(|| i.to_string());
    let list = |ids: &[NodeId]| ids.iter().map(label).collect::<Vec<_>>().join(", ");
    match &node.spec {
        Spec::Vpc { cidr, .. } => view! {
            <dl><dt>{tr(l, Key::Cidr)}</dt><dd>{cidr_field(ctx, id, *cidr)}</dd></dl>
            {network_objects(ctx, e, id, l)}
        }
        .into_any(),
        Spec::Subnet { cidr, .. } => {
            let usable = cidr.usable_in_subnet();
            let public = engine::view::subnet_is_public(s, id);
            let rt = engine::view::route_table_of(s, id).cloned();
            let acl = subnet_acl(s, id);
            view! {
                <dl>
                    <dt>{tr(l, Key::Cidr)}</dt><dd>{cidr_field(ctx, id, *cidr)}</dd>
                    <dt>{tr(l, Key::UsableAddresses)}</dt><dd data-testid="usable">{format!("{usable} / {}", cidr.size())}</dd>
                    <dt>{tr(l, Key::Subnet)}</dt><dd>{tr(l, if public { Key::PublicSubnet } else { Key::PrivateSubnet })}</dd>
                </dl>
                <p class="note">{tr(l, Key::UsableAddressesNote)}</p>
                <dl>
                    <dt>{tr(l, Key::RouteTable)}</dt>
                    <dd>{association_select(ctx, e, id, ObjectKind::RouteTable, rt.clone())}</dd>
                    <dt>{kind_name(l, Kind::NetworkAcl)}</dt>
                    <dd>{association_select(ctx, e, id, ObjectKind::NetworkAcl, acl.clone())}</dd>
                </dl>
                {rt.map(|rt| route_table_editor(ctx, e, &rt, l))}
                {acl.map(|acl| nacl_editor(ctx, e, &acl, l))}
            }
            .into_any()
        }
        Spec::RouteTable { vpc, .. } | Spec::NetworkAcl { vpc, .. } | Spec::SecurityGroup { vpc, .. } => {
            // One view shape for the three (each distinct view type costs code in the wasm).
            let (editor, subnets) = match &node.spec {
                Spec::RouteTable { .. } => {
                    (route_table_editor(ctx, e, id, l).into_any(), associations(ctx, e, id, ObjectKind::RouteTable, l))
                }
                Spec::NetworkAcl { .. } => {
                    (nacl_editor(ctx, e, id, l).into_any(), associations(ctx, e, id, ObjectKind::NetworkAcl, l))
                }
                _ => (sg_editor(ctx, e, id, l).into_any(), ().into_any()),
            };
            view! { {back_to_vpc(ctx, e, vpc, l)} {editor} {subnets} }.into_any()
        }
        Spec::Instance { instance_type, subnet, private_ip, security_groups, source_dest_check, .. } => {
            let ip_id = id.clone();
            let ip = field(
                ctx,
                private_ip.map(|i| i.to_string()).unwrap_or_default(),
                "field-private-ip".into(),
                Box::new(move |v| {
                    let parsed = if v.trim().is_empty() {
                        None
                    } else {
                        Some(v.trim().parse::<Ipv4>().map_err(|e| {
                            Text::new(e.to_string(), format!("'{}'은(는) IPv4 주소가 아닙니다.", v.trim()))
                        })?)
                    };
                    ctx.edit(|s| {
                        if let Some(Spec::Instance { private_ip, .. }) =
                            s.nodes.iter_mut().find(|n| n.id == ip_id).map(|n| &mut n.spec)
                        {
                            *private_ip = parsed;
                        }
                    });
                    Ok(())
                }),
            );
            let check_id = id.clone();
            let check = *source_dest_check;
            view! {
                <dl>
                    <dt>{tr(l, Key::InstanceType)}</dt><dd>{instance_type.clone()}</dd>
                    <dt>{tr(l, Key::Subnet)}</dt><dd>{label(subnet)}</dd>
                    <dt>{tr(l, Key::PrivateIp)}</dt><dd>{ip}</dd>
                    <dt>{tr(l, Key::SourceDestCheck)}</dt>
                    <dd><input type="checkbox" data-testid="field-source-dest-check" prop:checked=check on:change=move |_| {
                        ctx.edit(|s| {
                            if let Some(Spec::Instance { source_dest_check, .. }) = s.nodes.iter_mut().find(|n| n.id == check_id).map(|n| &mut n.spec) {
                                *source_dest_check = !*source_dest_check;
                            }
                        });
                    } /></dd>
                    <dt>{tr(l, Key::SecurityGroups)}</dt><dd>{list(security_groups)}</dd>
                </dl>
                {security_groups.iter().map(|sg| sg_editor(ctx, e, sg, l)).collect_view()}
            }
            .into_any()
        }
        Spec::LoadBalancer { subnets, security_groups, targets, .. } => view! {
            <dl>
                <dt>{tr(l, Key::Subnet)}</dt><dd>{list(subnets)}</dd>
                <dt>{tr(l, Key::Targets)}</dt><dd>{list(targets)}</dd>
                <dt>{tr(l, Key::SecurityGroups)}</dt><dd>{list(security_groups)}</dd>
            </dl>
            {security_groups.iter().map(|sg| sg_editor(ctx, e, sg, l)).collect_view()}
        }
        .into_any(),
        Spec::NatGateway { subnet, elastic_ip } => view! {
            <dl>
                <dt>{tr(l, Key::Subnet)}</dt><dd>{label(subnet)}</dd>
                <dt>{property_name(l, "elastic_ip")}</dt><dd>{elastic_ip.map(|i| i.to_string()).unwrap_or_else(|| "—".into())}</dd>
            </dl>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// The VPC's route tables, security groups and network ACLs, each with its use, a delete
/// button (refused with AWS's error code when AWS would refuse) and a "+ New" button; a
/// name opens the object's editor, as the VPC console's lists do.
fn network_objects(ctx: Ctx, e: &Editor, vpc: &NodeId, l: Lang) -> impl IntoView {
    let s = &e.scenario;
    let group = |kind: ObjectKind| {
        let (title, new, slug) = match kind {
            ObjectKind::RouteTable => (Key::RouteTables, Key::NewRouteTable, "route-table"),
            ObjectKind::SecurityGroup => (Key::SecurityGroups, Key::NewSecurityGroup, "security-group"),
            ObjectKind::NetworkAcl => (Key::NetworkAcls, Key::NewNetworkAcl, "network-acl"),
        };
        let objects = engine::netobj::list(s, vpc, kind);
        let rows = objects
            .into_iter()
            .map(|o| {
                let badge = o.is_default.then(|| {
                    let key = if kind == ObjectKind::RouteTable { Key::MainBadge } else { Key::DefaultBadge };
                    view! { <span class="badge">{tr(l, key)}</span> }
                });
                let usage = usage_text(l, kind, o.used_by);
                let (open, gone) = (o.id.clone(), o.id.clone());
                view! {
                    <li>
                        <button class="link" data-testid=format!("netobj-open-{}", o.id) on:click=move |_| ctx.select(Some(open.clone()))>{o.label.clone()}</button>
                        {badge}
                        <span class="muted">{usage}</span>
                        <button class="icon" title=tr(l, Key::Remove) aria-label=format!("{} {}", tr(l, Key::Remove), o.label)
                            data-testid=format!("netobj-delete-{}", o.id) on:click=move |_| delete_network_object(ctx, &gone)>"✕"</button>
                    </li>
                }
            })
            .collect_view();
        let in_vpc = vpc.clone();
        view! {
            <h5>{tr(l, title)}</h5>
            <ul class="netobj-list" data-testid=format!("netobj-{slug}s")>{rows}</ul>
            <button data-testid=format!("new-{slug}") on:click=move |_| {
                let created = ctx.editor.try_with_value(|e| engine::netobj::new_object(&e.scenario, &in_vpc, kind));
                match created {
                    Some(Ok(node)) => {
                        let id = node.id.clone();
                        ctx.edit(|s| s.nodes.push(node));
                        let line = |l: Lang| format!("{} {id}", kind_name(l, kind_json(kind)));
                        ctx.note_text(Key::Created, Text::new(line(Lang::En), line(Lang::Ko)));
                        ctx.select(Some(id));
                    }
                    Some(Err(why)) => ctx.toast(why),
                    None => {}
                }
            }>{tr(l, new)}</button>
        }
    };
    view! {
        <section class="rules netobj" data-testid="network-objects">
            <h4>{tr(l, Key::NetworkObjects)}</h4>
            <p class="note">{tr(l, Key::NetworkObjectsNote)}</p>
            {group(ObjectKind::RouteTable)}
            {group(ObjectKind::SecurityGroup)}
            {group(ObjectKind::NetworkAcl)}
        </section>
    }
}

/// The document kind of a network object kind.
fn kind_json(kind: ObjectKind) -> Kind {
    match kind {
        ObjectKind::RouteTable => Kind::RouteTable,
        ObjectKind::SecurityGroup => Kind::SecurityGroup,
        ObjectKind::NetworkAcl => Kind::NetworkAcl,
    }
}

/// "2 subnets" / "서브넷 2개" for tables and ACLs, "1 attached" / "1개에 연결" for groups.
pub fn usage_text(l: Lang, kind: ObjectKind, n: usize) -> String {
    match (kind, l) {
        (ObjectKind::SecurityGroup, Lang::Ko) => format!("{n}개에 연결"),
        (ObjectKind::SecurityGroup, Lang::En) => format!("{n} attached"),
        (_, Lang::Ko) => format!("서브넷 {n}개"),
        (_, Lang::En) if n == 1 => "1 subnet".to_string(),
        (_, Lang::En) => format!("{n} subnets"),
    }
}

/// A link back to the VPC an object belongs to (its list of tables, groups and ACLs).
fn back_to_vpc(ctx: Ctx, e: &Editor, vpc: &NodeId, l: Lang) -> impl IntoView {
    let name = e.scenario.node(vpc).map(|n| n.label().to_string()).unwrap_or_else(|| vpc.to_string());
    let to = vpc.clone();
    view! {
        <dl><dt>{tr(l, Key::InVpc)}</dt><dd>
            <button class="link" data-testid="back-to-vpc" on:click=move |_| ctx.select(Some(to.clone()))>{format!("← {name}")}</button>
        </dd></dl>
    }
}

/// Point `subnet`'s route table or ACL association at `to` (`None`: the main table or the
/// default ACL, which is what AWS's "no explicit association" means).
fn associate(ctx: Ctx, subnet: &NodeId, kind: ObjectKind, to: Option<NodeId>) {
    edit_spec(ctx, subnet, |spec| {
        if let Spec::Subnet { route_table, network_acl, .. } = spec {
            match kind {
                ObjectKind::RouteTable => *route_table = to,
                ObjectKind::NetworkAcl => *network_acl = to,
                ObjectKind::SecurityGroup => {}
            }
        }
    });
}

/// The value an association takes when a person picks `object`: none for the main table or
/// the default ACL (the implicit association), else the object itself.
pub fn association_value(s: &engine::Scenario, object: &NodeId) -> Option<NodeId> {
    match s.node(object).map(|n| &n.spec) {
        Some(Spec::RouteTable { main: true, .. } | Spec::NetworkAcl { default: true, .. }) => None,
        Some(_) => Some(object.clone()),
        None => None,
    }
}

/// A subnet's route table or ACL, chosen from its VPC's.
fn association_select(ctx: Ctx, e: &Editor, subnet: &NodeId, kind: ObjectKind, current: Option<NodeId>) -> AnyView {
    let s = &e.scenario;
    let Some(vpc) = engine::netobj::vpc_of(s, subnet) else { return ().into_any() };
    let testid = if kind == ObjectKind::RouteTable { "subnet-route-table" } else { "subnet-network-acl" };
    let options = engine::netobj::list(s, &vpc, kind)
        .into_iter()
        .map(|o| {
            let selected = current.as_ref() == Some(&o.id);
            view! { <option value=o.id.to_string() prop:selected=selected>{o.label}</option> }
        })
        .collect_view();
    let sn = subnet.clone();
    view! {
        <select data-testid=testid on:change=move |ev| {
            let picked = NodeId(event_target_value(&ev));
            let value = ctx.editor.with_value(|e| association_value(&e.scenario, &picked));
            associate(ctx, &sn, kind, value);
        }>{options}</select>
    }
    .into_any()
}

/// The subnets of a route table's or ACL's VPC, checked where they use it (the console's
/// "Edit subnet associations"). A subnet leaves the main table or default ACL only by
/// being associated with another one, so those boxes cannot be unchecked.
fn associations(ctx: Ctx, e: &Editor, object: &NodeId, kind: ObjectKind, l: Lang) -> AnyView {
    let s = &e.scenario;
    let Some(vpc) = engine::netobj::vpc_of(s, object) else { return ().into_any() };
    let implicit = association_value(s, object).is_none();
    let rows = s
        .nodes
        .iter()
        .filter(|n| matches!(&n.spec, Spec::Subnet { vpc: v, .. } if *v == vpc))
        .map(|n| {
            let uses = match kind {
                ObjectKind::RouteTable => engine::view::route_table_of(s, &n.id) == Some(object),
                _ => subnet_acl(s, &n.id).as_ref() == Some(object),
            };
            let (sn, obj) = (n.id.clone(), object.clone());
            let cidr = match &n.spec {
                Spec::Subnet { cidr, .. } => cidr.to_string(),
                _ => String::new(),
            };
            view! {
                <label class="check"><input type="checkbox" data-testid=format!("assoc-{}", n.id) prop:checked=uses
                    disabled=uses && implicit
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let to = if on { ctx.editor.with_value(|e| association_value(&e.scenario, &obj)) } else { None };
                        associate(ctx, &sn, kind, to);
                    } />" "{n.label().to_string()}" "<span class="muted">{cidr}</span></label>
            }
        })
        .collect_view();
    view! {
        <section class="rules" data-testid="subnet-associations">
            <h4>{tr(l, Key::SubnetAssociations)}</h4>
            <p class="note">{tr(l, Key::SubnetAssociationsNote)}</p>
            <div class="ref-list">{rows}</div>
        </section>
    }
    .into_any()
}

/// The network ACL a subnet uses: its explicit one, else its VPC's default ACL.
fn subnet_acl(s: &engine::Scenario, subnet: &NodeId) -> Option<NodeId> {
    let Spec::Subnet { vpc, network_acl, .. } = &s.node(subnet)?.spec else { return None };
    if let Some(a) = network_acl {
        return Some(a.clone());
    }
    s.nodes
        .iter()
        .find(|n| matches!(&n.spec, Spec::NetworkAcl { vpc: v, default: true, .. } if v == vpc))
        .map(|n| n.id.clone())
}

/// Things a route in `vpc` can point at: its IGW, VGW, NAT gateways, instances (NAT
/// instances) and peering connections.
fn route_targets(s: &engine::Scenario, vpc: &NodeId) -> Vec<(NodeId, String)> {
    let in_vpc =
        |subnet: &NodeId| matches!(s.node(subnet).map(|n| &n.spec), Some(Spec::Subnet { vpc: v, .. }) if v == vpc);
    s.nodes
        .iter()
        .filter(|n| match &n.spec {
            Spec::InternetGateway { vpc: Some(v) } | Spec::VpnGateway { vpc: Some(v) } => v == vpc,
            Spec::NatGateway { subnet, .. } | Spec::Instance { subnet, .. } => in_vpc(subnet),
            Spec::VpcPeering { requester, accepter } => requester == vpc || accepter == vpc,
            _ => false,
        })
        .map(|n| (n.id.clone(), n.label().to_string()))
        .collect()
}

/// Edit one node's settings as an undoable step.
fn edit_spec(ctx: Ctx, id: &NodeId, f: impl FnOnce(&mut Spec)) {
    ctx.edit(|s| {
        if let Some(node) = s.nodes.iter_mut().find(|n| &n.id == id) {
            f(&mut node.spec);
        }
    });
}

fn update_routes(ctx: Ctx, rt: &NodeId, f: impl FnOnce(&mut Vec<Route>)) {
    edit_spec(ctx, rt, |spec| {
        if let Spec::RouteTable { routes, .. } = spec {
            f(routes);
        }
    });
}

fn route_table_editor(ctx: Ctx, e: &Editor, rt: &NodeId, l: Lang) -> impl IntoView {
    let s = &e.scenario;
    let Some(Spec::RouteTable { vpc, routes, main }) = s.node(rt).map(|n| &n.spec) else { return ().into_any() };
    let title = format!(
        "{}: {}{}",
        tr(l, Key::RouteTable),
        s.node(rt).map(|n| n.label()).unwrap_or(""),
        if *main { format!(" ({})", tr(l, Key::MainBadge)) } else { String::new() }
    );
    let local: Vec<String> = match s.node(vpc).map(|n| &n.spec) {
        Some(Spec::Vpc { cidr, secondary_cidrs, .. }) => {
            std::iter::once(cidr).chain(secondary_cidrs).map(|c| c.to_string()).collect()
        }
        _ => vec![],
    };
    let targets = route_targets(s, vpc);
    let rows = routes.iter().enumerate().map(|(i, r)| {
        let rt_d = rt.clone();
        let dest = field(ctx, r.destination.to_string(), format!("route-dest-{i}"), Box::new(move |v| {
            let c = parse_cidr(&v)?;
            update_routes(ctx, &rt_d, |routes| if let Some(r) = routes.get_mut(i) { r.destination = c; });
            Ok(())
        }));
        let rt_t = rt.clone();
        let rt_x = rt.clone();
        let mut options: Vec<_> = targets.clone();
        if !options.iter().any(|(t, _)| *t == r.target) {
            // A target that no longer exists: AWS shows such a route as a blackhole.
            options.insert(0, (r.target.clone(), format!("{} (blackhole)", r.target)));
        }
        view! {
            <tr>
                <td>{dest}</td>
                <td><select data-testid=format!("route-target-{i}") on:change=move |ev| {
                    let t = NodeId(event_target_value(&ev));
                    update_routes(ctx, &rt_t, |routes| if let Some(r) = routes.get_mut(i) { r.target = t; });
                }>{options.into_iter().map(|(t, label)| {
                    let sel = t == r.target;
                    view! { <option value=t.to_string() prop:selected=sel>{label}</option> }
                }).collect_view()}</select></td>
                <td><button class="icon" title=tr(l, Key::Remove) aria-label=tr(l, Key::Remove) data-testid=format!("route-remove-{i}")
                    on:click=move |_| update_routes(ctx, &rt_x, |routes| if i < routes.len() { routes.remove(i); })>"✕"</button></td>
            </tr>
        }
    }).collect_view();
    let rt_add = rt.clone();
    let first_target = targets.first().map(|(t, _)| t.clone());
    view! {
        <section class="rules" data-testid="route-table">
            <h4>{title}</h4>
            <p class="note">{tr(l, Key::SharedTableNote)}</p>
            <table>
                <thead><tr><th>{tr(l, Key::Destination)}</th><th>{tr(l, Key::Target)}</th><th></th></tr></thead>
                <tbody>
                    {local.into_iter().map(|c| view! { <tr class="fixed"><td>{c}</td><td>"local"</td><td></td></tr> }).collect_view()}
                    {rows}
                </tbody>
            </table>
            <button data-testid="route-add" on:click=move |_| {
                match first_target.clone() {
                    Some(target) => update_routes(ctx, &rt_add, |routes| routes.push(Route { destination: Cidr::ANY, target })),
                    None => ctx.toast(Text::new(
                        "This VPC has nothing a route can point at yet: add an Internet gateway, NAT gateway or peering first.",
                        "이 VPC에는 경로 대상이 아직 없습니다. 인터넷 게이트웨이, NAT 게이트웨이 또는 피어링을 먼저 추가하세요.",
                    )),
                }
            }>{tr(l, Key::AddRoute)}</button>
        </section>
    }
    .into_any()
}

fn update_sg(ctx: Ctx, sg: &NodeId, inbound: bool, f: impl FnOnce(&mut Vec<SgRule>)) {
    let sg = sg.clone();
    ctx.edit(|s| {
        if let Some(Spec::SecurityGroup { inbound: i, outbound: o, .. }) =
            s.nodes.iter_mut().find(|n| n.id == sg).map(|n| &mut n.spec)
        {
            f(if inbound { i } else { o });
        }
    });
}

fn sg_editor(ctx: Ctx, e: &Editor, sg: &NodeId, l: Lang) -> impl IntoView {
    let s = &e.scenario;
    let Some(Spec::SecurityGroup { inbound, outbound, .. }) = s.node(sg).map(|n| &n.spec) else { return ().into_any() };
    let title = format!("{}: {}", kind_name(l, Kind::SecurityGroup), s.node(sg).map(|n| n.label()).unwrap_or(""));
    let table = |rules: &Vec<SgRule>, inbound: bool| {
        let dir = if inbound { "in" } else { "out" };
        let rows = rules.iter().enumerate().map(|(i, r)| {
            let (a, b, c, d) = (sg.clone(), sg.clone(), sg.clone(), sg.clone());
            let peer = r.cidr.map(|c| c.to_string()).unwrap_or_default();
            let peer_group = r.group.clone();
            // AWS lets a rule name a CIDR block or a security group (VPC User Guide,
            // "Security group rules": a group means the interfaces that carry it).
            let groups: Vec<(NodeId, String)> = engine::netobj::vpc_of(s, sg)
                .map(|vpc| engine::netobj::list(s, &vpc, ObjectKind::SecurityGroup))
                .unwrap_or_default()
                .into_iter()
                .map(|o| (o.id, o.label))
                .collect();
            let unknown = peer_group.as_ref().filter(|g| !groups.iter().any(|(id, _)| id == *g)).cloned();
            let e2 = sg.clone();
            let kind_select = view! {
                <select class="peer" data-testid=format!("sg-{dir}-peer-kind-{i}") on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let (cidr, group) = if v == "cidr" { (Some(Cidr::ANY), None) } else { (None, Some(NodeId(v))) };
                    update_sg(ctx, &e2, inbound, |rs| if let Some(r) = rs.get_mut(i) { r.cidr = cidr; r.group = group; });
                }>
                    <option value="cidr" prop:selected=peer_group.is_none()>{tr(l, Key::CidrBlock)}</option>
                    {unknown.map(|g| view! { <option value=g.to_string() prop:selected=true>{g.to_string()}</option> })}
                    {groups.into_iter().map(|(g, label)| {
                        let sel = peer_group.as_ref() == Some(&g);
                        view! { <option value=g.to_string() prop:selected=sel>{format!("{} {label}", tr(l, Key::SgShort))}</option> }
                    }).collect_view()}
                </select>
            };
            let cidr_input = r.group.is_none().then(|| field(ctx, peer, format!("sg-{dir}-peer-{i}"), Box::new(move |v| {
                let cidr = parse_cidr(&v)?;
                update_sg(ctx, &c, inbound, |rs| if let Some(r) = rs.get_mut(i) { r.cidr = Some(cidr); r.group = None; });
                Ok(())
            })));
            view! {
                <tr>
                    <td>{protocol_select(ctx, l, r.protocol, format!("sg-{dir}-proto-{i}"), move |p| update_sg(ctx, &a, inbound, |rs| if let Some(r) = rs.get_mut(i) { r.protocol = p; }))}</td>
                    <td>{field(ctx, ports_text(r.ports, l), format!("sg-{dir}-ports-{i}"), Box::new(move |v| {
                        let p = parse_ports(&v)?;
                        update_sg(ctx, &b, inbound, |rs| if let Some(r) = rs.get_mut(i) { r.ports = p; });
                        Ok(())
                    }))}</td>
                    <td class="peer">{kind_select}{cidr_input}</td>
                    <td><button class="icon" title=tr(l, Key::Remove) aria-label=tr(l, Key::Remove)
                        on:click=move |_| update_sg(ctx, &d, inbound, |rs| if i < rs.len() { rs.remove(i); })>"✕"</button></td>
                </tr>
            }
        }).collect_view();
        let add = sg.clone();
        view! {
            <table>
                <thead><tr><th>{tr(l, Key::Protocol)}</th><th>{tr(l, Key::Port)}</th><th>{tr(l, if inbound { Key::Source } else { Key::Destination })}</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <button on:click=move |_| update_sg(ctx, &add, inbound, |rs| rs.push(SgRule { protocol: Protocol::Tcp, ports: PortRange::single(443), cidr: Some(Cidr::ANY), group: None }))>
                {tr(l, Key::AddRule)}</button>
        }
    };
    view! {
        <section class="rules" data-testid=format!("sg-{sg}")>
            <h4>{title}</h4>
            <p class="note">{tr(l, Key::SgNote)}</p>
            <h5>{tr(l, Key::Inbound)}</h5>{table(inbound, true)}
            <h5>{tr(l, Key::Outbound)}</h5>{table(outbound, false)}
        </section>
    }
    .into_any()
}

fn update_nacl(ctx: Ctx, acl: &NodeId, inbound: bool, f: impl FnOnce(&mut Vec<NaclRule>)) {
    let acl = acl.clone();
    ctx.edit(|s| {
        if let Some(Spec::NetworkAcl { inbound: i, outbound: o, .. }) =
            s.nodes.iter_mut().find(|n| n.id == acl).map(|n| &mut n.spec)
        {
            f(if inbound { i } else { o });
        }
    });
}

fn nacl_editor(ctx: Ctx, e: &Editor, acl: &NodeId, l: Lang) -> impl IntoView {
    let s = &e.scenario;
    let Some(Spec::NetworkAcl { inbound, outbound, default, .. }) = s.node(acl).map(|n| &n.spec) else {
        return ().into_any();
    };
    let title = format!("{}: {}", kind_name(l, Kind::NetworkAcl), s.node(acl).map(|n| n.label()).unwrap_or(""));
    let table = |rules: &Vec<NaclRule>, inbound: bool| {
        let dir = if inbound { "in" } else { "out" };
        let mut order: Vec<usize> = (0..rules.len()).collect();
        engine::sort::sort_by_key(&mut order, |i| rules[*i].rule);
        let rows = order.into_iter().map(|i| {
            let r = &rules[i];
            let (a, b, c, d, f, g) = (acl.clone(), acl.clone(), acl.clone(), acl.clone(), acl.clone(), acl.clone());
            let allow = r.action == Action::Allow;
            view! {
                <tr>
                    <td>{field(ctx, r.rule.to_string(), format!("acl-{dir}-num-{i}"), Box::new(move |v| {
                        let n: u16 = v.trim().parse().ok().filter(|n| (1..=32766).contains(n)).ok_or_else(|| Text::new(
                            "A network ACL rule number is 1 to 32766; lower numbers are evaluated first.",
                            "네트워크 ACL 규칙 번호는 1에서 32766 사이이며, 낮은 번호부터 평가합니다.",
                        ))?;
                        update_nacl(ctx, &a, inbound, |rs| if let Some(r) = rs.get_mut(i) { r.rule = n; });
                        Ok(())
                    }))}</td>
                    <td><select data-testid=format!("acl-{dir}-action-{i}") on:change=move |ev| {
                        let act = if event_target_value(&ev) == "deny" { Action::Deny } else { Action::Allow };
                        update_nacl(ctx, &b, inbound, |rs| if let Some(r) = rs.get_mut(i) { r.action = act; });
                    }>
                        <option value="allow" prop:selected=allow>{tr(l, Key::Allow)}</option>
                        <option value="deny" prop:selected=!allow>{tr(l, Key::Deny)}</option>
                    </select></td>
                    <td>{protocol_select(ctx, l, r.protocol, format!("acl-{dir}-proto-{i}"), move |p| update_nacl(ctx, &c, inbound, |rs| if let Some(r) = rs.get_mut(i) { r.protocol = p; }))}</td>
                    <td>{field(ctx, ports_text(r.ports, l), format!("acl-{dir}-ports-{i}"), Box::new(move |v| {
                        let p = parse_ports(&v)?;
                        update_nacl(ctx, &d, inbound, |rs| if let Some(r) = rs.get_mut(i) { r.ports = p; });
                        Ok(())
                    }))}</td>
                    <td>{field(ctx, r.cidr.to_string(), format!("acl-{dir}-cidr-{i}"), Box::new(move |v| {
                        let cidr = parse_cidr(&v)?;
                        update_nacl(ctx, &f, inbound, |rs| if let Some(r) = rs.get_mut(i) { r.cidr = cidr; });
                        Ok(())
                    }))}</td>
                    <td><button class="icon" title=tr(l, Key::Remove) aria-label=tr(l, Key::Remove)
                        on:click=move |_| update_nacl(ctx, &g, inbound, |rs| if i < rs.len() { rs.remove(i); })>"✕"</button></td>
                </tr>
            }
        }).collect_view();
        let add = acl.clone();
        let next = rules.iter().map(|r| r.rule).max().unwrap_or(0).saturating_add(100).min(32766);
        view! {
            <table class="acl">
                <thead><tr><th>"#"</th><th></th><th>{tr(l, Key::Protocol)}</th><th>{tr(l, Key::Port)}</th><th>"CIDR"</th><th></th></tr></thead>
                <tbody>{rows}<tr class="fixed"><td>"*"</td><td>{tr(l, Key::Deny)}</td><td>{tr(l, Key::AllProtocols)}</td><td>{if l == Lang::Ko { "전체" } else { "all" }}</td><td>"0.0.0.0/0"</td><td></td></tr></tbody>
            </table>
            <button on:click=move |_| update_nacl(ctx, &add, inbound, |rs| rs.push(NaclRule { rule: next, action: Action::Allow, protocol: Protocol::Tcp, ports: PortRange::single(443), cidr: Cidr::ANY }))>
                {tr(l, Key::AddRule)}</button>
        }
    };
    view! {
        <section class="rules" data-testid=format!("acl-{acl}")>
            <h4>{title}</h4>
            <p class="note">{tr(l, Key::NaclNote)}</p>
            {(!*default).then(|| view! { <p class="note">{tr(l, Key::CustomNaclNote)}</p> })}
            <h5>{tr(l, Key::Inbound)}</h5>{table(inbound, true)}
            <h5>{tr(l, Key::Outbound)}</h5>{table(outbound, false)}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_tier() -> engine::Scenario {
        engine::Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap()
    }

    /// Every port reads "전체" in Korean (as the Korean console says it) and is read back.
    #[test]
    fn all_ports_read_in_the_readers_language_and_back() {
        assert_eq!(ports_text(PortRange::ALL, Lang::Ko), "전체");
        assert_eq!(ports_text(PortRange::ALL, Lang::En), "all");
        assert_eq!(ports_text(PortRange { from: 443, to: 443 }, Lang::Ko), "443");
        assert_eq!(parse_ports("전체"), Ok(PortRange::ALL));
        assert_eq!(parse_ports("all"), Ok(PortRange::ALL));
        assert!(parse_ports("모두").is_err());
    }

    /// Picking the main table or the default ACL clears the explicit association (AWS's
    /// implicit one); any other table or ACL is associated by id.
    #[test]
    fn picking_the_main_table_means_no_explicit_association() {
        let s = two_tier();
        assert_eq!(association_value(&s, &"rtb-main".into()), None);
        assert_eq!(association_value(&s, &"acl-default".into()), None);
        assert_eq!(association_value(&s, &"rtb-public".into()), Some("rtb-public".into()));
    }

    #[test]
    fn usage_reads_naturally_in_both_languages() {
        assert_eq!(usage_text(Lang::En, ObjectKind::RouteTable, 1), "1 subnet");
        assert_eq!(usage_text(Lang::En, ObjectKind::NetworkAcl, 3), "3 subnets");
        assert_eq!(usage_text(Lang::Ko, ObjectKind::RouteTable, 2), "서브넷 2개");
        assert_eq!(usage_text(Lang::En, ObjectKind::SecurityGroup, 0), "0 attached");
        assert_eq!(usage_text(Lang::Ko, ObjectKind::SecurityGroup, 4), "4개에 연결");
    }
}
