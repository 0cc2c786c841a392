"""QCA benchmark: the parsimonious solution for 200 cases at 8, 10 and 12 crisp conditions.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/qca.py``). Cases are random (seeded); the
outcome follows a rule (C0*C1 + C2*~C3), exactly ("clean") or with 10 % of outcomes flipped ("noisy":
many contradictions, many prime implicants and exploding ties). Printed per table: prime implicants
found, time to them, the minimal model size, the number of tied models listed (and whether the list
is complete within the limits), and the total time of ``minimize(tt, include="?")``. R's QCA 3.23 on
this kind of machine (README of the reference data): 6.8 s, 14.7 s and 36.8 s at 8, 10 and 12 conditions.
"""
from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kaede.methods.qca import QCAError, minimize, truth_table  # noqa: E402
from kaede.methods.qca.implicants import prime_implicants  # noqa: E402

R_SECONDS = {8: 6.8, 10: 14.7, 12: 36.8}


def table(n: int, noise: float, seed: int = 1, cases: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 2, size=(cases, n))
    y = ((X[:, 0] & X[:, 1]) | (X[:, 2] & (1 - X[:, 3]))).astype(float)
    flip = rng.random(cases) < noise
    y[flip] = 1 - y[flip]
    d = pd.DataFrame(X, columns=[f"C{i}" for i in range(n)], index=[f"case{i}" for i in range(cases)])
    d["Y"] = y
    return d


def bench_qca(max_nodes: int = 30_000) -> None:
    print(f"{'conds':>5} {'data':<6} {'PIs':>6} {'PI s':>7} {'min size':>8} {'models':>8} {'complete':>8} "
          f"{'total s':>8} {'R s':>6}")
    for n in (8, 10, 12):
        for name, noise in (("clean", 0.0), ("noisy", 0.1)):
            d = table(n, noise)
            t0 = time.perf_counter()
            tt = truth_table(d, "Y")
            pis, _ = prime_implicants(tt.rows("1"), tt.rows({"0", "C"}), tt.levels, r_stop=True)
            t_pi = time.perf_counter() - t0
            t0 = time.perf_counter()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    s = minimize(tt, include="?", max_nodes=max_nodes)
                size, models, complete = str(s.size), str(len(s.models)), str(s.complete)
            except QCAError:
                size, models, complete = "?", "-", "no"
            total = time.perf_counter() - t0
            print(f"{n:>5} {name:<6} {len(pis):>6} {t_pi:>7.3f} {size:>8} {models:>8} {complete:>8} "
                  f"{total:>8.3f} {R_SECONDS[n]:>6}")
    print(f"(limits: max_models=1000, max_nodes={max_nodes}; 'no' = minimum not proven within max_nodes)")


if __name__ == "__main__":
    bench_qca()
