//! Designs kept in browser storage: every change autosaved compactly, several designs side by side (new, open, rename, duplicate, delete); a saved design that cannot be read is kept aside, never overwritten; a damaged index is rebuilt from the designs themselves; a write from another tab is noticed, never overwritten.
//!
//! The logic works on any `KeyValue` (the browser's `localStorage` in the app, a map in
//! the native tests), so what keeps designs safe is tested without a browser.

use crate::i18n::Words;
use engine::model::{Scenario, FORMAT_VERSION, MAX_DOCUMENT_BYTES};
use engine::Msg;
use serde::{Deserialize, Serialize};

/// The list of designs (`Vec<DesignMeta>` as JSON).
pub const INDEX_KEY: &str = "stratus.designs";
/// The id of the design open last.
pub const CURRENT_KEY: &str = "stratus.current";
/// Where the first version kept its single design; migrated on first load.
pub const LEGACY_KEY: &str = "stratus.design";
/// Prefix of each design's own key.
pub const DESIGN_PREFIX: &str = "stratus.design.";
/// Where an unreadable saved design is moved, so a bug or a newer format never destroys it.
pub const RESCUE_PREFIX: &str = "stratus.unreadable.";

/// The browser refused a write (its storage quota is used up).
#[derive(Debug)]
pub struct WriteRefused;

/// A string store with `localStorage`'s shape: the browser's in the app, a map in tests.
pub trait KeyValue {
    /// The value under `key`.
    fn get(&self, key: &str) -> Option<String>;
    /// Store `value` under `key`; `Err` when the browser refuses (quota exceeded).
    fn set(&self, key: &str, value: &str) -> Result<(), WriteRefused>;
    /// Remove `key` (nothing if absent).
    fn remove(&self, key: &str);
    /// Every key.
    fn keys(&self) -> Vec<String>;
}

/// The browser's `localStorage`.
pub struct Browser(web_sys::Storage);

impl KeyValue for Browser {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get_item(key).ok().flatten()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), WriteRefused> {
        self.0.set_item(key, value).map_err(|_| WriteRefused)
    }
    fn remove(&self, key: &str) {
        let _ = self.0.remove_item(key);
    }
    fn keys(&self) -> Vec<String> {
        let n = self.0.length().unwrap_or(0);
        (0..n).filter_map(|i| self.0.key(i).ok().flatten()).collect()
    }
}

/// This page's `localStorage`, if the browser allows it.
pub fn browser() -> Option<Browser> {
    crate::platform::page::window().local_storage().ok().flatten().map(Browser)
}

/// One saved design, as listed in the File menu.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignMeta {
    /// Storage id.
    pub id: String,
    /// The scenario's name when last saved.
    pub name: String,
    /// Last save, ms since the epoch.
    pub updated: f64,
    /// The scenario format the design was saved in (absent in indexes written before it
    /// was recorded: those designs are format 1).
    #[serde(default = "format_one")]
    pub format: u32,
}

fn format_one() -> u32 {
    1
}

/// What went wrong saving or opening a design.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// Storage is disabled in this browser.
    Unavailable,
    /// The browser refused the write (quota).
    Full,
    /// The design is larger than a design file may be: saved, it could never be opened.
    TooLarge {
        /// Its size as saved (compact JSON).
        bytes: usize,
    },
    /// Another tab saved this design since this tab last read or wrote it: writing now
    /// would silently throw their work away.
    ChangedElsewhere,
    /// The design is not (or no longer) in storage.
    Missing,
    /// The saved text could not be read as a design; it was kept under `rescue`.
    Unreadable {
        /// Where the text was kept.
        rescue: String,
        /// Why it could not be read.
        why: Msg,
    },
}

impl Refusal {
    /// What to tell the person.
    pub fn message(&self) -> Words {
        let text = match self {
            Refusal::Unavailable => engine::msg!("ui.storage.unavailable"),
            Refusal::Full => engine::msg!("ui.storage.full"),
            Refusal::TooLarge { bytes } => {
                engine::msg!("ui.storage.too_large", mb = mb(*bytes), max_mb = mb(MAX_DOCUMENT_BYTES))
            }
            Refusal::ChangedElsewhere => engine::msg!("ui.storage.changed_elsewhere"),
            Refusal::Missing => engine::msg!("ui.storage.missing"),
            Refusal::Unreadable { rescue, why } => {
                return engine::msg!("web.saved_unreadable", rescue = rescue, why = why).into();
            }
        };
        text.into()
    }
}

fn mb(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

/// A cheap fingerprint of a saved text (FNV-1a): how a tab knows whether the design in
/// storage is still the one it last read or wrote. Not a security hash.
pub fn stamp(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn design_key(id: &str) -> String {
    format!("{DESIGN_PREFIX}{id}")
}

/// The design's text as saved: compact JSON (a pretty one grows past the load limit long
/// before the design does), refused if it could not be opened again.
pub fn saved_text(s: &Scenario) -> Result<String, Refusal> {
    let text = s.to_json_compact();
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Refusal::TooLarge { bytes: text.len() });
    }
    Ok(text)
}

/// The index as stored, or `None` if it is missing or damaged.
fn read_index(kv: &dyn KeyValue) -> Option<Vec<DesignMeta>> {
    serde_json::from_str(&kv.get(INDEX_KEY)?).ok()
}

fn write_index(kv: &dyn KeyValue, all: &[DesignMeta]) -> Result<(), Refusal> {
    kv.set(INDEX_KEY, &serde_json::to_string(all).unwrap_or_default()).map_err(|WriteRefused| Refusal::Full)
}

/// The name and format of a saved design's text, read leniently (for rebuilding the
/// index: a design the engine cannot open is still listed, and opening it rescues it).
fn meta_of(id: &str, text: &str, updated: f64) -> DesignMeta {
    #[derive(Deserialize)]
    struct Head {
        #[serde(default)]
        name: String,
        #[serde(default)]
        format: u32,
    }
    let head = serde_json::from_str::<Head>(text).ok();
    DesignMeta {
        id: id.to_string(),
        name: head.as_ref().map(|h| h.name.clone()).unwrap_or_default(),
        updated,
        format: head.map_or(FORMAT_VERSION, |h| h.format),
    }
}

/// Every saved design, most recently changed first. The index is checked against the
/// designs actually stored: entries whose design is gone are dropped, designs the index
/// lost (a damaged or missing index, a write cut short) are listed again; a repaired index
/// is written back.
pub fn list(kv: &dyn KeyValue) -> Vec<DesignMeta> {
    let stored: Vec<String> =
        kv.keys().into_iter().filter_map(|k| k.strip_prefix(DESIGN_PREFIX).map(String::from)).collect();
    let index = read_index(kv);
    let damaged = index.is_none() && kv.get(INDEX_KEY).is_some();
    let mut all: Vec<DesignMeta> = index.unwrap_or_default();
    let before = all.len();
    all.retain(|d| stored.contains(&d.id));
    let mut changed = damaged || all.len() != before;
    for id in &stored {
        if !all.iter().any(|d| &d.id == id) {
            if let Some(text) = kv.get(&design_key(id)) {
                // Unknown age: listed last (0), so the designs the index knows keep their order.
                all.push(meta_of(id, &text, 0.0));
                changed = true;
            }
        }
    }
    if changed {
        let _ = write_index(kv, &all);
    }
    engine::sort::sort_by(&mut all, |a, b| b.updated.total_cmp(&a.updated).then(a.id.cmp(&b.id)));
    all
}

/// A new, unused design id, made from `now` (ms since the epoch).
pub fn new_id(kv: &dyn KeyValue, now: f64) -> String {
    let now = now as u64;
    let taken =
        |id: &str| kv.get(&design_key(id)).is_some() || read_index(kv).is_some_and(|l| l.iter().any(|d| d.id == id));
    (0u64..)
        .map(|i| format!("d{:x}{}", now, if i == 0 { String::new() } else { format!("-{i}") }))
        .find(|id| !taken(id))
        .unwrap_or_else(|| format!("d{now:x}"))
}

/// Save a design and remember it as the current one. `expected` is the stamp of what this
/// tab last read or wrote under `id` (`None`: it never did, e.g. a new design); if storage
/// holds something else, another tab wrote it and nothing is written
/// (`Refusal::ChangedElsewhere`). Returns the stamp of what was written.
pub fn save(kv: &dyn KeyValue, id: &str, s: &Scenario, expected: Option<u64>, now: f64) -> Result<u64, Refusal> {
    let text = saved_text(s)?;
    let key = design_key(id);
    let stored = kv.get(&key);
    if let Some(current) = &stored {
        if expected != Some(stamp(current)) && *current != text {
            return Err(Refusal::ChangedElsewhere);
        }
    }
    let listed = read_index(kv).is_some_and(|l| l.iter().any(|d| d.id == id));
    if stored.as_deref() == Some(text.as_str()) && listed {
        // Nothing changed (the app saves what it opens): no write, and the design keeps
        // its place in the most-recent-first list.
        let _ = kv.set(CURRENT_KEY, id);
        return Ok(stamp(&text));
    }
    kv.set(&key, &text).map_err(|WriteRefused| Refusal::Full)?;
    let mut all = read_index(kv).unwrap_or_else(|| list(kv));
    let meta = DesignMeta { id: id.to_string(), name: s.name.clone(), updated: now, format: s.format };
    match all.iter_mut().find(|d| d.id == id) {
        Some(d) => *d = meta,
        None => all.push(meta),
    }
    write_index(kv, &all)?;
    let _ = kv.set(CURRENT_KEY, id);
    Ok(stamp(&text))
}

/// Open a saved design, with the stamp of its text. An unreadable one is moved aside
/// (never deleted) and reported.
pub fn open(kv: &dyn KeyValue, id: &str) -> Result<(Scenario, u64), Refusal> {
    let text = kv.get(&design_key(id)).ok_or(Refusal::Missing)?;
    match Scenario::from_json(&text) {
        Ok(s) => Ok((s, stamp(&text))),
        Err(e) => {
            let rescue = format!("{RESCUE_PREFIX}{id}");
            let _ = kv.set(&rescue, &text);
            Err(Refusal::Unreadable { rescue, why: e.message() })
        }
    }
}

/// Delete a saved design.
pub fn delete(kv: &dyn KeyValue, id: &str) -> Result<(), Refusal> {
    kv.remove(&design_key(id));
    let all: Vec<DesignMeta> = list(kv).into_iter().filter(|d| d.id != id).collect();
    write_index(kv, &all)
}

/// What to open at start-up.
pub enum Restored {
    /// Nothing saved yet: start a new design with this id.
    Nothing(String),
    /// The design open last (boxed: a scenario is large next to the other variants), with
    /// the stamp of its saved text.
    Design(String, Box<Scenario>, u64),
    /// The design open last could not be read (kept aside); start a new design with this id.
    Unreadable(String, Words),
}

/// Move the first version's single design (`LEGACY_KEY`) into the list of designs. The old
/// key is removed only once the design and the index are both written: a full storage
/// leaves it where it was, to be tried again next time.
fn migrate_legacy(kv: &dyn KeyValue, now: f64) {
    let Some(legacy) = kv.get(LEGACY_KEY) else { return };
    let id = new_id(kv, now);
    if kv.set(&design_key(&id), &legacy).is_err() {
        return;
    }
    let mut all = list(kv);
    if !all.iter().any(|d| d.id == id) {
        all.push(meta_of(&id, &legacy, now));
    }
    if let Some(d) = all.iter_mut().find(|d| d.id == id) {
        d.updated = now;
    }
    if write_index(kv, &all).is_err() {
        // Not listed: take the copy back, so the legacy key stays the one copy.
        kv.remove(&design_key(&id));
        return;
    }
    let _ = kv.set(CURRENT_KEY, &id);
    kv.remove(LEGACY_KEY);
}

/// Find the design open last, migrating the first version's single design if present.
pub fn restore(kv: &dyn KeyValue, now: f64) -> Restored {
    migrate_legacy(kv, now);
    let all = list(kv);
    let current =
        kv.get(CURRENT_KEY).filter(|id| all.iter().any(|d| &d.id == id)).or_else(|| all.first().map(|d| d.id.clone()));
    match current {
        Some(id) => match open(kv, &id) {
            Ok((s, stamp)) => Restored::Design(id, Box::new(s), stamp),
            Err(why) => Restored::Unreadable(new_id(kv, now), why.message()),
        },
        None => Restored::Nothing(new_id(kv, now)),
    }
}

/// `localStorage` in memory, with an optional quota (total bytes of keys and values).
#[cfg(test)]
#[derive(Default)]
pub struct Memory {
    map: std::cell::RefCell<std::collections::BTreeMap<String, String>>,
    /// The most bytes (keys and values) it holds; a write past it is refused.
    pub quota: std::cell::Cell<Option<usize>>,
}

#[cfg(test)]
impl Memory {
    fn used_with(&self, key: &str, value: &str) -> usize {
        let map = self.map.borrow();
        let others: usize = map.iter().filter(|(k, _)| *k != key).map(|(k, v)| k.len() + v.len()).sum();
        others + key.len() + value.len()
    }
}

#[cfg(test)]
impl KeyValue for Memory {
    fn get(&self, key: &str) -> Option<String> {
        self.map.borrow().get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), WriteRefused> {
        if self.quota.get().is_some_and(|q| self.used_with(key, value) > q) {
            return Err(WriteRefused);
        }
        self.map.borrow_mut().insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&self, key: &str) {
        self.map.borrow_mut().remove(key);
    }
    fn keys(&self) -> Vec<String> {
        self.map.borrow().keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design(name: &str) -> Scenario {
        Scenario { name: name.into(), ..Scenario::from_json(engine::scenarios::BUILT_IN[0].1).unwrap() }
    }

    #[test]
    fn a_saved_design_opens_again_and_is_compact() {
        let kv = Memory::default();
        let s = design("lab");
        let stamp = save(&kv, "d1", &s, None, 10.0).unwrap();
        let text = kv.get("stratus.design.d1").unwrap();
        assert!(!text.contains('\n'), "saved compactly");
        assert!(text.len() * 2 < s.to_json().len() + text.len(), "smaller than the pretty export");
        assert_eq!(open(&kv, "d1").unwrap(), (s.clone(), stamp));
        assert_eq!(list(&kv), vec![DesignMeta { id: "d1".into(), name: "lab".into(), updated: 10.0, format: 1 }]);
        assert_eq!(kv.get(CURRENT_KEY).as_deref(), Some("d1"));
        // Saving it unchanged (as the app does when it opens a design) writes nothing: it
        // keeps its place in the most-recent-first list.
        assert_eq!(save(&kv, "d1", &s, Some(stamp), 99.0), Ok(stamp));
        assert_eq!(list(&kv)[0].updated, 10.0);
    }

    #[test]
    fn a_design_too_large_to_open_again_is_refused_before_it_is_written() {
        // Regression (#12): a large design was saved as pretty JSON past the 8 MiB load
        // limit, and could then never be reopened.
        let kv = Memory::default();
        let mut s = design("big");
        s.description.en = "x".repeat(MAX_DOCUMENT_BYTES);
        let err = save(&kv, "d1", &s, None, 1.0).unwrap_err();
        assert!(matches!(err, Refusal::TooLarge { bytes } if bytes > MAX_DOCUMENT_BYTES), "{err:?}");
        assert!(err.message().en().contains("8.0 MB") && err.message().ko().contains("8.0 MB"));
        assert!(kv.keys().is_empty(), "nothing written");
        // Just under the limit as compact JSON: saved, and it opens again.
        let mut s = design("edge");
        let room = MAX_DOCUMENT_BYTES - s.to_json_compact().len() - 64;
        s.description.en = "y".repeat(room);
        save(&kv, "d2", &s, None, 1.0).unwrap();
        assert!(open(&kv, "d2").is_ok());
    }

    #[test]
    fn a_full_storage_is_said_and_leaves_the_saved_design_alone() {
        let kv = Memory::default();
        let first = save(&kv, "d1", &design("v1"), None, 1.0).unwrap();
        kv.quota.set(Some(kv.used_with("", "") + 10));
        let mut bigger = design("v2");
        bigger.description.en = "z".repeat(10_000);
        assert_eq!(save(&kv, "d1", &bigger, Some(first), 2.0), Err(Refusal::Full));
        assert_eq!(open(&kv, "d1").unwrap().0.name, "v1");
    }

    #[test]
    fn a_damaged_or_missing_index_is_rebuilt_from_the_designs() {
        let kv = Memory::default();
        save(&kv, "d1", &design("one"), None, 1.0).unwrap();
        save(&kv, "d2", &design("two"), None, 2.0).unwrap();
        for damage in ["{not json", "null", "[{\"id\":1}]"] {
            kv.set(INDEX_KEY, damage).unwrap();
            let names: Vec<String> = list(&kv).into_iter().map(|d| d.name).collect();
            assert_eq!(names.len(), 2, "{damage}: {names:?}");
            assert!(names.contains(&"one".to_string()) && names.contains(&"two".to_string()));
            assert!(read_index(&kv).is_some_and(|l| l.len() == 2), "{damage}: the repaired index is written back");
        }
        kv.remove(INDEX_KEY);
        assert_eq!(list(&kv).len(), 2, "missing index");
        // An index entry whose design is gone is dropped; the start-up restore still opens one.
        kv.remove("stratus.design.d2");
        assert_eq!(list(&kv).iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["d1"]);
        assert!(matches!(restore(&kv, 5.0), Restored::Design(id, _, _) if id == "d1"));
    }

    #[test]
    fn the_first_versions_single_design_is_migrated_and_its_key_removed_only_once_copied() {
        let kv = Memory::default();
        let legacy = design("old").to_json();
        kv.set(LEGACY_KEY, &legacy).unwrap();
        // Storage full: nothing can be copied; the legacy key stays, nothing is lost.
        kv.quota.set(Some(kv.used_with("", "") + 1));
        let _ = restore(&kv, 7.0);
        assert_eq!(kv.get(LEGACY_KEY).as_deref(), Some(legacy.as_str()));
        assert!(kv.keys().iter().all(|k| !k.starts_with(DESIGN_PREFIX)), "no half-made copy left");
        // With room: copied, listed, opened, then the old key goes.
        kv.quota.set(None);
        match restore(&kv, 8.0) {
            Restored::Design(id, s, _) => {
                assert_eq!(s.name, "old");
                assert_eq!(list(&kv)[0].id, id);
            }
            _ => panic!("the migrated design opens"),
        }
        assert_eq!(kv.get(LEGACY_KEY), None);
    }

    #[test]
    fn an_index_written_before_formats_were_recorded_still_reads() {
        // Index version 1 (before `format` was recorded): a bare array of {id, name, updated}.
        let kv = Memory::default();
        kv.set("stratus.design.d1", &design("x").to_json()).unwrap();
        kv.set(INDEX_KEY, r#"[{"id":"d1","name":"x","updated":3}]"#).unwrap();
        assert_eq!(list(&kv), vec![DesignMeta { id: "d1".into(), name: "x".into(), updated: 3.0, format: 1 }]);
    }

    #[test]
    fn an_unreadable_design_is_kept_aside_and_the_app_starts_fresh() {
        let kv = Memory::default();
        kv.set("stratus.design.d1", r#"{"format":99,"nodes":[]}"#).unwrap();
        kv.set(CURRENT_KEY, "d1").unwrap();
        match restore(&kv, 1.0) {
            Restored::Unreadable(id, why) => {
                assert_ne!(id, "d1");
                assert!(why.en().contains("stratus.unreadable.d1"), "{}", why.en());
            }
            _ => panic!("refused"),
        }
        assert_eq!(kv.get("stratus.unreadable.d1").as_deref(), Some(r#"{"format":99,"nodes":[]}"#));
        assert!(kv.get("stratus.design.d1").is_some(), "the original is never deleted");
    }

    #[test]
    fn a_write_from_another_tab_is_never_overwritten() {
        let kv = Memory::default();
        // Both tabs opened the same saved design.
        let base = save(&kv, "d1", &design("base"), None, 1.0).unwrap();
        let (mut tab_a, mut tab_b) = (Some(base), Some(base));
        // Tab B edits and saves.
        tab_b = Some(save(&kv, "d1", &design("from B"), tab_b, 2.0).unwrap());
        // Tab A, which has not seen B's save, edits: refused, B's work stays.
        assert_eq!(save(&kv, "d1", &design("from A"), tab_a, 3.0), Err(Refusal::ChangedElsewhere));
        assert_eq!(open(&kv, "d1").unwrap().0.name, "from B");
        // Once A has read B's version, it saves over it as usual.
        tab_a = Some(open(&kv, "d1").unwrap().1);
        assert!(save(&kv, "d1", &design("A after B"), tab_a, 4.0).is_ok());
        assert_eq!(save(&kv, "d1", &design("B stale"), tab_b, 5.0), Err(Refusal::ChangedElsewhere));
        // Writing exactly what is stored is never a conflict (two tabs made the same edit).
        let same = design("A after B");
        assert!(save(&kv, "d1", &same, None, 6.0).is_ok());
    }

    #[test]
    fn new_ids_are_unused() {
        let kv = Memory::default();
        let a = new_id(&kv, 255.0);
        assert_eq!(a, "dff");
        save(&kv, &a, &design("a"), None, 1.0).unwrap();
        assert_eq!(new_id(&kv, 255.0), "dff-1");
    }
}
