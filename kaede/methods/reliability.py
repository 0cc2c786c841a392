"""Intercoder reliability: Krippendorff's alpha, Cohen's kappa, percent agreement, and a bootstrap
interval for alpha; and the same per variable over a case's ``codings`` table.

Written here, not imported: kaede is MIT-licensed, the maintained alpha package on PyPI
(``krippendorff``) is GPL-3 and is used only by the tests, as an independent check; statsmodels'
kappa takes a contingency table and would pull in scipy and patsy for twenty lines of arithmetic.
The method, the formulas and how to record a second coding are in ``docs/reliability.md``.

Reliability data are a coders × units array (rows coders, columns units); a missing value is
``None``, ``NaN`` or ``pd.NA``.

Examples
--------
Krippendorff's (2011) example with four coders, five values and missing data:

>>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
...         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
>>> round(krippendorff_alpha(data, "nominal"), 3), round(krippendorff_alpha(data, "interval"), 3)
(0.743, 0.849)
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from ..data.datasets import Case

#: The levels of measurement alpha knows (Krippendorff 2011): the difference function of each.
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

#: Variables of the ``codings`` table, the level alpha treats each at, and the ordered values of
#: the ordinal ones. ``participants`` (a set of element ids per event) is compared element by element:
#: see :func:`participant_units`.
VARIABLE_LEVELS: dict[str, str] = {"status": "nominal", "strength": "ordinal", "basis": "nominal",
                                   "kind": "nominal", "participants": "nominal", "citizen_mode": "nominal"}
ORDERED_VALUES: dict[str, tuple[str, ...]] = {"strength": ("1", "2", "3")}

#: Columns of the ``codings`` table (the data-model contract).
CODINGS_COLUMNS: tuple[str, ...] = ("coder", "unit_table", "unit_id", "variable", "value", "coded_on",
                                    "basis", "note")


class ReliabilityError(ValueError):
    """Reliability cannot be computed from these data (too few coders, nothing pairable, ...)."""


class NoCodingsError(ReliabilityError):
    """The case has no codings (no table, or an empty one)."""


# ----------------------------------------------------------------------------- reliability data
def _is_missing(v: Any) -> bool:
    if v is None or v is pd.NA:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _as_matrix(data: Any) -> tuple[list[list[Any]], list[Any]]:
    """Rows = coders as lists of values (missing as None), and the coders' names."""
    if isinstance(data, pd.DataFrame):
        coders = list(data.index)
        rows = data.to_numpy(dtype=object).tolist()
    else:
        rows = [list(r) for r in data]
        coders = list(range(len(rows)))
    if len(rows) == 0:
        raise ReliabilityError("reliability data are empty: expected a coders × units array (rows = coders)")
    width = {len(r) for r in rows}
    if len(width) != 1:
        raise ReliabilityError(f"reliability data are ragged: the coders' rows have lengths {sorted(width)}; "
                               "expected one value (or a missing value) per coder and unit")
    rows = [[None if _is_missing(v) else v for v in r] for r in rows]
    return rows, coders


def _check_level(level: str) -> str:
    if level not in LEVELS:
        raise ReliabilityError(f"unknown level of measurement {level!r}; expected one of {', '.join(LEVELS)}")
    return level


def _domain(rows: list[list[Any]], level: str, values: Sequence[Any] | None) -> list[Any]:
    present = {v for r in rows for v in r if v is not None}
    if values is not None:
        values = list(values)
        stray = present - set(values)
        if stray:
            raise ReliabilityError(f"values {sorted(map(str, stray))} are not among the declared values "
                                   f"{[str(v) for v in values]}")
        return values
    if level in ("interval", "ratio"):
        bad = [v for v in present if not isinstance(v, (int, float, np.integer, np.floating)) or isinstance(v, bool)]
        if bad:
            raise ReliabilityError(f"{level} data must be numbers; got {sorted(map(repr, bad))[:5]}")
    try:
        return sorted(present)
    except TypeError:
        if level == "ordinal":
            raise ReliabilityError("ordinal values of mixed types cannot be ordered; pass values= in rank order") from None
        return sorted(present, key=repr)


def coincidence_matrix(data: Any, *, values: Sequence[Any] | None = None) -> pd.DataFrame:
    """The coincidence matrix ``o[c, k]`` of reliability data (Krippendorff 2011).

    Each unit coded by ``m_u >= 2`` coders contributes its ``m_u (m_u - 1)`` ordered pairs of
    values, each weighted ``1 / (m_u - 1)``; units with fewer than two values are not pairable and
    drop out. The matrix is symmetric and sums to ``n``, the number of pairable values.

    Parameters
    ----------
    data : array-like or DataFrame, shape (coders, units)
        Missing values as ``None``, ``NaN`` or ``pd.NA``.
    values : sequence, optional
        All values, in order (default: the values that occur, sorted).

    Examples
    --------
    >>> coincidence_matrix([["a", "a", "b"], ["a", "b", "b"]])
         a    b
    a  2.0  1.0
    b  1.0  2.0
    """
    rows, _ = _as_matrix(data)
    domain = _domain(rows, "nominal", values)
    index = {v: i for i, v in enumerate(domain)}
    o = np.zeros((len(domain), len(domain)))
    for u in range(len(rows[0])):
        col = [r[u] for r in rows if r[u] is not None]
        m = len(col)
        if m < 2:
            continue
        counts = np.zeros(len(domain))
        for v in col:
            counts[index[v]] += 1
        o += (np.outer(counts, counts) - np.diag(counts)) / (m - 1)
    return pd.DataFrame(o, index=domain, columns=domain)


def _delta2(domain: list[Any], n_c: np.ndarray, level: str) -> np.ndarray:
    """Squared difference ``delta²(c, k)`` for every pair of values of the domain."""
    k = len(domain)
    if level == "nominal":
        return 1.0 - np.eye(k)
    if level == "ordinal":
        cum = np.concatenate([[0.0], np.cumsum(n_c)])  # cum[i] = sum of n_g for g < i
        i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        between = cum[hi + 1] - cum[lo]  # sum of n_g for g from lo to hi
        return (between - (n_c[lo] + n_c[hi]) / 2.0) ** 2
    x = np.asarray(domain, dtype=float)
    if level == "interval":
        return (x[:, None] - x[None, :]) ** 2
    if (x < 0).any():
        raise ReliabilityError(f"ratio data must be non-negative (a ratio scale has an absolute zero); got {x[x < 0].min()}")
    s = x[:, None] + x[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.where(s == 0, 0.0, (x[:, None] - x[None, :]) / np.where(s == 0, 1.0, s))
    return d ** 2


def _alpha_from_o(o: np.ndarray, domain: list[Any], level: str) -> float:
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d2 = _delta2(domain, n_c, level)
    d_o = (o * d2).sum()
    d_e = (np.outer(n_c, n_c) * d2).sum() / (n - 1)
    if d_e == 0:
        raise ReliabilityError("alpha is undefined: every pairable value is the same, so no disagreement "
                               "could be expected by chance (D_e = 0)")
    return float(1.0 - d_o / d_e)


def _checked_o(rows: list[list[Any]], level: str, values: Sequence[Any] | None) -> tuple[np.ndarray, list[Any]]:
    _check_level(level)
    coding = [r for r in rows if any(v is not None for v in r)]
    if len(coding) < 2:
        raise ReliabilityError(f"alpha needs at least two coders with values; got {len(coding)}")
    domain = _domain(rows, level, values)
    o = coincidence_matrix(rows, values=domain).to_numpy()
    if o.sum() == 0:
        raise ReliabilityError("no pairable values: no unit was coded by two or more coders")
    return o, domain


def krippendorff_alpha(data: Any, level: str = "nominal", *, values: Sequence[Any] | None = None) -> float:
    """Krippendorff's alpha: ``1 - D_o / D_e``, for any number of coders and missing values.

    Computed from the coincidence matrix ``o`` with marginals ``n_c`` and ``n = sum n_c``
    pairable values: ``alpha = 1 - (n - 1) * sum o[c,k] δ²(c,k) / sum n_c n_k δ²(c,k)``.

    Parameters
    ----------
    data : array-like or DataFrame, shape (coders, units)
        The reliability data; missing values as ``None``, ``NaN`` or ``pd.NA``.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement, which picks the difference function δ² (``docs/reliability.md``).
    values : sequence, optional
        The values in rank order. Needed for ordinal data whose natural sort is not their rank
        (``["low", "mid", "high"]``); optional otherwise.

    Returns
    -------
    float

    Raises
    ------
    ReliabilityError
        Unknown level; fewer than two coders; no unit coded by two coders; all pairable values
        identical (alpha undefined); non-numeric interval/ratio data; negative ratio data.

    Examples
    --------
    >>> krippendorff_alpha([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    ...                     [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]])  # doctest: +ELLIPSIS
    0.0952380952...
    >>> round(krippendorff_alpha([["low", "high"], ["mid", "high"]], "ordinal", values=["low", "mid", "high"]), 4)
    0.8333
    """
    rows, _ = _as_matrix(data)
    o, domain = _checked_o(rows, level, values)
    return _alpha_from_o(o, domain, level)


# ----------------------------------------------------------------------------- bootstrap
@dataclass(frozen=True)
class AlphaInterval:
    """Alpha with a percentile bootstrap interval (see :func:`alpha_bootstrap`)."""

    alpha: float
    low: float
    high: float
    level: float
    n_boot: int
    n_undefined: int
    seed: int | None

    def __str__(self) -> str:
        return f"alpha = {self.alpha:.3f} [{self.low:.3f}, {self.high:.3f}] ({self.level:.0%}, {self.n_boot} draws)"


def alpha_bootstrap(data: Any, level: str = "nominal", *, values: Sequence[Any] | None = None,
                    n_boot: int = 2000, confidence: float = 0.95, seed: int | None = 0) -> AlphaInterval:
    """Alpha with a percentile bootstrap confidence interval over units.

    The units (columns) are resampled with replacement, ``n_boot`` times, with a seeded
    generator; alpha is recomputed on each draw with the level's difference function (for ordinal
    data on the draw's own value frequencies). The interval is the ``(1 - confidence) / 2`` and
    ``(1 + confidence) / 2`` percentiles of the draws. A draw in which alpha is undefined (every
    pairable value the same, or nothing pairable) is left out and counted in ``n_undefined``.
    This is a nonparametric cluster bootstrap over units (as in Zapf et al. 2016); it is not
    Hayes & Krippendorff's (2007) KALPHA resampling of pairable values (``docs/reliability.md``).

    Parameters
    ----------
    data, level, values
        As for :func:`krippendorff_alpha`.
    n_boot : int
        Number of bootstrap draws.
    confidence : float
        Coverage of the interval, in (0, 1).
    seed : int or None
        Seed of the random generator (``numpy.random.default_rng``); same seed, same interval.

    Examples
    --------
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    ...         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
    >>> r = alpha_bootstrap(data, "nominal", n_boot=500, seed=1)
    >>> r.low < r.alpha < r.high <= 1
    True
    """
    if n_boot < 1:
        raise ReliabilityError(f"n_boot must be a positive number of draws; got {n_boot}")
    if not 0 < confidence < 1:
        raise ReliabilityError(f"confidence must lie strictly between 0 and 1; got {confidence}")
    rows, _ = _as_matrix(data)
    o, domain = _checked_o(rows, level, values)
    alpha = _alpha_from_o(o, domain, level)
    # each unit's contribution to the coincidence matrix (zero for a unit with fewer than two values),
    # so that a draw's matrix is the sum of its units' contributions
    index = {v: i for i, v in enumerate(domain)}
    units = np.zeros((len(rows[0]), len(domain), len(domain)))
    for u in range(len(rows[0])):
        col = [r[u] for r in rows if r[u] is not None]
        if len(col) < 2:
            continue
        counts = np.zeros(len(domain))
        for v in col:
            counts[index[v]] += 1
        units[u] = (np.outer(counts, counts) - np.diag(counts)) / (len(col) - 1)
    rng = np.random.default_rng(seed)
    draws = []
    undefined = 0
    for _ in range(n_boot):
        ob = units[rng.integers(0, len(units), size=len(units))].sum(axis=0)
        try:
            if ob.sum() == 0:
                raise ReliabilityError("no pairable values in this draw")
            draws.append(_alpha_from_o(ob, domain, level))
        except ReliabilityError:
            undefined += 1
    if not draws:
        raise ReliabilityError(f"alpha is undefined in every one of the {n_boot} bootstrap draws")
    lo, hi = np.quantile(draws, [(1 - confidence) / 2, (1 + confidence) / 2])
    return AlphaInterval(alpha=alpha, low=float(lo), high=float(hi), level=confidence, n_boot=n_boot,
                         n_undefined=undefined, seed=seed)


# ----------------------------------------------------------------------------- agreement, kappa
def percent_agreement(data: Any) -> float:
    """Share of agreeing pairs among all pairs of values two coders gave the same unit.

    With two coders this is the share of units coded by both on which they agree; with more, each
    unit counts by its number of coder pairs. Units coded by fewer than two coders drop out.

    Examples
    --------
    >>> percent_agreement([["a", "b", "c", None], ["a", "b", "d", "d"]])
    0.6666666666666666
    """
    rows, _ = _as_matrix(data)
    agree = pairs = 0
    for u in range(len(rows[0])):
        col = [r[u] for r in rows if r[u] is not None]
        m = len(col)
        if m < 2:
            continue
        pairs += m * (m - 1) // 2
        agree += sum(c * (c - 1) // 2 for c in Counter(col).values())
    if pairs == 0:
        raise ReliabilityError("no pairable values: no unit was coded by two or more coders")
    return agree / pairs


def cohen_kappa(a: Iterable[Any], b: Iterable[Any], *, weights: str | None = None,
                values: Sequence[Any] | None = None) -> float:
    """Cohen's kappa for two coders: ``(p_o - p_e) / (1 - p_e)``, optionally weighted.

    Units where either coder has no value are dropped. Written here (a contingency table and
    three sums) rather than taken from statsmodels, which would add scipy and patsy as dependencies.

    Parameters
    ----------
    a, b : iterables of equal length
        The two coders' values, unit by unit.
    weights : {None, "linear", "quadratic"}
        Unweighted (nominal), or weighted by rank distance for ordered values.
    values : sequence, optional
        All values in order (needed for weights when the natural sort is not the rank).

    Examples
    --------
    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(cohen_kappa(a, b), 10)
    0.4
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ReliabilityError(f"the two coders' value lists differ in length: {len(a)} and {len(b)}")
    pairs = [(x, y) for x, y in zip(a, b) if not _is_missing(x) and not _is_missing(y)]
    if not pairs:
        raise ReliabilityError("no unit was coded by both coders")
    if weights not in (None, "linear", "quadratic"):
        raise ReliabilityError(f"unknown weights {weights!r}; expected None, 'linear' or 'quadratic'")
    domain = _domain([[x for x, _ in pairs], [y for _, y in pairs]], "ordinal" if weights else "nominal", values)
    idx = {v: i for i, v in enumerate(domain)}
    k = len(domain)
    table = np.zeros((k, k))
    for x, y in pairs:
        table[idx[x], idx[y]] += 1
    p = table / table.sum()
    expected = np.outer(p.sum(axis=1), p.sum(axis=0))
    i, j = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    if weights is None:
        w = (i != j).astype(float)
    else:
        dist = np.abs(i - j) / max(k - 1, 1)
        w = dist if weights == "linear" else dist ** 2
    denom = (w * expected).sum()
    if denom == 0:
        raise ReliabilityError("kappa is undefined: both coders used one and the same value throughout")
    return float(1.0 - (w * p).sum() / denom)


# ----------------------------------------------------------------------------- codings of a case
def case_codings(case: Case, codings: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``codings`` table of a case (or ``codings`` itself), checked against the contract.

    Raises
    ------
    ReliabilityError
        If the case has no ``codings`` table, or a column of the contract is missing.

    Examples
    --------
    >>> import kaede
    >>> case = kaede.make_case([("council", "council"), ("vision", "vision")],
    ...                        [("council", "vision", "owns", "present", 3)])
    >>> case_codings(case)
    Traceback (most recent call last):
    ...
    kaede.methods.reliability.NoCodingsError: case 'synthetic' has no codings: ...
    """
    if codings is None:
        codings = case.tables.get("codings")
    if codings is None or len(codings) == 0:
        raise NoCodingsError(
            f"case {case.name!r} has no codings: intercoder reliability needs each coder's codes in its "
            f"codings table (codings.csv: {', '.join(CODINGS_COLUMNS)}); see docs/reliability.md")
    missing = [c for c in ("coder", "unit_table", "unit_id", "variable", "value") if c not in codings.columns]
    if missing:
        raise ReliabilityError(f"the codings table of case {case.name!r} lacks column(s) {', '.join(missing)}; "
                               f"expected {', '.join(CODINGS_COLUMNS)}")
    out = codings.copy()
    for c in ("coder", "unit_table", "unit_id", "variable", "value"):
        out[c] = out[c].astype("string")
    dup = out.duplicated(["coder", "unit_table", "unit_id", "variable"], keep=False)
    if dup.any():
        first = out[dup].iloc[0]
        raise ReliabilityError(
            f"the codings table of case {case.name!r} has {int(dup.sum())} rows sharing a key; e.g. coder "
            f"{first.coder!r}, {first.unit_table} {first.unit_id!r}, variable {first.variable!r} appears more than once "
            "(expected one value per coder, unit and variable)")
    return out


PARTICIPANT_SEP = ":"


def _id_set(value: Any) -> list[str]:
    return [] if _is_missing(value) else sorted({p.strip() for p in str(value).split(";") if p.strip()})


def participant_units(codings: pd.DataFrame) -> pd.DataFrame:
    """Expand ``participants`` codes (element ids separated by ``;`` per event) into yes/no units.

    A set of participants is not one nominal value: two coders who both name the council and
    differ on the directorate agree on one element and disagree on another. So each event coded
    by a coder becomes one unit per element that *any* coder named for that event, with unit id
    ``event_id:element_id`` and value ``yes`` (the coder named it) or ``no`` (the coder coded the
    event's participants and did not name it). Elements no coder named are not units, so silence
    cannot inflate agreement. Other variables pass through unchanged.

    Examples
    --------
    >>> cod = pd.DataFrame([("a", "events", "e1", "participants", "council;directorate"),
    ...                     ("b", "events", "e1", "participants", "council")],
    ...                    columns=["coder", "unit_table", "unit_id", "variable", "value"])
    >>> participant_units(cod)[["coder", "unit_id", "value"]].values.tolist()
    [['a', 'e1:council', 'yes'], ['a', 'e1:directorate', 'yes'], ['b', 'e1:council', 'yes'], ['b', 'e1:directorate', 'no']]
    """
    is_p = codings["variable"] == "participants"
    if not is_p.any():
        return codings
    part = codings[is_p & codings["value"].notna()]
    rows = []
    for (unit_table, event), g in part.groupby(["unit_table", "unit_id"], sort=True):
        named = {c: set(_id_set(v)) for c, v in zip(g["coder"], g["value"])}
        union = sorted(set().union(*named.values()))
        for coder, ids in named.items():
            for element in union:
                rows.append({"coder": coder, "unit_table": unit_table, "unit_id": f"{event}{PARTICIPANT_SEP}{element}",
                             "variable": "participants", "value": "yes" if element in ids else "no"})
    expanded = pd.DataFrame(rows, columns=["coder", "unit_table", "unit_id", "variable", "value"], dtype="string")
    return pd.concat([codings[~is_p], expanded], ignore_index=True)


def _shipped_values(case: Case, unit_table: str, variable: str) -> pd.Series:
    """The case's own (adjudicated) value of ``variable`` for each unit of ``unit_table``, as strings."""
    if unit_table == "events" and variable == "participants":
        p = case.tables.get("participants")
        if p is None:
            return pd.Series(dtype="string")
        per_event = p.groupby("event_id")["element_id"].agg(lambda s: ";".join(sorted(set(s.astype(str)))))
        return per_event.reindex(case.events["event_id"]).fillna("").astype("string")
    table = case.tables.get(unit_table)
    key = {"links": "link_id", "events": "event_id"}.get(unit_table)
    if table is None or key is None or variable not in table.columns:
        return pd.Series(dtype="string")
    s = table.set_index(key)[variable]
    return s.astype("Int64").astype("string") if pd.api.types.is_integer_dtype(s) else s.astype("string")


def _adjudicated(case: Case, unit_table: str, unit_id: str, variable: str) -> Any:
    """The shipped value of one unit (for participants: ``yes``/``no`` per ``event:element`` unit)."""
    if variable == "participants":
        event, _, element = unit_id.partition(PARTICIPANT_SEP)
        named = _shipped_values(case, unit_table, variable).get(event, pd.NA)
        return pd.NA if _is_missing(named) else ("yes" if element in _id_set(named) else "no")
    return _shipped_values(case, unit_table, variable).get(unit_id, pd.NA)


def _with_shipped(case: Case, codings: pd.DataFrame, shipped_as: str | None) -> pd.DataFrame:
    if shipped_as is None:
        return codings
    if (codings["coder"] == shipped_as).any():
        raise ReliabilityError(f"coder {shipped_as!r} already has codings in case {case.name!r}; "
                               "pick another name for the shipped coding")
    add = []
    for (unit_table, variable), _ in codings.groupby(["unit_table", "variable"]):
        s = _shipped_values(case, str(unit_table), str(variable))
        add.append(pd.DataFrame({"coder": shipped_as, "unit_table": unit_table, "unit_id": s.index.astype(str),
                                 "variable": variable, "value": s.to_numpy()}, dtype="string"))
    return pd.concat([codings] + add, ignore_index=True) if add else codings


def _cases(cases: Any) -> list[tuple[str, Case]]:
    if isinstance(cases, Mapping):
        return [(str(k), v) for k, v in cases.items()]
    if hasattr(cases, "tables"):
        return [(cases.name, cases)]
    return [(c.name, c) for c in cases]


def reliability_table(cases: Any, *, codings: pd.DataFrame | None = None, shipped_as: str | None = None,
                      n_boot: int = 2000, confidence: float = 0.95, seed: int | None = 0,
                      levels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Alpha per case, unit table and variable, with a bootstrap interval and agreement figures.

    Parameters
    ----------
    cases : Case, mapping of name to Case, or sequence of Case
        Of several cases, one without codings gets a single row whose ``note`` says so; a single
        case without codings is an error.
    codings : DataFrame, optional
        Use this codings table (for a single case) instead of the case's own.
    shipped_as : str, optional
        Also count the case's shipped (adjudicated) coding as a coder of this name, read from the
        links / events tables. Only meaningful if the shipped coding was not adjusted towards the
        other coders; otherwise record the first coding in ``codings`` itself.
    n_boot, confidence, seed
        Passed to :func:`alpha_bootstrap`.
    levels : mapping, optional
        Level of measurement per variable (default :data:`VARIABLE_LEVELS`: status nominal,
        strength ordinal, the process codes nominal).

    Returns
    -------
    DataFrame
        One row per (case, unit_table, variable): ``level``, ``alpha``, ``ci_low``, ``ci_high``,
        ``n_units`` (units coded by at least two coders), ``n_values`` (pairable values),
        ``n_coders``, ``agreement`` (share of agreeing pairs), ``kappa`` (Cohen's kappa, weighted
        quadratically for ordinal variables; two coders only) and ``note`` (why alpha is missing).

    Examples
    --------
    >>> import kaede, pandas as pd
    >>> case = kaede.make_case([("council", "council"), ("vision", "vision"), ("budget", "budget")],
    ...                        [("council", "vision", "owns", "present", 3),
    ...                         ("vision", "budget", "translates_into", "absent")])
    >>> case.tables["codings"] = pd.DataFrame(
    ...     [("b", "links", "l1", "status", "present"), ("b", "links", "l2", "status", "unknown")],
    ...     columns=["coder", "unit_table", "unit_id", "variable", "value"])
    >>> reliability_table(case, shipped_as="a", n_boot=200)[["variable", "n_units", "agreement"]]
      variable  n_units  agreement
    0   status        2        0.5
    """
    levels = dict(VARIABLE_LEVELS, **(levels or {}))
    for variable, level in levels.items():
        if level not in LEVELS:
            raise ReliabilityError(f"unknown level of measurement {level!r} for {variable}; "
                                   f"expected one of {', '.join(LEVELS)}")
    rows = []
    several = not hasattr(cases, "tables")
    for label, case in _cases(cases):
        try:
            cod = participant_units(_with_shipped(case, case_codings(case, codings), shipped_as))
        except NoCodingsError as exc:
            if not several:
                raise
            rows.append({"case": label, "alpha": np.nan, "ci_low": np.nan, "ci_high": np.nan, "n_units": 0,
                         "n_values": 0, "n_coders": 0, "agreement": np.nan, "kappa": np.nan, "note": str(exc)})
            continue
        cod = cod.dropna(subset=["value"])
        for (unit_table, variable), g in cod.groupby(["unit_table", "variable"], sort=True):
            level = levels.get(str(variable))
            if level is None:
                raise ReliabilityError(f"codings of case {label!r}: unknown variable {variable!r}; expected one of "
                                       f"{', '.join(levels)} (or pass levels=)")
            wide = g.pivot(index="coder", columns="unit_id", values="value")
            values = ORDERED_VALUES.get(str(variable))
            if values is not None:
                stray = sorted(set(g["value"]) - set(values))
                if stray:
                    raise ReliabilityError(f"codings of case {label!r}: {variable} values {stray} are not among "
                                           f"{list(values)}")
            data = wide
            if level in ("interval", "ratio"):
                try:
                    data = wide.apply(pd.to_numeric, errors="raise").astype(float)
                except (TypeError, ValueError) as exc:
                    raise ReliabilityError(f"codings of case {label!r}: {variable} is treated as {level} data but "
                                           f"has a value that is not a number ({exc})") from None
                values = None
            n_per_unit = wide.notna().sum(axis=0)
            row = {"case": label, "unit_table": unit_table, "variable": variable, "level": level,
                   "alpha": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                   "n_units": int((n_per_unit >= 2).sum()), "n_values": int(n_per_unit[n_per_unit >= 2].sum()),
                   "n_coders": int(wide.notna().any(axis=1).sum()), "agreement": np.nan, "kappa": np.nan, "note": ""}
            try:
                row["agreement"] = percent_agreement(data)
            except ReliabilityError:
                pass
            try:
                r = alpha_bootstrap(data, level, values=values, n_boot=n_boot, confidence=confidence, seed=seed)
                row.update(alpha=r.alpha, ci_low=r.low, ci_high=r.high)
                if r.n_undefined:
                    row["note"] = f"alpha undefined in {r.n_undefined} of {n_boot} draws"
            except ReliabilityError as exc:
                row["note"] = str(exc)
            if row["n_coders"] == 2 and row["n_units"]:
                a, b = wide.to_numpy(dtype=object)
                try:
                    row["kappa"] = cohen_kappa(a, b, weights="quadratic" if level == "ordinal" else None, values=values)
                except ReliabilityError:
                    pass
            rows.append(row)
    cols = ["case", "unit_table", "variable", "level", "alpha", "ci_low", "ci_high", "n_units", "n_values",
            "n_coders", "agreement", "kappa", "note"]
    out = pd.DataFrame(rows, columns=cols)
    return out if several else out.drop(columns="case")


def disagreements(cases: Any, *, codings: pd.DataFrame | None = None, shipped_as: str | None = None) -> pd.DataFrame:
    """The units on which the coders disagree, each coder's value beside the adjudicated one.

    Parameters
    ----------
    cases : Case, mapping of name to Case, or sequence of Case
        Of several cases, those without codings are left out; a single case without codings is an
        error.
    codings : DataFrame, optional
        Use this codings table (for a single case) instead of the case's own.
    shipped_as : str, optional
        Also count the shipped coding as a coder of this name (see :func:`reliability_table`).

    Returns
    -------
    DataFrame
        One row per (case, unit_table, unit_id, variable) on which two coders' values differ: one
        column per coder (empty where that coder did not code the unit) and ``adjudicated``, the
        case's own value from its links or events table (empty where the case has no such column).

    Examples
    --------
    >>> import kaede, pandas as pd
    >>> case = kaede.make_case([("council", "council"), ("vision", "vision"), ("budget", "budget")],
    ...                        [("council", "vision", "owns", "present", 3),
    ...                         ("vision", "budget", "translates_into", "absent")])
    >>> case.tables["codings"] = pd.DataFrame(
    ...     [(c, "links", u, "status", v) for c, u, v in [("a", "l1", "present"), ("b", "l1", "present"),
    ...                                                  ("a", "l2", "unknown"), ("b", "l2", "absent")]],
    ...     columns=["coder", "unit_table", "unit_id", "variable", "value"])
    >>> disagreements(case)[["unit_id", "variable", "a", "b", "adjudicated"]]
      unit_id variable        a       b adjudicated
    0      l2   status  unknown  absent      absent
    """
    frames = []
    coders: list[str] = []
    several = not hasattr(cases, "tables")
    for label, case in _cases(cases):
        try:
            cod = participant_units(_with_shipped(case, case_codings(case, codings), shipped_as))
        except NoCodingsError:
            if not several:
                raise
            continue  # a case without codings has no disagreements to list
        cod = cod.dropna(subset=["value"])
        for c in cod["coder"]:
            if c not in coders:
                coders.append(str(c))
        wide = cod.pivot_table(index=["unit_table", "unit_id", "variable"], columns="coder", values="value",
                               aggfunc="first")
        differ = wide.apply(lambda r: r.dropna().nunique() > 1, axis=1) if len(wide) else pd.Series(dtype=bool)
        wide = wide[differ].reset_index()
        wide.columns.name = None
        wide["adjudicated"] = [_adjudicated(case, str(t), str(u), str(v)) for t, u, v in
                               zip(wide["unit_table"], wide["unit_id"], wide["variable"])]
        wide.insert(0, "case", label)
        frames.append(wide)
    cols = ["case", "unit_table", "unit_id", "variable"] + coders + ["adjudicated"]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    out = out.reindex(columns=cols).astype("string")
    out = out.sort_values(["case", "unit_table", "unit_id", "variable"], ignore_index=True)
    return out.drop(columns="case") if hasattr(cases, "tables") else out


def as_coded_by(case: Case, coder: str, *, codings: pd.DataFrame | None = None) -> Case:
    """The case as one coder coded it: their link status, strength and basis, and event kinds, in
    place of the shipped (adjudicated) ones, so that it can be diagnosed like any case.

    Units the coder did not code keep their shipped codes. A link the coder codes other than
    present loses its strength; one the coder codes present without a strength keeps the shipped
    strength if the shipped link is present too, and otherwise has none (so it does not couple).
    The case is copied; the original is not changed.

    Parameters
    ----------
    case : Case
    coder : str
        A coder in the case's codings table (or in ``codings``).
    codings : DataFrame, optional
        Use this codings table instead of the case's own.

    Examples
    --------
    >>> import kaede, pandas as pd
    >>> case = kaede.make_case([("council", "council"), ("vision", "vision")],
    ...                        [("council", "vision", "owns", "unknown")])
    >>> case.tables["codings"] = pd.DataFrame(
    ...     [("c2", "links", "l1", "status", "present"), ("c2", "links", "l1", "strength", "2")],
    ...     columns=["coder", "unit_table", "unit_id", "variable", "value"])
    >>> as_coded_by(case, "c2").links[["link_id", "status", "strength"]].values.tolist()
    [['l1', 'present', 2]]
    >>> case.links.loc[0, "status"]
    'unknown'
    """
    import copy

    from ..data.datasets import Case as _Case

    cod = case_codings(case, codings)
    mine = cod[(cod["coder"] == coder) & cod["value"].notna()]
    if mine.empty:
        known = ", ".join(sorted(set(cod["coder"].dropna())))
        raise ReliabilityError(f"case {case.name!r}: coder {coder!r} has no codes (coders: {known})")
    tables = {k: v.copy() for k, v in case.tables.items()}

    def codes(unit_table: str, variable: str) -> dict[str, str]:
        sel = mine[(mine["unit_table"] == unit_table) & (mine["variable"] == variable)]
        return dict(zip(sel["unit_id"].astype(str), sel["value"].astype(str)))

    links = tables["links"].set_index("link_id")
    unknown = sorted(set(mine.loc[mine["unit_table"] == "links", "unit_id"]) - set(links.index))
    if unknown:
        raise ReliabilityError(f"case {case.name!r}: coder {coder!r} coded links not in the case: {unknown[:5]}")
    shipped_present = links["status"] == "present"
    status, strength, basis = codes("links", "status"), codes("links", "strength"), codes("links", "basis")
    for lid, value in status.items():
        links.loc[lid, "status"] = value
    for lid, value in basis.items():
        links.loc[lid, "basis"] = value
    for lid in set(status) | set(strength):
        if links.loc[lid, "status"] != "present":
            links.loc[lid, "strength"] = pd.NA
        elif lid in strength:
            links.loc[lid, "strength"] = int(strength[lid])
        elif not shipped_present[lid]:
            links.loc[lid, "strength"] = pd.NA
    links = links.reset_index()
    links["strength"] = links["strength"].astype("Int64")
    tables["links"] = links
    kinds = codes("events", "kind")
    if kinds:
        events = tables["events"].set_index("event_id")
        for eid, value in kinds.items():
            if eid in events.index:
                events.loc[eid, "kind"] = value
        tables["events"] = events.reset_index()
    return _Case(name=case.name, title=case.title, path=case.path, tables=tables, meta=copy.deepcopy(case.meta),
                 description=case.description)
