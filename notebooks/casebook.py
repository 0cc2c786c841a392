"""Helpers for the notebooks (kept beside them, not in the library): one section per case.

Every case of the data home gets the same sections, so a case added to the data home appears in
the notebooks without anyone editing them.

Examples
--------
>>> import kaede
>>> case = kaede.load_case(kaede.list_cases()[0])
>>> chain_date(case) in (*case.milestones, None)
True
"""
from __future__ import annotations

from typing import Any

import kaede
from kaede.model.process import principal_vision
from kaede.views.tables import events_table, facts_table, sources_table, unknowns_table, visions_table

#: The milestones a section looks at the chain on, in order of preference.
PREFERRED_MILESTONES = ("talk", "vision_adopted")


def chain_date(case: kaede.Case) -> str | None:
    """The milestone to show a case's chain on: the first of :data:`PREFERRED_MILESTONES` the case
    has, else None (all evidence, whatever its date)."""
    return next((m for m in PREFERRED_MILESTONES if m in case.milestones), None)


def date_phrase(case: kaede.Case) -> str:
    """How a section names its date, saying plainly when a case lacks a preferred milestone.

    Examples
    --------
    >>> date_phrase(kaede.make_case([], [], milestones={}))
    'all evidence, whatever its date (the case has no milestone talk or vision_adopted)'
    """
    on = chain_date(case)
    lacking = [m for m in PREFERRED_MILESTONES if m not in case.milestones]
    note = f" (the case has no milestone {' or '.join(lacking)})" if lacking else ""
    if on is None:
        return f"all evidence, whatever its date{note}"
    return f"the milestone `{on}` ({case.milestones[on]}){note}"


def show_case(case: kaede.Case, display: Any = None) -> None:
    """Display one case's sections: description, facts, vision artefacts, the vision process,
    the diagnosis on :func:`chain_date`, what is unknown, and the sources."""
    if display is None:
        from IPython.display import Markdown, display as ipy_display

        def display(obj: Any, md: bool = False) -> None:  # noqa: F811
            ipy_display(Markdown(obj) if md else obj)
    display(f"## {case.title} ({case.name})", md=True)
    print(case.description[:1200])
    display("### Facts", md=True)
    display(facts_table(case)[["topic", "status", "fact", "since", "until", "sources"]])
    display("### Vision artefacts", md=True)
    display(visions_table(case)[["vision_id", "title", "motto", "type", "adopted", "horizon"]])
    display("### The vision process (the principal vision's events)", md=True)
    display(events_table(case, vision_id=principal_vision(case))[["date", "kind", "participants", "what"]])
    display(f"### The decouplings on {date_phrase(case)}", md=True)
    display(kaede.diagnose(case, on=chain_date(case))[["rule", "verdict", "explanation_en"]])
    display("### What is unknown", md=True)
    display(unknowns_table(case))
    display("### Sources", md=True)
    src = sources_table(case)
    print(src["perspective"].value_counts().to_dict())
    display(src[["source_id", "title", "date", "perspective", "cited"]].head(8))
