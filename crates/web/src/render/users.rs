//! Users on the canvas: each client population of the document's `traffic` drawn as a "users" element with its own id in the scene, placed outside the Regions beside the Internet, linked to what it calls.
//!
//! Populations are not nodes (they have no `id` in the format), so the scene names them
//! `users:<index>`; an id of that shape is never a node id the engine creates. They are
//! placed automatically (a column left of the Internet node, or of the whole diagram), so
//! the document's `layout` stays a map of node ids and older documents need no change.
//! Pure functions of the document: tested natively.

use engine::model::{NodeId, Scenario};
use engine::Msg;

/// What the palette's Users item carries in a drag (not an engine blueprint).
pub const PALETTE_KIND: &str = "users";
/// The scene id prefix of a population (the simulator's worker names paths from users
/// the same way).
const PREFIX: &str = simworker::wire::USERS_PREFIX;
/// Vertical distance between two populations' icons (room for the two lines under each).
pub(crate) const STEP: f64 = 110.0;
/// Horizontal distance from the Internet icon (or the diagram's left edge) to the users.
pub(crate) const GAP: f64 = 120.0;

/// The scene id of population `i`.
pub fn id(i: usize) -> NodeId {
    NodeId(format!("{PREFIX}{i}"))
}

/// Which population a scene id stands for, if it is a users id.
pub fn index(id: &NodeId) -> Option<usize> {
    id.as_str().strip_prefix(PREFIX)?.parse().ok()
}

/// What an element is called on screen: its name (else its id), users by their population's
/// name.
pub fn label(s: &Scenario, id: &NodeId) -> String {
    s.node(id)
        .map(|n| n.label().to_string())
        .or_else(|| index(id).and_then(|i| s.traffic.get(i)).map(|p| p.name.clone()))
        .unwrap_or_else(|| id.to_string())
}

/// Whether `id` is a population of `s`.
pub fn exists(s: &Scenario, id: &NodeId) -> bool {
    index(id).is_some_and(|i| i < s.traffic.len())
}

/// The second line under a population's icon: how many requests a second (where they are
/// is in the inspector: the canvas has no language, and place names differ by language).
pub(crate) fn detail(p: &engine::workload::ClientPopulation) -> String {
    use engine::workload::RatePattern::*;
    let rps = match p.rate {
        Constant { rps } => format!("{rps} req/s"),
        Ramp { from_rps, to_rps, .. } => format!("{from_rps}→{to_rps} req/s"),
        Spike { base_rps, peak_rps, .. } => format!("{base_rps}↑{peak_rps} req/s"),
        Diurnal { mean_rps, .. } => format!("~{mean_rps} req/s"),
    };
    rps
}

/// A place's code, as the document spells it (its name is the app's word `location.<code>`).
pub fn location_code(l: engine::workload::Location) -> &'static str {
    use engine::workload::Location::*;
    match l {
        Seoul => "seoul",
        Tokyo => "tokyo",
        Singapore => "singapore",
        Sydney => "sydney",
        Mumbai => "mumbai",
        Frankfurt => "frankfurt",
        London => "london",
        Virginia => "virginia",
        Oregon => "oregon",
        SaoPaulo => "sao_paulo",
    }
}

/// A link drawn between `a` and `b` when one of them is users: the population now calls the
/// other end. `None` when neither is users (the engine decides what the link means); a
/// refusal, in both languages, when the other end cannot take requests from users.
pub fn link(s: &mut Scenario, a: &NodeId, b: &NodeId) -> Option<Result<(), Msg>> {
    let (pop, other) = match (index(a), index(b)) {
        (Some(i), _) => (i, b),
        (None, Some(i)) => (i, a),
        (None, None) => return None,
    };
    if pop >= s.traffic.len() {
        return None;
    }
    let ok = s.node(other).is_some_and(|n| engine::entry::can_receive_users(&n.spec));
    if !ok {
        return Some(Err(engine::msg!("ui.users.link_to")));
    }
    s.traffic[pop].target = other.clone();
    Some(Ok(()))
}

/// Remove the populations among `ids` from the document.
pub fn remove(s: &mut Scenario, ids: &[NodeId]) {
    let mut doomed: Vec<usize> = ids.iter().filter_map(index).filter(|&i| i < s.traffic.len()).collect();
    doomed.sort_unstable();
    doomed.dedup();
    // From the last, so the indices of those still to remove do not shift.
    for i in doomed.into_iter().rev() {
        s.traffic.remove(i);
    }
}

/// Every node users can call, for the inspector's "Calls" choice: (id, label).
pub fn targets(s: &Scenario) -> Vec<(NodeId, String)> {
    s.nodes
        .iter()
        .filter(|n| engine::entry::can_receive_users(&n.spec))
        .map(|n| (n.id.clone(), n.label().to_string()))
        .collect()
}

/// A new population for the palette's Users item: aimed at the selected element if users
/// can call it, else at the design's entry point, else at nothing yet (empty target: the
/// inspector says to link it).
pub fn new_population(s: &Scenario, selected: Option<&NodeId>) -> engine::workload::ClientPopulation {
    let chosen = selected.filter(|id| s.node(id).is_some_and(|n| engine::entry::can_receive_users(&n.spec)));
    match chosen.or_else(|| engine::entry::entry_point(s)) {
        Some(target) => engine::entry::population_for(s, target),
        None => engine::entry::population_for(s, &NodeId(String::new())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::Scene;

    fn two_tier() -> Scenario {
        Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap()
    }

    #[test]
    fn ids_round_trip_and_never_look_like_nodes() {
        assert_eq!(index(&id(3)), Some(3));
        assert_eq!(index(&NodeId::from("users")), None);
        assert_eq!(index(&NodeId::from("users:x")), None);
        let s = two_tier();
        assert!(s.nodes.iter().all(|n| index(&n.id).is_none()));
        assert!(!exists(&s, &id(0)));
    }

    #[test]
    fn users_are_drawn_left_of_the_internet_and_linked_to_their_target() {
        let mut s = two_tier();
        s.traffic.push(new_population(&s, None));
        s.traffic.push(new_population(&s, None));
        let scene = Scene::build(&s);
        let internet = scene.rect_of(&NodeId::from("internet")).unwrap();
        let (a, b) = (scene.rect_of(&id(0)).unwrap(), scene.rect_of(&id(1)).unwrap());
        assert!(a.x + a.w < internet.x && b.x + b.w < internet.x, "left of the Internet");
        assert!(a.y + a.h + 40.0 < b.y, "stacked with room for their names");
        let region = scene.rect_of(&NodeId::from("region-seoul")).unwrap();
        assert!(a.x + a.w < region.x, "outside the Region");
        let link = scene.links.iter().find(|l| l.from == id(0)).expect("a link to the target");
        assert_eq!(link.to.as_str(), "alb");
        let icon = scene.icons.iter().find(|i| i.id == id(0)).unwrap();
        assert_eq!((icon.label.as_str(), icon.detail.as_str()), ("users", "20 req/s"));
        assert_eq!(scene.icon_at(a.x + 5.0, a.y + 5.0).map(|i| i.id.clone()), Some(id(0)));
    }

    #[test]
    fn without_an_internet_node_users_stand_left_of_the_regions() {
        let mut s = two_tier();
        s.nodes.retain(|n| n.id.as_str() != "internet");
        s.traffic.push(new_population(&s, None));
        let scene = Scene::build(&s);
        let region = scene.rect_of(&NodeId::from("region-seoul")).unwrap();
        let users = scene.rect_of(&id(0)).unwrap();
        assert!(users.x + users.w < region.x);
    }

    #[test]
    fn linking_users_sets_what_they_call_either_way_round() {
        let mut s = two_tier();
        s.traffic.push(new_population(&s, None));
        let web = NodeId::from("i-web-a");
        assert_eq!(link(&mut s, &id(0), &web), Some(Ok(())));
        assert_eq!(s.traffic[0].target, web);
        assert_eq!(link(&mut s, &NodeId::from("alb"), &id(0)), Some(Ok(())));
        assert_eq!(s.traffic[0].target.as_str(), "alb");
        let refused = link(&mut s, &id(0), &NodeId::from("igw")).unwrap();
        assert!(refused.is_err());
        assert_eq!(s.traffic[0].target.as_str(), "alb", "a refused link changes nothing");
        assert_eq!(link(&mut s, &NodeId::from("alb"), &web), None, "not about users");
    }

    #[test]
    fn removing_populations_keeps_the_others_in_order() {
        let mut s = two_tier();
        for _ in 0..3 {
            s.traffic.push(new_population(&s, None));
        }
        remove(&mut s, &[id(0), id(2), NodeId::from("alb")]);
        let names: Vec<&str> = s.traffic.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["users-2"]);
    }

    #[test]
    fn new_users_call_the_selection_if_they_can_else_the_entry_point() {
        let s = two_tier();
        assert_eq!(new_population(&s, Some(&NodeId::from("i-web-c"))).target.as_str(), "i-web-c");
        assert_eq!(new_population(&s, Some(&NodeId::from("igw"))).target.as_str(), "alb");
        let blank = Scenario::default();
        assert_eq!(new_population(&blank, None).target.as_str(), "");
        assert_eq!(targets(&s).len(), 3);
    }
}
