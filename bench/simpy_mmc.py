"""The M/M/c benchmark of `stratus bench` (crates/engine/src/sim/mmc.rs), written in SimPy.

Same model: Poisson arrivals, exponential service, c FIFO servers, the first 10 % of customers
as warm-up; events are counted the same way (one arrival and one departure per customer), so
`events_per_s` compares with `stratus bench`'s `mmc.events_per_s`. Prints one JSON object.

Run from a virtual environment (see bench/README.md):
    python bench/simpy_mmc.py --customers 1000000
"""

import argparse
import json
import random
import time

import simpy


def erlang_c_wait(lam, mu, c):
    """Mean wait in queue of M/M/c (Erlang C), as engine::sim::mmc::mean_wait."""
    a = lam / mu
    rho = a / c
    total, term = 0.0, 1.0
    for k in range(c):
        total += term
        term *= a / (k + 1)
    top = term / (1.0 - rho)
    return top / (total + top) / (c * mu - lam)


def run(lam, mu, c, customers, seed):
    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=c)
    warmup = customers // 10
    stats = {"wait": 0.0, "system": 0.0, "measured": 0, "served": 0}

    def customer(index):
        arrival = env.now
        with servers.request() as req:
            yield req
            began = env.now
            yield env.timeout(rng.expovariate(mu))
        stats["served"] += 1
        if index >= warmup:
            stats["wait"] += began - arrival
            stats["system"] += env.now - arrival
            stats["measured"] += 1

    def source():
        for i in range(customers):
            yield env.timeout(rng.expovariate(lam))
            env.process(customer(i))

    env.process(source())
    start = time.perf_counter()
    env.run()
    wall = time.perf_counter() - start
    n = max(stats["measured"], 1)
    events = 2 * stats["served"]
    return {
        "model": f"M/M/{c}, utilisation {lam / (mu * c):.1f}",
        "simpy_version": simpy.__version__,
        "customers": stats["served"],
        "events": events,
        "wall_s": wall,
        "events_per_s": events / wall,
        "mean_wait_s": stats["wait"] / n,
        "erlang_c_wait_s": erlang_c_wait(lam, mu, c),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--customers", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    # M/M/4 at utilisation 0.9, as `stratus bench`.
    print(json.dumps(run(360.0, 100.0, 4, args.customers, args.seed), indent=2))


if __name__ == "__main__":
    main()
