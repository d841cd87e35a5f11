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
                    crate::Text::new(
                        format!("'{id}' has a field `{shown}` that a {kind} does not have: did you mean `{near}`?"),
                        format!("'{id}'에 {kind}에는 없는 필드 `{shown}`이(가) 있습니다. `{near}`을(를) 뜻했나요?"),
                    ),
                    crate::Text::new(
                        format!("Until it is renamed, `{shown}` is kept in the file but has no effect, and `{near}` keeps its default. Rename it to `{near}`."),
                        format!("이름을 고치기 전까지 `{shown}`은(는) 파일에 남지만 효과가 없고, `{near}`은(는) 기본값을 씁니다. `{near}`(으)로 이름을 바꾸세요."),
                    ),
                ),
                None => (
                    crate::Text::new(
                        format!("'{id}' has an unknown field `{shown}`: a {kind} has no such setting."),
                        format!("'{id}'에 알 수 없는 필드 `{shown}`이(가) 있습니다. {kind}에는 그런 설정이 없습니다."),
                    ),
                    crate::Text::new(
                        format!("It is kept in the file but has no effect. A {kind}'s fields are: {}. See docs/format.md.", known_fields(kind).join(", ")),
                        format!("파일에는 남지만 효과가 없습니다. {kind}의 필드: {}. docs/format.md를 참고하세요.", known_fields(kind).join(", ")),
                    ),
                ),
            };
            self.emit("Stratus.Document.UnknownField", Severity::Warning, id, message, hint, &[], "docs/format.md");
        }
    }
}
