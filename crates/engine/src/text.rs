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

/// Escape text for XML and HTML, in element content and in quoted attribute values: `&`,
/// `<`, `>`, `"`, `'`; tab, line feed and carriage return as character references (kept by
/// attribute-value normalisation); and the characters XML 1.0 forbids (C0 controls, U+FFFE,
/// U+FFFF) as U+FFFD, so that text from a document never makes the markup unreadable.
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
