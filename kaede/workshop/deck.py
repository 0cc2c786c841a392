"""The deck's live view of the room: its chain with the likely decouplings, the answers so far, and
the case it resembles most — refreshed when a participant submits.

Examples
--------
>>> import tempfile, pathlib, kaede
>>> from kaede.workshop.store import AnswerStore
>>> store = AnswerStore(pathlib.Path(tempfile.mkdtemp()) / "a.sqlite")
>>> view = RoomView(store, kaede.load_cases(), session="demo", display=False, poll=None)
>>> view.summary["n"]
0
"""
from __future__ import annotations

import html
import os
import threading
import time
from collections.abc import Mapping
from typing import Any

from .questions import ANSWERS, QUESTIONS
from .room import room_summary
from .store import AnswerStore


class RoomView:
    """The room beside the cases, live.

    Parameters
    ----------
    store : AnswerStore
    cases : mapping of name to Case
    session : str, optional
    lang : {"da", "en"}
    poll : float or None
        Seconds between checks of the store for new answers (None: refresh by hand with
        :meth:`refresh`).
    """

    def __init__(self, store: AnswerStore, cases: Mapping[str, Any], *, session: str | None = None,
                 lang: str = "da", poll: float | None = 0.5, display: bool = True):
        import ipywidgets as w

        from .page import DEFAULT_SESSION
        self.store, self.cases, self.lang = store, cases, lang
        self.session = session or os.environ.get("KAEDE_WORKSHOP_SESSION", DEFAULT_SESSION)
        self.count = w.HTML(_dom_classes=["kaede-room-count"])
        self.image = w.Image(format="png", layout=w.Layout(width="100%"))
        self.verdicts = w.HTML()
        self.nearest = w.HTML(_dom_classes=["kaede-room-nearest"])
        self.answers_box = w.HTML()
        self.widget = w.VBox([self.count, w.HBox([w.VBox([self.image], layout=w.Layout(width="64%")),
                                                  w.VBox([self.verdicts, self.nearest, self.answers_box],
                                                         layout=w.Layout(width="36%"))])])
        self.summary: dict[str, Any] = {}
        self.last_refresh_seconds = 0.0
        self._version: Any = None
        self.refresh()
        self._stop = threading.Event()
        if poll:
            threading.Thread(target=self._poll, args=(poll,), daemon=True).start()
        if display:  # pragma: no cover
            self._ipython_display_()

    def _poll(self, every: float) -> None:  # pragma: no cover - runs in a kernel
        while not self._stop.wait(every):
            try:
                if self.store.version(self.session) != self._version:
                    self.refresh()
            except Exception:
                pass

    def stop(self) -> None:
        self._stop.set()

    def refresh(self) -> None:
        """Read the store and redraw."""
        from ..views.plot import focus_png
        from ..views.words import rule_name, verdict_word
        t0 = time.perf_counter()
        self._version = self.store.version(self.session)
        answers = self.store.answers(self.session)
        s = room_summary(answers, self.cases)
        self.summary = s
        da = self.lang == "da"
        self.count.value = (f"<h3 style='margin:2px 0'>{'Lokalets svar' if da else 'The room'}: "
                            f"<span class='kaede-n'>{s['n']}</span> {'deltagere' if da else 'participants'}</h3>")
        self.image.value = focus_png(s["case"], lang=self.lang, unfold="all", size=(12, 9), dpi=72,
                                     title="Lokalets kæde" if da else "The room's chain")
        rows = "".join(f"<tr><td>{html.escape(rule_name(r.rule, self.lang))}</td>"
                       f"<td><b>{html.escape(verdict_word(r.verdict, self.lang, r.rule))}</b></td></tr>"
                       for r in s["findings"].itertuples(index=False))
        self.verdicts.value = f"<table class='kaede-room-verdicts'>{rows}</table>"
        res = s["resemblance"]
        if len(res):
            top = res.iloc[0]
            name = top["title"] if da else top["title_en"]
            lines = "".join(f"<li>{html.escape(r.title if da else r.title_en)}: {r.distance:.2f}</li>"
                            for r in res.itertuples(index=False))
            self.nearest.value = (f"<p>{'Ligner mest' if da else 'Resembles most'}: <b>{html.escape(str(name))}</b></p>"
                                  f"<small>{'afstand (0 = samme diagnose)' if da else 'distance (0 = same diagnosis)'}"
                                  f"<ul>{lines}</ul></small>")
        else:
            self.nearest.value = (f"<p>{'Ingen svar endnu: lokalet ligner endnu ingen case.' if da else 'No answers yet: the room resembles no case yet.'}</p>")
        counts = "".join(
            f"<tr><td>{i}</td>" + "".join(f"<td>{s['counts'][q.qid][a]}</td>" for a in ANSWERS) + "</tr>"
            for i, q in enumerate(QUESTIONS, 1))
        head = "".join(f"<th>{html.escape(a.da if da else a.en)}</th>" for a in ANSWERS.values())
        self.answers_box.value = f"<table class='kaede-room-counts'><tr><th>#</th>{head}</tr>{counts}</table>"
        self.last_refresh_seconds = time.perf_counter() - t0

    def _ipython_display_(self) -> None:  # pragma: no cover
        from ..views.widgets import show_widget
        show_widget(self.widget, bytes(self.image.value) if self.image.value else None, "kaede RoomView")


__all__ = ["RoomView"]
