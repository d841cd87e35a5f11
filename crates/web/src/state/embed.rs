//! Embed mode's options, read from the page's query string (`?embed=1&readonly&lang=ko…`), and the postMessage protocol an embedding page speaks: pure functions, tested natively (docs/embedding.md).

use crate::i18n::Lang;
use engine::Msg;
use engine::Text;

/// Colour theme asked for by the embedding page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    /// The light theme (the only one drawn today).
    #[default]
    Light,
    /// A dark theme (falls back to light until one exists).
    Dark,
    /// Follow the reader's system setting (`prefers-color-scheme`).
    Auto,
}

/// What the query string asks for. `Default` is a normal visit (not embedded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedOptions {
    /// `embed=1`: compact chrome, nothing read from or written to the reader's saved
    /// designs, no service worker registered.
    pub embed: bool,
    /// `readonly`: the diagram can be looked at, run and questioned, not edited.
    pub readonly: bool,
    /// `autoplay`: start the simulation as soon as the design is shown.
    pub autoplay: bool,
    /// `faults=0` hides the controls that break things (instances, AZs, databases);
    /// shown by default, because breaking the design is the lesson.
    pub faults: bool,
    /// `lang=ko|en`: the UI language, instead of the reader's browser language.
    pub lang: Option<Lang>,
    /// `theme=light|dark|auto`.
    pub theme: Theme,
    /// `origin=https://notes.example` (repeatable, or comma-separated): the embedding
    /// pages allowed to talk to this frame by postMessage. Compared exactly with
    /// `MessageEvent.origin`; empty means the postMessage API is off.
    pub origins: Vec<String>,
    /// `lesson=ID`: open this lesson (docs/lessons.md) with its panel, in an embed or in
    /// the app (a lesson link).
    pub lesson: Option<String>,
    /// Parameters that were present but not understood, with why: shown to the author in
    /// the browser console, never fatal.
    pub problems: Vec<String>,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            embed: false,
            readonly: false,
            autoplay: false,
            faults: true,
            lang: None,
            theme: Theme::Light,
            origins: Vec::new(),
            lesson: None,
            problems: Vec::new(),
        }
    }
}

impl EmbedOptions {
    /// Parse `location.search` (with or without the leading `?`). Unknown parameters are
    /// ignored (the page may carry its own); malformed known ones keep their default and
    /// are listed in `problems`. Never panics.
    pub fn from_query(query: &str) -> EmbedOptions {
        let mut o = EmbedOptions::default();
        let query = query.strip_prefix('?').unwrap_or(query);
        // The fragment is not part of the query; tolerate a whole `search + hash`.
        let query = query.split('#').next().unwrap_or("");
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw_value) = pair.split_once('=').map_or((pair, None), |(k, v)| (k, Some(v)));
            let key = percent_decode(raw_key);
            let value = raw_value.map(percent_decode);
            let flag = |o: &mut EmbedOptions, default_if_bare: bool| match value.as_deref().map(parse_bool) {
                None => Some(default_if_bare),
                Some(Some(b)) => Some(b),
                Some(None) => {
                    o.problems.push(format!("{key}: expected 1 or 0, got '{}'", value.as_deref().unwrap_or("")));
                    None
                }
            };
            match key.as_str() {
                "embed" => o.embed = flag(&mut o, true).unwrap_or(o.embed),
                "readonly" => o.readonly = flag(&mut o, true).unwrap_or(o.readonly),
                "autoplay" => o.autoplay = flag(&mut o, true).unwrap_or(o.autoplay),
                "faults" => o.faults = flag(&mut o, true).unwrap_or(o.faults),
                "lang" => match value.as_deref().map(str::to_ascii_lowercase).as_deref() {
                    Some("ko") | Some("ko-kr") => o.lang = Some(Lang::Ko),
                    Some("en") | Some("en-us") | Some("en-gb") => o.lang = Some(Lang::En),
                    other => o.problems.push(format!("lang: expected ko or en, got '{}'", other.unwrap_or(""))),
                },
                "theme" => match value.as_deref() {
                    Some("light") => o.theme = Theme::Light,
                    Some("dark") => o.theme = Theme::Dark,
                    Some("auto") => o.theme = Theme::Auto,
                    other => {
                        o.problems.push(format!("theme: expected light, dark or auto, got '{}'", other.unwrap_or("")))
                    }
                },
                // Kept as written: the app says that no such lesson exists (bilingual),
                // which tells a reader more than a console line.
                "lesson" => o.lesson = value.filter(|v| !v.is_empty()),
                "origin" => {
                    for part in value.as_deref().unwrap_or("").split(',') {
                        match normalise_origin(part) {
                            Some(origin) if !o.origins.contains(&origin) => o.origins.push(origin),
                            Some(_) => {}
                            None => o.problems.push(format!(
                                "origin: '{part}' is not an origin such as https://notes.example (scheme, host, optional port; no path)"
                            )),
                        }
                    }
                }
                _ => {}
            }
        }
        // The postMessage API exists only in embed mode. Outside it the app holds the
        // reader's saved designs, so a page that opened `/?origin=<its own>` in a popup or
        // a frame could otherwise load a design over theirs or read it (issue #12).
        if !o.embed && !o.origins.is_empty() {
            o.problems.push("origin: ignored without embed=1 (the postMessage API exists only in embed mode)".into());
            o.origins.clear();
        }
        o
    }

    /// Whether a message from `origin` (the browser's `MessageEvent.origin`) may be
    /// obeyed, and a reply posted to it: exact match with a listed origin, nothing else.
    /// Never outside embed mode, whatever the query said.
    pub fn accepts(&self, origin: &str) -> bool {
        self.embed && self.origins.iter().any(|o| o == origin)
    }

    /// Whether editing is allowed.
    pub fn can_edit(&self) -> bool {
        !self.readonly
    }

    /// Whether the service worker may be registered (not inside someone else's page).
    pub fn may_register_worker(&self) -> bool {
        !self.embed
    }

    /// Whether the reader's saved designs may be read or written.
    pub fn uses_storage(&self) -> bool {
        !self.embed
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// `application/x-www-form-urlencoded` value decoding: `+` is a space, `%XX` a byte;
/// a malformed escape is kept as written; invalid UTF-8 is replaced.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(b) = hex {
                    out.push(b);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An origin as browsers serialise it (`https://host[:port]`, lower case, no default
/// port, no path), or `None` if `text` is not one. A single trailing `/` is forgiven.
pub fn normalise_origin(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t.strip_suffix('/').unwrap_or(t);
    let (scheme, rest) = t.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let rest = rest.to_ascii_lowercase();
    // Authority: host (a name, or an IPv6 literal in brackets), then an optional :port.
    let (host, port) = if rest.starts_with('[') {
        let close = rest.find(']')?;
        (&rest[..=close], &rest[close + 1..])
    } else {
        match rest.find(':') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest.as_str(), ""),
        }
    };
    let port: Option<u32> = match port.strip_prefix(':') {
        None if port.is_empty() => None,
        Some(p) if (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) => {
            Some(p.parse().ok().filter(|n| *n <= 65_535)?)
        }
        _ => return None,
    };
    let valid_host = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(inner) => !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.'),
        None => {
            !host.is_empty()
                && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
                && !host.starts_with('.')
                && !host.ends_with('.')
        }
    };
    if !valid_host {
        return None;
    }
    let default_port = if scheme == "https" { 443 } else { 80 };
    Some(match port {
        Some(p) if p != default_port => format!("{scheme}://{host}:{p}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// The HTML to paste into a page to embed `scenario` (what "Copy embed code" copies):
/// an `<iframe>` on `page_url` (the app's address; its query and fragment are replaced)
/// with `?embed=1` plus `extra_query` (e.g. `readonly=1&lang=ko`), the share fragment,
/// and the scenario's name as the frame's title. `fragment` is the design's share fragment
/// (`v1:…`, from `share_link::encode`). Attribute values are HTML-escaped.
/// The frame is sandboxed: scripts and its own origin (the app needs both to load its
/// wasm and draw; the embedding page, on another origin, stays out of reach), and popups
/// that escape the sandbox (for "Open in Stratus"); no forms, no top navigation, no modals.
pub fn embed_code(page_url: &str, extra_query: &str, scenario: &engine::Scenario, fragment: &str) -> String {
    let base = page_url.split(['?', '#']).next().unwrap_or(page_url);
    let query = if extra_query.is_empty() { "embed=1".to_string() } else { format!("embed=1&{extra_query}") };
    let src = engine::share::link_with(&format!("{base}?{query}"), fragment);
    let title = if scenario.name.is_empty() { "Stratus".to_string() } else { format!("Stratus: {}", scenario.name) };
    format!(
        r#"<iframe title="{}" src="{}" width="100%" height="520" loading="lazy" style="border:1px solid #d5dbdb;border-radius:8px" sandbox="{SANDBOX}"></iframe>"#,
        crate::render::svg::escape(&title),
        crate::render::svg::escape(&src)
    )
}

/// The HTML of an iframe playing lesson `id` alone (`?embed=1&lesson=ID&lang=…`), or the
/// lesson a lesson link carries (`fragment`, `l1:…`: `?embed=1&lang=…#l1:…`): the lesson's
/// own starting design, nothing of the reader's saved work.
pub fn lesson_embed_code(page_url: &str, id: &str, fragment: Option<&str>, lang_code: &str, title: &str) -> String {
    let base = page_url.split(['?', '#']).next().unwrap_or(page_url);
    let src = match fragment {
        Some(f) => format!("{base}?embed=1&lang={lang_code}#{f}"),
        None => format!("{base}?embed=1&lesson={id}&lang={lang_code}"),
    };
    format!(
        r#"<iframe title="{}" src="{}" width="100%" height="600" loading="lazy" style="border:1px solid #d5dbdb;border-radius:8px" sandbox="{SANDBOX}"></iframe>"#,
        crate::render::svg::escape(&format!("Stratus: {title}")),
        crate::render::svg::escape(&src)
    )
}

/// The `sandbox` of the frame `embed_code` makes (see there).
pub const SANDBOX: &str = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox";

/// A message from the embedding page (the `data` of a `MessageEvent`, a JSON object).
#[derive(Clone, Debug, PartialEq)]
pub enum Inbound {
    /// `{"type": "stratus:load", "id"?, "scenario": {…} | "link": "#v1:…"}`: open this design.
    Load {
        /// Echoed in the reply.
        id: Option<String>,
        /// A scenario object (serialised) or a share fragment.
        source: LoadSource,
    },
    /// `{"type": "stratus:export", "id"?}`: reply with the current design.
    Export {
        /// Echoed in the reply.
        id: Option<String>,
    },
}

/// What a `stratus:load` message carries.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadSource {
    /// Scenario JSON text (give it to `Scenario::from_json`).
    Scenario(String),
    /// A share fragment (give it to `engine::share::decode`).
    Link(String),
}

/// The largest message text `parse_inbound` looks at: the scenario cap plus room for the envelope.
const MAX_MESSAGE_BYTES: usize = engine::model::MAX_DOCUMENT_BYTES + 4096;

/// Read a message from the embedding page (already checked with `EmbedOptions::accepts`).
/// `Err` says, in both languages, what was wrong, with the message's `id` when it could be
/// read (so the reply names the request it refuses); messages of other types (`Ok(None)`)
/// are ignored, since pages also receive messages meant for others.
pub fn parse_inbound(json: &str) -> Result<Option<Inbound>, (Option<String>, Msg)> {
    if json.len() > MAX_MESSAGE_BYTES {
        return Err((None, engine::msg!("ui.embed.message_too_large", bytes = json.len(), max = MAX_MESSAGE_BYTES)));
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else { return Ok(None) };
    let id = value.get("id").and_then(|v| match v {
        serde_json::Value::String(s) => Some(s.chars().take(200).collect()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    match value.get("type").and_then(|t| t.as_str()) {
        Some("stratus:export") => Ok(Some(Inbound::Export { id })),
        Some("stratus:load") => {
            let source = match (value.get("scenario"), value.get("link").and_then(|l| l.as_str())) {
                (Some(serde_json::Value::String(text)), None) => LoadSource::Scenario(text.clone()),
                (Some(s @ serde_json::Value::Object(_)), None) => LoadSource::Scenario(s.to_string()),
                (None, Some(link)) => LoadSource::Link(link.to_string()),
                _ => return Err((id, engine::msg!("ui.embed.load_needs_one"))),
            };
            Ok(Some(Inbound::Load { id, source }))
        }
        _ => Ok(None),
    }
}

/// `{"type":"stratus:ready","version":1}`: posted once the first frame is drawn.
pub fn ready_message() -> String {
    serde_json::json!({ "type": "stratus:ready", "version": 1 }).to_string()
}

/// `{"type":"stratus:changed","revision":N,"name":…}`: posted after each change of the design.
pub fn changed_message(revision: u64, name: &str) -> String {
    serde_json::json!({ "type": "stratus:changed", "revision": revision, "name": name }).to_string()
}

/// The reply to `stratus:export`: the scenario as an object and its share fragment
/// (`fragment`, `v1:…`, from `share_link::encode`).
pub fn export_message(id: Option<&str>, scenario: &engine::Scenario, fragment: &str) -> String {
    let value = serde_json::to_value(scenario).unwrap_or(serde_json::Value::Null);
    let link = format!("#{fragment}");
    serde_json::json!({ "type": "stratus:export", "id": id, "scenario": value, "link": link }).to_string()
}

/// The reply to a refused `stratus:load`: `{"type":"stratus:error","id":…,"message":{"en","ko"}}`.
pub fn error_message(id: Option<&str>, message: &Text) -> String {
    serde_json::json!({ "type": "stratus:error", "id": id, "message": { "en": message.en, "ko": message.ko } })
        .to_string()
}

/// The body of the `embed` fuzz target (fuzz/fuzz_targets/embed.rs), here so that the
/// test below replays its saved findings with the same code: the query and message parsers
/// never panic, and every origin the query parser accepts is already in the form
/// browsers send (or exact comparison with `MessageEvent.origin` could never match it).
#[doc(hidden)]
pub fn fuzz_one(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let options = EmbedOptions::from_query(&text);
    for o in &options.origins {
        assert_eq!(normalise_origin(o).as_deref(), Some(o.as_str()), "origin not normalised: {o}");
        assert!(options.accepts(o));
    }
    let _ = parse_inbound(&text);
    let _ = normalise_origin(&text);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every input the `embed` fuzz target ever failed on (fuzz/regressions/embed/).
    #[test]
    fn saved_fuzz_findings_stay_fixed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/regressions/embed");
        for file in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            eprintln!("replaying {}", file.path().display());
            fuzz_one(&std::fs::read(file.path()).unwrap());
        }
    }

    #[test]
    fn a_lesson_embed_code_plays_the_lesson_alone_and_escapes_its_title() {
        let linked = lesson_embed_code("https://x.test/app/", "mine", Some("l1:eJzz"), "en", "Mine");
        assert!(linked.contains(r#"src="https://x.test/app/?embed=1&amp;lang=en#l1:eJzz""#), "{linked}");
        let code =
            lesson_embed_code("https://x.test/app/?lesson=a#v1:z", "nacl-ephemeral-ports", None, "ko", "응답 <규칙>");
        assert!(
            code.contains(r#"src="https://x.test/app/?embed=1&amp;lesson=nacl-ephemeral-ports&amp;lang=ko""#),
            "{code}"
        );
        assert!(
            code.contains("Stratus: 응답 &lt;규칙&gt;") && code.contains(SANDBOX) && !code.contains("#v1"),
            "{code}"
        );
        let o = EmbedOptions::from_query("?embed=1&lesson=nacl-ephemeral-ports&lang=ko");
        assert!(!o.uses_storage(), "a lesson embed reads and writes no saved work");
    }

    #[test]
    fn a_plain_visit_is_not_embedded() {
        for q in ["", "?", "?utm_source=notes", "#v1:abc"] {
            assert_eq!(EmbedOptions::from_query(q), EmbedOptions::default(), "{q}");
        }
        let o = EmbedOptions::default();
        assert!(o.can_edit() && o.uses_storage() && o.may_register_worker() && o.faults);
    }

    #[test]
    fn every_option_is_read() {
        type Check = fn(&EmbedOptions) -> bool;
        let cases: &[(&str, Check)] = &[
            ("?embed=1", |o| o.embed && !o.uses_storage() && !o.may_register_worker()),
            ("?embed", |o| o.embed),
            ("?embed=true&readonly", |o| o.embed && o.readonly && !o.can_edit()),
            ("?embed=1&readonly=0", |o| o.embed && !o.readonly),
            ("?autoplay=yes", |o| o.autoplay),
            ("?faults=0", |o| !o.faults),
            ("?faults=off&faults=on", |o| o.faults),
            ("?lang=ko", |o| o.lang == Some(Lang::Ko)),
            ("?lang=EN", |o| o.lang == Some(Lang::En)),
            ("?theme=dark", |o| o.theme == Theme::Dark),
            ("?theme=auto", |o| o.theme == Theme::Auto),
            ("?embed=1&lesson=nacl-ephemeral-ports", |o| {
                o.embed && o.lesson.as_deref() == Some("nacl-ephemeral-ports")
            }),
            ("?lesson=rds-multi-az", |o| !o.embed && o.lesson.as_deref() == Some("rds-multi-az")),
            ("?lesson=", |o| o.lesson.is_none()),
            ("?embed=1&origin=https%3A%2F%2Fnotes.example", |o| o.origins == ["https://notes.example"]),
            ("?embed=1&origin=https://Notes.Example:443/,http://localhost:8000", |o| {
                o.origins == ["https://notes.example", "http://localhost:8000"]
            }),
            ("?origin=https://a.test&embed=1&origin=https://a.test", |o| o.origins == ["https://a.test"]),
            ("?embed=1&readonly&autoplay&faults=0&lang=ko&theme=light#v1:xyz", |o| {
                o.embed && o.readonly && o.autoplay && !o.faults && o.lang == Some(Lang::Ko) && o.problems.is_empty()
            }),
        ];
        for (q, check) in cases {
            let o = EmbedOptions::from_query(q);
            assert!(check(&o), "{q}: {o:?}");
        }
    }

    #[test]
    fn malformed_values_keep_the_default_and_are_reported() {
        for q in
            ["?embed=maybe", "?lang=fr", "?theme=sepia", "?origin=notes.example", "?origin=javascript://x", "?lang"]
                .into_iter()
                .chain(["?origin=https://evil.test", "?embed=0&origin=https://evil.test"])
        {
            let o = EmbedOptions::from_query(q);
            assert_eq!(o.problems.len(), 1, "{q}: {o:?}");
            assert!(!o.embed && o.lang.is_none() && o.theme == Theme::Light && o.origins.is_empty(), "{q}");
        }
        // Hostile text never panics.
        for q in ["?%", "?%e", "?%ff%fe=%", "?=&&=", "?embed=%E2%82", "?origin=https://[", "?origin=https://a:99999"] {
            let _ = EmbedOptions::from_query(q);
        }
    }

    #[test]
    fn origins_are_compared_exactly() {
        let o = EmbedOptions::from_query("?embed=1&origin=https://notes.example");
        assert!(o.accepts("https://notes.example"));
        for other in ["https://notes.example.evil.test", "http://notes.example", "https://evil.test", "null", "", "*"] {
            assert!(!o.accepts(other), "{other}");
        }
        assert!(!EmbedOptions::from_query("?embed=1").accepts("https://notes.example"), "no origin: API off");
        // Regression (#12): outside embed mode a listed origin is not obeyed: the full app
        // holds the reader's saved designs, and any page could open it with its own origin.
        for q in
            ["?origin=https://evil.test", "?embed=0&origin=https://evil.test", "?readonly=1&origin=https://evil.test"]
        {
            let o = EmbedOptions::from_query(q);
            assert!(!o.accepts("https://evil.test") && o.origins.is_empty(), "{q}: {o:?}");
        }
        let mut forged = EmbedOptions::from_query("?origin=https://evil.test");
        forged.origins.push("https://evil.test".into());
        assert!(!forged.accepts("https://evil.test"), "accepts() itself refuses outside embed mode");
        for (text, want) in [
            ("https://a.test", Some("https://a.test")),
            ("HTTPS://A.TEST/", Some("https://a.test")),
            ("http://a.test:80", Some("http://a.test")),
            ("https://a.test:8443", Some("https://a.test:8443")),
            ("http://[::1]:8080", Some("http://[::1]:8080")),
            ("http://[::1]", Some("http://[::1]")),
            ("https://a.test/notes", None),
            ("ftp://a.test", None),
            ("https://", None),
            ("https://a.test:", None),
            ("https://a b", None),
        ] {
            assert_eq!(normalise_origin(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn embed_code_is_an_escaped_iframe_whose_link_opens_the_design() {
        let mut s = engine::Scenario::from_json(engine::scenarios::BUILT_IN[0].1).unwrap();
        s.name = "Tom & \"Jerry\" <lab>".into();
        let html = embed_code(
            "https://x.test/stratus/index.html?embed=0#v1:old",
            "readonly=1&lang=ko",
            &s,
            &engine::share::encode(&s, None),
        );
        assert!(html.starts_with(r#"<iframe title="Stratus: Tom &amp; &quot;Jerry&quot; &lt;lab&gt;" src="https://x.test/stratus/index.html?embed=1&amp;readonly=1&amp;lang=ko#v1:"#), "{html}");
        assert!(
            html.ends_with(
                r#" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>"#
            ),
            "{html}"
        );
        assert!(html.contains(r#"width="100%" height="520""#));
        let src = html.split("src=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().replace("&amp;", "&");
        assert_eq!(EmbedOptions::from_query(src.split_once('?').unwrap().1).lang, Some(Lang::Ko));
        assert_eq!(engine::share::decode(&src).unwrap().scenario, s);
    }

    #[test]
    fn messages_are_parsed_and_made() {
        assert_eq!(
            parse_inbound(r#"{"type":"stratus:export","id":7}"#),
            Ok(Some(Inbound::Export { id: Some("7".into()) }))
        );
        assert_eq!(
            parse_inbound(r##"{"type":"stratus:load","link":"#v1:abc"}"##),
            Ok(Some(Inbound::Load { id: None, source: LoadSource::Link("#v1:abc".into()) }))
        );
        assert_eq!(
            parse_inbound(r#"{"type":"stratus:load","id":"a","scenario":{"format":1,"nodes":[]}}"#),
            Ok(Some(Inbound::Load {
                id: Some("a".into()),
                source: LoadSource::Scenario(r#"{"format":1,"nodes":[]}"#.into())
            }))
        );
        assert!(parse_inbound(r#"{"type":"stratus:load"}"#).is_err_and(|(id, _)| id.is_none()));
        // The refusal names the request it answers.
        assert!(parse_inbound(r#"{"type":"stratus:load","id":"q7"}"#).is_err_and(|(id, _)| id.as_deref() == Some("q7")));
        assert!(parse_inbound(r##"{"type":"stratus:load","scenario":{},"link":"#v1:"}"##).is_err());
        for other in ["not json", "[]", r#"{"type":"webpackOk"}"#, "{}"] {
            assert_eq!(parse_inbound(other), Ok(None), "{other}");
        }
        let ready: serde_json::Value = serde_json::from_str(&ready_message()).unwrap();
        assert_eq!(ready["type"], "stratus:ready");
        let s = engine::Scenario::from_json(engine::scenarios::BUILT_IN[0].1).unwrap();
        let export: serde_json::Value =
            serde_json::from_str(&export_message(Some("7"), &s, &engine::share::encode(&s, None))).unwrap();
        assert_eq!(export["id"], "7");
        let link = export["link"].as_str().unwrap();
        assert_eq!(engine::share::decode(link).unwrap().scenario, s);
        let changed: serde_json::Value = serde_json::from_str(&changed_message(3, "x")).unwrap();
        assert_eq!((changed["type"].as_str(), changed["revision"].as_u64()), (Some("stratus:changed"), Some(3)));
        let err: serde_json::Value = serde_json::from_str(&error_message(None, &Text::new("a", "가"))).unwrap();
        assert_eq!(err["message"]["ko"], "가");
    }
}
