"""Qualitative Comparative Analysis (QCA), giving the answers of R's QCA package (3.23).

Calibration (:mod:`.calibrate`), the truth table (:mod:`.truthtable`), minimisation to the
conservative, parsimonious and intermediate solutions with every tied model (:mod:`.minimise`, using
:mod:`.implicants` and :mod:`.cover`), parameters of fit (:mod:`.fit`) and necessity
(:mod:`.necessity`). Only numpy and pandas are used. See ``docs/qca.md``.
"""
from __future__ import annotations

from .calibrate import calibrate, verdict_membership
from .expressions import QCAError, evaluate
from .cases import CONDITIONS, OUTCOMES, Analysis, analyse, case_sets
from .minimise import IncompleteModelsWarning, Solution, minimize, model_membership
from .necessity import necessity, sufficiency, super_subset
from .truthtable import TruthTable, truth_table

__all__ = ["calibrate", "verdict_membership", "truth_table", "TruthTable", "minimize", "Solution",
           "necessity", "sufficiency", "super_subset", "evaluate", "QCAError", "IncompleteModelsWarning", "model_membership",
           "case_sets", "CONDITIONS", "OUTCOMES", "analyse", "Analysis"]
