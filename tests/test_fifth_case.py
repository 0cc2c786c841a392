"""A case added to the data home appears wherever cases are shown, and nothing breaks.

A copy of the shipped data home gets the made-up case ``nordby`` (written with ``write_case``;
it has no ``talk`` milestone, a task committee, and ``$`` in labels), ``KAEDE_DATA`` points at
it, and every case-facing path runs on it: loading, the rules, comparison, process features,
plots, widget states, and every notebook (executed with nbclient; the run is marked ``notebooks``
and skipped only when ``KAEDE_SKIP_NOTEBOOK_RUN`` names a reason).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import kaede
from kaede.model.findings import NO_MILESTONE

from conftest import NEW_CASE_NAME

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def test_the_new_case_runs_through_every_case_facing_path(data_home_plus_one: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kaede.model.process import processes
    from kaede.views.explore import CompareState, ExplorerState, WhatIfState, milestone_names
    from kaede.model.evidence import missing_evidence
    from kaede.views.plot import plot_chain, plot_matrix, plot_timelines
    from kaede.views.tables import overview

    cases = kaede.load_cases()
    assert NEW_CASE_NAME in cases and list(cases) == kaede.list_cases()
    new = cases[NEW_CASE_NAME]
    assert "talk" not in new.milestones

    at_talk = kaede.compare(cases, on="talk")
    assert list(at_talk.index) == list(cases), "a case without the milestone is not dropped"
    assert (at_talk.loc[NEW_CASE_NAME] == NO_MILESTONE).all()
    per = kaede.compare(cases, on=["talk", "vision_adopted"])
    assert per.loc[(NEW_CASE_NAME, "talk")].eq(NO_MILESTONE).all()
    assert per.loc[(NEW_CASE_NAME, "vision_adopted")].isin(["present", "absent", "indeterminate", "not_applicable",
                                                         "too_early", "engages", "comes_off"]).all()
    assert set(kaede.diagnose(new).rule) == set(kaede.RULES)
    kaede.chain_drive(new)
    assert NEW_CASE_NAME in kaede.process_features(cases).index
    assert NEW_CASE_NAME in processes(cases).index.get_level_values("case")
    assert NEW_CASE_NAME in overview(cases).index or NEW_CASE_NAME in overview(cases).to_string()
    assert NEW_CASE_NAME in missing_evidence(cases).index.get_level_values(0)

    ax = plot_chain(new)
    plt.gcf().canvas.draw()  # '$' in a label is drawn as text: no mathtext error
    assert any("$" in t.get_text() for t in ax.texts)
    plot_timelines(cases)
    plt.gcf().canvas.draw()
    plot_matrix(per)
    plt.gcf().canvas.draw()
    plt.close("all")

    s = ExplorerState(cases, case=NEW_CASE_NAME)
    assert len(s.findings) > 0
    assert set(milestone_names(cases)) >= set(new.milestones)
    assert NEW_CASE_NAME in CompareState(cases, on="talk").matrix().index
    w = WhatIfState(new)
    w.edit("l4", status="present", strength=2)
    assert w.case.links.set_index("link_id").loc["l4", "status"] == "present"


def test_the_notebook_helper_shows_each_case(data_home_plus_one: Path) -> None:
    import sys
    sys.path.insert(0, str(ROOT / "notebooks"))
    try:
        from casebook import date_phrase, show_case
    finally:
        sys.path.remove(str(ROOT / "notebooks"))
    shown: list[object] = []
    show_case(kaede.load_case(NEW_CASE_NAME), display=lambda obj, md=False: shown.append(obj))
    assert "## Nordby Kommune (nordby)" in shown
    assert "the case has no milestone talk" in date_phrase(kaede.load_case(NEW_CASE_NAME))


@pytest.mark.notebooks
@pytest.mark.skipif(bool(os.environ.get("KAEDE_SKIP_NOTEBOOK_RUN")),
                    reason=f"KAEDE_SKIP_NOTEBOOK_RUN={os.environ.get('KAEDE_SKIP_NOTEBOOK_RUN')!r}")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_runs_with_the_new_case(data_home_plus_one: Path, path: Path) -> None:
    """Execute the notebook top to bottom on the data home with the new case: no error, and where
    the notebook shows the cases, the new one is among them."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                     + str(o.get("data", {}).get("text/html", "")) + str(o.get("data", {}).get("text/markdown", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "Traceback" not in text
    if path.name.startswith(("02-", "03-", "06-")):
        assert NEW_CASE_NAME in text, f"{path.name} does not show the new case"
