"""The kaede cases as sets: conditions from the vision processes, outcomes from the rule verdicts.

Each condition is calibrated crisp from a process feature (:func:`kaede.process_features`); each outcome
is a rule verdict (:func:`kaede.compare`) mapped to set membership by :func:`.verdict_membership`
(engages / present = 1, comes off / absent = 0, indeterminate = 0.5, not applicable = missing).
"False" in a process feature means "not on record", so a 0 here reads "not on the public record".

Examples
--------
>>> import kaede
>>> s = case_sets(kaede.load_cases(), on="vision_adopted")
>>> list(s.columns)
['OWN', 'ADM', 'CIT', 'BUD', 'ENGAGE', 'D1', 'D2', 'D3']
>>> sorted(s.index) == kaede.list_cases()
True
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from ...model.findings import compare
from ...model.process import process_features
from .calibrate import verdict_membership
from .expressions import QCAError
from .minimise import IncompleteModelsWarning, Solution, minimize
from .necessity import necessity
from .truthtable import TruthTable, truth_table

__all__ = ["CONDITIONS", "OUTCOMES", "case_sets", "analyse", "Analysis"]

#: condition -> (Danish label, English label, how it is calibrated from the process features)
CONDITIONS: dict[str, tuple[str, str, str]] = {
    "OWN": ("kommunalbestyrelsens ejerskab opbygget", "council ownership built",
            "1 if council_ownership_built (a council seminar or interviews before adoption), else 0"),
    "ADM": ("direktionen spurgt", "directorate asked",
            "1 if directorate_asked (directorate or chief group in a step other than adoption), else 0"),
    "CIT": ("borgerne gav input", "citizens gave input",
            "1 if citizen_mode is 'input' or 'both' (citizens took part before adoption), else 0"),
    "BUD": ("koblet til budgettet", "coupled to the budget",
            "1 if coupled_to_budget has a date (a present link vision/theme → budget), else 0"),
}

#: outcome -> (rule, Danish label, English label)
OUTCOMES: dict[str, tuple[str, str, str]] = {
    "ENGAGE": ("chain_drive", "kæden trækker", "the chain engages"),
    "D1": ("D1", "dekobling vision–praksis", "decoupling vision–practice"),
    "D2": ("D2", "fagudvalg uden kommunalbestyrelse", "committees without the council"),
    "D3": ("D3", "kommunalbestyrelse uden administration", "council without the administration"),
}


def case_sets(cases, on="vision_adopted", **thresholds) -> pd.DataFrame:
    """Cases × sets: the conditions of :data:`CONDITIONS` (crisp) and outcomes of :data:`OUTCOMES`.

    Parameters
    ----------
    cases : mapping of name to Case (``kaede.load_cases()``)
    on : when to read the verdicts (see :func:`kaede.compare`); one date or milestone
    **thresholds : passed to the rules
    """
    p = process_features(cases)
    out = pd.DataFrame(index=p.index)
    out["OWN"] = p["council_ownership_built"].fillna(False).astype(bool).astype(int)
    out["ADM"] = p["directorate_asked"].fillna(False).astype(bool).astype(int)
    out["CIT"] = p["citizen_mode"].isin(["input", "both"]).astype(int)
    out["BUD"] = p["coupled_to_budget"].notna().astype(int)
    m = compare(cases, on=on, **thresholds)
    for name, (rule, _da, _en) in OUTCOMES.items():
        out[name] = verdict_membership(m[rule].reindex(out.index))
    out.index.name = "case"
    return out


@dataclass
class Analysis:
    """One outcome analysed over the cases: the truth table, the solutions (or why there are none),
    necessity, and the limited diversity in plain words."""

    outcome: str
    tt: TruthTable
    solutions: dict[str, Solution]
    notes: list[str]
    necessity: pd.DataFrame

    def diversity(self) -> str:
        """How many configurations the cases show, and how many are remainders."""
        tt = self.tt
        shown = int((tt.table["OUT"] != "?").sum())
        return (f"{len(tt.case_names)} cases, {len(tt.conditions)} conditions: {tt.n_configurations} possible "
                f"configurations, {shown} shown by a case, {tt.remainders} remainders "
                f"({100 * tt.remainders / tt.n_configurations:.0f} %)")

    def __repr__(self) -> str:
        parts = [f"== {self.outcome} ==", self.diversity()]
        parts += self.notes
        for kind, sol in self.solutions.items():
            parts.append(f"{kind}: " + " | ".join(f"M{i + 1}: {e}" for i, e in enumerate(sol.expressions()))
                         + ("" if sol.complete else " (list incomplete)"))
        return "\n".join(parts)


def analyse(sets: pd.DataFrame, outcome: str, conditions: list[str] | None = None, *,
            incl_cut: float = 1.0, dir_exp=None) -> Analysis:
    """Truth table, conservative / parsimonious (/ intermediate with ``dir_exp``) solutions and necessity.

    Cases with a missing outcome (a ``not_applicable`` verdict) are left out, and the notes say so.
    Where no row passes ``incl_cut`` there is nothing to minimise; the notes say that instead.
    """
    name = outcome.lstrip("~")
    conditions = list(conditions or CONDITIONS)
    data = sets[conditions + [name]]
    notes = []
    missing = data[name].isna()
    if missing.any():
        notes.append(f"left out (verdict not applicable): {', '.join(map(str, data.index[missing]))}")
        data = data[~missing]
    tt = truth_table(data, outcome, incl_cut=incl_cut)
    sols: dict[str, Solution] = {}
    if not (tt.table["OUT"] == "1").any():
        notes.append(f"no configuration is consistently in {outcome} (incl ≥ {incl_cut}): nothing to minimise")
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("default", IncompleteModelsWarning)
            for kind, kw in (("conservative", {}), ("parsimonious", {"include": "?"})):
                try:
                    sols[kind] = minimize(tt, **kw)
                except QCAError as e:
                    notes.append(f"{kind}: {e}")
            if dir_exp is not None and "parsimonious" in sols:
                sols["intermediate"] = minimize(tt, include="?", dir_exp=dir_exp)
    return Analysis(outcome, tt, sols, notes, necessity(data, outcome, conditions))
