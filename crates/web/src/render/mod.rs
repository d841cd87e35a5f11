//! What is drawn: the scene built from the document, link routing, the painter and its Canvas 2D and SVG backends, live simulation data, particles.

pub mod canvas2d;
pub mod geom;
pub mod live;
pub mod paint;
pub mod particles;
pub mod route;
pub mod scene;
pub mod svg;
pub mod users;
