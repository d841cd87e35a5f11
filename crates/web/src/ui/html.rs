//! HTML written as text, every value escaped: the panels that are drawn again whole when what they show changes (the inspector's form, the metrics) are written this way rather than as Leptos views, whose code per view cost the first load far more (issue #15).

use engine::text::escape_markup as escape;

/// HTML being written.
#[derive(Default)]
pub struct W(pub String);

impl W {
    /// `<tag a="v"...>`; a pair with an empty name is left out (an attribute not wanted here).
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs.iter().filter(|(n, _)| !n.is_empty()) {
            self.0.push(' ');
            self.0.push_str(name);
            self.0.push_str("=\"");
            self.0.push_str(&escape(value));
            self.0.push('"');
        }
        self.0.push('>');
    }

    pub fn close(&mut self, tag: &str) {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
    }

    pub fn text(&mut self, t: &str) {
        self.0.push_str(&escape(t));
    }

    /// An element holding only text.
    pub fn leaf(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag);
    }

    /// `<dt>label</dt><dd>` (the caller writes the value and closes `dd`).
    pub fn term(&mut self, label: &str) {
        self.leaf("dt", &[], label);
        self.open("dd", &[]);
    }
}

/// An attribute written only when `on`.
pub fn when(on: bool, name: &str) -> (&str, &str) {
    if on {
        (name, "")
    } else {
        ("", "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values are escaped in text and in attributes; attributes not wanted are left out.
    #[test]
    fn text_and_attributes_are_escaped() {
        let mut w = W::default();
        w.open("a", &[("title", "\"><script>"), when(false, "hidden"), when(true, "selected")]);
        w.text("<b>&");
        w.close("a");
        assert_eq!(w.0, r#"<a title="&quot;&gt;&lt;script&gt;" selected="">&lt;b&gt;&amp;</a>"#);
    }
}
