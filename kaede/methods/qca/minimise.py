"""Boolean minimisation of a truth table: conservative, parsimonious and intermediate solutions.

Follows R's QCA ``minimize()`` (version 3.23):

- **conservative** (complex) solution: the prime implicants of the positive rows alone (remainders
  excluded), as Quine–McCluskey gives them;
- **parsimonious** solution: remainders may be used wherever that simplifies (``include="?"``): prime
  implicants that cover a positive row and no negative or contradictory row, searched level by level
  and stopped as R's CCubes stops;
- **intermediate** solution (``dir_exp``): for each pair of a conservative and a parsimonious model,
  the easy counterfactuals are the simplifying assumptions of the parsimonious model that agree with
  the directional expectations (R's ``getEC``: each conservative term loses the literals that contradict
  an expectation and are not in the parsimonious term that contains it); the positive rows plus the easy
  counterfactuals are minimised again without remainders. The other simplifying assumptions are the
  difficult counterfactuals.

Every minimal model is reported (``M1``, ``M2`` …), in R's order, with inclS, PRI, covS, covU per term
and per model. If the tied models exceed ``max_models`` (or the search ``max_nodes``), the minimal size is
still exact, the models found are returned, ``complete`` is False and a :class:`IncompleteModelsWarning`
is issued — never a silent subset.

Examples
--------
>>> import pandas as pd
>>> from kaede.methods.qca import truth_table
>>> d = pd.DataFrame({"A": [1, 1, 0, 0, 1], "B": [1, 0, 1, 0, 1], "C": [0, 0, 1, 1, 1],
...                   "Y": [1, 1, 0, 0, 1]}, index=list("vwxyz"))
>>> tt = truth_table(d, "Y")
>>> minimize(tt).expressions()
['A*B + A*~C']
>>> minimize(tt, include="?").expressions()
['A']
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .cover import MAX_MODELS, MAX_NODES, minimal_covers
from .expressions import QCAError, parse_expression, term_membership, write_term
from .fit import solution_fit, sufficiency_table
from .implicants import prime_implicants
from .truthtable import TruthTable, all_configurations, mixed_base

__all__ = ["Solution", "minimize", "IncompleteModelsWarning", "directional_expectations", "model_membership"]


class IncompleteModelsWarning(UserWarning):
    """The tied minimal models were not all enumerated (a limit was reached)."""


@dataclass
class Solution:
    """A solution of a truth table: its minimal models and their parameters of fit.

    Attributes
    ----------
    kind : "conservative", "parsimonious" or "intermediate"
    outcome : the outcome as in the truth table
    implicants : list of str
        The prime implicants that appear in some model, essential ones first (R's order).
    models : list of tuple of str
        Each minimal model as its terms (essential first); ``M1`` is ``models[0]``.
    essential : list of str
        Terms in every model.
    size : int
        The minimal number of terms.
    complete : bool
        False if the list of tied models stopped at a limit (then ``models`` is a subset).
    terms : pandas.DataFrame
        Per term: ``inclS``, ``PRI``, ``covS``, ``covU`` (unique coverage among all listed terms), one
        column ``(M1)``, ``(M2)``… with the unique coverage within each model when there are several
        models, and ``cases`` (the cases of the positive rows the term covers, rows separated by "; ").
    fit : pandas.DataFrame
        Per model: ``inclS``, ``PRI``, ``covS`` of the union of its terms.
    simplifying_assumptions : dict of model name to DataFrame (parsimonious and intermediate)
        The remainders the model's terms cover, by row number.
    easy_counterfactuals, difficult_counterfactuals : DataFrame (intermediate only)
    variants : dict of "CiPj" to Solution (intermediate only)
        The intermediate solution for every pair of conservative model i and parsimonious model j; this
        object is ``C1P1``.
    """

    kind: str
    outcome: str
    conditions: list[str]
    implicants: list[str]
    models: list[tuple[str, ...]]
    essential: list[str]
    size: int
    complete: bool
    terms: pd.DataFrame
    fit: pd.DataFrame
    codes: dict[str, tuple[int, ...]] = field(repr=False, default_factory=dict)
    _sa: object = field(repr=False, default=None)
    easy_counterfactuals: pd.DataFrame | None = field(repr=False, default=None)
    difficult_counterfactuals: pd.DataFrame | None = field(repr=False, default=None)
    variants: dict[str, "Solution"] | None = field(repr=False, default=None)
    label: str = ""

    @property
    def simplifying_assumptions(self) -> dict[str, pd.DataFrame] | None:
        """Per model, the remainders its terms cover (computed on first use)."""
        if callable(self._sa):
            self._sa = self._sa()
        return self._sa  # type: ignore[return-value]

    @simplifying_assumptions.setter
    def simplifying_assumptions(self, value) -> None:
        self._sa = value

    def expressions(self) -> list[str]:
        """Each model as one expression, ``"A*B + ~C"`` (essential terms first)."""
        return [" + ".join(m) for m in self.models]

    def model_names(self) -> list[str]:
        return [f"M{i + 1}" for i in range(len(self.models))]

    def __repr__(self) -> str:
        lines = [f"{self.kind} solution{' ' + self.label if self.label else ''} of {self.outcome}: "
                 f"{len(self.models)} minimal model(s) of {self.size} term(s)"
                 + ("" if self.complete else " — INCOMPLETE list (limit reached)")]
        ess = set(self.essential)
        for name, m in zip(self.model_names(), self.models):
            e = [t for t in m if t in ess]
            o = [t for t in m if t not in ess]
            body = " + ".join(e + ([f"({' + '.join(o)})"] if o and e else o))
            lines.append(f"{name}: {body} -> {self.outcome}")
        t = self.terms.drop(columns="cases").map(lambda v: "-" if pd.isna(v) else f"{v:.3f}")
        lines.append(t.to_string())
        lines.append(self.fit.map(lambda v: f"{v:.3f}").to_string())
        return "\n".join(lines)


def directional_expectations(dir_exp: str | Sequence[str] | Mapping[str, int | Sequence[int]] | None,
                             conditions: Sequence[str], levels: np.ndarray) -> np.ndarray:
    """Directional expectations as R's matrix: one row per expectation, 0 = none, value + 1.

    Accepts ``"A:C"`` (a range of conditions, each expected present), ``"A, ~B"``, a list such as
    ``["A", "~B", "~C*D", "E[1,2]"]`` (a conjunction is a conjunctural expectation), or a mapping
    ``{"A": 1, "B": 0, "E": [1, 2]}`` ("-" or None for no expectation).
    """
    conditions = list(conditions)
    rows: list[np.ndarray] = []

    def simple(name: str, values: Iterable[int]) -> None:
        j = conditions.index(name)
        for v in values:
            if not 0 <= int(v) < levels[j]:
                raise QCAError(f"dir_exp: {name} has no value {v}; expected one of 0 … {levels[j] - 1}")
            r = np.zeros(len(conditions), dtype=np.int64)
            r[j] = int(v) + 1
            rows.append(r)

    if dir_exp is None:
        return np.zeros((0, len(conditions)), dtype=np.int64)
    if isinstance(dir_exp, Mapping):
        for name, v in dir_exp.items():
            if name not in conditions:
                raise QCAError(f"dir_exp: {name!r} is not a condition; expected one of {conditions}")
            if v is None or v == "-":
                continue
            simple(name, [v] if np.isscalar(v) else v)
        return np.array(rows, dtype=np.int64).reshape(-1, len(conditions))
    items = [dir_exp] if isinstance(dir_exp, str) else list(dir_exp)
    expanded: list[str] = []
    for it in items:
        for part in str(it).replace("+", ",").split(","):
            part = part.strip()
            if not part or part == "-":
                continue
            if ":" in part:
                a, b = (s.strip() for s in part.split(":"))
                if a not in conditions or b not in conditions:
                    raise QCAError(f"dir_exp: {part!r}: expected a range of condition names from {conditions}")
                expanded.extend(conditions[conditions.index(a): conditions.index(b) + 1])
            else:
                expanded.append(part)
    for item in expanded:
        (lits,) = parse_expression(item, conditions)
        if len(lits) == 1:
            name, neg, vals = lits[0]
            simple(name, vals if vals is not None else [0 if neg else 1])
        else:
            r = np.zeros(len(conditions), dtype=np.int64)
            for name, neg, vals in lits:
                if vals is not None and len(vals) != 1:
                    raise QCAError(f"dir_exp: {item!r}: a conjunctural expectation takes one value per condition")
                r[conditions.index(name)] = (vals[0] if vals is not None else (0 if neg else 1)) + 1
            rows.append(r)
    return np.array(rows, dtype=np.int64).reshape(-1, len(conditions))


# ----------------------------------------------------------------------------------------------------
# charts and solutions

@dataclass
class _Raw:
    pis: np.ndarray          # coded implicants in chart order (R order)
    chart: np.ndarray        # implicants × positive rows
    models: list[tuple[int, ...]]
    size: int
    complete: bool


def _row_dominance(pis: np.ndarray, chart: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop implicants whose covered rows are a strict subset of another implicant's (R's row.dom)."""
    sums = chart.sum(axis=1)
    keep = np.ones(len(pis), dtype=bool)
    for i in range(len(pis)):
        for j in range(len(pis)):
            if sums[j] > sums[i] and not (chart[i] & ~chart[j]).any():
                keep[i] = False
                break
    return pis[keep], chart[keep]


def _solve(pis: np.ndarray, chart: np.ndarray, row_dom: bool, max_models: int, max_nodes: int) -> _Raw:
    used = chart.any(axis=1)
    pis, chart = pis[used], chart[used]
    if row_dom:
        pis, chart = _row_dominance(pis, chart)
    res = minimal_covers(chart, max_models=max_models, max_nodes=max_nodes)
    return _Raw(pis, chart, res.models, res.size, res.complete)


def _covered_configurations(terms: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Row numbers (index + 1) of every configuration some term covers."""
    base = mixed_base(levels)
    out: set[int] = set()
    for term in terms:
        axes = [np.array([c - 1]) if c > 0 else np.arange(levels[j]) for j, c in enumerate(term)]
        grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, len(levels))
        out.update((grid @ base + 1).tolist())
    return np.array(sorted(out), dtype=np.int64)


def _configs_frame(rows: np.ndarray, tt: TruthTable) -> pd.DataFrame:
    cfg = all_configurations(tt.levels)[np.asarray(rows, dtype=np.int64) - 1] if len(rows) else np.zeros((0, len(tt.conditions)), dtype=np.int64)
    return pd.DataFrame(cfg, columns=tt.conditions, index=pd.Index(np.asarray(rows, dtype=np.int64)))


def _build(kind: str, tt: TruthTable, raw: _Raw, label: str = "") -> Solution:
    pos_rows = tt.row_numbers("1")
    pos_cases = tt.row_cases("1")
    used = sorted({i for m in raw.models for i in m})
    in_all = [i for i in used if all(i in m for m in raw.models)]
    order = in_all + [i for i in used if i not in in_all]
    names = {i: write_term(raw.pis[i], tt.conditions, multivalue=tt.multivalue) for i in used}
    models = [tuple(names[i] for i in order if i in m) for m in raw.models]
    X = term_membership(raw.pis[order], tt.values, tt.fuzzy)
    table = pd.DataFrame(sufficiency_table(X, tt.y), index=[names[i] for i in order],
                         columns=["inclS", "PRI", "covS", "covU"])
    if len(order) == 1:
        table["covU"] = np.nan
    fit = {}
    many = len(raw.models) > 1
    per_model: dict[str, np.ndarray] = {}
    for k, m in enumerate(raw.models):
        cols = [order.index(i) for i in order if i in m]
        Xm = X[:, cols]
        fit[f"M{k + 1}"] = solution_fit(Xm, tt.y)
        if many:
            u = np.full(len(order), np.nan)
            if len(cols) > 1:
                u[cols] = sufficiency_table(Xm, tt.y, zero=1e-4)[:, 3]
            per_model[f"(M{k + 1})"] = u
    if per_model:
        table = pd.concat([table, pd.DataFrame(per_model, index=table.index)], axis=1)
    table["cases"] = ["; ".join(c for c, hit in zip(pos_cases, raw.chart[i]) if hit) for i in order]
    fit_df = pd.DataFrame(fit, index=["inclS", "PRI", "covS"]).T
    return Solution(kind=kind, outcome=tt.outcome, conditions=list(tt.conditions),
                    implicants=[names[i] for i in order], models=models,
                    essential=[names[i] for i in in_all], size=raw.size, complete=raw.complete,
                    terms=table, fit=fit_df, codes={names[i]: tuple(int(v) for v in raw.pis[i]) for i in order},
                    label=label)


def _warn_incomplete(raw: _Raw, what: str, max_models: int) -> None:
    if not raw.complete:
        warnings.warn(f"{what}: the tied minimal models ({raw.size} terms each) were not all enumerated; "
                      f"{len(raw.models)} listed (max_models={max_models}). The list is incomplete.",
                      IncompleteModelsWarning, stacklevel=3)


def _simplifying(raw: _Raw, tt: TruthTable, only: int | None = None) -> dict[str, pd.DataFrame]:
    pos = set(tt.row_numbers("1").tolist())
    per_pi: dict[int, set[int]] = {}
    out = {}
    for k, m in enumerate(raw.models):
        if only is not None and k != only:
            continue
        rows: set[int] = set()
        for i in m:
            if i not in per_pi:
                per_pi[i] = set(_covered_configurations(raw.pis[[i]], tt.levels).tolist()) - pos
            rows |= per_pi[i]
        out[f"M{k + 1}"] = _configs_frame(np.array(sorted(rows), dtype=np.int64), tt)
    return out


def _easy_counterfactuals(dem: np.ndarray, comp_terms: np.ndarray, pars_terms: np.ndarray,
                          sa: pd.DataFrame) -> list[int]:
    """R's ``C_getEC`` for one conservative and one parsimonious model: the easy counterfactual rows."""
    simple = [r for r in dem if (r > 0).sum() == 1]
    conj = [r for r in dem if (r > 0).sum() > 1]
    sav = sa.to_numpy(dtype=np.int64) + 1
    ecs = np.zeros(len(sa), dtype=bool)
    for comp in comp_terms:
        for pars in pars_terms:
            if not all(pars[c] == comp[c] for c in range(len(comp)) if pars[c] > 0):
                continue
            compgz = (comp > 0) & (pars == 0)
            res = comp.copy()
            if simple:
                for c in np.nonzero(compgz)[0]:
                    expected = [r[c] for r in simple if r[c] > 0]
                    if expected and comp[c] not in expected:
                        res[c] = 0
            for r in conj:  # as in R, each conjunctural expectation starts again from the conservative term
                res = comp.copy()
                sel = compgz & (r > 0)
                if not (r[sel] == comp[sel]).all():
                    res[sel] = 0
            lit = res > 0
            if len(sa):
                ecs |= (sav[:, lit] == res[lit]).all(axis=1)
    return sa.index[ecs].tolist()


def minimize(tt: TruthTable, include: str | Sequence[str] = "", dir_exp=None, *, row_dom: bool = False,
             max_models: int = MAX_MODELS, max_nodes: int = MAX_NODES) -> Solution:
    """Minimise a truth table (R: ``minimize``).

    Parameters
    ----------
    tt : TruthTable
    include : "" (conservative), "?" (parsimonious: remainders as simplifying assumptions); "C" may be
        added to let contradictions be used as well.
    dir_exp : directional expectations, optional (see :func:`directional_expectations`)
        With ``include="?"``, gives the intermediate solution.
    row_dom : bool
        Drop dominated prime implicants before solving the chart (R's ``row.dom``).
    max_models, max_nodes : int
        Limits of the enumeration of tied models (see :mod:`.cover`).

    Returns
    -------
    Solution
        For an intermediate solution, ``C1P1``, with every pair in ``variants``.
    """
    if not isinstance(tt, TruthTable):
        raise QCAError(f"minimize: expected a TruthTable (from truth_table), got {type(tt).__name__}")
    inc = {s.strip() for s in (include.split(",") if isinstance(include, str) else include) if s.strip()}
    if not inc <= {"?", "C"}:
        raise QCAError(f"include: expected '', '?' or '?, C', got {include!r}")
    if dir_exp is not None and "?" not in inc:
        raise QCAError("dir_exp: directional expectations need the remainders: use include='?'")
    pos = tt.rows("1")
    if len(pos) == 0:
        raise QCAError("minimize: no truth-table row has OUT = 1; nothing to explain (check incl_cut)")
    pos_incl = tt.rows({"1"} | (inc & {"C"}))
    neg = tt.rows({"0", "C"} - inc)
    levels = tt.levels

    def conservative_raw(positive: np.ndarray) -> _Raw:
        pis, _ = prime_implicants(positive, None, levels)
        chart = _chart(pis, pos)
        return _solve(pis, chart, row_dom, max_models, max_nodes)

    if "?" not in inc:
        raw = conservative_raw(pos_incl)
        _warn_incomplete(raw, "conservative solution", max_models)
        return _build("conservative", tt, raw)
    pis, chart = prime_implicants(pos, neg, levels, r_stop=True)
    p_raw = _solve(pis, chart, row_dom, max_models, max_nodes)
    _warn_incomplete(p_raw, "parsimonious solution", max_models)
    if dir_exp is None:
        sol = _build("parsimonious", tt, p_raw)
        sol.simplifying_assumptions = lambda: _simplifying(p_raw, tt)
        return sol
    dem = directional_expectations(dir_exp, tt.conditions, levels)
    c_raw = conservative_raw(pos_incl)
    _warn_incomplete(c_raw, "conservative solution", max_models)
    sas = _simplifying(p_raw, tt)
    variants: dict[str, Solution] = {}
    for ci, cm in enumerate(c_raw.models):
        for pj, pm in enumerate(p_raw.models):
            label = f"C{ci + 1}P{pj + 1}"
            sa = sas[f"M{pj + 1}"]
            if len(dem) == 0 or len(sa) == 0:
                ec_rows: list[int] = []
                raw = _Raw(c_raw.pis, c_raw.chart, [cm], c_raw.size, True)
            else:
                ec_rows = _easy_counterfactuals(dem, c_raw.pis[list(cm)], p_raw.pis[list(pm)], sa)
                ec_cfg = all_configurations(levels)[np.array(ec_rows, dtype=np.int64) - 1] if ec_rows else np.zeros((0, pos.shape[1]), dtype=np.int64)
                positive = np.unique(np.vstack([pos, ec_cfg]), axis=0)
                raw = conservative_raw(positive)
                _warn_incomplete(raw, f"intermediate solution {label}", max_models)
            sol = _build("intermediate", tt, raw, label=label)
            sol.easy_counterfactuals = sa.loc[ec_rows]
            sol.difficult_counterfactuals = sa.drop(index=ec_rows)
            sol.simplifying_assumptions = {f"M{pj + 1}": sa}
            variants[label] = sol
    first = variants["C1P1"]
    first.variants = variants
    return first


def model_membership(tt: TruthTable, solution: Solution, model: int | str = 0) -> pd.Series:
    """Each case's membership in a model of ``solution`` (the fuzzy OR of its terms), for an XY plot.

    Examples
    --------
    >>> import pandas as pd
    >>> from kaede.methods.qca import truth_table
    >>> d = pd.DataFrame({"A": [1, 0, 1], "B": [0, 1, 1], "Y": [1, 0, 1]}, index=list("xyz"))
    >>> tt = truth_table(d, "Y")
    >>> model_membership(tt, minimize(tt, include="?")).tolist()
    [1.0, 0.0, 1.0]
    """
    k = int(model[1:]) - 1 if isinstance(model, str) else int(model)
    if not 0 <= k < len(solution.models):
        raise QCAError(f"model: expected M1 … M{len(solution.models)}, got {model!r}")
    codes = np.array([solution.codes[t] for t in solution.models[k]])
    m = term_membership(codes, tt.values, tt.fuzzy).max(axis=1)
    return pd.Series(m, index=tt.case_names, name=" + ".join(solution.models[k]))


def _chart(pis: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Which of ``rows`` (configurations) each coded implicant covers."""
    lit = pis > 0
    return ((rows[None, :, :] + 1 == pis[:, None, :]) | ~lit[:, None, :]).all(axis=2)
