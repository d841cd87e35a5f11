//! Messages as data: the engine says a code and named arguments; the sentences live in one catalogue per language (`crates/engine/messages/*.json`), so the page loads only its reader's language and adding a language is adding a file.
//!
//! A catalogue maps each code to a template such as `'{from}' refers to '{id}'.`; `{{` and
//! `}}` are literal braces. An argument is plain text (a name, a number already formatted
//! the way the sentence wants it) or another message, rendered in the same language: that
//! is how a sentence embeds a phrase that itself differs between languages.

use std::collections::BTreeMap;
use std::fmt::Display;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::model::Text;

/// A message: a catalogue code and its arguments, in the order the call site gave them.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Msg {
    /// The catalogue code, e.g. `walk.routing_loop`.
    pub code: String,
    /// Named arguments, filled into the template's `{name}` placeholders.
    pub args: Vec<(String, Arg)>,
}

/// One argument of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Text that is the same in every language (an id, a CIDR, a number).
    Plain(String),
    /// A phrase that is itself a message, rendered in the reader's language.
    Msg(Msg),
    /// Words that data gives in both languages (a lesson's option, a design's description).
    Both(Text),
}

/// What a `msg!` argument can be made from: anything printable, or another message.
pub trait IntoArg {
    /// The argument.
    fn into_arg(self) -> Arg;
}

impl<T: Display + ?Sized> IntoArg for &T {
    fn into_arg(self) -> Arg {
        Arg::Plain(self.to_string())
    }
}

impl IntoArg for &Msg {
    fn into_arg(self) -> Arg {
        Arg::Msg(self.clone())
    }
}

impl IntoArg for &Text {
    fn into_arg(self) -> Arg {
        Arg::Both(self.clone())
    }
}

impl IntoArg for &&Msg {
    fn into_arg(self) -> Arg {
        Arg::Msg((*self).clone())
    }
}

impl IntoArg for &&Text {
    fn into_arg(self) -> Arg {
        Arg::Both((*self).clone())
    }
}

/// A message with its code and named arguments: `msg!("walk.sends", packet = p)`.
#[macro_export]
macro_rules! msg {
    ($code:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::msg::Msg::new($code, vec![$((stringify!($name), $crate::msg::IntoArg::into_arg(&$value))),*])
    };
}

impl Msg {
    /// A message from its code and arguments (the `msg!` macro writes this call).
    pub fn new(code: &str, args: Vec<(&str, Arg)>) -> Msg {
        Msg { code: code.to_string(), args: args.into_iter().map(|(n, a)| (n.to_string(), a)).collect() }
    }

    /// The message in one language, from that language's catalogue.
    pub fn render(&self, catalogue: &Catalogue) -> String {
        let mut out = String::new();
        self.render_into(catalogue, &mut out, 0);
        out
    }

    fn render_into(&self, catalogue: &Catalogue, out: &mut String, depth: u32) {
        let Some(template) = catalogue.entries.get(&self.code) else {
            // A code the catalogue lacks (an older catalogue, a newer worker): show the code
            // rather than nothing, so the reader can still search for it.
            out.push_str(&self.code);
            return;
        };
        for piece in pieces(template) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Slot(name) => match self.args.iter().find(|(n, _)| n == name) {
                    Some((_, Arg::Plain(v))) => out.push_str(v),
                    // Depth is bounded by how call sites nest messages (two levels today);
                    // the guard keeps a hostile worker reply from recursing without end.
                    Some((_, Arg::Msg(m))) if depth < 8 => m.render_into(catalogue, out, depth + 1),
                    Some((_, Arg::Both(t))) => out.push_str(t.get(&catalogue.lang)),
                    _ => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                },
            }
        }
    }

    /// The message in English where the catalogues are compiled in (native programs), else
    /// its code: for `Display` of error types, which has no reader's language to ask.
    pub fn english(&self) -> String {
        #[cfg(any(test, feature = "catalogues"))]
        return self.render(builtin::en());
        #[cfg(not(any(test, feature = "catalogues")))]
        return self.code.clone();
    }

    /// The message in English (native programs and tests).
    #[cfg(any(test, feature = "catalogues"))]
    pub fn en(&self) -> String {
        self.render(builtin::en())
    }

    /// The message in Korean (native programs and tests).
    #[cfg(any(test, feature = "catalogues"))]
    pub fn ko(&self) -> String {
        self.render(builtin::ko())
    }

    /// The message in `lang` (`ko`, or English for anything else), for native programs.
    #[cfg(any(test, feature = "catalogues"))]
    pub fn get(&self, lang: &str) -> String {
        self.render(builtin::get(lang))
    }

    /// Every code this message uses, itself and nested ones (for coverage checks).
    pub fn codes(&self) -> Vec<&str> {
        let mut all = vec![self.code.as_str()];
        for (_, a) in &self.args {
            if let Arg::Msg(m) = a {
                all.extend(m.codes());
            }
        }
        all
    }
}

/// A template cut at its placeholders.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text (with `{{`/`}}` already undone only when it has no braces).
    Text(&'a str),
    /// A `{name}` placeholder.
    Slot(&'a str),
}

/// Cut a template into text and placeholders. `{{` and `}}` become single braces; a lone
/// brace is kept as text (catalogue tests refuse it, rendering never fails).
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let bytes = template.as_bytes();
    let (mut i, mut start) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'}' if bytes.get(i + 1) == Some(&bytes[i]) => {
                out.push(Piece::Text(&template[start..=i]));
                i += 2;
                start = i;
            }
            b'{' => match template[i + 1..].find('}') {
                Some(len) => {
                    out.push(Piece::Text(&template[start..i]));
                    out.push(Piece::Slot(&template[i + 1..i + 1 + len]));
                    i += len + 2;
                    start = i;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    out.push(Piece::Text(&template[start..]));
    out.retain(|p| !matches!(p, Piece::Text("")));
    out
}

/// The placeholders of a template, sorted and without repeats.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> =
        pieces(template).into_iter().filter_map(|p| if let Piece::Slot(n) = p { Some(n) } else { None }).collect();
    crate::sort::sort_by(&mut names, |a, b| a.cmp(b));
    names.dedup();
    names
}

/// One language's sentences, by code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalogue {
    /// The language's code (`en`, `ko`).
    pub lang: String,
    /// Template by message code.
    pub entries: BTreeMap<String, String>,
}

impl Catalogue {
    /// Read a catalogue file: one JSON object of code → template.
    pub fn from_json(lang: &str, text: &str) -> Result<Catalogue, String> {
        let entries: BTreeMap<String, String> =
            serde_json::from_str(text).map_err(|e| format!("message catalogue '{lang}': {e}"))?;
        Ok(Catalogue { lang: lang.to_string(), entries })
    }

    /// Adds the entries of another file of the same language (`messages/later/`).
    pub fn merge(&mut self, other: Catalogue) {
        self.entries.extend(other.entries);
    }
}

/// The catalogues shipped with the engine, for native programs (the CLI, tests). The web
/// app does not call this: it fetches the one language its reader uses.
#[cfg(any(test, feature = "catalogues"))]
pub mod builtin {
    use super::Catalogue;
    use std::sync::OnceLock;

    /// English.
    pub fn en() -> &'static Catalogue {
        static C: OnceLock<Catalogue> = OnceLock::new();
        C.get_or_init(|| {
            both_files("en", include_str!("../messages/en.json"), include_str!("../messages/later/en.json"))
        })
    }

    /// Korean.
    pub fn ko() -> &'static Catalogue {
        static C: OnceLock<Catalogue> = OnceLock::new();
        C.get_or_init(|| {
            both_files("ko", include_str!("../messages/ko.json"), include_str!("../messages/later/ko.json"))
        })
    }

    /// A language's two files: what the page needs from the start, and what it fetches on the
    /// first Run or lesson (simulation events, lesson grading).
    fn both_files(lang: &str, first: &str, later: &str) -> Catalogue {
        let mut c = Catalogue::from_json(lang, first).unwrap_or_default();
        c.merge(Catalogue::from_json(lang, later).unwrap_or_default());
        c
    }

    /// By language code; anything not Korean is English.
    pub fn get(lang: &str) -> &'static Catalogue {
        if lang == "ko" {
            ko()
        } else {
            en()
        }
    }

    /// The message in both languages, as the CLI's JSON has always carried it.
    pub fn both(m: &super::Msg) -> crate::model::Text {
        crate::model::Text::new(m.render(en()), m.render(ko()))
    }

    impl From<super::Msg> for crate::model::Text {
        fn from(m: super::Msg) -> crate::model::Text {
            both(&m)
        }
    }

    /// Replaces every serialised message in a JSON document (`{"msg": code, "args": {...}}`)
    /// by its sentences in both languages (`{"en": ..., "ko": ...}`): the CLI's JSON output
    /// keeps the shape it has always documented.
    pub fn render_json(v: &mut serde_json::Value) {
        use serde_json::Value;
        match v {
            Value::Object(map) if map.contains_key("msg") && map.keys().all(|k| k == "msg" || k == "args") => {
                if let Ok(m) = serde_json::from_value::<super::Msg>(Value::Object(map.clone())) {
                    *v = serde_json::to_value(both(&m)).unwrap_or(Value::Null);
                }
            }
            Value::Object(map) => map.values_mut().for_each(render_json),
            Value::Array(items) => items.iter_mut().for_each(render_json),
            _ => {}
        }
    }
}

// Serialised as `{"msg": code, "args": {name: text | message}}`: readable in the CLI's JSON
// before rendering, and in the worker's replies to the page.
impl Serialize for Msg {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(if self.args.is_empty() { 1 } else { 2 }))?;
        map.serialize_entry("msg", &self.code)?;
        if !self.args.is_empty() {
            map.serialize_entry("args", &Args(&self.args))?;
        }
        map.end()
    }
}

struct Args<'a>(&'a [(String, Arg)]);

impl Serialize for Args<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, arg) in self.0 {
            match arg {
                Arg::Plain(t) => map.serialize_entry(name, t)?,
                Arg::Msg(m) => map.serialize_entry(name, m)?,
                Arg::Both(t) => map.serialize_entry(name, t)?,
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Msg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Msg, D::Error> {
        d.deserialize_map(MsgVisitor)
    }
}

struct MsgVisitor;

impl<'de> Visitor<'de> for MsgVisitor {
    type Value = Msg;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a message {\"msg\": code, \"args\": {...}}")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Msg, A::Error> {
        let mut msg = Msg::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "msg" => msg.code = map.next_value()?,
                "args" => msg.args = map.next_value::<ArgList>()?.0,
                _ => return Err(serde::de::Error::unknown_field(&key, &["msg", "args"])),
            }
        }
        Ok(msg)
    }
}

struct ArgList(Vec<(String, Arg)>);

impl<'de> Deserialize<'de> for ArgList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ArgList, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ArgList;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("message arguments")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ArgList, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    out.push((key, map.next_value::<ArgValue>()?.0));
                }
                Ok(ArgList(out))
            }
        }
        d.deserialize_map(V)
    }
}

struct ArgValue(Arg);

impl<'de> Deserialize<'de> for ArgValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ArgValue, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ArgValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text or a message")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ArgValue, E> {
                Ok(ArgValue(Arg::Plain(v.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<ArgValue, E> {
                Ok(ArgValue(Arg::Plain(v)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ArgValue, A::Error> {
                let (mut msg, mut text, mut is_text) = (Msg::default(), Text::default(), false);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "msg" => msg.code = map.next_value()?,
                        "args" => msg.args = map.next_value::<ArgList>()?.0,
                        "en" => (text.en, is_text) = (map.next_value()?, true),
                        "ko" => (text.ko, is_text) = (map.next_value()?, true),
                        _ => return Err(serde::de::Error::unknown_field(&key, &["msg", "args", "en", "ko"])),
                    }
                }
                Ok(ArgValue(if is_text { Arg::Both(text) } else { Arg::Msg(msg) }))
            }
        }
        d.deserialize_any(V)
    }
}
