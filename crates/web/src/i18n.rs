//! Every user-visible string of the app shell, in Korean and English, chosen from the browser and switchable.

use std::cell::RefCell;

use engine::model::Kind;
use engine::msg::Catalogue;
use engine::{Msg, Text};

thread_local! {
    static INSTALLED: RefCell<Installed> = RefCell::new(Installed::default());
}

/// The words the page has: only what its reader's language needs, fetched
/// (`platform::messages`), never compiled in.
#[derive(Default)]
struct Installed {
    /// The engine's catalogue of the language last loaded.
    engine: Catalogue,
    /// Whether `engine` holds `messages/later/` too.
    later: bool,
    /// The app's own words (its interface, and the names of kinds, properties and choices)
    /// per language once fetched: kept for the page's life, at most one per language, so that
    /// `tr` can lend them.
    ui: [Option<&'static Catalogue>; 2],
    /// The language on screen.
    shown: Lang,
    /// What messages are said from: the engine's catalogue with the app's words of `shown`.
    merged: Catalogue,
}

impl Installed {
    fn remerge(&mut self) {
        let mut merged = self.engine.clone();
        if let Some(ui) = self.ui[self.shown as usize] {
            merged.merge(ui.clone());
        }
        self.merged = merged;
    }
}

/// Makes `c` the catalogue engine messages are rendered from; `later`: it holds
/// `messages/later/` too.
pub fn install(c: Catalogue, later: bool) {
    INSTALLED.with(|cell| {
        let mut i = cell.borrow_mut();
        i.engine = c;
        i.later = later;
        i.remerge();
    });
}

/// Makes `c` (`messages/ui/` with `messages/names/`) the app's words in `lang`, and `lang`
/// the language on screen.
pub fn install_ui(lang: Lang, c: Catalogue) {
    keep_ui(lang, c);
    show(lang);
}

/// Keeps `c` as the app's words in `lang` for a later switch, without showing them.
pub fn keep_ui(lang: Lang, c: Catalogue) {
    INSTALLED.with(|cell| {
        let mut i = cell.borrow_mut();
        if i.ui[lang as usize].is_none() {
            // Once per language for the page's life (a switch back finds it here): leaked so
            // that every label can borrow its words without a copy.
            i.ui[lang as usize] = Some(Box::leak(Box::new(c)));
        }
    });
}

/// Makes `lang`, whose words are in, the language on screen.
pub fn show(lang: Lang) {
    INSTALLED.with(|cell| {
        let mut i = cell.borrow_mut();
        i.shown = lang;
        i.remerge();
    });
}

/// The language on screen (whose words were installed last).
pub fn shown() -> Lang {
    INSTALLED.with(|cell| cell.borrow().shown)
}

/// Whether the app's words in `lang` are in.
pub fn has_ui(lang: Lang) -> bool {
    INSTALLED.with(|cell| cell.borrow().ui[lang as usize].is_some())
}

/// Whether the installed catalogue holds `messages/later/` too.
pub fn has_later() -> bool {
    INSTALLED.with(|cell| cell.borrow().later)
}

/// The language whose engine catalogue is installed (empty before the first one arrives).
pub fn installed_lang() -> String {
    INSTALLED.with(|cell| cell.borrow().engine.lang.clone())
}

/// The app's word `code` in `lang`, when that language's words are in.
pub fn word(lang: Lang, code: &str) -> Option<&'static str> {
    #[cfg(test)]
    builtin::install_if_missing(lang);
    INSTALLED.with(|cell| cell.borrow().ui[lang as usize]).and_then(|c| c.entries.get(code)).map(String::as_str)
}

/// The app's words compiled in, for native tests (the page fetches them).
#[cfg(test)]
pub mod builtin {
    use super::*;

    /// The app's words in `lang`, as the page fetches them.
    pub fn catalogue(lang: Lang) -> Catalogue {
        let (ui, names) = match lang {
            Lang::En => (include_str!("../messages/en.json"), include_str!("../../engine/messages/names/en.json")),
            Lang::Ko => (include_str!("../messages/ko.json"), include_str!("../../engine/messages/names/ko.json")),
        };
        let mut c = Catalogue::from_json(lang.code(), ui).unwrap();
        c.merge(Catalogue::from_json(lang.code(), names).unwrap());
        c
    }

    /// The engine's catalogue with the app's words, compiled in.
    fn everything(lang: Lang) -> Catalogue {
        let mut c = engine::msg::builtin::get(lang.code()).clone();
        c.merge(catalogue(lang));
        c
    }

    /// A message as the page says it in English.
    pub fn en(m: &Msg) -> String {
        thread_local!(static C: Catalogue = everything(Lang::En));
        C.with(|c| m.render(c))
    }

    /// A message as the page says it in Korean.
    pub fn ko(m: &Msg) -> String {
        thread_local!(static C: Catalogue = everything(Lang::Ko));
        C.with(|c| m.render(c))
    }

    pub(super) fn install_if_missing(lang: Lang) {
        if !has_ui(lang) {
            let shown = INSTALLED.with(|cell| cell.borrow().shown);
            install_ui(lang, catalogue(lang));
            INSTALLED.with(|cell| cell.borrow_mut().shown = shown);
        }
    }
}

/// An engine message in the reader's language. `lang` is the language signal's value: reading
/// it keeps views reactive; the sentence comes from the installed catalogue, which a language
/// switch replaces before it changes the signal.
pub trait Say {
    /// The sentence.
    fn say(&self, lang: Lang) -> String;
}

thread_local! {
    /// Bumped when a catalogue arrives. A view that says an engine message tracks it (in
    /// `say`), so that only such views are drawn again: bumping the language instead redrew
    /// every view, and an inspector field being typed in lost its text when the catalogue
    /// fetched on the first touch came in.
    static ARRIVED: crate::reactive::RwSignal<u64> = crate::reactive::RwSignal::new(0);
}

/// A catalogue (or a part of one) is installed: every engine message on screen is said again.
pub fn catalogue_arrived() {
    ARRIVED.with(|t| t.update(|n| *n += 1));
}

impl Say for Msg {
    fn say(&self, _lang: Lang) -> String {
        ARRIVED.with(|t| t.track());
        INSTALLED.with(|cell| self.render(&cell.borrow().merged))
    }
}

/// Words shown later, in whatever language is on screen then: the app's own bilingual text,
/// or an engine message.
#[derive(Clone, Debug, PartialEq)]
pub enum Words {
    /// Text the app has in both languages.
    Text(Text),
    /// An engine message, rendered from the catalogue.
    Msg(Msg),
    /// A string of the app's interface.
    Key(Key),
}

impl Say for Words {
    fn say(&self, lang: Lang) -> String {
        match self {
            Words::Text(t) => t.get(lang.code()).to_string(),
            Words::Msg(m) => m.say(lang),
            Words::Key(k) => tr(lang, *k).to_string(),
        }
    }
}

#[cfg(test)]
impl Words {
    /// In English, from the engine's built-in catalogue (native tests).
    pub fn en(&self) -> String {
        match self {
            Words::Text(t) => t.en.clone(),
            Words::Msg(m) => builtin::en(m),
            Words::Key(k) => tr(Lang::En, *k).to_string(),
        }
    }

    /// In Korean, from the engine's built-in catalogue (native tests).
    pub fn ko(&self) -> String {
        match self {
            Words::Text(t) => t.ko.clone(),
            Words::Msg(m) => builtin::ko(m),
            Words::Key(k) => tr(Lang::Ko, *k).to_string(),
        }
    }
}

impl From<Text> for Words {
    fn from(t: Text) -> Words {
        Words::Text(t)
    }
}

impl From<Key> for Words {
    fn from(k: Key) -> Words {
        Words::Key(k)
    }
}

impl From<Msg> for Words {
    fn from(m: Msg) -> Words {
        Words::Msg(m)
    }
}

/// A UI language (its value indexes per-language tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Korean (한국어).
    Ko,
}

impl Lang {
    /// The BCP 47 code, as used in `<html lang>` and in storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// Parse a code such as `ko`, `ko-KR` or `en-US`; anything not Korean is English.
    pub fn from_code(code: &str) -> Lang {
        if code.to_ascii_lowercase().starts_with("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    /// The other language (for the switch button).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ko,
            Lang::Ko => Lang::En,
        }
    }
}

/// Declares `Key` and each key's code in the catalogue files (the variant's own name).
macro_rules! keys {
    ($($k:ident),* $(,)?) => {
        /// A string of the UI: its words are `crates/web/messages/<lang>.json`'s entry named
        /// after the variant.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)] // the variant names say what they are
        pub enum Key {
            $($k),*
        }

        impl Key {
            /// Every key, in order.
            #[cfg(test)]
            pub const ALL: &'static [Key] = &[$(Key::$k),*];

            /// The key's code in the catalogue files.
            pub fn code(self) -> &'static str {
                const CODES: &[&str] = &[$(stringify!($k)),*];
                CODES[self as usize]
            }
        }
    };
}

keys! {
    AppTagline,
    Run,
    Pause,
    Step,
    Share,
    ShareHelp,
    LanguageSwitch,
    DarkTheme,
    LightTheme,
    Palette,
    PaletteHint,
    Networking,
    Database,
    Storage,
    EdgeDns,
    Messaging,
    PaletteAdded,
    Compute,
    External,
    Canvas,
    CanvasHelp,
    Inspector,
    NothingSelected,
    FromLinkNote,
    FromExampleNote,
    Views,
    PanelsDrawer,
    KeepLinked,
    KeptLinked,
    StopInstance,
    HibernateInstance,
    StartInstance,
    PromoteReplica,
    Break,
    BreakNote,
    BreakCrash,
    BreakImpaired,
    BreakSpot,
    BreakEbs,
    BreakAz,
    BreakRegion,
    BreakNat,
    BreakRds,
    BreakS3,
    BreakOrigin,
    BreakPoison,
    BreakConsumers,
    BreakSpike,
    Repair,
    Timeline,
    Fault,
    Start,
    TimeToRecover,
    RequestsLost,
    Availability,
    NeverRecovered,
    SelectedAnnounce,
    Minimap,
    Properties,
    Mixed,
    NotSet,
    AddItem,
    SelectedCount,
    CommonProperties,
    Metrics,
    MetricsIdle,
    Users,
    UsersPaletteHint,
    UsersKind,
    UsersLocation,
    UsersCalls,
    UsersNotLinked,
    UsersRate,
    UsersPattern,
    PatternConstant,
    PatternRamp,
    PatternSpike,
    PatternDiurnal,
    RateRps,
    RateFrom,
    RateTo,
    RateOver,
    RateBase,
    RatePeak,
    RateAt,
    RateFor,
    RateMean,
    RateAmplitude,
    UsersMix,
    MixRead,
    MixStatic,
    MixObject,
    MixResponse,
    MixWrite,
    UsersPort,
    UsersAdded,
    Goals,
    GoalsHelp,
    GoalsSoFar,
    GoalsAllMet,
    GoalsMissed,
    GoalMet,
    GoalMissed,
    NoUsersOffer,
    NoEntryPoint,
    AddUsersAndRun,
    NotNow,
    EventLog,
    Kind,
    Id,
    Cidr,
    UsableAddresses,
    UsableAddressesNote,
    Subnet,
    PublicSubnet,
    PrivateSubnet,
    RouteTable,
    InstanceType,
    PrivateIp,
    SecurityGroups,
    Targets,
    Moved,
    Linked,
    LinkTraffic,
    LinkAttachment,
    LinkPeering,
    LinkDirectConnect,
    LinkReplication,
    Resized,
    MovedIntoSubnet,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    Name,
    Problems,
    NoProblems,
    Errors,
    Warnings,
    Reachability,
    From,
    To,
    Protocol,
    Port,
    Check,
    Clear,
    Reachable,
    NotReachable,
    SourceDestCheck,
    Remove,
    Destination,
    Source,
    Target,
    AddRoute,
    AddRule,
    DeleteRefused,
    SgShort,
    NetworkObjects,
    NetworkObjectsNote,
    RouteTables,
    NetworkAcls,
    NewRouteTable,
    NewSecurityGroup,
    NewNetworkAcl,
    MainBadge,
    DefaultBadge,
    SubnetAssociations,
    SubnetAssociationsNote,
    SharedTableNote,
    CidrBlock,
    InVpc,
    CustomNaclNote,
    Inbound,
    Outbound,
    Allow,
    Deny,
    SgNote,
    NaclNote,
    Undo,
    Redo,
    Deleted,
    Created,
    Undone,
    Redone,
    Edited,
    DropRefused,
    Examples,
    Opened,
    File,
    NewDesign,
    ImportJson,
    ExportJson,
    ExportPng,
    ExportPngSelection,
    ExportSvg,
    MyDesigns,
    Rename,
    Duplicate,
    Delete,
    Untitled,
    RenamePrompt,
    DeleteConfirm,
    CopySuffix,
    ThisTabSuffix,
    ForkedFromOtherTab,
    UpdatedFromOtherTab,
    Copied,
    Pasted,
    SimStarted,
    SimFinished,
    SimReset,
    SimEvent,
    StepHelp,
    StopHelp,
    Speed,
    ChartRequests,
    ChartLatency,
    ChartErrors,
    ChartInstances,
    ChartIops,
    ChartCost,
    ChartBacklog,
    ChartOldestAge,
    ChartLost,
    Latency,
    Utilisation,
    Queue,
    SearchComponents,
    NoMatch,
    Shortcuts,
    ShortcutsTitle,
    Close,
    UpdateReady,
    UpdateReload,
    EditTools,
    DocumentTitle,
    AllProtocols,
    Learn,
    LearnHelp,
    CourseMap,
    LessonsPassed,
    StageNotStarted,
    StageInProgress,
    StagePassed,
    ExportProgress,
    ImportProgress,
    ProgressImported,
    LessonIndexBroken,
    Lesson,
    Checklist,
    CheckNow,
    Checking,
    NotRunYet,
    ChooseAnswer,
    AnsweredWait,
    LockedChanged,
    LockedByLesson,
    ShowHint,
    AnotherHint,
    Hint,
    ShowSolution,
    NextStep,
    SolutionStep,
    SolutionDone,
    ResetLesson,
    NextLesson,
    CloseLesson,
    LessonPassed,
    CopyLessonEmbed,
    LessonEmbedCopied,
    CopyLessonLink,
    LessonLinkCopied,
    Question,
    FromLessonNote,
    MakeLesson,
    AllPorts,
    Primary,
    Standby,
    AzDown,
    RegionDown,
    Finished,
    CopyEmbedHelp,
    CopyEmbed,
    Panels,
    OpenInStratus,
    CrashAnInstance,
    AzOutageButton,
    SummaryRequests,
    SummaryLatency,
    SummaryErrors,
    SummaryAvailability,
    SummaryCost,
    CopyThisLink,
    EveryGoalMet,
    GoalsMissedVerdict,
}

/// A property's label: its name in `lang`, else the JSON name in words.
pub fn property_name(lang: Lang, key: &str) -> String {
    match word(lang, &format!("property.{key}")) {
        Some(name) => name.to_string(),
        None => key.replace('_', " "),
    }
}

/// A property's label by its path: the last key's name, or a fuller one where the same key
/// means different things (a launch template's or a placement group's name).
pub fn field_label(lang: Lang, path: &[String]) -> String {
    // Record indices are skipped: `["policies", "0", "target"]` is a policy's target.
    let mut named = path.iter().rev().map(String::as_str).filter(|p| p.parse::<usize>().is_err());
    let key = path.last().map(String::as_str).unwrap_or_default();
    let (parent, key) = match key.parse::<usize>() {
        // A record's head: "Policy 2", "단계 1".
        Ok(i) => {
            let list = named.next().unwrap_or_default();
            let head = word(lang, &format!("field.record.{list}")).or_else(|| word(lang, "field.record.other"));
            return format!("{} {}", head.unwrap_or(list), i + 1);
        }
        Err(_) => (named.nth(1).unwrap_or_default(), key),
    };
    match word(lang, &format!("field.{parent}.{key}")) {
        Some(label) => label.to_string(),
        None => property_name(lang, key),
    }
}

/// How a fixed choice of the format (a JSON value) reads in a select: as the AWS console
/// names it in each language where it has a name (`choice.<value>`), else the value itself
/// (volume and instance types, gp3 or t3.micro, read the same in both).
pub fn choice_name(lang: Lang, value: &str) -> &str {
    word(lang, &format!("choice.{value}")).unwrap_or(value)
}

/// A design's name as the top bar shows it: a built-in example still under its own name
/// reads in the UI's language (a name the person gave is theirs, in any language).
pub fn design_name(lang: Lang, name: &str) -> &str {
    match engine::scenarios::EXAMPLES.iter().find(|(_, en)| *en == name) {
        Some((key, _)) if lang == Lang::Ko => word(lang, &format!("example.{key}")).unwrap_or(name),
        _ => name,
    }
}

/// A fault's name in the fault table (in English, its JSON name, `instance_crash`).
pub fn fault_label(lang: Lang, fault: &str) -> &str {
    word(lang, &format!("fault.{fault}")).unwrap_or(fault)
}

/// The text of `key` in `lang` (the key's code while no catalogue of `lang` is installed).
pub fn tr(lang: Lang, key: Key) -> &'static str {
    word(lang, key.code()).unwrap_or(key.code())
}

/// The shortcuts sheet: (keys, what they do) in the given language. Key caps stay as printed
/// on the keyboard; the gestures around them are words.
pub fn shortcuts(lang: Lang) -> Vec<(&'static str, &'static str)> {
    (1..)
        .map_while(|i| {
            Some((word(lang, &format!("shortcut.{i:02}.keys"))?, word(lang, &format!("shortcut.{i:02}.does"))?))
        })
        .collect()
}

/// A goal's name in the checklist and the Goals editor (the JSON name in `goals`).
pub fn goal_name(lang: Lang, goal: &str) -> &'static str {
    word(lang, &format!("goal.{goal}")).or_else(|| word(lang, "goal.other")).unwrap_or("")
}

/// The app's word `code` in `lang` with its `{name}` placeholders filled from `args` (the
/// code itself while the words are not in).
pub fn phrase(lang: Lang, code: &str, args: &[(&str, &str)]) -> String {
    let Some(template) = word(lang, code) else { return code.to_string() };
    let mut out = String::new();
    for piece in engine::msg::pieces(template) {
        match piece {
            engine::msg::Piece::Text(t) => out.push_str(&t.replace("{{", "{").replace("}}", "}")),
            engine::msg::Piece::Slot(name) => {
                out.push_str(args.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| *v))
            }
        }
    }
    out
}

/// "{kind} {label}" for the event log: a kind's name in the language on screen then.
pub fn named(kind: Kind, label: &str) -> Msg {
    let kind = Msg::new(&format!("kind.{}", kind.name()), Vec::new());
    engine::msg!("ui.log.named", kind = kind, label = label)
}

/// The display name of a node kind.
pub fn kind_name(lang: Lang, kind: Kind) -> &'static str {
    word(lang, &format!("kind.{}", kind.name())).unwrap_or(kind.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_codes_pick_the_language() {
        for (code, lang) in
            [("ko", Lang::Ko), ("ko-KR", Lang::Ko), ("KO", Lang::Ko), ("en-US", Lang::En), ("ja", Lang::En)]
        {
            assert_eq!(Lang::from_code(code), lang, "{code}");
        }
    }

    #[test]
    fn examples_fault_names_and_choices_read_in_korean() {
        let (_, en) = engine::scenarios::EXAMPLES[0];
        let ko = engine::names::example(engine::scenarios::EXAMPLES[0].0).1;
        assert_eq!(design_name(Lang::Ko, en), ko);
        assert_eq!(design_name(Lang::En, en), en);
        assert_eq!(design_name(Lang::Ko, "my design"), "my design");
        assert_eq!(fault_label(Lang::En, "az_outage"), "az_outage");
        assert_eq!(fault_label(Lang::Ko, "az_outage"), "가용 영역 장애");
        assert_eq!(choice_name(Lang::En, "internet-facing"), "Internet-facing");
        assert_eq!(choice_name(Lang::En, "on_demand"), "On-Demand");
        assert_eq!(choice_name(Lang::En, "gp3"), "gp3");
        assert_eq!(choice_name(Lang::Ko, "internet-facing"), "인터넷 경계");
        assert_eq!(
            field_label(Lang::Ko, &["timing".into(), "health_check_grace_period_s".into()]),
            "상태 확인 유예 기간, 초"
        );
        assert_eq!(field_label(Lang::Ko, &["launch_template".into(), "name".into()]), "시작 템플릿 이름");
        // The shortcut sheet's gestures are words in Korean; key caps stay as printed.
        for (keys, what) in shortcuts(Lang::Ko) {
            let latin: Vec<&str> = keys
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 1)
                .filter(|w| !["Ctrl", "Shift", "Alt", "Delete", "Backspace", "Escape", "Enter", "Space"].contains(w))
                .collect();
            assert!(latin.is_empty(), "{keys}: {latin:?}");
            assert!(what.chars().any(|c| ('가'..='힣').contains(&c)), "{what}");
        }
    }

    /// The app's words (crates/web/messages/) agree with the code: every key has words in
    /// both languages; every entry is read by some code (a key, a phrase named in the source,
    /// or a family read by name: places, search words, shortcuts, field labels, goal names);
    /// both files have the same codes (the engine's catalogue test checks placeholders).
    #[test]
    fn the_app_words_agree_with_the_code() {
        let (en, ko) = (builtin::catalogue(Lang::En), builtin::catalogue(Lang::Ko));
        assert_eq!(en.entries.keys().collect::<Vec<_>>(), ko.entries.keys().collect::<Vec<_>>());
        for key in Key::ALL {
            for lang in [Lang::En, Lang::Ko] {
                assert!(word(lang, key.code()).is_some_and(|w| !w.is_empty()), "{key:?} in {lang:?}");
            }
        }
        let mut sources = String::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "rs") {
                    sources.push_str(&std::fs::read_to_string(p).unwrap());
                }
            }
        }
        let locations =
            engine::entry::LOCATIONS.map(|l| format!("location.{}", crate::render::users::location_code(l)));
        let shortcuts = shortcuts(Lang::En).len();
        let own = include_str!("../messages/en.json");
        for code in engine::msg::Catalogue::from_json("en", own).unwrap().entries.keys() {
            let read = if !code.contains('.') {
                Key::ALL.iter().any(|k| k.code() == code)
            } else if let Some(goal) = code.strip_prefix("phrase.goal_short.") {
                sources.contains(&format!("\"{goal}\""))
            } else if code.starts_with("phrase.") || code.starts_with("ui.") {
                sources.contains(&format!("\"{code}\""))
            } else if let Some(n) = code.strip_prefix("shortcut.") {
                n[..2].parse::<usize>().is_ok_and(|n| (1..=shortcuts).contains(&n))
            } else if code.starts_with("location.") {
                locations.contains(code)
            } else if let Some(kind) = code.strip_prefix("search.") {
                ["alb", "nlb", "users"].contains(&kind) || Kind::ALL.iter().any(|k| k.name() == kind)
            } else if let Some(field) = code.strip_prefix("field.") {
                let parts: Vec<&str> = field.split('.').collect();
                // `field.record.<list>`: a record's head; `field.<parent>.<key>`: a property
                // inside another, both the format's.
                parts.len() == 2
                    && (parts[0] == "record" && (parts[1] == "other" || engine::names::property(parts[1]).is_some())
                        || engine::names::property(parts[0]).is_some()
                            && parts[1].chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            } else {
                false
            };
            assert!(read, "{code}: no code reads it");
        }
    }

    #[test]
    fn korean_strings_are_korean() {
        // A Korean string must contain Hangul, unless it is an AWS proper name.
        for key in [Key::Run, Key::Inspector, Key::Metrics, Key::NothingSelected, Key::CanvasHelp] {
            assert!(tr(Lang::Ko, key).chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)), "{key:?}");
            assert_ne!(tr(Lang::Ko, key), tr(Lang::En, key));
        }
    }
}
