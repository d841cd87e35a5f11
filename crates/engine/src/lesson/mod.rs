//! Lessons as data (docs/lessons.md): a starting design, checks that grade a design, hints and a solution replayed as edits.
//!
//! A lesson file is strict JSON (`deny_unknown_fields`: a misspelt field is an error naming
//! it), at most `MAX_LESSON_BYTES`, and is checked for consistency when it is read (its
//! section is known, its start and solution designs load, its check ids are unique, the
//! solution answers every `predict` question with one of its options...). Reading never
//! panics; every refusal is a `LessonError` with a message in English and Korean.

pub mod author;
mod check;
pub mod link;
mod ops;
#[cfg(test)]
mod tests;

pub use check::{grade, grade_bounded, grade_with, zones_of, CheckResult, Grade, Status};
pub use ops::{apply, Edit, EditError};

use crate::model::{NodeId, Protocol, Scenario, Text};
use crate::msg::Msg;
use crate::net::ComponentKind;
use crate::resilience::ScheduledFault;
use crate::workload::Goals;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The format version lesson files carry (`"format": 1`).
pub const LESSON_FORMAT: u32 = 1;

/// The largest lesson file read (bytes): a lesson's inline design is small, so a tenth of
/// the scenario loader's cap.
pub const MAX_LESSON_BYTES: usize = crate::model::MAX_DOCUMENT_BYTES / 8;

/// The sections of the study notes (../shared/seed/aws-saa-notes.ko.md) that lessons belong
/// to, by key, in the notes' order; their names (the notes' headings in Korean, English names)
/// are `section.<key>` in messages/names/. The course map shows lessons in this order. VPC,
/// Auto Scaling, RDS and Route 53 are split at the notes' own sub-headings, where most
/// lessons are.
pub const SECTIONS: &[&str] = &[
    "ec2",
    "ec2.placement-groups",
    "auto-scaling",
    "auto-scaling.health-checks",
    "elb",
    "ebs",
    "vpc",
    "vpc.cidr",
    "vpc.subnets",
    "vpc.peering",
    "vpc.security-groups",
    "vpc.network-acls",
    "vpc.internet-gateway",
    "vpc.nat",
    "vpc.vpn",
    "s3",
    "efs",
    "cloudfront",
    "route53",
    "route53.failover",
    "cloudwatch",
    "sqs",
    "sns",
    "rds",
    "rds.multi-az",
    "rds.read-replicas",
    "aurora",
    "dynamodb",
    "direct-connect",
];

/// A text in English and Korean, read strictly: a third key (`"kr"`) is an error, not
/// ignored, and both must be written (checked when the lesson is read).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// English.
    pub en: String,
    /// Korean.
    pub ko: String,
}

impl Words {
    /// As the engine's `Text`.
    pub fn text(&self) -> Text {
        Text::new(self.en.clone(), self.ko.clone())
    }
}

/// One lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Version of the lesson format (`LESSON_FORMAT`).
    pub format: u32,
    /// Unique, lower-case words joined by hyphens (`nacl-ephemeral-ports`); the file's name.
    pub id: String,
    /// Key of the notes' section it belongs to (`SECTIONS`).
    pub section: String,
    /// Its title.
    pub title: Words,
    /// What to do, shown beside the design the whole time.
    pub brief: Words,
    /// Why, shown once every check passes.
    pub explanation: Words,
    /// The design the learner starts from.
    pub start: Start,
    /// What the learner may add and change.
    #[serde(default, skip_serializing_if = "Limits::is_empty")]
    pub limits: Limits,
    /// Hints, shown one at a time, before the solution.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<Words>,
    /// What a design must do to pass, in the order the checklist shows.
    pub checks: Vec<Check>,
    /// A way to pass, replayable step by step.
    pub solution: Solution,
}

/// Where a lesson's design comes from: exactly one of `example` (a built-in scenario,
/// `scenarios::BUILT_IN`) and `design` (a scenario document, docs/format.md), then `changes`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Start {
    /// A built-in scenario's key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// A scenario document, inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Scenario>"))]
    pub design: Option<serde_json::Value>,
    /// Edits applied to it before the learner sees it (captions optional).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Edit>,
}

/// What the learner may use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The kinds the palette offers (JSON names, `kinds.rs`); absent = every kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub palette: Option<Vec<String>>,
    /// Elements that cannot be moved, changed or deleted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locked: Vec<NodeId>,
}

impl Limits {
    /// Whether nothing is limited.
    pub fn is_empty(&self) -> bool {
        self.palette.is_none() && self.locked.is_empty()
    }
}

/// A way to pass the lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Solution {
    /// Edits to the starting design, in order, each with a caption in both languages.
    pub steps: Vec<Edit>,
    /// The right option's key for each `predict` check, by check id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, String>,
}

/// What a reachability check expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// Request and response get through.
    Reachable,
    /// Something drops the request or the response.
    Blocked,
}

/// One option of a `predict` question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Short key the learner answers with (`a`, `b`...).
    pub key: String,
    /// The option.
    pub text: Words,
    /// Why it is right or wrong, shown after answering.
    pub explanation: Words,
}

fn is_true(b: &bool) -> bool {
    *b
}
fn yes() -> bool {
    true
}
fn one() -> u32 {
    1
}
fn is_one(n: &u32) -> bool {
    *n == 1
}

/// One thing a design must do. Each has an `id` (unique in the lesson) and a `title` (the
/// checklist's line).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// `validate` gives (or does not give) a diagnostic with this code.
    Diagnostic {
        /// Id.
        id: String,
        /// Checklist line.
        title: Words,
        /// The diagnostic's code (`InvalidSubnet.Range`, `Stratus.LoadBalancer.TwoAzs`...).
        code: String,
        /// `true`: the code must be there; `false`: it must not.
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        present: bool,
        /// Only diagnostics about this element count.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        node: Option<NodeId>,
    },
    /// `reach` from one element to another with a protocol and port.
    Reach {
        /// Id.
        id: String,
        /// Checklist line.
        title: Words,
        /// Source (an instance, load balancer, Auto Scaling group, RDS instance, the Internet...).
        from: NodeId,
        /// Destination.
        to: NodeId,
        /// `tcp` (default), `udp` or `icmp`.
        #[serde(default = "tcp")]
        protocol: Protocol,
        /// Destination port (ignored for ICMP).
        #[serde(default)]
        port: u16,
        /// Reachable or blocked.
        expect: Expect,
        /// When blocked: the kind of component that must drop it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_kind: Option<ComponentKind>,
        /// When blocked: the element that must drop it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<NodeId>,
        /// When blocked: the Reachability Analyzer explanation code.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
    },
    /// A simulation run whose goals must all be met.
    Run {
        /// Id.
        id: String,
        /// Checklist line.
        title: Words,
        /// Seed (default: the design's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seed: Option<u64>,
        /// Seconds of traffic (default: the design's), at most `MAX_RUN_S`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duration_s: Option<f64>,
        /// Faults scripted for this run (replacing the design's); absent = the design's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        faults: Option<Vec<ScheduledFault>>,
        /// Goals to meet (replacing the design's); at least one.
        goals: Goals,
    },
    /// The design has elements of a kind with given properties.
    Property {
        /// Id.
        id: String,
        /// Checklist line.
        title: Words,
        /// The kind's JSON name (`rds_instance`).
        kind: String,
        /// Fields each counted element has, with these values (a nested object matches
        /// when its own fields do; an absent field matches only `null`).
        #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
        properties: serde_json::Map<String, serde_json::Value>,
        /// At least this many such elements (default 1).
        #[serde(default = "one", skip_serializing_if = "is_one")]
        count: u32,
        /// Together they are in at least this many Availability Zones (through their
        /// `subnet`, `subnets` or `az`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        azs: Option<u32>,
    },
    /// A multiple-choice question answered before running; the solution holds the answer.
    Predict {
        /// Id.
        id: String,
        /// The question.
        title: Words,
        /// At least two options.
        options: Vec<Choice>,
        /// The check (a `run` or `reach`) whose result shows who was right.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shown_by: Option<String>,
    },
}

fn tcp() -> Protocol {
    Protocol::Tcp
}

/// The longest run a `run` check may ask for, seconds of traffic: grading must stay quick.
pub const MAX_RUN_S: f64 = 3_600.0;

impl Check {
    /// Its id.
    pub fn id(&self) -> &str {
        match self {
            Check::Diagnostic { id, .. }
            | Check::Reach { id, .. }
            | Check::Run { id, .. }
            | Check::Property { id, .. }
            | Check::Predict { id, .. } => id,
        }
    }

    /// Its checklist line.
    pub fn title(&self) -> &Words {
        match self {
            Check::Diagnostic { title, .. }
            | Check::Reach { title, .. }
            | Check::Run { title, .. }
            | Check::Property { title, .. }
            | Check::Predict { title, .. } => title,
        }
    }

    /// Its type as written in the file.
    pub fn type_name(&self) -> &'static str {
        match self {
            Check::Diagnostic { .. } => "diagnostic",
            Check::Reach { .. } => "reach",
            Check::Run { .. } => "run",
            Check::Property { .. } => "property",
            Check::Predict { .. } => "predict",
        }
    }
}

/// Why a lesson file cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub enum LessonError {
    /// Over `MAX_LESSON_BYTES`.
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// Not JSON, or a field missing, misspelt or of the wrong type (serde's words name it).
    Syntax {
        /// What the parser said.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Read, but inconsistent: `field` says where, the message what.
    Invalid {
        /// Where (`checks[2].options`, `start.example`...).
        field: String,
        /// What is wrong.
        message: Msg,
    },
    /// No built-in lesson has this id.
    Unknown(String),
}

impl LessonError {
    fn invalid(field: impl Into<String>, message: Msg) -> LessonError {
        LessonError::Invalid { field: field.into(), message }
    }

    /// A message for the author in both languages.
    pub fn message(&self) -> Msg {
        match self {
            LessonError::TooLarge { bytes } => {
                msg!("lesson.lesson_file_bytes_over", bytes = bytes, value = MAX_LESSON_BYTES)
            }
            LessonError::Syntax { message, line, column } => {
                msg!("lesson.not_valid_lesson_line", line = line, column = column, message = message)
            }
            LessonError::Invalid { field, message } => {
                msg!("lesson.lesson_field", field = field, message = message)
            }
            LessonError::Unknown(id) => msg!("lesson.no_built_lesson_id", id = id),
        }
    }
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for LessonError {}

/// `(id, JSON text)` of every built-in lesson, in the notes' order.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("ec2-instance-family", include_str!("../../../../lessons/ec2-instance-family.json")),
    ("ec2-lifecycle-billing", include_str!("../../../../lessons/ec2-lifecycle-billing.json")),
    ("ec2-reserved-steady-fleet", include_str!("../../../../lessons/ec2-reserved-steady-fleet.json")),
    ("ec2-spot-on-demand-base", include_str!("../../../../lessons/ec2-spot-on-demand-base.json")),
    ("placement-cluster-group", include_str!("../../../../lessons/placement-cluster-group.json")),
    ("placement-spread-limit", include_str!("../../../../lessons/placement-spread-limit.json")),
    ("asg-spread-over-azs", include_str!("../../../../lessons/asg-spread-over-azs.json")),
    ("asg-launch-template", include_str!("../../../../lessons/asg-launch-template.json")),
    ("asg-min-max-desired", include_str!("../../../../lessons/asg-min-max-desired.json")),
    ("asg-elb-health-checks", include_str!("../../../../lessons/asg-elb-health-checks.json")),
    ("alb-two-azs", include_str!("../../../../lessons/alb-two-azs.json")),
    ("alb-internet-facing-subnets", include_str!("../../../../lessons/alb-internet-facing-subnets.json")),
    ("nlb-cross-zone", include_str!("../../../../lessons/nlb-cross-zone.json")),
    ("ebs-gp2-burst-bucket", include_str!("../../../../lessons/ebs-gp2-burst-bucket.json")),
    ("ebs-io1-nitro", include_str!("../../../../lessons/ebs-io1-nitro.json")),
    ("ebs-hdd-random-io", include_str!("../../../../lessons/ebs-hdd-random-io.json")),
    ("default-vpc-internet-gateway", include_str!("../../../../lessons/default-vpc-internet-gateway.json")),
    ("vpc-spread-over-azs", include_str!("../../../../lessons/vpc-spread-over-azs.json")),
    ("eni-private-address", include_str!("../../../../lessons/eni-private-address.json")),
    ("vpc-secondary-cidr", include_str!("../../../../lessons/vpc-secondary-cidr.json")),
    ("subnet-reserved-addresses", include_str!("../../../../lessons/subnet-reserved-addresses.json")),
    ("subnet-smallest-size", include_str!("../../../../lessons/subnet-smallest-size.json")),
    ("vpc-peering-non-transitive", include_str!("../../../../lessons/vpc-peering-non-transitive.json")),
    ("vpc-peering-overlapping-cidr", include_str!("../../../../lessons/vpc-peering-overlapping-cidr.json")),
    ("vpc-peering-edge-to-edge", include_str!("../../../../lessons/vpc-peering-edge-to-edge.json")),
    ("security-group-open-https", include_str!("../../../../lessons/security-group-open-https.json")),
    ("security-group-reference", include_str!("../../../../lessons/security-group-reference.json")),
    ("nacl-ephemeral-ports", include_str!("../../../../lessons/nacl-ephemeral-ports.json")),
    ("nacl-deny-rule-order", include_str!("../../../../lessons/nacl-deny-rule-order.json")),
    ("public-subnet-route", include_str!("../../../../lessons/public-subnet-route.json")),
    ("igw-elastic-ip", include_str!("../../../../lessons/igw-elastic-ip.json")),
    ("nat-gateway-private-egress", include_str!("../../../../lessons/nat-gateway-private-egress.json")),
    ("nat-instance-src-dst-check", include_str!("../../../../lessons/nat-instance-src-dst-check.json")),
    ("bastion-host", include_str!("../../../../lessons/bastion-host.json")),
    ("site-to-site-vpn", include_str!("../../../../lessons/site-to-site-vpn.json")),
    ("s3-prefix-request-rate", include_str!("../../../../lessons/s3-prefix-request-rate.json")),
    ("s3-multipart-upload", include_str!("../../../../lessons/s3-multipart-upload.json")),
    ("cloudfront-cache-ttl", include_str!("../../../../lessons/cloudfront-cache-ttl.json")),
    ("route53-latency-routing", include_str!("../../../../lessons/route53-latency-routing.json")),
    ("route53-failover", include_str!("../../../../lessons/route53-failover.json")),
    ("route53-weighted-standby", include_str!("../../../../lessons/route53-weighted-standby.json")),
    ("cloudwatch-target-tracking", include_str!("../../../../lessons/cloudwatch-target-tracking.json")),
    ("sqs-fifo-dead-letter-queue", include_str!("../../../../lessons/sqs-fifo-dead-letter-queue.json")),
    ("sqs-visibility-timeout", include_str!("../../../../lessons/sqs-visibility-timeout.json")),
    ("sqs-retention-period", include_str!("../../../../lessons/sqs-retention-period.json")),
    ("sqs-backlog-scaling", include_str!("../../../../lessons/sqs-backlog-scaling.json")),
    ("rds-multi-az", include_str!("../../../../lessons/rds-multi-az.json")),
    ("rds-read-replicas", include_str!("../../../../lessons/rds-read-replicas.json")),
    ("aurora-replica-failover", include_str!("../../../../lessons/aurora-replica-failover.json")),
    ("direct-connect-vpn-backup", include_str!("../../../../lessons/direct-connect-vpn-backup.json")),
];

/// The built-in lesson with this id, read and checked.
pub fn built_in(id: &str) -> Result<Lesson, LessonError> {
    let (_, text) = BUILT_IN.iter().find(|(key, _)| *key == id).ok_or_else(|| LessonError::Unknown(id.into()))?;
    Lesson::from_json(text)
}

/// Whether `id` is a lesson id: lower-case words (letters and digits) joined by hyphens, at
/// most 64 characters.
pub fn is_lesson_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Whether a text has a Hangul syllable (a Korean text that is really Korean).
fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('가'..='힣').contains(&c))
}

impl Lesson {
    /// Reads and checks a lesson file. Never panics.
    pub fn from_json(text: &str) -> Result<Lesson, LessonError> {
        if text.len() > MAX_LESSON_BYTES {
            return Err(LessonError::TooLarge { bytes: text.len() });
        }
        let lesson: Lesson = serde_json::from_str(text).map_err(|e| {
            let text = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let message = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
            LessonError::Syntax { message, line: e.line(), column: e.column() }
        })?;
        lesson.check_consistency()?;
        Ok(lesson)
    }

    /// The lesson as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Whether its section is one of the notes' (`SECTIONS`).
    pub fn section_known(&self) -> bool {
        SECTIONS.contains(&self.section.as_str())
    }

    /// The design the learner starts from.
    pub fn start_design(&self) -> Result<Scenario, LessonError> {
        let base = match (&self.start.example, &self.start.design) {
            (Some(key), None) => {
                let (_, text) = crate::scenarios::BUILT_IN.iter().find(|(k, _)| k == key).ok_or_else(|| {
                    LessonError::invalid("start.example", msg!("lesson.no_built_example_called", key = key))
                })?;
                serde_json::from_str(text)
                    .map_err(|e| LessonError::invalid("start.example", msg!("lesson.message", e = e)))?
            }
            (None, Some(design)) => design.clone(),
            _ => return Err(LessonError::invalid("start", msg!("lesson.give_exactly_one_example"))),
        };
        apply(base, &self.start.changes).map_err(|e| e.in_field("start.changes"))
    }

    /// The starting design with the solution's steps applied.
    pub fn solution_design(&self) -> Result<Scenario, LessonError> {
        let start = self.start_design()?;
        let value =
            serde_json::to_value(&start).map_err(|e| LessonError::invalid("start", msg!("lesson.message_2", e = e)))?;
        apply(value, &self.solution.steps).map_err(|e| e.in_field("solution.steps"))
    }

    /// Everything serde cannot say: texts written in both languages, a known section, unique
    /// ids, designs that load, a solution that answers each question with one of its options.
    fn check_consistency(&self) -> Result<(), LessonError> {
        if self.format != LESSON_FORMAT {
            return Err(LessonError::invalid(
                "format",
                msg!("lesson.stratus_reads_lesson_format", value = LESSON_FORMAT, format = self.format),
            ));
        }
        if !is_lesson_id(&self.id) {
            return Err(LessonError::invalid("id", msg!("lesson.not_lower_case_words", id = self.id)));
        }
        if !self.section_known() {
            let keys: Vec<&str> = SECTIONS.to_vec();
            return Err(LessonError::invalid(
                "section",
                msg!("lesson.not_section_key_keys", section = self.section, keys = keys.join(", ")),
            ));
        }
        let mut texts: Vec<(String, &Words)> = vec![
            ("title".into(), &self.title),
            ("brief".into(), &self.brief),
            ("explanation".into(), &self.explanation),
        ];
        texts.extend(self.hints.iter().enumerate().map(|(i, h)| (format!("hints[{i}]"), h)));
        for (i, c) in self.checks.iter().enumerate() {
            texts.push((format!("checks[{i}].title"), c.title()));
            if let Check::Predict { options, .. } = c {
                for (j, o) in options.iter().enumerate() {
                    texts.push((format!("checks[{i}].options[{j}].text"), &o.text));
                    texts.push((format!("checks[{i}].options[{j}].explanation"), &o.explanation));
                }
            }
        }
        for (i, step) in self.solution.steps.iter().enumerate() {
            match step.caption() {
                Some(c) => texts.push((format!("solution.steps[{i}].caption"), c)),
                None => {
                    return Err(LessonError::invalid(
                        format!("solution.steps[{i}]"),
                        msg!("lesson.each_step_solution_needs"),
                    ))
                }
            }
        }
        for (field, words) in &texts {
            if words.en.trim().is_empty() || !has_hangul(&words.ko) {
                return Err(LessonError::invalid(field.as_str(), msg!("lesson.write_both_languages_en")));
            }
        }
        if self.checks.is_empty() {
            return Err(LessonError::invalid("checks", msg!("lesson.lesson_needs_at_least")));
        }
        let mut ids = std::collections::BTreeSet::new();
        for (i, c) in self.checks.iter().enumerate() {
            if !ids.insert(c.id()) || c.id().is_empty() {
                return Err(LessonError::invalid(
                    format!("checks[{i}].id"),
                    msg!("lesson.empty_or_used_earlier", c_id = c.id()),
                ));
            }
        }
        for (i, c) in self.checks.iter().enumerate() {
            self.check_one(i, c)?;
        }
        for id in self.solution.answers.keys() {
            if !self.checks.iter().any(|c| matches!(c, Check::Predict { .. }) && c.id() == id) {
                return Err(LessonError::invalid(
                    format!("solution.answers.{id}"),
                    msg!("lesson.answers_only_predict_checks"),
                ));
            }
        }
        if let Some(palette) = &self.limits.palette {
            for (i, kind) in palette.iter().enumerate() {
                if crate::model::Kind::from_name(kind).is_none() {
                    return Err(LessonError::invalid(
                        format!("limits.palette[{i}]"),
                        msg!("lesson.not_kind", kind = kind),
                    ));
                }
            }
        }
        let start = self.start_design()?;
        for (i, id) in self.limits.locked.iter().enumerate() {
            if start.node(id).is_none() {
                return Err(LessonError::invalid(
                    format!("limits.locked[{i}]"),
                    msg!("lesson.starting_design_no_element", id = id),
                ));
            }
        }
        self.solution_design()?;
        Ok(())
    }

    /// One check's own consistency (position `i`).
    fn check_one(&self, i: usize, c: &Check) -> Result<(), LessonError> {
        let at = |what: &str| format!("checks[{i}].{what}");
        match c {
            Check::Run { duration_s, goals, .. } => {
                if goals.is_empty() {
                    return Err(LessonError::invalid(at("goals"), msg!("lesson.run_check_needs_at")));
                }
                if let Some(d) = duration_s {
                    if !(d.is_finite() && *d > 0.0 && *d <= MAX_RUN_S) {
                        return Err(LessonError::invalid(
                            at("duration_s"),
                            msg!("lesson.not_duration_from_0", d = d, value = MAX_RUN_S),
                        ));
                    }
                }
            }
            Check::Property { kind, .. } => {
                if crate::model::Kind::from_name(kind).is_none() {
                    return Err(LessonError::invalid(at("kind"), msg!("lesson.not_kind", kind = kind)));
                }
            }
            Check::Reach { protocol: Protocol::All, .. } => {
                return Err(LessonError::invalid(at("protocol"), msg!("lesson.flow_one_protocol_tcp")));
            }
            Check::Reach { protocol: Protocol::Tcp | Protocol::Udp, port: 0, .. } => {
                return Err(LessonError::invalid(at("port"), msg!("lesson.tcp_udp_need_destination")));
            }
            Check::Reach { expect: Expect::Reachable, at_kind, at: node, code, .. }
                if at_kind.is_some() || node.is_some() || code.is_some() =>
            {
                return Err(LessonError::invalid(at("expect"), msg!("lesson.at_kind_at_code")));
            }
            Check::Predict { id, options, shown_by, .. } => {
                let mut keys = std::collections::BTreeSet::new();
                if options.len() < 2 || !options.iter().all(|o| !o.key.is_empty() && keys.insert(o.key.as_str())) {
                    return Err(LessonError::invalid(at("options"), msg!("lesson.question_needs_at_least")));
                }
                match self.solution.answers.get(id) {
                    Some(answer) if keys.contains(answer.as_str()) => {}
                    _ => {
                        return Err(LessonError::invalid(
                            format!("solution.answers.{id}"),
                            msg!("lesson.solution_must_answer_question"),
                        ))
                    }
                }
                if let Some(other) = shown_by {
                    if !self
                        .checks
                        .iter()
                        .any(|c| c.id() == other && matches!(c, Check::Run { .. } | Check::Reach { .. }))
                    {
                        return Err(LessonError::invalid(
                            at("shown_by"),
                            msg!("lesson.not_run_or_reach", other = other),
                        ));
                    }
                }
            }
            Check::Diagnostic { .. } | Check::Reach { .. } => {}
        }
        Ok(())
    }
}
