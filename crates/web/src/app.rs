//! The app shell: top bar, palette, canvas, inspector and bottom panel, wired to one `Editor`.

use crate::canvas2d::Canvas2d;
use crate::editor::{Editor, Outcome};
use crate::i18n::{kind_name, tr, Key, Lang};
use crate::paint::{draw_scene, LIGHT};
use engine::model::{NodeId, Scenario, Spec};
use engine::view;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Storage key of the chosen UI language.
const LANG_KEY: &str = "stratus.lang";

/// One line of the event log. The text is kept as a key plus details so that it is
/// re-translated when the language changes.
#[derive(Clone, Debug, PartialEq)]
struct LogEntry {
    time: String,
    key: Key,
    detail: String,
}

type EditorCell = StoredValue<Editor, LocalStorage>;

/// The whole application. Mounted by `main.rs`; tests mount it into a fresh element.
#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(initial_lang());
    let log = RwSignal::new(Vec::<LogEntry>::new());
    let (scenario, load_error) = match Scenario::from_json(crate::EXAMPLE) {
        Ok(s) => (s, None),
        // The example is tested to load; this only guards against a broken build.
        Err(e) => (empty_scenario(), Some(e.message())),
    };
    let name = scenario.name.clone();
    let editor: EditorCell = StoredValue::new_local(Editor::new(scenario));
    let selected = RwSignal::new(None::<NodeId>);
    let revision = RwSignal::new(0u64);
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let frame_pending = StoredValue::new(false);

    push_log(log, Key::LoadedExample, name.clone());
    if let Some(err) = load_error {
        push_log(log, Key::LoadedExample, err.en);
    }

    // Draw at most once per animation frame, whatever asked for it.
    let request_draw = move || {
        if frame_pending.get_value() {
            return;
        }
        frame_pending.set_value(true);
        request_animation_frame(move || {
            frame_pending.set_value(false);
            if let Some(canvas) = canvas_ref.get_untracked() {
                draw(&canvas, editor);
            }
        });
    };

    // Size the canvas to its box at the device pixel ratio, fit the diagram once, draw.
    let resize = move |fit: bool| {
        if let Some(canvas) = canvas_ref.get_untracked() {
            let (w, h) = css_size(&canvas);
            let dpr = device_pixel_ratio();
            canvas.set_width((w * dpr).round() as u32);
            canvas.set_height((h * dpr).round() as u32);
            if fit {
                editor.update_value(|e| e.fit(w, h));
            }
            draw(&canvas, editor);
        }
    };

    Effect::new(move |_| {
        if canvas_ref.get().is_some() {
            resize(true);
            install_test_hook(editor, canvas_ref);
            mark_ready();
        }
    });
    let resize_listener = window_event_listener(leptos::ev::resize, move |_| resize(false));
    on_cleanup(move || resize_listener.remove());

    Effect::new(move |_| {
        let l = lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", l.code());
        }
    });

    let on_pointer_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let _ = canvas.set_pointer_capture(ev.pointer_id());
        let (x, y) = local_point(&canvas, ev.client_x(), ev.client_y());
        let redraw = editor.try_update_value(|e| e.pointer_down(x, y)).unwrap_or(false);
        if redraw {
            selected.set(editor.with_value(|e| e.selected.clone()));
            request_draw();
        }
    };
    let on_pointer_move = move |ev: web_sys::PointerEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let (x, y) = local_point(&canvas, ev.client_x(), ev.client_y());
        if editor.try_update_value(|e| e.pointer_move(x, y)).unwrap_or(false) {
            request_draw();
        }
    };
    let on_pointer_up = move |ev: web_sys::PointerEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let (x, y) = local_point(&canvas, ev.client_x(), ev.client_y());
        let outcome = editor.try_update_value(|e| e.pointer_up(x, y)).unwrap_or(Outcome::None);
        match outcome {
            Outcome::None => {}
            Outcome::Selected(id) => selected.set(id),
            Outcome::Moved { id, to, .. } => {
                let label = editor.with_value(|e| e.scenario.node(&id).map(|n| n.label().to_string()));
                push_log(log, Key::Moved, format!("{} → ({:.0}, {:.0})", label.unwrap_or_default(), to.x, to.y));
                revision.update(|r| *r += 1);
            }
        }
        request_draw();
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let (x, y) = local_point(&canvas, ev.client_x(), ev.client_y());
        // deltaMode 1 = lines (Firefox): about 16 px a line.
        let dy = if ev.delta_mode() == 1 { ev.delta_y() * 16.0 } else { ev.delta_y() };
        editor.update_value(|e| e.wheel(x, y, dy));
        request_draw();
    };
    let zoom_by = move |factor: f64| {
        if let Some(canvas) = canvas_ref.get_untracked() {
            let (w, h) = css_size(&canvas);
            editor.update_value(|e| e.camera.zoom_at(w / 2.0, h / 2.0, factor));
            request_draw();
        }
    };

    let t = move |key: Key| move || tr(lang.get(), key);
    let switch_lang = move |_| {
        let next = lang.get_untracked().other();
        lang.set(next);
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(LANG_KEY, next.code());
        }
    };

    view! {
        <div class="app">
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">"◆"</span>
                    <span class="brand-name">"Stratus"</span>
                    <span class="tagline">{t(Key::AppTagline)}</span>
                </div>
                <div class="doc-name" data-testid="scenario-name">{name}</div>
                <div class="controls" role="toolbar" aria-label="Simulation">
                    <button disabled title=t(Key::RunSoon)>{"▶ "}{t(Key::Run)}</button>
                    <button disabled title=t(Key::RunSoon)>{"❚❚ "}{t(Key::Pause)}</button>
                    <button disabled title=t(Key::RunSoon)>{"⇥ "}{t(Key::Step)}</button>
                    <button disabled title=t(Key::ShareSoon)>{t(Key::Share)}</button>
                    <button class="lang" data-testid="lang-switch" on:click=switch_lang>{t(Key::LanguageSwitch)}</button>
                </div>
            </header>
            <aside class="palette" aria-label=t(Key::Palette)>
                <h2>{t(Key::Palette)}</h2>
                <Palette lang=lang/>
                <p class="hint">{t(Key::PaletteHint)}</p>
            </aside>
            <main class="stage">
                <canvas
                    node_ref=canvas_ref
                    data-testid="diagram"
                    tabindex="0"
                    role="img"
                    aria-label=t(Key::Canvas)
                    on:pointerdown=on_pointer_down
                    on:pointermove=on_pointer_move
                    on:pointerup=on_pointer_up
                    on:pointercancel=on_pointer_up
                    on:wheel=on_wheel
                ></canvas>
                <div class="zoom" role="toolbar" aria-label=t(Key::ZoomFit)>
                    <button title=t(Key::ZoomIn) aria-label=t(Key::ZoomIn) on:click=move |_| zoom_by(1.25)>"+"</button>
                    <button title=t(Key::ZoomOut) aria-label=t(Key::ZoomOut) on:click=move |_| zoom_by(0.8)>"−"</button>
                    <button title=t(Key::ZoomFit) aria-label=t(Key::ZoomFit) on:click=move |_| resize(true)>"⤢"</button>
                </div>
                <p class="canvas-help">{t(Key::CanvasHelp)}</p>
            </main>
            <aside class="inspector" aria-label=t(Key::Inspector) data-testid="inspector">
                <h2>{t(Key::Inspector)}</h2>
                {move || {
                    let _ = revision.get();
                    let l = lang.get();
                    let sel = selected.get();
                    editor.with_value(|e| inspector(e, sel.as_ref(), l))
                }}
            </aside>
            <section class="bottom">
                <div class="metrics" aria-label=t(Key::Metrics)>
                    <h2>{t(Key::Metrics)}</h2>
                    <p class="muted">{t(Key::MetricsIdle)}</p>
                    <p data-testid="address-summary">
                        {move || {
                            let _ = revision.get();
                            editor.with_value(|e| address_summary(&e.scenario, lang.get()))
                        }}
                    </p>
                </div>
                <div class="log" aria-label=t(Key::EventLog)>
                    <h2>{t(Key::EventLog)}</h2>
                    <ol data-testid="event-log">
                        {move || {
                            let l = lang.get();
                            log.get()
                                .into_iter()
                                .rev()
                                .map(|e| view! { <li><time>{e.time}</time>" "{tr(l, e.key)}": "{e.detail}</li> })
                                .collect_view()
                        }}
                    </ol>
                </div>
            </section>
        </div>
    }
}

/// A palette group: title, chip colour class, and (glyph, kind) of each item.
type PaletteGroup = (Key, &'static str, &'static [(&'static str, &'static str)]);

/// The component palette: every kind the engine models, grouped as in the AWS icon set.
#[component]
fn Palette(
    /// UI language.
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let groups: [PaletteGroup; 3] = [
        (
            Key::Networking,
            "net",
            &[
                ("VPC", "vpc"),
                ("SUB", "subnet"),
                ("IGW", "internet_gateway"),
                ("NAT", "nat_gateway"),
                ("ELB", "load_balancer"),
                ("VGW", "vpn_gateway"),
            ],
        ),
        (Key::Compute, "compute", &[("EC2", "instance")]),
        (Key::External, "external", &[("WWW", "internet"), ("DC", "on_premises")]),
    ];
    groups
        .into_iter()
        .map(|(title, class, items)| {
            view! {
                <h3>{move || tr(lang.get(), title)}</h3>
                <ul class="palette-group">
                    {items
                        .iter()
                        .map(|(glyph, kind)| {
                            let kind = *kind;
                            view! {
                                <li class="palette-item" data-kind=kind>
                                    <span class=format!("chip {class}")>{*glyph}</span>
                                    <span>{move || kind_name(lang.get(), kind)}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
        .collect_view()
}

/// The inspector body for the selection (or the scenario's description).
fn inspector(e: &Editor, selected: Option<&NodeId>, lang: Lang) -> AnyView {
    let Some(node) = selected.and_then(|id| e.scenario.node(id)) else {
        let description = e.scenario.description.get(lang.code()).to_string();
        return view! {
            <p class="muted">{tr(lang, Key::NothingSelected)}</p>
            <p class="description">{description}</p>
        }
        .into_any();
    };
    let kind = serde_json::to_value(&node.spec)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
        .unwrap_or_default();
    let mut rows: Vec<(String, String)> = vec![
        (tr(lang, Key::Kind).into(), kind_name(lang, &kind).into()),
        (tr(lang, Key::Id).into(), node.id.to_string()),
    ];
    let label = |id: &NodeId| e.scenario.node(id).map(|n| n.label().to_string()).unwrap_or_else(|| id.to_string());
    let list = |ids: &[NodeId]| ids.iter().map(label).collect::<Vec<_>>().join(", ");
    let mut note = None;
    match &node.spec {
        Spec::Vpc { cidr, .. } => rows.push((tr(lang, Key::Cidr).into(), cidr.to_string())),
        Spec::Subnet { cidr, .. } => {
            rows.push((tr(lang, Key::Cidr).into(), cidr.to_string()));
            let usable = view::usable_addresses(&e.scenario, &node.id).unwrap_or(0);
            rows.push((tr(lang, Key::UsableAddresses).into(), format!("{usable} / {}", cidr.size())));
            let public = view::subnet_is_public(&e.scenario, &node.id);
            rows.push((
                tr(lang, Key::Subnet).into(),
                tr(lang, if public { Key::PublicSubnet } else { Key::PrivateSubnet }).into(),
            ));
            if let Some(rt) = view::route_table_of(&e.scenario, &node.id) {
                rows.push((tr(lang, Key::RouteTable).into(), label(rt)));
            }
            note = Some(tr(lang, Key::UsableAddressesNote));
        }
        Spec::Instance { instance_type, subnet, private_ip, security_groups, .. } => {
            rows.push((tr(lang, Key::InstanceType).into(), instance_type.clone()));
            rows.push((tr(lang, Key::Subnet).into(), label(subnet)));
            if let Some(ip) = private_ip {
                rows.push((tr(lang, Key::PrivateIp).into(), ip.to_string()));
            }
            rows.push((tr(lang, Key::SecurityGroups).into(), list(security_groups)));
        }
        Spec::LoadBalancer { subnets, security_groups, targets, .. } => {
            rows.push((tr(lang, Key::Subnet).into(), list(subnets)));
            rows.push((tr(lang, Key::SecurityGroups).into(), list(security_groups)));
            rows.push((tr(lang, Key::Targets).into(), list(targets)));
        }
        _ => {}
    }
    let title = node.label().to_string();
    view! {
        <h3 data-testid="inspector-title">{title}</h3>
        <dl>
            {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
        {note.map(|n| view! { <p class="note">{n}</p> })}
    }
    .into_any()
}

/// "4 subnets · 1,004 usable IPv4 addresses", computed by the engine.
fn address_summary(s: &Scenario, lang: Lang) -> String {
    let subnets: Vec<u64> = s.nodes.iter().filter_map(|n| view::usable_addresses(s, &n.id)).collect();
    let total: u64 = subnets.iter().sum();
    match lang {
        Lang::En => format!("{} subnets · {} usable IPv4 addresses", subnets.len(), group_digits(total)),
        Lang::Ko => format!("서브넷 {}개 · 사용 가능한 IPv4 주소 {}개", subnets.len(), group_digits(total)),
    }
}

fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn empty_scenario() -> Scenario {
    Scenario {
        format: engine::model::FORMAT_VERSION,
        name: String::new(),
        description: Default::default(),
        nodes: vec![],
        layout: Default::default(),
    }
}

fn push_log(log: RwSignal<Vec<LogEntry>>, key: Key, detail: String) {
    let now = js_sys::Date::new_0();
    let time = format!("{:02}:{:02}:{:02}", now.get_hours(), now.get_minutes(), now.get_seconds());
    log.update(|l| {
        l.push(LogEntry { time, key, detail });
        // Keep the log bounded: it is a view, not a history.
        if l.len() > 200 {
            l.remove(0);
        }
    });
}

fn initial_lang() -> Lang {
    let stored = window().local_storage().ok().flatten().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    match stored {
        Some(code) => Lang::from_code(&code),
        None => Lang::from_code(&window().navigator().language().unwrap_or_default()),
    }
}

fn device_pixel_ratio() -> f64 {
    let r = window().device_pixel_ratio();
    if r.is_finite() && r > 0.0 {
        r
    } else {
        1.0
    }
}

fn css_size(canvas: &HtmlCanvasElement) -> (f64, f64) {
    (f64::from(canvas.client_width().max(1)), f64::from(canvas.client_height().max(1)))
}

fn local_point(canvas: &HtmlCanvasElement, client_x: i32, client_y: i32) -> (f64, f64) {
    let r = canvas.get_bounding_client_rect();
    (f64::from(client_x) - r.left(), f64::from(client_y) - r.top())
}

fn draw(canvas: &HtmlCanvasElement, editor: EditorCell) {
    let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let dpr = device_pixel_ratio();
    let mut painter = Canvas2d::new(&ctx, f64::from(canvas.width()), f64::from(canvas.height()));
    editor.with_value(|e| draw_scene(&mut painter, &e.scene, &e.camera, dpr, &LIGHT, e.selected.as_ref()));
}

/// Tell tests (and embedders later) that the first frame is drawn.
fn mark_ready() {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-stratus-ready", "true");
    }
}

/// `window.__stratus`: read-only queries for end-to-end tests, which act like a person
/// but need to know where a component is drawn. `nodeBox(id)` returns
/// `[left, top, width, height]` in client (CSS) pixels, or `null`; `selected()` the id of
/// the selection; `scenario()` the current document as JSON.
fn install_test_hook(editor: EditorCell, canvas_ref: NodeRef<html::Canvas>) {
    let hook = js_sys::Object::new();
    let node_box = Closure::<dyn Fn(String) -> JsValue>::new(move |id: String| {
        let Some(canvas) = canvas_ref.get_untracked() else { return JsValue::NULL };
        let r = canvas.get_bounding_client_rect();
        editor
            .try_with_value(|e| {
                let rect = e.scene.rect_of(&NodeId(id))?;
                let (x, y) = e.camera.to_screen(rect.x, rect.y);
                let out = js_sys::Array::new();
                for v in [x + r.left(), y + r.top(), rect.w * e.camera.zoom, rect.h * e.camera.zoom] {
                    out.push(&JsValue::from_f64(v));
                }
                Some(JsValue::from(out))
            })
            .flatten()
            .unwrap_or(JsValue::NULL)
    });
    let selected = Closure::<dyn Fn() -> JsValue>::new(move || {
        editor
            .try_with_value(|e| e.selected.as_ref().map(|s| JsValue::from_str(s.as_str())))
            .flatten()
            .unwrap_or(JsValue::NULL)
    });
    let scenario = Closure::<dyn Fn() -> JsValue>::new(move || {
        editor.try_with_value(|e| JsValue::from_str(&e.scenario.to_json())).unwrap_or(JsValue::NULL)
    });
    let _ = js_sys::Reflect::set(&hook, &"nodeBox".into(), node_box.as_ref());
    let _ = js_sys::Reflect::set(&hook, &"selected".into(), selected.as_ref());
    let _ = js_sys::Reflect::set(&hook, &"scenario".into(), scenario.as_ref());
    let _ = js_sys::Reflect::set(&window(), &"__stratus".into(), &hook);
    // The hook lives as long as the page.
    node_box.forget();
    selected.forget();
    scenario.forget();
}
