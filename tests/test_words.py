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
