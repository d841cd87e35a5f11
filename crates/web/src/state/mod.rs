//! The app's state and what reads and writes it without a page: the store (`Ctx`), properties as fields, goals, share links, embed options, the engine's verdicts (worked out in a worker), lessons played and lessons made.

pub mod author;
pub mod embed;
pub mod goals;
pub mod learn;
pub mod lesson;
pub mod props;
pub mod share_link;
pub mod store;
pub mod verdicts;
