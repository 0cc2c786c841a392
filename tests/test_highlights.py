"""Which links a chain picture highlights (kaede.model.highlights), computed apart from drawing."""
from __future__ import annotations

import pytest

import kaede
from kaede.model.chain import chain_view
from kaede.model.examples import talk_example
from kaede.model.drive import drive_of
from kaede.model.findings import RULES, split_thresholds
from kaede.model.highlights import chain_highlights
from kaede.model.registry import REGISTRY


def _check(view, findings) -> None:
    decoupled, cut = chain_highlights(view, findings)
    expected = set()
    for f in findings:
        if f.rule in REGISTRY and f.rule != "chain_drive" and f.verdict == REGISTRY[f.rule].decoupled_word:
            expected |= set(f.links)
    assert decoupled == expected
    assert cut <= {l.link_id for l in view.links}
    drive = next(f for f in findings if f.rule == "chain_drive")
    if drive.verdict != REGISTRY["chain_drive"].engaged_word:
        assert cut == set(drive.links)


def test_highlights_follow_the_findings_on_every_case() -> None:
    for name, case in kaede.load_cases().items():
        for on in [None, *case.milestones]:
            view = chain_view(case, on)
            findings = [RULES[r](view) for r in RULES]
            _check(view, findings)
            assert chain_highlights(view) == chain_highlights(view, findings), (name, on)


@pytest.mark.parametrize("name", ["decoupling_1", "decoupling_2", "decoupling_3", "full"])
def test_highlights_of_the_talk_examples(name: str) -> None:
    view = chain_view(talk_example(name))
    findings = [RULES[r](view) for r in RULES]
    _check(view, findings)
    decoupled, cut = chain_highlights(view, findings)
    if name == "full":
        assert not decoupled, "the chain that engages shows no decoupling"
        assert cut == set(drive_of(view).cut_links), "and its weakest cut"
    else:
        rule = next(f for f in findings if f.rule == "D" + name[-1])
        assert rule.verdict == REGISTRY[rule.rule].decoupled_word
        assert set(rule.links) <= decoupled


def test_thresholds_change_what_is_highlighted_as_the_rules_do() -> None:
    view = chain_view(talk_example("full"))
    strict = {"min_strength": 3}
    params = split_thresholds(strict, list(RULES))
    findings = [RULES[r](view, **params[r]) for r in RULES]
    assert chain_highlights(view, thresholds=strict) == chain_highlights(view, findings, strict)
