//! Requests drawn as particles riding the drawn links: one array per field, advanced every frame, rebuilt only when the rates (4 Hz) or the drawing change.

use crate::render::live::LinkStat;
use crate::render::scene::{route, Scene};
use engine::connect::LinkKind;
use engine::model::NodeId;

/// Particles per request/s on a path: the reference web app (1,000 requests/s from its
/// users, through Route 53 and CloudFront to the ALB, six servers and the database: 3,700
/// requests/s over its paths) shows about 7,000, so a busy path reads as a wide stream and
/// a quiet one as a trickle.
const PER_RPS: f64 = 2.0;
/// The most on one path: a path at 100,000 requests/s would otherwise cost a frame alone.
const MAX_PER_PATH: f64 = 2_000.0;
/// Wall seconds a particle takes along its path, give or take a fifth (each its own pace,
/// so a stream does not move as one block).
const TRANSIT_S: f64 = 2.0;
/// How far either side of the line particles ride, in diagram units, for `n` on a path: a
/// busy path is a wider band (as a Sankey diagram's), not one line drawn over and over.
fn lane(n: usize) -> f64 {
    ((n as f64).sqrt() * 0.12).clamp(1.0, LANE)
}
/// The widest lane: a path of 2,000 particles is a band 10 units wide.
const LANE: f64 = 5.0;

/// How many particles a path carrying `rps` requests per second shows.
pub fn particles_for(rps: f64) -> usize {
    if rps <= 0.0 {
        return 0;
    }
    (rps * PER_RPS).clamp(1.0, MAX_PER_PATH).round() as usize
}

/// One path particles ride: a polyline with each point's distance from the start.
#[derive(Clone, Debug, Default, PartialEq)]
struct Track {
    from: Option<NodeId>,
    to: NodeId,
    points: Vec<(f64, f64)>,
    at: Vec<f64>,
    /// Per segment: a jump across an icon between two chained links, where no particle is
    /// drawn (the icon hid it when particles were drawn under the icons).
    hidden: Vec<usize>,
    /// Half the band's width.
    lane: f64,
}

impl Track {
    fn length(&self) -> f64 {
        self.at.last().copied().unwrap_or(0.0)
    }

    /// The point at fraction `f` of the way, `side` units to the left of the line; `None`
    /// inside a hidden segment.
    fn point(&self, f: f64, side: f64) -> Option<(f64, f64)> {
        let d = f * self.length();
        // The segment holding d: the first point past it ends it.
        let k = self.at.partition_point(|&a| a <= d).clamp(1, self.points.len() - 1);
        if self.hidden.contains(&(k - 1)) {
            return None;
        }
        let (a, b) = (self.points[k - 1], self.points[k]);
        let len = self.at[k] - self.at[k - 1];
        if len <= 0.0 {
            return Some(a);
        }
        let (ux, uy) = ((b.0 - a.0) / len, (b.1 - a.1) / len);
        let t = d - self.at[k - 1];
        Some((a.0 + ux * t + uy * side, a.1 + uy * t - ux * side))
    }
}

/// The particles on screen, as parallel arrays (one entry per particle), and the paths
/// they ride.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Particles {
    tracks: Vec<Track>,
    /// The rates the particles were made for, to notice new ones.
    rates: Vec<LinkStat>,
    /// Index into `tracks`.
    track: Vec<u32>,
    /// Fraction of the way along the track.
    pos: Vec<f64>,
    /// Fractions per wall second.
    pace: Vec<f64>,
    /// Where in the band, from -1 (right edge) to 1 (left edge).
    side: Vec<f64>,
    /// Wall clock of the last `advance`, ms.
    last_ms: Option<f64>,
    /// Where the visible ones are this frame: x, y, x, y, ...
    xy: Vec<f64>,
}

/// A number in [0, 1) from `n`, the same every time (SplitMix64's finaliser): particles
/// get their place, pace and lane without a random number generator.
fn unit(n: u64) -> f64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

impl Particles {
    /// Follow the latest rates: a path keeps its particles where they are (so a new frame
    /// of numbers does not make them jump), gains or loses some to match its rate, and
    /// takes its shape from the drawing. `reshape` says the drawing may have changed (a
    /// drag); otherwise nothing is done while the rates are those already followed.
    pub fn sync(&mut self, scene: &Scene, links: &[LinkStat], reshape: bool) {
        if !reshape && self.rates == links {
            return;
        }
        self.rates = links.to_vec();
        let old = std::mem::take(&mut self.tracks);
        let (track, pos, pace, side) = (
            std::mem::take(&mut self.track),
            std::mem::take(&mut self.pos),
            std::mem::take(&mut self.pace),
            std::mem::take(&mut self.side),
        );
        let mut made = 0u64;
        for l in links.iter().filter(|l| l.rps > 0.0) {
            let Some(RequestPath { points, hidden, .. }) = particle_track(scene, l) else {
                continue;
            };
            if points.len() < 2 {
                continue;
            }
            let mut at = Vec::with_capacity(points.len());
            let mut d = 0.0;
            at.push(0.0);
            for w in points.windows(2) {
                d += (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
                at.push(d);
            }
            let t = self.tracks.len() as u32;
            let n = particles_for(l.rps);
            // The same path's particles stay where they were, as many as are still wanted.
            let mut kept = 0;
            if let Some(o) = old.iter().position(|o| o.from == l.from && o.to == l.to) {
                for i in (0..track.len()).filter(|&i| track[i] as usize == o).take(n) {
                    self.track.push(t);
                    self.pos.push(pos[i]);
                    self.pace.push(pace[i]);
                    self.side.push(side[i]);
                    kept += 1;
                }
            }
            let salt = u64::from(t) << 32;
            for k in kept..n {
                let seed = salt ^ (k as u64) ^ made.rotate_left(17);
                made += 1;
                self.track.push(t);
                self.pos.push(unit(seed.wrapping_mul(3)));
                self.pace.push((0.8 + 0.4 * unit(seed.wrapping_mul(5))) / TRANSIT_S);
                self.side.push(unit(seed.wrapping_mul(7)) * 2.0 - 1.0);
            }
            self.tracks.push(Track { from: l.from.clone(), to: l.to.clone(), points, at, hidden, lane: lane(n) });
        }
    }

    /// Move every particle on by the wall time since the last call (at most a tenth of a
    /// second: after a pause or a hidden tab they go on from where they were).
    pub fn advance(&mut self, now_ms: f64) {
        let dt = self.last_ms.map_or(0.0, |last| ((now_ms - last) / 1000.0).clamp(0.0, 0.1));
        self.last_ms = Some(now_ms);
        for (p, v) in self.pos.iter_mut().zip(&self.pace) {
            *p = (*p + v * dt).fract();
        }
    }

    /// Forget the clock: the next `advance` moves nothing (the run was paused).
    pub fn pause(&mut self) {
        self.last_ms = None;
    }

    /// How many were drawn in the last frame (those crossing an icon are not).
    pub fn drawn(&self) -> usize {
        self.xy.len() / 2
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.pos.is_empty()
    }

    /// The visible particles' centres this frame, as x, y pairs.
    pub fn positions(&mut self) -> &[f64] {
        self.xy.clear();
        for i in 0..self.pos.len() {
            let track = &self.tracks[self.track[i] as usize];
            if let Some((x, y)) = track.point(self.pos[i], self.side[i] * track.lane) {
                self.xy.push(x);
                self.xy.push(y);
            }
        }
        &self.xy
    }
}

/// The path requests on `l` are drawn along, and whether it is made of drawn links: the
/// link itself (either way round), else the shortest chain of drawn request links from the
/// source (users start at the Internet icon) to the destination, e.g. users -> Internet ->
/// IGW -> ALB; else, with nothing drawn between them, an orthogonal connector.
pub fn particle_path(scene: &Scene, l: &LinkStat) -> Option<(Vec<(f64, f64)>, bool)> {
    particle_track(scene, l).map(|p| (p.points, p.drawn))
}

/// The way requests on one path are drawn (`particle_track`).
pub struct RequestPath {
    /// The polyline.
    pub points: Vec<(f64, f64)>,
    /// The segments (by index) that jump across an icon from one chained link to the
    /// next, where no particle is drawn.
    pub hidden: Vec<usize>,
    /// Made of drawn links (else a connector drawn for want of one).
    pub drawn: bool,
}

/// `particle_path`, with the segments that jump across icons.
pub fn particle_track(scene: &Scene, l: &LinkStat) -> Option<RequestPath> {
    let shown = |points: Vec<(f64, f64)>, drawn: bool| Some(RequestPath { points, hidden: Vec::new(), drawn });
    let to = scene.rect_of(&l.to)?;
    let users = scene.icons.iter().find(|i| i.glyph == "WWW");
    let from = match &l.from {
        Some(f) => f.clone(),
        None => match users {
            Some(u) => u.id.clone(),
            None => {
                let b = to.centre();
                return shown(vec![(to.x - 150.0, b.1), b], false);
            }
        },
    };
    if from == l.to {
        return None;
    }
    if let Some(k) = scene.links.iter().find(|k| k.from == from && k.to == l.to) {
        return shown(k.route.clone(), true);
    }
    if let Some(k) = scene.links.iter().find(|k| k.from == l.to && k.to == from) {
        return shown(k.route.iter().rev().copied().collect(), true);
    }
    if let Some(chain) = drawn_chain(scene, &from, &l.to) {
        let mut points: Vec<(f64, f64)> = Vec::new();
        let mut hidden = Vec::new();
        for k in chain {
            let route = &scene.links[k].route;
            // Consecutive links meet at an icon: the segment across it is hidden.
            if !points.is_empty() {
                hidden.push(points.len() - 1);
            }
            points.extend(route.iter().copied());
        }
        return Some(RequestPath { points, hidden, drawn: true });
    }
    let r = scene.rect_of(&from)?;
    shown(route(r, to), false)
}

/// The shortest chain (at most four) of drawn request links from `from` to `to`, as
/// indexes into `scene.links`, following their direction.
fn drawn_chain(scene: &Scene, from: &NodeId, to: &NodeId) -> Option<Vec<usize>> {
    let traffic = |k: &&crate::render::scene::Link| k.kind == LinkKind::Traffic;
    let mut frontier: Vec<(&NodeId, Vec<usize>)> = vec![(from, Vec::new())];
    for _ in 0..4 {
        let mut next = Vec::new();
        for (at, chain) in &frontier {
            for (k, link) in scene.links.iter().enumerate().filter(|(_, k)| traffic(k) && &&k.from == at) {
                if chain.contains(&k) {
                    continue;
                }
                let mut longer = chain.clone();
                longer.push(k);
                if &link.to == to {
                    return Some(longer);
                }
                next.push((&link.to, longer));
            }
        }
        if next.is_empty() {
            return None;
        }
        frontier = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::live::local::Local;
    use engine::model::Scenario;

    fn example(name: &str) -> Scenario {
        let text = engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == name).unwrap().1;
        Scenario::from_json(text).unwrap()
    }

    /// Distance from `p` to the nearest segment of `route`.
    fn off(route: &[(f64, f64)], p: (f64, f64)) -> f64 {
        route
            .windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                let len2 = dx * dx + dy * dy;
                let t = if len2 == 0.0 { 0.0 } else { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0) };
                (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
            })
            .fold(f64::INFINITY, f64::min)
    }

    /// The reference web app at full flow shows thousands of particles (issue #15: at least
    /// 5,000 on screen), each riding a drawn link within its lane.
    #[test]
    fn the_reference_app_shows_thousands_of_particles_on_its_links() {
        let s = example("reference-web-app");
        let mut l = Local::new(&s).unwrap();
        for _ in 0..5 {
            l.step_second();
        }
        let scene = crate::render::scene::Scene::build(&s);
        let mut ps = Particles::default();
        ps.sync(&scene, &l.live.links, false);
        ps.advance(0.0);
        ps.advance(50.0);
        let xy = ps.positions().to_vec();
        assert!(ps.drawn() >= 5_000, "{} particles", ps.drawn());
        let routes: Vec<&[(f64, f64)]> = scene.links.iter().map(|k| &k.route[..]).collect();
        for p in xy.chunks_exact(2) {
            let near = routes.iter().map(|r| off(r, (p[0], p[1]))).fold(f64::INFINITY, f64::min);
            assert!(near <= LANE + 1e-6, "({}, {}) is {near} from every link", p[0], p[1]);
        }
    }

    #[test]
    fn new_rates_keep_particles_in_place_and_a_stop_clears_nothing_but_time() {
        let s = example("asg-az-outage");
        let scene = crate::render::scene::Scene::build(&s);
        let link = |rps: f64| vec![LinkStat { from: Some("alb".into()), to: "asg-web".into(), rps }];
        let mut ps = Particles::default();
        ps.sync(&scene, &link(100.0), false);
        assert_eq!(ps.positions().len(), 2 * 200);
        let before = ps.pos.clone();
        // Twice the rate: the first 200 keep their place along the path, 200 more appear
        // (the band widens with the rate).
        ps.sync(&scene, &link(200.0), false);
        let after = ps.positions().to_vec();
        assert_eq!(after.len(), 2 * 400);
        assert_eq!(ps.pos[..200], before[..]);
        // Moving: every particle goes on by its own pace; paused, nothing moves.
        ps.advance(1000.0);
        ps.advance(1050.0);
        let moved = ps.positions().to_vec();
        let pairs = |v: &[f64]| v.chunks_exact(2).map(|c| (c[0], c[1])).collect::<Vec<_>>();
        assert!(pairs(&moved).iter().zip(pairs(&after)).filter(|(a, b)| **a != *b).count() > 350);
        ps.pause();
        ps.advance(5000.0);
        assert_eq!(ps.positions(), &moved[..], "a pause does not jump");
        // No requests: no particles.
        ps.sync(&scene, &link(0.0), false);
        assert_eq!(ps.positions().len(), 0);
    }
}
