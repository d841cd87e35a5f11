//! Plane geometry of the drawing, below everything that draws: rectangles, the icon's size, orthogonal connectors, points along a polyline, and text widths.

/// Side of the square an icon node is drawn in, in diagram units.
pub const ICON: f64 = 56.0;

/// An axis-aligned rectangle in diagram units.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Whether the point lies inside (edges included).
    pub fn contains(&self, px: f64, py: f64) -> bool {
        px >= self.x && px <= self.x + self.w && py >= self.y && py <= self.y + self.h
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, o: &Rect) -> Rect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        Rect { x, y, w: (self.x + self.w).max(o.x + o.w) - x, h: (self.y + self.h).max(o.y + o.h) - y }
    }

    /// The centre point.
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// An orthogonal connector between two boxes, as draw.io draws them: it leaves the side of
/// `a` facing `b` and enters the facing side of `b`, turning at most twice, halfway between.
/// Boxes that overlap get a straight line between centres.
pub fn route(a: Rect, b: Rect) -> Vec<(f64, f64)> {
    let ((ax, ay), (bx, by)) = (a.centre(), b.centre());
    let h_gap = (b.x - (a.x + a.w)).max(a.x - (b.x + b.w));
    let v_gap = (b.y - (a.y + a.h)).max(a.y - (b.y + b.h));
    if h_gap <= 0.0 && v_gap <= 0.0 {
        return vec![(ax, ay), (bx, by)];
    }
    let (start, end, horizontal) = if h_gap >= v_gap {
        let (sx, ex) = if bx >= ax { (a.x + a.w, b.x) } else { (a.x, b.x + b.w) };
        ((sx, ay), (ex, by), true)
    } else {
        let (sy, ey) = if by >= ay { (a.y + a.h, b.y) } else { (a.y, b.y + b.h) };
        ((ax, sy), (bx, ey), false)
    };
    if (horizontal && (start.1 - end.1).abs() < 0.5) || (!horizontal && (start.0 - end.0).abs() < 0.5) {
        return vec![start, end];
    }
    if horizontal {
        let mx = (start.0 + end.0) / 2.0;
        vec![start, (mx, start.1), (mx, end.1), end]
    } else {
        let my = (start.1 + end.1) / 2.0;
        vec![start, (start.0, my), (end.0, my), end]
    }
}

/// The point a fraction `f` (0 to 1) of the way along a polyline.
pub fn along(points: &[(f64, f64)], f: f64) -> (f64, f64) {
    let total: f64 = points.windows(2).map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1)).sum();
    let mut left = total * f.clamp(0.0, 1.0);
    for w in points.windows(2) {
        let len = (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
        if left <= len && len > 0.0 {
            let t = left / len;
            return (w[0].0 + (w[1].0 - w[0].0) * t, w[0].1 + (w[1].1 - w[0].1) * t);
        }
        left -= len;
    }
    points.last().copied().unwrap_or_default()
}

/// Approximate width of `text` at `size`: Hangul and other wide characters take about one
/// em, Latin about 0.58 em (the system fonts we ask for). Used only for label backings.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(|c| if c.len_utf8() >= 3 { 1.0 } else { 0.58 }).sum::<f64>() * size
}
