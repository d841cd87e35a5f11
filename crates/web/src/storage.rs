//! Autosave: the design is written to localStorage after every change and restored on load; a saved design that cannot be read is kept aside, never overwritten.

use engine::model::{Scenario, Text};
use leptos::prelude::window;

/// Where the current design is kept.
pub const DESIGN_KEY: &str = "stratus.design";
/// Where an unreadable saved design is moved, so a bug or a newer format never destroys it.
pub const RESCUE_KEY: &str = "stratus.design.unreadable";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// What was found in storage at start-up.
pub enum Restored {
    /// Nothing saved yet.
    Nothing,
    /// The saved design.
    Design(Scenario),
    /// Something was saved but could not be read; it was moved to `RESCUE_KEY`.
    Unreadable(Text),
}

/// Read the saved design.
pub fn restore() -> Restored {
    let Some(store) = storage() else { return Restored::Nothing };
    let Ok(Some(text)) = store.get_item(DESIGN_KEY) else { return Restored::Nothing };
    match Scenario::from_json(&text) {
        Ok(s) => Restored::Design(s),
        Err(e) => {
            let _ = store.set_item(RESCUE_KEY, &text);
            let _ = store.remove_item(DESIGN_KEY);
            let msg = e.message();
            Restored::Unreadable(Text::new(
                format!("Your saved design could not be opened, so the example is shown instead. It was kept in browser storage under '{RESCUE_KEY}'. {}", msg.en),
                format!("저장된 설계를 열 수 없어 예제를 대신 보여 줍니다. 설계는 브라우저 저장소의 '{RESCUE_KEY}'에 보관했습니다. {}", msg.ko),
            ))
        }
    }
}

/// Save the design; an error (storage full or disabled) is returned for the user to see.
pub fn save(s: &Scenario) -> Result<(), Text> {
    let store = storage().ok_or_else(|| {
        Text::new(
            "This browser does not allow saving (storage is disabled): export your design to keep it.",
            "이 브라우저는 저장을 허용하지 않습니다(저장소 비활성화). 설계를 보관하려면 내보내기를 하세요.",
        )
    })?;
    store.set_item(DESIGN_KEY, &s.to_json()).map_err(|_| {
        Text::new(
            "Could not save: browser storage is full. Export your design to keep it, then free some space.",
            "저장하지 못했습니다. 브라우저 저장소가 가득 찼습니다. 설계를 내보내 보관한 뒤 공간을 비우세요.",
        )
    })
}
