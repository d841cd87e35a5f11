//! What makes any design runnable from the UI: the palette's Users item, the users inspector (where, rate pattern, request mix, what they call), the Goals editor, the offer to add users when Run finds none, and the goal checklist shown during and after a run.

use crate::i18n::{goal_name, tr, Key, Lang};
use crate::platform::page::*;
use crate::reactive::*;
use crate::render::users;
use crate::state::goals;
use crate::state::store::Ctx;
use crate::ui::checklist::Mark;
use crate::ui::html::W;
use crate::ui::simui::Sim;
use engine::workload::RatePattern;

/// Add one population of users (aimed at the selection if users can call it, else at the
/// design's entry point) as one undoable step, and select it.
pub fn add_users(ctx: Ctx) {
    let i = ctx.editor.with_value(|e| e.doc.scenario.traffic.len());
    let selected = ctx.selected_untracked();
    let added = ctx.edit(|s| {
        let p = users::new_population(s, selected.as_ref());
        s.traffic.push(p);
    });
    if added {
        ctx.note(Key::UsersAdded, ctx.label(&users::id(i)));
        ctx.select(Some(users::id(i)));
        // They stand outside the Regions, maybe outside the view.
        ctx.reveal(&users::id(i));
    }
}

/// Whether the palette's search text finds the Users item (its names in both languages, or
/// what people call a client population).
pub fn users_match(l: Lang, query: &str) -> bool {
    let q = query.trim().to_ascii_lowercase();
    q.is_empty()
        || [tr(l, Key::Users), crate::i18n::word(l, "search.users").unwrap_or_default()]
            .iter()
            .any(|n| n.to_ascii_lowercase().contains(&q))
}

/// The representative rate of a pattern, kept when the pattern changes.
fn level(r: &RatePattern) -> f64 {
    match *r {
        RatePattern::Constant { rps } => rps,
        RatePattern::Ramp { to_rps, .. } => to_rps,
        RatePattern::Spike { base_rps, .. } => base_rps,
        RatePattern::Diurnal { mean_rps, .. } => mean_rps,
    }
}

/// A pattern of another shape around the same rate, timed to show within a run of
/// `duration_s` (a daily cycle as long as the run, so a run sees a whole "day").
pub fn reshape(r: &RatePattern, to: &str, duration_s: f64) -> RatePattern {
    let x = level(r);
    let d = if duration_s > 0.0 { duration_s } else { 60.0 };
    match to {
        "ramp" => RatePattern::Ramp { from_rps: (x / 4.0).max(1.0), to_rps: x, over_s: d / 2.0 },
        "spike" => RatePattern::Spike { base_rps: x, peak_rps: x * 5.0, at_s: d / 3.0, for_s: d / 6.0 },
        "diurnal" => RatePattern::Diurnal { mean_rps: x, amplitude: 0.5, period_s: d, peak_at_s: d / 2.0 },
        _ => RatePattern::Constant { rps: x },
    }
}

/// The JSON name of a pattern's shape.
pub fn pattern_name(r: &RatePattern) -> &'static str {
    match r {
        RatePattern::Constant { .. } => "constant",
        RatePattern::Ramp { .. } => "ramp",
        RatePattern::Spike { .. } => "spike",
        RatePattern::Diurnal { .. } => "diurnal",
    }
}

/// A place's name in the UI language.
pub fn location_label(l: Lang, loc: engine::workload::Location) -> String {
    crate::i18n::phrase(l, &format!("location.{}", crate::render::users::location_code(loc)), &[])
}

/// The goal checklist over the canvas while a simulation exists and the design has goals:
/// a small card with the tally and its colour ("so far" until the run ends, then the
/// verdict); its header opens the list (✓/✗ per goal, measured value next to the target),
/// folded by default so that it never hides the design; the choice is kept for the session.
pub fn goal_checklist(ctx: Ctx, sim: Sim) -> web_sys::Element {
    let open = RwSignal::new(false);
    let html = move || -> Option<String> {
        let _ = sim.tick.get();
        let l = ctx.lang.get();
        let (results, finished) = sim
            .live
            .with_value(|live| live.as_ref().map(|x| (x.goals.clone(), x.finished)))
            .filter(|(r, _)| !r.is_empty())?;
        let (met, total) = goals::tally(&results);
        let (title, class) = match (finished, met == total) {
            (false, _) => (format!("{} · {met}/{total}", tr(l, Key::GoalsSoFar)), "goal-card running"),
            (true, true) => (format!("✓ {} · {met}/{total}", tr(l, Key::GoalsAllMet)), "goal-card met"),
            (true, false) => (format!("✗ {} · {met}/{total}", tr(l, Key::GoalsMissed)), "goal-card missed"),
        };
        let expanded = open.get();
        let rows = expanded.then(|| {
            let lines = results
                .iter()
                .map(|r| {
                    let (_, actual, target) = goals::line(r);
                    crate::ui::checklist::Row {
                        testid: format!("goal-{}", r.goal),
                        mark: if r.met { Mark::Met } else { Mark::Missed },
                        verdict: tr(l, if r.met { Key::GoalMet } else { Key::GoalMissed }).to_string(),
                        what: goal_name(l, &r.goal).to_string(),
                        actual: Some(actual),
                        target: Some(target),
                        reason: None,
                    }
                })
                .collect::<Vec<_>>();
            crate::ui::checklist::html(&lines)
        });
        let class = if expanded { format!("{class} open") } else { class.to_string() };
        let (finished, expanded_text) = (finished.to_string(), expanded.to_string());
        let mut w = W::default();
        w.open("h3", &[]);
        w.open(
            "button",
            &[("class", "goal-toggle"), ("data-testid", "goal-toggle"), ("aria-expanded", &expanded_text)],
        );
        w.leaf("span", &[("class", "chevron"), ("aria-hidden", "true")], if expanded { "▾" } else { "▸" });
        w.text(&title);
        w.close("button");
        w.close("h3");
        if let Some(rows) = rows {
            // Already HTML text (checklist::html escapes every value).
            w.open("ul", &[("class", "checklist")]);
            w.0.push_str(&rows);
            w.close("ul");
        }
        let mut section = W::default();
        section.open(
            "section",
            &[
                ("class", &class),
                ("data-testid", "goal-checklist"),
                ("data-finished", &finished),
                ("aria-live", "polite"),
            ],
        );
        // Already HTML text, written above.
        section.0.push_str(&w.0);
        section.close("section");
        Some(section.0)
    };
    let on_click = move |ev: web_sys::Event| {
        if crate::ui::dom::from_event(&ev, ".goal-toggle").is_some() {
            open.update(|o| *o = !*o);
        }
    };
    crate::ui::dom::slot(move || html().unwrap_or_default(), on_click)
}

/// The offer made when Run finds no users: add default users aimed at the entry point (one
/// undoable step) and run, or say what the design lacks.
pub fn users_offer(ctx: Ctx, sim: Sim) -> web_sys::Element {
    let add = move || {
        sim.offer.set(false);
        let Some(p) = ctx.editor.with_value(|e| engine::entry::default_population(&e.doc.scenario)) else { return };
        let i = ctx.editor.with_value(|e| e.doc.scenario.traffic.len());
        if ctx.edit(|s| s.traffic.push(p)) {
            ctx.note(Key::UsersAdded, ctx.label(&users::id(i)));
            // After the edit's effects (which reset any simulation of the old design).
            set_timeout(move || sim.toggle(ctx), std::time::Duration::from_millis(0));
        }
    };
    let html = move || {
        if !sim.offer.get() {
            return String::new();
        }
        let l = ctx.lang.get();
        let _ = ctx.revision.get();
        let offered = ctx.editor.with_value(|e| engine::entry::default_population(&e.doc.scenario));
        let detail = offered.as_ref().map(|p| {
            let rps = match p.rate {
                RatePattern::Constant { rps } => rps,
                _ => 0.0,
            };
            format!("{} · {rps} req/s → {}", location_label(l, p.location), ctx.label(&p.target))
        });
        let mut w = W::default();
        w.open(
            "div",
            &[("class", "users-offer"), ("role", "dialog"), ("aria-live", "polite"), ("data-testid", "users-offer")],
        );
        match detail {
            Some(d) => {
                w.leaf("p", &[], tr(l, Key::NoUsersOffer));
                w.open("p", &[("class", "offer-detail")]);
                w.open("img", &[("src", "icons/aws/users.svg"), ("alt", ""), ("width", "20"), ("height", "20")]);
                w.text(&d);
                w.close("p");
                w.open("div", &[("class", "offer-actions")]);
                w.leaf(
                    "button",
                    &[("class", "primary"), ("data-testid", "add-users-and-run"), ("data-add", "")],
                    tr(l, Key::AddUsersAndRun),
                );
                w.leaf("button", &[("data-testid", "offer-dismiss")], tr(l, Key::NotNow));
                w.close("div");
            }
            None => {
                w.leaf("p", &[], tr(l, Key::NoEntryPoint));
                w.open("div", &[("class", "offer-actions")]);
                w.leaf("button", &[("data-testid", "offer-dismiss")], tr(l, Key::Close));
                w.close("div");
            }
        }
        w.close("div");
        w.0
    };
    let on_click = move |ev: web_sys::Event| match crate::ui::dom::from_event(&ev, "button") {
        Some(b) if b.has_attribute("data-add") => add(),
        Some(_) => sim.offer.set(false),
        None => {}
    };
    crate::ui::dom::slot(html, on_click)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_rate_pattern_keeps_the_rate_and_shows_within_the_run() {
        let r = RatePattern::Constant { rps: 40.0 };
        assert_eq!(
            reshape(&r, "spike", 60.0),
            RatePattern::Spike { base_rps: 40.0, peak_rps: 200.0, at_s: 20.0, for_s: 10.0 }
        );
        assert_eq!(reshape(&r, "ramp", 60.0), RatePattern::Ramp { from_rps: 10.0, to_rps: 40.0, over_s: 30.0 });
        let d = reshape(&r, "diurnal", 120.0);
        assert_eq!(d, RatePattern::Diurnal { mean_rps: 40.0, amplitude: 0.5, period_s: 120.0, peak_at_s: 60.0 });
        assert_eq!(reshape(&d, "constant", 60.0), r, "and back");
    }
}
