"""kaede benchmarks: run with `make bench` (or `.venv/bin/python benchmarks/run.py`).

Core: generates synthetic municipalities of realistic size (about 40 elements, 100 links and 25
events each) and prints the time to validate and load them, build their chains, diagnose them at
every event date, and compare them — for 10, 98 and 980 cases — with the time per case, so growth
can be read off. Figures are the median of several repeats (one for the largest size).

Load ratio: validate + load of 98 synthetic municipalities and of the shipped cases, against parsing
the same CSV files with the csv module (goal: at most 5x).

Robustness: the time of ``kaede.robustness`` (every link recoded one step at a time, the threshold
grid read in full) per shipped case at the talk and at all its milestones; in the core part, per
synthetic case at its vision adoption.

Widgets: the median time from a widget value change to the new figure and findings being ready,
headless, over many changes per widget, on the shipped cases. Goal: under 100 ms.
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
from kaede.model.findings import dates_for  # noqa: E402
from synthetic import write_synthetic_municipalities  # noqa: E402


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
                kaede.model.chain._COMPILED.pop(c, None)  # type: ignore[attr-defined]
            t, graphs = timed(build, reps)
            report.append((f"chain graphs at every event date ({len(graphs)})", t))
            for c in cases.values():
                kaede.model.chain._COMPILED.pop(c, None)  # type: ignore[attr-defined]
            t, d = timed(lambda: kaede.diagnose(cases, on="events"), reps)
            report.append((f"diagnose at every event date ({len(d)} rows)", t))
            t, m = timed(lambda: kaede.compare(cases, on="vision_adopted"), reps)
            report.append(("compare at vision adoption", t))
            if n <= 10:  # every link recoded at one date: per case, the cost of kaede.robustness
                t, r = timed(lambda: kaede.robustness(cases, on="vision_adopted"), 1)
                report.append((f"robustness at vision adoption ({int(r.coding_changes.sum() // 4)} recodings)", t))
            for step, secs in report:
                print(f"{n:>6} {step:<46} {secs:>9.3f} {1000 * secs / n:>9.2f}")


def _parse_csvs(folders: list[Path]) -> int:
    """The floor: read every CSV file of the cases with the csv module, nothing else."""
    import csv
    n = 0
    for folder in folders:
        for f in sorted(folder.glob("*.csv")):
            with open(f, newline="", encoding="utf-8") as fh:
                n += len(list(csv.reader(fh)))
    return n


def _load_ratio(label: str, names: list[str], home: Path, repeats: int = 15) -> None:
    """Validate + load against parsing the same CSVs (interleaved repeats; best of each, so that a
    machine shared with other jobs shows what the code costs rather than what the others do)."""
    from kaede.data.datasets import case_path
    folders = [case_path(n, data_home=home) for n in names]
    size = sum(f.stat().st_size for d in folders for f in d.glob("*.csv"))
    floor, load, full = [], [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        _parse_csvs(folders)
        floor.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        cases = kaede.load_cases(names, data_home=home)
        load.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for c in cases.values():
            for t in c.tables:
                c.tables[t]
        full.append(time.perf_counter() - t0 + load[-1])
    f, l, m = min(floor), min(load), min(full)
    print(f"{label:<34} {len(names):>5} {size / 1e6:>6.2f} {f:>9.3f} {l:>9.3f} {l / f:>6.1f}x {m:>9.3f} {m / f:>6.1f}x")


def bench_load_ratio() -> None:
    """Validate + load (tables built on first use) and with every table built, against the csv
    module parsing the same files. Goal: validate + load at most 5x the floor."""
    print(f"\n{'load ratio':<34} {'cases':>5} {'MB':>6} {'csv s':>9} {'load s':>9} {'ratio':>7} "
          f"{'+tables s':>9} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        write_synthetic_municipalities(tmp, 98, seed=1)
        _load_ratio("98 synthetic municipalities", kaede.list_cases(data_home=tmp), Path(tmp))
    _load_ratio("the shipped cases", kaede.list_cases(), kaede.get_data_home())


def bench_robustness(repeats: int = 3) -> None:
    """Cost of :func:`kaede.robustness` per shipped case at the talk and at every milestone.

    Wall-clock medians, and the process's CPU time (which a machine shared with other jobs does
    not inflate as much)."""
    from kaede.model.chain import compile_chain

    cases = kaede.load_cases()
    print(f"\n{'robustness per case':<22} {'dates':>5} {'links':>6} {'recodings':>9} {'talk ms':>8} "
          f"{'talk cpu ms':>11} {'milestones ms':>14} {'per date ms':>12}")
    for name, case in cases.items():
        at_talk = dates_for(case, "talk")
        n_links = len(compile_chain(case).at(at_talk[0][0]).links) if at_talk else 0
        kaede.diagnose(case, on="talk")  # compile the chain once, as any session has
        cpu0 = time.process_time()
        t_talk, r = timed(lambda: kaede.robustness(case, on="talk"), repeats)
        cpu_talk = (time.process_time() - cpu0) / repeats
        n_dates = len(dates_for(case, "milestones"))
        t_all, _ = timed(lambda: kaede.robustness(case, on="milestones"), 1)
        recodings = int(r.coding_changes.iloc[0]) if len(r) else 0
        print(f"{name:<22} {n_dates:>5} {n_links:>6} {recodings:>9} {1000 * t_talk:>8.0f} {1000 * cpu_talk:>11.0f} "
              f"{1000 * t_all:>14.0f} {1000 * t_all / max(n_dates, 1):>12.0f}")


def bench_widgets(changes: int) -> None:
    """Median time from a widget value change to the new figure and findings being ready, headless.

    Setting a control's value runs the widget's observer synchronously, so the time of the
    assignment is the time until the new PNG and findings table are in the widget.
    """
    import itertools

    from kaede.views.explore import date_options
    from kaede.views.widgets import Compare, Explorer, WhatIf

    cases = kaede.load_cases()
    print(f"\n{'widget':<10} {'change':<34} {'n':>4} {'median ms':>10} {'p90 ms':>8} {'max ms':>8}")

    def run(label: str, widget: str, steps) -> None:
        times = []
        for apply in itertools.islice(itertools.cycle(steps), changes):
            t0 = time.perf_counter()
            apply()
            times.append(1000 * (time.perf_counter() - t0))
        times.sort()
        print(f"{widget:<10} {label:<34} {len(times):>4} {statistics.median(times):>10.1f} "
              f"{times[int(0.9 * (len(times) - 1))]:>8.1f} {times[-1]:>8.1f}")

    ex = Explorer(cases, case="odense", display=False)
    dates = [v for _, v in date_options(cases["odense"])]
    run("date (step through events)", "Explorer", [lambda d=d: setattr(ex.controls["date"], "value", d) for d in dates])
    run("threshold min_strength", "Explorer", [lambda v=v: setattr(ex.controls["min_strength"], "value", v) for v in (1, 2, 3)])
    run("case", "Explorer", [lambda c=c: setattr(ex.controls["case"], "value", c) for c in cases])
    assert ex.last_error is None, ex.last_error

    w = WhatIf(cases["furesoe"], date="talk", display=False)
    unknown = list(cases["furesoe"].links.query("status == 'unknown'").link_id)

    def edit(lid: str) -> None:
        w.controls["link"].value = lid
        w.controls["status"].value = "present"
        w.controls["apply"].click()
    run("edit a link + apply", "WhatIf", [lambda l=l: edit(l) for l in unknown] + [lambda: w.controls["reset"].click()])
    assert w.last_error is None, w.last_error

    cmp_ = Compare(cases, display=False)
    milestones = [m for _, m in cmp_.controls["on"].options]
    run("milestone", "Compare", [lambda m=m: setattr(cmp_.controls["on"], "value", m) for m in milestones])
    assert cmp_.last_error is None, cmp_.last_error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,98,980", help="comma-separated numbers of cases")
    parser.add_argument("--changes", type=int, default=60, help="widget value changes to time, per kind")
    parser.add_argument("--only", choices=["core", "load", "robustness", "widgets"], help="run one part only")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"kaede {kaede.__version__} benchmark, Python {sys.version.split()[0]}")
    if args.only in (None, "load"):
        bench_load_ratio()
    if args.only in (None, "core"):
        bench_core(sizes)
    if args.only in (None, "robustness"):
        bench_robustness()
    if args.only in (None, "widgets"):
        bench_widgets(args.changes)


if __name__ == "__main__":
    main()
