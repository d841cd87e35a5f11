//! Share by link: a scenario (with its seed and simulation settings) and an optional view travel in a URL fragment as `#v1:` + base64url(zlib(compact JSON)), decoded with size caps so a hostile link can neither panic nor exhaust memory.
//!
//! The fragment never reaches a server (browsers do not send it), so a shared design stays
//! between the people who hold the link. Format of version 1:
//!
//! ```text
//! v1:<base64url, no padding, of zlib(deflate) of {"scenario":{…},"view":{"x":…,"y":…,"zoom":…}}>
//! ```
//!
//! `view` is optional; `x`/`y` are the diagram point at the centre of the screen and `zoom`
//! the scale, so the same view opens on any screen size.
//!
//! The zlib step is behind the `codec` feature (on by default; the CLI and the tests use
//! it). The web app leaves it off and compresses with the browser's `CompressionStream`
//! (`deflate` is zlib), keeping the same checks: `packed` before and `open` after.

use crate::model::{LoadError, Scenario, MAX_DOCUMENT_BYTES};
use crate::msg::Msg;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The prefix of a version-1 share fragment (after the `#`).
pub const PREFIX: &str = "v1:";

/// The longest fragment `decode` reads, in bytes of text: 2 MiB. Chromium refuses URLs
/// longer than 2 MiB (`url::kMaxURLChars`), so no link a browser can open is longer; the
/// built-in examples need under 8 KB, and the largest design the loader accepts (8 MB of
/// JSON) compresses about tenfold, to well under this once base64-encoded.
pub const MAX_FRAGMENT_BYTES: usize = 2 * 1024 * 1024;

/// The largest decompressed payload `decode` produces: the same cap as `Scenario::from_json`.
/// Decompression stops at this size, so a "zip bomb" never allocates more.
pub const MAX_DECOMPRESSED_BYTES: usize = MAX_DOCUMENT_BYTES;

/// zlib compression level: 9 is the best standard level (10 is miniz's non-standard "uber").
#[cfg(feature = "codec")]
const LEVEL: u8 = 9;

/// Where the screen looks at the diagram when the link is opened.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Diagram x at the centre of the screen.
    pub x: f64,
    /// Diagram y at the centre of the screen.
    pub y: f64,
    /// Scale: 1 draws one diagram unit per CSS pixel.
    pub zoom: f64,
}

impl View {
    /// Smallest zoom a link may ask for (the editor clamps further).
    pub const MIN_ZOOM: f64 = 0.01;
    /// Largest zoom a link may ask for.
    pub const MAX_ZOOM: f64 = 100.0;
    /// Largest |x| or |y| a link may ask for.
    pub const MAX_COORD: f64 = 1e7;

    /// Whether the numbers make sense; a link with a nonsensical view opens without it.
    pub fn is_sane(&self) -> bool {
        self.x.abs() <= Self::MAX_COORD
            && self.y.abs() <= Self::MAX_COORD
            && (Self::MIN_ZOOM..=Self::MAX_ZOOM).contains(&self.zoom)
    }
}

/// What a link carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    /// The design, with its traffic, goals and simulation settings (seed included).
    pub scenario: Scenario,
    /// The view, when the link has a sensible one.
    pub view: Option<View>,
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    scenario: &'a Scenario,
    #[serde(skip_serializing_if = "Option::is_none")]
    view: Option<View>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeIn {
    scenario: serde_json::Value,
    #[serde(default)]
    view: Option<serde_json::Value>,
}

/// Why a link could not be opened.
#[derive(Clone, Debug, PartialEq)]
pub enum ShareError {
    /// Empty, or not a Stratus share fragment at all.
    NotALink,
    /// A `vN:` prefix this Stratus does not know (a newer one, or a typo).
    UnknownVersion {
        /// The prefix found, without the colon (at most 16 characters of it).
        found: String,
    },
    /// Longer than `MAX_FRAGMENT_BYTES`.
    TooLong {
        /// Length of the fragment, bytes.
        bytes: usize,
    },
    /// Not base64url: the link was cut or altered (often by a chat app or a line break).
    BadBase64,
    /// Base64 is fine but the bytes are not zlib data, or they end early (a cut link).
    NotCompressed,
    /// Decompresses to more than `MAX_DECOMPRESSED_BYTES`.
    TooLarge,
    /// Bytes follow the end of the compressed data: usually two links pasted together.
    /// Refused, as the browser's `DecompressionStream` refuses them, so a link opens the
    /// same way (or fails the same way) in the app, the CLI and the tests.
    TrailingData,
    /// Decompressed, but not the JSON a Stratus link carries.
    NotAShare {
        /// What the parser said.
        message: String,
    },
    /// The scenario inside could not be loaded.
    Scenario(LoadError),
}

impl ShareError {
    /// A message for the user in both languages, saying what is wrong and how to fix it.
    pub fn message(&self) -> Msg {
        let recopy = msg!("share.ask_link_again_or");
        match self {
            ShareError::NotALink => msg!("share.address_does_not_contain", recopy = recopy),
            ShareError::UnknownVersion { found } => msg!("share.link_uses_share_format", found = found),
            ShareError::TooLong { bytes } => {
                msg!("share.link_bytes_long_over", bytes = bytes, value = MAX_FRAGMENT_BYTES)
            }
            ShareError::BadBase64 => msg!("share.link_damaged_code_contains", recopy = recopy),
            ShareError::NotCompressed => msg!("share.link_damaged_or_cut", recopy = recopy),
            ShareError::TooLarge => msg!("share.link_unpacks_more_than", value = MAX_DECOMPRESSED_BYTES),
            ShareError::TrailingData => msg!("share.link_extra_text_after", recopy = recopy),
            ShareError::NotAShare { message } => msg!("share.link_code_not_stratus", message = message),
            ShareError::Scenario(e) => {
                let why = e.message();
                msg!("share.design_link_could_not", why = why)
            }
        }
    }
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for ShareError {}

/// The JSON a link carries for `scenario` and `view` (compact, before compression).
pub fn envelope(scenario: &Scenario, view: Option<View>) -> String {
    // Serialising these plain types cannot fail (no maps with non-string keys).
    // Through `Value`, like `Scenario::to_json`: one serialiser for the document in the wasm.
    serde_json::to_value(EnvelopeOut { scenario, view }).map(|v| v.to_string()).unwrap_or_default()
}

/// The fragment (without `#`) for zlib-compressed envelope bytes: `v1:` + base64url.
pub fn fragment_of(packed: &[u8]) -> String {
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The fragment (without `#`) carrying `scenario` and `view`: `v1:` + base64url(zlib(JSON)).
/// The browser compresses with its own `CompressionStream` instead (the same zlib format),
/// which keeps a deflate implementation out of the wasm bundle.
#[cfg(feature = "codec")]
pub fn encode(scenario: &Scenario, view: Option<View>) -> String {
    fragment_of(&deflate(envelope(scenario, view).as_bytes()))
}

/// zlib at the best standard level (what the browser's `CompressionStream` makes, in
/// fewer bytes).
#[cfg(feature = "codec")]
pub(crate) fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(bytes, LEVEL)
}

/// A full link: `base` (any fragment it has is replaced) + `#` + `fragment`.
pub fn link_with(base: &str, fragment: &str) -> String {
    let base = base.split('#').next().unwrap_or(base);
    format!("{base}#{fragment}")
}

/// A full link: `base` (any fragment it has is replaced) + `#` + `encode(..)`.
#[cfg(feature = "codec")]
pub fn link(base: &str, scenario: &Scenario, view: Option<View>) -> String {
    link_with(base, &encode(scenario, view))
}

/// Whether a URL fragment (with or without its `#`) looks like a share link of any
/// version, so the app knows to try `decode` (and to report its error) rather than ignore it.
pub fn is_share_fragment(fragment: &str) -> bool {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    version_prefix(f).is_some()
}

/// `vN` of a fragment starting `vN:` (N one to four digits).
fn version_prefix(f: &str) -> Option<&str> {
    versioned(f, 'v')
}

/// `xN` of a fragment starting `xN:` for the letter `x` (N one to four digits): `v` for
/// designs, `l` for lessons (`lesson::link`).
pub(crate) fn versioned(f: &str, letter: char) -> Option<&str> {
    let (head, _) = f.split_once(':')?;
    let digits = head.strip_prefix(letter)?;
    (!digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(head)
}

/// The compressed bytes of a share fragment (with or without its leading `#`; a whole URL
/// works too), after the checks that need no decompression: length, version, base64.
pub fn packed(fragment: &str) -> Result<Vec<u8>, ShareError> {
    unpack(fragment, PREFIX, MAX_FRAGMENT_BYTES)
}

/// The bytes of a fragment `prefix` + base64url (with or without its `#`, or a whole URL),
/// at most `max` bytes long; another version of the same letter is `UnknownVersion`.
pub(crate) fn unpack(fragment: &str, prefix: &str, max: usize) -> Result<Vec<u8>, ShareError> {
    if fragment.len() > max {
        return Err(ShareError::TooLong { bytes: fragment.len() });
    }
    // A whole URL: keep what follows the first '#'.
    let f = match fragment.split_once('#') {
        Some((_, after)) => after,
        None => fragment,
    };
    let code = match f.strip_prefix(prefix) {
        Some(code) => code,
        None => {
            let letter = prefix.chars().next().unwrap_or('v');
            return Err(match versioned(f, letter) {
                Some(v) => ShareError::UnknownVersion { found: v.chars().take(16).collect() },
                None => ShareError::NotALink,
            });
        }
    };
    // Padding is not written, but tolerate it (some tools add it).
    let code = code.trim_end_matches('=');
    if code.is_empty() {
        return Err(ShareError::NotALink);
    }
    URL_SAFE_NO_PAD.decode(code).map_err(|_| ShareError::BadBase64)
}

/// Read the decompressed envelope of a link (at most `MAX_DECOMPRESSED_BYTES`, which the
/// decompressor enforces).
pub fn open(json: &[u8]) -> Result<Shared, ShareError> {
    let envelope: EnvelopeIn =
        serde_json::from_slice(json).map_err(|e| ShareError::NotAShare { message: e.to_string() })?;
    let scenario = Scenario::from_json(&envelope.scenario.to_string()).map_err(ShareError::Scenario)?;
    let view = envelope.view.and_then(|v| serde_json::from_value::<View>(v).ok()).filter(View::is_sane);
    Ok(Shared { scenario, view })
}

/// Open a share fragment (with or without its leading `#`, a whole URL works too).
/// Never panics; memory use is bounded by `MAX_FRAGMENT_BYTES` and `MAX_DECOMPRESSED_BYTES`.
#[cfg(feature = "codec")]
pub fn decode(fragment: &str) -> Result<Shared, ShareError> {
    let packed = packed(fragment)?;
    open(&inflate(&packed, MAX_DECOMPRESSED_BYTES)?)
}

/// zlib-decompress `packed`, at most `cap` bytes, refusing bytes after the end of the
/// stream (`decompress_to_vec_zlib_with_limit` ignores them silently; the browser's
/// `DecompressionStream` throws).
#[cfg(feature = "codec")]
pub(crate) fn inflate(packed: &[u8], cap: usize) -> Result<Vec<u8>, ShareError> {
    use miniz_oxide::inflate::stream::{inflate, InflateState};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};
    let mut state = InflateState::new_boxed(DataFormat::Zlib);
    let mut chunk = vec![0u8; 64 * 1024];
    let mut out = Vec::new();
    let mut input = packed;
    loop {
        let r = inflate(&mut state, input, &mut chunk, MZFlush::None);
        input = input.get(r.bytes_consumed..).unwrap_or_default();
        if out.len() + r.bytes_written > cap {
            return Err(ShareError::TooLarge);
        }
        out.extend_from_slice(&chunk[..r.bytes_written]);
        match r.status {
            Ok(MZStatus::StreamEnd) => break,
            // Progress: go on. No progress with input left over cannot happen with a
            // non-empty output buffer; with no input left, the data ends early (a cut link).
            Ok(_) if r.bytes_consumed + r.bytes_written > 0 => {}
            _ => return Err(ShareError::NotCompressed),
        }
    }
    if input.is_empty() {
        Ok(out)
    } else {
        Err(ShareError::TrailingData)
    }
}

#[cfg(all(test, feature = "codec"))]
mod tests {
    use super::*;
    use crate::scenarios::BUILT_IN;

    fn packed(bytes: &[u8]) -> String {
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(bytes, LEVEL)))
    }

    #[test]
    fn every_built_in_example_round_trips() {
        let view = View { x: 420.5, y: -12.25, zoom: 0.75 };
        for (name, text) in BUILT_IN {
            let s = Scenario::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            for v in [None, Some(view)] {
                let fragment = encode(&s, v);
                assert!(fragment.starts_with("v1:"), "{name}");
                assert!(fragment[3..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{name}");
                let back = decode(&fragment).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(back.scenario, s, "{name}");
                assert_eq!(back.view, v, "{name}");
                // With '#', and as a whole URL.
                assert_eq!(decode(&format!("#{fragment}")).unwrap(), back, "{name}");
                let url = link("https://example.test/stratus/index.html?embed=1#old", &s, v);
                assert!(url.starts_with("https://example.test/stratus/index.html?embed=1#v1:"), "{name}");
                assert_eq!(decode(&url).unwrap(), back, "{name}");
            }
        }
    }

    #[test]
    fn every_built_in_example_link_is_under_8_kb() {
        // Design budget: a share link for a built-in example is under 8 KB.
        const BUDGET: usize = 8 * 1024;
        for (name, text) in BUILT_IN {
            let s = Scenario::from_json(text).unwrap();
            let fragment = encode(&s, Some(View { x: 0.0, y: 0.0, zoom: 1.0 }));
            let json = serde_json::to_string(&s).unwrap().len();
            println!("share link {name:<26} {:>6} bytes (compact JSON {json} bytes)", fragment.len() + 1);
            assert!(fragment.len() + 1 < BUDGET, "{name}: {} bytes", fragment.len() + 1);
        }
    }

    #[test]
    fn hostile_links_are_refused_with_the_reason() {
        let zeros = vec![b'0'; 100 * 1024 * 1024];
        let bomb = packed(&zeros);
        drop(zeros);
        assert!(bomb.len() < 200 * 1024, "a 100 MB bomb packs small: {}", bomb.len());
        let two_tier = Scenario::from_json(BUILT_IN[0].1).unwrap();
        let good = encode(&two_tier, None);
        let huge = format!("v1:{}", "A".repeat(MAX_FRAGMENT_BYTES));
        type Expect = fn(&ShareError) -> bool;
        let cases: Vec<(&str, String, Expect)> =
            vec![
            ("empty", String::new(), |e| *e == ShareError::NotALink),
            ("just the hash", "#".into(), |e| *e == ShareError::NotALink),
            ("prefix only", "#v1:".into(), |e| *e == ShareError::NotALink),
            ("some other anchor", "#section-2".into(), |e| *e == ShareError::NotALink),
            ("newer version", "#v2:eJyrVkrLz1eyUkpKLFKqBQAdegQ0".into(), |e| {
                *e == ShareError::UnknownVersion { found: "v2".into() }
            }),
            ("oversized", huge, |e| matches!(e, ShareError::TooLong { .. })),
            ("invalid base64", "#v1:abc$%^".into(), |e| *e == ShareError::BadBase64),
            ("base64 with a space", format!("#v1:{} {}", &good[3..10], &good[10..]), |e| *e == ShareError::BadBase64),
            ("not zlib", format!("v1:{}", URL_SAFE_NO_PAD.encode(b"{\"scenario\":{}}")), |e| {
                *e == ShareError::NotCompressed
            }),
            // Cut on a 4-character boundary, so the base64 itself stays valid.
            ("cut short", good[..3 + (good.len() - 3) / 8 * 4].to_string(), |e| *e == ShareError::NotCompressed),
            ("zip bomb (100 MB of zeros)", bomb, |e| *e == ShareError::TooLarge),
            // Two links pasted together: valid base64 whose zlib stream ends before the bytes do.
            ("two links in one", {
                let mut bytes = URL_SAFE_NO_PAD.decode(&good[3..]).unwrap();
                bytes.extend(URL_SAFE_NO_PAD.decode(&good[3..]).unwrap());
                fragment_of(&bytes)
            }, |e| *e == ShareError::TrailingData),
            ("one stray byte after the data", {
                let mut bytes = URL_SAFE_NO_PAD.decode(&good[3..]).unwrap();
                bytes.push(0);
                fragment_of(&bytes)
            }, |e| *e == ShareError::TrailingData),
            ("invalid JSON", packed(b"{\"scenario\": [1, 2"), |e| matches!(e, ShareError::NotAShare { .. })),
            ("JSON but not a share", packed(b"[1, 2, 3]"), |e| matches!(e, ShareError::NotAShare { .. })),
            ("a bare scenario", packed(BUILT_IN[0].1.as_bytes()), |e| matches!(e, ShareError::NotAShare { .. })),
            ("not a scenario", packed(br#"{"scenario":{"hello":"world"}}"#), |e| {
                *e == ShareError::Scenario(LoadError::NoFormat)
            }),
            ("scenario from the future", packed(br#"{"scenario":{"format":99,"nodes":[]}}"#), |e| {
                *e == ShareError::Scenario(LoadError::TooNew { found: 99 })
            }),
            (
                "duplicate ids",
                packed(
                    br#"{"scenario":{"format":1,"nodes":[{"id":"a","kind":"internet"},{"id":"a","kind":"internet"}]}}"#,
                ),
                |e| matches!(e, ShareError::Scenario(LoadError::DuplicateId(_))),
            ),
        ];
        for (what, input, expect) in cases {
            let err = decode(&input).expect_err(what);
            assert!(expect(&err), "{what}: got {err:?}");
            let m = err.message();
            assert!(!m.en().is_empty() && m.ko().chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)), "{what}");
        }
    }

    #[test]
    fn a_nonsensical_view_is_dropped_not_fatal() {
        let s = Scenario::from_json(BUILT_IN[0].1).unwrap();
        let scenario = serde_json::to_string(&s).unwrap();
        for view in [r#"{"x":0,"y":0,"zoom":0}"#, r#"{"x":1e300,"y":0,"zoom":1}"#, r#""wide""#, r#"{"x":1}"#] {
            let text = format!(r#"{{"scenario":{scenario},"view":{view}}}"#);
            let shared = decode(&packed(text.as_bytes())).expect(view);
            assert_eq!(shared.view, None, "{view}");
            assert_eq!(shared.scenario, s);
        }
    }

    #[test]
    fn padding_is_tolerated_and_versions_are_recognised() {
        let s = Scenario::from_json(BUILT_IN[0].1).unwrap();
        let padded = format!("{}==", encode(&s, None));
        assert_eq!(decode(&padded).unwrap().scenario, s);
        for (f, yes) in [("#v1:abc", true), ("v12:x", true), ("#v:x", false), ("#top", false), ("", false)] {
            assert_eq!(is_share_fragment(f), yes, "{f}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

            /// Whatever the fragment, decode returns (never panics).
            #[test]
            fn decode_never_panics_on_arbitrary_strings(text in ".{0,400}") {
                let _ = decode(&text);
                let _ = decode(&format!("v1:{text}"));
            }

            /// Base64url of arbitrary bytes (valid base64, random content) never panics either.
            #[test]
            fn decode_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
                let _ = decode(&format!("v1:{}", URL_SAFE_NO_PAD.encode(&bytes)));
                // Valid zlib around arbitrary bytes reaches the JSON parser.
                let _ = decode(&packed(&bytes));
            }
        }
    }
}
