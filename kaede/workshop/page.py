"""The participant page: the self-assessment as a no-code page (served by Voila), Danish by default.

The page is a thin view over :class:`~kaede.workshop.store.AnswerStore`: radio buttons per question,
a comment box, a submit button and a message line. Its client token comes from the page address
(``?token=…``); a first visit without one gets a fresh random token and is sent on to the address
that carries it, so a refresh keeps the token and a second submission replaces the first.

Examples
--------
>>> import tempfile, pathlib
>>> from kaede.workshop.store import AnswerStore
>>> store = AnswerStore(pathlib.Path(tempfile.mkdtemp()) / "a.sqlite")
>>> page = ParticipantPage(store, session="demo", token="abcdef12", display=False)
>>> for q, radio in page.radios.items():
...     radio.value = "partly"
>>> page.submit_button.click()
>>> store.count("demo"), page.receipt.stored
(1, True)
"""
from __future__ import annotations

import html
import os
import secrets
from typing import Any
from urllib.parse import parse_qs

from .questions import ANSWERS, QUESTIONS, ui
from .store import AnswerStore

DEFAULT_SESSION = "workshop"


def token_from_query(query: str | None = None) -> str | None:
    """The client token in a query string (default: Voila's ``QUERY_STRING``), or None.

    Examples
    --------
    >>> token_from_query("token=abcdef12&lang=en")
    'abcdef12'
    >>> token_from_query("") is None
    True
    """
    q = parse_qs(os.environ.get("QUERY_STRING", "") if query is None else query)
    return q.get("token", [None])[0]


def lang_from_query(query: str | None = None) -> str:
    q = parse_qs(os.environ.get("QUERY_STRING", "") if query is None else query)
    return "en" if q.get("lang", ["da"])[0] == "en" else "da"


def new_token() -> str:
    """A random, anonymous client token."""
    return secrets.token_urlsafe(12)


class ParticipantPage:
    """The self-assessment form.

    Parameters
    ----------
    store : AnswerStore
    session : str
        The workshop session (``$KAEDE_WORKSHOP_SESSION``, default ``workshop``).
    token : str, optional
        The client token; None makes a new one and sends the browser on to ``?token=…``.
    lang : {"da", "en"}
    display : bool
        Show the page at once (in a notebook or Voila).
    """

    def __init__(self, store: AnswerStore, *, session: str | None = None, token: str | None = None,
                 lang: str = "da", display: bool = True):
        import ipywidgets as w

        self.store = store
        self.session = session or os.environ.get("KAEDE_WORKSHOP_SESSION", DEFAULT_SESSION)
        self.redirect = token is None
        self.token = token or new_token()
        self.lang = lang
        self.receipt: Any = None
        self.lang_switch = w.ToggleButtons(options=[("Dansk", "da"), ("English", "en")], value=lang,
                                           layout=w.Layout(width="auto"))
        self.heading = w.HTML()
        self.prompts: dict[str, Any] = {}
        self.radios: dict[str, Any] = {}
        rows = []
        for q in QUESTIONS:
            self.prompts[q.qid] = w.HTML(layout=w.Layout(width="100%"))
            self.radios[q.qid] = w.RadioButtons(options=self._options(), value=None,
                                                layout=w.Layout(width="auto"), _dom_classes=["kaede-q", f"kaede-q-{q.qid}"])
            rows.append(w.VBox([self.prompts[q.qid], self.radios[q.qid]],
                               layout=w.Layout(border="1px solid #ddd", padding="6px", margin="4px 0")))
        self.comment = w.Textarea(placeholder="", layout=w.Layout(width="100%", height="80px"),
                                  _dom_classes=["kaede-comment"])
        self.comment_label = w.HTML()
        self.submit_button = w.Button(button_style="primary", layout=w.Layout(width="100%", height="48px"),
                                      _dom_classes=["kaede-submit"])
        self.message = w.HTML(_dom_classes=["kaede-message"])
        self.code = w.HTML()
        extra = []
        if self.redirect:  # a first visit: go on to the address that carries the token
            extra.append(w.HTML(f'<meta http-equiv="refresh" content="0; url=?token={html.escape(self.token)}'
                                f'&amp;lang={lang}"><a href="?token={html.escape(self.token)}">…</a>'))
        self.widget = w.VBox([*extra, self.lang_switch, self.heading, *rows, self.comment_label, self.comment,
                              self.submit_button, self.message, self.code],
                             layout=w.Layout(max_width="720px", margin="0 auto"))
        self.lang_switch.observe(lambda ch: self.set_lang(ch["new"]), names="value")
        self.submit_button.on_click(lambda _: self.submit())
        self.set_lang(lang)
        if display:  # pragma: no cover
            from IPython.display import display as show
            show(self.widget)

    def _options(self) -> list[tuple[str, str]]:
        return [(a.da if self.lang == "da" else a.en, k) for k, a in ANSWERS.items()]

    def set_lang(self, lang: str) -> None:
        """Switch every word of the page to ``lang`` (answers chosen so far are kept)."""
        self.lang = lang
        self.heading.value = (f"<h2 style='margin:4px 0'>{html.escape(ui('title', lang))}</h2>"
                              f"<p>{html.escape(ui('intro', lang))}</p>")
        for i, q in enumerate(QUESTIONS, 1):
            self.prompts[q.qid].value = f"<b>{i}. {html.escape(q.text(lang))}</b>"
            keep = self.radios[q.qid].value
            self.radios[q.qid].options = self._options()
            self.radios[q.qid].value = keep
        self.comment_label.value = f"<b>{html.escape(ui('comment', lang))}</b>"
        self.submit_button.description = ui("submit", lang)
        self.code.value = f"<small>{html.escape(ui('your_code', lang))}: <code>{html.escape(self.token[:6])}</code></small>"

    def values(self) -> dict[str, str]:
        return {q: r.value for q, r in self.radios.items() if r.value is not None}

    def submit(self) -> None:
        """Store the answers (or show why not); the message is always plain text."""
        self.receipt = self.store.submit(self.session, self.token, self.values(), self.comment.value, self.lang)
        colour = "#1a7f37" if self.receipt.stored else "#b30000"
        self.message.value = f"<p style='color:{colour};font-size:1.1em'>{html.escape(self.receipt.message)}</p>"

    def _ipython_display_(self) -> None:  # pragma: no cover
        from IPython.display import display
        display(self.widget)


def participant_page(path: str | None = None, **kwargs: Any) -> ParticipantPage:
    """The page as the Voila notebook builds it: store from ``$KAEDE_WORKSHOP_DB``, token and language
    from the page address."""
    return ParticipantPage(AnswerStore(path), token=token_from_query(), lang=lang_from_query(), **kwargs)


__all__ = ["ParticipantPage", "participant_page", "token_from_query", "new_token"]
