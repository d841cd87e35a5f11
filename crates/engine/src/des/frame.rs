//! What a frame says of one simulated node (`NodeFrame`, with its volume's and its group's numbers): the record every service component fills in its part of, and the canvas draws.

use crate::model::NodeId;
use serde::Serialize;

/// EBS numbers of an instance's volume.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct IopsFrame {
    /// I/Os per second in the last window.
    pub used: f64,
    /// The limit right now (burst limit while gp2 credits last).
    pub limit: f64,
    /// gp2 burst balance, percent (CloudWatch `BurstBalance`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burst_balance_pct: Option<f64>,
}

/// A component right now.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeFrame<'a> {
    /// Its id in the scenario.
    pub id: &'a NodeId,
    /// Its kind (`instance`, `load_balancer`, `rds_instance`...).
    pub kind: &'static str,
    /// Requests arriving per second (last window).
    pub rps: f64,
    /// Requests failing here per second (last window).
    pub errors_per_s: f64,
    /// 0 to 1: vCPU busy share (instance, RDS primary), share of the request-rate limit (S3),
    /// cache miss share (CloudFront); 0 where nothing saturates.
    pub utilisation: f64,
    /// Requests waiting (for a vCPU).
    pub queue: u32,
    /// Requests held (instance: in the application).
    pub in_flight: u32,
    /// Mean time requests spend here and below, ms (last window).
    pub latency_ms: f64,
    /// Bytes per second sent (responses; NAT: processed), last window.
    pub bytes_per_s: f64,
    /// The instance's EBS volume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iops: Option<IopsFrame>,
    /// CloudFront hit ratio so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hit_ratio: Option<f64>,
    /// RDS replica lag estimate, ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replica_lag_ms: Option<f64>,
    /// Some request through here is blocked by the network model.
    pub blocked: bool,
    /// An Auto Scaling group's capacity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupFrame>,
    /// RDS: whether the primary takes queries (false while it is down or failing over).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available: Option<bool>,
    /// RDS: the Availability Zone node the primary runs in now (it moves on a Multi-AZ
    /// failover: the standby becomes the primary, aws-facts §10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_az: Option<&'a NodeId>,
    /// RDS Multi-AZ: the Availability Zone node of the synchronous standby.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standby_az: Option<&'a NodeId>,
    /// SQS: the queue's messages (`queue` and `in_flight` above hold its backlog and its
    /// in-flight messages too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages: Option<QueueFrame>,
}

/// An SQS queue right now (its CloudWatch metrics, messaging-facts.md §1.7).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct QueueFrame {
    /// Visible messages (`ApproximateNumberOfMessagesVisible`): the backlog.
    pub backlog: u64,
    /// Received, not deleted, inside their visibility timeout (`…NotVisible`).
    pub in_flight: u64,
    /// Inside their delivery delay (`…Delayed`).
    pub delayed: u64,
    /// Age of the oldest visible message, s (`ApproximateAgeOfOldestMessage`).
    pub oldest_age_s: f64,
    /// Messages consumed (deleted by a consumer) so far.
    pub consumed: u64,
    /// Messages deleted by SQS past the retention period so far (lost).
    pub expired: u64,
    /// Messages moved to the dead-letter queue so far.
    pub dead_lettered: u64,
    /// Messages processed again after their visibility timeout ran out, so far.
    pub duplicates: u64,
}

/// An Auto Scaling group right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct GroupFrame {
    /// Minimum size.
    pub min: u32,
    /// Maximum size.
    pub max: u32,
    /// Desired capacity.
    pub desired: u32,
    /// Running, passing EC2 checks and healthy in every target group.
    pub in_service: u32,
    /// Launching (pending).
    pub pending: u32,
}
