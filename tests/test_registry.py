"""The rule contract: every registered rule goes through the same checks — thresholds as registered,
deterministic, monotone in unknown links, explanations and headlines in both languages,
``not_applicable`` handled, and a verdict from its own words on every talk picture and every
threshold value. A worked fourth rule (slide 5's outward vision without an inward aspect) lives
only here, and passes the same contract (docs/codebook.md, "Adding a rule")."""
from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from conftest import random_chain

import kaede
from kaede.model.chain import ChainView, chain_view
from kaede.model.examples import EXAMPLES, FULL_ELEMENTS, talk_example
from kaede.model.paths import link_cost, search
from kaede.model.registry import REGISTRY, Rule, ThresholdSpec, check_registry
from kaede.model.rules import (CONTEXT_ROLES, PRACTICE_ROLES, Finding, _pairs_text, fit, route_filter, three_valued,
                               tv)

CASES = kaede.load_cases()


# ------------------------------------------------------------------ the worked fourth rule

OUTWARD = {"present": ("Visionen taler kun udad ({out}); ingen koblet vej når ledere og medarbejdere.",
                       "The vision speaks only outward ({out}); no coupled route reaches managers and employees."),
           "absent": ("Visionen har et indadvendt aspekt, eller taler ikke udad.",
                      "The vision has an inward aspect, or does not speak outward."),
           "indeterminate": ("Ukendte led afgør, om visionen kun taler udad.",
                             "Unknown links decide whether the vision speaks only outward."),
           "not_applicable": ("Ingen vision identificeret.", "No vision identified.")}


def outward_only(view: ChainView, *, min_strength: int = 1) -> Finding:
    """S5 — slide 5: the vision has an outward aspect (a coupled link to citizens, business or civil
    society) but no inward one (no coupled route to centres or practice)."""
    visions = view.visions()
    if not visions:
        da, en = OUTWARD["not_applicable"]
        return Finding("S5", "not_applicable", "not_applicable", "not_applicable", explanation_da=da,
                       explanation_en=en, headline_da=da, headline_en=en)
    outward = [l for v in visions for l in view.out_links[v] if view.elements[l.target].role in CONTEXT_ROLES]
    costs = [c for c in (link_cost(l, min_strength) for l in outward) if c is not None]
    res = search(view, visions, min_strength=min_strength, follow=route_filter(view))
    inward, _ = res.best(lambda s: view.elements[s[0]].role in PRACTICE_ROLES | {"centre"})
    verdict, opt, pess = three_valued(lambda o, i: "present" if o and not i else "absent",
                                      tv(min(costs) if costs else None), tv(inward))
    da, en = (t.format(out=_pairs_text(view, outward, lang)) for t, lang in zip(OUTWARD[verdict], ("da", "en")))
    return Finding("S5", verdict, opt, pess, tuple(l.link_id for l in outward), (), da, en,
                   headline_da=fit(da), headline_en=fit(en))


FOURTH = Rule("S5", outward_only, (5,), "Udadvendt uden indadvendt", "Outward without inward", "decoupling",
              ("present", "absent", "indeterminate", "not_applicable"), "present", "absent",
              {"min_strength": ThresholdSpec(1, (1, 2, 3))}, OUTWARD, OUTWARD)

ALL_RULES = {**REGISTRY, "S5": FOURTH}


# ------------------------------------------------------------------ the contract

def random_case(rng: random.Random, n_links: int = 16):
    return random_chain(rng, n_links, ("translates_into", "carries", "owns"))


def views() -> list[ChainView]:
    out = [chain_view(talk_example(n)) for n in EXAMPLES]
    out += [chain_view(c, c.milestones.get("talk")) for c in CASES.values()]
    return out


def grid(rule: Rule) -> list[dict]:
    """Each threshold over its values, the others at their defaults."""
    out = [rule.defaults()]
    for name, spec in rule.thresholds.items():
        out += [{**rule.defaults(), name: v} for v in spec.values if v != spec.default]
    return out


@pytest.mark.parametrize("rid", list(ALL_RULES))
def test_thresholds_match_the_function(rid: str) -> None:
    rule = ALL_RULES[rid]
    check_registry({rid: rule})
    assert rule.decoupled_word in rule.verdicts and rule.engaged_word in rule.verdicts
    assert "indeterminate" in rule.verdicts and "not_applicable" in rule.verdicts
    assert rule.slides and all(1 <= s <= 11 for s in rule.slides)


@pytest.mark.parametrize("rid", list(ALL_RULES))
def test_not_applicable_without_a_vision(rid: str) -> None:
    f = ALL_RULES[rid].function(chain_view(kaede.make_case([], [])))
    assert f.verdict == "not_applicable" == f.if_unknown_present == f.if_unknown_absent
    assert f.explanation_da and f.explanation_en


@pytest.mark.parametrize("rid", list(ALL_RULES))
def test_deterministic_bilingual_and_own_words_over_the_grid(rid: str) -> None:
    rule = ALL_RULES[rid]
    for view in views():
        for thresholds in grid(rule):
            f, g = rule.function(view, **thresholds), rule.function(view, **thresholds)
            assert f == g
            assert {f.verdict, f.if_unknown_present, f.if_unknown_absent} <= set(rule.verdicts)
            assert f.explanation_da and f.explanation_en and f.explanation_da != f.explanation_en
            assert 0 < len(f.headline_da) <= 120 and 0 < len(f.headline_en) <= 120
            if f.verdict == "indeterminate":
                assert f.if_unknown_present != f.if_unknown_absent or f.unknown_links or f.missing_roles


@pytest.mark.parametrize("rid", list(ALL_RULES))
@pytest.mark.parametrize("seed", range(8))
def test_monotone_in_unknowns(rid: str, seed: int) -> None:
    """Settling one unknown link never moves a determinate verdict; an indeterminate one moves only
    to the reading that settling names."""
    rule = ALL_RULES[rid]
    rng = random.Random(1000 + seed)
    elements, links = random_case(rng)
    before = rule.function(chain_view(kaede.make_case(elements, links)))
    for i, link in enumerate(links):
        if link[3] != "unknown":
            continue
        for settled, reading in ((("present", 3), before.if_unknown_present), (("absent", None), before.if_unknown_absent)):
            after = rule.function(chain_view(kaede.make_case(elements, links[:i] + [link[:3] + settled] + links[i + 1:])))
            if before.verdict != "indeterminate":
                assert after.verdict == before.verdict, (i, settled)
            else:
                assert after.verdict in ("indeterminate", reading), (i, settled)


def test_a_rule_added_to_the_registry_is_diagnosed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REGISTRY, "S5", FOURTH)
    d = kaede.diagnose(talk_example("decoupling_1"))
    assert list(d.rule) == ["D1", "D2", "D3", "chain_drive", "S5"]
    assert d.set_index("rule").loc["S5", "verdict"] == "present"  # slide 6's motto speaks only outward
    assert kaede.diagnose(talk_example("full"), rules=["S5"]).verdict.tolist() == ["absent"]
    assert kaede.diagnose(talk_example("full"), S5_min_strength=3).set_index("rule").loc["S5", "verdict"] == "absent"
