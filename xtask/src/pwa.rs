//! The service worker of the installable, offline app: after Trunk builds dist/, writes dist/sw.js from the template web/sw.js with the list of every file of the build and a cache name derived from their contents.

use std::path::Path;

/// The worker's file name in dist/ (the page registers `sw.js` relative to itself).
pub const WORKER: &str = "sw.js";
/// Where the template lives (not copied by Trunk: only xtask writes the worker).
pub const TEMPLATE: &str = "web/sw.js";
const FILES_PLACEHOLDER: &str = "__STRATUS_FILES__";
const BUILD_PLACEHOLDER: &str = "__STRATUS_BUILD__";

/// What was written.
#[derive(Debug)]
pub struct Worker {
    /// URLs precached, relative to the worker (sorted).
    pub files: Vec<String>,
    /// The build id in the cache name (hash of every file's path and contents).
    pub build: String,
}

/// Write `dist/sw.js` from the repository's template.
pub fn write_service_worker(dist: &Path) -> Result<Worker, String> {
    let template_path = crate::root().join(TEMPLATE);
    let template = std::fs::read_to_string(&template_path)
        .map_err(|e| format!("cannot read the service worker template {}: {e}", template_path.display()))?;
    let (text, worker) = render(&template, dist)?;
    let out = dist.join(WORKER);
    std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!("service worker: {} precaches {} files (build {})", out.display(), worker.files.len(), worker.build);
    Ok(worker)
}

/// The worker's text for the files now in `dist` (the worker itself excluded).
pub fn render(template: &str, dist: &Path) -> Result<(String, Worker), String> {
    for placeholder in [FILES_PLACEHOLDER, BUILD_PLACEHOLDER] {
        if !template.contains(placeholder) {
            return Err(format!("the service worker template lacks {placeholder}"));
        }
    }
    let mut files = Vec::new();
    let mut hash = Fnv::default();
    for (name, path) in dist_files(dist)? {
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        // Path and contents, separated so that moving bytes between files changes the hash.
        hash.write(name.as_bytes());
        hash.write(&[0]);
        hash.write(&(bytes.len() as u64).to_le_bytes());
        hash.write(&bytes);
        files.push(url_of(&name));
    }
    if !files.iter().any(|f| f == "index.html") {
        return Err(format!("{} has no index.html: did the Trunk build run?", dist.display()));
    }
    let build = format!("{:016x}", hash.0);
    let list = serde_json::to_string(&files).map_err(|e| e.to_string())?;
    let text = template.replace(FILES_PLACEHOLDER, &list).replace(BUILD_PLACEHOLDER, &build);
    Ok((text, Worker { files, build }))
}

/// Every file under `dist` as (path relative to dist with '/', full path), sorted; skips
/// the worker itself and hidden files (Trunk's staging directory).
fn dist_files(dist: &Path) -> Result<Vec<(String, std::path::PathBuf)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dist.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let read = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for item in read.flatten() {
            let path = item.path();
            if item.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.strip_prefix(dist).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            if name != WORKER {
                out.push((name, path));
            }
        }
    }
    #[allow(clippy::disallowed_methods)] // native build tool: not in the wasm bundle
    out.sort();
    Ok(out)
}

/// A relative URL for a dist path: unreserved characters and '/' kept, the rest escaped.
fn url_of(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// FNV-1a, 64 bits: a cache name that changes when any file changes (not a security hash).
pub struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf29ce484222325)
    }
}

impl Fnv {
    /// Mix `bytes` in.
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100000001b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> String {
        std::fs::read_to_string(crate::root().join(TEMPLATE)).unwrap()
    }

    fn site(tag: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("stratus-pwa-test-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("icons")).unwrap();
        std::fs::create_dir_all(dir.join(".stage")).unwrap();
        std::fs::write(dir.join("index.html"), "<p>shell</p>").unwrap();
        std::fs::write(dir.join("web-1a2b.js"), "js").unwrap();
        std::fs::write(dir.join("web-1a2b_bg.wasm"), [0u8, 97, 115, 109]).unwrap();
        std::fs::write(dir.join("icons/icon 192.png"), "png").unwrap();
        std::fs::write(dir.join(".stage/partial"), "x").unwrap();
        std::fs::write(dir.join(WORKER), "old worker").unwrap();
        dir
    }

    #[test]
    fn lists_every_file_relatively_and_hashes_their_contents() {
        let dir = site("list");
        let (text, worker) = render(&template(), &dir).unwrap();
        assert_eq!(worker.files, ["icons/icon%20192.png", "index.html", "web-1a2b.js", "web-1a2b_bg.wasm"]);
        assert!(!text.contains(FILES_PLACEHOLDER) && !text.contains(BUILD_PLACEHOLDER));
        assert!(
            text.contains(r#"const FILES = ["icons/icon%20192.png","index.html","web-1a2b.js","web-1a2b_bg.wasm"];"#)
        );
        assert!(text.contains(&format!("const BUILD = '{}';", worker.build)));
        // The worker never skips waiting by itself: only on the page's message.
        assert_eq!(text.matches("skipWaiting()").count(), 1);
        assert!(text.contains("'stratus:skip-waiting'"));
        // Same files, same build id; one changed byte, another.
        assert_eq!(render(&template(), &dir).unwrap().1.build, worker.build);
        std::fs::write(dir.join("web-1a2b.js"), "jz").unwrap();
        assert_ne!(render(&template(), &dir).unwrap().1.build, worker.build);
        // Written to dist/sw.js.
        write_service_worker(&dir).unwrap();
        assert!(std::fs::read_to_string(dir.join(WORKER)).unwrap().contains("web-1a2b_bg.wasm"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn refuses_a_dist_without_index_or_a_broken_template() {
        let dir = site("refuse");
        assert!(render("no placeholders", &dir).is_err());
        std::fs::remove_file(dir.join("index.html")).unwrap();
        assert!(render(&template(), &dir).unwrap_err().contains("index.html"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
