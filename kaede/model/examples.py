"""The talk's pictures as small synthetic chains, for the tour notebook, the codebook and the tests.

Examples
--------
>>> import kaede
>>> from kaede.model.examples import talk_example
>>> kaede.compare(talk_example("full")).loc["full"].tolist()
['absent', 'absent', 'absent', 'engages']
>>> [kaede.compare(talk_example(n)).iloc[0].tolist() for n in ("decoupling_1", "decoupling_2", "decoupling_3")]
[['present', 'not_applicable', 'not_applicable', 'comes_off'], ['absent', 'present', 'not_applicable', 'comes_off'], ['absent', 'absent', 'present', 'comes_off']]
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

#: Elements every picture of slides 6–8 draws on: the council and citizens, the vision, a council theme,
#: two standing committees with their sector policies and centres, slide 9's instruments, the
#: directorate and chief group, and the employees — so that no role a rule needs is missing.
PICTURE_ELEMENTS = [("citizens", "citizens"), ("council", "council"), ("vision", "vision"), ("theme", "theme"),
                    ("c-school", "committee"), ("c-social", "committee"), ("p-school", "sector_policy"),
                    ("p-social", "sector_policy"), ("budget", "budget"), ("goals", "effect_goals"),
                    ("agreements", "agreements"), ("project", "cross_cutting_project"), ("directorate", "directorate"),
                    ("chiefs", "chief_group"), ("centre-school", "centre"), ("centre-social", "centre"),
                    ("employees", "employees")]

#: The committees' everyday steering of "their" centres, and the centres' of the employees (slides 7–8).
_SILOS = [("c-school", "p-school", "owns", "present", 3), ("c-social", "p-social", "owns", "present", 3),
          ("c-school", "centre-school", "steers", "present", 3), ("c-social", "centre-social", "steers", "present", 3),
          ("centre-school", "employees", "steers", "present", 3), ("centre-social", "employees", "steers", "present", 3)]

_EXAMPLES = {
    # slides 9-10: chain drive, every link engaged
    "full": (FULL_ELEMENTS, FULL_LINKS),
    # slide 6: a motto the council merely adopted (a formal, weak ownership) and shows the citizens; it
    # reaches neither the budget nor the committees, and practice runs on the committees' own steering
    "decoupling_1": (PICTURE_ELEMENTS, [
        ("council", "vision", "owns", "present", 1), ("vision", "citizens", "engages", "present", 3),
        ("vision", "budget", "translates_into", "absent"), ("vision", "p-school", "translates_into", "absent"),
        ("vision", "p-social", "translates_into", "absent"), ("vision", "theme", "translates_into", "absent"),
        *_SILOS]),
    # slide 7: the committee fan; each committee reads the vision into its own sector policy and carries it
    # through its centre to the employees; the council adopted the vision but makes no cross-cutting
    # themes of it, and there are no cross-cutting projects
    "decoupling_2": (PICTURE_ELEMENTS, [
        ("council", "vision", "owns", "present", 1),
        ("vision", "p-school", "translates_into", "present", 2), ("vision", "p-social", "translates_into", "present", 2),
        ("p-school", "centre-school", "steers", "present", 2), ("p-social", "centre-social", "steers", "present", 2),
        ("vision", "theme", "translates_into", "absent"), ("council", "theme", "owns", "absent"),
        ("p-school", "budget", "translates_into", "present", 2), ("budget", "goals", "translates_into", "present", 2),
        ("goals", "agreements", "translates_into", "present", 2), ("agreements", "project", "translates_into", "absent"),
        *_SILOS]),
    # slide 8: the vision and its themes anchored in the council and worked into the budget, which funds
    # the centres; the centres live their own life with "their" committees, and the directorate touches
    # the cross-cutting project only weakly
    "decoupling_3": (PICTURE_ELEMENTS, [
        ("council", "vision", "owns", "present", 3), ("vision", "theme", "translates_into", "present", 3),
        ("council", "theme", "owns", "present", 3), ("theme", "budget", "translates_into", "present", 2),
        ("budget", "centre-school", "funds", "present", 2), ("budget", "centre-social", "funds", "present", 2),
        ("budget", "goals", "translates_into", "present", 2), ("goals", "agreements", "translates_into", "present", 2),
        ("theme", "project", "translates_into", "present", 1), ("directorate", "project", "carries", "present", 1),
        ("agreements", "project", "translates_into", "absent"), *_SILOS]),
}

#: The example names, in the order of the talk.
EXAMPLES = ("decoupling_1", "decoupling_2", "decoupling_3", "full")


def talk_example(name: str):
    """A small synthetic case drawn from one of the talk's pictures.

    Parameters
    ----------
    name : {"decoupling_1", "decoupling_2", "decoupling_3", "full"}
        Slide 6 (a motto with no route to practice), slide 7 (the committee fan without council
        themes), slide 8 (centres paired with their committees, a weak directorate) or slides 9–10
        (a chain that engages end to end). Each yields its own decoupling (the docstring example
        above; ``docs/codebook.md`` says why from the slides).
    """
    if name not in _EXAMPLES:
        raise KeyError(f"no example {name!r}; expected one of {', '.join(EXAMPLES)}")
    elements, links = _EXAMPLES[name]
    return make_case(elements, links, name=name)
