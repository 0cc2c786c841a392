"""The state behind the widgets, as plain objects a script can drive: explorer, what-if, compare.

The widgets in :mod:`kaede.views.widgets` only map controls onto these objects and draw their results,
so everything here is tested without a browser, and a script gets the same answers as a room.

Examples
--------
>>> import kaede
>>> s = ExplorerState(kaede.load_cases(), case="hoersholm")
>>> s.set(date="talk").findings.rule.tolist()
['D1', 'D2', 'D3', 'chain_drive']
"""
from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..model.chain import ChainView, chain_view, to_ordinal
from ..model.drive import ChainDrive, drive_of
from ..model.findings import RULES, diagnose, split_thresholds

if TYPE_CHECKING:  # pragma: no cover
    from ..data.datasets import Case

#: The thresholds the explorer exposes, with their defaults and allowed range.
THRESHOLDS: dict[str, tuple[int, int, int]] = {
    "min_strength": (1, 1, 3),
    "D3_admin_min_strength": (2, 1, 3),
    "chain_drive_unknown_capacity": (1, 0, 3),
}


def date_options(case: Case, lang: str = "en") -> list[tuple[str, str]]:
    """(label, date) choices for stepping through a case: its milestones and its event dates, in
    date order, then "all evidence" (date ""). Dates and milestone names are written in ``lang``.

    Examples
    --------
    >>> import kaede
    >>> date_options(kaede.load_case("hoersholm"))[-1]
    ('all evidence', '')
    >>> ("8. okt. 2012 · foredraget", "2012-10-08") in date_options(kaede.load_case("hoersholm"), "da")
    True
    """
    from .words import format_date, milestone_label, word
    seen: dict[int, str] = {}
    labels: dict[int, list[str]] = {}
    for name, d in case.milestones.items():
        day = to_ordinal(d)
        seen[day] = d
        labels.setdefault(day, []).append(milestone_label(name, lang, case))
    for d in case.events["date"].dropna().tolist():
        day = to_ordinal(d)
        seen.setdefault(day, d)
    out = []
    for day in sorted(seen):
        text = format_date(seen[day], lang)
        if day in labels:
            text += " · " + ", ".join(labels[day])
        out.append((text, seen[day]))
    out.append((word("all_evidence", lang), ""))
    return out


def user_data_dir() -> Path:
    """Where kaede keeps what a user makes (what-if cases, workshop answers): ``$KAEDE_USER_DATA``
    if set, else the platform's user data folder — ``$XDG_DATA_HOME/kaede`` or
    ``~/.local/share/kaede`` on Linux, ``~/Library/Application Support/kaede`` on macOS,
    ``%APPDATA%\\kaede`` on Windows. Never inside the repository's ``notebooks/``.

    Examples
    --------
    >>> import os
    >>> os.environ["KAEDE_USER_DATA"] = "/tmp/kaede-doc"
    >>> str(user_data_dir())
    '/tmp/kaede-doc'
    >>> del os.environ["KAEDE_USER_DATA"]
    """
    import sys
    env = os.environ.get("KAEDE_USER_DATA")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "kaede"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "kaede"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "kaede"


def what_if_folder(name: str | os.PathLike[str]) -> Path:
    """The folder a what-if case named ``name`` is saved to: an absolute path as given, a bare name
    under ``user_data_dir() / "cases"``.

    Examples
    --------
    >>> what_if_folder("/tmp/x-what-if")
    PosixPath('/tmp/x-what-if')
    >>> what_if_folder("x").parent.name
    'cases'
    """
    p = Path(name).expanduser()
    return p if p.is_absolute() else user_data_dir() / "cases" / p


def _resolve_date(case: Case, date: str | None) -> str | None:
    if not date:
        return None
    from ..model.chain import resolve_date
    return resolve_date(case, date)


@dataclass
class ExplorerState:
    """Case, date, language and thresholds → the chain snapshot, findings and chain drive.

    Parameters
    ----------
    cases : mapping of name to Case
    case : str, optional
        Initial case (default: the first).
    date : str, optional
        A partial ISO date, a milestone name, or "" / None for all evidence.
    lang : {"en", "da"}
    thresholds : mapping, optional
        As for :func:`kaede.diagnose`.
    """

    cases: Mapping[str, Case]
    case: str = ""
    date: str | None = None
    lang: str = "en"
    thresholds: dict[str, Any] = field(default_factory=dict)
    #: Findings and slider marks computed before, per (case object, date, thresholds): the room steps
    #: back and forth, and the widgets ask for them more than once per change.
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.case:
            self.case = next(iter(self.cases))
        self._check()

    def _check(self) -> None:
        if self.case not in self.cases:
            raise KeyError(f"no case {self.case!r}; expected one of {', '.join(self.cases)}")
        if self.lang not in ("en", "da"):
            raise ValueError(f"lang must be 'en' or 'da', not {self.lang!r}")
        split_thresholds(self.thresholds, list(RULES))  # raises for an unknown threshold

    def set(self, **changes: Any) -> ExplorerState:
        """Change fields in place (``case``, ``date``, ``lang``, ``thresholds`` or a threshold by
        name) and return self. Changing the case resets the date unless one is given. A change
        that fails its check raises and leaves the state as it was."""
        new = copy.copy(self)
        new.thresholds = dict(self.thresholds)
        if "case" in changes and changes["case"] != self.case and "date" not in changes:
            new.date = None
        for key, value in changes.items():
            if key in ("case", "date", "lang"):
                setattr(new, key, value)
            elif key == "thresholds":
                new.thresholds = dict(value)
            else:
                new.thresholds[key] = value
        new._check()
        self.__dict__.update(new.__dict__)
        return self

    @property
    def current(self) -> Case:
        """The selected Case."""
        return self.cases[self.case]

    @property
    def on(self) -> str | None:
        """The selected date as a partial ISO date (milestones resolved), or None."""
        return _resolve_date(self.current, self.date)

    @property
    def view(self) -> ChainView:
        """The chain on the selected date."""
        return self._remember("view", lambda: chain_view(self.current, self.on))

    @property
    def findings(self) -> pd.DataFrame:
        """:func:`kaede.diagnose` for the selected case, date and thresholds."""
        return self._remember("findings", lambda: diagnose(self.current, self.date or None, **self.thresholds)).copy()

    def _remember(self, what: str, compute: Any) -> Any:
        key = (what, id(self.current), self.case, self.date, tuple(sorted(self.thresholds.items())))
        if key not in self._memo:
            if len(self._memo) >= 256:
                self._memo.pop(next(iter(self._memo)))
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def drive(self) -> ChainDrive:
        """Chain drive on the selected date, with the chain-drive thresholds."""
        params = split_thresholds(self.thresholds, ["chain_drive"])["chain_drive"]
        return drive_of(self.view, **params)

    @property
    def movable(self) -> dict[str, tuple[str, ...]]:
        """For each threshold slider, the rules whose verdict some value of it would move at the
        selected case and date (the other sliders where they are); empty: the slider changes
        nothing here. See :func:`kaede.model.robustness.threshold_moves`."""
        from ..model.robustness import threshold_moves
        ranges = {name: range(lo, hi + 1) for name, (_, lo, hi) in THRESHOLDS.items()}
        return self._remember("movable", lambda: threshold_moves(self.view, self.thresholds, ranges))


def findings_table(findings: pd.DataFrame, case: Case, lang: str = "en", *, short: bool = False) -> pd.DataFrame:
    """A readable table of findings in ``lang``: rule, verdict, explanation and the sources behind
    the deciding links (title and URL) — headers, rule names and verdict words in ``lang`` too.

    ``short=True`` gives what a room reads from a slide: rule, verdict and the one-line headline
    (at most 120 characters), indexed by rule.

    Examples
    --------
    >>> import kaede
    >>> c = kaede.load_case("furesoe")
    >>> findings_table(kaede.diagnose(c), c).columns.tolist()
    ['rule', 'verdict', 'explanation', 'sources']
    >>> findings_table(kaede.diagnose(c), c, "da").columns.tolist()
    ['regel', 'vurdering', 'forklaring', 'kilder']
    >>> findings_table(kaede.diagnose(c), c, "da", short=True).columns.tolist()
    ['vurdering', 'overskrift']
    """
    from .words import header, rule_name, verdict_word
    if short:
        rows = [[rule_name(r.rule, lang, short=True), verdict_word(r.verdict, lang, r.rule),
                 r.headline_da if lang == "da" else r.headline_en] for r in findings.itertuples(index=False)]
        out = pd.DataFrame(rows, columns=[header(c, lang) for c in ("rule", "verdict", "headline")])
        return out.set_index(header("rule", lang))
    titles = case.sources.set_index("source_id")
    rows = []
    for r in findings.itertuples(index=False):
        srcs = [f"{titles.at[s, 'title']} ({titles.at[s, 'url']})" if titles.at[s, "url"] is not pd.NA
                else str(titles.at[s, "title"]) for s in r.sources if s in titles.index]
        rows.append([rule_name(r.rule, lang, short=True), verdict_word(r.verdict, lang, r.rule),
                     r.explanation_da if lang == "da" else r.explanation_en, "; ".join(srcs)])
    return pd.DataFrame(rows, columns=[header(c, lang) for c in ("rule", "verdict", "explanation", "sources")])


# --------------------------------------------------------------------------------- what-if

WHAT_IF_SOURCE = "what-if-exercise"


@dataclass
class WhatIfState:
    """Edit a case's links — change a status or strength, or add a link — and see the diagnosis move.

    The edits are kept apart from the case; :attr:`case` is a new Case with them applied, and
    :meth:`save` writes it as a new, valid data package in which every edited link is marked
    ``inferred`` and cites a source row that names the exercise.

    Examples
    --------
    >>> import kaede
    >>> w = WhatIfState(kaede.load_case("furesoe"), date="talk")
    >>> lid = w.base.links.loc[w.base.links.status == "unknown", "link_id"].iloc[0]
    >>> _ = w.edit(lid, status="present", strength=3)
    >>> w.edited.loc[lid, "status"]
    'present'
    """

    base: Case
    date: str | None = None
    thresholds: dict[str, Any] = field(default_factory=dict)
    edits: dict[str, dict[str, Any]] = field(default_factory=dict)
    added: list[dict[str, Any]] = field(default_factory=list)
    _case: tuple[Any, Case] | None = field(default=None, repr=False)
    _baseline: tuple[Any, pd.DataFrame] | None = field(default=None, repr=False)

    @property
    def on(self) -> str | None:
        return _resolve_date(self.base, self.date)

    def edit(self, link_id: str, *, status: str | None = None, strength: int | None = None) -> WhatIfState:
        """Change one link's status and/or strength (strength is dropped unless present)."""
        links = self.base.links.set_index("link_id")
        if link_id not in links.index and link_id not in {a["link_id"] for a in self.added}:
            raise KeyError(f"no link {link_id!r} in {self.base.name}")
        if status is not None and status not in ("present", "absent", "unknown"):
            raise ValueError(f"status must be present, absent or unknown, not {status!r}")
        if strength is not None and not 1 <= int(strength) <= 3:
            raise ValueError(f"strength must be 1, 2 or 3, not {strength!r}")
        for a in self.added:
            if a["link_id"] == link_id:
                a.update({k: v for k, v in (("status", status), ("strength", strength)) if v is not None})
                break
        else:
            e = self.edits.setdefault(link_id, {})
            if status is not None:
                e["status"] = status
            if strength is not None:
                e["strength"] = int(strength)
        self._case = None
        return self

    def add(self, source: str, target: str, relation: str, *, status: str = "present", strength: int = 2) -> str:
        """Add a link between two existing elements; returns its id."""
        ids = set(self.base.elements["element_id"])
        for e in (source, target):
            if e not in ids:
                raise KeyError(f"no element {e!r} in {self.base.name}")
        from ..data.vocab import RELATIONS
        if relation not in RELATIONS:
            raise ValueError(f"relation must be one of {', '.join(RELATIONS)}, not {relation!r}")
        taken = set(self.base.links["link_id"]) | {a["link_id"] for a in self.added}
        link_id = next(f"what-if-{i}" for i in range(1, len(taken) + 2) if f"what-if-{i}" not in taken)
        self.added.append({"link_id": link_id, "source": source, "target": target, "relation": relation,
                           "status": status, "strength": int(strength)})
        self._case = None
        return link_id

    def reset(self) -> WhatIfState:
        """Drop every edit."""
        self.edits.clear()
        self.added.clear()
        self._case = None
        return self

    @property
    def edited(self) -> pd.DataFrame:
        """The links table with the edits applied, indexed by link_id."""
        return self.case.links.set_index("link_id")

    @property
    def case(self) -> Case:
        """A new Case with the edits applied (the base case is not touched)."""
        key = (id(self.base), repr(sorted(self.edits.items())), repr(self.added))
        if self._case is None or self._case[0] != key:
            self._case = (key, _apply_edits(self.base, self.edits, self.added))
        return self._case[1]

    def findings(self) -> pd.DataFrame:
        """Diagnosis of the edited case on the date."""
        return diagnose(self.case, self.date or None, **self.thresholds)

    def baseline(self) -> pd.DataFrame:
        """Diagnosis of the unedited case on the date (kept until the date or thresholds change)."""
        key = (id(self.base), self.date, tuple(sorted(self.thresholds.items())))
        if self._baseline is None or self._baseline[0] != key:
            self._baseline = (key, diagnose(self.base, self.date or None, **self.thresholds))
        return self._baseline[1].copy()

    def moved(self, lang: str | None = None) -> pd.DataFrame:
        """Rule, verdict before and after, for the rules whose verdict the edits moved: ids and
        verdict codes, or with ``lang`` (``"da"``/``"en"``) rule names, verdict words and headers in
        that language."""
        a = self.baseline().set_index("rule")["verdict"]
        b = self.findings().set_index("rule")["verdict"]
        out = pd.DataFrame({"before": a, "after": b})
        out = out[out.before != out.after]
        if lang is None:
            return out
        from .words import header, rule_name, verdict_word
        words = pd.DataFrame({header(k, lang): [verdict_word(v, lang, r) for r, v in out[k].items()]
                              for k in ("before", "after")},
                             index=pd.Index([rule_name(r, lang, short=True) for r in out.index], name=header("rule", lang)))
        return words

    def drive(self) -> ChainDrive:
        """Chain drive of the edited case on the date."""
        params = split_thresholds(self.thresholds, ["chain_drive"])["chain_drive"]
        return drive_of(chain_view(self.case, self.on), **params)

    def save(self, folder: str | os.PathLike[str], *, name: str | None = None) -> Path:
        """Write the edited case as a new data package in ``folder`` and validate it.

        Written with :func:`kaede.data.write.write_case`: atomically, or not at all. Raises
        :class:`~kaede.CaseValidationError` if the result is not valid and
        :class:`~kaede.data.write.CaseExistsError` if ``folder`` exists (or another save got there
        first); nothing is left behind either way. Returns the folder.
        """
        from ..data.write import write_case

        case = self.case
        meta = copy.deepcopy(case.meta)
        meta["name"] = name or f"{self.base.name}-what-if"
        meta["title"] = f"{self.base.title} (hvad nu hvis)"
        meta.setdefault("kaede", {})["title_en"] = f"{self.base.title_en} (what-if)"
        meta["description"] = (f"What-if edit of {self.base.name}: {len(self.edits)} link(s) changed and "
                               f"{len(self.added)} added in a workshop exercise; edited links cite the source "
                               f"'{WHAT_IF_SOURCE}' and are marked inferred.")
        return write_case(case.tables, meta, folder)


def _apply_edits(base: Case, edits: Mapping[str, Mapping[str, Any]], added: list[dict[str, Any]]) -> Case:
    from ..data.datasets import case_from_tables
    from ..data.synthetic import _frame

    if not edits and not added:
        return base
    tables = {k: v.copy() for k, v in base.tables.items()}
    links = tables["links"].set_index("link_id")
    for lid, change in edits.items():
        for key, value in change.items():
            links.loc[lid, key] = value
        if links.loc[lid, "status"] != "present":
            links.loc[lid, "strength"] = pd.NA
        elif links.loc[lid, "strength"] is pd.NA:
            links.loc[lid, "strength"] = 2
        links.loc[lid, "basis"] = "inferred"
        links.loc[lid, "note_en"] = "What-if edit in a workshop exercise; not evidence."
        links.loc[lid, "note_da"] = "Ændret i en hvad-nu-hvis-øvelse; ikke belæg."
    links = links.reset_index()
    new = [{**a, "strength": str(a["strength"]) if a["status"] == "present" else None, "basis": "inferred",
            "note_en": "Added in a what-if workshop exercise; not evidence.",
            "note_da": "Tilføjet i en hvad-nu-hvis-øvelse; ikke belæg."} for a in added]
    if new:
        links = pd.concat([links, _frame("links", new)], ignore_index=True)
    links["strength"] = links["strength"].astype("Int64")
    tables["links"] = links
    touched = list(edits) + [a["link_id"] for a in added]
    if "searchlog" in tables and len(tables["searchlog"]):
        # the search log describes the record, not the hypothetical coding: an edited link's searches go
        log = tables["searchlog"]
        tables["searchlog"] = log[~log["link_id"].isin(touched).fillna(False)].reset_index(drop=True)
    coded = [l for l in touched if links.loc[links.link_id == l, "status"].iloc[0] != "unknown"]
    if coded:
        src = _frame("sources", [{"source_id": WHAT_IF_SOURCE, "title": "What-if workshop exercise (hypothetical)",
                                  "perspective": "self", "kind": "other",
                                  "note": "Not a source of evidence: marks links edited in kaede's what-if editor."}])
        tables["sources"] = pd.concat([tables["sources"][tables["sources"].source_id != WHAT_IF_SOURCE], src],
                                      ignore_index=True)
        cit = _frame("citations", [{"source_id": WHAT_IF_SOURCE, "link_id": l} for l in coded])
        tables["citations"] = pd.concat([tables["citations"], cit], ignore_index=True)
    return case_from_tables(tables, {**copy.deepcopy(base.meta), "name": base.name, "title": base.title},
                            path=base.path, description=base.description)


# --------------------------------------------------------------------------------- compare

@dataclass
class CompareState:
    """Chosen cases and a date or milestone → the cross-case matrix and the process timelines.

    Examples
    --------
    >>> import kaede
    >>> s = CompareState(kaede.load_cases(), selected=["odense", "furesoe"], on="talk")
    >>> s.matrix().shape
    (2, 4)
    """

    cases: Mapping[str, Case]
    selected: list[str] = field(default_factory=list)
    on: Any = None
    align: str = "calendar"

    def __post_init__(self) -> None:
        if not self.selected:
            self.selected = list(self.cases)

    def chosen(self) -> dict[str, Case]:
        unknown = [s for s in self.selected if s not in self.cases]
        if unknown:
            raise KeyError(f"no case {unknown[0]!r}; expected one of {', '.join(self.cases)}")
        return {k: self.cases[k] for k in self.selected}

    def matrix(self) -> pd.DataFrame:
        """:func:`kaede.compare` over the chosen cases at ``on``."""
        from ..model.findings import compare
        return compare(self.chosen(), self.on or None)

    def process(self) -> pd.DataFrame:
        """:func:`kaede.process_features` of the chosen cases."""
        from ..model.process import process_features
        return process_features(self.chosen())


def milestone_names(cases: Mapping[str, Case]) -> list[str]:
    """Milestone names that any of the cases has, most common first.

    Examples
    --------
    >>> import kaede
    >>> "talk" in milestone_names(kaede.load_cases())
    True
    """
    counts: dict[str, int] = {}
    for c in cases.values():
        for m in c.milestones:
            counts[m] = counts.get(m, 0) + 1
    return sorted(counts, key=lambda m: (-counts[m], m))
