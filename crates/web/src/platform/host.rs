//! The browser as the store sees it (saved designs' storage, the time, a share link in the address, questions to the person) behind one small trait, `Host`, so that the store's logic (autosave, forks between tabs, restore, links, saved designs) runs in native tests against `Memory`; the browser's own host is `state::store::BrowserHost`.

#[cfg(test)]
use crate::platform::storage;
use crate::platform::storage::KeyValue;
use engine::share::Shared;
use engine::Msg;
use std::rc::Rc;

/// What the store needs from the page's surroundings.
pub trait Host {
    /// Browser storage for saved designs, when the browser lets this page use it.
    fn storage(&self) -> Option<Rc<dyn KeyValue>>;
    /// Milliseconds since the epoch.
    fn now_ms(&self) -> f64;
    /// The local time of day, `HH:MM:SS`, for the event log.
    fn clock(&self) -> String;
    /// The design a share link in the address carried (read once: `None` afterwards, and
    /// for a visit without a link), or why it could not be opened.
    fn take_link(&self) -> Option<Result<Shared, Msg>>;
    /// Take the link out of the address, so that a reload opens the saved copy.
    fn clear_link(&self);
    /// Ask the person a yes-or-no question.
    fn confirm(&self, question: &str) -> bool;
    /// Ask the person for a line of text (`None`: cancelled).
    fn prompt(&self, question: &str, default: &str) -> Option<String>;
}

/// A host in memory for native tests: storage (with an optional quota), a clock that
/// moves only when told, a link to open, and the person's answers in order.
#[cfg(test)]
#[derive(Default)]
pub struct Memory {
    /// Saved designs (shared: a second store on the same `Rc` is a second tab).
    pub kv: Rc<storage::Memory>,
    /// Now, in ms since the epoch.
    pub now: std::cell::Cell<f64>,
    /// The link the address carries.
    pub link: std::cell::RefCell<Option<Result<Shared, Msg>>>,
    /// Whether the link was taken out of the address.
    pub link_cleared: std::cell::Cell<bool>,
    /// Answers to questions, first asked first; a question without one is answered no.
    pub answers: std::cell::RefCell<std::collections::VecDeque<Option<String>>>,
    /// Storage is refused (a private mode that forbids it).
    pub no_storage: bool,
}

#[cfg(test)]
impl Host for Memory {
    fn storage(&self) -> Option<Rc<dyn KeyValue>> {
        (!self.no_storage).then(|| self.kv.clone() as Rc<dyn KeyValue>)
    }
    fn now_ms(&self) -> f64 {
        self.now.get()
    }
    fn clock(&self) -> String {
        "12:00:00".into()
    }
    fn take_link(&self) -> Option<Result<Shared, Msg>> {
        self.link.borrow_mut().take()
    }
    fn clear_link(&self) {
        self.link_cleared.set(true);
    }
    fn confirm(&self, _question: &str) -> bool {
        self.answers.borrow_mut().pop_front().flatten().is_some()
    }
    fn prompt(&self, _question: &str, _default: &str) -> Option<String> {
        self.answers.borrow_mut().pop_front().flatten()
    }
}
