//! Amazon RDS as a simulation component: DB instances and Aurora clusters (primary, standby, read replicas as vCPU queues), and how a query is queued, served and answered.

use crate::catalog::{self, geo};
use crate::des::core::US_PER_S;
use crate::des::frame::NodeFrame;
use crate::des::kernel::{Cause, Core, Ev, NONE, READ};
use crate::des::setup::Setup;
use crate::des::state::Station;
use crate::model::NodeId;
use crate::model::{Node, Spec};

/// The databases of a design, in document order (`Req::db` indexes them).
#[derive(Default)]
pub(crate) struct Rds {
    pub dbs: Vec<Db>,
}

pub(crate) struct Db {
    pub node: u32,
    /// The port its engine listens on (the network's gate on calls to it).
    pub port: u16,
    pub class: String,
    pub usd_per_hour: f64,
    pub multi_az: bool,
    pub standby_az: u32,
    pub stations: Vec<Station>,
    pub read_us: f64,
    pub write_us: f64,
    pub storage_gib: u32,
    pub rr: usize,
    pub reads: u64,
    pub writes: u64,
    pub max_lag_us: u64,
    /// The primary cannot take queries (failed, failing over, or its AZ is down).
    pub down: bool,
    /// Faults keeping a single-AZ primary down.
    pub down_faults: u16,
    /// Bumped when the primary loses its queries.
    pub epoch: u32,
    /// Failovers completed.
    pub failovers: u32,
    /// An Aurora cluster: the writer fails over to a replica (station `promote`).
    pub aurora: bool,
    pub promote: usize,
}

impl Rds {
    /// Its part of the frame: each database's queue, replica lag, availability and the
    /// zones of its primary and standby (`zone` names a zone by its number).
    pub(crate) fn frame<'a>(&self, nodes: &mut [NodeFrame<'a>], zone: impl Fn(u32) -> Option<&'a NodeId>) {
        for db in &self.dbs {
            let f = &mut nodes[db.node as usize];
            f.queue = db.stations.iter().map(|s| s.queue.len() as u32).sum();
            f.replica_lag_ms = (db.stations.len() > 1).then(|| replica_lag_us(db) as f64 / 1000.0);
            f.available = Some(!db.down);
            f.primary_az = zone(db.stations[0].az);
            f.standby_az = if db.multi_az { zone(db.standby_az) } else { None };
        }
    }

    /// Request `r`'s query reaches the station chosen for it: writes to the primary, reads
    /// to a replica (round robin) if there are any (aws-facts §10); it waits for a vCPU.
    pub fn arrive(&mut self, core: &mut Core, r: u32) {
        let req = core.reqs[r as usize];
        let db = &mut self.dbs[req.db as usize];
        core.nodes[db.node as usize].stats.arrivals += 1;
        core.reqs[r as usize].db_arrival = core.now;
        core.reqs[r as usize].db_epoch = db.epoch;
        let mean = if req.flags & READ == 0 { db.write_us } else { db.read_us };
        let st = &mut db.stations[req.station as usize];
        st.account(core.now);
        if st.busy < st.servers {
            st.busy += 1;
            let d = core.rng.exp_us(mean);
            core.queue.push(core.now + d, Ev::DbDone(r));
        } else {
            st.queue.push_back(r);
            st.max_queue = st.max_queue.max(st.queue.len() as u32);
        }
    }

    /// `r`'s query is done: its vCPU takes the next waiting query (failing those whose
    /// client gave up; `release` lets go of a request's instance first). When the answer
    /// leaves, µs from now (after the standby's round trip for a Multi-AZ write), or `None`
    /// if the primary failed while running it (the request has failed).
    pub fn query_done(&mut self, core: &mut Core, r: u32, mut release: impl FnMut(&mut Core, u32)) -> Option<u64> {
        let req = core.reqs[r as usize];
        let di = req.db as usize;
        let s = req.station as usize;
        if s == 0 && req.db_epoch != self.dbs[di].epoch {
            // The primary failed while running the query.
            let node = self.dbs[di].node;
            release(core, r);
            core.fail(r, Cause::DB_UNAVAILABLE, node, 0);
            return None;
        }
        self.dbs[di].stations[s].account(core.now);
        loop {
            let Some(q) = self.dbs[di].stations[s].queue.pop_front() else {
                self.dbs[di].stations[s].busy -= 1;
                break;
            };
            if core.now >= core.reqs[q as usize].deadline {
                release(core, q);
                let node = self.dbs[di].node;
                core.fail(q, Cause::TIMEOUT, node, 0);
                continue;
            }
            let db = &self.dbs[di];
            let mean = if core.reqs[q as usize].flags & READ == 0 { db.write_us } else { db.read_us };
            let d = core.rng.exp_us(mean);
            core.queue.push(core.now + d, Ev::DbDone(q));
            break;
        }
        let db = &mut self.dbs[di];
        let mut d = 0;
        if req.flags & READ == 0 {
            db.writes += 1;
            // Multi-AZ: the primary commits only when the standby in another AZ has the
            // write (synchronous replication): one more round trip (aws-facts §10, §11).
            if db.multi_az {
                let same = db.standby_az == db.stations[0].az;
                d += ((if same { geo::SAME_AZ_RTT_MS } else { geo::CROSS_AZ_RTT_MS }) * 1_000.0) as u64;
            }
        } else {
            db.reads += 1;
        }
        let stats = &mut core.nodes[db.node as usize].stats;
        stats.done += 1;
        stats.latency.record(core.now + d - req.db_arrival);
        Some(d)
    }

    /// Once per simulated second: each primary's utilisation over the second, and the
    /// largest replica lag so far.
    pub fn close_window(&mut self, core: &mut Core) {
        let now = core.now;
        for db in &mut self.dbs {
            let primary = &mut db.stations[0];
            primary.account(now);
            let w = &mut core.nodes[db.node as usize].stats.win;
            w.utilisation = (primary.busy_area - w.busy0) as f64 / (f64::from(primary.servers) * US_PER_S as f64);
            w.busy0 = primary.busy_area;
            let lag = replica_lag_us(db);
            db.max_lag_us = db.max_lag_us.max(lag);
        }
    }
}

/// Replica lag: a write reaches a replica after a cross-AZ trip and waits behind the
/// replica's queue to be applied (asynchronous replication, aws-facts §10). An estimate.
pub(crate) fn replica_lag_us(db: &Db) -> u64 {
    db.stations
        .iter()
        .skip(1)
        .map(|s| {
            let waiting = s.queue.len() as f64 / f64::from(s.servers) * db.read_us;
            (geo::CROSS_AZ_RTT_MS * 500.0 + db.write_us + waiting) as u64
        })
        .max()
        .unwrap_or(0)
}

/// The runtime of an RDS DB instance or Aurora cluster: primary, standby AZ and read
/// replicas; `None` for another kind.
pub(crate) fn compile(n: &Node, setup: &mut dyn Setup) -> Option<Db> {
    let Spec::RdsInstance {
        instance_class,
        engine,
        subnets,
        multi_az,
        read_replicas,
        read_ms,
        write_ms,
        storage_gib,
        ..
    } = &n.spec
    else {
        return None;
    };
    let node = setup.node(n, "rds_instance");
    let c = catalog::db_class(instance_class).or_else(|| catalog::db_class("db.m5.large"));
    let (vcpus, price) = c.map_or((2, 0.171), |c| (c.vcpus, c.usd_per_hour));
    let places: Vec<u32> = subnets.iter().map(|s| setup.subnet_az(s)).collect();
    let primary_az = places.first().copied().unwrap_or(NONE);
    // The standby goes to another AZ of the subnet group (RDS picks one).
    let standby_az = places.iter().copied().find(|&a| a != primary_az).unwrap_or(primary_az);
    let mut stations = vec![Station::new(vcpus, primary_az)];
    for r in 0..usize::from((*read_replicas).min(15)) {
        let az = if places.is_empty() { NONE } else { places[(r + 1) % places.len()] };
        stations.push(Station::new(vcpus, az));
    }
    Some(Db {
        node,
        port: port(engine),
        class: instance_class.clone(),
        usd_per_hour: price,
        // Aurora keeps six copies of its storage across three AZs and has no
        // standby: its replicas are the failover targets (aws-facts §10).
        multi_az: *multi_az && !engine.starts_with("aurora"),
        aurora: engine.starts_with("aurora"),
        promote: 0,
        standby_az,
        stations,
        read_us: crate::limits::service_ms(*read_ms, 2.0) * 1_000.0,
        write_us: crate::limits::service_ms(*write_ms, 5.0) * 1_000.0,
        storage_gib: *storage_gib,
        rr: 0,
        reads: 0,
        writes: 0,
        max_lag_us: 0,
        down: false,
        down_faults: 0,
        epoch: 0,
        failovers: 0,
    })
}

/// The default port of a database engine (RDS User Guide, each engine's "Connecting" page).
fn port(engine: &str) -> u16 {
    match engine {
        e if e.contains("postgres") => 5432,
        e if e.contains("oracle") => 1521,
        e if e.contains("sqlserver") => 1433,
        _ => 3306, // MySQL, MariaDB, Aurora MySQL
    }
}
