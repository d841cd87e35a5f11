//! One checklist for every list of things to meet: the run's goals (runui.rs) and a lesson's checks (learn.rs) show ✓, ✗ or a pending mark with what was found.
//!
//! Written as HTML text (every value escaped) rather than as a view: one small function in
//! the bundle, where a view per caller cost a copy of the rendering code each.

use crate::render::svg::escape;

/// How a line stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Met.
    Met,
    /// Not met.
    Missed,
    /// Not known yet (a run not simulated, a question not answered).
    Pending,
}

/// One line of a checklist.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// `data-testid` of the line.
    pub testid: String,
    /// How it stands.
    pub mark: Mark,
    /// The mark's spoken label ("met", "missed"...).
    pub verdict: String,
    /// What is checked.
    pub what: String,
    /// The measured value, bold (goals).
    pub actual: Option<String>,
    /// The target (goals).
    pub target: Option<String>,
    /// What was found, in words (lessons).
    pub reason: Option<String>,
}

/// The lines as the items of a `<ul class="checklist">`.
pub fn html(rows: &[Row]) -> String {
    let mut h = String::new();
    for r in rows {
        let (class, sign) = match r.mark {
            Mark::Met => ("met", "✓"),
            Mark::Missed => ("missed", "✗"),
            Mark::Pending => ("pending", "…"),
        };
        h.push_str(&format!(
            r#"<li class="{class}" data-testid="{}" data-met="{}"><span class="mark" aria-label="{}">{sign}</span><span class="what">{}</span>"#,
            escape(&r.testid),
            r.mark == Mark::Met,
            escape(&r.verdict),
            escape(&r.what)
        ));
        for (tag, class, text) in
            [("b", "actual", &r.actual), ("span", "target", &r.target), ("span", "reason", &r.reason)]
        {
            if let Some(t) = text {
                h.push_str(&format!(r#"<{tag} class="{class}">{}</{tag}>"#, escape(t)));
            }
        }
        h.push_str("</li>");
    }
    h
}

/// The value of a form control (an input, a textarea or a select).
pub(crate) fn value_of(el: &web_sys::Element) -> String {
    js_sys::Reflect::get(el, &"value".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

/// Replace an element's contents, keeping the keyboard focus on the control that had it
/// (the authoring panel's too).
pub(crate) fn fill(el: &web_sys::HtmlElement, html: &str) {
    let focused = crate::platform::page::document()
        .active_element()
        .filter(|a| el.contains(Some(a)))
        .and_then(|a| a.get_attribute("data-testid"));
    el.set_inner_html(html);
    let again = focused.and_then(|id| el.query_selector(&format!("[data-testid=\"{id}\"]")).ok().flatten());
    if let Some(target) = again.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok()) {
        let _ = target.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_marked_and_escaped() {
        let row = |mark, reason: Option<&str>| Row {
            testid: "check-a".into(),
            mark,
            verdict: "met".into(),
            what: "Open <443>".into(),
            actual: None,
            target: None,
            reason: reason.map(str::to_string),
        };
        let h = html(&[row(Mark::Met, Some("a \"b\" & c")), row(Mark::Pending, None)]);
        assert!(h.contains(r#"<li class="met" data-testid="check-a" data-met="true">"#), "{h}");
        assert!(h.contains("Open &lt;443&gt;") && h.contains("a &quot;b&quot; &amp; c"), "{h}");
        assert!(h.contains(r#"class="pending""#) && h.contains("…") && h.matches("<li").count() == 2);
        assert!(!h.contains("target"), "absent parts are left out");
    }
}
