//! The page's reactive cells: signals that effects re-run on, stored values, and the owner a mounted app's effects and listeners belong to, in place of Leptos's reactive layer (issue #15: what it cost the first load).
//!
//! The app reads and writes a few dozen cells, and a few dozen effects follow them; it never
//! needed what a general reactive graph offers (memos, resources, suspense, threads). What is
//! kept of Leptos's behaviour, because the app was written against it:
//! - an effect runs first *after* the code that made it (on the microtask queue, as Leptos
//!   0.8 does), so it can read the elements built after it;
//! - it re-runs, once, after any number of writes to what it read in its last run (its
//!   sources are read again on each run, so a branch not taken is not followed);
//! - `set` always notifies (no equality test, as `RwSignal::set`);
//! - an effect is handed what it returned last time.
//!
//! Cells are never freed: the app lives as long as the page. Unmounting (the browser tests
//! mount the app once per test) stops the mounted app's effects and runs its clean-ups, so
//! an old app does not answer events or write the saved designs.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::rc::Rc;

/// The storage marker of [`StoredValue`] (kept so types read as they did with Leptos).
pub struct LocalStorage;

/// The effects that read one cell in their last run. Kept apart from the value, so that
/// following and waking a cell is one non-generic function for every type of value (each
/// generic copy cost the page's wasm a few hundred bytes, with about forty types).
#[derive(Default)]
struct Subs(RefCell<Vec<usize>>);

/// One effect: its body (which keeps its last result) and what it read last time.
struct EffectSlot {
    run: RefCell<Box<dyn FnMut()>>,
    sources: RefCell<Vec<Rc<Subs>>>,
    alive: Cell<bool>,
    queued: Cell<bool>,
}

impl Subs {
    /// Forget `effect` (before it reads again, or when it stops).
    fn unsubscribe(&self, effect: usize) {
        self.0.borrow_mut().retain(|e| *e != effect);
    }
}

/// A cell: its value (a `RefCell<T>`) and the effects following it.
type CellEntry = (Rc<dyn Any>, Rc<Subs>);

thread_local! {
    static CELLS: RefCell<Vec<CellEntry>> = const { RefCell::new(Vec::new()) };
    static EFFECTS: RefCell<Vec<Rc<EffectSlot>>> = const { RefCell::new(Vec::new()) };
    /// The effect running now, which a read subscribes.
    static OBSERVER: Cell<Option<usize>> = const { Cell::new(None) };
    static PENDING: RefCell<std::collections::VecDeque<usize>> = const { RefCell::new(std::collections::VecDeque::new()) };
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
    /// The owner being built: what unmounting it stops.
    static OWNER: RefCell<Option<Owned>> = const { RefCell::new(None) };
}

/// What a mounted app owns.
#[derive(Default)]
struct Owned {
    effects: Vec<usize>,
    cleanups: Vec<Box<dyn FnOnce()>>,
}

fn insert<T: 'static>(value: T) -> usize {
    add(Rc::new(RefCell::new(value)))
}

#[inline(never)]
fn add(value: Rc<dyn Any>) -> usize {
    CELLS.with(|c| {
        let mut c = c.borrow_mut();
        c.push((value, Rc::default()));
        c.len() - 1
    })
}

#[inline(never)]
fn cell(id: usize) -> Rc<dyn Any> {
    CELLS.with(|c| c.borrow()[id].0.clone())
}

#[inline(never)]
fn subs(id: usize) -> Rc<Subs> {
    CELLS.with(|c| c.borrow()[id].1.clone())
}

fn slot<T: 'static>(id: usize) -> Rc<RefCell<T>> {
    // A handle's type is the type it was made with: the downcast cannot fail.
    cell(id).downcast::<RefCell<T>>().unwrap_or_else(|_| unreachable!("a cell read as another type"))
}

/// Makes the running effect (if any) follow cell `id`.
#[inline(never)]
fn track(id: usize) {
    if let Some(effect) = OBSERVER.with(Cell::get) {
        let s = subs(id);
        let mut list = s.0.borrow_mut();
        if !list.contains(&effect) {
            list.push(effect);
            drop(list);
            EFFECTS.with(|e| e.borrow()[effect].sources.borrow_mut().push(s));
        }
    }
}

/// Wakes what follows cell `id`.
#[inline(never)]
fn notify(id: usize) {
    let woken = std::mem::take(&mut *subs(id).0.borrow_mut());
    for effect in woken {
        queue(effect);
    }
}

/// A value that effects follow: reading it in an effect (`get`, `with`, `track`) makes the
/// effect run again after the next write.
pub struct RwSignal<T> {
    id: usize,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for RwSignal<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for RwSignal<T> {}

impl<T: 'static> RwSignal<T> {
    /// A new signal holding `value`.
    pub fn new(value: T) -> Self {
        Self { id: insert(value), ty: PhantomData }
    }

    /// Makes the running effect (if any) follow this signal.
    pub fn track(&self) {
        track(self.id);
    }

    /// Reads the value, followed.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.track();
        self.with_untracked(f)
    }

    /// Reads the value without following it.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        let s = slot::<T>(self.id);
        let v = s.borrow();
        f(&v)
    }

    /// A copy of the value, followed.
    pub fn get(&self) -> T
    where
        T: Clone,
    {
        self.with(T::clone)
    }

    /// A copy of the value, not followed.
    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        self.with_untracked(T::clone)
    }

    /// As `get_untracked`; cells are never freed, so always `Some`.
    pub fn try_get_untracked(&self) -> Option<T>
    where
        T: Clone,
    {
        Some(self.get_untracked())
    }

    /// Changes the value and wakes what follows it.
    pub fn update(&self, f: impl FnOnce(&mut T)) {
        {
            let s = slot::<T>(self.id);
            let mut v = s.borrow_mut();
            f(&mut v);
        }
        notify(self.id);
    }

    /// Replaces the value and wakes what follows it.
    pub fn set(&self, value: T) {
        self.update(|v| *v = value);
    }

    /// As `set`; cells are never freed, so the value is always taken (`None`).
    pub fn try_set(&self, value: T) -> Option<T> {
        self.set(value);
        None
    }

    /// Wakes what follows the signal.
    pub fn notify(&self) {
        notify(self.id);
    }
}

/// A value kept outside the reactive graph: reading it makes nothing run again.
pub struct StoredValue<T, S = LocalStorage> {
    id: usize,
    ty: PhantomData<fn() -> (T, S)>,
}

impl<T, S> Clone for StoredValue<T, S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T, S> Copy for StoredValue<T, S> {}

impl<T: Default + 'static> Default for StoredValue<T, LocalStorage> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T: 'static> StoredValue<T, LocalStorage> {
    /// A new stored value.
    pub fn new(value: T) -> Self {
        Self { id: insert(value), ty: PhantomData }
    }

    /// The same as `new` (Leptos's name for a value that stays on one thread).
    pub fn new_local(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: 'static, S> StoredValue<T, S> {
    /// Reads the value.
    pub fn with_value<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        let s = slot::<T>(self.id);
        let v = s.borrow();
        f(&v)
    }

    /// Reads the value; cells are never freed, so always `Some`.
    pub fn try_with_value<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        Some(self.with_value(f))
    }

    /// Changes the value.
    pub fn update_value<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let s = slot::<T>(self.id);
        let mut v = s.borrow_mut();
        f(&mut v)
    }

    /// Changes the value; always `Some`.
    pub fn try_update_value<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        Some(self.update_value(f))
    }

    /// Replaces the value.
    pub fn set_value(&self, value: T) {
        self.update_value(|v| *v = value);
    }

    /// A copy of the value.
    pub fn get_value(&self) -> T
    where
        T: Clone,
    {
        self.with_value(T::clone)
    }
}

/// An element kept for the code that acts on it later (the canvas, a panel's root): set once
/// it is built.
pub struct NodeRef<T> {
    id: usize,
    ty: PhantomData<fn() -> T>,
}

impl<T> Clone for NodeRef<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for NodeRef<T> {}

impl<T: Clone + 'static> Default for NodeRef<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone + 'static> NodeRef<T> {
    /// Empty until [`NodeRef::set`].
    pub fn new() -> Self {
        Self { id: insert(None::<T>), ty: PhantomData }
    }

    /// Keeps `el`.
    pub fn set(&self, el: T) {
        *slot::<Option<T>>(self.id).borrow_mut() = Some(el);
    }

    /// The element, once built.
    pub fn get(&self) -> Option<T> {
        slot::<Option<T>>(self.id).borrow().clone()
    }

    /// The same as `get` (elements are not followed).
    pub fn get_untracked(&self) -> Option<T> {
        self.get()
    }

    /// The same as `get`, in an option (cells are never freed).
    pub fn try_get_untracked(&self) -> Option<Option<T>> {
        Some(self.get())
    }
}

/// Something that runs `f` now and again after any change to what it read.
pub struct Effect;

impl Effect {
    /// Runs `f` soon (after the current task) and again after each change to the signals it
    /// read in its last run; `f` is handed what it returned the time before.
    pub fn new<T: 'static>(mut f: impl FnMut(Option<T>) -> T + 'static) -> Self {
        let mut last: Option<T> = None;
        Self::install(Box::new(move || last = Some(f(last.take()))));
        Effect
    }

    /// The part of `new` that is the same for every effect (one copy in the wasm, not one
    /// per effect).
    #[inline(never)]
    fn install(run: Box<dyn FnMut()>) {
        let id = EFFECTS.with(|e| {
            let mut e = e.borrow_mut();
            e.push(Rc::new(EffectSlot {
                run: RefCell::new(run),
                sources: RefCell::new(Vec::new()),
                alive: Cell::new(true),
                queued: Cell::new(false),
            }));
            e.len() - 1
        });
        OWNER.with(|o| {
            if let Some(owned) = o.borrow_mut().as_mut() {
                owned.effects.push(id);
            }
        });
        queue(id);
    }
}

fn effect(id: usize) -> Rc<EffectSlot> {
    EFFECTS.with(|e| e.borrow()[id].clone())
}

/// Puts an effect in line to run and makes sure the line is worked through.
fn queue(id: usize) {
    let e = effect(id);
    if !e.alive.get() || e.queued.replace(true) {
        return;
    }
    PENDING.with(|p| p.borrow_mut().push_back(id));
    if !SCHEDULED.with(|s| s.replace(true)) {
        schedule();
    }
}

#[cfg(target_arch = "wasm32")]
fn schedule() {
    // A resolved promise's continuation: the microtask queue, where Leptos ran effects too.
    wasm_bindgen_futures::spawn_local(async { flush() });
}

#[cfg(not(target_arch = "wasm32"))]
fn schedule() {
    // No event loop natively: tests call `flush`.
}

/// Runs every effect in line (and those they wake) now.
pub fn flush() {
    SCHEDULED.with(|s| s.set(false));
    while let Some(id) = PENDING.with(|p| p.borrow_mut().pop_front()) {
        let e = effect(id);
        e.queued.set(false);
        if !e.alive.get() {
            continue;
        }
        for source in std::mem::take(&mut *e.sources.borrow_mut()) {
            source.unsubscribe(id);
        }
        let outer = OBSERVER.with(|o| o.replace(Some(id)));
        // An effect that wakes itself while running is put back in line, not re-entered.
        if let Ok(mut run) = e.run.try_borrow_mut() {
            run();
        }
        OBSERVER.with(|o| o.set(outer));
    }
}

/// Runs `f` without letting an effect follow what it reads.
pub fn untrack<R>(f: impl FnOnce() -> R) -> R {
    let outer = OBSERVER.with(|o| o.replace(None));
    let out = f();
    OBSERVER.with(|o| o.set(outer));
    out
}

/// Runs `f` when the app being built now is unmounted (nothing if none is being built).
pub fn on_cleanup(f: impl FnOnce() + 'static) {
    OWNER.with(|o| {
        if let Some(owned) = o.borrow_mut().as_mut() {
            owned.cleanups.push(Box::new(f));
        }
    });
}

/// What [`owned`] built: dropping it stops its effects and runs its clean-ups; so does
/// dropping the owner it was built inside.
pub struct Owner(Rc<RefCell<Option<Owned>>>);

impl Owner {
    fn dispose(cell: &RefCell<Option<Owned>>) {
        let Some(owned) = cell.borrow_mut().take() else { return };
        for id in owned.effects {
            let e = effect(id);
            e.alive.set(false);
            for source in std::mem::take(&mut *e.sources.borrow_mut()) {
                source.unsubscribe(id);
            }
        }
        for f in owned.cleanups {
            f();
        }
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        Self::dispose(&self.0);
    }
}

/// Builds something with `f`, collecting the effects and clean-ups made meanwhile (a part
/// made again and again, as the inspector's form, drops the last one's owner each time).
pub fn owned<R>(f: impl FnOnce() -> R) -> (R, Owner) {
    let outer = OWNER.with(|o| o.replace(Some(Owned::default())));
    let out = f();
    let inner = OWNER.with(|o| std::mem::replace(&mut *o.borrow_mut(), outer));
    let cell = Rc::new(RefCell::new(inner));
    let weak = Rc::downgrade(&cell);
    on_cleanup(move || {
        if let Some(cell) = weak.upgrade() {
            Owner::dispose(&cell);
        }
    });
    (out, Owner(cell))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_effect_runs_after_its_maker_and_again_once_after_writes() {
        let a = RwSignal::new(1);
        let runs = StoredValue::new(Vec::<i32>::new());
        Effect::new(move |_| {
            let v = a.get();
            runs.update_value(|r| r.push(v));
        });
        assert!(runs.with_value(Vec::is_empty), "not before its maker returns");
        flush();
        a.set(2);
        a.set(3);
        flush();
        assert_eq!(runs.get_value(), vec![1, 3]);
        // Nothing read changed: it does not run.
        flush();
        assert_eq!(runs.get_value(), vec![1, 3]);
    }

    #[test]
    fn an_effect_follows_only_what_its_last_run_read() {
        let (which, a, b) = (RwSignal::new(true), RwSignal::new(0), RwSignal::new(0));
        let runs = StoredValue::new(0);
        Effect::new(move |_| {
            runs.update_value(|r| *r += 1);
            if which.get() {
                a.track();
            } else {
                b.track();
            }
        });
        flush();
        b.set(1);
        flush();
        assert_eq!(runs.get_value(), 1, "b was not read");
        which.set(false);
        flush();
        a.set(1);
        flush();
        assert_eq!(runs.get_value(), 2, "a is no longer read");
        b.set(2);
        flush();
        assert_eq!(runs.get_value(), 3);
    }

    #[test]
    fn an_effect_is_handed_its_last_result_and_untrack_hides_reads() {
        let a = RwSignal::new(0);
        let hidden = RwSignal::new(0);
        let seen = StoredValue::new(Vec::<Option<i32>>::new());
        Effect::new(move |prev: Option<i32>| {
            untrack(|| hidden.get());
            seen.update_value(|s| s.push(prev));
            a.get()
        });
        flush();
        a.set(5);
        flush();
        hidden.set(1);
        flush();
        assert_eq!(seen.get_value(), vec![None, Some(0)]);
    }

    #[test]
    fn unmounting_stops_effects_and_runs_cleanups() {
        let a = RwSignal::new(0);
        let runs = StoredValue::new(0);
        let cleaned = StoredValue::new(false);
        let ((), owner) = owned(|| {
            Effect::new(move |_| {
                a.track();
                runs.update_value(|r| *r += 1);
            });
            on_cleanup(move || cleaned.set_value(true));
        });
        flush();
        drop(owner);
        assert!(cleaned.get_value());
        a.set(1);
        flush();
        assert_eq!(runs.get_value(), 1);
        // A part owned inside an app stops with the app.
        let inner_runs = StoredValue::new(0);
        let (inner, app) = owned(|| {
            owned(|| {
                Effect::new(move |_| {
                    a.track();
                    inner_runs.update_value(|r| *r += 1);
                });
            })
            .1
        });
        flush();
        drop(app);
        a.set(2);
        flush();
        assert_eq!(inner_runs.get_value(), 1);
        drop(inner);
    }

    #[test]
    fn an_effect_that_writes_what_it_reads_runs_again_without_reentering() {
        let a = RwSignal::new(0);
        Effect::new(move |_| {
            if a.get() < 3 {
                a.update(|v| *v += 1);
            }
        });
        flush();
        assert_eq!(a.get_untracked(), 3);
    }
}
