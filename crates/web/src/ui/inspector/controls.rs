//! The inspector's plain controls as HTML text: a text field, a list, a table head, a remove button, each carrying what it does (`data-act`...), shared by the general form (write.rs) and the rooms' forms (vpc.rs, ec2.rs).

use crate::i18n::{tr, Key, Lang};
use crate::ui::html::{when, W};

/// A text field that commits on change.
pub fn field(w: &mut W, value: &str, testid: &str, act: &[(&str, &str)]) {
    let mut attrs = vec![("type", "text"), ("value", value), ("data-testid", testid), ("spellcheck", "false")];
    attrs.extend_from_slice(act);
    w.open("input", &attrs);
}

/// A `<select>` with `(value, label)` options, `current` chosen.
pub fn select(w: &mut W, attrs: &[(&str, &str)], options: &[(String, String)], current: &str) {
    w.open("select", attrs);
    for (value, label) in options {
        w.leaf("option", &[("value", value), when(value == current, "selected")], label);
    }
    w.close("select");
}

/// A `<select>` with a test id that does `act`.
pub fn select_for(w: &mut W, testid: &str, act: &[(&str, &str)], options: &[(String, String)], current: &str) {
    let mut attrs = vec![("data-testid", testid)];
    attrs.extend_from_slice(act);
    select(w, &attrs, options, current);
}

/// A table's head row.
pub fn head(w: &mut W, attrs: &[(&str, &str)], columns: &[&str]) {
    w.open("table", attrs);
    w.open("thead", &[]);
    w.open("tr", &[]);
    for c in columns {
        w.leaf("th", &[], c);
    }
    w.close("tr");
    w.close("thead");
    w.open("tbody", &[]);
}

/// A remove button (✕) that does `act`.
pub fn remove(w: &mut W, l: Lang, testid: &str, act: &[(&str, &str)]) {
    let mut attrs = vec![("class", "icon"), ("title", tr(l, Key::Remove)), ("aria-label", tr(l, Key::Remove))];
    if !testid.is_empty() {
        attrs.push(("data-testid", testid));
    }
    attrs.extend_from_slice(act);
    w.leaf("button", &attrs, "✕");
}
