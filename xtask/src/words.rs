//! dist/messages/: every catalogue minified, and the page's first file per language, messages/ui/<lang>.json, written as the app's words (crates/web/messages/) merged with the names (crates/engine/messages/names/): the page fetches one file before it shows anything, and gzip compresses the two better together.

use std::path::Path;

/// The languages the page has words in.
const LANGS: [&str; 2] = ["en", "ko"];

fn read(path: &Path) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    match serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))? {
        serde_json::Value::Object(map) => Ok(map),
        _ => Err(format!("{}: not a JSON object of code -> words", path.display())),
    }
}

fn write(path: &Path, map: &serde_json::Map<String, serde_json::Value>) -> Result<(), String> {
    let text = serde_json::to_string(map).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Merge, minify, and drop dist/messages/names/ (now inside messages/ui/).
pub fn write_catalogues(dist: &Path) -> Result<(), String> {
    let messages = dist.join("messages");
    for lang in LANGS {
        let ui = messages.join("ui").join(format!("{lang}.json"));
        let mut words = read(&ui)?;
        for (code, text) in read(&messages.join("names").join(format!("{lang}.json")))? {
            if words.insert(code.clone(), text).is_some() {
                return Err(format!("{code} is both an app word and a name ({lang})"));
            }
        }
        write(&ui, &words)?;
        for engine in [messages.join(format!("{lang}.json")), messages.join("later").join(format!("{lang}.json"))] {
            write(&engine, &read(&engine)?)?;
        }
    }
    std::fs::remove_dir_all(messages.join("names")).map_err(|e| format!("cannot remove messages/names: {e}"))
}
