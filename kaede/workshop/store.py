"""The workshop's answers store: SQLite from the standard library, one file per workshop.

Every submission is one transaction (``BEGIN IMMEDIATE``; WAL journal; ``synchronous=FULL``), so
many participants can submit at once, a killed kernel loses nothing that was submitted, and a
participant who submits again (after a refresh, with the same client token) replaces their answer
instead of adding one. Participants are anonymous: the token is random, made by the page; no name,
address or IP is stored. Input is checked before it is stored: unknown questions or answers (a
forged form) and over-long comments are refused with a clear message; a comment is stored as plain
text and only ever shown escaped.

Examples
--------
>>> import tempfile, pathlib
>>> s = AnswerStore(pathlib.Path(tempfile.mkdtemp()) / "a.sqlite")
>>> s.submit("room1", "token-1", {q.qid: "partly" for q in QUESTIONS}).stored
True
>>> s.submit("room1", "token-1", {q.qid: "clearly" for q in QUESTIONS}).stored
True
>>> s.count("room1")
1
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

from .questions import ANSWERS, COMMENT_MAX, QUESTIONS, ui

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    session TEXT NOT NULL, token TEXT NOT NULL, lang TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '',
    first_at TEXT NOT NULL, updated_at TEXT NOT NULL, revisions INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (session, token));
CREATE TABLE IF NOT EXISTS answers (
    session TEXT NOT NULL, token TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
    PRIMARY KEY (session, token, question),
    FOREIGN KEY (session, token) REFERENCES submissions (session, token));
"""
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{6,64}$")
_SESSION = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_MARKUP = re.compile(r"[<>&]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Receipt:
    """What happened to a submission: stored or not, and the message to show (in the page's language)."""

    stored: bool
    message: str
    notes: tuple[str, ...] = ()


class InvalidSubmission(ValueError):
    """A submission that cannot be stored (forged or malformed), with a clear message."""


def default_path() -> Path:
    """``$KAEDE_WORKSHOP_DB``, else ``answers.sqlite`` in the user data folder's ``workshop/``."""
    env = os.environ.get("KAEDE_WORKSHOP_DB")
    if env:
        return Path(env).expanduser()
    from ..views.explore import user_data_dir
    return user_data_dir() / "workshop" / "answers.sqlite"


class AnswerStore:
    """Answers of the participants of one or more workshop sessions, in one SQLite file.

    Parameters
    ----------
    path : path-like, optional
        Default: :func:`default_path`.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.execute("PRAGMA synchronous=FULL")
        con.execute("PRAGMA foreign_keys=ON")
        return con

    @staticmethod
    def check(session: str, token: str, answers: Mapping[str, str], comment: str = "", lang: str = "da") -> list[str]:
        """Check a submission; raise :class:`InvalidSubmission` naming what is wrong, or return
        notes (e.g. that the comment holds markup and is kept as plain text)."""
        if lang not in ("da", "en"):
            raise InvalidSubmission(f"language must be 'da' or 'en', not {lang!r}")
        if not isinstance(session, str) or not _SESSION.match(session):
            raise InvalidSubmission("session must be 1–64 letters, digits, '.', '_' or '-'")
        if not isinstance(token, str) or not _TOKEN.match(token):
            raise InvalidSubmission("token must be 6–64 letters, digits, '_' or '-'")
        known = {q.qid for q in QUESTIONS}
        extra = sorted(set(answers) - known)
        if extra:
            raise InvalidSubmission(f"unknown question {extra[0]!r}; expected one of {', '.join(sorted(known))}")
        missing = [q for q in known if q not in answers]
        if missing:
            raise InvalidSubmission(ui("missing", lang))
        for q, a in answers.items():
            if a not in ANSWERS:
                raise InvalidSubmission(f"answer {a!r} to {q!r} is not one of {', '.join(ANSWERS)}")
        if not isinstance(comment, str):
            raise InvalidSubmission("comment must be text")
        if len(comment) > COMMENT_MAX:
            raise InvalidSubmission(ui("too_long", lang))
        if _CONTROL.search(comment):
            raise InvalidSubmission("comment holds control characters")
        return [ui("markup", lang)] if _MARKUP.search(comment) else []

    def submit(self, session: str, token: str, answers: Mapping[str, str], comment: str = "",
               lang: str = "da") -> Receipt:
        """Store (or replace) one participant's answers atomically; never raises for bad input —
        the receipt says what was wrong."""
        try:
            notes = self.check(session, token, answers, comment, lang)
        except InvalidSubmission as exc:
            return Receipt(False, str(exc))
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("INSERT INTO submissions (session, token, lang, comment, first_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session, token) DO UPDATE SET "
                        "lang=excluded.lang, comment=excluded.comment, updated_at=excluded.updated_at, "
                        "revisions=revisions+1", (session, token, lang, comment.strip(), now, now))
            con.executemany("INSERT INTO answers (session, token, question, answer) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT (session, token, question) DO UPDATE SET answer=excluded.answer",
                            [(session, token, q, a) for q, a in answers.items()])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.close()
        return Receipt(True, " ".join([ui("saved", lang), *notes]), tuple(notes))

    def answers(self, session: str) -> pd.DataFrame:
        """One row per participant of ``session``: token, lang, comment, updated_at and one column per
        question (answer keys)."""
        import pandas as pd  # here, not at the top: the participant page's kernel never needs it
        con = self._connect()
        try:
            subs = pd.read_sql_query("SELECT token, lang, comment, updated_at FROM submissions WHERE session=? "
                                     "ORDER BY first_at, token", con, params=(session,))
            ans = pd.read_sql_query("SELECT token, question, answer FROM answers WHERE session=?", con, params=(session,))
        finally:
            con.close()
        wide = ans.pivot(index="token", columns="question", values="answer") if len(ans) else pd.DataFrame()
        cols = [q.qid for q in QUESTIONS]
        out = subs.set_index("token").join(wide.reindex(columns=cols)) if len(subs) else \
            pd.DataFrame(columns=["lang", "comment", "updated_at", *cols])
        return out.reset_index(names="token") if len(subs) else out.reset_index(drop=True).assign(token=[])[
            ["token", "lang", "comment", "updated_at", *cols]]

    def count(self, session: str) -> int:
        """How many participants of ``session`` have submitted."""
        con = self._connect()
        try:
            return int(con.execute("SELECT COUNT(*) FROM submissions WHERE session=?", (session,)).fetchone()[0])
        finally:
            con.close()

    def version(self, session: str) -> tuple[int, str]:
        """Changes when ``session``'s answers change (count and latest update): cheap to poll."""
        con = self._connect()
        try:
            n, last = con.execute("SELECT COUNT(*), COALESCE(MAX(updated_at), '') FROM submissions WHERE session=?",
                                  (session,)).fetchone()
            total = con.execute("SELECT COALESCE(SUM(revisions), 0) FROM submissions WHERE session=?",
                                (session,)).fetchone()[0]
            return int(n) * 1_000_000 + int(total), str(last)
        finally:
            con.close()

    def export_csv(self, session: str, path: str | os.PathLike[str]) -> Path:
        """Write ``session``'s answers to a CSV file (UTF-8; one row per participant); returns the path.

        A comment starting with ``=``, ``+``, ``-`` or ``@`` is prefixed with ``'`` so that a
        spreadsheet does not run it as a formula.
        """
        df = self.answers(session)
        df["comment"] = df["comment"].map(lambda c: "'" + c if isinstance(c, str) and c[:1] in "=+-@" else c)
        path = Path(path)
        tmp = path.with_suffix(path.suffix + ".tmp")
        df.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        os.replace(tmp, path)
        return path


__all__ = ["AnswerStore", "Receipt", "InvalidSubmission", "default_path"]
