"""kaede benchmarks: run with `make bench` (or `.venv/bin/python benchmarks/run.py`).

Generates synthetic municipalities of realistic size (about 40 elements, 100 links and 25 events
each) and prints the time to validate and load them, build their chains, diagnose them at every
event date, and compare them — for 10, 98 and 980 cases — with the time per case, so growth can be
read off. Figures are the median of several repeats (fewer for the largest size).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import kaede  # noqa: E402
from kaede.chain import compile_chain  # noqa: E402
from kaede.findings import dates_for  # noqa: E402
from kaede.synthetic import write_synthetic_municipalities  # noqa: E402


def timed(fn, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def bench_core(sizes: list[int]) -> None:
    print(f"{'cases':>6} {'step':<46} {'total s':>9} {'ms/case':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        write_synthetic_municipalities(tmp, max(sizes), seed=1)
        for n in sizes:
            names = [f"synthetic-{k:04d}" for k in range(n)]
            reps = 5 if n <= 100 else 1
            t, cases = timed(lambda: kaede.load_cases(names, data_home=tmp), reps)
            report = [("validate + load", t)]

            def build():
                return [kaede.chain_graph(c, on=d) for c in cases.values() for d, _ in dates_for(c, "events")]
            for c in cases.values():
                kaede.chain._COMPILED.pop(c, None)  # type: ignore[attr-defined]
            t, graphs = timed(build, reps)
            report.append((f"chain graphs at every event date ({len(graphs)})", t))
            for c in cases.values():
                kaede.chain._COMPILED.pop(c, None)  # type: ignore[attr-defined]
            t, d = timed(lambda: kaede.diagnose(cases, on="events"), reps)
            report.append((f"diagnose at every event date ({len(d)} rows)", t))
            t, m = timed(lambda: kaede.compare(cases, on="vision_adopted"), reps)
            report.append(("compare at vision adoption", t))
            for step, secs in report:
                print(f"{n:>6} {step:<46} {secs:>9.3f} {1000 * secs / n:>9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,98,980", help="comma-separated numbers of cases")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"kaede {kaede.__version__} benchmark, Python {sys.version.split()[0]}")
    bench_core(sizes)


if __name__ == "__main__":
    main()
