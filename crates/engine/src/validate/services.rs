//! Rules for EBS volume and instance settings, and for the document's traffic (the rules of RDS, S3, CloudFront and Route 53 live in their service modules, `crate::services`).
//!
//! Codes are the service's own API error codes where it has one (RDS
//! `DBSubnetGroupDoesNotCoverEnoughAZs`, Route 53 `InvalidChangeBatch`, CloudFront
//! `InvalidOrigin`, EC2 `InvalidParameterValue`), else `Stratus.*`.

use super::{Check, Severity};
use crate::model::{NodeId, RatePattern, Spec};

mod src {
    pub const LIMITS: &str = "docs/format.md#limits";
    pub const R53_POLICY: &str = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy.html";
}

/// Whether traffic can be sent to this kind of node (an entry point or a CloudFront origin).
pub(crate) fn is_entry(spec: &Spec) -> bool {
    spec.kind().is_any(crate::kinds::ENTRIES)
}

impl<'a> Check<'a> {
    /// Every value the simulator clamps (`crate::limits`), as a warning naming the value
    /// and the cap: the document is kept as written, the simulation uses the cap.
    pub(super) fn limits(&mut self) {
        for c in crate::limits::clamps(self.s) {
            self.emit(
                c.code,
                Severity::Warning,
                &c.target,
                msg!(
                    "services.simulator_uses_instead",
                    c_field = c.field,
                    c_target = c.target,
                    c_value = c.value,
                    c_used = c.used
                ),
                msg!("services.cap_keeps_any_document", c_why = c.why),
                &[],
                src::LIMITS,
            );
        }
    }

    /// Every population sends to a node that can take traffic, at a rate that is a
    /// number of requests per second (never negative); the duration is not negative.
    pub(super) fn traffic(&mut self) {
        for pop in &self.s.traffic {
            let rates: Vec<(&str, f64)> = match pop.rate {
                RatePattern::Constant { rps } => vec![("rps", rps)],
                RatePattern::Ramp { from_rps, to_rps, over_s } => {
                    vec![("from_rps", from_rps), ("to_rps", to_rps), ("over_s", over_s)]
                }
                RatePattern::Spike { base_rps, peak_rps, at_s, for_s } => {
                    vec![("base_rps", base_rps), ("peak_rps", peak_rps), ("at_s", at_s), ("for_s", for_s)]
                }
                RatePattern::Diurnal { mean_rps, amplitude, period_s, .. } => {
                    vec![("mean_rps", mean_rps), ("amplitude", amplitude), ("period_s", period_s)]
                }
            };
            for (field, v) in rates {
                if !v.is_finite() || v < 0.0 {
                    self.fail(
                        "Stratus.Traffic.InvalidRate",
                        &pop.target,
                        msg!("services.users_have_rate_must", pop_name = pop.name, field = field, v = v),
                        msg!("services.rates_requests_per_second"),
                        src::LIMITS,
                    );
                }
            }
        }
        let d = self.s.simulation.duration_s;
        if !d.is_finite() || d < 0.0 {
            self.fail(
                "Stratus.Simulation.InvalidDuration",
                &NodeId::from("simulation"),
                msg!("services.simulation_duration_must_number", d = d),
                msg!("services.how_long_users_send"),
                src::LIMITS,
            );
        }
        for pop in &self.s.traffic {
            let ok = self.spec(&pop.target).is_some_and(is_entry);
            if !ok {
                self.fail(
                    "Stratus.Traffic.InvalidTarget",
                    &pop.target,
                    msg!("services.users_send_requests_which", pop_name = pop.name, pop_target = pop.target),
                    msg!("services.traffic_enters_design_at"),
                    src::R53_POLICY,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{lab, load, set, zone_c_subnet};
    use serde_json::json;

    /// Each rule, on the lab with one change: (rule and source, node, patch, expected code on
    /// that node or `None` for no error).
    #[test]
    fn service_rules_table() {
        let two_azs = zone_c_subnet(lab(), "private-c", "10.0.2.0/24", "rtb-private");
        let two_azs = set(two_azs, "site", json!({"kind": "s3_bucket", "region": "r"}));
        let two_azs = set(two_azs, "backup", json!({"kind": "s3_bucket", "region": "r", "versioning": true}));
        let cases: Vec<(&str, &str, serde_json::Value, Option<&str>)> = vec![
            (
                "RDS: a DB subnet group covers at least two AZs (RDS User Guide, DB subnet groups)",
                "db",
                json!({"kind": "rds_instance", "instance_class": "db.m5.large", "subnets": ["private"]}),
                Some("DBSubnetGroupDoesNotCoverEnoughAZs"),
            ),
            (
                "RDS: two AZs are enough",
                "db",
                json!({"kind": "rds_instance", "instance_class": "db.m5.large", "subnets": ["private", "private-c"]}),
                None,
            ),
            (
                "RDS: at most 15 read replicas (aws-facts §10)",
                "db",
                json!({"kind": "rds_instance", "instance_class": "db.m5.large", "subnets": ["private", "private-c"], "read_replicas": 16}),
                Some("Stratus.Rds.TooManyReadReplicas"),
            ),
            (
                "CloudFront: an origin is a bucket or an HTTP server",
                "cdn",
                json!({"kind": "cloudfront_distribution", "origin": "vpc"}),
                Some("InvalidOrigin"),
            ),
            (
                "Route 53: failover needs one primary (Route 53 Developer Guide, failover routing)",
                "dns",
                json!({"kind": "route53_record", "record_name": "www", "policy": "failover",
                       "values": [{"target": "i-pub", "failover": "secondary"}]}),
                Some("InvalidChangeBatch"),
            ),
            (
                "Route 53: a value must take traffic",
                "dns",
                json!({"kind": "route53_record", "record_name": "www", "values": [{"target": "sg-open"}]}),
                Some("InvalidChangeBatch"),
            ),
            (
                "Route 53: a simple record to an instance",
                "dns",
                json!({"kind": "route53_record", "record_name": "www", "values": [{"target": "i-pub"}]}),
                None,
            ),
            (
                "EBS: io1 at most 50 IOPS per GiB (aws-facts §2)",
                "i-pub",
                json!({"ebs": {"type": "io1", "size_gib": 10, "iops": 1000}}),
                Some("InvalidParameterValue"),
            ),
            (
                "S3: replication needs versioning on both buckets (S3 User Guide, replication requirements)",
                "logs",
                json!({"kind": "s3_bucket", "region": "r", "versioning": true, "replicate_to": ["site"]}),
                Some("InvalidRequest"),
            ),
            (
                "S3: replication between two versioned buckets",
                "logs",
                json!({"kind": "s3_bucket", "region": "r", "versioning": true, "replicate_to": ["backup"]}),
                None,
            ),
            (
                "S3: a replication destination is another bucket",
                "logs",
                json!({"kind": "s3_bucket", "region": "r", "versioning": true, "replicate_to": ["logs"]}),
                Some("InvalidRequest"),
            ),
            (
                "S3: a replication destination is a bucket, not a VPC",
                "logs",
                json!({"kind": "s3_bucket", "region": "r", "versioning": true, "replicate_to": ["vpc"]}),
                Some("InvalidRequest"),
            ),
            (
                "an application backend is a database or a bucket",
                "i-pub",
                json!({"app": {"backend": "nat"}}),
                Some("Stratus.App.InvalidBackend"),
            ),
        ];
        for (rule, id, patch, want) in cases {
            let found = crate::validate::validate(&load(&set(two_azs.clone(), id, patch)));
            let errors: Vec<&str> = found
                .iter()
                .filter(|d| d.target.as_str() == id && d.severity == Severity::Error)
                .map(|d| d.code.as_str())
                .collect();
            match want {
                Some(code) => assert!(errors.contains(&code), "{rule}: {errors:?}"),
                None => assert!(errors.is_empty(), "{rule}: {errors:?}"),
            }
        }
    }

    #[test]
    fn traffic_must_target_an_entry_point() {
        let mut doc = lab();
        doc["traffic"] = json!([{"name": "u", "target": "vpc"}, {"name": "v", "target": "i-pub"}]);
        let found = crate::validate::validate(&load(&doc));
        let codes: Vec<(&str, &str)> = found
            .iter()
            .filter(|d| d.code.starts_with("Stratus.Traffic"))
            .map(|d| (d.target.as_str(), d.code.as_str()))
            .collect();
        assert_eq!(codes, vec![("vpc", "Stratus.Traffic.InvalidTarget")]);
    }
}
