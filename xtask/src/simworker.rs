//! The simulator's worker module after Trunk: Trunk names a worker's files after its binary (`simworker.js`, `simworker_bg.wasm`), never after its contents, so this step renames them after their hash, writes the loader for those names and tells the page which loader is its own (`<meta name="stratus-worker">`). A page and a worker of two builds never meet, even when a service worker serves an older tab.

use std::path::Path;

/// Trunk's names for the worker's files.
const JS: &str = "simworker.js";
const WASM: &str = "simworker_bg.wasm";
const LOADER: &str = "simworker_loader.js";
/// Marks the meta this step writes.
const META: &str = "<meta name=\"stratus-worker\"";

/// Rename the worker's files in `dist` after their contents and point index.html at the
/// loader; returns the loader's name.
pub fn version(dist: &Path) -> Result<String, String> {
    let read = |name: &str| {
        std::fs::read(dist.join(name)).map_err(|e| {
            format!("the simulator's worker was not built (dist/{name}: {e}); see index.html's rust links")
        })
    };
    let (js, wasm) = (read(JS)?, read(WASM)?);
    let mut hash = crate::pwa::Fnv::default();
    hash.write(&js);
    hash.write(&[0]);
    hash.write(&wasm);
    let base = format!("simworker-{:016x}", hash.0);
    let (js_name, wasm_name, loader_name) =
        (format!("{base}.js"), format!("{base}_bg.wasm"), format!("{base}_loader.js"));
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(dist.join(name), bytes).map_err(|e| format!("cannot write dist/{name}: {e}"))
    };
    write(&js_name, &js)?;
    write(&wasm_name, &wasm)?;
    // The worker's module is wasm-bindgen's `no-modules` output: `wasm_bindgen` is global.
    // A module that fails to load is rethrown outside the promise, so that it reaches the
    // page as the Worker's `error` event (a rejected promise in a worker never does).
    let loader = format!(
        "importScripts('./{js_name}');\nwasm_bindgen({{ module_or_path: './{wasm_name}' }}).catch((e) => setTimeout(() => {{ throw e; }}));\n"
    );
    write(&loader_name, loader.as_bytes())?;
    for old in [JS, WASM, LOADER] {
        let _ = std::fs::remove_file(dist.join(old));
    }
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("cannot read dist/index.html: {e}"))?;
    std::fs::write(&index, with_meta(&html, &loader_name)?)
        .map_err(|e| format!("cannot write dist/index.html: {e}"))?;
    println!("simulator worker: {loader_name}");
    Ok(loader_name)
}

/// The page with (only) one worker meta naming `loader`, right after `<meta charset>`.
fn with_meta(html: &str, loader: &str) -> Result<String, String> {
    let mut html = html.to_string();
    while let Some(start) = html.find(META) {
        let end = html[start..].find('>').map_or(html.len(), |j| start + j + 1);
        let start = html[..start].trim_end_matches([' ', '\n']).len();
        html.replace_range(start..end, "");
    }
    let at = html
        .find("<meta charset")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
        .ok_or("index.html has no <meta charset=…>: cannot name the simulator's worker")?;
    Ok(format!("{}\n    {META} content=\"./{loader}\">{}", &html[..at], &html[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_contents_and_the_page_names_its_loader() {
        let dir = std::env::temp_dir().join(format!("stratus-simworker-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let page = "<html><head><meta charset=\"utf-8\" /><title>t</title></head></html>";
        let build = |js: &str| {
            std::fs::write(dir.join(JS), js).unwrap();
            std::fs::write(dir.join(WASM), [0u8, 97, 115, 109]).unwrap();
            std::fs::write(dir.join(LOADER), "trunk's").unwrap();
            std::fs::write(dir.join("index.html"), page).unwrap();
            version(&dir).unwrap()
        };
        let first = build("a");
        assert!(first.starts_with("simworker-") && first.ends_with("_loader.js"), "{first}");
        let loader = std::fs::read_to_string(dir.join(&first)).unwrap();
        let base = first.trim_end_matches("_loader.js");
        assert!(loader.contains(&format!("'./{base}.js'")) && loader.contains(&format!("'./{base}_bg.wasm'")));
        assert!(!dir.join(JS).exists() && !dir.join(WASM).exists() && !dir.join(LOADER).exists());
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert_eq!(html.matches(META).count(), 1);
        assert!(html.contains(&format!("content=\"./{first}\"")));
        // Twice on the same page: still one meta.
        assert_eq!(with_meta(&html, "x.js").unwrap().matches(META).count(), 1);
        assert_eq!(build("a"), first, "same contents, same name");
        assert_ne!(build("b"), first, "one changed byte, another name");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(version(&dir).is_err(), "no worker built: a clear error");
    }
}
