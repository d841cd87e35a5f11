//! Rules about the document itself rather than AWS: fields a node has that its kind does not (kept on load, named here, with the field it probably meant).

use super::{Check, Severity};
use crate::model::{known_fields, suggest_field, Node};

impl<'a> Check<'a> {
    /// One warning per unknown field of `node` (in document order). A warning, not an
    /// error: the design still loads and runs, but without what the author meant by it.
    pub(super) fn unknown_fields(&mut self, node: &'a Node) {
        if node.extra.is_empty() {
            return;
        }
        let kind = node.spec.kind().name();
        for field in node.extra.keys() {
            // A field name is the author's text: bound what goes into the message.
            let shown: String = field.chars().take(80).collect();
            let id = &node.id;
            let (message, hint) = match suggest_field(kind, field) {
                Some(near) => (
                    msg!("document.field_does_not_have", id = id, shown = shown, kind = kind, near = near),
                    msg!("document.until_renamed_kept_file", shown = shown, near = near),
                ),
                None => (
                    msg!("document.unknown_field_no_such", id = id, shown = shown, kind = kind),
                    msg!("document.kept_file_but_no", kind = kind, known_fields_kind = known_fields(kind).join(", ")),
                ),
            };
            self.emit("Stratus.Document.UnknownField", Severity::Warning, id, message, hint, &[], "docs/format.md");
        }
    }
}
