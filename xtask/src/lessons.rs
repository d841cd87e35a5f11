//! dist/lessons/index.json: the course map's list (id, section, title of every built-in lesson, in the notes' order), so the Learn view fetches one small file and each lesson only when it opens.

use std::path::Path;

/// The index's JSON: `[{"id", "section", "title": {"en", "ko"}}]` in `BUILT_IN`'s order
/// (the notes' order, which an engine test keeps).
pub fn index() -> Result<String, String> {
    let mut out = Vec::new();
    for (id, text) in engine::lesson::BUILT_IN {
        let lesson = engine::lesson::Lesson::from_json(text).map_err(|e| format!("lessons/{id}.json: {e}"))?;
        out.push(serde_json::json!({
            "id": lesson.id,
            "section": lesson.section,
            "title": { "en": lesson.title.en, "ko": lesson.title.ko },
        }));
    }
    serde_json::to_string(&out).map_err(|e| e.to_string())
}

/// Write dist/lessons/index.json (Trunk copied the lesson files beside it).
pub fn write_index(dist: &Path) -> Result<(), String> {
    let dir = dist.join("lessons");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join("index.json");
    std::fs::write(&path, index()?).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_index_lists_every_built_in_lesson_in_order() {
        let index: serde_json::Value = serde_json::from_str(&super::index().unwrap()).unwrap();
        let ids: Vec<&str> = index.as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
        let want: Vec<&str> = engine::lesson::BUILT_IN.iter().map(|(k, _)| *k).collect();
        assert_eq!(ids, want);
        assert!(index[0]["title"]["ko"].as_str().is_some_and(|t| !t.is_empty()));
    }
}
