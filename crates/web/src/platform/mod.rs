//! The browser's services behind small interfaces: storage, the clipboard, downloads, the simulator's worker, examples fetched on demand, timing.

pub mod clipboard;
pub mod download;
pub mod examples;
pub mod host;
pub mod messages;
pub mod number;
pub mod page;
pub mod profile;
pub mod storage;
pub mod touch;
pub mod worker;
