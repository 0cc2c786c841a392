"""Widgets driven headlessly: set values, press buttons, compare with the plain functions."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("ipywidgets")

import kaede  # noqa: E402
from kaede.views.widgets import Compare, Explorer, WhatIf, findings_html  # noqa: E402

CASES = kaede.load_cases()


def test_explorer_follows_its_controls() -> None:
    ex = Explorer(CASES, display=False)
    ex.controls["case"].value = "hoersholm"
    options = [v for _, v in ex.controls["date"].options]
    assert "2012-10-08" in options
    ex.controls["date"].value = "2012-10-08"
    ex.controls["min_strength"].value = 2
    ex.controls["D3_admin_min_strength"].value = 3
    assert ex.last_error is None
    expected = kaede.diagnose(CASES["hoersholm"], on="2012-10-08", min_strength=2, D3_admin_min_strength=3)
    assert ex.findings.equals(expected)
    assert ex.image.value[:4] == b"\x89PNG"
    ex.controls["lang"].value = "da"
    assert expected.iloc[0]["explanation_da"][:30] in ex.findings_box.value.replace("&#x27;", "'")
    ex.controls["date"].value = ""
    assert ex.findings.equals(kaede.diagnose(CASES["hoersholm"], None, min_strength=2, D3_admin_min_strength=3))


def test_explorer_shows_errors_in_the_widget(monkeypatch) -> None:
    ex = Explorer(CASES, display=False)
    before = ex.image.value

    def boom(*a, **k):
        raise RuntimeError("<script>bad</script>")
    monkeypatch.setattr(ex, "_draw", boom)
    ex.controls["min_strength"].value = 3
    assert "RuntimeError" in ex.message.value and "&lt;script&gt;" in ex.message.value
    assert ex.image.value == before, "the last good figure stays"


def test_what_if_buttons(tmp_path: Path) -> None:
    case = CASES["furesoe"]
    w = WhatIf(case, date="talk", display=False)
    base = kaede.diagnose(case, on="talk").set_index("rule")
    lid = base.loc["chain_drive", "unknown_links"][0]
    w.controls["link"].value = lid
    w.controls["status"].value = "present"
    w.controls["strength"].value = 3
    w.controls["apply"].click()
    assert w.last_error is None
    assert w.state.edited.loc[lid, "strength"] == 3
    assert w.findings.equals(w.state.findings())
    w.controls["add_source"].value = "council"
    w.controls["add_target"].value = "budget"
    w.controls["add"].click()
    assert len(w.state.added) == 1
    w.controls["folder"].value = str(tmp_path / "saved")
    w.controls["save"].click()
    assert w.last_error is None and "Saved a valid package" in w.message.value
    assert str((tmp_path / "saved").resolve()) in w.message.value, "the message gives the full path"
    assert kaede.load_case(tmp_path / "saved").counts()["links"] == len(case.links) + 1
    w.controls["reset"].click()
    assert w.findings.equals(kaede.diagnose(case, on="talk"))
    w.controls["save"].click()  # the folder now exists: the error is shown, nothing is lost
    assert "already exists; nothing was written" in w.message.value


def test_compare_widget() -> None:
    c = Compare(CASES, display=False)
    assert c.matrix.equals(kaede.compare(CASES, on="talk"))
    c.controls["cases"].value = ("odense", "hoersholm")
    c.controls["on"].value = "vision_adopted"
    assert c.matrix.equals(kaede.compare({k: CASES[k] for k in ("odense", "hoersholm")}, on="vision_adopted"))
    c.controls["align"].value = "adoption"
    assert c.last_error is None and c.timeline_image.value[:4] == b"\x89PNG"
    c.controls["cases"].value = ()
    assert "choose at least one case" in c.message.value


def test_what_if_bare_name_goes_to_user_data_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KAEDE_USER_DATA", str(tmp_path / "userdata"))
    w = WhatIf(CASES["odense"], date="talk", lang="da", display=False)
    assert all(not v.startswith(tuple(CASES["odense"].elements.element_id)) or "→" in label
               for label, v in w.controls["link"].options)
    assert "[til stede" in w.controls["link"].options[0][0] or "[ukendt" in w.controls["link"].options[0][0] \
        or "[fraværende" in w.controls["link"].options[0][0]
    assert "_" not in w.drive_box.value.split("svageste punkt")[-1], "stage names, not ids"
    w.controls["folder"].value = "mit-forsoeg"
    w.controls["save"].click()
    target = tmp_path / "userdata" / "cases" / "mit-forsoeg"
    assert w.last_error is None and (target / "datapackage.json").exists()
    assert str(target.resolve()) in w.message.value and "Gemt" in w.message.value


def test_widgets_speak_danish() -> None:
    ex = Explorer(CASES, case="hoersholm", lang="da", display=False)
    assert ex.controls["date"].description == "Dato"
    assert ex.controls["date"].options[-1] == ("alt belæg", "")
    assert "regel" in ex.findings_box.value and "vurdering" in ex.findings_box.value
    ex.controls["lang"].value = "en"
    assert ex.controls["date"].description == "Date" and "verdict" in ex.findings_box.value
    assert ex.controls["date"].options[-1] == ("all evidence", "")
    c = Compare(CASES, lang="da", display=False)
    assert not any("_" in label for label, _ in c.controls["on"].options)
    assert ("foredraget", "talk") in c.controls["on"].options


def test_explorer_unfolds_on_demand() -> None:
    ex = Explorer(CASES, case="fredericia", display=False)
    first = ex.image.value
    role = ex.controls["unfold"].options[0][1]
    ex.controls["unfold"].value = (role,)
    assert ex.last_error is None and bytes(ex.image.value) != bytes(first)
    ex.controls["view"].value = "all"
    assert ex.last_error is None and ex.image.value[:4] == b"\x89PNG"


def test_data_text_is_escaped() -> None:
    import pandas as pd
    html = findings_html(pd.DataFrame([{"rule": "D1", "verdict": "absent", "explanation": "a <img src=x>",
                                        "sources": "T & C"}]))
    assert "<img" not in html and "&lt;img" in html and "T &amp; C" in html
