//! Words in the two languages Stratus speaks, as a document or a lesson gives them (a design's description, a lesson's brief): data, not the engine's messages (msg.rs).

use serde::{Deserialize, Serialize};

/// A text in the two languages Stratus speaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Text {
    /// English.
    pub en: String,
    /// Korean.
    pub ko: String,
}

impl Text {
    /// A text from its English and Korean forms.
    pub fn new(en: impl Into<String>, ko: impl Into<String>) -> Text {
        Text { en: en.into(), ko: ko.into() }
    }

    /// The text in `lang` (`"ko"` or anything else for English).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "ko" {
            &self.ko
        } else {
            &self.en
        }
    }

    /// Whether both languages are empty.
    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.ko.is_empty()
    }
}
