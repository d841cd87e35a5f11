//! Fuzz target `embed`: the web app's embed query-string and postMessage parsers (crates/web/src/state/embed.rs, compiled here as is, body in `embed::fuzz_one`), which must never panic on a hostile page's input.
//!
//! The web crate itself is not built: it pulls in Leptos and web-sys, which would be
//! instrumented for nothing. embed.rs is pure; the two `crate::` items it uses are
//! stood in for below (if it starts using more, this target fails to build: add them).
#![no_main]

#[path = "../../crates/web/src/state/embed.rs"]
#[allow(dead_code)]
mod embed;

/// Stand-in for the web crate's `i18n::Lang` (same variants: the parser only names them).
mod i18n {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
    pub enum Lang {
        #[default]
        En,
        Ko,
    }
}

/// Stand-in for the web crate's `render::svg::escape`, used by `embed_code` only (not fuzzed).
#[allow(dead_code)]
mod render {
    pub mod svg {
        pub fn escape(s: &str) -> String {
            s.to_string()
        }
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| embed::fuzz_one(data));
