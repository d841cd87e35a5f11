//! Component tests in headless Chromium: mount the app into a fresh element, act through the DOM, assert.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::platform::page::{document, window};

wasm_bindgen_test_configure!(run_in_browser);

/// The design a first visit opens.
/// The first visit's design (crates/web/src/lib.rs `EXAMPLE`).
const FIRST: &str = "Your first web server";

/// The app's words in both languages, as the page fetches them (messages/ui/ and
/// messages/names/), installed as the page's start does before it mounts the app.
fn install_words() {
    use engine::msg::Catalogue;
    use web::i18n::Lang;
    for (lang, ui, names) in [
        (Lang::Ko, include_str!("../messages/ko.json"), include_str!("../../engine/messages/names/ko.json")),
        (Lang::En, include_str!("../messages/en.json"), include_str!("../../engine/messages/names/en.json")),
    ] {
        let mut words = Catalogue::from_json(lang.code(), ui).unwrap();
        words.merge(Catalogue::from_json(lang.code(), names).unwrap());
        web::i18n::install_ui(lang, words);
    }
}

/// A mounted app: dropping it stops the app and takes its element out of the page.
struct Mounted {
    host: web_sys::HtmlElement,
    _owner: web::reactive::Owner,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.host.remove();
    }
}

/// Lets the page's pending work run: the effects (microtasks) and anything they start.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Mount the app in a new element; the handle unmounts it when dropped.
fn mount() -> (web_sys::HtmlElement, Mounted) {
    install_words();
    let doc = document();
    // Each test starts as a first visit: no saved designs, no language choice.
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.clear();
    }
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    host.style().set_property("width", "1200px").unwrap();
    host.style().set_property("height", "800px").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let owner = web::mount_to(&host);
    (host.clone(), Mounted { host, _owner: owner })
}

fn text_of(host: &web_sys::HtmlElement, selector: &str) -> String {
    host.query_selector(selector).unwrap().and_then(|e| e.text_content()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn shell_has_every_panel_and_engine_numbers() {
    let (host, _handle) = mount();
    tick().await;
    for selector in [
        ".topbar",
        ".palette",
        "canvas[data-testid=diagram]",
        ".inspector",
        ".bottom [role=tablist]",
        "[data-testid=problems]",
        "[data-testid=reach]",
        "[data-testid=file-menu]",
        ".log",
    ] {
        assert!(host.query_selector(selector).unwrap().is_some(), "missing {selector}");
    }
    assert_eq!(text_of(&host, "[data-testid=scenario-name]"), FIRST);
    // One /24 subnet: 251 usable addresses (AWS reserves five), computed by the engine.
    assert_eq!(text_of(&host, "[data-testid=address-summary]"), "1 subnet · 251 usable IPv4 addresses");
    assert!(text_of(&host, "[data-testid=event-log]").contains("Opened: Your first web server"));
    // The example is valid: the engine finds no problem.
    assert!(text_of(&host, "[data-testid=problems]").contains("No problems"));
    host.remove();
}

fn click(host: &web_sys::HtmlElement, selector: &str) {
    let el: web_sys::HtmlElement = host.query_selector(selector).unwrap().unwrap().unchecked_into();
    el.click();
}

fn hidden(host: &web_sys::HtmlElement, selector: &str) -> bool {
    host.query_selector(selector).unwrap().unwrap().closest("[hidden]").unwrap().is_some()
}

#[wasm_bindgen_test]
async fn tabs_switch_the_bottom_panel() {
    let (host, _handle) = mount();
    tick().await;
    assert!(!hidden(&host, "[data-testid=problems]"));
    assert!(hidden(&host, "[data-testid=reach]"));
    click(&host, "[data-testid=tab-reach]");
    tick().await;
    assert!(hidden(&host, "[data-testid=problems]"));
    assert!(!hidden(&host, "[data-testid=reach]"));
    let selected = host.query_selector("[data-testid=tab-reach]").unwrap().unwrap().get_attribute("aria-selected");
    assert_eq!(selected.as_deref(), Some("true"));
    host.remove();
}

#[wasm_bindgen_test]
async fn the_file_menu_lists_the_design_being_edited() {
    let (host, _handle) = mount();
    tick().await;
    assert!(host.query_selector(".menu-panel").unwrap().unwrap().has_attribute("hidden"));
    click(&host, "[data-testid=file-menu]");
    tick().await;
    assert!(!host.query_selector(".menu-panel").unwrap().unwrap().has_attribute("hidden"));
    assert!(text_of(&host, "[data-testid=designs]").contains(FIRST));
    host.remove();
}

#[wasm_bindgen_test]
async fn language_switch_translates_and_is_remembered() {
    let (host, _handle) = mount();
    tick().await;
    assert!(text_of(&host, ".inspector").contains("Select a component"));
    let button: web_sys::HtmlElement =
        host.query_selector("[data-testid=lang-switch]").unwrap().unwrap().unchecked_into();
    button.click();
    let inspector = wait_for_text(&host, ".inspector", "구성 요소를 선택하면").await;
    assert!(inspector.contains("구성 요소를 선택하면"), "{inspector}");
    assert_eq!(text_of(&host, "[data-testid=address-summary]"), "서브넷 1개 · 사용 가능한 IPv4 주소 251개");
    assert_eq!(document().document_element().unwrap().get_attribute("lang").as_deref(), Some("ko"));
    let stored = window().local_storage().unwrap().unwrap().get_item("stratus.lang").unwrap();
    assert_eq!(stored.as_deref(), Some("ko"));
    // The top bar is written again in the other language: its button is a new element.
    let button: web_sys::HtmlElement =
        host.query_selector("[data-testid=lang-switch]").unwrap().unwrap().unchecked_into();
    assert_eq!(button.text_content().as_deref(), Some("English"));
    button.click();
    assert!(wait_for_text(&host, ".inspector", "Select a component").await.contains("Select a component"));
    host.remove();
}

#[wasm_bindgen_test]
async fn canvas_is_sized_at_the_device_pixel_ratio() {
    let (host, _handle) = mount();
    tick().await;
    let canvas: web_sys::HtmlCanvasElement = host.query_selector("canvas").unwrap().unwrap().unchecked_into();
    let dpr = window().device_pixel_ratio();
    assert!(canvas.client_width() > 0);
    assert_eq!(canvas.width(), (f64::from(canvas.client_width()) * dpr).round() as u32);
    host.remove();
}

/// Same scenario + seed => bit-identical results natively and in wasm: this run must give
/// the fingerprint that crates/engine/tests/sim_fixture.rs checks natively.
#[wasm_bindgen_test]
fn simulation_in_wasm_matches_the_native_fingerprint() {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../../../tests/fixtures/sim-determinism.json")).unwrap();
    let name = fixture["scenario"].as_str().unwrap();
    let text = engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == name).unwrap().1;
    let mut s = engine::Scenario::from_json(text).unwrap();
    s.simulation.duration_s = fixture["duration_s"].as_f64().unwrap();
    let mut sim = engine::sim::Simulation::new(&s, fixture["seed"].as_u64().unwrap()).unwrap();
    sim.run();
    assert_eq!(sim.events(), fixture["events"].as_u64().unwrap());
    let print = format!("{:016x}", engine::sim::fingerprint(&sim.summary()));
    assert_eq!(print, fixture["fingerprint"].as_str().unwrap());
}

fn visible_palette(host: &web_sys::HtmlElement) -> Vec<String> {
    let items = host.query_selector_all(".palette-item").unwrap();
    (0..items.length())
        .filter_map(|i| items.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| !e.hidden())
        .filter_map(|e| e.get_attribute("data-kind"))
        .collect()
}

fn type_into(host: &web_sys::HtmlElement, selector: &str, text: &str) {
    let input: web_sys::HtmlInputElement = host.query_selector(selector).unwrap().unwrap().unchecked_into();
    input.set_value(text);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn palette_search_finds_components_in_korean_and_english() {
    let (host, _handle) = mount();
    tick().await;
    // Every blueprint, and Users (a client population, not an engine blueprint).
    assert_eq!(visible_palette(&host).len(), engine::create::Blueprint::ALL.len() + 1, "everything before searching");
    type_into(&host, "[data-testid=palette-search]", "ec2");
    tick().await;
    assert_eq!(visible_palette(&host), ["instance"]);
    type_into(&host, "[data-testid=palette-search]", "load bal");
    tick().await;
    assert_eq!(visible_palette(&host), ["alb", "nlb"]);
    type_into(&host, "[data-testid=palette-search]", "zzz");
    tick().await;
    assert!(visible_palette(&host).is_empty());
    assert!(text_of(&host, ".palette").contains("No component matches."));
    // In Korean: the Korean names, and the English words Korean learners type too.
    click(&host, "[data-testid=lang-switch]");
    wait_for_text(&host, ".inspector", "구성 요소를 선택하면").await;
    type_into(&host, "[data-testid=palette-search]", "게이트웨이");
    tick().await;
    assert_eq!(visible_palette(&host), ["internet_gateway", "nat_gateway", "vpn_gateway"]);
    type_into(&host, "[data-testid=palette-search]", "사용자");
    tick().await;
    assert_eq!(visible_palette(&host), ["users"]);
    type_into(&host, "[data-testid=palette-search]", "load bal");
    tick().await;
    assert_eq!(visible_palette(&host), ["alb", "nlb"]);
    host.remove();
}

#[wasm_bindgen_test]
async fn the_shortcuts_sheet_opens_and_closes() {
    let (host, _handle) = mount();
    tick().await;
    assert!(host.query_selector("[data-testid=shortcuts-sheet]").unwrap().is_none());
    click(&host, "[data-testid=shortcuts]");
    tick().await;
    assert!(text_of(&host, "[data-testid=shortcuts-sheet]").contains("Ctrl+Shift+Z"));
    click(&host, "[data-testid=shortcuts-sheet] button");
    tick().await;
    assert!(host.query_selector("[data-testid=shortcuts-sheet]").unwrap().is_none());
    host.remove();
}

/// Wait (up to ~2 s) until `selector` holds text containing `want`.
async fn wait_for_text(host: &web_sys::HtmlElement, selector: &str, want: &str) -> String {
    for _ in 0..100 {
        let text = text_of(host, selector);
        if text.contains(want) {
            return text;
        }
        let pause = js_sys::Promise::new(&mut |done, _| {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&done, 20);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(pause).await;
    }
    text_of(host, selector)
}

#[wasm_bindgen_test]
async fn the_course_map_opens_closes_and_says_why_when_lessons_cannot_be_fetched() {
    let (host, _handle) = mount();
    tick().await;
    assert!(hidden(&host, "[data-testid=learn-map]"), "closed at first");
    assert!(hidden(&host, "[data-testid=lesson-panel]"), "no lesson open");
    click(&host, "[data-testid=learn]");
    tick().await;
    assert!(!hidden(&host, "[data-testid=learn-map]"));
    assert!(text_of(&host, "[data-testid=learn-tally]").starts_with("0/0"), "nothing listed before the index arrives");
    // The test server has no lessons/index.json: the reader is told, nothing breaks.
    let toast = wait_for_text(&host, "[data-testid=toast]", "lessons could not be loaded").await;
    assert!(toast.contains("lessons could not be loaded"), "{toast}");
    click(&host, "[data-testid=learn-map-close]");
    tick().await;
    assert!(hidden(&host, "[data-testid=learn-map]"));
    assert!(hidden(&host, "[data-testid=lesson-panel]"));
    host.remove();
}
