"""Diagnose cases with the rules, and compare them: ``diagnose``, ``compare``, ``link_evidence``.

Examples
--------
>>> import kaede
>>> cases = kaede.load_cases()
>>> m = kaede.compare(cases)
>>> list(m.columns)
['D1', 'D2', 'D3', 'chain_drive']
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Union

import pandas as pd

from .chain import DateLike, compile_chain, milestone_date, to_ordinal
from .link_sources import link_evidence
from .registry import REGISTRY
from .rules import Finding

if TYPE_CHECKING:  # pragma: no cover
    from ..data.datasets import Case


class _RuleFunctions(Mapping[str, Callable[..., Finding]]):
    """The registered rules' functions, by id, in the order of the talk — a live view of
    :data:`kaede.model.registry.REGISTRY`, so a rule added there is diagnosed too."""

    def __getitem__(self, key: str) -> Callable[..., Finding]:
        return REGISTRY[key].function

    def __iter__(self):
        return iter(REGISTRY)

    def __len__(self) -> int:
        return len(REGISTRY)

    def __repr__(self) -> str:
        return f"RULES({', '.join(REGISTRY)})"


#: The rules, by id (see :mod:`kaede.model.registry` for the full entries).
RULES: Mapping[str, Callable[..., Finding]] = _RuleFunctions()

COLUMNS = ["case", "date", "milestone", "rule", "verdict", "if_unknown_present", "if_unknown_absent",
           "links", "unknown_links", "sources", "explanation_da", "explanation_en",
           "headline_da", "headline_en", "missing_roles", "self_only_links"]

CasesLike = Union["Case", Iterable["Case"], Mapping[str, "Case"]]
OnLike = Union[DateLike, str, Iterable[Any]]


def labelled_cases(cases: CasesLike) -> list[tuple[str, Case]]:
    """(label, case) pairs: a mapping's keys, or each case's name.

    The label is what results call the case, so a what-if copy can stand beside its original
    under another key. Two cases with one label raise ValueError.

    Examples
    --------
    >>> import kaede
    >>> c = kaede.load_case("odense")
    >>> [k for k, _ in labelled_cases({"before": c, "after": c})]
    ['before', 'after']
    """
    from ..data.datasets import Case
    if isinstance(cases, Case):
        pairs = [(cases.name, cases)]
    elif isinstance(cases, Mapping):
        pairs = [(str(k), v) for k, v in cases.items()]
    else:
        pairs = [(c.name, c) for c in cases]
    seen: set[str] = set()
    for label, _ in pairs:
        if label in seen:
            raise ValueError(f"two cases are called {label!r}; pass a mapping with distinct keys")
        seen.add(label)
    return pairs


def _rule_params() -> dict[str, set[str]]:
    return {rid: set(rule.thresholds) for rid, rule in REGISTRY.items()}


def split_thresholds(thresholds: Mapping[str, Any], rules: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Route threshold keyword arguments to the rules that take them.

    A plain name (``min_strength``) goes to every rule that has that parameter; a name prefixed
    with a rule id (``D3_admin_min_strength``, ``chain_drive_unknown_capacity``) to that rule only.
    A threshold of a rule not in ``rules`` is accepted and left out; a name no rule takes raises
    TypeError.

    Examples
    --------
    >>> split_thresholds({"min_strength": 2, "D3_admin_min_strength": 3}, ["D1", "D3"])
    {'D1': {'min_strength': 2}, 'D3': {'min_strength': 2, 'admin_min_strength': 3}}
    """
    params = _rule_params()
    rules = list(rules)
    out: dict[str, dict[str, Any]] = {r: {} for r in rules}
    for key, value in thresholds.items():
        prefixed = [r for r in params if key.startswith(r + "_") and key[len(r) + 1:] in params[r]]
        plain = [r for r in params if key in params[r]]
        if not prefixed and not plain:
            valid = sorted({p for ps in params.values() for p in ps} | {f"{r}_{p}" for r, ps in params.items() for p in ps})
            raise TypeError(f"unknown threshold {key!r}; expected one of {', '.join(valid)}")
        for rid in prefixed:
            if rid in out:
                out[rid][key[len(rid) + 1:]] = value
        if not prefixed:
            for rid in plain:
                if rid in out:
                    out[rid].setdefault(key, value)
    return out


def _time_key(rule: Any, view: Any, params: Mapping[str, Any]) -> Any:
    """What of the date a rule's finding depends on besides the chain: for a rule whose only use of
    the date is the settling period, whether the date falls within it; otherwise the date itself."""
    if rule.uses_date != "settling":
        return view.day
    from .rules import settling
    spec = rule.thresholds
    types = params.get("artefact_types", spec["artefact_types"].default if "artefact_types" in spec else ("vision",))
    months = params.get("settling_months", spec["settling_months"].default if "settling_months" in spec else 0)
    return settling(view, view.visions(types), months)


def dates_for(case: Case, on: OnLike) -> list[tuple[str | None, str | None]]:
    """The (date, milestone name) pairs at which to look at ``case``.

    ``on`` may be None (all evidence), a date, a list of dates, ``"events"`` (each distinct event
    date of the case; a partial date such as ``2012`` means its last day, so the chain is read as it
    stood once that step had certainly happened), ``"milestones"`` (each of the case's milestones) or the name of a milestone
    (``"talk"``, ``"vision_adopted"``; a case without it gives no date), optionally with an offset
    (``"vision_adopted+12m"``, see :func:`milestone_date`).

    Examples
    --------
    >>> import kaede
    >>> dates_for(kaede.load_case("hoersholm"), "talk")
    [('2012-10-08', 'talk')]
    """
    if on is None:
        return [(None, None)]
    if isinstance(on, str):
        if on == "events":
            days = sorted({to_ordinal(d) for d in case.events["date"].dropna().tolist()})
            return [(dt.date.fromordinal(d).isoformat(), None) for d in days]
        if on == "milestones":
            return [(d, name) for name, d in sorted(case.milestones.items(), key=lambda kv: to_ordinal(kv[1]))]
        named = milestone_date(case, on)
        if named is not None:
            return [(named, on)]
        if on[:1].isdigit():
            to_ordinal(on)  # raises a clear error for a malformed date
            return [(on, None)]
        return []
    if isinstance(on, Iterable) and not hasattr(on, "year"):
        out: list[tuple[str | None, str | None]] = []
        for item in on:
            out += dates_for(case, item)
        return out
    day = to_ordinal(on)
    return [(dt.date.fromordinal(day).isoformat(), None)]


def diagnose(cases: CasesLike, on: OnLike = None, *, rules: Iterable[str] | None = None,
             **thresholds: Any) -> pd.DataFrame:
    """Diagnose the three decouplings and chain drive: one row per case, date and rule.

    Parameters
    ----------
    cases : Case, iterable of Case, or mapping of name to Case
    on : date-like, list, "events", "milestones", a milestone name, or None
        When to look at each case (see :func:`dates_for`). None: all evidence, whatever its date.
    rules : iterable of str, optional
        Rule ids (default: ``D1``, ``D2``, ``D3``, ``chain_drive``).
    **thresholds
        Rule thresholds, e.g. ``min_strength=2`` for every rule, ``D3_admin_min_strength=3`` for
        one (see :func:`split_thresholds` and ``docs/codebook.md``).

    Returns
    -------
    pandas.DataFrame
        Columns: ``case``, ``date`` (ISO date, or <NA> for all evidence), ``milestone``, ``rule``,
        ``verdict``, ``if_unknown_present``, ``if_unknown_absent``, ``links`` (the deciding
        link ids), ``unknown_links`` (the unknown links that would decide), ``sources`` (the
        source ids behind the deciding links), ``explanation_da``, ``explanation_en``,
        ``headline_da``, ``headline_en`` (one line each, at most 120 characters),
        ``missing_roles`` (roles the rule needs that are not on record on the date: read as
        unknown) and ``self_only_links`` (deciding links whose every source is the municipality's
        own account).

    Examples
    --------
    >>> import kaede
    >>> d = kaede.diagnose(kaede.load_case("hoersholm"), on="talk")
    >>> list(d.rule)
    ['D1', 'D2', 'D3', 'chain_drive']
    """
    rule_ids = list(RULES) if rules is None else list(rules)
    unknown = [r for r in rule_ids if r not in RULES]
    if unknown:
        raise KeyError(f"unknown rule {unknown[0]!r}; expected one of {', '.join(RULES)}")
    params = split_thresholds(thresholds, rule_ids)
    rows = []
    for label, case in labelled_cases(cases):
        compiled = compile_chain(case)
        link_sources = {l.link_id: l.sources for l in compiled.links}
        self_only = {l.link_id for l in compiled.links if l.self_only}
        seen: dict[Any, tuple] = {}  # two dates with the same chain (and the same reading of time) share a row
        for date, milestone in dates_for(case, on):
            view = compiled.at(date)
            chain_key = (tuple(view.elements), tuple(l.link_id for l in view.links))
            for rid in rule_ids:
                key = (rid, chain_key, _time_key(REGISTRY[rid], view, params[rid]))
                row = seen.get(key)
                if row is None:
                    f = REGISTRY[rid].function(view, **params[rid])
                    srcs = tuple(dict.fromkeys(s for lid in f.links + f.unknown_links for s in link_sources.get(lid, ())))
                    row = seen[key] = (rid, f.verdict, f.if_unknown_present, f.if_unknown_absent, f.links, f.unknown_links,
                                       srcs, f.explanation_da, f.explanation_en, f.headline_da, f.headline_en,
                                       f.missing_roles, tuple(l for l in f.links if l in self_only))
                rows.append((label, view.date, milestone) + row)
    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("case", "date", "milestone", "rule", "verdict", "if_unknown_present", "if_unknown_absent",
                "explanation_da", "explanation_en", "headline_da", "headline_en"):
        df[col] = df[col].astype("string")
    return df


def compare(cases: CasesLike, on: OnLike = None, *, rules: Iterable[str] | None = None,
            **thresholds: Any) -> pd.DataFrame:
    """Cross-case matrix of verdicts: cases (or case × date) as rows, rules as columns.

    Parameters
    ----------
    cases : Case, iterable of Case, or mapping of name to Case
    on : see :func:`diagnose`
        One date (or None) gives one row per case. A milestone name gives one row per case; a case
        without that milestone is kept, with ``no_milestone`` in every rule column (never dropped;
        if no case has it, the matrix is empty).
        A list of milestone names, ``"milestones"`` or ``"events"`` gives a row per case and date,
        indexed by (case, milestone or date); a named milestone a case lacks is such a row.
    rules, **thresholds : see :func:`diagnose`

    Examples
    --------
    >>> import kaede
    >>> m = kaede.compare(kaede.load_cases(), on=["talk", "vision_adopted"])
    >>> m.index.names
    FrozenList(['case', 'at'])
    """
    d = diagnose(cases, on, rules=rules, **thresholds)
    cols = list(RULES) if rules is None else list(rules)
    single = on is None or (not isinstance(on, str) and not isinstance(on, Iterable)) or hasattr(on, "year") or (
        isinstance(on, str) and on not in ("events", "milestones"))
    if single:
        m = d.pivot(index="case", columns="rule", values="verdict")
    else:
        d = d.assign(at=d["milestone"].fillna(d["date"]))
        m = d.pivot_table(index=["case", "at"], columns="rule", values="verdict", aggfunc="first", sort=False)
    m = m.reindex(columns=cols)
    m.columns.name = None
    return _keep_cases_lacking_milestones(m, cases, on, single)


#: The cell of :func:`compare` for a case that lacks the milestone asked for.
NO_MILESTONE = "no_milestone"


def _keep_cases_lacking_milestones(m: pd.DataFrame, cases: CasesLike, on: OnLike, single: bool) -> pd.DataFrame:
    """Add a ``no_milestone`` row for each case (and named milestone) that has no date for it.

    When no case has a date for ``on`` the matrix stays empty (a misspelt milestone, say)."""
    pairs = labelled_cases(cases)
    if m.empty:
        return m
    if single:
        return m.astype(object).reindex([label for label, _ in pairs]).fillna(NO_MILESTONE)
    names = [on] if isinstance(on, str) else (list(on) if isinstance(on, Iterable) and not hasattr(on, "year") else [])
    names = [n for n in names if isinstance(n, str) and n not in ("events", "milestones") and not n[:1].isdigit()]
    missing = [(label, n) for label, case in pairs for n in names if milestone_date(case, n) is None]
    if not missing:
        return m
    index = []
    for label, case in pairs:
        index += [k for k in m.index if k[0] == label]
        index += [(label, n) for n in names if milestone_date(case, n) is None]
    extra = pd.DataFrame(NO_MILESTONE, index=pd.MultiIndex.from_tuples(missing, names=m.index.names), columns=m.columns)
    out = pd.concat([m, extra]).reindex(pd.MultiIndex.from_tuples(index, names=m.index.names))
    return out


__all__ = ["RULES", "COLUMNS", "diagnose", "compare", "link_evidence", "dates_for", "milestone_date", "split_thresholds",
           "labelled_cases"]
