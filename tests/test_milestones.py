"""A picture or view asked for a milestone the case lacks says so in kaede's own error: which case,
which milestone, and which milestones the case has (the one resolver, kaede.model.chain.resolve_date)."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import kaede  # noqa: E402
from kaede.data.write import write_case  # noqa: E402
from kaede.model.chain import MilestoneNotFoundError, chain_view, resolve_date  # noqa: E402
from kaede.views.explore import ExplorerState, milestone_names  # noqa: E402

from conftest import NEW_CASE_NAME, new_case_meta, new_case_tables  # noqa: E402


@pytest.fixture(scope="module")
def made_case(tmp_path_factory) -> kaede.Case:
    home = tmp_path_factory.mktemp("home")
    write_case(new_case_tables(), new_case_meta(), home / NEW_CASE_NAME, fsync=False)
    return kaede.load_case(NEW_CASE_NAME, data_home=home)


@pytest.fixture(scope="module")
def lacking(made_case: kaede.Case) -> str:
    """A milestone some case of the data home has and the made case lacks."""
    others = [m for m in milestone_names(kaede.load_cases()) if m not in made_case.milestones]
    return others[0] if others else "no_such_milestone"


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _assert_clear(err: MilestoneNotFoundError, case: kaede.Case, milestone: str) -> None:
    text = str(err)
    assert repr(case.name) in text and repr(milestone) in text
    assert case.milestones, "the made case has milestones to list"
    for name, date in case.milestones.items():
        assert f"{name} ({date})" in text
    assert err.case == case.name and err.milestones == case.milestones
    assert isinstance(err, ValueError) and isinstance(err, LookupError)


def test_every_picture_and_view_names_the_case_and_the_milestones(made_case, lacking) -> None:
    from kaede.views.plot import focus_png, plot_chain, plot_focus
    calls = {
        "resolve_date": lambda: resolve_date(made_case, lacking),
        "chain_view": lambda: chain_view(made_case, lacking),
        "chain_graph": lambda: kaede.chain_graph(made_case, on=lacking),
        "chain_drive": lambda: kaede.chain_drive(made_case, on=lacking),
        "plot_chain": lambda: plot_chain(made_case, on=lacking),
        "plot_focus": lambda: plot_focus(made_case, on=lacking),
        "focus_png": lambda: focus_png(made_case, on=lacking),
        "Explorer picture": lambda: ExplorerState({made_case.name: made_case}, date=lacking).view,
    }
    for what, call in calls.items():
        with pytest.raises(MilestoneNotFoundError) as info:
            call()
        _assert_clear(info.value, made_case, lacking)
    assert kaede.MilestoneNotFoundError is MilestoneNotFoundError


def test_an_offset_names_the_milestone_it_counts_from(made_case, lacking) -> None:
    with pytest.raises(MilestoneNotFoundError, match=rf"no milestone '{lacking}' \(asked for '{lacking}\+12m'\)"):
        chain_view(made_case, f"{lacking}+12m")
    have = next(iter(made_case.milestones))
    assert chain_view(made_case, f"{have}+12m").date is not None


def test_dates_and_the_case_s_own_milestones_still_resolve(made_case) -> None:
    for name, date in made_case.milestones.items():
        assert resolve_date(made_case, name) == date
    assert resolve_date(made_case, "2014-06") == "2014-06"
    assert resolve_date(made_case, None) is None
    with pytest.raises(ValueError, match="month 13"):  # a malformed date is a date error, not a milestone
        chain_view(made_case, "2014-13")


def test_the_matrix_still_shows_a_lacking_milestone_as_such(made_case, lacking) -> None:
    cases = {**kaede.load_cases(), made_case.name: made_case}
    m = kaede.compare(cases, on=lacking)
    if any(lacking in c.milestones for c in cases.values()):
        assert list(m.index) == list(cases) and (m.loc[made_case.name] == "no_milestone").all()
    else:  # no case has it (a misspelt milestone, say): the matrix is empty, as documented
        assert m.empty
