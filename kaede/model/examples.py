"""The talk's pictures as small synthetic chains, for the tour notebook, the codebook and the tests.

Examples
--------
>>> import kaede
>>> from kaede.model.examples import talk_example
>>> kaede.compare(talk_example("full")).loc["full"].tolist()
['absent', 'absent', 'absent', 'present']
"""
from __future__ import annotations

from ..data.synthetic import make_case

#: Elements of a full chain (slide 9).
FULL_ELEMENTS = [("citizens", "citizens"), ("council", "council"), ("vision", "vision"), ("theme", "theme"),
                 ("budget", "budget"), ("goals", "effect_goals"), ("agreements", "agreements"),
                 ("project", "cross_cutting_project"), ("employees", "employees"), ("directorate", "directorate"),
                 ("chiefs", "chief_group")]

#: Links of a full chain that engages end to end, with the directorate carrying the project.
FULL_LINKS = [("citizens", "vision", "informs", "present", 2), ("council", "vision", "owns", "present", 3),
              ("vision", "theme", "translates_into", "present", 3), ("council", "theme", "owns", "present", 3),
              ("theme", "budget", "translates_into", "present", 2), ("budget", "goals", "translates_into", "present", 2),
              ("goals", "agreements", "translates_into", "present", 2),
              ("agreements", "project", "translates_into", "present", 2),
              ("project", "employees", "engages", "present", 2), ("directorate", "project", "carries", "present", 3)]

_EXAMPLES = {
    # slide 9-10: chain drive, every link engaged
    "full": (FULL_ELEMENTS, FULL_LINKS),
    # slide 6: a motto owned by the council and shown to citizens, with no path to practice
    "decoupling_1": (
        [("council", "council"), ("vision", "vision"), ("citizens", "citizens"), ("budget", "budget"),
         ("employees", "employees")],
        [("council", "vision", "owns", "present", 3), ("vision", "citizens", "engages", "present", 2),
         ("vision", "budget", "translates_into", "absent")]),
    # slide 7: the committee fan; each committee reads the vision through its sector policy, no council themes
    "decoupling_2": (
        [("council", "council"), ("vision", "vision"), ("budget", "budget"), ("employees", "employees"),
         ("c-school", "committee"), ("c-social", "committee"), ("p-school", "sector_policy"),
         ("p-social", "sector_policy"), ("centre-school", "centre"), ("centre-social", "centre")],
        [("council", "vision", "owns", "present", 2),
         ("vision", "p-school", "translates_into", "present", 2), ("vision", "p-social", "translates_into", "present", 2),
         ("c-school", "p-school", "owns", "present", 3), ("c-social", "p-social", "owns", "present", 3),
         ("p-school", "budget", "translates_into", "present", 2),
         ("c-school", "centre-school", "steers", "present", 3), ("c-social", "centre-social", "steers", "present", 3),
         ("centre-school", "employees", "steers", "present", 3)]),
    # slide 8: council-owned vision and themes, centres paired with "their" committee, a weak directorate
    "decoupling_3": (
        [("council", "council"), ("vision", "vision"), ("theme", "theme"), ("budget", "budget"),
         ("project", "cross_cutting_project"), ("directorate", "directorate"), ("chiefs", "chief_group"),
         ("c-tech", "committee"), ("centre-tech", "centre"), ("employees", "employees")],
        [("council", "vision", "owns", "present", 3), ("vision", "theme", "translates_into", "present", 3),
         ("council", "theme", "owns", "present", 3), ("theme", "budget", "translates_into", "present", 2),
         ("theme", "project", "translates_into", "present", 1), ("directorate", "project", "carries", "present", 1),
         ("c-tech", "centre-tech", "steers", "present", 3), ("centre-tech", "employees", "steers", "present", 3)]),
}

#: The example names, in the order of the talk.
EXAMPLES = ("decoupling_1", "decoupling_2", "decoupling_3", "full")


def talk_example(name: str):
    """A small synthetic case drawn from one of the talk's pictures.

    Parameters
    ----------
    name : {"decoupling_1", "decoupling_2", "decoupling_3", "full"}
        Slide 6 (a motto with no path to practice), slide 7 (the committee fan without council
        themes), slide 8 (centres paired with their committees, a weak directorate) or slides 9–10
        (a chain that engages end to end).
    """
    if name not in _EXAMPLES:
        raise KeyError(f"no example {name!r}; expected one of {', '.join(EXAMPLES)}")
    elements, links = _EXAMPLES[name]
    return make_case(elements, links, name=name)
