//! Links that go around things: an orthogonal route between two boxes that keeps out of the icons and containers in between, as draw.io and libavoid route connectors.
//!
//! [`around`] is the pure router: today's connector when it is clear, else A* over (grid
//! point, heading) with cost = length + [`BEND`] per turn, on a sparse grid made of the ends'
//! ports and the edges of the obstacles found so far. Obstacles are found lazily, as motion
//! planners do: search, add what the path cuts, search again; so a grid holds the two or
//! three boxes in the way, not everything near. [`Nest`] feeds it: the scene's boxes nested
//! as the diagram nests them, so that a subnet holding neither end is one obstacle, not one
//! per instance inside it, and it tells a drag which links a move may change.

use crate::render::geom::{route, Rect, ICON};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A point of a route, in diagram units.
pub type Point = (f64, f64);

/// Room a route keeps from anything it passes (icons, their names, containers).
pub const CLEAR: f64 = 10.0;
/// The length a route would rather add than turn once more.
const BEND: f64 = 30.0;
/// The most boxes a link winds around; one that would need more keeps today's line, which
/// in a diagram that crowded is no less clear than a long detour, and far cheaper.
pub const CROWD: usize = 3;
/// How far beyond its two ends a link looks for a way, tried in turn until one has one.
const LOOK: [f64; 2] = [4.0 * ICON, 16.0 * ICON];
/// How far a step of a route may slide sideways to run down the middle of its gap (it looks
/// twice as far for the gap's sides).
const SLIDE: f64 = 40.0;
/// Headings: right, left, down, up (`d ^ 1` is the opposite of `d`).
const DIRS: [Point; 4] = [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)];
/// Coordinates closer than this are the same grid line.
const EPS: f64 = 1e-6;

/// An orthogonal route from a side of `a` to a side of `b`, inside `window` and out of every
/// obstacle, shortest with [`BEND`] per turn; it leaves and enters at side midpoints, heading
/// away from the box. When today's connector ([`route`]) is clear, or the boxes overlap, it is
/// the answer, so links with nothing in the way look as they always did. `None`: no way
/// through inside the window, or one that would wind around more than [`CROWD`] boxes.
pub fn around(a: Rect, b: Rect, obstacles: &[Rect], window: Rect) -> Option<Vec<Point>> {
    explore(a, b, obstacles, obstacles.len(), window, &mut Trace::default()).ok()
}

/// Why [`explore`] found no route.
enum Stuck {
    /// The way would wind around more than [`CROWD`] boxes (these, by index); a wider window
    /// does not help.
    Crowded(Vec<usize>),
    /// No way through inside the window; a wider one may have one.
    Window,
}

/// [`around`], noting in `trace` every path it checked against the obstacles: the answer
/// depends only on the obstacles that cut one of them. Only the first `boxes` obstacles count
/// towards [`CROWD`]; the others are container titles.
fn explore(
    a: Rect,
    b: Rect,
    obstacles: &[Rect],
    boxes: usize,
    window: Rect,
    trace: &mut Trace,
) -> Result<Vec<Point>, Stuck> {
    let mut path = route(a, b);
    if overlapping(a, b) {
        return Ok(path);
    }
    let (mut known, mut which) = (Vec::with_capacity(2 * CROWD), Vec::with_capacity(2 * CROWD));
    loop {
        trace.tried.push(path.clone());
        let before = known.len();
        for (i, o) in obstacles.iter().enumerate() {
            if !which.contains(&i) && path.windows(2).any(|s| cuts(o, s[0], s[1])) {
                which.push(i);
                known.push(*o);
            }
        }
        if known.len() == before {
            if before == 0 {
                return Ok(path); // today's connector, as it is
            }
            trace.slid.clone_from(&path);
            return Ok(centred(path, a, b, obstacles));
        }
        // Each round knows one box more, so this ends.
        if which.iter().filter(|&&i| i < boxes).count() > CROWD {
            return Err(Stuck::Crowded(which.into_iter().filter(|&i| i < boxes).collect()));
        }
        path = Grid::new(a, b, &known, window).search(a, b).ok_or(Stuck::Window)?;
    }
}

/// `path` with each middle step of a Z (a segment whose neighbours turn opposite ways) moved
/// to the middle of the free gap it runs in (sides looked for up to twice [`SLIDE`] away, so it
/// moves [`SLIDE`] at most): the length stays the same, and the gap swept is free, so nothing
/// new is crossed.
fn centred(mut path: Vec<Point>, a: Rect, b: Rect, obstacles: &[Rect]) -> Vec<Point> {
    for i in 1..path.len().saturating_sub(2) {
        let (p, q) = (path[i], path[i + 1]);
        let vertical = p.0 == q.0;
        // Coordinates along the segment and across it.
        let along = |pt: Point| if vertical { pt.1 } else { pt.0 };
        let across = |pt: Point| if vertical { pt.0 } else { pt.1 };
        let (before, after, at) = (across(path[i - 1]), across(path[i + 2]), across(p));
        if (before - at) * (after - at) >= 0.0 {
            continue; // not a Z: sliding would lengthen or shorten the route
        }
        let (s0, s1) = (along(p).min(along(q)), along(p).max(along(q)));
        let (mut lo, mut hi) = (before.min(after).max(at - 2.0 * SLIDE), before.max(after).min(at + 2.0 * SLIDE));
        for o in obstacles.iter().chain([&a, &b]) {
            let (o_s, o_c) =
                if vertical { ((o.y, o.y + o.h), (o.x, o.x + o.w)) } else { ((o.x, o.x + o.w), (o.y, o.y + o.h)) };
            if o_s.0 < s1 && o_s.1 > s0 {
                if o_c.1 <= at {
                    lo = lo.max(o_c.1);
                } else if o_c.0 >= at {
                    hi = hi.min(o_c.0);
                }
            }
        }
        let mid = (lo + hi) / 2.0;
        for pt in &mut path[i..i + 2] {
            *pt = if vertical { (mid, pt.1) } else { (pt.0, mid) };
        }
    }
    path
}

/// Whether two boxes touch or overlap (then a link is a straight line between centres).
fn overlapping(a: Rect, b: Rect) -> bool {
    (b.x - (a.x + a.w)).max(a.x - (b.x + b.w)) <= 0.0 && (b.y - (a.y + a.h)).max(a.y - (b.y + b.h)) <= 0.0
}

/// Whether the insides of two rectangles overlap (touching edges do not).
fn meets(a: Rect, b: Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// Whether the axis-aligned segment p-q passes through the inside of `o` (running along its
/// edge does not).
fn cuts(o: &Rect, p: Point, q: Point) -> bool {
    // Comparisons rather than min and max, which a size-optimised build calls out for.
    let ((x0, x1), (y0, y1)) =
        (if p.0 < q.0 { (p.0, q.0) } else { (q.0, p.0) }, if p.1 < q.1 { (p.1, q.1) } else { (q.1, p.1) });
    x1 > o.x && x0 < o.x + o.w && y1 > o.y && y0 < o.y + o.h
}

/// The four side midpoints of a box, each with the heading that leaves the box.
fn ports(r: Rect) -> [(Point, usize); 4] {
    let (cx, cy) = r.centre();
    [((r.x + r.w, cy), 0), ((r.x, cy), 1), ((cx, r.y + r.h), 2), ((cx, r.y), 3)]
}

/// Fewest turns from `p` heading `d` to arrive at `q` heading `e`, obstacles ignored: it keeps
/// A*'s estimate a lower bound (one that never drops by more than a step costs) while making
/// it see that a U-turn costs two bends.
fn turns(p: Point, d: usize, q: Point, e: usize) -> f64 {
    let v = (q.0 - p.0, q.1 - p.1);
    let ahead = |d: usize| v.0 * DIRS[d].0 + v.1 * DIRS[d].1;
    if d == e {
        let aside = (v.0 * DIRS[d].1 - v.1 * DIRS[d].0).abs();
        match ahead(d) {
            f if aside < EPS && f > -EPS => 0.0,
            f if f > EPS => 2.0,
            _ => 4.0,
        }
    } else if d == e ^ 1 {
        2.0
    } else if ahead(d) > -EPS && ahead(e) > EPS {
        1.0
    } else {
        3.0
    }
}

/// Insertion sort: the lists sorted here hold a few dozen items at most, and the standard
/// sorts cost kilobytes of wasm for each type sorted.
fn sort<T: PartialOrd + Copy>(v: &mut [T]) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && v[j] < v[j - 1] {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Index of the grid line at `v` (the first line not before it).
fn line(lines: &[f64], v: f64) -> usize {
    lines.partition_point(|&u| u < v - EPS)
}

/// The candidate lines of a search and which cells between them are inside something.
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
    /// Row-major, (xs.len() - 1) by (ys.len() - 1).
    blocked: Vec<bool>,
}

impl Grid {
    /// Lines through the window's edges, the ends' sides and centres (their ports) and the
    /// obstacles' edges; a route along an obstacle's edge keeps its [`CLEAR`] room, and
    /// [`centred`] moves it to the middle of its gap afterwards.
    fn new(a: Rect, b: Rect, obstacles: &[Rect], w: Rect) -> Grid {
        let (right, bottom) = (w.x + w.w, w.y + w.h);
        let (mut xs, mut ys) = (vec![w.x, right], vec![w.y, bottom]);
        for r in [a, b] {
            xs.extend([r.x, r.x + r.w / 2.0, r.x + r.w]);
            ys.extend([r.y, r.y + r.h / 2.0, r.y + r.h]);
        }
        for o in obstacles {
            xs.extend([o.x, o.x + o.w].into_iter().filter(|&x| x > w.x && x < right));
            ys.extend([o.y, o.y + o.h].into_iter().filter(|&y| y > w.y && y < bottom));
        }
        for v in [&mut xs, &mut ys] {
            sort(v);
            v.dedup_by(|p, q| (*p - *q).abs() < EPS);
        }
        let (cols, rows) = (xs.len() - 1, ys.len() - 1);
        let mut blocked = vec![false; cols * rows];
        for r in obstacles.iter().chain([&a, &b]) {
            let (i0, i1) = (line(&xs, r.x.max(w.x)), line(&xs, (r.x + r.w).min(right)));
            let (j0, j1) = (line(&ys, r.y.max(w.y)), line(&ys, (r.y + r.h).min(bottom)));
            for j in j0..j1.min(rows) {
                for i in i0..i1.min(cols) {
                    blocked[j * cols + i] = true;
                }
            }
        }
        Grid { xs, ys, blocked }
    }

    /// Whether the cell right of column `i` and below row `j` is inside something; outside
    /// the grid counts as inside, so routes stay in the window.
    fn cell(&self, i: usize, j: usize) -> bool {
        let cols = self.xs.len() - 1;
        i >= cols || j >= self.ys.len() - 1 || self.blocked[j * cols + i]
    }

    /// The neighbour of grid point (i, j) heading `d`, if the segment to it runs through no
    /// inside (it may run along an edge: one of the two cells beside it is free).
    fn step(&self, i: usize, j: usize, d: usize) -> Option<(usize, usize)> {
        // usize::MAX stands for "before the first": `cell` reads it as outside.
        let (before_i, before_j) = (i.wrapping_sub(1), j.wrapping_sub(1));
        let (to, beside) = match d {
            0 if i + 1 < self.xs.len() => ((i + 1, j), (self.cell(i, before_j), self.cell(i, j))),
            1 if i > 0 => ((before_i, j), (self.cell(before_i, before_j), self.cell(before_i, j))),
            2 if j + 1 < self.ys.len() => ((i, j + 1), (self.cell(before_i, j), self.cell(i, j))),
            3 if j > 0 => ((i, before_j), (self.cell(before_i, before_j), self.cell(i, before_j))),
            _ => return None,
        };
        (!(beside.0 && beside.1)).then_some(to)
    }

    fn point(&self, state: usize) -> Point {
        let nx = self.xs.len();
        (self.xs[state / 4 % nx], self.ys[state / 4 / nx])
    }

    /// A* from the sides of `a` to the sides of `b`; a state is a grid point and the heading
    /// it was reached with, numbered ((j * columns) + i) * 4 + heading.
    fn search(&self, a: Rect, b: Rect) -> Option<Vec<Point>> {
        let nx = self.xs.len();
        let state = |p: Point, d: usize| (line(&self.ys, p.1) * nx + line(&self.xs, p.0)) * 4 + d;
        let starts = ports(a).map(|(p, d)| state(p, d));
        // Arriving at a port of b heading into b.
        let goals = ports(b).map(|(q, d)| (q, d ^ 1));
        let goal_states = goals.map(|(q, e)| state(q, e));
        let estimate = |p: Point, d: usize| {
            let mut best = f64::INFINITY;
            for &(q, e) in &goals {
                let far = (q.0 - p.0).abs() + (q.1 - p.1).abs();
                // Turns only add: a goal already as far as the best needs no more thought.
                if far < best {
                    let h = far + BEND * turns(p, d, q, e);
                    if h < best {
                        best = h;
                    }
                }
            }
            best
        };
        // Zero-filled, which allocators hand out cheaply; `seen` says which entries mean
        // anything (1: reached, 2: done).
        let mut cost = vec![0.0; nx * self.ys.len() * 4];
        let mut came = vec![0u32; cost.len()];
        let mut seen = vec![0u8; cost.len()];
        // Smallest total first; among equals the one closest to the goal (the furthest along),
        // then the lowest state, so the search is the same on every run. Costs are never
        // negative, so their bits order as they do; single precision is plenty to order them.
        let key = |g: f64, h: f64, s: usize| {
            let bits = |v: f64| u64::from((v as f32).to_bits());
            Reverse((bits(g + h) << 32 | bits(h), s as u32))
        };
        let mut open = BinaryHeap::with_capacity(cost.len() / 4);
        for s in starts {
            seen[s] = 1;
            open.push(key(0.0, estimate(self.point(s), s % 4), s));
        }
        while let Some(Reverse((_, s))) = open.pop() {
            // The estimate never drops by more than a step costs, so the first time a state
            // leaves the queue it is by its cheapest way.
            let s = s as usize;
            if std::mem::replace(&mut seen[s], 2) == 2 {
                continue;
            }
            if goal_states.contains(&s) {
                return Some(self.path(&came, &starts, s));
            }
            let (g, d) = (cost[s], s % 4);
            let (i, j) = (s / 4 % nx, s / 4 / nx);
            // A route leaves a port straight out, never along its own box's side.
            let leaving = starts.contains(&s);
            for nd in (0..4).filter(|&nd| nd != d ^ 1 && (!leaving || nd == d)) {
                let Some((ni, nj)) = self.step(i, j, nd) else { continue };
                let q = (self.xs[ni], self.ys[nj]);
                let g = g + (q.0 - self.xs[i]).abs() + (q.1 - self.ys[j]).abs() + if nd == d { 0.0 } else { BEND };
                let next = (nj * nx + ni) * 4 + nd;
                if seen[next] == 0 || (seen[next] == 1 && g < cost[next]) {
                    (cost[next], came[next], seen[next]) = (g, s as u32, 1);
                    open.push(key(g, estimate(q, nd), next));
                }
            }
        }
        None
    }

    /// The corners of the route ending in `state`, from its first port to its last.
    fn path(&self, came: &[u32], starts: &[usize], state: usize) -> Vec<Point> {
        let mut states: Vec<usize> =
            std::iter::successors(Some(state), |&s| (!starts.contains(&s)).then_some(came[s] as usize)).collect();
        states.reverse();
        let mut out = vec![self.point(states[0])];
        out.extend(states.windows(2).filter(|w| w[0] % 4 != w[1] % 4).map(|w| self.point(w[0])));
        out.push(self.point(state));
        out
    }
}

/// A scene's boxes (containers first, then icons, in the scene's order) as links see them:
/// where each is, what it keeps clear, and what it is drawn in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Nest {
    /// Each box as drawn.
    boxes: Vec<Rect>,
    /// What each keeps clear: itself (an icon with its name) plus [`CLEAR`].
    clear: Vec<Rect>,
    /// The size of the title block in a container's top-left corner (nothing for an icon):
    /// a link that enters the container still keeps out of it.
    titles: Vec<(f64, f64)>,
    /// The box each is drawn in: AWS's nesting (region > VPC > AZ lane > subnet > instance),
    /// which a drag never changes, always at a lower index.
    parent: Vec<Option<usize>>,
    /// Each box's children, and after them the outermost boxes.
    kids: Vec<Vec<usize>>,
    /// What each keeps clear together with everything drawn in it.
    reach: Vec<Rect>,
}

/// A link's two ends among the boxes, and the boxes that hold either.
struct Ends {
    a: usize,
    b: usize,
    /// Ancestors of each end (AWS nests four deep at most: region > VPC > lane > subnet).
    holders: [usize; 8],
}

/// The boxes a drag changed, outermost first, each with the changed box it is drawn in.
pub struct Moved(Vec<(usize, Option<usize>)>);

/// How a link's route stands after a drag moved some boxes, from [`Nest::recheck`].
pub enum Recheck {
    /// As it was.
    Same,
    /// Still today's connector, still too crowded: by these boxes now.
    Crowded(Vec<usize>),
    /// To be routed again.
    Stale,
}

impl Nest {
    /// Boxes with what they keep clear, their title blocks and what they are drawn in; a parent
    /// that does not come before its child is dropped, so the nesting is always a tree.
    pub fn new(boxes: Vec<Rect>, clear: Vec<Rect>, titles: Vec<(f64, f64)>, parent: Vec<Option<usize>>) -> Nest {
        let parent: Vec<Option<usize>> = parent.into_iter().enumerate().map(|(i, p)| p.filter(|&p| p < i)).collect();
        let mut kids = vec![Vec::new(); boxes.len() + 1];
        for (i, p) in parent.iter().enumerate() {
            kids[p.unwrap_or(boxes.len())].push(i);
        }
        let mut nest = Nest { reach: clear.clone(), boxes, clear, titles, parent, kids };
        nest.update();
        nest
    }

    /// Box `i` is now drawn at `drawn` and keeps `clear` clear; call [`Nest::update`] after.
    pub fn place(&mut self, i: usize, drawn: Rect, clear: Rect) {
        self.boxes[i] = drawn;
        self.clear[i] = clear;
    }

    /// Where box `i` is drawn.
    pub fn drawn(&self, i: usize) -> Rect {
        self.boxes[i]
    }

    /// Recompute what each box reaches with its contents (children come after parents).
    pub fn update(&mut self) {
        self.reach.clone_from(&self.clear);
        for i in (0..self.boxes.len()).rev() {
            if let Some(p) = self.parent[i] {
                self.reach[p] = self.reach[p].union(&self.reach[i]);
            }
        }
    }

    fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.parent[i], |&p| self.parent[p])
    }

    /// A link's ends and the boxes that hold them, looked up once per link.
    fn ends(&self, a: usize, b: usize) -> Ends {
        let mut holders = [usize::MAX; 8];
        for (h, y) in holders.iter_mut().zip(self.ancestors(a).take(4).chain(self.ancestors(b).take(4))) {
            *h = y;
        }
        Ends { a, b, holders }
    }

    /// Whether box `x` lets a link in: it holds an end or overlaps one.
    fn opens(&self, x: usize, e: &Ends) -> bool {
        e.holders.contains(&x) || meets(self.boxes[x], self.boxes[e.a]) || meets(self.boxes[x], self.boxes[e.b])
    }

    /// What an opened box `x` still keeps a link out of: its title block with room all round
    /// (so no route runs along the border it sits on), unless that overlaps an end (which
    /// could then not be left).
    fn title(&self, x: usize, e: &Ends) -> Option<Rect> {
        let (r, (w, h)) = (self.boxes[x], self.titles[x]);
        let t = grown(Rect { w, h, ..r }, CLEAR);
        (w > 0.0 && !meets(t, self.boxes[e.a]) && !meets(t, self.boxes[e.b])).then_some(t)
    }

    /// What box `x` puts in a link's way, whatever the window: nothing when it is an end or
    /// inside a box that is an obstacle; its title when it lets the link in; else itself with
    /// all it holds. Exactly what [`Nest::obstacles`] adds for it.
    fn shape(&self, x: usize, e: &Ends) -> Option<Rect> {
        if x == e.a || x == e.b || self.ancestors(x).any(|y| !self.opens(y, e)) {
            None
        } else if self.opens(x, e) {
            self.title(x, e)
        } else {
            Some(self.reach[x])
        }
    }

    /// What a link searched in `window` must keep out of, with the box each comes from: from
    /// the outermost boxes down, a box that lets the link in is opened, any other is one
    /// obstacle with all it holds. Boxes come first, then titles; returns how many boxes.
    fn obstacles(&self, e: &Ends, window: Rect, out: &mut Vec<Rect>, from: &mut Vec<usize>) -> usize {
        let (mut titles, mut todo) = (Vec::with_capacity(8), Vec::with_capacity(64));
        todo.extend(self.kids[self.boxes.len()].iter().rev());
        while let Some(x) = todo.pop() {
            if x == e.a || x == e.b || !meets(self.reach[x], window) {
                continue;
            }
            if self.opens(x, e) {
                todo.extend(self.kids[x].iter().rev());
                titles.extend(self.title(x, e).filter(|r| meets(*r, window)).map(|r| (r, x)));
            } else {
                out.push(self.reach[x]);
                from.push(x);
            }
        }
        let boxes = out.len();
        for (r, x) in titles {
            out.push(r);
            from.push(x);
        }
        boxes
    }

    /// The route of a link from box `a` to box `b`, and what it depended on. A window with no
    /// way through is widened; without any, today's connector is drawn.
    pub fn route(&self, a: usize, b: usize) -> (Vec<Point>, Trace) {
        let (ra, rb) = (self.boxes[a], self.boxes[b]);
        let (ends, mut trace) = (self.ends(a, b), Trace { tried: Vec::with_capacity(4), ..Trace::default() });
        let (mut obstacles, mut from) = (Vec::with_capacity(64), Vec::with_capacity(64));
        for look in LOOK {
            let window = grown(ra.union(&rb), look);
            obstacles.clear();
            from.clear();
            let boxes = self.obstacles(&ends, window, &mut obstacles, &mut from);
            match explore(ra, rb, &obstacles, boxes, window, &mut trace) {
                Ok(path) => return (path, trace.done()),
                Err(Stuck::Crowded(which)) => {
                    trace.crowd = which.into_iter().map(|i| from[i]).collect();
                    sort(&mut trace.crowd);
                    break;
                }
                Err(Stuck::Window) => {}
            }
        }
        (route(ra, rb), trace.done())
    }

    /// The boxes drawn or reaching elsewhere than in `old`.
    pub fn moved(&self, old: &Nest) -> Moved {
        let changed: Vec<bool> =
            (0..self.boxes.len()).map(|i| self.boxes[i] != old.boxes[i] || self.reach[i] != old.reach[i]).collect();
        let inside = |i: usize| self.ancestors(i).find(|&p| changed[p]);
        Moved((0..changed.len()).filter(|&i| changed[i]).map(|i| (i, inside(i))).collect())
    }

    /// How the route of a link a-b, found along `trace` when the boxes were as in `old`,
    /// stands now that the `moved` boxes moved. A route depends only on the obstacles that
    /// cut a path its search tried (or came near the one it centred), so a moved box counts
    /// only through its shape before and after (a box that opens or closes to the link counts
    /// with all it holds). A link that gave up as too crowded stays so while enough boxes
    /// still crowd it.
    pub fn recheck(&self, old: &Nest, moved: &Moved, a: usize, b: usize, trace: &Trace) -> Recheck {
        let Some((last, before)) = trace.tried.split_last() else { return Recheck::Same };
        let last = std::slice::from_ref(last);
        let e = &self.ends(a, b);
        let crowded = !trace.crowd.is_empty();
        let mut touched = false;
        // What a moved box holds matters only if the box lets the link in, before or after;
        // else the box is nowhere near (what it holds lies in what it reaches) or an obstacle
        // both times (standing for all it holds). Up to 8 such boxes are remembered; past
        // that, everything moved inside counts (which is only slower).
        let (mut open, mut opened_boxes) = ([usize::MAX; 8], 0);
        for &(x, inside) in &moved.0 {
            let hidden = inside.is_some_and(|p| opened_boxes <= open.len() && !open.contains(&p));
            if hidden || !(trace.close(old.reach[x]) || trace.close(self.reach[x])) {
                continue;
            }
            let (opened, opens) = (old.opens(x, e), self.opens(x, e));
            if opened || opens {
                if let Some(slot) = open.get_mut(opened_boxes) {
                    *slot = x;
                }
                opened_boxes += 1;
            }
            // Its shape both times, as `shape` gives it, but without asking whether it is
            // inside an obstacle (which can only make this answer Stale more often).
            let (was, now) = if opened && opens {
                (old.title(x, e), self.title(x, e))
            } else {
                (Some(old.reach[x]), Some(self.reach[x]))
            };
            let flip = opened != opens;
            if !flip && was == now {
                continue;
            }
            for r in was.into_iter().chain(now) {
                // When a box opens or closes, what it holds changes too: route again.
                if if flip || !crowded { trace.near(r) } else { trace.cut(r, before) } {
                    return Recheck::Stale;
                }
                touched |= trace.cut(r, last);
            }
        }
        if !touched {
            return Recheck::Same;
        }
        // A crowded link whose last path a moved box cut (or no longer cuts): count again.
        // Titles do not crowd a link: only closed boxes count.
        let mut crowd: Vec<usize> =
            trace.crowd.iter().copied().filter(|x| !moved.0.iter().any(|(m, _)| m == x)).collect();
        crowd.extend(
            moved
                .0
                .iter()
                .map(|&(x, _)| x)
                .filter(|&x| !self.opens(x, e) && self.shape(x, e).is_some_and(|r| trace.cut(r, last))),
        );
        sort(&mut crowd);
        if crowd.len() > CROWD {
            Recheck::Crowded(crowd)
        } else {
            Recheck::Stale
        }
    }
}

/// What a route depended on: the paths its search checked against obstacles, and the one it
/// centred in its gaps. An obstacle that cuts none of the first, and comes within twice
/// [`SLIDE`] of none of the second, played no part, so moving it changes nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    tried: Vec<Vec<Point>>,
    slid: Vec<Point>,
    /// When the search gave up as too crowded: the boxes that crowded it.
    crowd: Vec<usize>,
    /// Around every point tried, twice [`SLIDE`] wide: a quick first test.
    bounds: Option<Rect>,
}

impl Trace {
    fn done(mut self) -> Trace {
        for &(x, y) in self.tried.iter().flatten() {
            let p = Rect { x, y, w: 0.0, h: 0.0 };
            self.bounds = Some(self.bounds.map_or(p, |b| b.union(&p)));
        }
        self.bounds = self.bounds.map(|b| grown(b, 2.0 * SLIDE));
        self
    }

    /// This trace, giving up because of the boxes `crowd` instead.
    pub fn crowded_by(&self, crowd: Vec<usize>) -> Trace {
        Trace { crowd, ..self.clone() }
    }

    /// Whether `r` could come within twice [`SLIDE`] of a tried path.
    fn close(&self, r: Rect) -> bool {
        self.bounds.is_some_and(|b| meets(b, r))
    }

    /// Whether an obstacle at `r` cuts one of `paths`.
    fn cut(&self, r: Rect, paths: &[Vec<Point>]) -> bool {
        self.close(r) && paths.iter().any(|path| path.windows(2).any(|s| cuts(&r, s[0], s[1])))
    }

    /// Whether an obstacle at `r` could have changed the search.
    fn near(&self, r: Rect) -> bool {
        let wide = grown(r, 2.0 * SLIDE);
        self.cut(r, &self.tried) || self.slid.windows(2).any(|s| cuts(&wide, s[0], s[1]))
    }
}

/// `r` with `pad` more on every side.
pub fn grown(r: Rect, pad: f64) -> Rect {
    Rect { x: r.x - pad, y: r.y - pad, w: r.w + 2.0 * pad, h: r.h + 2.0 * pad }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    fn icon(x: f64, y: f64) -> Rect {
        rect(x, y, ICON, ICON)
    }

    /// The window a scene would search first.
    fn window(a: Rect, b: Rect) -> Rect {
        grown(a.union(&b), LOOK[0])
    }

    /// Every property a route must have: axis-aligned steps, from a side midpoint of `a`
    /// heading away from it to one of `b` heading into it, through no obstacle nor either end.
    fn check(path: &[Point], a: Rect, b: Rect, obstacles: &[Rect]) {
        assert!(path.len() >= 2, "{path:?}");
        for s in path.windows(2) {
            // (Today's connector draws boxes less than half a unit out of line as lined up.)
            assert!((s[0].0 - s[1].0).abs() < 0.5 || (s[0].1 - s[1].1).abs() < 0.5, "orthogonal: {path:?}");
            for o in obstacles.iter().chain([&a, &b]) {
                assert!(!cuts(o, s[0], s[1]), "{s:?} cuts {o:?} in {path:?}");
            }
        }
        let leaves = |r: Rect, p: Point, q: Point| {
            ports(r).iter().any(|&(port, d)| port == p && (q.0 - p.0) * DIRS[d].0 + (q.1 - p.1) * DIRS[d].1 > 0.0)
        };
        let n = path.len();
        assert!(leaves(a, path[0], path[1]), "leaves a side of a: {path:?}");
        assert!(leaves(b, path[n - 1], path[n - 2]), "enters a side of b: {path:?}");
    }

    /// A small deterministic generator (no dependency for random tests).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, below: f64) -> f64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64 * below
        }
    }

    #[test]
    fn straight_when_nothing_is_in_the_way() {
        let (a, b) = (icon(0.0, 0.0), icon(300.0, 0.0));
        assert_eq!(around(a, b, &[], window(a, b)), Some(vec![(56.0, 28.0), (300.0, 28.0)]));
        // Not lined up, and something nearby but not in the way: today's connector.
        let (a, b) = (icon(0.0, 0.0), icon(300.0, 120.0));
        let aside = [rect(100.0, 300.0, 100.0, 100.0)];
        assert_eq!(around(a, b, &aside, window(a, b)), Some(route(a, b)));
    }

    #[test]
    fn a_link_between_two_icons_goes_around_a_subnet_between_them() {
        let (a, b) = (icon(0.0, 100.0), icon(500.0, 100.0));
        let subnet = [grown(rect(150.0, 60.0, 200.0, 140.0), CLEAR)];
        let path = around(a, b, &subnet, window(a, b)).expect("a way round");
        check(&path, a, b, &subnet);
        assert!(path.len() > 2, "not straight through: {path:?}");
    }

    #[test]
    fn a_link_never_crosses_an_icon_that_is_not_one_of_its_ends() {
        let (a, b) = (icon(0.0, 0.0), icon(400.0, 0.0));
        let between = [grown(icon(200.0, 0.0), CLEAR)];
        let path = around(a, b, &between, window(a, b)).expect("a way round");
        check(&path, a, b, &between);
    }

    #[test]
    fn a_route_runs_down_the_middle_of_a_gap() {
        // Two boxes with a 60-wide gap between them, across the straight line.
        let (a, b) = (icon(0.0, 0.0), icon(400.0, 300.0));
        let (left, right) = (rect(100.0, 120.0, 200.0, 60.0), rect(360.0, 120.0, 200.0, 60.0));
        let blocks = [left, right, rect(-100.0, 120.0, 200.0, 60.0)];
        let path = around(a, b, &blocks, window(a, b)).expect("through the gap");
        check(&path, a, b, &blocks);
        let down = path.windows(2).find(|s| s[0].0 == s[1].0 && s[0].1 < 120.0 && s[1].1 > 180.0);
        assert_eq!(down.map(|s| s[0].0), Some(330.0), "{path:?}");
    }

    #[test]
    fn falls_back_when_boxed_in() {
        let (a, b) = (icon(200.0, 200.0), icon(600.0, 200.0));
        let ring = [
            rect(150.0, 150.0, 156.0, 30.0),
            rect(150.0, 276.0, 156.0, 30.0),
            rect(150.0, 150.0, 30.0, 156.0),
            rect(276.0, 150.0, 30.0, 156.0),
        ];
        assert_eq!(around(a, b, &ring, window(a, b)), None);
        // Through the scene's nesting: today's connector.
        let nest = Nest::new(
            [a, b].into_iter().chain(ring).collect(),
            [a, b].into_iter().chain(ring).collect(),
            vec![(0.0, 0.0); 6],
            vec![None; 6],
        );
        assert_eq!(nest.route(0, 1).0, route(a, b));
    }

    #[test]
    fn too_crowded_keeps_todays_connector() {
        let (a, b) = (icon(0.0, 0.0), icon(1000.0, 0.0));
        let posts: Vec<Rect> = (1..=CROWD + 1).map(|i| rect(i as f64 * 180.0, -20.0, 40.0, 100.0)).collect();
        assert_eq!(around(a, b, &posts, window(a, b)), None);
        assert!(around(a, b, &posts[..CROWD], window(a, b)).is_some(), "up to CROWD boxes are gone round");
    }

    #[test]
    fn overlapping_boxes_get_a_line_between_centres() {
        let (a, b) = (icon(0.0, 0.0), icon(30.0, 10.0));
        assert_eq!(around(a, b, &[rect(0.0, 0.0, 100.0, 100.0)], window(a, b)), Some(vec![(28.0, 28.0), (58.0, 38.0)]));
    }

    #[test]
    fn deterministic_whatever_the_order_of_obstacles() {
        let (a, b) = (icon(0.0, 0.0), icon(600.0, 400.0));
        let mut blocks =
            vec![rect(100.0, -50.0, 80.0, 300.0), rect(250.0, 100.0, 80.0, 400.0), rect(400.0, -100.0, 80.0, 380.0)];
        let first = around(a, b, &blocks, window(a, b)).expect("a way");
        check(&first, a, b, &blocks);
        assert_eq!(around(a, b, &blocks, window(a, b)).as_ref(), Some(&first));
        blocks.reverse();
        assert_eq!(around(a, b, &blocks, window(a, b)), Some(first));
    }

    /// Property: on random layouts, every route found is orthogonal, leaves and enters at
    /// side midpoints, and goes through no obstacle.
    #[test]
    fn random_layouts_give_orthogonal_routes_through_no_obstacle() {
        let mut rng = Lcg(7);
        let mut found = 0;
        for _ in 0..300 {
            let (a, b) = (icon(rng.next(800.0), rng.next(800.0)), icon(rng.next(800.0), rng.next(800.0)));
            let blocks: Vec<Rect> = (0..rng.next(6.0) as usize)
                .map(|_| {
                    rect(rng.next(900.0) - 50.0, rng.next(900.0) - 50.0, 20.0 + rng.next(250.0), 20.0 + rng.next(250.0))
                })
                .filter(|r| !meets(*r, a) && !meets(*r, b))
                .collect();
            if overlapping(a, b) {
                continue;
            }
            if let Some(path) = around(a, b, &blocks, window(a, b)) {
                check(&path, a, b, &blocks);
                found += 1;
            }
        }
        assert!(found > 200, "most layouts have a way: {found}");
    }

    #[test]
    fn only_boxes_holding_neither_end_are_obstacles() {
        // A VPC with two subnets; an instance in the first; a user outside.
        let vpc = rect(0.0, 0.0, 900.0, 400.0);
        let (home, other) = (rect(40.0, 60.0, 300.0, 300.0), rect(500.0, 60.0, 300.0, 300.0));
        let (instance, neighbour, user) = (icon(100.0, 150.0), icon(200.0, 150.0), icon(-300.0, 150.0));
        let boxes = vec![vpc, home, other, instance, neighbour, user];
        let titles = vec![(80.0, 24.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0)];
        let parent = vec![None, Some(0), Some(0), Some(1), Some(1), None];
        let nest = Nest::new(boxes.clone(), boxes.clone(), titles, parent);
        let (mut out, mut from) = (Vec::new(), Vec::new());
        let n = nest.obstacles(&nest.ends(5, 3), grown(vpc, 100.0), &mut out, &mut from);
        // The other subnet and the neighbour are in the way; the VPC and the subnet holding
        // the instance let the link in, and only the VPC's title block stays in the way.
        assert_eq!((n, from), (2, vec![4, 2, 0]));
        assert_eq!(out[2], grown(rect(0.0, 0.0, 80.0, 24.0), CLEAR));
    }

    #[test]
    fn a_link_to_a_container_ends_on_its_side_and_enters_nothing() {
        // A VPC holding a subnet with an instance; a gateway on its border; a user outside.
        let vpc = rect(200.0, 0.0, 400.0, 300.0);
        let subnet = rect(260.0, 60.0, 200.0, 180.0);
        let instance = icon(300.0, 100.0);
        let (gateway, user) = (icon(172.0, 122.0), icon(-200.0, 400.0));
        let boxes = vec![vpc, subnet, instance, gateway, user];
        let clear: Vec<Rect> = boxes.iter().map(|r| grown(*r, CLEAR)).collect();
        let nest = Nest::new(boxes, clear, vec![(0.0, 0.0); 5], vec![None, Some(0), Some(1), Some(0), None]);
        // Attached: they overlap, so a line between centres, as before.
        assert_eq!(nest.route(3, 0).0, route(gateway, vpc));
        // From outside to the VPC: ends on its side; what it holds is not in the way.
        let path = nest.route(4, 0).0;
        check(&path, user, vpc, &[]);
    }
}
