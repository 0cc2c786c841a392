"""The workshop's answers store, the participant page and the room: atomic, concurrent, anonymous,
bad input refused or stored inert, and the deck's aggregate equal to what SQLite holds."""
from __future__ import annotations

import csv
import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import kaede
from kaede.workshop.questions import ANSWERS, COMMENT_MAX, QUESTIONS
from kaede.workshop.room import resemblance, room_profile, room_summary, verdict_distance
from kaede.workshop.store import AnswerStore

ALL = {q.qid: "partly" for q in QUESTIONS}


def _submit(args):
    path, i = args
    store = AnswerStore(path)
    keys = list(ANSWERS)
    return store.submit("room", f"participant-{i:03d}", {q.qid: keys[(i + j) % 4] for j, q in enumerate(QUESTIONS)},
                        f"kommentar {i}").stored


def test_thirty_participants_at_once(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    AnswerStore(path)
    with mp.get_context("spawn").Pool(6) as pool:
        ok = pool.map(_submit, [(path, i) for i in range(30)] + [(path, i) for i in range(10)])  # 10 resubmit
    assert all(ok)
    store = AnswerStore(path)
    assert store.count("room") == 30
    df = store.answers("room")
    assert len(df) == 30 and df["token"].is_unique
    con = sqlite3.connect(path)
    assert con.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 30 * len(QUESTIONS)


def test_refresh_does_not_duplicate_and_changes_replace(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path / "a.sqlite")
    assert store.submit("s", "token-a", ALL).stored
    assert store.submit("s", "token-a", {**ALL, "themes": "no"}).stored
    df = store.answers("s")
    assert len(df) == 1 and df.loc[0, "themes"] == "no"


@pytest.mark.parametrize("answers,comment,why", [
    ({**ALL, "bogus": "no"}, "", "unknown question"),
    ({**ALL, "themes": "<script>"}, "", "is not one of"),
    ({k: v for k, v in ALL.items() if k != "themes"}, "", "Besvar"),
    (ALL, "x" * (COMMENT_MAX + 1), "for lang"),
    (ALL, "a\x00b", "control"),
])
def test_forged_or_bad_input_is_refused_with_a_message(tmp_path: Path, answers, comment, why) -> None:
    store = AnswerStore(tmp_path / "a.sqlite")
    r = store.submit("s", "token-a", answers, comment)
    assert not r.stored and why in r.message
    assert store.count("s") == 0


def test_bad_token_or_session_refused(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path / "a.sqlite")
    assert not store.submit("s", "x';--", ALL).stored
    assert not store.submit("../etc", "token-a", ALL).stored


def test_markup_is_stored_inert_and_exported_safely(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path / "a.sqlite")
    evil = "<img src=x onerror=alert(1)> & more"
    r = store.submit("s", "token-a", ALL, evil, lang="en")
    assert r.stored and "plain text" in r.message
    assert store.answers("s").loc[0, "comment"] == evil
    store.submit("s", "token-b", ALL, "=HYPERLINK(\"http://x\")")
    out = store.export_csv("s", tmp_path / "answers.csv")
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert {r["comment"] for r in rows} == {evil, "'=HYPERLINK(\"http://x\")"}
    assert set(rows[0]) >= {"token", *ALL}


def test_a_killed_process_loses_nothing_submitted(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    code = ("import os, signal, sys; from kaede.workshop.store import AnswerStore; "
            "from kaede.workshop.questions import QUESTIONS; s = AnswerStore(sys.argv[1]); "
            "print(s.submit('s', 'token-k', {q.qid: 'no' for q in QUESTIONS}).stored, flush=True); "
            "os.kill(os.getpid(), signal.SIGKILL)")
    p = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    assert p.returncode == -signal.SIGKILL and p.stdout.strip() == "True"
    assert AnswerStore(path).answers("s").loc[0, "themes"] == "no"


def test_participant_page_drives_the_store(tmp_path: Path) -> None:
    pytest.importorskip("ipywidgets")
    from kaede.workshop.page import ParticipantPage
    store = AnswerStore(tmp_path / "a.sqlite")
    page = ParticipantPage(store, session="s", token="token-p", display=False)
    assert "Send svar" == page.submit_button.description
    page.submit_button.click()
    assert not page.receipt.stored and "Besvar" in page.message.value
    for r in page.radios.values():
        r.value = "clearly"
    page.comment.value = "<b>fed</b>"
    page.lang_switch.value = "en"
    assert page.submit_button.description == "Submit answers"
    assert all(r.value == "clearly" for r in page.radios.values()), "switching language keeps the answers"
    page.submit_button.click()
    assert page.receipt.stored and "<b>" not in page.message.value
    fresh = ParticipantPage(store, session="s", token=None, display=False)
    assert fresh.redirect and "http-equiv=\"refresh\"" in fresh.widget.children[0].value


def test_room_aggregate_equals_the_store_and_nearest_case(tmp_path: Path) -> None:
    pytest.importorskip("ipywidgets")
    from kaede.workshop.deck import RoomView
    path = tmp_path / "a.sqlite"
    for i in range(7):
        _submit((path, i))
    store = AnswerStore(path)
    cases = kaede.load_cases()
    view = RoomView(store, cases, session="room", display=False, poll=None)
    df = pd.read_sql_query("SELECT question, answer, COUNT(*) n FROM answers WHERE session='room' "
                           "GROUP BY question, answer", sqlite3.connect(path))
    for r in df.itertuples():
        assert view.summary["counts"][r.question][r.answer] == r.n
    assert view.summary["n"] == 7 and ">7<" in view.count.value
    res = view.summary["resemblance"]
    assert set(res["case"]) == set(cases) and res["distance"].is_monotonic_increasing
    assert res.iloc[0]["title"] in view.nearest.value


def test_room_profile_and_distance() -> None:
    df = pd.DataFrame([{**ALL, "themes": a} for a in ["no", "no", "clearly", "dont_know"]])
    assert room_profile(df)["themes"] == "no"
    df = pd.DataFrame([{**ALL, "themes": a} for a in ["dont_know", "dont_know", "clearly"]])
    assert room_profile(df)["themes"] == "dont_know"
    assert verdict_distance("absent", "absent") == 0
    cases = kaede.load_cases()
    name, case = next(iter(cases.items()))
    own = kaede.diagnose(case, "talk" if "talk" in case.milestones else None)
    assert resemblance(own, cases).set_index("case").loc[name, "distance"] == 0


def test_an_empty_room_resembles_no_case(tmp_path) -> None:
    pytest.importorskip("ipywidgets")
    from kaede.workshop.deck import RoomView
    view = RoomView(AnswerStore(tmp_path / "empty.sqlite"), kaede.load_cases(), session="room", display=False,
                    poll=None, lang="da")
    assert view.summary["n"] == 0 and view.summary["resemblance"].empty
    assert "Ingen svar endnu" in view.nearest.value and "Ligner mest" not in view.nearest.value


def test_the_room_chain_is_labelled_in_words_not_ids() -> None:
    """The room's chain is shown to a council: every element is named by its role's words in the
    room's language (no internal id such as '(goals)' beside it)."""
    from kaede.data.vocab import ROLE_LABELS
    from kaede.workshop.room import room_case
    case = room_case({})
    for row in case.elements.itertuples(index=False):
        da, en = ROLE_LABELS[row.role]
        assert (row.label_da, row.label_en) == (da, en), row
