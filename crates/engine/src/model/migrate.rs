//! Format versions: which `format` numbers a document may carry, and the migration steps that bring an older document up to `FORMAT_VERSION`, oldest first.
//!
//! Adding format N+1 is: bump `FORMAT_VERSION`, append one function to `STEPS` (it turns a
//! format-N document into a format-N+1 one, on the JSON, before the typed model sees it),
//! and add the fixture `crates/engine/tests/formats/v{N+1}.json`. The test below loads
//! every fixture, so each version keeps a test for as long as Stratus reads it.

use super::{LoadError, FORMAT_VERSION};
use serde_json::Value;

/// One migration: a document of format `N` (its index in `STEPS` plus one) in, a document
/// of format `N + 1` out. An `Err` is a document the step cannot convert.
type Step = fn(Value) -> Result<Value, LoadError>;

/// `STEPS[i]` migrates format `i + 1` to `i + 2`. Format 1 is the first, so none yet.
const STEPS: &[Step] = &[];

// One step per version after the first: a version without its step would load unmigrated.
const _: () = assert!(STEPS.len() + 1 == FORMAT_VERSION as usize);

/// Whether this Stratus reads documents of format `version`, as the number to migrate from.
/// For callers that store the version beside a document (the web app's saved designs), so
/// a design saved by a newer Stratus is refused before it is parsed, never overwritten.
pub fn supported_format(version: u64) -> Result<u32, LoadError> {
    match u32::try_from(version) {
        Ok(v) if (1..=FORMAT_VERSION).contains(&v) => Ok(v),
        Ok(v) if v > FORMAT_VERSION => Err(LoadError::TooNew { found: v }),
        _ if version > u64::from(FORMAT_VERSION) => Err(LoadError::TooNew { found: u32::MAX }),
        _ => Err(LoadError::UnknownFormat { found: version.to_string() }),
    }
}

/// The `format` of a parsed document, checked with `supported_format`.
pub(super) fn format_of(doc: &Value) -> Result<u32, LoadError> {
    let found = doc.get("format").ok_or(LoadError::NoFormat)?;
    match found.as_u64() {
        Some(v) => supported_format(v),
        // -1, 1.5, "1", null...: say what was written (bounded: it is shown to the user).
        None => Err(LoadError::UnknownFormat { found: found.to_string().chars().take(40).collect() }),
    }
}

/// `doc` (of format `from`, as `supported_format` returned) brought up to
/// `FORMAT_VERSION` by running every step after `from`, oldest first. Works on JSON, so
/// each step sees the document exactly as that version wrote it.
pub fn migrate(mut doc: Value, from: u32) -> Result<Value, LoadError> {
    let from = supported_format(u64::from(from))?;
    for (i, step) in STEPS.iter().enumerate().skip(from as usize - 1) {
        doc = step(doc)?;
        // Each step's output carries its version, so a step cannot forget to say so.
        if let Some(map) = doc.as_object_mut() {
            map.insert("format".into(), Value::from(i as u64 + 2));
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scenario;

    /// The fixture of every format version this Stratus reads.
    fn fixture(version: u32) -> String {
        let path = format!("{}/tests/formats/v{version}.json", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}: every format version needs a fixture"))
    }

    #[test]
    fn every_format_version_loads_and_migrates_to_the_current_one() {
        let current = Scenario::from_json(&fixture(FORMAT_VERSION)).expect("current fixture");
        assert_eq!(current.format, FORMAT_VERSION);
        for version in 1..=FORMAT_VERSION {
            let text = fixture(version);
            let doc: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(format_of(&doc), Ok(version), "v{version}.json must say \"format\": {version}");
            let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("v{version}: {e}"));
            assert_eq!(s.format, FORMAT_VERSION, "v{version}");
            // The fixtures describe one design, so every migration must arrive at the same one.
            assert_eq!(s, current, "v{version} migrates to the same design as v{FORMAT_VERSION}");
        }
    }

    #[test]
    fn formats_that_do_not_exist_are_refused_clearly() {
        let cases: [(&str, LoadError); 7] = [
            ("0", LoadError::UnknownFormat { found: "0".into() }),
            ("-1", LoadError::UnknownFormat { found: "-1".into() }),
            ("1.5", LoadError::UnknownFormat { found: "1.5".into() }),
            ("\"1\"", LoadError::UnknownFormat { found: "\"1\"".into() }),
            ("null", LoadError::UnknownFormat { found: "null".into() }),
            (&"9".repeat(30), LoadError::UnknownFormat { found: "1e30".into() }),
            ("4294967296", LoadError::TooNew { found: u32::MAX }),
        ];
        for (format, want) in cases {
            let text = format!(r#"{{"format":{format},"nodes":[]}}"#);
            let got = Scenario::from_json(&text).unwrap_err();
            if let LoadError::UnknownFormat { found } = &want {
                if found == "1e30" {
                    assert!(matches!(got, LoadError::UnknownFormat { .. }), "{format}: {got:?}");
                    continue;
                }
            }
            assert_eq!(got, want, "{format}");
            let m = got.message();
            assert!(m.en().contains("format") && m.ko().contains("형식"), "{m:?}");
        }
        let next = FORMAT_VERSION + 1;
        assert_eq!(
            Scenario::from_json(&format!(r#"{{"format":{next},"nodes":[]}}"#)),
            Err(LoadError::TooNew { found: next })
        );
        assert_eq!(supported_format(u64::from(FORMAT_VERSION)), Ok(FORMAT_VERSION));
        assert!(migrate(Value::Null, 0).is_err());
    }
}
