"""Which links a chain picture highlights: :func:`chain_highlights`, from the findings.

A link is highlighted as *decoupled* when it is among the deciding links of a decoupling rule
whose verdict is the decoupled one, and as *where the chain comes off* when it is in the cut of
chain drive (the deciding links when the chain does not engage; the weakest cut when it does).
The plots only draw these sets (:func:`kaede.views.plot.plot_chain`, ``plot_focus``).

Examples
--------
>>> import kaede
>>> from kaede.model.chain import chain_view
>>> case = kaede.make_case([("council", "council"), ("vision", "vision")],
...                        [("council", "vision", "owns", "present", 3)])
>>> view = chain_view(case)
>>> decoupled, cut = chain_highlights(view)
>>> ids = {link.link_id for link in view.links}
>>> decoupled <= ids and cut <= ids
True
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .drive import drive_of
from .findings import RULES, split_thresholds
from .registry import REGISTRY

if TYPE_CHECKING:  # pragma: no cover
    from .chain import ChainView
    from .rules import Finding

__all__ = ["chain_highlights"]


def chain_highlights(view: ChainView, findings: Sequence[Finding] | None = None,
                     thresholds: Mapping[str, Any] | None = None) -> tuple[set[str], set[str]]:
    """The links behind a present decoupling, and the links where the chain comes off.

    Parameters
    ----------
    view : ChainView
        The chain at one date.
    findings : sequence of Finding, optional
        The findings to highlight; default: every rule run on ``view`` with ``thresholds``.
    thresholds : mapping, optional
        Rule parameters (as for :func:`kaede.diagnose`).

    Returns
    -------
    (set of str, set of str)
        Link ids: decoupled, and the chain drive cut.
    """
    if findings is None:
        params = split_thresholds(dict(thresholds or {}), list(RULES))
        findings = [RULES[r](view, **params[r]) for r in RULES]
    decoupled: set[str] = set()
    drive_cut: set[str] = set()
    for f in findings:
        if f.rule == "chain_drive":
            if f.verdict != REGISTRY["chain_drive"].engaged_word:
                drive_cut = set(f.links)
            else:
                params = split_thresholds(dict(thresholds or {}), ["chain_drive"])["chain_drive"]
                drive_cut = set(drive_of(view, **params).cut_links)
        elif f.rule in REGISTRY and f.verdict == REGISTRY[f.rule].decoupled_word:
            decoupled |= set(f.links)
    return decoupled, drive_cut
