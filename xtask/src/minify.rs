//! The page's JavaScript glue (wasm-bindgen's ES module, `web-<hash>.js`) and the service worker minified with terser after Trunk and xtask wrote them: Trunk's `minify` leaves the glue as it is, and the first load counts every byte (glue 10.2 → 8.1 KB gzip, sw.js 3.3 → 2.1). The glue's subresource-integrity hash in index.html is written again for the new text.

use std::path::Path;

/// Minify each `web-*.js` of `dist` in place and give index.html's tags naming it the new
/// file's hash. Names the module exports and the keys of the object handed to the wasm
/// module stay as they are: terser renames locals only.
pub fn glue(dist: &Path) -> Result<(), String> {
    let index = dist.join("index.html");
    let mut html = std::fs::read_to_string(&index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let entries = std::fs::read_dir(dist).map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("web-") && name.ends_with(".js")) {
            continue;
        }
        let path = entry.path();
        let shown = path.to_string_lossy().into_owned();
        let args = [shown.as_str(), "--module", "--compress", "--mangle", "--output", shown.as_str()];
        crate::tools::run(crate::tools::cmd("terser").args(args))?;
        let text = std::fs::read(&path).map_err(|e| format!("cannot read {shown}: {e}"))?;
        html = with_integrity(&html, &name, &text);
    }
    std::fs::write(&index, html).map_err(|e| format!("cannot write {}: {e}", index.display()))
}

/// dist/sw.js without the template's comments and spaces (about 1.2 KB gzip of the first
/// load). Not compressed: its `const BUILD = "..."` stays as written, for what reads it.
pub fn service_worker(dist: &Path) -> Result<(), String> {
    let path = dist.join(crate::pwa::WORKER);
    let shown = path.to_string_lossy().into_owned();
    let args = [shown.as_str(), "--format", "comments=false", "--output", shown.as_str()];
    crate::tools::run(crate::tools::cmd("terser").args(args))
}

/// `html` with the `integrity` of every tag naming `file` set to the SHA-256 of `text` (a
/// browser refuses a module whose hash differs: the embeds stopped loading).
fn with_integrity(html: &str, file: &str, text: &[u8]) -> String {
    let value = format!("sha256-{}", crate::csp::base64(&crate::csp::sha256(text)));
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        out.push_str(&rest[..at]);
        if tag.contains(file) && tag.contains("integrity=") {
            out.push_str(&set_attribute(tag, "integrity", &value));
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `tag` with attribute `name`'s value (quoted or not) replaced by `value`.
fn set_attribute(tag: &str, name: &str, value: &str) -> String {
    let key = format!("{name}=");
    let Some(start) = tag.find(&key).map(|i| i + key.len()) else { return tag.to_string() };
    let after = &tag[start..];
    let len = match after.chars().next() {
        Some(q @ ('"' | '\'')) => after[1..].find(q).map_or(after.len(), |e| e + 2),
        _ => after.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after.len()),
    };
    format!("{}\"{value}\"{}", &tag[..start], &after[len..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The module preload Trunk writes (unquoted, minified HTML) and a quoted one get the new
    /// hash; other tags are left alone.
    #[test]
    fn the_glue_s_integrity_follows_its_minified_text() {
        let html = "<link crossorigin href=./web-1a.js integrity=sha384-OLD rel=modulepreload><link href=./style.css integrity=sha384-CSS rel=stylesheet><script src=\"web-1a.js\" integrity=\"sha384-OLD\"></script>";
        let out = with_integrity(html, "web-1a.js", b"abc");
        let want = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
        assert_eq!(out.matches(want).count(), 2, "{out}");
        assert!(out.contains("integrity=sha384-CSS rel=stylesheet") && !out.contains("OLD"), "{out}");
        assert!(out.contains(&format!("integrity=\"{want}\" rel=modulepreload>")), "{out}");
    }
}
