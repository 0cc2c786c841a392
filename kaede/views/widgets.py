"""Interactive widgets: Explorer, WhatIf and Compare (ipywidgets, imported here only).

Each widget is a thin view over a state object from :mod:`kaede.views.explore`: its controls set the
state, and its outputs are drawn from the same functions a script calls (``diagnose``,
``chain_drive``, ``compare``, ``plot_chain``...). Figures are rendered to PNG and shown in an
``Image`` widget, so a widget can be built and driven without a browser or a kernel
(``display=False``) — which is how the tests drive them. An error in a callback is shown in the
widget's message line, not lost; text from the data is HTML-escaped wherever HTML is rendered.

Examples
--------
>>> import kaede
>>> from kaede.views.widgets import Explorer
>>> ex = Explorer(kaede.load_cases(), display=False)
>>> ex.controls["case"].value = "hoersholm"
>>> ex.state.case
'hoersholm'
"""
from __future__ import annotations

import html
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..model.chain import to_ordinal
from .explore import (THRESHOLDS, CompareState, ExplorerState, WhatIfState, date_options, findings_table,
                      milestone_names, what_if_folder)
from .words import format_date, header, milestone_label, verdict_word, word

if TYPE_CHECKING:  # pragma: no cover
    from ..data.datasets import Case

FIG_DPI = 72


def _png(draw: Callable[[Any], Any], size: tuple[float, float]) -> bytes:
    """Draw with ``draw(ax)`` on a new (pyplot-free) figure and return PNG bytes: drawn once on an
    Agg canvas and encoded by :func:`~kaede.views.plot.png_bytes` (``savefig`` would draw again and
    encode more slowly)."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .plot import png_bytes
    fig = Figure(figsize=size, dpi=FIG_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    draw(fig.add_subplot())
    fig.canvas.draw()
    return png_bytes(np.asarray(fig.canvas.buffer_rgba()))


def _e(value: Any) -> str:
    return "" if value is None or value is pd.NA else html.escape(str(value))


def findings_html(table: pd.DataFrame, extra: Mapping[str, Sequence[str]] | None = None) -> str:
    """An HTML table of findings (from :func:`kaede.views.explore.findings_table`), every cell escaped.

    ``extra`` adds columns: header → one value per row.

    Examples
    --------
    >>> t = pd.DataFrame([{"rule": "D1", "verdict": "absent", "explanation": "<b>x</b>", "sources": ""}])
    >>> "&lt;b&gt;x&lt;/b&gt;" in findings_html(t)
    True
    """
    extra = dict(extra or {})
    cols = list(table.columns) + list(extra)
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{_e(c)}</th>" for c in cols)
    body = []
    for i, r in enumerate(table.to_dict("records")):
        cells = [r[c] for c in table.columns] + [extra[c][i] for c in extra]
        body.append("<tr>" + "".join(f"<td style='vertical-align:top;padding:2px 8px'>{_e(v)}</td>" for v in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


#: A headline longer than this is cut at a word boundary (the full text stays under "details").
HEADLINE_MAX = 110


def headline(finding: Any, lang: str = "en") -> str:
    """The one-line headline of a finding: its ``headline_da``/``headline_en`` when diagnose gives one,
    else the first sentence of its explanation, cut at a word boundary past :data:`HEADLINE_MAX`.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.Series({"explanation_en": "The chain comes off at budget. Even if unknown links held, it would."})
    >>> headline(f)
    'The chain comes off at budget.'
    >>> headline(pd.Series({"headline_en": "Comes off at budget", "explanation_en": "Long text."}))
    'Comes off at budget'
    """
    get = finding.get if hasattr(finding, "get") else (lambda k, d=None: getattr(finding, k, d))
    given = get(f"headline_{lang}", None)
    if isinstance(given, str) and given.strip():
        return given.strip()
    text = str(get(f"explanation_{lang}", "") or "").strip()
    import re
    m = re.search(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", text)
    first = text[:m.start()] if m else text
    if len(first) > HEADLINE_MAX:
        cut = first.rfind(" ", 0, HEADLINE_MAX)
        first = first[:cut if cut > 40 else HEADLINE_MAX].rstrip(" ,;:") + " …"
    return first


def findings_summary_html(findings: pd.DataFrame, case: Any, lang: str = "en",
                          extra: Mapping[str, Sequence[str]] | None = None) -> str:
    """Findings as headlines: rule, verdict and the one-line headline per row (plus ``extra`` columns),
    with the full explanation and the sources folded beneath ("details", opened on demand). Every
    cell is escaped.

    Examples
    --------
    >>> import kaede
    >>> c = kaede.load_case(kaede.list_cases()[0])
    >>> out = findings_summary_html(kaede.diagnose(c), c, "da")
    >>> out.count("<details>") == len(kaede.diagnose(c))
    True
    """
    from .words import header
    full = findings_table(findings, case, lang)
    extra = dict(extra or {})
    cols = [header(c, lang) for c in ("rule", "verdict")] + [("overskrift" if lang == "da" else "headline")] + list(extra)
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{_e(c)}</th>" for c in cols)
    more = "detaljer og kilder" if lang == "da" else "details and sources"
    body = []
    for i, (f, t) in enumerate(zip(findings.to_dict("records"), full.itertuples(index=False))):
        rule, verdict, explanation, sources = t[0], t[1], t[2], t[3]
        cells = [f"<td style='vertical-align:top;padding:2px 8px;white-space:nowrap'>{_e(rule)}</td>",
                 f"<td style='vertical-align:top;padding:2px 8px;white-space:nowrap'><b>{_e(verdict)}</b></td>",
                 f"<td style='vertical-align:top;padding:2px 8px'>{_e(headline(f, lang))}"
                 f"<details><summary style='cursor:pointer;color:#555'>{more}</summary>"
                 f"<p style='margin:2px 0'>{_e(explanation)}</p>"
                 + (f"<p style='margin:2px 0;color:#555'>{_e(sources)}</p>" if sources else "") + "</details></td>"]
        cells += [f"<td style='vertical-align:top;padding:2px 8px'>{_e(extra[c][i])}</td>" for c in extra]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table class='kaede-findings'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def widget_bundle(widget: Any, png: bytes | None = None, note: str = "") -> dict[str, Any]:
    """The display bundle of ``widget`` with a static picture beside it.

    A notebook opened before it is run (or not trusted) cannot show live widgets; JupyterLab then shows
    the best *safe* representation. With the last picture as ``image/png`` and a one-line ``text/plain``
    note, that is the picture as it was saved, never a ``VBox(children=...`` repr. A front end with
    the widget (a running kernel, Voila) shows the live widget, which ranks first.

    Examples
    --------
    >>> import ipywidgets as w
    >>> b = widget_bundle(w.HTML("x"), b"PNG", "Explorer")
    >>> sorted(b)
    ['application/vnd.jupyter.widget-view+json', 'image/png', 'text/plain']
    >>> b["text/plain"]
    'Explorer (run the cell for live controls)'
    """
    import base64
    bundle = dict(widget._repr_mimebundle_() or {})
    bundle = {k: v for k, v in bundle.items() if k == "application/vnd.jupyter.widget-view+json"}
    if png:
        bundle["image/png"] = base64.b64encode(png).decode("ascii")
    bundle["text/plain"] = f"{note or type(widget).__name__} (run the cell for live controls)"
    return bundle


def show_widget(widget: Any, png: bytes | None = None, note: str = "") -> None:  # pragma: no cover - front end
    """Display ``widget`` with its static picture beside it (see :func:`widget_bundle`)."""
    from IPython.display import display
    display(widget_bundle(widget, png, note), raw=True)


class _Base:
    """Shared plumbing: the message line, error capture, timing, display and the chain picture."""

    def __init__(self) -> None:
        import ipywidgets as w

        from .plot import ChainRenderer
        self.renderer = ChainRenderer(dpi=FIG_DPI)
        self.focus_renderer: Any = None  # a FocusRenderer, made on the first focused picture
        self.message = w.HTML()
        self.last_update_seconds = 0.0
        self.last_error: str | None = None

    @contextmanager
    def _guard(self) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
            self.message.value = ""
            self.last_error = None
        except Exception as exc:  # shown in the widget, not lost
            self.last_error = f"{type(exc).__name__}: {exc}"
            self.message.value = f"<span style='color:#b30000'>{_e(self.last_error)}</span>"
        finally:
            self.last_update_seconds = time.perf_counter() - t0

    def _draw(self, view: Any, *, title: str, lang: str, thresholds: Mapping[str, Any], findings: Any,
              focus: bool = True, unfold: Any = ()) -> bytes:
        """PNG of the chain: the focused view (default) or all evidence."""
        if focus:
            if self.focus_renderer is None:
                from .plot import FocusRenderer
                self.focus_renderer = FocusRenderer(dpi=FOCUS_DPI)
            return self.focus_renderer.render(view, title=title, lang=lang, thresholds=thresholds, findings=findings,
                                              unfold=unfold)
        return self.renderer.render(view, title=title, lang=lang, thresholds=thresholds, findings=findings)

    def _static_png(self) -> bytes | None:
        img = getattr(self, "image", None) or getattr(self, "matrix_image", None)
        return bytes(img.value) if img is not None and img.value else None

    def _ipython_display_(self) -> None:  # pragma: no cover - needs a front end
        show_widget(self.widget, self._static_png(), f"kaede {type(self).__name__}")


#: Resolution of the focused picture (16 × 9 inches): 1280 × 720 pixels, sharp on a projector.
FOCUS_DPI = 80


def _fold_options(view: Any, lang: str, findings: Any = None) -> list[tuple[str, str]]:
    """The roles that are folded in the focused view of ``view`` (with ``findings``, a diagnose
    table, if given: computed otherwise), as (label, role) options."""
    from ..data.vocab import ROLE_LABELS
    from .focus import focus_view
    rows = list(findings.itertuples(index=False)) if findings is not None else None
    roles = sorted(focus_view(view, rows).folded)
    return [(ROLE_LABELS.get(r, (r, r))[0 if lang == "da" else 1], r) for r in roles]


class Explorer(_Base):
    """Case, date (stepping through the case's milestones and events), language and rule thresholds
    → the chain and the findings with their sources, updated in place.

    The chain is the focused view by default (the deciding paths and where the chain comes off; other
    elements folded by role, unfolded with the ``unfold`` control); ``view`` switches to all evidence.
    Every control, date, milestone and verdict follows the language switch.

    Parameters
    ----------
    cases : mapping of name to Case, optional
        Default: every shipped case.
    case, date, lang : optional
        Initial values (see :class:`kaede.views.explore.ExplorerState`).
    display : bool
        Show the widget at once (in a notebook). Use False to build it headless.

    Attributes
    ----------
    state : ExplorerState
    controls : dict of str to widget
        ``case``, ``date``, ``lang``, ``view``, ``unfold`` and one slider per threshold.
    findings : pandas.DataFrame
        The findings shown (as :func:`kaede.diagnose` returns them).
    image : ipywidgets.Image
        The chain figure (PNG).
    movable : dict of str to tuple of str
        Per threshold slider, the rules whose verdict it can move at the current case and date;
        such a slider's description ends in ◆ and its tooltip names the rules.
    widget : ipywidgets.VBox
    """

    #: Pictures kept for controls seen before (each about 60 kB).
    PICTURES = 64

    def __init__(self, cases: Mapping[str, Case] | None = None, *, case: str = "", date: str | None = None,
                 lang: str = "en", focus: bool = True, display: bool = True):
        import ipywidgets as w

        from ..data.datasets import load_cases
        super().__init__()
        self._pictures: dict[tuple[Any, ...], bytes] = {}
        self.state = ExplorerState(cases if cases is not None else load_cases(), case=case, date=date, lang=lang)
        cs = self.state.cases
        self.controls: dict[str, Any] = {
            "case": w.Dropdown(options=[(c.title, k) for k, c in cs.items()], value=self.state.case,
                               description=word("case", lang)),
            "date": w.Dropdown(options=self._date_options(), value=self.state.on or "", description=word("date", lang),
                               layout=w.Layout(width="460px")),
            "lang": w.ToggleButtons(options=[("Dansk", "da"), ("English", "en")], value=lang),
            "view": w.ToggleButtons(options=[(word("focus", lang), "focus"), (word("all", lang), "all")],
                                    value="focus" if focus else "all"),
            "unfold": w.SelectMultiple(options=_fold_options(self.state.view, lang, self.state.findings), value=(), rows=4,
                                       description=word("unfold", lang), layout=w.Layout(width="360px")),
        }
        for name, (default, lo, hi) in THRESHOLDS.items():
            self.controls[name] = w.IntSlider(value=default, min=lo, max=hi, description=word(name, lang),
                                              style={"description_width": "200px"}, layout=w.Layout(width="380px"))
        self.image = w.Image(format="png", layout=w.Layout(width="100%"))
        self.findings_box = w.HTML()
        c = self.controls
        self.widget = w.VBox([
            w.HBox([c["case"], c["date"], c["lang"]]), w.HBox([c["view"], c["unfold"]]),
            w.HBox([c[n] for n in THRESHOLDS]), self.message, self.image, self.findings_box])
        self.findings = pd.DataFrame()
        for name, ctl in self.controls.items():
            ctl.observe(self._on_change, names="value")
        self.refresh()
        if display:  # pragma: no cover
            self._ipython_display_()

    def _date_options(self) -> list[tuple[str, str]]:
        """The case's dates, plus the state's own date if it is not one of them."""
        key = (self.state.case, id(self.state.current), self.state.lang)
        cache = self.__dict__.setdefault("_date_option_cache", {})
        if key not in cache:  # a case's dates in a language do not change: worded once
            cache[key] = date_options(self.state.current, self.state.lang)
        options = list(cache[key])
        on = self.state.on
        if on and on not in {v for _, v in options}:
            options = sorted(options[:-1] + [(format_date(on, self.state.lang), on)],
                             key=lambda o: to_ordinal(o[1])) + options[-1:]
        return options

    _quiet = False
    _changed_at: float | None = None
    #: Seconds from the last control change to its new picture (the rest of the update, the findings
    #: table and the sliders' marks, follows); ``last_update_seconds`` is the whole update.
    last_picture_seconds = 0.0

    def _relabel(self) -> None:
        """Put every control's words and options in the state's language (one refresh after)."""
        lang, c = self.state.lang, self.controls
        self._quiet = True
        try:
            c["case"].description, c["date"].description = word("case", lang), word("date", lang)
            c["unfold"].description = word("unfold", lang)
            keep = c["unfold"].value
            opts = _fold_options(self.state.view, lang, self.state.findings)
            c["unfold"].options = opts
            c["unfold"].value = tuple(r for r in keep if r in {v for _, v in opts})
            c["view"].options = [(word("focus", lang), "focus"), (word("all", lang), "all")]
            for n in THRESHOLDS:
                c[n].description = word(n, lang)
            c["date"].options = self._date_options()
            c["date"].value = self.state.on or ""
        finally:
            self._quiet = False

    def _on_change(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        self._changed_at = time.perf_counter()
        with self._guard():
            owner = next(k for k, c in self.controls.items() if c is change["owner"])
            if owner == "case":
                self.state.set(case=change["new"])
                self._relabel()  # the date control follows the case; one refresh for both
            elif owner == "date":
                self.state.set(date=change["new"] or None)
            elif owner == "lang":
                self.state.set(lang=change["new"])
                self._relabel()
            elif owner in ("view", "unfold"):
                pass
            else:
                self.state.set(**{owner: change["new"]})
        self.refresh()

    def refresh(self) -> None:
        """Recompute the findings and redraw the chain from the state."""
        with self._guard():
            t0 = time.perf_counter()
            findings = self.state.findings
            view = self.state.view
            case = self.state.current
            lang = self.state.lang
            focus, unfold = self.controls["view"].value == "focus", self.controls["unfold"].value
            # the picture is a function of these controls alone (the Explorer does not edit cases): a
            # picture drawn before is shown again at once when the room steps back to it
            key = (self.state.case, self.state.on, lang, focus, tuple(unfold),
                   tuple(sorted(self.state.thresholds.items())))
            png = self._pictures.pop(key, None)
            self.last_picture_kept = png is not None  # shown again, not drawn (benchmarks tell them apart)
            if png is None:
                png = self._draw(view, title=case.title if lang == "da" else case.title_en, lang=lang,
                                 thresholds=self.state.thresholds, findings=list(findings.itertuples(index=False)),
                                 focus=focus, unfold=unfold)
            self._pictures[key] = png
            while len(self._pictures) > self.PICTURES:
                self._pictures.pop(next(iter(self._pictures)))
            self.image.value = png
            # from the control's change (or this refresh) to the new picture sent to the page
            self.last_picture_seconds = time.perf_counter() - (self._changed_at or t0)
            self._changed_at = None
            self.findings = findings
            self.findings_box.value = findings_summary_html(findings, self.state.current, lang)
            self._mark_sliders()
            self.last_render_seconds = time.perf_counter() - t0

    #: Appended to a slider's description when it can move a verdict at the current case and date.
    MOVES_MARK = " ◆"

    def _mark_sliders(self) -> None:
        """Mark the sliders that can move a verdict here (◆, and a tooltip naming the rules)."""
        movable = self.state.movable
        for name, rules in movable.items():
            ctl = self.controls[name]
            base = ctl.description.removesuffix(self.MOVES_MARK)
            ctl.description = base + self.MOVES_MARK if rules else base
            ctl.tooltip = ((f"kan flytte {', '.join(rules)} her" if self.state.lang == "da" else
                            f"can move {', '.join(rules)} here") if rules else
                           ("flytter ingen dom her" if self.state.lang == "da" else "moves no verdict here"))
        self.movable = movable


def _stage_words(keys: Sequence[str] | None, lang: str) -> str:
    """Chain-drive stage keys as words: ``effekt­mål → mål- og rammeaftaler``."""
    from ..model.drive import STAGES
    names = {k: (da if lang == "da" else en) for k, da, en, _ in STAGES}
    return " → ".join(names.get(k, k) for k in keys) if keys else "–"


class WhatIf(_Base):
    """Change a link's status or strength, or add a link, and watch the verdicts and the bottleneck
    move — the talk's "creating chain drive" as an exercise. Reset; save as a new, valid package.

    Links and elements are shown by their labels in ``lang``, never by ids. A save goes to
    :func:`kaede.views.explore.what_if_folder` (a bare name lands in the user data folder, outside
    the repository), and the message gives the full path.

    Attributes
    ----------
    state : WhatIfState
    controls : dict of str to widget
        ``link``, ``status``, ``strength``, ``apply``, ``reset``, ``add_source``, ``add_target``,
        ``add_relation``, ``add``, ``folder``, ``save``.
    findings : pandas.DataFrame
        Diagnosis of the edited case.
    """

    def __init__(self, case: Case, *, date: str | None = None, lang: str = "en", display: bool = True):
        import ipywidgets as w

        from ..data.vocab import RELATIONS
        from ..model.rules import _RELATION_DA
        super().__init__()
        self.lang = lang
        self.state = WhatIfState(case, date=date)
        labels = case.elements.set_index("element_id")[f"label_{lang}"]
        el_options = sorted(((str(labels[e]), e) for e in case.elements["element_id"]), key=lambda x: x[0].lower())
        rel = [(_RELATION_DA.get(r, r) if lang == "da" else r.replace("_", " "), r) for r in RELATIONS]
        self.controls: dict[str, Any] = {
            "link": w.Dropdown(options=self._link_options(), description=word("link", lang), layout=w.Layout(width="760px")),
            "status": w.ToggleButtons(options=[(word(s, lang), s) for s in ("present", "absent", "unknown")], value="present"),
            "strength": w.IntSlider(value=2, min=1, max=3, description=word("strength", lang)),
            "apply": w.Button(description=word("apply", lang), button_style="primary"),
            "reset": w.Button(description=word("reset", lang)),
            "add_source": w.Dropdown(options=el_options, description=word("from", lang)),
            "add_target": w.Dropdown(options=el_options, description=word("to", lang)),
            "add_relation": w.Dropdown(options=rel, value="translates_into", description=word("relation", lang)),
            "add": w.Button(description=word("add", lang)),
            "folder": w.Text(value=f"{case.name}-what-if", description=word("save_to", lang)),
            "save": w.Button(description=word("save", lang)),
        }
        self.image = w.Image(format="png", layout=w.Layout(width="100%"))
        self.findings_box = w.HTML()
        self.drive_box = w.HTML()
        c = self.controls
        self.widget = w.VBox([
            c["link"], w.HBox([c["status"], c["strength"], c["apply"], c["reset"]]),
            w.HBox([c["add_source"], c["add_target"], c["add_relation"], c["add"]]),
            w.HBox([c["folder"], c["save"]]), self.message, self.drive_box, self.image, self.findings_box])
        # class names a page can lay the parts out by (the deck puts the picture beside the controls)
        self.widget.add_class("kaede-whatif")
        for part, name in [(self.image, "image"), (self.findings_box, "findings"), (self.drive_box, "drive"),
                           (self.message, "message"), (c["link"], "link")]:
            part.add_class(f"kaede-whatif-{name}")
        for row, name in zip(self.widget.children[1:4], ("edit", "add", "save")):
            row.add_class(f"kaede-whatif-{name}")
        c["apply"].on_click(lambda _: self.apply())
        c["reset"].on_click(lambda _: self.reset())
        c["add"].on_click(lambda _: self.add())
        c["save"].on_click(lambda _: self.save())
        self.findings = pd.DataFrame()
        self.saved_to: str | None = None
        self.refresh()
        if display:  # pragma: no cover
            self._ipython_display_()

    def _link_options(self) -> list[tuple[str, str]]:
        case = self.state.case
        labels = case.elements.set_index("element_id")[f"label_{self.lang}"]
        out = []
        for r in case.links.itertuples(index=False):
            strength = "" if r.strength is pd.NA else f" {r.strength}"
            out.append((f"{labels[r.source]} → {labels[r.target]}  [{word(r.status, self.lang)}{strength}]", r.link_id))
        return out

    def apply(self) -> None:
        """Apply the status and strength controls to the chosen link."""
        with self._guard():
            c = self.controls
            self.state.edit(c["link"].value, status=c["status"].value,
                            strength=c["strength"].value if c["status"].value == "present" else None)
        self.refresh()

    def add(self) -> None:
        """Add a link from the 'From', 'To' and 'Relation' controls, with the status and strength controls."""
        with self._guard():
            c = self.controls
            self.state.add(c["add_source"].value, c["add_target"].value, c["add_relation"].value,
                           status=c["status"].value, strength=c["strength"].value)
        self.refresh()

    def reset(self) -> None:
        """Drop every edit."""
        self.state.reset()
        self.refresh()

    def save(self) -> None:
        """Save the edited case as a new package in the folder named in 'Save as' (a bare name goes to
        the user data folder, see :func:`kaede.views.explore.user_data_dir`)."""
        with self._guard():
            folder = self.state.save(what_if_folder(self.controls["folder"].value))
            self.saved_to = str(folder.resolve())
        if self.last_error is None:
            self.message.value = f"{word('saved', self.lang)} <code>{_e(self.saved_to)}</code>."

    def refresh(self) -> None:
        """Recompute the edited case's findings and chain drive and redraw."""
        lang = self.lang
        with self._guard():
            findings = self.state.findings()
            before = self.state.baseline().set_index("rule")["verdict"]
            drive = self.state.drive()
            view = drive._view
            base = self.state.base
            self.image.value = self._draw(view, title=f"{base.title if lang == 'da' else base.title_en} ({word('what_if', lang)})",
                                          lang=lang, thresholds=self.state.thresholds,
                                          findings=list(findings.itertuples(index=False)))
            self.findings = findings
            moved = [f"{word('was', lang)} {verdict_word(before[r], lang, r)}" if before[r] != v else ""
                     for r, v in zip(findings["rule"], findings["verdict"])]
            self.findings_box.value = findings_summary_html(findings, self.state.case, lang,
                                                            {header("change", lang): moved})
            self.drive_box.value = (f"<b>{word('chain_drive', lang)}:</b> {_e(verdict_word(drive.verdict, lang, 'chain_drive'))} · "
                                    f"{drive.drive_if_unknown_absent} ({_e(word('if_unknown_hold', lang))}: "
                                    f"{drive.drive_if_unknown_present}) · {_e(word('weakest', lang))}: "
                                    f"{_e(_stage_words(drive.comes_off_at, lang))}")
            opts = self._link_options()
            ctl = self.controls["link"]
            keep = ctl.value
            ctl.options = opts
            if keep in {v for _, v in opts}:
                ctl.value = keep


class Compare(_Base):
    """Choose cases and a date or milestone → the cross-case matrix, the process timelines and the
    process features table, in ``lang``.

    Attributes
    ----------
    state : CompareState
    controls : dict of str to widget
        ``cases`` (SelectMultiple), ``on`` (Dropdown of milestones, or all evidence), ``align``.
    matrix : pandas.DataFrame
    """

    def __init__(self, cases: Mapping[str, Case] | None = None, *, on: str | None = "talk", lang: str = "en",
                 display: bool = True):
        import ipywidgets as w

        from ..data.datasets import load_cases
        super().__init__()
        self.lang = lang
        cs = cases if cases is not None else load_cases()
        names = milestone_names(cs)
        on = on if on in names else None
        self.state = CompareState(cs, on=on)
        self.controls: dict[str, Any] = {
            "cases": w.SelectMultiple(options=[(c.title, k) for k, c in cs.items()], value=tuple(cs),
                                      description=word("cases", lang)),
            "on": w.Dropdown(options=[(word("all_evidence", lang), "")] + [(milestone_label(m, lang), m) for m in names],
                             value=on or "", description=word("at", lang)),
            "align": w.ToggleButtons(options=[(word("calendar", lang), "calendar"), (word("adoption", lang), "adoption")],
                                     value="calendar"),
        }
        self.matrix_image = w.Image(format="png")
        self.timeline_image = w.Image(format="png", layout=w.Layout(width="100%"))
        self.process_box = w.HTML()
        c = self.controls
        self.widget = w.VBox([w.HBox([c["cases"], c["on"], c["align"]]), self.message, self.matrix_image,
                              self.timeline_image, self.process_box])
        for ctl in c.values():
            ctl.observe(lambda _: self.refresh_from_controls(), names="value")
        self.matrix = pd.DataFrame()
        self._drawn_for: tuple[Any, ...] | None = None
        self.refresh()
        if display:  # pragma: no cover
            self._ipython_display_()

    def refresh_from_controls(self) -> None:
        c = self.controls
        self.state.selected = list(c["cases"].value)
        self.state.on = c["on"].value or None
        self.state.align = c["align"].value
        self.refresh()

    def refresh(self) -> None:
        """Recompute the matrix and process table and redraw."""
        from .plot import plot_matrix, plot_timelines
        lang = self.lang
        with self._guard():
            if not self.state.selected:
                raise ValueError(word("choose_case", lang))
            matrix = self.state.matrix()
            chosen = self.state.chosen()
            if matrix.empty:
                raise ValueError(f"ingen af de valgte cases har milepælen {self.state.on!r}" if lang == "da" else
                                 f"none of the chosen cases has the milestone {self.state.on!r}")
            self.matrix_image.value = _png(lambda ax: plot_matrix(matrix, lang=lang, ax=ax),
                                           (2.2 + 1.9 * matrix.shape[1], 1.2 + 0.55 * matrix.shape[0]))
            self.matrix = matrix
            # the timelines and the process table do not depend on the date: redraw only when the
            # chosen cases or the alignment change
            key = (tuple(self.state.selected), self.state.align)
            if key != self._drawn_for:
                self.timeline_image.value = _png(lambda ax: plot_timelines(chosen, align=self.state.align, lang=lang, ax=ax),
                                                 (14, 2 + 1.6 * len(chosen)))
                proc = self.state.process().T.reset_index().rename(columns={"index": "feature"})
                head = "".join(f"<th>{_e(header(str(c), lang))}</th>" for c in proc.columns)
                rows = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in r) + "</tr>"
                               for r in proc.itertuples(index=False))
                self.process_box.value = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
                self._drawn_for = key
