//! Lesson links: a whole lesson (its own design inside) in a URL fragment, `#l1:` + base64url(zlib(compact lesson JSON)), read with caps on every size so a hostile link can neither panic nor exhaust memory.
//!
//! The same envelope as a design's share link (`share`, `#v1:`), with its own letter so the
//! two never mix: a design link opens a design, a lesson link starts a lesson. The fragment
//! never reaches a server. The web app compresses and decompresses with the browser's
//! Compression Streams and uses `packed` before and `text_of` after; the command line
//! and the tests use `encode` and `decode` (feature `codec`).

use super::{Lesson, LessonError, MAX_LESSON_BYTES};
use crate::msg::Msg;
use crate::share::ShareError;

/// The prefix of a version-1 lesson fragment (after the `#`).
pub const PREFIX: &str = "l1:";

/// The longest lesson fragment read or made, bytes: 64 KiB. Under every current browser's
/// limit on an address (Safari's is the shortest, about 80,000 characters; Chromium's is
/// 2 MiB), and a hundred times what a built-in lesson needs once its design is inside
/// (`every_built_in_lesson_fits_a_link_and_reads_back` prints them: 2.2 to 5.6 KB). A larger lesson is
/// shared as a file.
pub const MAX_LINK_BYTES: usize = 64 * 1024;

/// Why a lesson link cannot be opened, in a lesson link's words. The envelope's faults are
/// a share link's (`ShareError`: the same checks, the same caps); a lesson link has no design
/// of its own to refuse, so `NotAShare` and `Scenario` do not arise and read as no link.
pub fn message(e: &ShareError) -> Msg {
    let again = msg!("lesson_link.ask_again");
    match e {
        ShareError::NotALink | ShareError::NotAShare { .. } | ShareError::Scenario(_) => {
            msg!("lesson_link.not_a_link", again = again)
        }
        ShareError::UnknownVersion { found } => msg!("lesson_link.unknown_version", found = found),
        ShareError::TooLong { bytes } => msg!("lesson_link.too_long", bytes = bytes, value = MAX_LINK_BYTES),
        ShareError::BadBase64 => msg!("lesson_link.bad_characters", again = again),
        ShareError::NotCompressed => msg!("lesson_link.damaged", again = again),
        ShareError::TooLarge => msg!("lesson_link.too_large", value = MAX_LESSON_BYTES),
        ShareError::TrailingData => msg!("lesson_link.trailing", again = again),
    }
}

/// Whether a fragment (with or without its `#`) looks like a lesson link of any version.
pub fn is_lesson_fragment(fragment: &str) -> bool {
    crate::share::versioned(fragment.strip_prefix('#').unwrap_or(fragment), 'l').is_some()
}

/// The fragment (without `#`) for zlib-compressed lesson text: `l1:` + base64url.
pub fn fragment_of(packed: &[u8]) -> String {
    use base64::Engine as _;
    format!("{PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed))
}

/// The compressed bytes of a lesson fragment (with or without `#`, or a whole URL), after
/// the checks that need no decompression: length, version, base64 (`message` says why not).
pub fn packed(fragment: &str) -> Result<Vec<u8>, ShareError> {
    crate::share::unpack(fragment, PREFIX, MAX_LINK_BYTES)
}

/// The lesson file's text in decompressed bytes (at most `MAX_LESSON_BYTES`, which the
/// decompressor enforces): the text the app hands to the lesson reader; or why not.
pub fn text_of(bytes: &[u8]) -> Result<&str, Msg> {
    std::str::from_utf8(bytes).map_err(|_| msg!("lesson_link.not_text", again = msg!("lesson_link.ask_again")))
}

/// Read decompressed bytes as a lesson, as strictly as a lesson file; why not, in both
/// languages (a link's damage, or the lesson's field and what is wrong with it).
pub fn open(bytes: &[u8]) -> Result<Lesson, Msg> {
    Lesson::from_json(text_of(bytes)?).map_err(|e| not_a_lesson(&e))
}

/// Why a link's lesson cannot be played.
fn not_a_lesson(e: &LessonError) -> Msg {
    let why = e.message();
    msg!("lesson_link.not_a_lesson", why = why)
}

/// The fragment (without `#`) carrying `lesson`; `TooLong` when it would be over
/// `MAX_LINK_BYTES` (share it as a file).
#[cfg(feature = "codec")]
pub fn encode(lesson: &Lesson) -> Result<String, ShareError> {
    let text = serde_json::to_string(lesson).unwrap_or_default();
    let fragment = fragment_of(&crate::share::deflate(text.as_bytes()));
    if fragment.len() > MAX_LINK_BYTES {
        return Err(ShareError::TooLong { bytes: fragment.len() });
    }
    Ok(fragment)
}

/// Open a lesson fragment (with or without `#`, or a whole URL); why not, in both
/// languages. Never panics; memory is bounded by `MAX_LINK_BYTES` and `MAX_LESSON_BYTES`.
#[cfg(feature = "codec")]
pub fn decode(fragment: &str) -> Result<Lesson, Msg> {
    let packed = packed(fragment).map_err(|e| message(&e))?;
    open(&crate::share::inflate(&packed, MAX_LESSON_BYTES).map_err(|e| message(&e))?)
}

#[cfg(all(test, feature = "codec"))]
mod tests {
    use super::*;
    use crate::lesson::{Start, BUILT_IN};

    /// A built-in lesson made self-contained: its start's design inside, as a link carries it.
    fn inline(text: &str) -> Lesson {
        let mut l = Lesson::from_json(text).unwrap();
        let start = l.start_design().unwrap();
        l.start = Start { example: None, design: Some(serde_json::to_value(&start).unwrap()), changes: vec![] };
        l
    }

    #[test]
    fn every_built_in_lesson_fits_a_link_and_reads_back() {
        let mut sizes = Vec::new();
        for (id, text) in BUILT_IN {
            let lesson = inline(text);
            let fragment = encode(&lesson).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert!(fragment.starts_with(PREFIX) && is_lesson_fragment(&format!("#{fragment}")), "{id}");
            assert!(!crate::share::is_share_fragment(&fragment), "{id}: a lesson link is not a design link");
            let back = decode(&format!("https://x.test/app/?embed=1#{fragment}"))
                .unwrap_or_else(|e| panic!("{id}: {}", e.en()));
            assert_eq!(back, lesson, "{id}");
            sizes.push((fragment.len() + 1, *id));
        }
        crate::sort::sort_by(&mut sizes, Ord::cmp);
        let (small, large) = (sizes[0], sizes[sizes.len() - 1]);
        println!(
            "lesson links, fragment with '#': smallest {} bytes ({}), largest {} bytes ({})",
            small.0, small.1, large.0, large.1
        );
        assert!(large.0 * 10 < MAX_LINK_BYTES, "the built-in lessons are far under the cap");
    }

    #[test]
    fn hostile_lesson_links_are_refused_with_the_reason() {
        let good = encode(&inline(BUILT_IN[0].1)).unwrap();
        let cut = good[..3 + (good.len() - 3) / 8 * 4].to_string();
        let pack = |bytes: &[u8]| fragment_of(&crate::share::deflate(bytes));
        let zeros = vec![b' '; MAX_LESSON_BYTES + 10];
        let design_link =
            crate::share::encode(&Lesson::from_json(BUILT_IN[0].1).unwrap().start_design().unwrap(), None);
        let misspelt = BUILT_IN[0].1.replace("\"brief\"", "\"breif\"");
        let cases: Vec<(&str, String, &str)> = vec![
            ("empty", String::new(), "lesson_link.not_a_link"),
            ("prefix only", "#l1:".into(), "lesson_link.not_a_link"),
            ("a design link", design_link, "lesson_link.not_a_link"),
            ("newer version", format!("l2:{}", &good[3..]), "lesson_link.unknown_version"),
            ("over the cap", format!("l1:{}", "A".repeat(MAX_LINK_BYTES)), "lesson_link.too_long"),
            ("garbage", "#l1:<script>alert(1)</script>".into(), "lesson_link.bad_characters"),
            ("cut short", cut.clone(), "lesson_link.damaged"),
            (
                "two links in one",
                fragment_of(&[packed(&good).unwrap(), packed(&good).unwrap()].concat()),
                "lesson_link.trailing",
            ),
            ("unpacks too large", pack(&zeros), "lesson_link.too_large"),
            ("not text", pack(&[0xff, 0xfe, 0x00]), "lesson_link.not_text"),
            ("not a lesson", pack(b"{\"format\": 1}"), "lesson_link.not_a_lesson"),
            ("a lesson misspelt", pack(misspelt.as_bytes()), "lesson_link.not_a_lesson"),
        ];
        for (what, input, code) in cases {
            let m = decode(&input).expect_err(what);
            assert_eq!(m.code, code, "{what}: {m:?}");
            assert!(!m.en().is_empty() && m.ko().chars().any(|c| ('가'..='힣').contains(&c)), "{what}: {m:?}");
        }
        assert!(decode(&format!("#l1:{}", &cut[3..])).unwrap_err().en().contains("#l1:"), "says how to copy it again");
        assert!(decode(&pack(misspelt.as_bytes())).unwrap_err().en().contains("breif"), "names the field");
    }

    #[test]
    fn a_lesson_over_the_cap_is_refused_when_made() {
        let mut big = inline(BUILT_IN[0].1);
        // Text that does not compress: a long brief of pseudo-random letters.
        let mut x = 7u64;
        big.brief.en = (0..120_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect();
        assert!(matches!(encode(&big), Err(ShareError::TooLong { .. })));
    }
}
