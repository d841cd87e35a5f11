//! The palette: AWS services by category, searchable, added by dragging onto the canvas,
//! by Enter or a tap (into the selected container, or beside the Regions), and what a drop
//! creates (the engine decides, or says why not).

use crate::i18n::{kind_name, tr, Key, Lang};
use crate::platform::page::*;
use crate::reactive::*;
use crate::render::scene::{ContainerKind, Rect};
use crate::state::store::{css_size, Ctx, Drawer, DRAG_TYPE};
use crate::ui::html::W;
use engine::create::{Blueprint, DropTarget};
use engine::kinds::Category;
use engine::model::{NodeId, Placement};
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

/// A palette item was dropped at (x, y) CSS px of the canvas: ask the engine what to
/// create there (or why not), then add it as one undoable step.
pub fn drop_blueprint(ctx: Ctx, kind: &str, x: f64, y: f64, into: Option<NodeId>) {
    let keyboard = into.is_some();
    let Ok(blueprint) = serde_json::from_value::<Blueprint>(serde_json::Value::String(kind.to_string())) else {
        return;
    };
    let result = ctx.editor.with_value(|e| {
        let (wx, wy) = e.camera.to_world(x, y);
        // The container under the pointer, or the one the keyboard chose (the spot found in it
        // may lie under its contents, outside its box until it grows).
        let container = into.clone().or_else(|| e.scene.container_at(wx, wy).map(|c| c.id.clone()));
        let az = e
            .scene
            .containers
            .iter()
            .rev()
            .find(|c| c.kind == ContainerKind::AvailabilityZone && c.rect.contains(wx, wy))
            .map(|c| c.id.clone());
        let created = engine::create::create(
            &e.doc.scenario,
            blueprint,
            DropTarget { container: container.as_ref(), az: az.as_ref() },
        );
        (created, wx, wy)
    });
    match result {
        (Ok(nodes), wx, wy) => {
            let Some(first) = nodes.first().map(|n| n.id.clone()) else { return };
            let size = match blueprint {
                Blueprint::Region => Some((760.0, 520.0)),
                Blueprint::Vpc => Some((600.0, 400.0)),
                Blueprint::Subnet => Some((280.0, 160.0)),
                _ => None,
            };
            // With the pointer: not on top of a neighbour (the keyboard found a free spot).
            let (wx, wy) = if keyboard {
                (wx, wy)
            } else {
                let half = crate::render::scene::ICON / 2.0;
                let want = match size {
                    Some((w, h)) => Rect { x: wx, y: wy, w, h },
                    None => Rect {
                        x: wx - half,
                        y: wy - half,
                        w: crate::render::scene::ICON,
                        h: crate::render::scene::ICON,
                    },
                };
                let container = ctx.editor.with_value(|e| e.scene.container_at(wx, wy).map(|c| c.id.clone()));
                let (x, y) = ctx
                    .editor
                    .with_value(|e| crate::editor::layout::clear_spot_near(&e.scene, container.as_ref(), want));
                if size.is_some() {
                    (x, y)
                } else {
                    (x + half, y + half)
                }
            };
            let placement = match size {
                Some((w, h)) => Placement { x: wx, y: wy, w: Some(w), h: Some(h) },
                None => Placement { x: wx, y: wy, w: None, h: None },
            };
            ctx.edit(|s| {
                s.nodes.extend(nodes);
                s.layout.insert(first.clone(), placement);
                // A box dropped near a container's edge makes the container grow around it.
                crate::editor::layout::grow_to_fit(s, std::slice::from_ref(&first));
            });
            let label = ctx.label(&first);
            ctx.note_text(Key::Created, crate::i18n::named(blueprint.kind(), &label));
            // Added from the keyboard, it may lie outside the view (under a full container).
            if keyboard {
                ctx.reveal(&first);
            }
            ctx.select(Some(first));
        }
        (Err(why), ..) => {
            ctx.note_text(Key::DropRefused, why.clone());
            ctx.toast(why);
        }
    }
}

/// A palette item chosen with the keyboard: it is dropped at the centre of the selected
/// container, or at the centre of the view, exactly as a drag would drop it there.
fn place_from_keyboard(ctx: Ctx, kind: &str) {
    let Some(canvas) = document()
        .query_selector("[data-testid=diagram]")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok())
    else {
        return;
    };
    let (w, h) = css_size(&canvas);
    // A new element's size, to find room for it (see drop_blueprint's placements).
    let size = match kind {
        "region" => (760.0, 520.0),
        "vpc" => (600.0, 400.0),
        "subnet" => (280.0, 160.0),
        _ => (crate::render::scene::ICON, crate::render::scene::ICON + 30.0),
    };
    // A regional service outside VPCs (S3, SQS, SNS): into the Region of the selection (or
    // the first Region), clear of its VPCs, rather than wherever the view's centre falls.
    let regional = engine::model::Kind::from_name(kind).is_some_and(engine::model::Kind::regional);
    let (x, y, inside) = ctx.editor.with_value(|e| {
        let mut inside = e.selected.clone().filter(|id| e.scene.containers.iter().any(|c| &c.id == id));
        if regional {
            inside = e.scene.region_around(e.selected.as_ref()).or(inside);
        }
        // The scene knows which of its boxes is a VPC (the one a gateway sits on the edge of).
        let in_vpc = inside
            .as_ref()
            .filter(|id| e.scene.containers.iter().any(|c| &c.id == *id && c.kind == ContainerKind::Vpc));
        let spot = match (kind, &inside) {
            // A gateway on its VPC's edge, as AWS draws it (layout::edge_spot).
            ("internet_gateway" | "vpn_gateway", Some(_)) if in_vpc.is_some() => {
                in_vpc.and_then(|vpc| crate::editor::layout::edge_spot(&e.scene, vpc))
            }
            // The Internet or a data centre left of the Regions, never on their border.
            ("internet" | "on_premises", None) => crate::editor::layout::outside_spot(&e.scene),
            // A free spot in the selected container, clear of the containers and icons in it
            // (layout::free_spot); else its centre, and the container grows to fit.
            _ => inside.as_ref().and_then(|id| match crate::editor::layout::free_spot(&e.scene, id, size.0, size.1) {
                // Containers are placed by their top-left corner, icons by their centre.
                Some((x, y)) if size.0 > crate::render::scene::ICON => Some((x + 1.0, y + 1.0)),
                Some((x, y)) => Some((x + crate::render::scene::ICON / 2.0, y + crate::render::scene::ICON / 2.0)),
                None => e.scene.rect_of(id).map(|r| r.centre()),
            }),
        };
        let (x, y) = match spot {
            Some((cx, cy)) => e.camera.to_screen(cx, cy),
            None => (w / 2.0, h / 2.0),
        };
        (x, y, inside)
    });
    drop_blueprint(ctx, kind, x, y, inside);
}

/// The official icon of a palette item (a new subnet is private until a route to an
/// Internet gateway makes it public), with its variant for dark backgrounds if it has one.
fn palette_icon(w: &mut W, name: &'static str) {
    let dark = crate::render::scene::on_dark(name);
    let img = |w: &mut W, file: &str, class: &str| {
        let src = format!("icons/aws/{file}.svg");
        w.open(
            "img",
            &[("class", class), ("src", &src), ("alt", ""), ("width", "30"), ("height", "30"), ("draggable", "false")],
        );
    };
    if dark == name {
        img(w, name, "");
    } else {
        img(w, name, "on-light");
        img(w, dark, "on-dark");
    }
}

/// A palette group's title.
fn category_title(c: Category) -> Key {
    match c {
        Category::Networking => Key::Networking,
        Category::Compute => Key::Compute,
        Category::Storage => Key::Storage,
        Category::Database => Key::Database,
        Category::EdgeDns => Key::EdgeDns,
        Category::Messaging => Key::Messaging,
        Category::External => Key::External,
    }
}

/// Whether `blueprint` is found by the search text `q` (lower case, trimmed): its name, its
/// glyph, its kind, or what people call it (`search.<kind>`: in Korean, the Korean words
/// and the English ones, which Korean learners type too).
fn found(l: Lang, blueprint: Blueprint, q: &str) -> bool {
    if q.is_empty() {
        return true;
    }
    let kind = blueprint.kind().name();
    let code = match blueprint {
        Blueprint::Alb => "alb",
        Blueprint::Nlb => "nlb",
        b => b.kind().name(),
    };
    let searched = crate::i18n::word(l, &format!("search.{code}")).unwrap_or_default();
    [kind_name(l, blueprint.kind()), blueprint.icon().1, &kind.replace('_', " "), searched]
        .iter()
        .any(|n| n.to_ascii_lowercase().contains(q))
}

/// The palette's groups and items as HTML: those the search text `query` finds, of the kinds
/// an open lesson offers (`offered`, JSON kind names; `None`: every kind), and the Users item
/// (`data-kind="users"`); a line saying nothing matched when none is.
pub fn items_html(l: Lang, query: &str, offered: Option<&[String]>) -> String {
    let q = query.trim().to_ascii_lowercase();
    let mut w = W::default();
    let mut any = false;
    for c in Category::ALL {
        let items: Vec<Blueprint> = Blueprint::ALL
            .into_iter()
            .filter(|b| b.kind().info().category == c)
            .filter(|b| offered.is_none_or(|kinds| kinds.iter().any(|k| k == b.kind().name())))
            .filter(|b| found(l, *b, &q))
            .collect();
        if items.is_empty() {
            continue;
        }
        any = true;
        w.leaf("h3", &[], tr(l, category_title(c)));
        w.open("ul", &[("class", "palette-group")]);
        for b in items {
            let id = serde_json::to_value(b).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            let name = match b {
                Blueprint::Alb => "Application Load Balancer",
                Blueprint::Nlb => "Network Load Balancer",
                b => kind_name(l, b.kind()),
            };
            item(&mut w, &id, b.icon().0, name, tr(l, Key::PaletteAdded));
        }
        w.close("ul");
    }
    if crate::ui::runui::users_match(l, &q) {
        any = true;
        w.leaf("h3", &[], tr(l, Key::Users));
        w.open("ul", &[("class", "palette-group")]);
        item(&mut w, crate::render::users::PALETTE_KIND, "users", tr(l, Key::Users), tr(l, Key::UsersPaletteHint));
        w.close("ul");
    }
    if !any {
        w.leaf("p", &[("class", "hint")], tr(l, Key::NoMatch));
    }
    w.0
}

/// One item: draggable, focusable, pressed with Enter or a tap; named for screen readers and
/// in its tooltip too (a narrow embed shows the icons alone).
fn item(w: &mut W, kind: &str, icon: &'static str, name: &str, hint: &str) {
    let testid = format!("palette-{kind}");
    let title = format!("{name}: {hint}");
    w.open(
        "li",
        &[
            ("class", "palette-item"),
            ("draggable", "true"),
            ("data-testid", &testid),
            ("data-kind", kind),
            ("tabindex", "0"),
            ("role", "button"),
            ("aria-label", name),
            ("title", &title),
        ],
    );
    w.open("span", &[("class", "chip"), ("aria-hidden", "true")]);
    palette_icon(w, icon);
    w.close("span");
    w.leaf("span", &[], name);
    w.close("li");
}

/// Add the item `kind` (a blueprint's JSON name, or Users) as Enter or a tap does.
fn add(ctx: Ctx, kind: &str) {
    if kind == crate::render::users::PALETTE_KIND {
        crate::ui::runui::add_users(ctx);
    } else {
        place_from_keyboard(ctx, kind);
    }
}

/// The component palette: every kind the engine can create, grouped as in the AWS icon
/// set, written as HTML text (items_html); one listener per gesture (drag, Enter, tap) reads
/// the item's `data-kind`.
pub fn palette(
    lang: RwSignal<Lang>,
    ctx: Ctx,
    drawer: RwSignal<Drawer>,
    learn: crate::state::lesson::Learn,
) -> Vec<web_sys::Element> {
    use crate::ui::dom::el;
    let query = RwSignal::new(String::new());
    let html = move || {
        let l = lang.get();
        let q = query.get();
        learn.shown.with(|s| items_html(l, &q, s.doc.as_ref().and_then(|d| d.palette.as_deref())))
    };
    let kind_of = |ev: &web_sys::Event| {
        crate::ui::dom::from_event(ev, "[data-kind]").and_then(|li| li.get_attribute("data-kind"))
    };
    let search_label = move || tr(lang.get(), Key::SearchComponents).to_string();
    let search = el("input")
        .attr("type", "search")
        .attr("class", "palette-search")
        .attr("data-testid", "palette-search")
        .attr_fn("placeholder", search_label)
        .attr_fn("aria-label", search_label)
        .on("input", move |ev: web_sys::Event| {
            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                query.set(input.value());
            }
        })
        .0;
    let items = el("div")
        .attr("class", "html-slot")
        .html_fn(html)
        .on("keydown", move |ev: web_sys::KeyboardEvent| {
            if ev.key() == "Enter" || ev.key() == " " {
                if let Some(kind) = kind_of(&ev) {
                    ev.prevent_default();
                    add(ctx, &kind);
                }
            }
        })
        // A click or tap adds it too (into the selected container, or where there is
        // room): touch screens cannot drag and drop.
        .on("click", move |ev: web_sys::Event| {
            if let Some(kind) = kind_of(&ev) {
                add(ctx, &kind);
                drawer.set(Drawer::None);
            }
        })
        .on("dragstart", move |ev: web_sys::DragEvent| {
            if let (Some(kind), Some(dt)) = (kind_of(&ev), ev.data_transfer()) {
                let _ = dt.set_data(DRAG_TYPE, &kind);
                dt.set_effect_allowed("copy");
            }
        })
        .0;
    vec![search, items]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Search finds an item by its English or Korean name or what people call it; a lesson
    /// offers only its kinds; nothing found says so.
    #[test]
    fn the_palette_shows_what_is_searched_and_offered() {
        let all = items_html(Lang::En, "", None);
        assert!(all.contains("data-testid=\"palette-instance\"") && all.contains("data-testid=\"palette-users\""));
        let gateways = items_html(Lang::Ko, "게이트", None);
        assert!(
            gateways.contains("palette-internet_gateway") && gateways.contains("palette-nat_gateway"),
            "{gateways}"
        );
        assert!(!gateways.contains("palette-instance"));
        assert!(items_html(Lang::En, "CDN", None).contains("palette-cloudfront"));
        let offered = vec!["subnet".to_string(), "vpc".to_string()];
        let lesson = items_html(Lang::En, "", Some(&offered));
        assert!(lesson.contains("palette-subnet") && !lesson.contains("palette-instance"), "{lesson}");
        let none = items_html(Lang::Ko, "zzzz", None);
        assert!(none.contains(&engine::text::escape_markup(tr(Lang::Ko, Key::NoMatch))) && !none.contains("<li"));
    }
}
