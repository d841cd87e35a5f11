//! The message catalogues agree with the code: every `msg!` call site in the workspace names a code both catalogues have, with exactly the placeholders the call fills; both languages have the same codes and placeholders; no entry is unused; templates are well formed (issue #14 point 4).

use engine::msg::{pieces, placeholders, Catalogue, Piece};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: String) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// The engine's catalogue of `lang`: both files.
fn catalogue(lang: &str) -> Catalogue {
    let mut c = Catalogue::from_json(lang, &read(format!("crates/engine/messages/{lang}.json"))).unwrap();
    let later = Catalogue::from_json(lang, &read(format!("crates/engine/messages/later/{lang}.json"))).unwrap();
    let overlap: Vec<&String> = later.entries.keys().filter(|k| c.entries.contains_key(*k)).collect();
    assert!(overlap.is_empty(), "codes in both files of {lang}: {overlap:?}");
    c.merge(later);
    c
}

/// Everything a message can be said from in the page: the engine's catalogue, the names
/// (`messages/names/`) and the app's own words (`crates/web/messages/`), which hold the
/// app's `ui.*` messages; no code is in two of them.
fn everything(lang: &str) -> Catalogue {
    let mut c = catalogue(lang);
    for path in [format!("crates/engine/messages/names/{lang}.json"), format!("crates/web/messages/{lang}.json")] {
        let more = Catalogue::from_json(lang, &read(path.clone())).unwrap();
        let overlap: Vec<&String> = more.entries.keys().filter(|k| c.entries.contains_key(*k)).collect();
        assert!(overlap.is_empty(), "codes of {path} already elsewhere: {overlap:?}");
        c.merge(more);
    }
    c
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Index just past the `)` matching the `(` at `open`, skipping string literals.
fn close_of(text: &[u8], open: usize) -> Option<usize> {
    let (mut depth, mut i) = (0i32, open);
    while i < text.len() {
        match text[i] {
            b'"' => {
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Top-level comma-separated parts of a macro's arguments.
fn parts(args: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth, mut in_str, mut esc) = (Vec::new(), String::new(), 0, false, false);
    for c in args.chars() {
        if in_str {
            cur.push(c);
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur).trim().to_string());
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Every `msg!("code", name = value, ...)` of the workspace's sources: code → the argument
/// names of each call site, with where it is.
fn call_sites() -> BTreeMap<String, Vec<(String, BTreeSet<String>)>> {
    let mut files = Vec::new();
    for krate in ["engine", "cli", "simworker", "web"] {
        rust_files(&root().join("crates").join(krate).join("src"), &mut files);
    }
    let mut sites: BTreeMap<String, Vec<(String, BTreeSet<String>)>> = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(at) = text[from..].find("msg!(").map(|k| k + from) {
            // `cargo fmt` may put the code on the next line.
            if !text[at + 5..].trim_start().starts_with('"') {
                from = at + 5;
                continue;
            }
            let line_start = text[..at].rfind('\n').map_or(0, |k| k + 1);
            if text[line_start..at].trim_start().starts_with("//") {
                from = at + 5; // a doc comment's example
                continue;
            }
            let open = at + 4;
            let close = close_of(bytes, open).expect("a closed msg! call");
            let args = parts(&text[open + 1..close]);
            let code = args[0].trim_matches('"').to_string();
            let names = args[1..].iter().map(|a| a.split('=').next().unwrap().trim().to_string()).collect();
            let line = text[..at].matches('\n').count() + 1;
            sites.entry(code).or_default().push((format!("{}:{line}", file.display()), names));
            from = close;
        }
    }
    sites
}

#[test]
fn both_languages_have_the_same_codes_and_placeholders() {
    let (en, ko) = (everything("en"), everything("ko"));
    let (en_codes, ko_codes): (BTreeSet<_>, BTreeSet<_>) = (en.entries.keys().collect(), ko.entries.keys().collect());
    assert_eq!(en_codes, ko_codes, "the two catalogues have different codes");
    for (code, template) in &en.entries {
        assert_eq!(placeholders(template), placeholders(&ko.entries[code]), "{code}: placeholders differ");
    }
}

#[test]
fn every_call_site_names_a_code_with_its_placeholders_and_every_entry_is_used() {
    let en = everything("en");
    let sites = call_sites();
    assert!(sites.len() > 300, "the scan found only {} codes: is it reading the sources?", sites.len());
    for (code, calls) in &sites {
        let template = en.entries.get(code).unwrap_or_else(|| panic!("{code} ({}) is in no catalogue", calls[0].0));
        let want: BTreeSet<String> = placeholders(template).into_iter().map(String::from).collect();
        for (at, names) in calls {
            assert_eq!(names, &want, "{at}: {code} fills {names:?}, its sentences use {want:?}");
        }
    }
    // The engine's entries and the app's `ui.*` messages are said through `msg!`; the app's
    // other words (its interface keys, names, phrases) are checked by the web crate's tests.
    let said_by_msg = |c: &&String| catalogue("en").entries.contains_key(*c) || c.starts_with("ui.");
    let unused: Vec<&String> = en.entries.keys().filter(said_by_msg).filter(|c| !sites.contains_key(*c)).collect();
    assert!(unused.is_empty(), "catalogue entries no code emits: {unused:?}");
}

#[test]
fn templates_are_well_formed() {
    for lang in ["en", "ko"] {
        for (code, template) in &everything(lang).entries {
            for piece in pieces(template) {
                match piece {
                    Piece::Slot(name) => assert!(
                        !name.is_empty()
                            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                        "{lang} {code}: bad placeholder {{{name}}}"
                    ),
                    Piece::Text(t) => {
                        let unpaired = t.replace("{{", "").replace("}}", "");
                        assert!(
                            !unpaired.contains('{') && !unpaired.contains('}') || t.len() <= 1,
                            "{lang} {code}: lone brace"
                        );
                    }
                }
            }
        }
    }
}

/// Rendering fills placeholders, nests messages in the same language, and never fails: an
/// unknown code shows the code, a missing argument shows its placeholder.
#[test]
fn rendering_nests_and_degrades_visibly() {
    let (en, ko) = (catalogue("en"), catalogue("ko"));
    let inner = engine::msg!("kernel.who_what", who = "a", what = "b");
    let outer = engine::msg!("kernel.who_what", who = "x", what = inner);
    assert_eq!(outer.render(&en), "x: a: b");
    assert_eq!(outer.render(&ko), "x: a: b");
    assert_eq!(engine::Msg::new("no.such.code", vec![]).render(&en), "no.such.code");
    assert_eq!(engine::Msg::new("kernel.who_what", vec![]).render(&en), "{who}: {what}");
    let back: engine::Msg = serde_json::from_str(&serde_json::to_string(&outer).unwrap()).unwrap();
    assert_eq!(back, outer, "a message survives the worker's JSON");
    let text = engine::msg!("kernel.who_what", who = "t", what = engine::Text::new("en", "ko"));
    assert_eq!((text.render(&en), text.render(&ko)), ("t: en".to_string(), "t: ko".to_string()));
    let back: engine::Msg = serde_json::from_str(&serde_json::to_string(&text).unwrap()).unwrap();
    assert_eq!(back, text);
}
