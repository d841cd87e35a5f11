//! What makes any design runnable from the UI: the palette's Users item, the users inspector (where, rate pattern, request mix, what they call), the Goals editor, the offer to add users when Run finds none, and the goal checklist shown during and after a run.

use crate::editor::session::Editor;
use crate::i18n::{goal_name, tr, Key, Lang};
use crate::render::users;
use crate::state::goals;
use crate::state::store::Ctx;
use crate::ui::checklist::Mark;
use crate::ui::simui::Sim;
use engine::model::NodeId;
use engine::workload::{ClientPopulation, RatePattern};
use engine::Text;
use leptos::prelude::*;

/// Add one population of users (aimed at the selection if users can call it, else at the
/// design's entry point) as one undoable step, and select it.
pub fn add_users(ctx: Ctx) {
    let i = ctx.editor.with_value(|e| e.scenario.traffic.len());
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

/// The palette's Users item: dragged onto the canvas (or Enter) adds users. Users are not
/// an AWS resource, so the item is not one of the engine's blueprints.
#[component]
pub fn UsersPalette(
    /// Shared app state.
    ctx: Ctx,
    /// The palette's search text: the item hides when it does not match.
    query: RwSignal<String>,
    /// The phone's open drawer: closed after a tap adds users, to show them.
    drawer: RwSignal<crate::state::store::Drawer>,
) -> impl IntoView {
    let l = move || ctx.lang.get();
    let hidden = move || !users_match(&query.get());
    view! {
        <div hidden=hidden>
        <h3>{move || tr(l(), Key::Users)}</h3>
        <ul class="palette-group">
            <li class="palette-item" draggable="true" data-testid="palette-users" data-kind=users::PALETTE_KIND
                tabindex="0" role="button" title=move || tr(l(), Key::UsersPaletteHint) hidden=hidden
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" || ev.key() == " " {
                        ev.prevent_default();
                        add_users(ctx);
                    }
                }
                // A click or tap adds them too (touch screens cannot drag and drop).
                on:click=move |_| {
                    add_users(ctx);
                    drawer.set(crate::state::store::Drawer::None);
                }
                on:dragstart=move |ev: web_sys::DragEvent| {
                    if let Some(dt) = ev.data_transfer() {
                        let _ = dt.set_data(crate::state::store::DRAG_TYPE, users::PALETTE_KIND);
                        dt.set_effect_allowed("copy");
                    }
                }>
                <span class="chip" aria-hidden="true">
                    <img class="on-light" src="icons/aws/users.svg" alt="" width="30" height="30" draggable="false"/>
                    <img class="on-dark" src="icons/aws/users-dark.svg" alt="" width="30" height="30" draggable="false"/>
                </span>
                <span>{move || tr(l(), Key::Users)}</span>
            </li>
        </ul>
        </div>
    }
}

/// Whether the palette's search text finds the Users item (its names in both languages, or
/// what people call a client population).
pub fn users_match(query: &str) -> bool {
    let q = query.trim().to_lowercase();
    q.is_empty()
        || [tr(Lang::En, Key::Users), tr(Lang::Ko, Key::Users), "users clients traffic population 트래픽 클라이언트"] // tidy: search words
            .iter()
            .any(|n| n.to_lowercase().contains(&q))
}

/// Change population `i` as one undoable step.
fn edit_pop(ctx: Ctx, i: usize, f: impl FnOnce(&mut ClientPopulation)) {
    ctx.edit(|s| {
        if let Some(p) = s.traffic.get_mut(i) {
            f(p);
        }
    });
}

/// A number typed in a field: finite and not negative, else refused with a reason.
fn parse_number(text: &str) -> Result<f64, Text> {
    match text.trim().replace(',', "").parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(Text::new(
            format!("'{}' is not a number of 0 or more.", text.trim()),
            format!("'{}'은(는) 0 이상의 숫자가 아닙니다.", text.trim()),
        )),
    }
}

/// A numeric field that commits on change; a refused value says why and is put back.
fn number(
    ctx: Ctx,
    label: &'static str,
    value: f64,
    testid: &'static str,
    // Boxed: one copy of this view in the wasm, not one per field (17 of them).
    set: Box<dyn Fn(f64)>,
) -> impl IntoView {
    view! {
        <dt>{label}</dt>
        <dd><input type="text" inputmode="decimal" data-testid=testid prop:value=goals_plain(value) spellcheck="false"
            on:change=move |ev| match parse_number(&event_target_value(&ev)) {
                Ok(v) => set(v),
                Err(why) => {
                    ctx.toast(why);
                    ctx.bump();
                }
            }/></dd>
    }
}

/// A number as a field shows it (no trailing zeros).
fn goals_plain(v: f64) -> String {
    goals::to_field("", v)
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

fn pattern_name(r: &RatePattern) -> &'static str {
    match r {
        RatePattern::Constant { .. } => "constant",
        RatePattern::Ramp { .. } => "ramp",
        RatePattern::Spike { .. } => "spike",
        RatePattern::Diurnal { .. } => "diurnal",
    }
}

/// A place's name in the UI language.
fn location_label(l: Lang, loc: engine::workload::Location) -> &'static str {
    use engine::workload::Location::*;
    if l == Lang::En {
        return users::location_name(loc);
    }
    match loc {
        Seoul => "서울",
        Tokyo => "도쿄",
        Singapore => "싱가포르",
        Sydney => "시드니",
        Mumbai => "뭄바이",
        Frankfurt => "프랑크푸르트",
        London => "런던",
        Virginia => "버지니아",
        Oregon => "오리건",
        SaoPaulo => "상파울루",
    }
}

/// The inspector for a users element: name, where, what they call, rate pattern, request mix.
pub fn users_inspector(ctx: Ctx, e: &Editor, id: &NodeId, l: Lang) -> AnyView {
    let Some(i) = users::index(id) else { return ().into_any() };
    let Some(p) = e.scenario.traffic.get(i).cloned() else { return ().into_any() };
    let duration = e.scenario.simulation.duration_s;
    let t = move |k: Key| tr(l, k);
    let locations = engine::entry::LOCATIONS.map(|loc| {
        let name = serde_json::to_value(loc).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        view! { <option value=name prop:selected=loc == p.location>{location_label(l, loc)}</option> }
    });
    let targets = users::targets(&e.scenario);
    let linked = targets.iter().any(|(t, _)| *t == p.target);
    let target_options = targets
        .into_iter()
        .map(|(tid, label)| {
            let selected = tid == p.target;
            view! { <option value=tid.to_string() prop:selected=selected>{label}</option> }
        })
        .collect_view();
    let pattern = pattern_name(&p.rate);
    let patterns = [
        ("constant", Key::PatternConstant),
        ("ramp", Key::PatternRamp),
        ("spike", Key::PatternSpike),
        ("diurnal", Key::PatternDiurnal),
    ]
    .map(|(v, k)| view! { <option value=v prop:selected=v == pattern>{t(k)}</option> });
    let rate = p.rate.clone();
    let rate_fields = match rate {
        RatePattern::Constant { rps } => number(ctx, t(Key::RateRps), rps, "users-rps", Box::new(move |v| {
            edit_pop(ctx, i, |p| p.rate = RatePattern::Constant { rps: v })
        }))
        .into_any(),
        RatePattern::Ramp { from_rps, to_rps, over_s } => view! {
            {number(ctx, t(Key::RateFrom), from_rps, "users-from", Box::new(move |v| edit_pop(ctx, i, |p| if let RatePattern::Ramp { from_rps, .. } = &mut p.rate { *from_rps = v })))}
            {number(ctx, t(Key::RateTo), to_rps, "users-to", Box::new(move |v| edit_pop(ctx, i, |p| if let RatePattern::Ramp { to_rps, .. } = &mut p.rate { *to_rps = v })))}
            {number(ctx, t(Key::RateOver), over_s, "users-over", Box::new(move |v| edit_pop(ctx, i, |p| if let RatePattern::Ramp { over_s, .. } = &mut p.rate { *over_s = v })))}
        }
        .into_any(),
        RatePattern::Spike { base_rps, peak_rps, at_s, for_s } => view! {
            {number(ctx, t(Key::RateBase), base_rps, "users-base", Box::new(move |v| edit_pop(ctx, i, |p| if let RatePattern::Spike { base_rps, .. } = &mut p.rate { *base_rps = v })))}
            {number(ctx, t(Key::RatePeak), peak_rps, "users-peak", Box::new(move |v| edit_pop(ctx, i, |p| if let RatePattern::Spike { peak_rps, .. } = &mut p.rate { *peak_rps = v })))}
            {number(ctx, t(Key::RateAt), at_s, "users-at", Box::new(move |v| edit_pop(ctx, i, |p| if let RatePattern::Spike { at_s, .. } = &mut p.rate { *at_s = v })))}
            {number(ctx, t(Key::RateFor), for_s, "users-for", Box::new(move |v| edit_pop(ctx, i, |p| if let RatePattern::Spike { for_s, .. } = &mut p.rate { *for_s = v })))}
        }
        .into_any(),
        RatePattern::Diurnal { mean_rps, amplitude, .. } => view! {
            {number(ctx, t(Key::RateMean), mean_rps, "users-mean", Box::new(move |v| edit_pop(ctx, i, |p| if let RatePattern::Diurnal { mean_rps, .. } = &mut p.rate { *mean_rps = v })))}
            {number(ctx, t(Key::RateAmplitude), amplitude, "users-amplitude", Box::new(move |v| edit_pop(ctx, i, |p| if let RatePattern::Diurnal { amplitude, .. } = &mut p.rate { *amplitude = v.min(1.0) })))}
        }
        .into_any(),
    };
    let m = p.mix.clone();
    view! {
        <h3 data-testid="inspector-title">{p.name.clone()}</h3>
        <dl>
            <dt>{t(Key::Kind)}</dt><dd>{t(Key::UsersKind)}</dd>
            <dt>{t(Key::Name)}</dt>
            <dd><input type="text" data-testid="field-name" prop:value=p.name.clone() spellcheck="false"
                on:change=move |ev| {
                    let v = event_target_value(&ev).trim().to_string();
                    if !v.is_empty() {
                        edit_pop(ctx, i, |p| p.name = v);
                    } else {
                        ctx.bump();
                    }
                }/></dd>
            <dt>{t(Key::UsersLocation)}</dt>
            <dd><select data-testid="users-location" on:change=move |ev| {
                if let Ok(loc) = serde_json::from_value(serde_json::Value::String(event_target_value(&ev))) {
                    edit_pop(ctx, i, |p| p.location = loc);
                }
            }>{locations}</select></dd>
            <dt>{t(Key::UsersCalls)}</dt>
            <dd><select data-testid="users-target" on:change=move |ev| {
                let to = NodeId(event_target_value(&ev));
                if !to.as_str().is_empty() {
                    edit_pop(ctx, i, |p| p.target = to);
                }
            }>
                {(!linked).then(|| view! { <option value="" prop:selected=true>{"—"}</option> })}
                {target_options}
            </select></dd>
        </dl>
        {(!linked).then(|| view! { <p class="note warning" data-testid="users-not-linked">{t(Key::UsersNotLinked)}</p> })}
        // One list with section rows: separate lists around the conditional note rendered out
        // of order (Leptos CSR), putting the rate fields under the mix heading.
        <dl class="properties">
            <dt class="dl-heading">{t(Key::UsersRate)}</dt>
            <dt>{t(Key::UsersPattern)}</dt>
            <dd><select data-testid="users-pattern" on:change=move |ev| {
                let to = event_target_value(&ev);
                edit_pop(ctx, i, |p| p.rate = reshape(&p.rate, &to, duration));
            }>{patterns}</select></dd>
            {rate_fields}
            <dt class="dl-heading">{t(Key::UsersMix)}</dt>
            {number(ctx, t(Key::MixRead), m.read * 100.0, "users-read", Box::new(move |v| edit_pop(ctx, i, |p| p.mix.read = (v / 100.0).min(1.0))))}
            {number(ctx, t(Key::MixStatic), m.static_fraction * 100.0, "users-static", Box::new(move |v| edit_pop(ctx, i, |p| p.mix.static_fraction = (v / 100.0).min(1.0))))}
            {number(ctx, t(Key::MixObject), m.object_kib, "users-object-kib", Box::new(move |v| edit_pop(ctx, i, |p| p.mix.object_kib = v)))}
            {number(ctx, t(Key::MixResponse), m.response_kib, "users-response-kib", Box::new(move |v| edit_pop(ctx, i, |p| p.mix.response_kib = v)))}
            {number(ctx, t(Key::MixWrite), m.write_kib, "users-write-kib", Box::new(move |v| edit_pop(ctx, i, |p| p.mix.write_kib = v)))}
            {number(ctx, t(Key::UsersPort), f64::from(p.port), "users-port", Box::new(move |v| edit_pop(ctx, i, |p| p.port = v.clamp(1.0, 65_535.0) as u16)))}
        </dl>
    }
    .into_any()
}

/// The Goals editor shown when nothing is selected: one field per goal, empty for none.
pub fn goals_editor(ctx: Ctx, e: &Editor, l: Lang) -> AnyView {
    let g = e.scenario.goals.clone();
    let rows = goals::ALL
        .iter()
        .map(|&goal| {
            let value = goals::get(&g, goal).map(|v| goals::to_field(goal, v)).unwrap_or_default();
            view! {
                <dt><label for=format!("goal-{goal}")>{goal_name(l, goal)}</label></dt>
                <dd class="goal-field">
                    <span class="bound">{goals::bound(goal)}</span>
                    <input type="text" inputmode="decimal" id=format!("goal-{goal}") data-testid=format!("goal-field-{goal}")
                        prop:value=value placeholder="—" spellcheck="false"
                        on:change=move |ev| match goals::parse(goal, &event_target_value(&ev)) {
                            Ok(v) => {
                                if !ctx.edit(|s| goals::set(&mut s.goals, goal, v)) {
                                    ctx.bump();
                                }
                            }
                            Err(why) => {
                                ctx.toast(why);
                                ctx.bump();
                            }
                        }/>
                    <span class="unit">{goals::unit(goal)}</span>
                </dd>
            }
        })
        .collect_view();
    view! {
        <section class="goals-editor" data-testid="goals-editor">
            <h4>{tr(l, Key::Goals)}</h4>
            <p class="note">{tr(l, Key::GoalsHelp)}</p>
            <dl class="properties goals">{rows}</dl>
        </section>
    }
    .into_any()
}

/// The goal checklist over the canvas while a simulation exists and the design has goals:
/// a small card with the tally and its colour ("so far" until the run ends, then the
/// verdict); its header opens the list (✓/✗ per goal, measured value next to the target),
/// folded by default so that it never hides the design; the choice is kept for the session.
#[component]
pub fn GoalChecklist(
    /// Shared app state.
    ctx: Ctx,
    /// The simulation.
    sim: Sim,
) -> impl IntoView {
    let open = RwSignal::new(false);
    move || {
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
        Some(view! {
            <section class=if expanded { format!("{class} open") } else { class.to_string() } data-testid="goal-checklist" data-finished=finished.to_string() aria-live="polite">
                <h3>
                    <button class="goal-toggle" data-testid="goal-toggle" aria-expanded=expanded.to_string()
                        on:click=move |_| open.update(|o| *o = !*o)>
                        <span class="chevron" aria-hidden="true">{if expanded { "▾" } else { "▸" }}</span>
                        {title}
                    </button>
                </h3>
                {rows.map(|rows| view! { <ul class="checklist" inner_html=rows></ul> })}
            </section>
        })
    }
}

/// The offer made when Run finds no users: add default users aimed at the entry point (one
/// undoable step) and run, or say what the design lacks.
#[component]
pub fn UsersOffer(
    /// Shared app state.
    ctx: Ctx,
    /// The simulation.
    sim: Sim,
) -> impl IntoView {
    move || {
        if !sim.offer.get() {
            return None;
        }
        let l = ctx.lang.get();
        let _ = ctx.revision.get();
        let offered = ctx.editor.with_value(|e| engine::entry::default_population(&e.scenario));
        let detail = offered.as_ref().map(|p| {
            let rps = match p.rate {
                RatePattern::Constant { rps } => rps,
                _ => 0.0,
            };
            format!("{} · {rps} req/s → {}", location_label(l, p.location), ctx.label(&p.target))
        });
        let add = move |_| {
            sim.offer.set(false);
            let Some(p) = ctx.editor.with_value(|e| engine::entry::default_population(&e.scenario)) else { return };
            let i = ctx.editor.with_value(|e| e.scenario.traffic.len());
            if ctx.edit(|s| s.traffic.push(p)) {
                ctx.note(Key::UsersAdded, ctx.label(&users::id(i)));
                // After the edit's effects (which reset any simulation of the old design).
                set_timeout(move || sim.toggle(ctx), std::time::Duration::from_millis(0));
            }
        };
        Some(view! {
            <div class="users-offer" role="dialog" aria-live="polite" data-testid="users-offer">
                {match detail {
                    Some(d) => view! {
                        <p>{tr(l, Key::NoUsersOffer)}</p>
                        <p class="offer-detail"><img src="icons/aws/users.svg" alt="" width="20" height="20"/>{d}</p>
                        <div class="offer-actions">
                            <button class="primary" data-testid="add-users-and-run" on:click=add>{tr(l, Key::AddUsersAndRun)}</button>
                            <button data-testid="offer-dismiss" on:click=move |_| sim.offer.set(false)>{tr(l, Key::NotNow)}</button>
                        </div>
                    }.into_any(),
                    None => view! {
                        <p>{tr(l, Key::NoEntryPoint)}</p>
                        <div class="offer-actions">
                            <button data-testid="offer-dismiss" on:click=move |_| sim.offer.set(false)>{tr(l, Key::Close)}</button>
                        </div>
                    }.into_any(),
                }}
            </div>
        })
    }
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

    #[test]
    fn typed_numbers_are_checked() {
        assert_eq!(parse_number(" 1,000 "), Ok(1000.0));
        assert!(parse_number("-1").is_err() && parse_number("lots").is_err());
    }
}
