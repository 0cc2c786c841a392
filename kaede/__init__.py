"""kaede: does a municipality's vision engage the rest of its governance chain?

A research and comparison workbench built on the 2012 talk "Tre former for dekobling" and sourced
case data for Fredericia, Odense, Furesø and Hørsholm.

``import kaede`` is light: the loaders are imported on first use, and matplotlib and ipywidgets
only by :mod:`kaede.plot` and :mod:`kaede.widgets`.

Examples
--------
>>> import kaede
>>> kaede.list_cases()
['fredericia', 'furesoe', 'hoersholm', 'odense']
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Case": "datasets", "CaseNotFoundError": "datasets", "get_data_home": "datasets",
    "list_cases": "datasets", "load_case": "datasets", "load_cases": "datasets",
    "CaseValidationError": "validate", "ValidationReport": "validate", "Problem": "validate",
    "validate_case_folder": "validate",
    "chain_graph": "chain", "chain_drive": "drive", "ChainDrive": "drive",
    "diagnose": "findings", "compare": "findings", "link_evidence": "findings", "RULES": "findings",
    "process_features": "process", "make_case": "synthetic", "new_case": "package",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


_SUBMODULES = {"chain", "cli", "datasets", "drive", "examples", "explore", "findings", "package", "paths", "plot",
               "process", "reproduce", "rules", "schema", "synthetic", "tables", "validate", "vocab", "widgets"}


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
    return sorted(list(globals()) + list(_EXPORTS))
