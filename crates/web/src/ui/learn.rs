//! The Learn view: the course map (the notes' sections in order, each lesson's stage, progress exported and imported as a file) and the lesson panel beside the canvas (brief, questions, live checklist, hints, solution replay, Reset, Next, the explanation on passing).
//!
//! Both are written as HTML text (every value escaped) into their element when the state
//! changes, and one listener on each answers the buttons by their `data-act`: a Leptos view
//! per part cost tens of KB of the first load, which has none to spare (xtask/src/sizes.rs).

use crate::i18n::{tr, Key, Lang};
use crate::platform::page::*;
use crate::reactive::*;
use crate::render::svg::escape;
use crate::state::learn::{self, words, LessonDoc, Stage};
use crate::state::lesson::{Learn, Shown};
use crate::state::store::Ctx;
use crate::ui::checklist::{self, Mark, Row};
use simworker::wire::Graded;
use wasm_bindgen::JsCast;

/// The lesson panel (beside the canvas while a lesson is open), the course map (over the
/// app while open) and the authoring panel (beside the canvas while open: ui/author.rs).
/// `author`: the authoring desk (the map's "Make a lesson from this design", and its panel).
pub fn learn_view(ctx: Ctx, learn: Learn, author: crate::state::author::Author) -> Vec<web_sys::Element> {
    let panel = NodeRef::<web_sys::HtmlElement>::new();
    let map = NodeRef::<web_sys::HtmlElement>::new();
    let picker = NodeRef::<web_sys::HtmlInputElement>::new();
    // One effect draws both (each effect costs the bundle its own copy of the reactive code).
    Effect::new(move |_| {
        let html = panel_html(ctx, learn);
        if let Some(el) = panel.get() {
            el.set_hidden(html.is_none());
            let _ = el.set_attribute("data-lesson", &learn.lesson_id().unwrap_or_default());
            crate::ui::checklist::fill(&el, &html.unwrap_or_default());
        }
        let html = learn.shown.with(|s| s.map_open).then(|| map_html(ctx, learn));
        if let Some(el) = map.get() {
            el.set_hidden(html.is_none());
            crate::ui::checklist::fill(&el, &html.unwrap_or_default());
        }
    });
    let on_pick = move |_: web_sys::Event| {
        let Some(input) = picker.get_untracked() else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        crate::platform::page::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
            learn.import_progress(ctx, &text.unwrap_or_default());
        });
    };
    let click = move |ev: web_sys::Event| on_act(ctx, learn, author, picker, ev);
    let change = move |ev: web_sys::Event| on_act(ctx, learn, author, picker, ev);
    // The authoring panel, in the lesson panel's place (ui/author.rs).
    let desk = NodeRef::<web_sys::HtmlElement>::new();
    let desk_act = crate::ui::author::wire(ctx, author, learn, desk);
    use crate::ui::dom::el;
    vec![
        el("aside")
            .attr("class", "lesson")
            .keep(panel)
            .attr("data-testid", "lesson-panel")
            .attr("hidden", "")
            .on("click", click)
            .on("change", change)
            .0,
        el("div")
            .attr("class", "learn-map")
            .keep(map)
            .attr("role", "dialog")
            .attr("aria-modal", "true")
            .attr("aria-labelledby", "learn-map-title")
            .attr("data-testid", "learn-map")
            .attr("hidden", "")
            .on("click", click)
            .0,
        el("input")
            .attr("type", "file")
            .attr("accept", ".json,application/json")
            .attr("hidden", "")
            .keep(picker)
            .attr("data-testid", "progress-input")
            .on("change", on_pick)
            .0,
        el("aside")
            .attr("class", "lesson author")
            .keep(desk)
            .attr("data-testid", "author-panel")
            .attr("hidden", "")
            .on("click", desk_act)
            .on("change", desk_act)
            .on("input", desk_act)
            .0,
    ]
}

/// A button of the panel or the map was pressed, or a question answered.
fn on_act(
    ctx: Ctx,
    learn: Learn,
    author: crate::state::author::Author,
    picker: NodeRef<web_sys::HtmlInputElement>,
    ev: web_sys::Event,
) {
    let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let Some(el) = target.and_then(|t| t.closest("[data-act]").ok().flatten()) else { return };
    let attr = |name: &str| el.get_attribute(name).unwrap_or_default();
    match (ev.type_().as_str(), attr("data-act").as_str()) {
        ("change", "answer") => learn.answer(ctx, &attr("data-check"), &attr("data-key")),
        ("click", "check") => learn.grade(ctx, true),
        ("click", "hint") => learn.hint(),
        ("click", "solution") => learn.play_step(ctx),
        ("click", "reset") => learn.reset(ctx),
        ("click", "next") => learn.next(ctx),
        ("click", "close") => learn.close(ctx),
        ("click", "copy-link") => copy_lesson(ctx, learn, false),
        ("click", "copy-embed") => copy_lesson(ctx, learn, true),
        ("click", "course") => learn.show_map(ctx),
        ("click", "open") => learn.open(ctx, &attr("data-id")),
        ("click", "close-map") => learn.hide_map(),
        ("click", "make-lesson") => author.open(ctx, learn),
        ("click", "import") => {
            if let Some(i) = picker.get_untracked() {
                i.click();
            }
        }
        ("click", "export") => {
            let text = learn.shown.with_untracked(|s| learn::progress_text(&s.progress));
            if let Err(why) =
                crate::platform::download::download_text(&text, "application/json", "stratus-progress.json")
            {
                ctx.toast(why);
            }
        }
        _ => {}
    }
}

/// A button that `on_act` answers.
fn button(act: &str, testid: &str, class: &str, label: &str, disabled: bool) -> String {
    format!(
        r#"<button data-act="{act}" data-testid="{testid}" class="{class}"{}>{}</button>"#,
        if disabled { " disabled" } else { "" },
        escape(label)
    )
}

/// The course map's HTML: each section of the notes with lessons, each lesson's stage.
fn map_html(ctx: Ctx, learn: Learn) -> String {
    let l = ctx.lang.get();
    let ko = l == Lang::Ko;
    let (cards, progress) = learn.shown.with(|s| (s.cards.clone().unwrap_or_default(), s.progress.clone()));
    let passed = cards.iter().filter(|c| learn::stage_of(&progress, &c.id) == Some(Stage::Passed)).count();
    let mut h = format!(
        r#"<header><h2 id="learn-map-title">{}</h2><span class="tally" data-testid="learn-tally">{passed}/{} {}</span>{}{}{}<button data-act="close-map" data-testid="learn-map-close" class="close" aria-label="{}">×</button><p class="help">{}</p></header><div class="sections">"#,
        escape(tr(l, Key::CourseMap)),
        cards.len(),
        escape(tr(l, Key::LessonsPassed)),
        button("export", "export-progress", "", tr(l, Key::ExportProgress), false),
        button("import", "import-progress", "", tr(l, Key::ImportProgress), false),
        button("make-lesson", "map-make-lesson", "", tr(l, Key::MakeLesson), false),
        escape(tr(l, Key::Close)),
        escape(tr(l, Key::LearnHelp)),
    );
    for (key, lessons) in learn::by_section(&cards) {
        let name = crate::i18n::word(l, &format!("section.{key}")).unwrap_or(key);
        h.push_str(&format!("<section><h3>{}</h3><ul>", escape(name)));
        for c in lessons {
            let (class, label) = match learn::stage_of(&progress, &c.id) {
                None => ("not-started", Key::StageNotStarted),
                Some(Stage::InProgress) => ("in-progress", Key::StageInProgress),
                Some(Stage::Passed) => ("passed", Key::StagePassed),
            };
            h.push_str(&format!(
                r#"<li><button data-act="open" data-id="{id}" data-testid="lesson-{id}" data-stage="{class}" class="lesson-card {class}"><span class="title">{}</span><span class="stage">{}</span></button></li>"#,
                escape(words(&c.title, ko)),
                escape(tr(l, label)),
                id = escape(&c.id),
            ));
        }
        h.push_str("</ul></section>");
    }
    h.push_str("</div>");
    h
}

/// The lesson panel's HTML for the state in view (`None`: no lesson open).
fn panel_html(ctx: Ctx, learn: Learn) -> Option<String> {
    let l = ctx.lang.get();
    let ko = l == Lang::Ko;
    let embedded = ctx.is_embedded();
    learn.shown.with(|shown| {
        let Shown { graded, answers, hints, step, checking, .. } = shown;
        let (hints, step, checking) = (*hints, *step, *checking);
        let d = shown.doc.as_ref()?;
        let section = crate::i18n::word(l, &format!("section.{}", d.section)).unwrap_or_default();
        let mut h = format!(
            r#"<header><span class="section">{}</span><h2 data-testid="lesson-title">{}</h2>{}</header><p class="brief" data-testid="lesson-brief">{}</p>"#,
            escape(section),
            escape(words(&d.title, ko)),
            if embedded { String::new() } else { button("close", "lesson-close", "close", "×", false) },
            escape(words(&d.brief, ko)),
        );
        for q in d.checks.iter().filter(|c| c.kind == "predict") {
            h.push_str(&format!(r#"<fieldset class="question" data-testid="question-{id}"><legend>{}</legend>"#, escape(words(&q.title, ko)), id = escape(&q.id)));
            for o in &q.options {
                let checked = if answers.iter().any(|(c, k)| c == &q.id && k == &o.key) { " checked" } else { "" };
                h.push_str(&format!(
                    r#"<label class="option"><input type="radio" name="q-{id}" data-act="answer" data-check="{id}" data-key="{key}" data-testid="answer-{id}-{key}"{checked}><span>{}</span></label>"#,
                    escape(words(&o.text, ko)),
                    id = escape(&q.id),
                    key = escape(&o.key),
                ));
            }
            h.push_str("</fieldset>");
        }
        h.push_str(&format!(
            r#"<h3>{}</h3><ul class="checklist" data-testid="lesson-checklist">{}</ul><div class="lesson-actions">"#,
            escape(tr(l, Key::Checklist)),
            checklist::html(&check_rows(d, graded.as_ref(), l))
        ));
        h.push_str(&button("check", "lesson-check", "primary", tr(l, if checking { Key::Checking } else { Key::CheckNow }), checking));
        if hints < d.hints.len() {
            h.push_str(&button("hint", "lesson-hint", "", tr(l, if hints == 0 { Key::ShowHint } else { Key::AnotherHint }), false));
        }
        let total = d.steps.len();
        match step {
            None => h.push_str(&button("solution", "lesson-solution", "", tr(l, Key::ShowSolution), false)),
            Some(n) if n < total => {
                h.push_str(&button("solution", "lesson-solution", "", &format!("{} ({}/{total})", tr(l, Key::NextStep), n + 1), false))
            }
            Some(_) => {}
        }
        h.push_str(&button("reset", "lesson-reset", "", tr(l, Key::ResetLesson), false));
        h.push_str("</div>");
        if hints > 0 {
            h.push_str(r#"<ol class="hints" data-testid="lesson-hints">"#);
            for (i, hint) in d.hints.iter().take(hints).enumerate() {
                h.push_str(&format!(
                    r#"<li data-testid="hint-{n}"><b>{} {n}</b> {}</li>"#,
                    escape(tr(l, Key::Hint)),
                    escape(words(hint, ko)),
                    n = i + 1
                ));
            }
            h.push_str("</ol>");
        }
        if let Some(n) = step.filter(|n| *n > 0) {
            let caption = d.steps.get(n - 1).map_or("", |c| words(c, ko));
            h.push_str(&format!(
                r#"<div class="solution-step" data-testid="solution-caption" data-step="{n}" role="status"><b>{} {n}/{total}</b> {}{}</div>"#,
                escape(tr(l, Key::SolutionStep)),
                escape(caption),
                if n >= total { format!(r#"<p class="note">{}</p>"#, escape(tr(l, Key::SolutionDone))) } else { String::new() },
            ));
        }
        if graded.as_ref().is_some_and(|g| g.passed) {
            h.push_str(&format!(
                r#"<section class="lesson-passed" data-testid="lesson-passed" role="status"><h3>✓ {}</h3><p>{}</p>{}</section>"#,
                escape(tr(l, Key::LessonPassed)),
                escape(words(&d.explanation, ko)),
                if embedded { String::new() } else { button("next", "lesson-next", "primary", tr(l, Key::NextLesson), false) },
            ));
        }
        h.push_str(r#"<footer class="lesson-share">"#);
        if !embedded {
            h.push_str(&button("copy-link", "copy-lesson-link", "", tr(l, Key::CopyLessonLink), false));
        }
        h.push_str(&button("copy-embed", "copy-lesson-embed", "", tr(l, Key::CopyLessonEmbed), false));
        if !embedded {
            h.push_str(&button("course", "open-course", "", tr(l, Key::CourseMap), false));
        }
        h.push_str("</footer>");
        Some(h)
    })
}

/// The checklist's lines for a lesson's grade: a question's verdict waits for Check (the
/// learner answers before seeing the run), a `run` check says it was not simulated yet.
pub fn check_rows(doc: &LessonDoc, g: Option<&Graded>, l: Lang) -> Vec<Row> {
    let ran = g.is_some_and(|g| g.run);
    let mut rows: Vec<Row> = doc
        .checks
        .iter()
        .map(|c| {
            let line = g.and_then(|g| g.checks.iter().find(|x| x.id == c.id));
            let (mark, reason) = match line {
                None => (Mark::Pending, None),
                Some(x) if x.status == "needs_answer" => (Mark::Pending, Some(tr(l, Key::ChooseAnswer).to_string())),
                Some(_) if c.kind == "predict" && !ran => (Mark::Pending, Some(tr(l, Key::AnsweredWait).to_string())),
                Some(x) if x.status == "not_run" => (Mark::Pending, Some(tr(l, Key::NotRunYet).to_string())),
                Some(x) => (
                    if x.status == "passed" { Mark::Met } else { Mark::Missed },
                    Some(crate::i18n::Say::say(&x.reason, l)),
                ),
            };
            let verdict = match mark {
                Mark::Met => Key::GoalMet,
                Mark::Missed => Key::GoalMissed,
                Mark::Pending => Key::StageNotStarted,
            };
            Row {
                testid: format!("check-{}", c.id),
                mark,
                verdict: tr(l, verdict).to_string(),
                what: words(&c.title, l == Lang::Ko).to_string(),
                actual: None,
                target: None,
                reason,
            }
        })
        .collect();
    if let Some(g) = g.filter(|g| !g.changed_locked.is_empty()) {
        rows.push(Row {
            testid: "check-locked".into(),
            mark: Mark::Missed,
            verdict: tr(l, Key::GoalMissed).to_string(),
            what: tr(l, Key::LockedChanged).to_string(),
            actual: None,
            target: None,
            reason: Some(g.changed_locked.join(", ")),
        });
    }
    rows
}

/// Copy a link to the lesson, or the HTML of a frame playing it.
fn copy_lesson(ctx: Ctx, learn: Learn, embed: bool) {
    let l = ctx.lang.get_untracked();
    let Some((id, title)) = learn
        .shown
        .with_untracked(|s| s.doc.as_ref().map(|d| (d.id.clone(), words(&d.title, l == Lang::Ko).to_string())))
    else {
        return;
    };
    let href = window().location().href().unwrap_or_default();
    // A lesson from a lesson link travels as that link; a built-in one by its id.
    let fragment = learn.link_fragment();
    let (text, done) = if embed {
        (
            crate::state::embed::lesson_embed_code(&href, &id, fragment.as_deref(), l.code(), &title),
            Key::LessonEmbedCopied,
        )
    } else {
        let base = href.split(['?', '#']).next().unwrap_or(&href).to_string();
        let link = match fragment {
            Some(f) => format!("{base}#{f}"),
            None => format!("{base}?lesson={id}"),
        };
        (link, Key::LessonLinkCopied)
    };
    crate::platform::page::spawn_local(async move {
        match crate::state::share_link::copy_text(&text).await {
            Ok(false) => {}
            Ok(true) => ctx.toast(done),
            Err(why) => ctx.toast(why),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use simworker::wire::CheckLine;

    fn doc() -> LessonDoc {
        let text = engine::lesson::BUILT_IN.iter().find(|(k, _)| *k == "asg-elb-health-checks").unwrap().1;
        LessonDoc::read(text).unwrap()
    }

    fn graded(doc: &LessonDoc, run: bool, status: &str) -> Graded {
        let checks = doc
            .checks
            .iter()
            .map(|c| CheckLine {
                id: c.id.clone(),
                status: status.into(),
                reason: engine::msg!("kernel.who_what", who = "found", what = "x"),
            })
            .collect();
        Graded { seq: 1, run, passed: false, checks, changed_locked: vec!["i-web".into()] }
    }

    #[test]
    fn questions_wait_for_check_and_verdicts_read_in_the_language() {
        let d = doc();
        let predict = d.checks.iter().position(|c| c.kind == "predict").unwrap();
        let rows = check_rows(&d, None, Lang::En);
        assert!(rows.iter().all(|r| r.mark == Mark::Pending && r.reason.is_none()), "nothing graded yet");
        // Reasons are engine messages, rendered from the installed catalogue (a test
        // thread installs the built-in one).
        crate::i18n::install(engine::msg::builtin::ko().clone(), true);
        let rows = check_rows(&d, Some(&graded(&d, false, "passed")), Lang::Ko);
        assert_eq!(rows[predict].mark, Mark::Pending, "an answered question waits for Check");
        assert_eq!(rows[predict].reason.as_deref(), Some(tr(Lang::Ko, Key::AnsweredWait)));
        let other = (0..d.checks.len()).find(|i| *i != predict).unwrap();
        let found = engine::msg!("kernel.who_what", who = "found", what = "x").ko();
        assert_eq!((rows[other].mark, rows[other].reason.as_deref()), (Mark::Met, Some(found.as_str())));
        assert!(!found.contains("kernel."), "{found}");
        assert_eq!(rows.last().unwrap().testid, "check-locked");
        let rows = check_rows(&d, Some(&graded(&d, true, "failed")), Lang::En);
        assert!(rows[..d.checks.len()].iter().all(|r| r.mark == Mark::Missed), "after Check every verdict shows");
        let rows = check_rows(&d, Some(&graded(&d, false, "not_run")), Lang::En);
        assert!(rows.iter().any(|r| r.reason.as_deref() == Some(tr(Lang::En, Key::NotRunYet))));
    }
}
