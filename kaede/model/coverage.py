"""Coverage: which roles of the chain each case lacks on each date (``kaede coverage``).

A role a rule needs with no element on a date is *not on record*: the rule reads it as unknown (a
placeholder coupled by unknown links, see :func:`kaede.model.rules.with_placeholders`), never as
absent. This report lists those gaps, so a coder can look for the missing positions — or add a
placeholder element of status ``unknown`` where the dossier is silent.

Examples
--------
>>> import kaede
>>> from kaede.model.examples import talk_example
>>> coverage(talk_example("full"), on=None)[["role_group", "rules"]].to_dict("records")
[{'role_group': 'committee route', 'rules': 'D2'}]
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from .chain import compile_chain
from .drive import STAGE_NEEDS
from .findings import CasesLike, OnLike, dates_for, labelled_cases
from .rules import D1_NEEDS, D2_NEEDS, D3_NEEDS, Need

#: The role groups each rule needs, by rule id.
NEEDS: dict[str, tuple[Need, ...]] = {"D1": D1_NEEDS, "D2": D2_NEEDS, "D3": D3_NEEDS, "chain_drive": STAGE_NEEDS}

COLUMNS = ["case", "date", "milestone", "role_group", "roles", "rules", "label_da", "label_en"]


def coverage(cases: CasesLike, on: OnLike = "milestones") -> pd.DataFrame:
    """The role groups the rules need that have no element on record, per case and date.

    Parameters
    ----------
    cases : Case, iterable of Case, or mapping of name to Case
    on : see :func:`kaede.diagnose` (default ``"milestones"``)

    Returns
    -------
    pandas.DataFrame
        One row per case, date and missing role group: ``case``, ``date``, ``milestone``,
        ``role_group``, ``roles`` (the roles any of which would fill it, comma-separated),
        ``rules`` (the rules that need it), ``label_da``, ``label_en``. A date with no vision
        identified has a row ``role_group="vision"`` (the decoupling rules read
        ``not_applicable`` there). No row: nothing the rules need is missing.
    """
    rows: list[dict[str, Any]] = []
    for label, case in labelled_cases(cases):
        compiled = compile_chain(case)
        for date, milestone in dates_for(case, on):
            view = compiled.at(date)
            if not view.visions():
                rows.append({"case": label, "date": view.date, "milestone": milestone, "role_group": "vision",
                             "roles": "vision", "rules": "D1, D2, D3", "label_da": "ingen vision identificeret",
                             "label_en": "no vision identified"})
            groups: dict[str, dict[str, Any]] = {}
            for rid, needs in NEEDS.items():
                for n in needs:
                    if view.on_record(n.roles):
                        continue
                    g = groups.setdefault(n.key, {"case": label, "date": view.date, "milestone": milestone,
                                                  "role_group": n.key, "roles": ", ".join(sorted(n.roles)),
                                                  "rules": [], "label_da": n.label_da, "label_en": n.label_en})
                    g["rules"].append(rid)
            for g in groups.values():
                g["rules"] = ", ".join(g["rules"])
                rows.append(g)
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.astype({c: "string" for c in COLUMNS})
