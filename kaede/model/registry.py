"""The rule registry: one entry per rule, read by ``findings``, the plots, the explorer and robustness.

Each :class:`Rule` holds the function, the talk's slides, the rule's polarity and verdict words, its
thresholds with their defaults and the grid of values worth trying, and its Danish and English
explanation and headline templates. Adding a rule is adding an entry (``docs/codebook.md``,
"Adding a rule").

Examples
--------
>>> from kaede.model.registry import REGISTRY
>>> list(REGISTRY)
['D1', 'D2', 'D3', 'chain_drive']
>>> REGISTRY["D3"].thresholds["admin_min_strength"].default, REGISTRY["D3"].thresholds["admin_min_strength"].values
(2, (1, 2, 3))
>>> REGISTRY["chain_drive"].decoupled_word, REGISTRY["chain_drive"].engaged_word
('comes_off', 'engages')
"""
from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .chain import ChainView
from .drive import DRIVE_VERDICTS, drive_of
from .rules import EXPLANATIONS, HEADLINES, VERDICTS, Finding, decoupling_1, decoupling_2, decoupling_3


@dataclass(frozen=True)
class ThresholdSpec:
    """A rule's threshold: its default and the values worth trying (the robustness grid).

    >>> ThresholdSpec(1, (1, 2, 3), "strength a present link needs").values
    (1, 2, 3)
    """

    default: Any
    values: tuple[Any, ...]
    doc: str = ""


@dataclass(frozen=True)
class Rule:
    """One registered rule.

    Attributes
    ----------
    rule_id : str
    function : callable
        ``function(view, **thresholds) -> Finding``.
    slides : tuple of int
        The talk's slides the rule is built from.
    title_da, title_en : str
    polarity : str
        ``"decoupling"`` (the decoupled word is bad news) or ``"drive"``.
    verdicts : tuple of str
        Every word the rule can return.
    decoupled_word, engaged_word : str
        The verdict that means the chain is decoupled / coupled.
    thresholds : dict of str to ThresholdSpec
    explanations, headlines : dict
        Templates per outcome key, (Danish, English).
    """

    rule_id: str
    function: Callable[..., Finding]
    slides: tuple[int, ...]
    title_da: str
    title_en: str
    polarity: str
    verdicts: tuple[str, ...]
    decoupled_word: str
    engaged_word: str
    thresholds: dict[str, ThresholdSpec] = field(default_factory=dict)
    explanations: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    headlines: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    uses_date: str = "day"

    def __call__(self, view: ChainView, **thresholds: Any) -> Finding:
        return self.function(view, **thresholds)

    def defaults(self) -> dict[str, Any]:
        """The thresholds' defaults."""
        return {k: t.default for k, t in self.thresholds.items()}


def chain_drive_rule(view: ChainView, *, min_strength: int = 1, unknown_capacity: int = 1,
                     settling_months: int = 12) -> Finding:
    """Chain drive as a rule (slides 9–11): ``engages`` when the chain engages end to end."""
    return drive_of(view, min_strength=min_strength, unknown_capacity=unknown_capacity,
                    settling_months=settling_months).to_finding()


_STRENGTH = ThresholdSpec(1, (1, 2, 3), "strength a present link needs to couple")
_TYPES = ThresholdSpec(("vision",), (("vision",), None), "which vision records count as the vision; None = all")
_SETTLING = ThresholdSpec(12, (0, 6, 12, 24), "months after the newest vision's adoption in which a decoupled reading is too_early")

#: Every rule, by id, in the order of the talk.
REGISTRY: dict[str, Rule] = {
    "D1": Rule("D1", decoupling_1, (5, 6), "Dekobling 1: vision og praksis", "Decoupling 1: vision and practice",
               "decoupling", VERDICTS, "present", "absent",
               {"min_strength": _STRENGTH, "artefact_types": _TYPES, "settling_months": _SETTLING},
               EXPLANATIONS["D1"], HEADLINES["D1"], "settling"),
    "D2": Rule("D2", decoupling_2, (4, 7, 10), "Dekobling 2: udvalg uden kommunalbestyrelse",
               "Decoupling 2: committees without the council", "decoupling", VERDICTS, "present", "absent",
               {"min_strength": _STRENGTH, "require_theme": ThresholdSpec(True, (True, False), "the vision must pass a council-owned theme"),
                "artefact_types": _TYPES, "settling_months": _SETTLING},
               EXPLANATIONS["D2"], HEADLINES["D2"], "settling"),
    "D3": Rule("D3", decoupling_3, (8, 10, 11), "Dekobling 3: kommunalbestyrelse uden administration",
               "Decoupling 3: council without the administration", "decoupling", VERDICTS, "present", "absent",
               {"min_strength": _STRENGTH,
                "admin_min_strength": ThresholdSpec(2, (1, 2, 3), "strength of the directorate / chief group coupling"),
                "anchor_min_strength": ThresholdSpec(2, (1, 2, 3), "strength of the council's link into the vision or theme"),
                "artefact_types": _TYPES, "settling_months": _SETTLING},
               EXPLANATIONS["D3"], HEADLINES["D3"], "settling"),
    "chain_drive": Rule("chain_drive", chain_drive_rule, (9, 10, 11), "Kædetræk", "Chain drive", "drive",
                        DRIVE_VERDICTS, "comes_off", "engages",
                        {"min_strength": _STRENGTH,
                         "unknown_capacity": ThresholdSpec(1, (1, 2, 3), "capacity of an unknown link when taken as present"),
                         "settling_months": _SETTLING}, uses_date="settling"),
}


def check_registry(registry: Mapping[str, Rule] = REGISTRY) -> None:
    """Raise ValueError if an entry's thresholds and its function's keyword arguments disagree.

    >>> check_registry()
    """
    for rid, rule in registry.items():
        params = {p.name: p.default for p in inspect.signature(rule.function).parameters.values() if p.name != "view"}
        if set(params) != set(rule.thresholds):
            raise ValueError(f"rule {rid}: thresholds {sorted(rule.thresholds)} but function takes {sorted(params)}")
        for name, spec in rule.thresholds.items():
            if params[name] != spec.default:
                raise ValueError(f"rule {rid}: default of {name} is {params[name]!r} in the function, {spec.default!r} in the registry")
            if spec.default not in spec.values:
                raise ValueError(f"rule {rid}: default of {name} is not among its values")
