"""How robust is each verdict? Thresholds over their whole grid, and every single changed coding.

A verdict a researcher can defend does not hang on one weak, inferred link or on one threshold
setting. :func:`robustness` reads each verdict (case × date × rule) three ways:

* **the threshold grid** — the rule re-read at every combination of its thresholds' values
  (``min_strength`` 1–3, ...): how many grid points give each verdict, and which single threshold
  moves from the chosen setting flip it (what a slider in the Explorer would do);
* **the bounds** — the verdict with every unknown link taken as present, and as absent;
* **single changed codings** — every link in the chain on that date recoded one step: its status
  changed (present ↔ absent ↔ unknown; a link made present takes strength 1, the weakest coupling)
  or, if present, its strength moved by one (1 ↔ 2 ↔ 3). The changes that flip the verdict are
  named, with the links' ids and labels.

A verdict is ``fragile`` when one changed coding, or another point of the threshold grid, flips it.
:func:`single_coding_flips` lists every flipping change, one row each; :func:`robustness_summary`
counts, for a whole case base, how many verdicts flip.

Only links in the chain on the date can change a verdict on that date, so only they are recoded.
A recoded chain is the case's compiled chain with one link replaced (no pandas, no re-validation);
:func:`with_coding` gives the same change as a new :class:`~kaede.Case`, for the what-if editor or
to check a finding by hand.

Examples
--------
A chain whose only route to practice ends in one weak link (``l3``): D1 (no route from the vision
through an instrument to practice) is absent on the evidence, but recoding either link of that route
as absent, or reading ``min_strength=2``, makes it present.

>>> import kaede
>>> case = kaede.make_case(
...     [("council", "council"), ("vision", "vision"), ("budget", "budget"), ("employees", "employees")],
...     [("council", "vision", "owns", "present", 3), ("vision", "budget", "translates_into", "present", 3),
...      ("budget", "employees", "engages", "present", 1)], name="weak")
>>> r = kaede.robustness(case, rules=["D1"])
>>> r.loc[0, "verdict"], bool(r.loc[0, "fragile"]), r.loc[0, "threshold_flips"]
('absent', True, ('min_strength=2', 'min_strength=3'))
>>> r.loc[0, "flip_changes_en"]
('l2 vision → budget: present 3 → absent', 'l3 budget → employees: present 1 → absent')
"""
from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from .chain import ChainView, CompiledChain, Link, compile_chain

if TYPE_CHECKING:  # pragma: no cover
    from ..data.datasets import Case
    from .findings import CasesLike, OnLike
    from .rules import Finding

#: Link statuses, and their Danish words (the data vocabulary of ``links.status``).
STATUSES = ("present", "absent", "unknown")
STATUS_DA = {"present": "til stede", "absent": "fraværende", "unknown": "ukendt"}
#: Strength scale of a present link.
STRENGTHS = (1, 2, 3)

#: Fallback threshold grid, used until the rule registry (``kaede.model.registry``) provides one:
#: threshold name -> the values it is read at. A rule's default comes from its signature.
FALLBACK_GRID: dict[str, tuple[Any, ...]] = {
    "min_strength": (1, 2, 3),
    "admin_min_strength": (1, 2, 3),
    "unknown_capacity": (0, 1, 2, 3),
}

COLUMNS = ["case", "date", "milestone", "rule", "verdict", "decided", "if_unknown_present", "if_unknown_absent",
           "thresholds", "grid_points", "grid_counts", "grid_flips", "threshold_flips", "coding_changes",
           "coding_flips", "flip_links", "flip_changes_en", "flip_changes_da", "fragile"]

FLIP_COLUMNS = ["case", "date", "milestone", "rule", "link_id", "label_en", "label_da", "change", "status",
                "strength", "new_status", "new_strength", "verdict", "new_verdict"]


@dataclass(frozen=True)
class RuleSpec:
    """A rule as robustness reads it: its function and its thresholds' defaults and grids.

    Attributes
    ----------
    rule : str
    function : callable
        ``function(view, **thresholds) -> Finding``.
    defaults : dict of str to value
        Each threshold's default.
    grid : dict of str to tuple
        The values each threshold is read at (the default among them).
    decided : tuple of str
        The verdicts that are findings (the decoupled and the engaged word), as against
        indeterminate, not applicable or too early.
    """

    rule: str
    function: Callable[..., Finding]
    defaults: dict[str, Any]
    grid: dict[str, tuple[Any, ...]]
    decided: tuple[str, ...] = ("present", "absent")


def rule_specs(rules: Iterable[str] | None = None) -> dict[str, RuleSpec]:
    """The rules with their threshold grids: from the rule registry when there is one, else from
    :data:`kaede.model.findings.RULES` and :data:`FALLBACK_GRID`.

    This is the one place robustness learns what the rules are. With the registry, each entry's
    ``thresholds`` (name -> spec with ``.default`` and ``.values``) gives the grid; without it, a
    rule's keyword parameters that appear in :data:`FALLBACK_GRID` are its thresholds and their
    defaults come from the function's signature.

    Examples
    --------
    >>> specs = rule_specs(["D3"])
    >>> specs["D3"].defaults["admin_min_strength"], specs["D3"].grid["admin_min_strength"]
    (2, (1, 2, 3))
    """
    import inspect

    from .findings import RULES

    try:
        from .registry import REGISTRY  # type: ignore[import-not-found]
    except ImportError:
        REGISTRY = None
    source: Mapping[str, Any] = REGISTRY if REGISTRY is not None else RULES
    ids = list(source) if rules is None else list(rules)
    missing = [r for r in ids if r not in source]
    if missing:
        raise KeyError(f"unknown rule {missing[0]!r}; expected one of {', '.join(source)}")
    out = {}
    for rid in ids:
        if REGISTRY is not None:
            entry = REGISTRY[rid]
            fn = next((getattr(entry, a) for a in ("function", "fn", "func") if callable(getattr(entry, a, None))),
                      None) or RULES[rid]
            defaults = {k: s.default for k, s in entry.thresholds.items()}
            grid = {k: tuple(s.values) for k, s in entry.thresholds.items()}
            words = tuple(w for w in (getattr(entry, "decoupled_word", None), getattr(entry, "engaged_word", None)) if w)
        else:
            fn = RULES[rid]
            params = inspect.signature(fn).parameters
            defaults = {k: p.default for k, p in params.items() if k in FALLBACK_GRID}
            grid = {k: FALLBACK_GRID[k] for k in defaults}
            words = ("present", "absent")
        for k, values in grid.items():
            if defaults[k] not in values:
                grid[k] = tuple(sorted(set(values) | {defaults[k]}))
        out[rid] = RuleSpec(rid, fn, defaults, grid, words or ("present", "absent"))
    return out


# ------------------------------------------------------------------------------- recoding a link

def recodings(link: Link) -> list[tuple[str, str, int | None]]:
    """The single changed codings of a link: (kind, new status, new strength).

    A present link may become absent or unknown, or its strength move one step (1 ↔ 2 ↔ 3); an
    absent or unknown link may take the other of those statuses, or become present at strength 1 —
    the weakest coupling, one step from none (strength 2 or 3 would be further steps).

    Examples
    --------
    >>> from kaede.model.chain import Link
    >>> l = Link("l1", "a", "b", "owns", "present", 2, 0, 0, None, None, None, ())
    >>> recodings(l)
    [('status', 'absent', None), ('status', 'unknown', None), ('strength', 'present', 1), ('strength', 'present', 3)]
    """
    out: list[tuple[str, str, int | None]] = [("status", s, None) for s in STATUSES
                                              if s != link.status and s != "present"]
    if link.status == "present":
        if link.strength is None:
            out += [("strength", "present", s) for s in STRENGTHS]
        else:
            out += [("strength", "present", s) for s in (link.strength - 1, link.strength + 1) if s in STRENGTHS]
    else:
        out.append(("status", "present", STRENGTHS[0]))
    return out


def recoded_chain(chain: CompiledChain, link_id: str, status: str, strength: int | None) -> CompiledChain:
    """A copy of a compiled chain with one link's status and strength replaced (strength is
    dropped unless the link is present). The original is not touched.

    Examples
    --------
    >>> import kaede
    >>> from kaede.model.examples import talk_example
    >>> chain = compile_chain(talk_example("full"))
    >>> recoded_chain(chain, "l2", "absent", None).links[1].status, chain.links[1].status
    ('absent', 'present')
    """
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    links = list(chain.links)
    for i, l in enumerate(links):
        if l.link_id == link_id:
            links[i] = dataclasses.replace(l, status=status, strength=strength if status == "present" else None)
            break
    else:
        raise KeyError(f"no link {link_id!r} in {chain.case}")
    return dataclasses.replace(chain, links=tuple(links))


def with_coding(case: Case, link_id: str, *, status: str | None = None, strength: int | None = None) -> Case:
    """A new Case with one link recoded: its status and/or strength changed (the case is not touched).

    A link made present without a strength keeps its strength, or takes 2; a link made absent or
    unknown loses its strength. A contested link recoded is no longer contested (the recoding settles
    the dispute). Nothing else changes (sources, citations, basis).

    Examples
    --------
    >>> import kaede
    >>> from kaede.model.examples import talk_example
    >>> full = talk_example("full")
    >>> kaede.diagnose(with_coding(full, "l3", status="absent"), rules=["D1"]).verdict.tolist()
    ['present']
    >>> full.links.loc[2, "status"]
    'present'
    """
    from ..data.datasets import Case

    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if strength is not None and int(strength) not in STRENGTHS:
        raise ValueError(f"strength must be 1, 2 or 3, not {strength!r}")
    links = case.links.copy()
    rows = links.index[links["link_id"] == link_id]
    if len(rows) == 0:
        raise KeyError(f"no link {link_id!r} in {case.name}")
    i = rows[0]
    new_status = status or links.at[i, "status"]
    links.at[i, "status"] = new_status
    if new_status != "present":
        links.at[i, "strength"] = pd.NA
    elif strength is not None:
        links.at[i, "strength"] = int(strength)
    elif links.at[i, "strength"] is pd.NA:
        links.at[i, "strength"] = 2
    if "contested" in links.columns:
        links.at[i, "contested"] = False  # recoding a contested link settles the dispute
    tables = dict(case.tables)
    tables["links"] = links
    return Case(name=case.name, title=case.title, path=case.path, tables=tables, meta=case.meta,
                description=case.description)


# ------------------------------------------------------------------------------- the engine

def _text(view: ChainView, link: Link, new_status: str, new_strength: int | None) -> tuple[str, str, str, str]:
    """(label_en, label_da, change_en, change_da) of one recoding."""
    el = view.elements
    label_en = f"{el[link.source].label('en')} → {el[link.target].label('en')}"
    label_da = f"{el[link.source].label('da')} → {el[link.target].label('da')}"

    def code(status: str, strength: int | None, da: bool) -> str:
        word = STATUS_DA[status] if da else status
        return f"{word} {strength}" if status == "present" and strength is not None else word
    old_en, new_en = code(link.status, link.strength, False), code(new_status, new_strength, False)
    old_da, new_da = code(link.status, link.strength, True), code(new_status, new_strength, True)
    return label_en, label_da, f"{old_en} → {new_en}", f"{old_da} → {new_da}"


def _grid_points(spec: RuleSpec) -> list[dict[str, Any]]:
    names = list(spec.grid)
    return [dict(zip(names, combo)) for combo in itertools.product(*(spec.grid[n] for n in names))]


def _one_view(view: ChainView, specs: Mapping[str, RuleSpec], params: Mapping[str, Mapping[str, Any]],
              ) -> tuple[dict[str, Finding], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Base findings, grid readings and flipping recodings of one chain snapshot."""
    base = {rid: spec.function(view, **params[rid]) for rid, spec in specs.items()}
    grid: dict[str, dict[str, Any]] = {}
    for rid, spec in specs.items():
        counts: dict[str, int] = {}
        seen: dict[tuple[Any, ...], str] = {}  # grid point -> verdict, reused for the single moves
        for point in _grid_points(spec):
            key = tuple(point.values())
            v = base[rid].verdict if point == params[rid] else spec.function(view, **point).verdict
            seen[key] = v
            counts[v] = counts.get(v, 0) + 1
        moves = []
        for name, values in spec.grid.items():
            for value in values:
                if value == params[rid][name]:
                    continue
                point = {**params[rid], name: value}
                key = tuple(point[n] for n in spec.grid)
                v = seen[key] if key in seen else spec.function(view, **point).verdict
                if v != base[rid].verdict:
                    moves.append(f"{name}={value}")
        grid[rid] = {"counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))), "moves": tuple(moves)}
    flips = []
    chain, date = view.chain, view.date
    n_changes = 0
    for link in view.links:
        for kind, status, strength in recodings(link):
            n_changes += 1
            changed = recoded_chain(chain, link.link_id, status, strength).at(date)
            for rid, spec in specs.items():
                v = spec.function(changed, **params[rid]).verdict
                if v != base[rid].verdict:
                    label_en, label_da, ch_en, ch_da = _text(view, link, status, strength)
                    flips.append({"rule": rid, "link_id": link.link_id, "label_en": label_en, "label_da": label_da,
                                  "change": kind, "status": link.status, "strength": link.strength,
                                  "new_status": status, "new_strength": strength, "verdict": base[rid].verdict,
                                  "new_verdict": v, "change_en": ch_en, "change_da": ch_da})
    for rid in specs:
        grid[rid]["n_changes"] = n_changes
    return base, grid, flips


def _run(cases: CasesLike, on: OnLike, rules: Iterable[str] | None,
         thresholds: Mapping[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    from .findings import dates_for, labelled_cases, split_thresholds

    specs = rule_specs(rules)
    routed = split_thresholds(dict(thresholds), list(specs))
    params = {rid: {**spec.defaults, **{k: v for k, v in routed[rid].items() if k in spec.defaults}}
              for rid, spec in specs.items()}
    # a threshold routed to a rule but not in its grid (e.g. artefact_types) is passed through as is
    extra = {rid: {k: v for k, v in routed[rid].items() if k not in specs[rid].defaults} for rid in specs}
    if any(extra.values()):
        specs = {rid: dataclasses.replace(
            spec, function=(lambda fn, kw: lambda view, **t: fn(view, **kw, **t))(spec.function, extra[rid]))
            for rid, spec in specs.items()}
    rows, flip_rows = [], []
    for label, case in labelled_cases(cases):
        compiled = compile_chain(case)
        for date, milestone in dates_for(case, on):
            view = compiled.at(date)
            base, grid, flips = _one_view(view, specs, params)
            for f in flips:
                flip_rows.append({"case": label, "date": view.date, "milestone": milestone, **f})
            for rid, finding in base.items():
                mine = [f for f in flips if f["rule"] == rid]
                first: dict[str, dict[str, Any]] = {}
                for f in mine:
                    first.setdefault(f["link_id"], f)
                threshold_flips = grid[rid]["moves"]
                grid_flips = len(grid[rid]["counts"]) > 1
                rows.append({
                    "case": label, "date": view.date, "milestone": milestone, "rule": rid,
                    "verdict": finding.verdict, "decided": finding.verdict in specs[rid].decided,
                    "if_unknown_present": finding.if_unknown_present,
                    "if_unknown_absent": finding.if_unknown_absent, "thresholds": dict(params[rid]),
                    "grid_points": sum(grid[rid]["counts"].values()), "grid_counts": grid[rid]["counts"],
                    "grid_flips": grid_flips, "threshold_flips": threshold_flips,
                    "coding_changes": grid[rid]["n_changes"], "coding_flips": len(mine),
                    "flip_links": tuple(first),
                    "flip_changes_en": tuple(f"{l} {f['label_en']}: {f['change_en']}" for l, f in first.items()),
                    "flip_changes_da": tuple(f"{l} {f['label_da']}: {f['change_da']}" for l, f in first.items()),
                    "fragile": bool(mine) or grid_flips,
                })
    table = pd.DataFrame(rows, columns=COLUMNS)
    flips = pd.DataFrame(flip_rows, columns=FLIP_COLUMNS + ["change_en", "change_da"])
    for df in (table, flips):
        for col in ("case", "date", "milestone", "rule", "verdict"):
            df[col] = df[col].astype("string")
    for col in ("if_unknown_present", "if_unknown_absent"):
        table[col] = table[col].astype("string")
    table["fragile"] = table["fragile"].astype(bool)
    table["decided"] = table["decided"].astype(bool)
    table["grid_flips"] = table["grid_flips"].astype(bool)
    flips["strength"] = flips["strength"].astype("Int64")
    flips["new_strength"] = flips["new_strength"].astype("Int64")
    return table, flips


def robustness(cases: CasesLike, on: OnLike = None, *, rules: Iterable[str] | None = None,
               **thresholds: Any) -> pd.DataFrame:
    """How robust each verdict is: over the threshold grid, within its bounds, and under every
    single changed coding. One row per case, date and rule.

    Parameters
    ----------
    cases : Case, iterable of Case, or mapping of name to Case
    on : see :func:`kaede.diagnose`
        A date, a milestone name (``"talk"``), ``"milestones"``, ``"events"``, a list, or None.
    rules : iterable of str, optional
        Rule ids (default: every rule).
    **thresholds
        The setting the verdicts are read at (as for :func:`kaede.diagnose`); default: each
        rule's defaults. The grid is read in full whatever the setting.

    Returns
    -------
    pandas.DataFrame
        Columns: ``case``, ``date``, ``milestone``, ``rule``; ``verdict`` at the setting;
        ``decided`` (the verdict is a finding — the rule's decoupled or engaged word — not
        indeterminate, not applicable or too early); ``if_unknown_present``, ``if_unknown_absent`` (the bounds); ``thresholds`` (the setting,
        dict); ``grid_points`` and ``grid_counts`` (dict verdict -> number of grid points giving
        it, most common first); ``grid_flips`` (some grid point gives another verdict);
        ``threshold_flips`` (the single threshold moves from the setting that flip it, as
        ``"name=value"``); ``coding_changes`` (how many single recodings were tried);
        ``coding_flips`` (how many of them flip it); ``flip_links`` (the ids of the links whose
        recoding flips it); ``flip_changes_en`` / ``flip_changes_da`` (for each such link, the
        first flipping change, named: ``"l3 Budget → Employees: present 1 → absent"``);
        ``fragile`` (one changed coding or another grid point flips it).

    See Also
    --------
    single_coding_flips : every flipping change, one row each, with the verdict it flips to.
    robustness_summary : how many verdicts flip, over a case base.

    Examples
    --------
    >>> import kaede
    >>> r = kaede.robustness(kaede.load_cases(), on="talk")
    >>> len(r) == 4 * len(kaede.list_cases())
    True
    >>> r["fragile"].dtype
    dtype('bool')
    """
    return _run(cases, on, rules, thresholds)[0]


def single_coding_flips(cases: CasesLike, on: OnLike = None, *, rules: Iterable[str] | None = None,
                        **thresholds: Any) -> pd.DataFrame:
    """Every single changed coding that flips a verdict: one row per (case, date, rule, change).

    Columns: ``case``, ``date``, ``milestone``, ``rule``, ``link_id``, ``label_en``, ``label_da``
    (the link as "from → to"), ``change`` (``status`` or ``strength``), ``status``, ``strength``
    (the coding), ``new_status``, ``new_strength`` (the recoding), ``verdict`` (at the setting),
    ``new_verdict`` (after the recoding), ``change_en``, ``change_da`` (``"present 1 → absent"``).

    Examples
    --------
    >>> from kaede.model.examples import talk_example
    >>> f = single_coding_flips(talk_example("full"), rules=["D1"])
    >>> sorted(set(f.link_id))[:3]
    ['l3', 'l5', 'l6']
    >>> sorted(set(f.new_verdict))
    ['indeterminate', 'present']
    """
    return _run(cases, on, rules, thresholds)[1]


def robustness_summary(table: pd.DataFrame | CasesLike, on: OnLike = None, *, rules: Iterable[str] | None = None,
                       **thresholds: Any) -> pd.DataFrame:
    """How many verdicts flip, over a whole case base: one row per rule and one for all rules.

    Parameters
    ----------
    table : DataFrame from :func:`robustness`, or cases
        With cases, :func:`robustness` is run on them with ``on``, ``rules`` and ``thresholds``.

    Returns
    -------
    pandas.DataFrame
        Indexed by rule (and ``all``): ``verdicts``; ``decided`` (a finding, not indeterminate,
        not applicable or too early); ``flip_by_one_coding`` (one changed coding flips it);
        ``decided_flip_by_one_coding``; ``flip_in_grid`` (another grid point gives another
        verdict); ``fragile`` (either).

    Examples
    --------
    >>> from kaede.model.examples import talk_example
    >>> s = robustness_summary(talk_example("full"))
    >>> int(s.loc["all", "verdicts"]), s.columns.tolist()[:3]
    (4, ['verdicts', 'decided', 'flip_by_one_coding'])
    """
    if not isinstance(table, pd.DataFrame):
        table = robustness(table, on, rules=rules, **thresholds)
    decided = table["decided"]
    flip = table["coding_flips"] > 0
    parts = pd.DataFrame({"rule": table["rule"], "verdicts": 1, "decided": decided, "flip_by_one_coding": flip,
                          "decided_flip_by_one_coding": decided & flip, "flip_in_grid": table["grid_flips"],
                          "fragile": table["fragile"]})
    out = parts.groupby("rule", sort=False).sum()
    out.loc["all"] = out.sum()
    return out.astype(int)


def threshold_moves(view: ChainView, thresholds: Mapping[str, Any], ranges: Mapping[str, Sequence[Any]],
                    *, rules: Iterable[str] | None = None) -> dict[str, tuple[str, ...]]:
    """Which thresholds can move a verdict on this chain snapshot, and whose.

    Each named threshold (a plain name such as ``min_strength``, which every rule that has it
    reads, or a prefixed one such as ``D3_admin_min_strength``) is moved over its ``ranges``
    values with the others at ``thresholds``; the answer names, per threshold, the rules whose
    verdict some value moves (empty: the threshold changes nothing here). This is what the
    Explorer marks on its sliders.

    Examples
    --------
    >>> from kaede.model.chain import chain_view
    >>> from kaede.model.examples import talk_example
    >>> view = chain_view(talk_example("decoupling_3"))
    >>> threshold_moves(view, {}, {"D3_admin_min_strength": (1, 2, 3)})
    {'D3_admin_min_strength': ('D3',)}
    """
    from .findings import split_thresholds

    specs = rule_specs(rules)
    ids = list(specs)
    base_params = split_thresholds(thresholds, ids)
    base = {rid: specs[rid].function(view, **base_params[rid]).verdict for rid in ids}
    out = {}
    for name, values in ranges.items():
        moved: set[str] = set()
        for value in values:
            routed = split_thresholds({**thresholds, name: value}, ids)
            # only the rules that read this threshold are read again
            moved |= {rid for rid in ids if rid not in moved and routed[rid] != base_params[rid]
                      and specs[rid].function(view, **routed[rid]).verdict != base[rid]}
        out[name] = tuple(r for r in ids if r in moved)
    return out


__all__ = ["robustness", "single_coding_flips", "robustness_summary", "threshold_moves", "with_coding",
           "recoded_chain", "recodings", "rule_specs", "RuleSpec"]
