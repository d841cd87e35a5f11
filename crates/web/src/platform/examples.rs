//! The built-in examples (and lessons) as files (scenarios/ is copied to dist/examples/, lessons/ to dist/lessons/ by the build), fetched when chosen: the first load carries only the default design, and the service worker keeps them all for offline use.

use crate::i18n::Words;
use crate::platform::page::window;
use engine::Scenario;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The built-in example `key` (a key of `engine::scenarios::EXAMPLES`), fetched and loaded.
pub async fn fetch(key: &str) -> Result<Scenario, Words> {
    let text = fetch_text(&format!("examples/{key}.json"))
        .await
        .map_err(|why| -> Words { engine::msg!("ui.example.unreachable", key = key, why = why).into() })?;
    Scenario::from_json(&text).map_err(|e| e.message().into())
}

/// A file of this site (examples/, lessons/, messages/) as text; `Err` says why not
/// (offline, HTTP 404...), for the caller's message. The request starts at the call, so that
/// two files asked for one after the other arrive together.
pub fn fetch_text(path: &str) -> impl std::future::Future<Output = Result<String, String>> {
    let request = window().fetch_with_str(path);
    async move {
        let describe = |e: wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
        let response = JsFuture::from(request)
            .await
            .map_err(describe)
            .and_then(|r| r.dyn_into::<web_sys::Response>().map_err(describe))?;
        if !response.ok() {
            return Err(format!("HTTP {}", response.status()));
        }
        let text = JsFuture::from(response.text().map_err(describe)?).await.map_err(describe)?;
        Ok(text.as_string().unwrap_or_default())
    }
}

/// The built-in example opened on first visit (and by an embed without a design): one web
/// server in a public subnet, small enough to read at 100 % (issue #13: a beginner's first
/// view, not the 33-node reference app at half zoom), with users to simulate as soon as Run
/// is pressed.
pub const EXAMPLE: &str = include_str!("../../../../scenarios/first-web-server.json");

/// Whether `s` is the first-visit example as it opens (its name aside: a Korean visitor's
/// copy has its Korean title). It has no diagnostics (the test below keeps it so), so the
/// page shows none without asking the worker that works them out.
pub fn is_first_example(s: &Scenario) -> bool {
    Scenario::from_json(EXAMPLE).is_ok_and(|example| Scenario { name: s.name.clone(), ..example } == *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_visit_example_has_no_diagnostics() {
        let s = Scenario::from_json(EXAMPLE).unwrap();
        assert_eq!(engine::validate(&s), Vec::new(), "the page assumes none on a first visit (is_first_example)");
        assert!(is_first_example(&s) && is_first_example(&Scenario { name: "첫 웹 서버".into(), ..s.clone() }));
        let mut edited = s.clone();
        edited.nodes.pop();
        assert!(!is_first_example(&edited));
    }
}
