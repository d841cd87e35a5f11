//! The app's state and what reads and writes it without a page: the store (`Ctx`), properties as fields, goals, share links, embed options.

pub mod embed;
pub mod goals;
pub mod learn;
pub mod lesson;
pub mod props;
pub mod share_link;
pub mod store;
