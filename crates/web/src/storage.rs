//! Designs kept in browser storage: every change autosaved, several designs side by side (new, open, rename, duplicate, delete); a saved design that cannot be read is kept aside, never overwritten.

use engine::model::{Scenario, Text};
use leptos::prelude::window;
use serde::{Deserialize, Serialize};

/// The list of designs (`Vec<DesignMeta>` as JSON).
pub const INDEX_KEY: &str = "stratus.designs";
/// The id of the design open last.
pub const CURRENT_KEY: &str = "stratus.current";
/// Where the first version kept its single design; migrated on first load.
pub const LEGACY_KEY: &str = "stratus.design";
/// Prefix of each design's own key.
const DESIGN_PREFIX: &str = "stratus.design.";
/// Where an unreadable saved design is moved, so a bug or a newer format never destroys it.
pub const RESCUE_PREFIX: &str = "stratus.unreadable.";

/// One saved design, as listed in the File menu.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignMeta {
    /// Storage id.
    pub id: String,
    /// The scenario's name when last saved.
    pub name: String,
    /// Last save, ms since the epoch.
    pub updated: f64,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn unavailable() -> Text {
    Text::new(
        "This browser does not allow saving (storage is disabled): export your design to keep it.",
        "이 브라우저는 저장을 허용하지 않습니다(저장소 비활성화). 설계를 보관하려면 내보내기를 하세요.",
    )
}

fn full() -> Text {
    Text::new(
        "Could not save: browser storage is full. Export your design to keep it, then delete old designs.",
        "저장하지 못했습니다. 브라우저 저장소가 가득 찼습니다. 설계를 내보내 보관한 뒤 오래된 설계를 지우세요.",
    )
}

/// Every saved design, most recently changed first.
pub fn list() -> Vec<DesignMeta> {
    let mut all: Vec<DesignMeta> = storage()
        .and_then(|s| s.get_item(INDEX_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    engine::sort::sort_by(&mut all, |a, b| b.updated.total_cmp(&a.updated).then(a.id.cmp(&b.id)));
    all
}

fn write_index(all: &[DesignMeta]) -> Result<(), Text> {
    let store = storage().ok_or_else(unavailable)?;
    store.set_item(INDEX_KEY, &serde_json::to_string(all).unwrap_or_default()).map_err(|_| full())
}

/// A new, unused design id.
pub fn new_id() -> String {
    let now = js_sys::Date::now() as u64;
    let taken = list();
    (0u64..)
        .map(|i| format!("d{:x}{}", now, if i == 0 { String::new() } else { format!("-{i}") }))
        .find(|id| !taken.iter().any(|d| &d.id == id))
        .unwrap_or_else(|| format!("d{now:x}"))
}

/// Save a design (and remember it as the current one).
pub fn save(id: &str, s: &Scenario) -> Result<(), Text> {
    let store = storage().ok_or_else(unavailable)?;
    store.set_item(&format!("{DESIGN_PREFIX}{id}"), &s.to_json()).map_err(|_| full())?;
    let mut all = list();
    let meta = DesignMeta { id: id.to_string(), name: s.name.clone(), updated: js_sys::Date::now() };
    match all.iter_mut().find(|d| d.id == id) {
        Some(d) => *d = meta,
        None => all.push(meta),
    }
    write_index(&all)?;
    let _ = store.set_item(CURRENT_KEY, id);
    Ok(())
}

/// Open a saved design. An unreadable one is moved aside (never deleted) and reported.
pub fn open(id: &str) -> Result<Scenario, Text> {
    let store = storage().ok_or_else(unavailable)?;
    let key = format!("{DESIGN_PREFIX}{id}");
    let text = store.get_item(&key).ok().flatten().ok_or_else(|| {
        Text::new(
            "That design is no longer in this browser's storage.",
            "그 설계는 이 브라우저 저장소에 더 이상 없습니다.",
        )
    })?;
    Scenario::from_json(&text).map_err(|e| {
        let rescue = format!("{RESCUE_PREFIX}{id}");
        let _ = store.set_item(&rescue, &text);
        let msg = e.message();
        Text::new(
            format!(
                "This saved design could not be opened; it was kept in browser storage under '{rescue}'. {}",
                msg.en
            ),
            format!("저장된 설계를 열 수 없어 브라우저 저장소의 '{rescue}'에 보관했습니다. {}", msg.ko),
        )
    })
}

/// Delete a saved design.
pub fn delete(id: &str) -> Result<(), Text> {
    let store = storage().ok_or_else(unavailable)?;
    let _ = store.remove_item(&format!("{DESIGN_PREFIX}{id}"));
    let all: Vec<DesignMeta> = list().into_iter().filter(|d| d.id != id).collect();
    write_index(&all)
}

/// What to open at start-up.
pub enum Restored {
    /// Nothing saved yet: start a new design with this id.
    Nothing(String),
    /// The design open last (boxed: a scenario is large next to the other variants).
    Design(String, Box<Scenario>),
    /// The design open last could not be read (kept aside); start a new design with this id.
    Unreadable(String, Text),
}

/// Find the design open last, migrating the first version's single design if present.
pub fn restore() -> Restored {
    let Some(store) = storage() else { return Restored::Nothing(new_id()) };
    if let Ok(Some(legacy)) = store.get_item(LEGACY_KEY) {
        let id = new_id();
        if store.set_item(&format!("{DESIGN_PREFIX}{id}"), &legacy).is_ok() {
            let name = Scenario::from_json(&legacy).map(|s| s.name).unwrap_or_default();
            let mut all = list();
            all.push(DesignMeta { id: id.clone(), name, updated: js_sys::Date::now() });
            let _ = write_index(&all);
            let _ = store.set_item(CURRENT_KEY, &id);
            let _ = store.remove_item(LEGACY_KEY);
        }
    }
    let current = store.get_item(CURRENT_KEY).ok().flatten().or_else(|| list().first().map(|d| d.id.clone()));
    match current {
        Some(id) if list().iter().any(|d| d.id == id) => match open(&id) {
            Ok(s) => Restored::Design(id, Box::new(s)),
            Err(msg) => Restored::Unreadable(new_id(), msg),
        },
        _ => Restored::Nothing(new_id()),
    }
}
