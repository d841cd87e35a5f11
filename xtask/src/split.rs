//! The page's wasm, split into a main module and lazily loaded chunks (issue #15: the first load counts only what a first visit fetches before anything is touched). Trunk builds the CSS, the copied directories and the simulator's worker; this step builds the page's crate itself: cargo with `--emit-relocs` (wasm-split needs the relocations), `wasm-split-cli` (each `#[wasm_split(name)]` function of crates/web/src/ui/split.rs, and what only it reaches, goes to `split_<name>.wasm`), `wasm-bindgen --keep-lld-exports` on the main module (the chunks import the lld exports: memory, table, shared functions), `wasm-opt -Oz` on main and chunks. Every output is then named after one hash of all of them (the glue and the split loader import each other, and a chunk only fits the main module it was cut from), the names they give each other rewritten, and dist/index.html gets the module script and preloads Trunk used to write — so the glue's minify, integrity, CSP, service-worker and size steps that follow see what they saw before.

use std::path::{Path, PathBuf};

/// The page's crate and binary.
const CRATE: &str = "web";
/// wasm-split-cli's names for its loader and the chunks' prefix.
const SPLIT_JS: &str = "__wasm_split.js";
const CHUNK_PREFIX: &str = "split_";
/// The wasm features the page's wasm uses (what wasm-opt must accept; Trunk's set for 0.21).
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-mutable-globals",
];
/// Marks the tags this step writes into dist/index.html.
const MARK: &str = "data-stratus-split";

/// The names one build's files get in dist/.
#[derive(Debug, PartialEq, Eq)]
pub struct Names {
    /// wasm-bindgen's ES module (`web-<hash>.js`; minify.rs minifies every `web-*.js`).
    pub glue: String,
    /// The main module (`web-<hash>_bg.wasm`).
    pub wasm: String,
    /// wasm-split's loader of the chunks (`web-<hash>_split.js`).
    pub loader: String,
    /// Each chunk: (wasm-split's name, `split_<name>-<hash>.wasm`).
    pub chunks: Vec<(String, String)>,
}

impl Names {
    fn new(hash: u64, chunks: &[String]) -> Names {
        let base = format!("{CRATE}-{hash:016x}");
        Names {
            glue: format!("{base}.js"),
            wasm: format!("{base}_bg.wasm"),
            loader: format!("{base}_split.js"),
            chunks: chunks
                .iter()
                .map(|c| (c.clone(), format!("{}-{hash:016x}.wasm", c.trim_end_matches(".wasm"))))
                .collect(),
        }
    }
}

/// Whether `name` (a path relative to dist/) is a lazily loaded chunk: fetched on the first
/// call of its function, after a touch, never by the first load (sizes.rs).
pub fn is_chunk(name: &str) -> bool {
    name.starts_with(CHUNK_PREFIX) && name.ends_with(".wasm") && !name.contains('/')
}

/// Build, split, bind, optimise and name the page's wasm into `dist`, and write its tags
/// into dist/index.html.
pub fn build(dist: &Path) -> Result<Names, String> {
    let root = crate::root();
    let target = root.join("target").join("split");
    // Its own target directory: other RUSTFLAGS would rebuild every crate of the usual one.
    crate::tools::run(
        crate::tools::cmd("cargo")
            .args(["build", "-p", CRATE, "--bin", CRATE, "--target", "wasm32-unknown-unknown"])
            .args(["--profile", "wasm-release"])
            // The split points exist only in this build (crates/web's `split` feature): the
            // wasm-bindgen tests and other builds have no loader for their imports.
            .args(["--features", "split"])
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTFLAGS", "-C link-args=--emit-relocs"),
    )?;
    let input = target.join("wasm32-unknown-unknown").join("wasm-release").join(format!("{CRATE}.wasm"));
    let work = target.join("out");
    let _ = std::fs::remove_dir_all(&work);
    let (split, bound, opt) = (work.join("split"), work.join("bg"), work.join("opt"));
    for d in [&split, &bound, &opt] {
        std::fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    }
    crate::tools::run(crate::tools::cmd("wasm-split-cli").arg(&input).arg(&split).args([
        "--target",
        "web",
        "--out-name",
        CRATE,
    ]))?;
    crate::tools::run(
        crate::tools::cmd("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--keep-lld-exports", "--out-dir"])
            .arg(&bound)
            .arg(split.join(format!("{CRATE}.wasm"))),
    )?;
    let chunks = chunk_names(&split)?;
    let wasm_opt = |from: PathBuf, to: PathBuf| {
        crate::tools::run(
            crate::tools::cmd("wasm-opt").arg("-Oz").args(WASM_OPT_FEATURES).arg(&from).arg("-o").arg(&to),
        )
    };
    wasm_opt(bound.join(format!("{CRATE}_bg.wasm")), opt.join(format!("{CRATE}_bg.wasm")))?;
    for c in &chunks {
        wasm_opt(split.join(c), opt.join(c))?;
    }
    let read = |p: PathBuf| std::fs::read(&p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let glue = String::from_utf8(read(bound.join(format!("{CRATE}.js")))?).map_err(|e| e.to_string())?;
    let loader = String::from_utf8(read(split.join(SPLIT_JS))?).map_err(|e| e.to_string())?;
    let wasm = read(opt.join(format!("{CRATE}_bg.wasm")))?;
    let chunk_bytes: Vec<Vec<u8>> = chunks.iter().map(|c| read(opt.join(c))).collect::<Result<_, _>>()?;
    // One hash of everything: the glue and the loader name each other.
    let mut hash = crate::pwa::Fnv::default();
    for part in
        [glue.as_bytes(), loader.as_bytes(), wasm.as_slice()].into_iter().chain(chunk_bytes.iter().map(Vec::as_slice))
    {
        hash.write(&(part.len() as u64).to_le_bytes());
        hash.write(part);
    }
    let names = Names::new(hash.0, &chunks);
    let (glue, loader) = (rewrite_glue(&glue, &names)?, rewrite_loader(&loader, &names)?);
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(dist.join(name), bytes).map_err(|e| format!("cannot write dist/{name}: {e}"))
    };
    write(&names.glue, glue.as_bytes())?;
    write(&names.loader, loader.as_bytes())?;
    write(&names.wasm, &wasm)?;
    for ((_, name), bytes) in names.chunks.iter().zip(&chunk_bytes) {
        write(name, bytes)?;
    }
    // wasm-bindgen's snippets (inline JS of the crate), imported by the glue by path.
    let snippets = copy_dir(&bound.join("snippets"), &dist.join("snippets"))?;
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("cannot read dist/index.html: {e}"))?;
    let file = |name: &str| read(dist.join(name));
    let mut preloads = Vec::new();
    for name in [names.glue.clone(), names.loader.clone()].into_iter().chain(snippets) {
        preloads.push((name.clone(), file(&name)?));
    }
    let html = with_tags(&html, &names, &preloads, &wasm)?;
    std::fs::write(&index, html).map_err(|e| format!("cannot write dist/index.html: {e}"))?;
    let sizes: Vec<String> = names.chunks.iter().map(|(_, n)| n.clone()).collect();
    println!("page wasm: {} + {} ({} chunks: {})", names.wasm, names.glue, sizes.len(), sizes.join(", "));
    Ok(names)
}

/// The chunks wasm-split wrote (`split_<name>.wasm`), sorted.
fn chunk_names(split: &Path) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = std::fs::read_dir(split)
        .map_err(|e| format!("cannot list {}: {e}", split.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| is_chunk(n))
        .collect();
    #[allow(clippy::disallowed_methods)] // native build tool: not in the wasm bundle
    out.sort();
    Ok(out)
}

/// Replace every `from` in `text` by `to`; an error if there is none (the tool's output
/// changed: better a failed build than a page that fetches a missing file).
fn replace_all(text: &str, from: &str, to: &str, what: &str) -> Result<String, String> {
    if !text.contains(from) {
        return Err(format!("{what} does not name {from}: did wasm-bindgen or wasm-split-cli change?"));
    }
    Ok(text.replace(from, to))
}

/// The glue with the loader's and the main module's names of this build.
fn rewrite_glue(glue: &str, names: &Names) -> Result<String, String> {
    // The import only: the key of the imports object stays the wasm module's import name.
    let glue =
        replace_all(glue, &format!("from \"./{SPLIT_JS}\""), &format!("from \"./{}\"", names.loader), "the glue")?;
    replace_all(&glue, &format!("'{CRATE}_bg.wasm'"), &format!("'{}'", names.wasm), "the glue")
}

/// The loader with the glue's and the chunks' names of this build.
fn rewrite_loader(loader: &str, names: &Names) -> Result<String, String> {
    let mut out =
        replace_all(loader, &format!("\"./{CRATE}.js\""), &format!("\"./{}\"", names.glue), "the split loader")?;
    for (from, to) in &names.chunks {
        out = replace_all(&out, &format!("\"./{from}\""), &format!("\"./{to}\""), "the split loader")?;
    }
    Ok(out)
}

/// Copy the files under `from` to `to` (merged); returns their paths relative to dist/
/// (`snippets/...`). None when wasm-bindgen wrote no snippets.
fn copy_dir(from: &Path, to: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else { continue };
        for item in read.flatten() {
            let path = item.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(from).unwrap_or(&path).to_path_buf();
            let dest = to.join(&rel);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::copy(&path, &dest).map_err(|e| format!("cannot copy to {}: {e}", dest.display()))?;
            out.push(format!("snippets/{}", rel.to_string_lossy().replace('\\', "/")));
        }
    }
    #[allow(clippy::disallowed_methods)] // native build tool: not in the wasm bundle
    out.sort();
    Ok(out)
}

fn integrity(bytes: &[u8]) -> String {
    format!("sha256-{}", crate::csp::base64(&crate::csp::sha256(bytes)))
}

/// The page with (only) this build's tags before `</head>`, as Trunk wrote them for its own
/// build: module preloads of the glue, the split loader and the snippets (never of a chunk),
/// a preload of the main module and the module script that starts the app.
fn with_tags(html: &str, names: &Names, preloads: &[(String, Vec<u8>)], wasm: &[u8]) -> Result<String, String> {
    let mut html = html.to_string();
    while let Some(start) = html.find(&format!("<link {MARK}")).or_else(|| html.find(&format!("<script {MARK}"))) {
        let close = if html[start..].starts_with("<script") { "</script>" } else { ">" };
        let end = html[start..].find(close).map_or(html.len(), |j| start + j + close.len());
        html.replace_range(start..end, "");
    }
    // Trunk's skipped rust link, if it left it in the page.
    while let Some(start) = rust_link(&html) {
        let end = html[start..].find('>').map_or(html.len(), |j| start + j + 1);
        html.replace_range(start..end, "");
    }
    let mut tags = String::new();
    for (name, bytes) in preloads {
        tags.push_str(&format!(
            "<link {MARK} crossorigin href=./{name} integrity=\"{}\" rel=modulepreload>",
            integrity(bytes)
        ));
    }
    tags.push_str(&format!(
        "<link {MARK} as=fetch crossorigin href=./{} integrity=\"{}\" rel=preload type=application/wasm>",
        names.wasm,
        integrity(wasm)
    ));
    tags.push_str(&format!(
        "<script {MARK} type=module>import init, * as bindings from './{}';\nconst wasm = await init({{ module_or_path: './{}' }});\nwindow.wasmBindings = bindings;\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {{detail: {{wasm}}}}));</script>",
        names.glue, names.wasm
    ));
    let at = html.find("</head>").ok_or("dist/index.html has no </head>: cannot add the page's module script")?;
    html.insert_str(at, &tags);
    Ok(html)
}

/// Where a `<link ... rel=rust ...>` tag starts in `html`, if one does.
fn rust_link(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = html[from..].find("<link").map(|i| from + i) {
        let end = html[i..].find('>').map_or(html.len(), |j| i + j + 1);
        let tag = &html[i..end];
        if tag.contains("rel=rust") || tag.contains("rel=\"rust\"") {
            return Some(i);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_references_follow_one_hash() {
        let names = Names::new(0xab, &["split_inspector.wasm".to_string()]);
        assert_eq!(names.glue, "web-00000000000000ab.js");
        assert_eq!(names.loader, "web-00000000000000ab_split.js");
        assert_eq!(
            names.chunks,
            [("split_inspector.wasm".to_string(), "split_inspector-00000000000000ab.wasm".to_string())]
        );
        let glue = "import * as import1 from \"./__wasm_split.js\"\nimports = { \"./__wasm_split.js\": import1 };\nmodule_or_path = new URL('web_bg.wasm', import.meta.url);";
        let glue = rewrite_glue(glue, &names).unwrap();
        assert!(
            glue.contains("from \"./web-00000000000000ab_split.js\"")
                && glue.contains("'web-00000000000000ab_bg.wasm'"),
            "{glue}"
        );
        assert!(glue.contains("{ \"./__wasm_split.js\": import1 }"), "the wasm module's import name stays: {glue}");
        let loader =
            "import { initSync } from \"./web.js\";\nfetch(new URL(\"./split_inspector.wasm\", import.meta.url));";
        let loader = rewrite_loader(loader, &names).unwrap();
        assert!(
            loader.contains("\"./web-00000000000000ab.js\"")
                && loader.contains("\"./split_inspector-00000000000000ab.wasm\""),
            "{loader}"
        );
        assert!(rewrite_loader("import nothing", &names).is_err(), "a changed tool output fails the build");
        assert!(is_chunk(&names.chunks[0].1) && !is_chunk(&names.wasm) && !is_chunk("examples/split_x.wasm"));
    }

    #[test]
    fn the_page_gets_one_set_of_tags_and_no_chunk_preload() {
        let names = Names::new(1, &["split_inspector.wasm".to_string()]);
        let page = "<html><head><title>t</title><link data-trunk-skip rel=rust href=x></head><body></body></html>";
        let preloads = vec![(names.glue.clone(), b"g".to_vec()), (names.loader.clone(), b"l".to_vec())];
        let once = with_tags(page, &names, &preloads, b"w").unwrap();
        let twice = with_tags(&once, &names, &preloads, b"w").unwrap();
        assert_eq!(once, twice, "a second run replaces its tags");
        assert_eq!(once.matches("rel=modulepreload").count(), 2);
        assert!(once.contains(&format!("import init, * as bindings from './{}'", names.glue)));
        assert!(!once.contains("split_inspector"), "chunks are fetched on their first call, never preloaded");
        assert!(once.ends_with("</script></head><body></body></html>"), "{once}");
    }
}
