"""Every word a screen shows comes in Danish and English: here, every verdict the rule registry declares."""
from __future__ import annotations

import pytest

from kaede.model.registry import REGISTRY
from kaede.views.words import DRIVE_VERDICTS, VERDICTS, verdict_word


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_every_registered_verdict_has_words_in_both_languages(rule_id):
    table = DRIVE_VERDICTS if rule_id == "chain_drive" else VERDICTS
    for v in REGISTRY[rule_id].verdicts:
        assert v in table, (rule_id, v)
        for lang in ("da", "en"):
            assert "_" not in verdict_word(v, lang, rule_id), (rule_id, v, lang)  # never a raw slug


# --------------------------------------------------------------- explanations never show an empty field

import re  # noqa: E402

import kaede  # noqa: E402

#: Traces of an empty field in a sentence: empty brackets, list punctuation with nothing on one side.
EMPTY_FIELD = re.compile(r"\(\s*\)|\[\s*\]|\(\s*[,;:]|[,;:]\s*\)|[,;:]\s*[,;:.]|\s[,;:.](?:\s|$)")
#: A count of one with a plural noun or verb (or more than one with a singular): "1 ukendte led".
WRONG_NUMBER = re.compile(r"(?<![\d.])1 (?:ukendte|unknown links)|(?<![\d.])(?:[02-9]|\d\d+) (?:ukendt led|unknown link\b)")
CASES = kaede.load_cases()


@pytest.mark.parametrize("name", list(CASES))
def test_no_explanation_shows_an_empty_field(name):
    """Every explanation and headline, at every milestone (and all dates), every rule, both languages,
    as the findings table and the widgets show them."""
    from kaede.views.widgets import findings_table
    case = CASES[name]
    for on in [None, *case.milestones]:
        d = kaede.diagnose(case, on)
        assert set(d["rule"]) == set(REGISTRY), (name, on)
        for lang in ("da", "en"):
            texts = [*d[f"explanation_{lang}"], *d[f"headline_{lang}"], *findings_table(d, case, lang).iloc[:, 2]]
            for rule, text in zip([*d["rule"]] * 3, texts):
                assert text.strip(), (name, on, rule, lang, "empty")
                m = EMPTY_FIELD.search(text)
                assert m is None, f"{name} {on} {rule} {lang}: {m.group(0)!r} in {text!r}"
                m = WRONG_NUMBER.search(text)
                assert m is None, f"{name} {on} {rule} {lang}: {m.group(0)!r} in {text!r}"


def test_counts_agree_in_number():
    from kaede.model.rules import _n_unknown
    for n in range(0, 12):
        for lang in ("da", "en"):
            assert WRONG_NUMBER.search(_n_unknown(n, lang)) is None, (n, lang)
    assert WRONG_NUMBER.search("Dekobling 2 ubestemt: 1 ukendte led afgør den")  # the old wording is caught


def test_an_empty_field_is_dropped_with_its_brackets():
    from kaede.model.rules import fill
    assert fill("carries the vision ({path}) and turns on: {u}.", path="", u="a → b") == \
        "carries the vision and turns on: a → b."
    assert fill("carries the vision ({path}).", path=None) == "carries the vision."
    # the data is never rewritten: a label's own brackets stay
    assert fill("plain ({x}) text, as it is.", x="Plan () (kept)") == "plain (Plan () (kept)) text, as it is."
