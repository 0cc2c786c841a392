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

import pandas as pd

from ...model.findings import compare
from ...model.process import process_features
from .calibrate import verdict_membership

__all__ = ["CONDITIONS", "OUTCOMES", "case_sets"]

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
