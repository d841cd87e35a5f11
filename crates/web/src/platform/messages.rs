//! Fetches the engine's message catalogues of one language (copied by Trunk from crates/engine/messages, precached by the service worker): the page never carries the other language, and what only a touch can bring up (drop and link refusals, the simulation's events, lesson grading: `messages/later/`) only after the first touch.

use std::cell::Cell;

use crate::i18n::Lang;

thread_local! {
    /// Whether `messages/later/` is wanted (a touch, a run or a lesson): loading a language
    /// then fetches it too.
    static LATER: Cell<bool> = const { Cell::new(false) };
    /// The language last asked for, for a first touch after a switch.
    static TOUCH_LANG: Cell<Option<Lang>> = const { Cell::new(None) };
}

async fn fetch(path: &str, lang: Lang) -> Result<engine::msg::Catalogue, String> {
    let text = crate::platform::examples::fetch_text(path).await?;
    engine::msg::Catalogue::from_json(lang.code(), &text)
}

/// Fetches and installs the app's own words in `lang` (`messages/ui/<lang>.json`: the
/// interface, with the names of kinds, properties and choices, merged by the build), unless
/// they are in: the page shows nothing before them. The request starts at the call.
pub fn load_ui(lang: Lang) -> impl std::future::Future<Output = Result<(), String>> {
    let file = (!crate::i18n::has_ui(lang))
        .then(|| crate::platform::examples::fetch_text(&format!("messages/ui/{}.json", lang.code())));
    async move {
        let Some(file) = file else {
            crate::i18n::show(lang);
            return Ok(());
        };
        crate::i18n::install_ui(lang, engine::msg::Catalogue::from_json(lang.code(), &file.await?)?);
        Ok(())
    }
}

/// Fetches the app's words in `lang` without showing them (the pointer or the focus is on the
/// language button), once; a failure is said when the person switches.
pub fn prefetch_ui(lang: Lang) {
    thread_local!(static ASKED: Cell<[bool; 2]> = const { Cell::new([false; 2]) });
    let mut asked = ASKED.with(Cell::get);
    if crate::i18n::has_ui(lang) || asked[lang as usize] {
        return;
    }
    asked[lang as usize] = true;
    ASKED.with(|a| a.set(asked));
    let file = crate::platform::examples::fetch_text(&format!("messages/ui/{}.json", lang.code()));
    crate::platform::page::spawn_local(async move {
        if let Ok(c) = file.await.and_then(|text| engine::msg::Catalogue::from_json(lang.code(), &text)) {
            crate::i18n::keep_ui(lang, c);
        }
    });
}

/// Fetches and installs `lang`'s catalogue (and its later part once wanted), unless it is
/// already installed. On failure the previous catalogue stays (messages then show their
/// codes, which are still searchable) and the reason is returned for the caller to say.
pub async fn load(lang: Lang) -> Result<(), String> {
    TOUCH_LANG.with(|l| l.set(Some(lang)));
    let have_later = crate::i18n::has_later();
    if crate::i18n::installed_lang() == lang.code() && (have_later || !LATER.with(Cell::get)) {
        return Ok(());
    }
    let mut catalogue = fetch(&format!("messages/{}.json", lang.code()), lang).await?;
    let later = LATER.with(Cell::get);
    if later {
        catalogue.merge(fetch(&format!("messages/later/{}.json", lang.code()), lang).await?);
    }
    // Two loads can be in flight (a first touch that is a language switch starts one for
    // each language): only the language asked for last is installed, whichever ends last.
    if TOUCH_LANG.with(Cell::get) == Some(lang) {
        crate::i18n::install(catalogue, later);
    }
    Ok(())
}

/// Fetches the simulation's and lessons' messages in the language on screen, once: called
/// when the simulator's worker starts or a lesson opens.
pub async fn load_later(lang: Lang) -> Result<(), String> {
    LATER.with(|l| l.set(true));
    load(lang).await
}

/// Fetches the reader's catalogue now when the page already shows an engine message
/// (`now`), else with `messages/later/` on the first pointer or key press; `then` runs each
/// time sentences arrive (the app says again what it already showed).
pub fn load_when_needed(lang: Lang, now: bool, then: impl Fn() + 'static) {
    let then = std::rc::Rc::new(then);
    if now {
        let then = then.clone();
        crate::platform::page::spawn_local(async move {
            if load(lang).await.is_ok() {
                then();
            }
        });
    }
    crate::platform::touch::on_touch(move || {
        if LATER.with(Cell::get) {
            return;
        }
        let then = then.clone();
        crate::platform::page::spawn_local(async move {
            // The language on screen now: the reader may have switched before touching.
            let lang = TOUCH_LANG.with(Cell::get).unwrap_or(lang);
            LATER.with(|l| l.set(true));
            if load(lang).await.is_ok() {
                then();
            }
        });
    });
}
