"""Writes that cannot lose data: :func:`kaede.data.write.write_case` is atomic, validated, and
exactly one of several racing writers wins.

The kill and race tests run real processes (SIGKILL at random points; eight writers released
together by a barrier); they print their counts so a run can be read off with ``-s``.
"""
from __future__ import annotations

import copy
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

import kaede
from kaede.data.datasets import CaseLoadWarning
from kaede.data.validate import CaseValidationError, validate_case_folder
from kaede.data.write import CaseExistsError, CaseWriteError, write_case

from conftest import MINIMAL, new_case_meta, new_case_tables

ROOT = Path(__file__).resolve().parents[1]


def _meta(tag: str = "") -> dict:
    meta = new_case_meta()
    meta["description"] = f"written by {tag}" if tag else meta["description"]
    return meta


def _tagged(tag: str) -> dict:
    """The made-up case's tables with ``tag`` in one text cell of every table."""
    t = new_case_tables()
    t["sources"][0]["title"] = f"source {tag}"
    t["elements"][0]["label_en"] = f"council {tag}"
    t["links"][0]["note_en"] = f"note {tag}"
    t["visions"][0]["title"] = f"vision {tag}"
    t["events"][0]["description_en"] = f"event {tag}"
    t["participants"][0]["note_en"] = f"participant {tag}"
    t["facts"][0]["value_en"] = f"fact {tag}"
    t["citations"][0]["locator"] = f"citation {tag}"
    return t


def _tags(folder: Path) -> set[str]:
    """The writer tags found in a folder's files (one tag means no mix)."""
    tags = {json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["description"].split()[-1]}
    for f in folder.glob("*.csv"):
        text = f.read_text(encoding="utf-8")
        tags |= {w for w in text.replace(",", " ").replace("\n", " ").split() if w.startswith("writer-")}
    return tags


def test_write_case_round_trips_a_loaded_case(tmp_path: Path) -> None:
    for name in kaede.list_cases():
        case = kaede.load_case(name)
        out = write_case(case.tables, case.meta, tmp_path / name, readme=case.description)
        again = kaede.load_case(out)
        for table in case.tables:
            assert again.tables[table].equals(case.tables[table]), (name, table)
        assert again.meta == case.meta and again.description == case.description


def test_a_failed_validation_leaves_nothing(tmp_path: Path) -> None:
    bad = copy.deepcopy(MINIMAL)
    bad["links"][0]["strength"] = "7"
    with pytest.raises(CaseValidationError) as info:
        write_case(bad, _meta(), tmp_path / "nordby")
    assert "links.csv, row 2, column 'strength'" in str(info.value)
    assert str(tmp_path / "nordby") in str(info.value), "the report names the target, not the temporary folder"
    assert list(tmp_path.iterdir()) == [], "neither the case nor its temporary folder is left"


def test_existing_targets_are_refused_clearly(tmp_path: Path) -> None:
    write_case(new_case_tables(), _meta(), tmp_path / "nordby")
    with pytest.raises(CaseExistsError, match="already exists; nothing was written"):
        write_case(new_case_tables(), _meta(), tmp_path / "nordby")
    (tmp_path / "a-file").write_text("keep me", encoding="utf-8")
    with pytest.raises(CaseExistsError, match="is a file, not a case folder"):
        write_case(new_case_tables(), _meta(), tmp_path / "a-file")
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(CaseWriteError, match="is a file"):
        write_case(new_case_tables(), _meta(), tmp_path / "a-file" / "nordby")
    with pytest.raises(CaseWriteError, match="must not be empty or start with '.'"):
        write_case(new_case_tables(), _meta(), tmp_path / ".hidden")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "nordby"]


def test_overwrite_replaces_a_case_whole(tmp_path: Path) -> None:
    write_case(_tagged("writer-1"), _meta("writer-1"), tmp_path / "nordby")
    write_case(_tagged("writer-2"), _meta("writer-2"), tmp_path / "nordby", overwrite=True)
    assert _tags(tmp_path / "nordby") == {"writer-2"}
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".kaede-lock")] == ["nordby"]


def test_a_later_write_removes_what_a_killed_write_left(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".nordby.kaede-tmp-{dead.stdout.strip()}-abcd1234"
    stale.mkdir()
    (stale / "links.csv").write_text("half", encoding="utf-8")
    live = tmp_path / f".nordby.kaede-tmp-{os.getpid()}-abcd1234"
    live.mkdir()
    write_case(new_case_tables(), _meta(), tmp_path / "nordby")
    assert not stale.exists(), "the dead writer's folder is removed"
    assert live.exists(), "a live writer's folder is left alone"


def test_unknown_tables_and_columns_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown table"):
        write_case({"linkz": []}, _meta(), tmp_path / "x")
    t = new_case_tables()
    t["links"][0]["strenght"] = "2"
    with pytest.raises(ValueError, match="links: row 2 has unexpected column"):
        write_case(t, _meta(), tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_what_if_save_goes_through_write_case(tmp_path: Path) -> None:
    from kaede.views.explore import WhatIfState
    case = kaede.load_case(kaede.list_cases()[0])
    w = WhatIfState(case)
    lid = case.links.loc[case.links.status == "unknown", "link_id"]
    if len(lid):
        w.edit(lid.iloc[0], status="present", strength=2)
    saved = w.save(tmp_path / "what-if")
    assert kaede.load_case(saved).links.equals(w.case.links)
    with pytest.raises(CaseExistsError):
        w.save(tmp_path / "what-if")
    (tmp_path / "some-file").write_text("x", encoding="utf-8")
    with pytest.raises(CaseExistsError, match="is a file"):
        w.save(tmp_path / "some-file")


def test_what_an_interrupted_overwrite_left_is_finished_by_the_next_call(tmp_path: Path) -> None:
    from kaede.data.write import recover_overwrite
    write_case(_tagged("writer-1"), _meta("writer-1"), tmp_path / "nordby")
    aside = tmp_path / ".nordby.kaede-tmp-old-99999999-abcd1234"
    # killed between the renames: the old case aside, none under the name
    (tmp_path / "nordby").rename(aside)
    assert kaede.list_cases(data_home=tmp_path) == ["nordby"] and not aside.exists()
    (tmp_path / "nordby").rename(aside)
    assert _tags(kaede.load_case("nordby", data_home=tmp_path).path) == {"writer-1"}
    (tmp_path / "nordby").rename(aside)
    with pytest.raises(CaseExistsError):  # a new write finds the old case back in place
        write_case(_tagged("writer-2"), _meta("writer-2"), tmp_path / "nordby")
    assert _tags(tmp_path / "nordby") == {"writer-1"}
    # killed after the renames: the new case in place, the old one still aside
    shutil.copytree(tmp_path / "nordby", aside)
    write_case(_tagged("writer-2"), _meta("writer-2"), tmp_path / "nordby", overwrite=True)
    assert _tags(tmp_path / "nordby") == {"writer-2"} and not aside.exists()
    shutil.copytree(tmp_path / "nordby", aside)
    assert recover_overwrite(tmp_path, "nordby") == "cleaned" and not aside.exists()
    assert recover_overwrite(tmp_path, "nordby") is None


# ------------------------------------------------------------------ killed writes

_KILL_CHILD = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from kaede.data.write import write_case
tables, meta = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
home = Path(sys.argv[2])
print("ready", flush=True)
i = 0
while True:
    write_case(tables, meta, home / f"case-{i}")
    i += 1
"""


def test_killed_writes_leave_nothing_read_as_a_case(tmp_path: Path) -> None:
    """About 40 writers killed (SIGKILL) at random points: every folder read as a case is whole."""
    rng = random.Random(11)
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps([new_case_tables(), _meta()]), encoding="utf-8")
    runs, mid_write, complete = 40, 0, 0
    for run in range(runs):
        home = tmp_path / f"home-{run}"
        home.mkdir()
        proc = subprocess.Popen([sys.executable, "-c", _KILL_CHILD, str(spec), str(home), str(ROOT)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        hidden = [p for p in home.iterdir() if p.name.startswith(".")]
        visible = [p for p in home.iterdir() if not p.name.startswith(".")]
        mid_write += bool(hidden)
        complete += len(visible)
        for folder in visible:
            assert validate_case_folder(folder).valid, f"run {run}: {folder.name} is half-written"
        assert kaede.list_cases(data_home=home) == sorted(p.name for p in visible)
        with warnings.catch_warnings():
            warnings.simplefilter("error", CaseLoadWarning)
            assert len(kaede.load_cases(data_home=home)) == len(visible)
    print(f"\nkill test: {runs} writers killed, {mid_write} in the middle of a write (a hidden temporary "
          f"folder left), {complete} whole cases written, 0 half-written folders read as a case")
    assert mid_write > 0, "no kill landed inside a write: the test did not exercise the window"


_OVERWRITE_CHILD = r"""
import json, os, random, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from kaede.data.write import write_case
spec = Path(sys.argv[1]).read_text(encoding="utf-8")
home, slow = Path(sys.argv[2]), sys.argv[4] == "slow"
if slow:  # widen the windows between the steps, so that kills land between the two renames
    real_rename, rng = os.rename, random.Random(os.getpid())
    def rename(a, b):
        real_rename(a, b)
        time.sleep(rng.uniform(0, 0.1 if ".kaede-tmp-old-" in str(b) else 0.01))
    os.rename = rename
print("ready", flush=True)
i = 1
while True:
    tables, meta = json.loads(spec.replace("writer-0", f"writer-{i}"))  # tagged in every table
    write_case(tables, meta, home / "nordby", overwrite=True, fsync=False)
    print(i, flush=True)
    i += 1
"""


def test_killed_overwrites_leave_the_old_or_the_new_case(tmp_path: Path) -> None:
    """Overwrites of one case killed (SIGKILL) at random points, half of them with the steps
    slowed down so that kills land between the two renames: afterwards, reading the case gives
    the version before or the version being written, whole; never neither, never anything else."""
    rng = random.Random(12)
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps([_tagged("writer-0"), _meta("writer-0")]), encoding="utf-8")
    runs = 40
    counts = {"old": 0, "new": 0, "neither": 0, "name empty when killed": 0}
    for run in range(runs):
        home = tmp_path / f"home-{run}"
        home.mkdir()
        write_case(_tagged("writer-0"), _meta("writer-0"), home / "nordby")
        mode = "slow" if run % 2 else "fast"
        proc = subprocess.Popen([sys.executable, "-c", _OVERWRITE_CHILD, str(spec), str(home), str(ROOT), mode],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        done = [int(line) for line in proc.stdout.read().split()]
        proc.stdout.close()
        old, new = (done[-1] if done else 0), (done[-1] if done else 0) + 1
        if not (home / "nordby" / "datapackage.json").is_file():
            counts["name empty when killed"] += 1
        # the first reader finishes the interrupted overwrite (here load_case, or list_cases)
        reader = kaede.load_case if run % 4 < 2 else (lambda p: (kaede.list_cases(data_home=home),
                                                                 kaede.load_case(p))[1])
        try:
            case = reader(home / "nordby")
        except (CaseValidationError, kaede.CaseNotFoundError):
            counts["neither"] += 1
            continue
        tag = case.description.split()[-1]
        assert _tags(home / "nordby") == {tag}, f"run {run}: a mixed folder"
        if tag == f"writer-{old}":
            counts["old"] += 1
        elif tag == f"writer-{new}":
            counts["new"] += 1
        else:
            counts["neither"] += 1
        assert kaede.list_cases(data_home=home) == ["nordby"], f"run {run}: something else is read as a case"
        assert not [p for p in home.iterdir() if ".kaede-tmp-old-" in p.name], f"run {run}: a copy left aside"
        # and the next overwrite works
        write_case(_tagged("writer-x"), _meta("writer-x"), home / "nordby", overwrite=True, fsync=False)
        assert _tags(home / "nordby") == {"writer-x"}
    print(f"\noverwrite kill test: {runs} overwrites killed: {counts['old']} left the old case, {counts['new']} "
          f"the new one, {counts['neither']} neither; {counts['name empty when killed']} were killed between the "
          "two renames (no case under the name) and had the old case put back by the next reader")
    assert counts["neither"] == 0
    assert counts["old"] + counts["new"] == runs
    assert counts["name empty when killed"] > 0, "no kill landed between the renames: the window was not exercised"


# ------------------------------------------------------------------ racing writers

def _racer(k: int, rounds: int, home: str, barrier, results) -> None:  # pragma: no cover - runs in a child
    for r in range(rounds):
        barrier.wait()
        tag = f"writer-{k}"
        try:
            write_case(_tagged(tag), _meta(tag), Path(home) / f"round-{r}", fsync=False)
            results.put((r, k, "ok", ""))
        except Exception as e:  # noqa: BLE001 - every outcome is reported to the parent
            results.put((r, k, type(e).__name__, str(e)))


@pytest.mark.skipif(sys.platform == "win32", reason="uses fork")
def test_racing_writers_exactly_one_wins(tmp_path: Path) -> None:
    """Eight processes write one new case at the same moment, 20 rounds: one wins each round."""
    n, rounds = 8, 20
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=_racer, args=(k, rounds, str(tmp_path), barrier, results)) for k in range(n)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in range(n * rounds)]
    for p in procs:
        p.join(timeout=60)
    by_round: dict[int, list[tuple[int, str, str]]] = {}
    for r, k, kind, msg in outcomes:
        by_round.setdefault(r, []).append((k, kind, msg))
    losers = 0
    for r, got in sorted(by_round.items()):
        winners = [k for k, kind, _ in got if kind == "ok"]
        assert len(winners) == 1, f"round {r}: {len(winners)} writers reported success"
        for k, kind, msg in got:
            if kind != "ok":
                losers += 1
                assert kind == "CaseExistsError" and "already exists; nothing was written" in msg, (r, kind, msg)
        folder = tmp_path / f"round-{r}"
        assert validate_case_folder(folder).valid
        assert _tags(folder) == {f"writer-{winners[0]}"}, f"round {r}: a mixed folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"round-{r}" for r in range(rounds)), \
        "no temporary folder is left behind"
    print(f"\nrace test: {rounds} rounds × {n} writers: exactly one success each round, "
          f"{losers} clear CaseExistsError, 0 mixed folders")
