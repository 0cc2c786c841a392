"""Workshop benchmarks (printed by ``make bench``): submission → deck update, resident memory per
participant connection and for a room of 30, first paint of the participant page, and widget change →
new picture.

- *submission → deck update*: a submission to the answers store until the deck's ``RoomView`` (polling
  every 0.5 s, as in the deck) has redrawn with it, in process. Goal ≤ 1 s.
- *memory*: a real Voila participant server; each page request starts one kernel. Resident memory
  (RSS, summed over the server and its kernels) before and after ``K`` page loads; per connection =
  the growth / K; a room of 30 = server + 30 × that. Goal: fits an 8 GB laptop.
- *first paint* and *form ready*: Playwright with Debian chromium on the participant page.
- *widget change → new picture*: the Explorer's date, threshold and case controls changed in process
  (the kernel's share: state, findings, PNG); and in the browser, the deck's What-if "apply" click until
  the new image is on screen. Goal ≤ 150 ms (date, threshold), ≤ 300 ms (case).

Run: ``.venv/bin/python benchmarks/workshop.py [--loads K]``. Needs chromium for the browser figures.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["NO_PROXY"] = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1,localhost"]))
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-proxy-server"]


def rss_tree(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (from /proc)."""
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += kids.get(p, [])
        try:
            for line in open(f"/proc/{p}/status"):
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def bench_submission_to_deck(repeats: int = 8) -> None:
    import kaede
    from kaede.workshop.deck import RoomView
    from kaede.workshop.questions import QUESTIONS
    from kaede.workshop.store import AnswerStore
    store = AnswerStore(Path(tempfile.mkdtemp()) / "bench.sqlite")
    room = RoomView(store, kaede.load_cases(), session="bench", poll=0.5, display=False)
    times = []
    try:
        for i in range(repeats):
            t0 = time.perf_counter()
            store.submit("bench", f"bench-{i:04d}", {q.qid: "partly" for q in QUESTIONS})
            while room.summary.get("n") != i + 1:
                time.sleep(0.005)
            times.append(time.perf_counter() - t0)
    finally:
        room.stop()
    print(f"submission → deck update (in process, poll 0.5 s): median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s over {repeats} (redraw alone {room.last_refresh_seconds:.2f} s)   goal ≤ 1 s")


def bench_widgets(repeats: int = 5, case_rounds: int = 8) -> None:
    """Kernel side: a control's value set → the Explorer's whole update (state, relabelled controls,
    findings, picture, slider marks; timed around the assignment) and, within it, the moment the new
    picture is sent (``last_picture_seconds``). Only real changes are timed (a value equal to the
    current one fires nothing). A *first draw* is a change whose picture the Explorer had not drawn
    before (the picture is drawn then; labels seen before may be reused); a *revisit* shows a picture
    it drew before (``last_picture_kept``)."""
    import kaede
    from kaede.views.widgets import Explorer
    t0 = time.perf_counter()
    ex = Explorer(kaede.load_cases(), display=False)
    opened = time.perf_counter() - t0
    c = ex.controls

    pictures: dict[str, list[float]] = {}

    def run(name, values):
        first, again = [], []
        for rep in range(repeats):
            for v in values:
                if c[name].value == v:
                    continue
                ex.last_update_seconds = None
                t0 = time.perf_counter()
                c[name].value = v  # the whole update: state, controls relabelled, findings, picture, marks
                took = time.perf_counter() - t0
                if ex.last_update_seconds is not None:
                    (again if ex.last_picture_kept else first).append(took)
                    if not ex.last_picture_kept:
                        pictures.setdefault(name, []).append(ex.last_picture_seconds)
        return first, again
    dates = [v for _, v in c["date"].options][:6]
    thr = [k for k in c if k.startswith(("min_", "max_")) or "threshold" in k]
    figs = {"date": run("date", dates)}
    if thr:
        lo, hi = c[thr[0]].min, c[thr[0]].max
        figs[f"threshold ({thr[0]})"] = run(thr[0], list(range(lo, hi + 1)))
    figs["case"] = run("case", list(kaede.list_cases()))
    print(f"widget change → new picture, kernel side (Explorer built in {opened:.2f} s):")
    for k, (first, again) in figs.items():
        goal = 300 if k == "case" else 150
        pic = pictures[k.split(" ")[0] if k.split(" ")[0] in pictures else thr[0]]
        print(f"  {k:<24}: first draw median {statistics.median(first)*1000:4.0f} ms (max {max(first)*1000:.0f}, "
              f"n={len(first)}; new picture sent after {statistics.median(pic)*1000:.0f} ms, max "
              f"{max(pic)*1000:.0f}); revisit median {statistics.median(again)*1000:3.0f} ms "
              f"(max {max(again)*1000:.0f})   goal ≤ {goal} ms")

    # a steadier figure for a case change: fresh Explorers (and text measurements forgotten between
    # them), each stepping through every case once, so every sample is a genuine first draw
    import kaede.views.plot as plot_module
    steps, pics = [], []
    for _ in range(case_rounds):
        plot_module._MEASURES = plot_module._Measures()
        ex2 = Explorer(kaede.load_cases(), display=False)
        for name in [n for n in kaede.list_cases() if n != ex2.controls["case"].value]:
            t0 = time.perf_counter()
            ex2.controls["case"].value = name
            steps.append(time.perf_counter() - t0)
            pics.append(ex2.last_picture_seconds)
    print(f"  case, steadier ({len(steps)} first draws over {case_rounds} fresh Explorers): median "
          f"{statistics.median(steps)*1000:.0f} ms, quartiles {statistics.quantiles(steps, n=4)[0]*1000:.0f}–"
          f"{statistics.quantiles(steps, n=4)[2]*1000:.0f} ms (new picture sent after a median of "
          f"{statistics.median(pics)*1000:.0f} ms)   goal ≤ 300 ms")

    # the picture alone, every shipped case at every milestone, both languages, on a fresh renderer
    # (every label drawn for the first time) and again (labels kept)
    from kaede.model.chain import chain_view
    from kaede.views.plot import FocusRenderer, focus_png
    cases = kaede.load_cases()
    jobs = [(chain_view(case, on), lang) for case in cases.values() for on in [None, *case.milestones]
            for lang in ("da", "en")]
    r = FocusRenderer()
    fresh, kept = [], []
    for view, lang in jobs:
        t0 = time.perf_counter()
        r.render(view, lang=lang)
        fresh.append(time.perf_counter() - t0)
    for view, lang in jobs:
        t0 = time.perf_counter()
        r.render(view, lang=lang)
        kept.append(time.perf_counter() - t0)
    ref = []
    for view, lang in jobs[:: max(1, len(jobs) // 8)]:
        t0 = time.perf_counter()
        focus_png(view, lang=lang)
        ref.append(time.perf_counter() - t0)
    print(f"  focused picture alone ({len(jobs)} case × date × lang): FocusRenderer median "
          f"{statistics.median(fresh)*1000:.0f} ms (max {max(fresh)*1000:.0f}) in passing order, "
          f"{statistics.median(kept)*1000:.0f} ms with every label kept; plot_focus + savefig (reference) "
          f"median {statistics.median(ref)*1000:.0f} ms")


def bench_browser(loads: int) -> None:
    from playwright.sync_api import sync_playwright

    from kaede.workshop import serve
    home = Path(tempfile.mkdtemp())
    env = dict(os.environ, KAEDE_WORKSHOP_DB=str(home / "a.sqlite"), KAEDE_WORKSHOP_SESSION="bench")
    conf = serve.deck_config_dir(home / "conf")
    pport, dport = serve.free_port(), serve.free_port()
    log = open(home / "voila.log", "w")
    procs = [subprocess.Popen(serve.page_command(pport, "127.0.0.1"), env=env, cwd=ROOT, stdout=log, stderr=log),
             subprocess.Popen(serve.deck_command(dport), env=dict(env, JUPYTER_CONFIG_PATH=str(conf)), cwd=ROOT,
                              stdout=log, stderr=log)]
    try:
        assert serve.wait_ready(pport) and serve.wait_ready(dport), "Voila did not start"
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            paints, ready = [], []
            for i in range(3):
                pg = b.new_page(viewport={"width": 412, "height": 915})
                t0 = time.perf_counter()
                pg.goto(f"http://127.0.0.1:{pport}/?token=bench-paint-{i}", wait_until="commit")
                pg.locator(".kaede-submit").wait_for(state="visible", timeout=120_000)
                ready.append(time.perf_counter() - t0)
                paints.append(pg.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN") / 1000)
                pg.close()
            print(f"participant page: first contentful paint median {statistics.median(paints):.2f} s; "
                  f"form ready (widgets live) median {statistics.median(ready):.2f} s over 3 loads")
            pg = b.new_page(viewport={"width": 1280, "height": 720})
            pg.goto(f"http://127.0.0.1:{dport}/#/4", timeout=120_000)
            img = pg.locator(".reveal section.present .widget-image").first
            img.wait_for(state="visible", timeout=120_000)
            times = []
            for k in range(6):
                before = img.get_attribute("src")
                pg.locator(".reveal section.present .widget-toggle-buttons button").nth(1 - k % 2).click()   # absent, present, absent, … (each differs from the one before)
                t0 = time.perf_counter()
                pg.locator(".reveal section.present button.mod-primary").first.click()
                pg.wait_for_function("old => document.querySelector('.reveal section.present .widget-image')"
                                     ".getAttribute('src') !== old", arg=before, timeout=30_000)
                times.append(time.perf_counter() - t0)
            print(f"widget change → new picture in the browser (deck What-if, apply an edit): median "
                  f"{statistics.median(times)*1000:.0f} ms, max {max(times)*1000:.0f} ms over {len(times)}")
            pg.close()
            b.close()
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        base = rss_tree(procs[0].pid)
        t0 = time.perf_counter()
        def load(i):
            opener.open(f"http://127.0.0.1:{pport}/?token=bench-mem-{i:03d}", timeout=300).read()
        threads = [threading.Thread(target=load, args=(i,)) for i in range(loads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - t0
        time.sleep(1)
        after = rss_tree(procs[0].pid)
        per = (after - base) / loads
        server = base
        print(f"memory: participant server {server/2**20:.0f} MB (after 3 browser visits); per participant "
              f"connection {per/2**20:.0f} MB (RSS growth over {loads} concurrent page loads, which took {took:.1f} s); "
              f"a room of 30 ≈ {(server + 30*per)/2**30:.2f} GB, deck server {rss_tree(procs[1].pid)/2**20:.0f} MB   "
              f"goal: fits 8 GB")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loads", type=int, default=6, help="concurrent page loads for the memory figure")
    a = ap.parse_args()
    print("== kaede workshop benchmarks ==")
    bench_submission_to_deck()
    bench_widgets()
    if os.access(CHROMIUM, os.X_OK):
        bench_browser(a.loads)
    else:
        print(f"browser figures skipped: no chromium at {CHROMIUM}")


if __name__ == "__main__":
    main()
