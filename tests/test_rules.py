"""The rules on small chains drawn from the talk's own pictures, edge cases, and the monotonicity invariant."""
from __future__ import annotations

import random

import pytest

import kaede
from kaede.model.chain import chain_view
from kaede.model.findings import RULES, split_thresholds
from kaede.model.rules import decoupling_1, decoupling_2, decoupling_3

from kaede.model.examples import FULL_ELEMENTS, FULL_LINKS, talk_example


def verdicts(case, on=None, **thresholds) -> dict[str, str]:
    d = kaede.diagnose(case, on=on, **thresholds)
    return dict(zip(d["rule"], d["verdict"]))


def test_full_chain_drive_engages_and_no_decoupling() -> None:
    case = kaede.make_case(FULL_ELEMENTS, FULL_LINKS)
    assert verdicts(case) == {"D1": "absent", "D2": "absent", "D3": "absent", "chain_drive": "present"}
    drive = kaede.chain_drive(case)
    assert drive.drive_if_unknown_absent == 2  # the weakest boundary carries strength 2
    assert len(drive.path) == 7 and drive.unknown_links == ()


def test_chain_drive_bottleneck_is_the_minimum_cut() -> None:
    links = [l if l[:2] != ("goals", "agreements") else ("goals", "agreements", "translates_into", "present", 1)
             for l in FULL_LINKS]
    drive = kaede.chain_drive(kaede.make_case(FULL_ELEMENTS, links))
    assert drive.verdict == "present" and drive.drive_if_unknown_absent == 1
    assert drive.comes_off_at == ("effect_goals", "agreements")
    assert drive.cut_links == ("l7",)


def test_chain_drive_comes_off_where_the_link_is_absent() -> None:
    links = [l if l[:2] != ("budget", "goals") else ("budget", "goals", "translates_into", "absent") for l in FULL_LINKS]
    drive = kaede.chain_drive(kaede.make_case(FULL_ELEMENTS, links))
    assert drive.verdict == "absent"
    assert drive.comes_off_at == ("budget", "effect_goals")
    assert "l6" in drive.cut_links
    assert "budget → effect goals" in drive.explanation_en


def test_chain_drive_with_unknown_link_is_indeterminate() -> None:
    links = [l if l[:2] != ("agreements", "project") else ("agreements", "project", "translates_into", "unknown")
             for l in FULL_LINKS]
    drive = kaede.chain_drive(kaede.make_case(FULL_ELEMENTS, links))
    assert drive.verdict == "indeterminate"
    assert (drive.drive_if_unknown_absent, drive.drive_if_unknown_present) == (0, 1)
    assert drive.unknown_links == ("l8",)
    assert drive.comes_off_at == ("agreements", "projects")


def test_slide7_committee_fan_without_council_themes() -> None:
    # The vision is read in each standing committee through its own sector policy; no council themes.
    case = talk_example("decoupling_2")
    elements = [tuple(r) for r in case.elements[["element_id", "role"]].itertuples(index=False)]
    links = [tuple(r) for r in case.links[["source", "target", "relation", "status", "strength"]].itertuples(index=False)]
    d2 = decoupling_2(chain_view(case))
    assert d2.verdict == "present"
    assert "council-owned" in d2.explanation_en and d2.explanation_da
    # Give the council a cross-cutting theme that carries the vision into the budget: D2 goes.
    fixed = kaede.make_case(elements + [("theme", "theme")], links + [
        ("vision", "theme", "translates_into", "present", 2), ("council", "theme", "owns", "present", 2),
        ("theme", "budget", "translates_into", "present", 2)])
    assert decoupling_2(chain_view(fixed)).verdict == "absent"


def test_slide8_centres_paired_with_their_committees() -> None:
    # Council owns the vision and its themes, but the centres live with "their" committees and the
    # directorate only weakly touches the cross-cutting work.
    elements = [("council", "council"), ("vision", "vision"), ("theme", "theme"), ("budget", "budget"),
                ("project", "cross_cutting_project"), ("directorate", "directorate"), ("chiefs", "chief_group"),
                ("c-tech", "committee"), ("centre-tech", "centre"), ("employees", "employees")]
    links = [("council", "vision", "owns", "present", 3), ("vision", "theme", "translates_into", "present", 3),
             ("council", "theme", "owns", "present", 3), ("theme", "budget", "translates_into", "present", 2),
             ("theme", "project", "translates_into", "present", 1), ("directorate", "project", "carries", "present", 1),
             ("c-tech", "centre-tech", "steers", "present", 3), ("centre-tech", "employees", "steers", "present", 3)]
    view = chain_view(kaede.make_case(elements, links))
    d3 = decoupling_3(view)
    assert d3.verdict == "present"
    assert "l6" in d3.links  # the weak directorate link is the evidence
    assert d3.detail["bilateral_links"] == ("l7",)
    assert decoupling_3(view, admin_min_strength=1).verdict == "absent"
    strong = kaede.make_case(elements, links[:5] + [("directorate", "project", "carries", "present", 3)] + links[6:])
    assert decoupling_3(chain_view(strong)).verdict == "absent"


def test_motto_with_no_path_to_practice() -> None:
    elements = [("council", "council"), ("vision", "vision"), ("citizens", "citizens"), ("budget", "budget"),
                ("employees", "employees")]
    links = [("council", "vision", "owns", "present", 3), ("vision", "citizens", "engages", "present", 2),
             ("vision", "budget", "translates_into", "absent")]
    d1 = decoupling_1(chain_view(kaede.make_case(elements, links)))
    assert d1.verdict == "present" and d1.links == ("l3",)
    assert "comes off" in d1.explanation_en
    # A direct vision → employees link is not enough: the path must pass an instrument.
    direct = kaede.make_case(elements, links + [("vision", "employees", "engages", "present", 3)])
    assert decoupling_1(chain_view(direct)).verdict == "present"
    via = kaede.make_case(elements, links[:2] + [("vision", "budget", "translates_into", "present", 2),
                                                  ("budget", "employees", "funds", "present", 2)])
    assert decoupling_1(chain_view(via)).verdict == "absent"
    assert decoupling_1(chain_view(via), min_strength=3).verdict == "present"


def test_unknown_links_make_indeterminate_with_both_readings() -> None:
    unknown = [(s, t, r, "unknown") for s, t, r, *_ in FULL_LINKS]
    d = kaede.diagnose(kaede.make_case(FULL_ELEMENTS, unknown))
    assert set(d.verdict) == {"indeterminate"}
    dec = d[d.rule != "chain_drive"]
    assert set(dec.if_unknown_present) == {"absent"} and set(dec.if_unknown_absent) == {"present"}
    drive = d[d.rule == "chain_drive"].iloc[0]
    assert (drive.if_unknown_present, drive.if_unknown_absent) == ("present", "absent")
    assert all(len(u) > 0 for u in d.unknown_links)


def test_empty_case() -> None:
    d = kaede.diagnose(kaede.make_case([], []))
    assert dict(zip(d.rule, d.verdict)) == {"D1": "not_applicable", "D2": "not_applicable",
                                            "D3": "not_applicable", "chain_drive": "absent"}


def test_no_vision_yet() -> None:
    elements = [(e, r, "2014-06-01") if r == "vision" else (e, r) for e, r in FULL_ELEMENTS]
    links = [l + ("2014-06-01",) if "vision" in l[:2] else l for l in FULL_LINKS]
    case = kaede.make_case(elements, links)
    assert verdicts(case, on="2012-10-08")["D1"] == "not_applicable"
    assert verdicts(case, on="2014-06")["D1"] == "absent"
    assert kaede.chain_graph(case, on="2012").number_of_nodes() == len(FULL_ELEMENTS) - 1


def test_cycle_terminates() -> None:
    elements = [("council", "council"), ("vision", "vision"), ("theme", "theme"), ("budget", "budget")]
    links = [("vision", "theme", "translates_into", "present", 2), ("theme", "vision", "informs", "present", 2),
             ("council", "theme", "owns", "present", 2), ("theme", "budget", "translates_into", "present", 2),
             ("budget", "theme", "funds", "present", 1)]
    v = verdicts(kaede.make_case(elements, links))
    assert v["D2"] == "absent" and v["D1"] == "present" and v["chain_drive"] == "absent"


def random_case(rng: random.Random, n_links: int = 18):
    elements = FULL_ELEMENTS + [("committee", "committee"), ("centre", "centre"), ("policy", "sector_policy")]
    ids = [e for e, _ in elements]
    links = []
    for _ in range(n_links):
        a, b = rng.sample(ids, 2)
        status = rng.choice(["present", "absent", "unknown", "unknown"])
        links.append((a, b, "translates_into", status, rng.randint(1, 3) if status == "present" else None))
    return elements, links


@pytest.mark.parametrize("seed", range(30))
def test_settling_an_unknown_link_moves_only_to_its_reading(seed: int) -> None:
    """Unknown → present (at full strength) can move a verdict only to the 'unknown taken as present'
    reading; unknown → absent only to the 'taken as absent' reading; a determinate verdict never moves."""
    rng = random.Random(seed)
    elements, links = random_case(rng)
    before = kaede.diagnose(kaede.make_case(elements, links)).set_index("rule")
    for i, link in enumerate(links):
        if link[3] != "unknown":
            continue
        for settled, reading in ((("present", 3), "if_unknown_present"), (("absent", None), "if_unknown_absent"),
                                 (("present", 1), None)):
            flipped = links[:i] + [link[:3] + settled] + links[i + 1:]
            after = kaede.diagnose(kaede.make_case(elements, flipped)).set_index("rule")
            for rule in RULES:
                old, new = before.loc[rule], after.loc[rule, "verdict"]
                if old.verdict != "indeterminate":
                    assert new == old.verdict, (rule, i, settled)
                elif reading is None:  # a weak link may count as coupling or not, by the thresholds
                    assert new in ("indeterminate", old.if_unknown_present, old.if_unknown_absent)
                else:
                    assert new in ("indeterminate", old[reading]), (rule, i, settled)


def test_thresholds_are_routed_and_checked() -> None:
    case = kaede.make_case(FULL_ELEMENTS, FULL_LINKS)
    assert verdicts(case, min_strength=3)["D1"] == "present"
    assert verdicts(case, D1_min_strength=3)["D2"] == "absent"
    with pytest.raises(TypeError, match="unknown threshold 'strenght'"):
        kaede.diagnose(case, strenght=2)
    with pytest.raises(KeyError, match="unknown rule"):
        kaede.diagnose(case, rules=["D4"])
    assert split_thresholds({"unknown_capacity": 2}, ["chain_drive"]) == {"chain_drive": {"unknown_capacity": 2}}
