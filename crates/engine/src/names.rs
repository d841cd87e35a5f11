//! What people call each document kind, property, choice, fault and goal, and the notes' sections, in English and Korean, as the AWS console names them. The words are data (`messages/names/<lang>.json`, entries `kind.<kind>`, `property.<key>`, `choice.<value>`, `fault.<fault>`, `goal.<goal>`, `section.<notes' section>`, `example.<built-in example>`): the page fetches its reader's language only; the simulator's worker, which writes lesson captions in both languages, reads them compiled in here (the page does not call this module, so the build leaves it out).

use crate::model::Kind;
use crate::msg::Catalogue;

/// The names in one language, compiled in.
fn names(ko: bool) -> &'static Catalogue {
    use std::sync::OnceLock;
    static EN: OnceLock<Catalogue> = OnceLock::new();
    static KO: OnceLock<Catalogue> = OnceLock::new();
    if ko {
        KO.get_or_init(|| Catalogue::from_json("ko", include_str!("../messages/names/ko.json")).unwrap_or_default())
    } else {
        EN.get_or_init(|| Catalogue::from_json("en", include_str!("../messages/names/en.json")).unwrap_or_default())
    }
}

/// The entry `code` in both languages.
fn both(code: &str) -> Option<(&'static str, &'static str)> {
    Some((names(false).entries.get(code)?.as_str(), names(true).entries.get(code)?.as_str()))
}

/// A kind's name: (English, Korean).
pub fn kind(kind: Kind) -> (&'static str, &'static str) {
    both(&format!("kind.{}", kind.name())).unwrap_or((kind.name(), kind.name()))
}

/// A property's name by its JSON key: (English, Korean); `None` for a key without one.
pub fn property(key: &str) -> Option<(&'static str, &'static str)> {
    both(&format!("property.{key}"))
}

/// A choice's name by its JSON value (`target_tracking`, `sqs_backlog_per_instance`): (English,
/// Korean); `None` for a value without one.
pub fn choice(value: &str) -> Option<(&'static str, &'static str)> {
    both(&format!("choice.{value}"))
}

/// A run goal's name by its JSON key (`workload::Goals`): (English, Korean).
pub fn goal(key: &str) -> (&'static str, &'static str) {
    both(&format!("goal.{key}")).unwrap_or(("", ""))
}

/// A section of the notes' name by its key (`lesson::SECTIONS`): (English, Korean).
pub fn section(key: &str) -> (&'static str, &'static str) {
    both(&format!("section.{key}")).unwrap_or(("", ""))
}

/// A built-in example's title by its key (`scenarios::EXAMPLES`): (English, Korean).
pub fn example(key: &str) -> (&'static str, &'static str) {
    both(&format!("example.{key}")).unwrap_or(("", ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind has a name in both languages, none left as its JSON name; both files name
    /// the same things with words of their own language.
    #[test]
    fn every_kind_is_named_in_both_languages() {
        for k in Kind::ALL {
            let (en, ko) = kind(k);
            assert!(!en.is_empty() && !ko.is_empty() && en != k.name(), "{k:?}");
        }
        assert_eq!(property("multi_az").map(|p| p.0), Some("Multi-AZ standby"));
        assert_eq!(property("no_such_field"), None);
        let (en, ko) = (names(false), names(true));
        assert_eq!(en.entries.keys().collect::<Vec<_>>(), ko.entries.keys().collect::<Vec<_>>());
        let hangul = |s: &str| s.chars().any(|c| ('가'..='힣').contains(&c));
        assert!(en.entries.values().all(|s| !hangul(s)));
        // Korean names of kinds that translate (AWS product names such as "VPC" do not).
        assert!(hangul(kind(Kind::Subnet).1) && hangul(kind(Kind::AutoScalingGroup).1));
        // Every section of the notes has its heading.
        for key in crate::lesson::SECTIONS {
            let (en, ko) = section(key);
            assert!(!en.is_empty() && !ko.is_empty(), "{key}");
        }
    }
}
