//! The JSON Schemas of the scenario format and of lesson files, generated from the model (feature `schema`); docs/format.schema.json and docs/lesson.schema.json are their committed copies.
//!
//! The check that the copy is current runs with `cargo test -p engine --features schema`
//! (and so with `cargo xtask test`, which runs `cargo test --workspace --all-features`).
//! To update the copy after changing the model:
//! `UPDATE_SCHEMA=1 cargo test -p engine --features schema schema`.

use crate::cidr::{Cidr, Ipv4};
use crate::model::{PortRange, Scenario};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

impl JsonSchema for Ipv4 {
    fn schema_name() -> Cow<'static, str> {
        "Ipv4".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An IPv4 address in dotted-decimal form, without leading zeros, e.g. 10.0.1.10.",
            "type": "string",
            "pattern": r"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$"
        })
    }
}

impl JsonSchema for Cidr {
    fn schema_name() -> Cow<'static, str> {
        "Cidr".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An IPv4 CIDR block written address/prefix, e.g. 10.0.0.0/16. The address must be the network address (no host bits set).",
            "type": "string",
            "pattern": r"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}/([0-9]|[12][0-9]|3[0-2])$"
        })
    }
}

impl JsonSchema for PortRange {
    fn schema_name() -> Cow<'static, str> {
        "PortRange".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A port (443 or \"443\"), an inclusive range (\"1024-65535\") or \"all\".",
            "oneOf": [
                { "type": "integer", "minimum": 0, "maximum": 65535 },
                { "type": "string", "pattern": r"^(all|ALL|All|[0-9]{1,5}(-[0-9]{1,5})?)$" }
            ]
        })
    }
}

/// The JSON Schema of a scenario document, pretty-printed with a final newline.
pub fn scenario_schema() -> String {
    let schema = schemars::schema_for!(Scenario);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON Schema of a lesson file (docs/lessons.md), pretty-printed with a final newline;
/// docs/lesson.schema.json is its committed copy.
pub fn lesson_schema() -> String {
    let schema = schemars::schema_for!(crate::lesson::Lesson);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The source of `model/known_fields.rs`: from the schema (so serde's renames and every
/// kind are exactly as loading sees them), the fields of a node and, per kind, its fields.
pub fn known_fields_table() -> String {
    let schema = serde_json::to_value(schemars::schema_for!(Scenario)).unwrap_or_default();
    let node = &schema["$defs"]["Node"];
    let names = |props: &serde_json::Value| -> Vec<String> {
        props.as_object().map(|m| m.keys().map(|k| format!("{k:?}")).collect()).unwrap_or_default()
    };
    let mut out = String::from(
        "//! The exact names of the fields a node may have, per kind: generated from the JSON Schema by `schema::known_fields_table`, never edited by hand.\n\
         //!\n\
         //! Regenerate after changing the model: `UPDATE_SCHEMA=1 cargo test -p engine --features schema schema`\n\
         //! (a test fails while this file differs from what the model generates).\n\n\
         /// Fields of every node, whatever its kind.\n#[rustfmt::skip]\n",
    );
    out += &format!("pub(crate) const NODE: &[&str] = &[{}];\n\n", names(&node["properties"]).join(", "));
    out += "/// Per kind (its JSON name), its fields, `kind` included, in declaration order.\n#[rustfmt::skip]\n";
    out += "pub(crate) const BY_KIND: &[(&str, &[&str])] = &[\n";
    for variant in node["oneOf"].as_array().into_iter().flatten() {
        let kind = variant["properties"]["kind"]["const"].as_str().unwrap_or_default();
        out += &format!("    ({kind:?}, &[{}]),\n", names(&variant["properties"]).join(", "));
    }
    out += "];\n";
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// model/known_fields.rs must be what the schema generates, like docs/format.schema.json.
    #[test]
    fn schema_known_fields_table_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/model/known_fields.rs");
        let fresh = known_fields_table();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(path, &fresh).expect("write src/model/known_fields.rs");
            return;
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == fresh,
            "crates/engine/src/model/known_fields.rs is out of date with the model. Update it with:\n    UPDATE_SCHEMA=1 cargo test -p engine --features schema schema\nthen commit the file."
        );
    }

    /// docs/format.schema.json must be what the code generates (a generated file is checked,
    /// never edited by hand).
    #[test]
    fn schema_file_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/format.schema.json");
        let fresh = scenario_schema();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(path, &fresh).expect("write docs/format.schema.json");
            return;
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == fresh,
            "docs/format.schema.json is out of date with the model. Update it with:\n    UPDATE_SCHEMA=1 cargo test -p engine --features schema schema\nthen commit the file."
        );
    }

    /// docs/lesson.schema.json must be what the lesson types generate.
    #[test]
    fn schema_lesson_file_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/lesson.schema.json");
        let fresh = lesson_schema();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(path, &fresh).expect("write docs/lesson.schema.json");
            return;
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == fresh,
            "docs/lesson.schema.json is out of date with the lesson types. Update it with:\n    UPDATE_SCHEMA=1 cargo test -p engine --features schema schema\nthen commit the file."
        );
    }

    /// The lesson schema names every check type and edit, and refuses unknown fields.
    #[test]
    fn schema_lesson_names_every_check_and_edit() {
        let schema = lesson_schema();
        for word in
            ["diagnostic", "reach", "run", "property", "predict", "add_node", "remove_node", "set", "push", "remove"]
        {
            assert!(schema.contains(&format!("\"{word}\"")), "{word}");
        }
        assert!(schema.contains("\"additionalProperties\": false"));
    }

    /// Every built-in scenario conforms to the schema's basic shape: the schema knows every kind.
    #[test]
    fn schema_names_every_kind() {
        let schema = scenario_schema();
        for kind in [
            "region",
            "availability_zone",
            "vpc",
            "subnet",
            "route_table",
            "internet_gateway",
            "nat_gateway",
            "security_group",
            "network_acl",
            "vpc_peering",
            "instance",
            "load_balancer",
            "internet",
            "on_premises",
            "vpn_gateway",
            "vpn_connection",
            "direct_connect",
            "rds_instance",
            "s3_bucket",
            "cloudfront_distribution",
            "route53_record",
        ] {
            assert!(schema.contains(&format!("\"{kind}\"")), "{kind}");
        }
    }
}
