//! The discrete-event core every simulated service shares, and that knows no AWS service: integer-µs time, the event queue, the seeded random numbers, requests in flight, statistics and the event log (`kernel`), and what the request path shares between components (`state`).
//!
//! Service components (`crate::services::*::sim` and the ones still in `crate::sim`) work
//! through [`kernel::Core`]; `crate::sim` composes them into a run.

pub mod core;
pub mod frame;
pub mod kernel;
pub mod mmc;
pub(crate) mod setup;
pub mod state;
