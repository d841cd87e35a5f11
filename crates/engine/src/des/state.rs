//! What the request path shares between components: where a request goes next (`Target`), whether a hop lets it through (`Gate`), a c-server queue (`Station`: vCPUs of an instance or a database), and the users (`Pop`).

use super::core::mul_wide;
use crate::model::{Location, RatePattern, RequestMix};
use std::collections::VecDeque;

/// Whether a hop lets traffic through, or the cause index it fails with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    Open,
    Blocked(u16),
}

/// A c-server FIFO queue: vCPUs of an instance or a DB instance.
#[derive(Clone, Debug, Default)]
pub(crate) struct Station {
    pub servers: u32,
    pub busy: u32,
    pub queue: VecDeque<u32>,
    pub az: u32,
    /// ∫ busy dt and ∫ queue length dt, in µs units, up to `last`.
    pub busy_area: u128,
    pub queue_area: u128,
    pub last: u64,
    pub max_queue: u32,
    /// A read replica that left its source (promoted): it takes no more reads.
    pub retired: bool,
}

impl Station {
    pub fn new(servers: u32, az: u32) -> Station {
        Station { servers: servers.max(1), az, ..Station::default() }
    }

    /// Brings the time integrals up to `now`.
    #[inline]
    pub fn account(&mut self, now: u64) {
        let dt = now.saturating_sub(self.last);
        self.busy_area += mul_wide(u64::from(self.busy), dt);
        self.queue_area += mul_wide(self.queue.len() as u64, dt);
        self.last = now;
    }
}

/// A client population, compiled.
pub(crate) struct Pop {
    pub name: String,
    pub location: Location,
    pub target: Target,
    pub rate: RatePattern,
    pub max_rps: f64,
    pub mix: RequestMix,
    /// Cumulative Zipf popularity of static objects (empty = uniform).
    pub zipf: Vec<f64>,
    pub objects: u32,
    pub resolvers: u32,
    pub link: u32,
    pub started: u64,
    /// Traffic-spike faults multiply the rate (1 without).
    pub mult: f64,
    /// Every population's share of the total rate cap (`limits::rate_scale`; exactly 1 under it).
    pub scale: f64,
}

/// Where a request goes next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Record(u32),
    Cdn(u32),
    Lb(u32),
    Instance(u32),
    Bucket(u32),
    /// An SQS queue: the request is a `SendMessage`.
    Queue(u32),
    /// Nothing that takes traffic: the request fails with `Cause::NO_ROUTE`.
    Nowhere,
}
