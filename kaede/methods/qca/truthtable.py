"""The truth table: every configuration of the conditions that cases show, with its fit to the outcome.

Follows R's QCA ``truthTable()``: a case belongs to the configuration its memberships round to
(above 0.5 is in); ``n`` counts the cases with membership above 0.5 in the row; ``incl`` is the
sufficiency inclusion (consistency) of the row over *all* cases, ``PRI`` its proportional reduction in
inconsistency; ``OUT`` is ``"1"`` when incl ≥ incl.cut (and PRI ≥ pri.cut), ``"C"`` (contradiction) when
it falls between a second cut-off and the first, ``"0"`` otherwise, and ``"?"`` (a logical remainder)
for rows with fewer than ``n_cut`` cases. Rows are numbered as in R: the configuration's index in
mixed radix, plus one.

Examples
--------
>>> import pandas as pd
>>> d = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 1], "Y": [1, 1, 0, 1]}, index=list("wxyz"))
>>> tt = truth_table(d, "Y")
>>> tt.table[["A", "B", "OUT", "n", "incl"]]
   A  B OUT  n  incl
2  0  1   0  2   0.5
3  1  0   1  1   1.0
4  1  1   1  1   1.0
>>> tt.remainders
1
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .expressions import QCAError, term_membership

__all__ = ["TruthTable", "truth_table", "condition_info"]

#: Tolerance of R's ``admisc::agteb`` (sqrt of machine epsilon) for comparisons with the cut-offs.
TOL = float(np.finfo(float).eps) ** 0.5


def _ge(a, b) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    return (a > b) | (np.abs(a - b) <= TOL)


def condition_info(data: pd.DataFrame, conditions: Sequence[str], *, what: str = "data") -> tuple[np.ndarray, np.ndarray]:
    """Levels and fuzzy flags of each condition column.

    A column with a value strictly between 0 and 1 is fuzzy (two levels); otherwise it must hold
    whole numbers ≥ 0 and has ``max + 1`` levels (crisp: 2, multi-value: more).
    """
    levels, fuzzy = [], []
    for c in conditions:
        if c not in data.columns:
            raise QCAError(f"{what}: no column {c!r}; expected one of {list(data.columns)}")
        x = pd.to_numeric(data[c], errors="coerce")
        if x.isna().any():
            row = data.index[x.isna().to_numpy()][0]
            raise QCAError(f"{what}: row {row!r}, column {c!r}: expected a number (a set membership or a "
                           f"category 0, 1, 2, …), got {data.loc[row, c]!r}")
        v = x.to_numpy(dtype=float)
        if ((v < 0) | (v > 1)).any() and (v != np.round(v)).any():
            raise QCAError(f"{what}: column {c!r} mixes fuzzy scores and categories above 1")
        if (v < 0).any():
            row = data.index[v < 0][0]
            raise QCAError(f"{what}: row {row!r}, column {c!r}: expected a value ≥ 0, got {v[v < 0][0]}")
        is_fuzzy = bool(((v > 0) & (v < 1)).any())
        fuzzy.append(is_fuzzy)
        levels.append(2 if is_fuzzy else max(int(v.max()) + 1, 2))
    return np.array(levels, dtype=np.int64), np.array(fuzzy, dtype=bool)


def mixed_base(levels: Sequence[int]) -> np.ndarray:
    """Place values of a mixed-radix number over ``levels`` (first condition most significant)."""
    lv = np.asarray(levels, dtype=np.int64)
    return np.concatenate([np.cumprod(lv[::-1])[::-1][1:], [1]]).astype(np.int64)


def all_configurations(levels: Sequence[int]) -> np.ndarray:
    """Every configuration, in row-number order (row ``r`` is index ``r - 1``)."""
    grids = np.indices(tuple(int(v) for v in levels)).reshape(len(levels), -1).T
    return grids.astype(np.int64)


@dataclass
class TruthTable:
    """A truth table (see the module docstring). ``table`` holds the rows cases show, indexed by row number.

    Attributes
    ----------
    table : pandas.DataFrame
        Columns: the conditions (values), ``OUT`` ("1", "0", "C" or "?"), ``n``, ``incl``, ``PRI`` and
        ``cases`` (the case names in the row, comma-separated). Sorted by ``sort_by`` if given.
    conditions, outcome : the condition names and the outcome as written (``"~Y"`` for its negation)
    levels, fuzzy : number of levels and fuzzy flag per condition
    values : the conditions' scores per case (cases × conditions); ``y`` the outcome membership per case
    incl_cut, n_cut, pri_cut : the cut-offs used
    """

    table: pd.DataFrame
    conditions: list[str]
    outcome: str
    levels: np.ndarray
    fuzzy: np.ndarray
    values: np.ndarray
    y: np.ndarray
    case_names: list[str]
    incl_cut: tuple[float, float]
    n_cut: int
    pri_cut: float
    multivalue: bool
    _by_row: pd.DataFrame = field(repr=False, default=None)  # type: ignore[assignment]

    @property
    def n_configurations(self) -> int:
        """How many configurations the conditions allow (∏ levels)."""
        return int(np.prod(self.levels))

    @property
    def remainders(self) -> int:
        """How many configurations are logical remainders (no case, or fewer than ``n_cut``): limited diversity."""
        return self.n_configurations - int((self.table["OUT"] != "?").sum())

    def rows(self, out: str | Sequence[str]) -> np.ndarray:
        """Configurations (rows × conditions) whose OUT is in ``out``, in row-number order."""
        outs = {out} if isinstance(out, str) else set(out)
        t = self._by_row[self._by_row["OUT"].isin(outs)]
        return t[self.conditions].to_numpy(dtype=np.int64)

    def row_numbers(self, out: str | Sequence[str]) -> np.ndarray:
        outs = {out} if isinstance(out, str) else set(out)
        return self._by_row.index[self._by_row["OUT"].isin(outs)].to_numpy()

    def row_cases(self, out: str | Sequence[str]) -> list[str]:
        outs = {out} if isinstance(out, str) else set(out)
        return self._by_row.loc[self._by_row["OUT"].isin(outs), "cases"].tolist()

    def complete(self) -> pd.DataFrame:
        """The table with every remainder row too (OUT ``"?"``, n 0), in row-number order."""
        cfg = all_configurations(self.levels)
        full = pd.DataFrame(cfg, columns=self.conditions, index=pd.RangeIndex(1, len(cfg) + 1))
        full["OUT"], full["n"], full["incl"], full["PRI"], full["cases"] = "?", 0, np.nan, np.nan, ""
        full.loc[self._by_row.index, list(self._by_row.columns)] = self._by_row
        full["n"] = full["n"].astype(int)
        return full

    def __repr__(self) -> str:
        t = self.table.copy()
        t["incl"] = t["incl"].map(lambda v: f"{v:.3f}")
        t["PRI"] = t["PRI"].map(lambda v: f"{v:.3f}")
        return (f"TruthTable: outcome {self.outcome}, {len(self.conditions)} conditions, {len(self.case_names)} cases, "
                f"{self.remainders} of {self.n_configurations} rows are remainders\n{t.to_string()}")


def _outcome_membership(data: pd.DataFrame, outcome: str) -> np.ndarray:
    neg = outcome.startswith("~")
    name = outcome[1:].strip() if neg else outcome.strip()
    values = None
    if "[" in name:
        name, rest = name.split("[", 1)
        values = [int(v) for v in rest.rstrip("]").split(",")]
    if name not in data.columns:
        raise QCAError(f"outcome {outcome!r}: no column {name!r}; expected one of {list(data.columns)}")
    y = pd.to_numeric(data[name], errors="coerce")
    if y.isna().any():
        row = data.index[y.isna().to_numpy()][0]
        raise QCAError(f"outcome: row {row!r}, column {name!r}: expected a membership score, got {data.loc[row, name]!r}")
    v = y.to_numpy(dtype=float)
    if values is not None:
        v = np.isin(v, values).astype(float)
    elif ((v < 0) | (v > 1)).any():
        raise QCAError(f"outcome {name!r}: expected membership scores in [0, 1] (or write {name}[value] "
                       "for a multi-value outcome)")
    return 1.0 - v if neg else v


def truth_table(data: pd.DataFrame, outcome: str, conditions: Sequence[str] | None = None, *,
                incl_cut: float | Sequence[float] = 1.0, n_cut: int = 1, pri_cut: float = 0.0,
                sort_by: str | Sequence[str] | None = None, decreasing: bool = True) -> TruthTable:
    """Build the truth table of ``outcome`` on ``conditions`` (R: ``truthTable``).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per case (the index names the cases); calibrated conditions (crisp 0/1, multi-value
        0, 1, 2, … or fuzzy scores) and the outcome (membership scores).
    outcome : str
        The outcome column; ``"~Y"`` for its negation, ``"Y[2]"`` for a value of a multi-value outcome.
    conditions : list of str, optional
        Default: every other column.
    incl_cut : float or (float, float)
        Inclusion cut-off for OUT = 1; a second value opens a band of contradictions ("C") between it
        and the first. R's default is 1.
    n_cut : int
        Rows with fewer cases are remainders ("?").
    pri_cut : float
        Minimal PRI for OUT = 1.
    sort_by : "incl", "n", "PRI", "OUT" or a list of them (R's ``sort.by``), optional
        Sort the rows, decreasingly by default; ties keep row-number order.
    """
    if not isinstance(data, pd.DataFrame):
        raise QCAError(f"data: expected a pandas DataFrame with one row per case, got {type(data).__name__}")
    oname = outcome.lstrip("~").split("[")[0].strip()
    if conditions is None:
        conditions = [c for c in data.columns if c != oname]
    conditions = list(conditions)
    if not conditions:
        raise QCAError("conditions: expected at least one condition column")
    if oname in conditions:
        raise QCAError(f"conditions: the outcome {oname!r} cannot also be a condition")
    cuts = [float(incl_cut)] if np.isscalar(incl_cut) else [float(c) for c in incl_cut]  # type: ignore[arg-type]
    ic1, ic0 = cuts[0], (cuts[1] if len(cuts) > 1 else 1.0)
    levels, fuzzy = condition_info(data, conditions)
    values = data[conditions].apply(pd.to_numeric).to_numpy(dtype=float)
    y = _outcome_membership(data, outcome)
    crisp = np.where(fuzzy[None, :], (values > 0.5).astype(np.int64), np.round(values).astype(np.int64))
    base = mixed_base(levels)
    line = crisp @ base + 1
    rows = np.unique(line)
    configs = crisp[[int(np.nonzero(line == r)[0][0]) for r in rows]]
    terms = configs + 1
    mem = term_membership(terms, values, fuzzy)
    n = (mem > 0.5).sum(axis=0)
    sum_x = mem.sum(axis=0)
    pmin = np.minimum(mem, y[:, None])
    sum_pmin = pmin.sum(axis=0)
    prisum = np.minimum(pmin, (1 - y)[:, None]).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        incl = sum_pmin / sum_x
        pri = (sum_pmin - prisum) / (sum_x - prisum)
    out = np.where(_ge(incl, ic1) & _ge(pri, pri_cut), "1", "0").astype(object)
    out[(incl < ic1) & _ge(incl, ic0)] = "C"
    out[n < n_cut] = "?"
    zero_five = (np.abs(values - 0.5) <= TOL).any(axis=1)
    names = [str(i) for i in data.index]
    cases = [",".join(nm for nm, ln, z in zip(names, line, zero_five) if ln == r and not z) for r in rows]
    by_row = pd.DataFrame(configs, columns=conditions, index=pd.Index(rows, name=None))
    by_row["OUT"] = out
    by_row["n"] = n.astype(int)
    by_row["incl"] = incl
    by_row["PRI"] = pri
    by_row["cases"] = cases
    table = by_row
    if sort_by:
        keys = [sort_by] if isinstance(sort_by, str) else list(sort_by)
        keys = [k.strip() for key in keys for k in key.split(",") if k.strip()]
        order = np.arange(len(table))
        for key in reversed(keys):
            if key not in table.columns:
                raise QCAError(f"sort_by: {key!r} is not a column of the truth table; expected OUT, n, incl or PRI")
            col = table[key].to_numpy()
            if key == "OUT":
                col = np.array([{"1": 3, "C": 2, "0": 1, "?": 0}[v] for v in col])
            col = col[order].astype(float)
            idx = np.argsort(-col if decreasing else col, kind="stable")
            order = order[idx]
        table = table.iloc[order]
        table = pd.concat([table[table["OUT"] != "?"], table[table["OUT"] == "?"]])
    multivalue = bool((values > 1).any())
    return TruthTable(table=table, conditions=conditions, outcome=outcome, levels=levels, fuzzy=fuzzy,
                      values=values, y=y, case_names=names, incl_cut=(ic1, ic0), n_cut=n_cut, pri_cut=pri_cut,
                      multivalue=multivalue, _by_row=by_row)
