"""kaede: does a municipality's vision engage the rest of its governance chain?

A research and comparison workbench built on the 2012 talk "Tre former for dekobling" and sourced
case data for Danish municipalities (shipped: Fredericia, Odense, Furesø and Hørsholm; add your own).

``import kaede`` is light: the loaders are imported on first use, and matplotlib and ipywidgets
only by :mod:`kaede.views.plot` and :mod:`kaede.views.widgets`.

Examples
--------
>>> import kaede
>>> cases = kaede.load_cases()
>>> list(cases) == kaede.list_cases()
True
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Case": "data.datasets", "CaseNotFoundError": "data.datasets", "get_data_home": "data.datasets",
    "list_cases": "data.datasets", "load_case": "data.datasets", "load_cases": "data.datasets",
    "CaseValidationError": "data.validate", "ValidationReport": "data.validate", "Problem": "data.validate",
    "validate_case_folder": "data.validate",
    "chain_graph": "model.chain", "chain_drive": "model.drive", "ChainDrive": "model.drive",
    "diagnose": "model.findings", "compare": "model.findings", "link_evidence": "model.findings", "RULES": "model.findings",
    "robustness": "model.robustness", "robustness_summary": "model.robustness",
    "single_coding_flips": "model.robustness",
    "process_features": "model.process", "make_case": "data.synthetic", "new_case": "data.package",
    "evidence_to_look_for": "model.evidence", "look_next": "model.evidence", "search_log": "model.evidence",
    "krippendorff_alpha": "methods.reliability", "alpha_bootstrap": "methods.reliability",
    "cohen_kappa": "methods.reliability", "percent_agreement": "methods.reliability",
    "reliability_table": "methods.reliability", "disagreements": "methods.reliability",
    "as_coded_by": "methods.reliability",
    "appendix": "views.appendix",
    "calibrate": "methods.qca", "verdict_membership": "methods.qca", "truth_table": "methods.qca",
    "minimize": "methods.qca", "necessity": "methods.qca", "sufficiency": "methods.qca", "super_subset": "methods.qca",
    "write_case": "data.write", "CaseLoadWarning": "data.datasets",
    "coverage": "model.coverage", "REGISTRY": "model.registry",
    "timeline_frame": "model.timeline", "missing_evidence": "model.evidence",
    "MilestoneNotFoundError": "model.chain",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


_SUBMODULES = {"cli", "data", "model", "methods", "views", "workshop"}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kaede' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public API only: the exported names, ``__version__`` and the wings."""
    return sorted(__all__ + sorted(_SUBMODULES))
