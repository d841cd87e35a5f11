//! NAT gateways and NAT instances as a simulation component: a byte-rate limit on the way to the Internet, the bytes processed (billed per GB), and their faults.

use crate::des::core::US_PER_S;
use crate::des::kernel::NONE;

/// A NAT gateway scales automatically from 5 to 100 Gbps (aws-facts §5); the simulation
/// gives it the ceiling at once.
const NAT_GATEWAY_BPS: f64 = 100e9;

/// A NAT gateway or NAT instance on a path to the Internet: a byte-rate limit (100 Gbps
/// for a NAT gateway, which scales from 5 Gbps automatically; the instance type's network
/// bandwidth for a NAT instance; aws-facts §5, §1.3) and the bytes it processed (billed per GB).
#[derive(Clone, Debug)]
pub(crate) struct Nat {
    pub node: u32,
    /// Active faults that stop it forwarding (its own failure, its AZ's outage).
    pub down: u16,
    pub az: u32,
    pub gateway: bool,
    pub bits_per_s: f64,
    pub next_free: u64,
    pub bytes: u64,
}

impl Nat {
    /// A NAT gateway in AZ `az`.
    pub fn gateway(node: u32, az: u32) -> Nat {
        Nat { node, down: 0, az, gateway: true, bits_per_s: NAT_GATEWAY_BPS, next_free: 0, bytes: 0 }
    }

    /// A NAT instance whose type's network bandwidth is `gbps`.
    pub fn instance(node: u32, gbps: f64) -> Nat {
        Nat { node, down: 0, az: NONE, gateway: false, bits_per_s: gbps * 1e9, next_free: 0, bytes: 0 }
    }

    /// `bytes` through the NAT device at `now`: the queueing delay, µs.
    pub fn send(&mut self, now: u64, bytes: u64) -> u64 {
        let interval = (bytes as f64 * 8.0 / self.bits_per_s.max(1.0) * US_PER_S as f64) as u64;
        let start = self.next_free.max(now);
        self.next_free = start.saturating_add(interval);
        self.bytes = self.bytes.saturating_add(bytes);
        (start - now).min(3_600 * US_PER_S)
    }
}
