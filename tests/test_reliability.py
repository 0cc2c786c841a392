"""Intercoder reliability: Krippendorff's published examples, the PyPI ``krippendorff`` package
as an independent check (test time only: it is GPL-3 and never imported by kaede), Cohen's kappa,
the bootstrap, edge cases, and reliability over a case's ``codings`` table."""
from __future__ import annotations

import ast
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kaede
from kaede.methods.reliability import (LEVELS, ReliabilityError, alpha_bootstrap, case_codings, cohen_kappa,
                                       coincidence_matrix, disagreements, krippendorff_alpha, percent_agreement,
                                       reliability_table)

# --------------------------------------------------------------------------- published examples
# The reliability data of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", as given
# in ../shared/research/theory.md §D.4 (coders in rows, units in columns, None = missing).
EXAMPLE_A = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
             [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
EXAMPLE_B = [list("aabbdcccedda"), list("babbbcccedd" "d")]
EXAMPLE_C = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
             [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
             [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
             [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]

# The coincidence matrix of example C as printed in theory.md (rows/columns = values 1..5).
T, F = Fraction(1, 3), Fraction(4, 3)
O_C = [[7, F, T, T, 0],
       [F, 10, F, T, 0],
       [T, F, 8, T, 0],
       [T, T, T, 4, 0],
       [0, 0, 0, 0, 3]]


def exact_alpha(o: list[list[Fraction]], values: list[int], level: str) -> Fraction:
    """Alpha in exact rational arithmetic from a coincidence matrix, written out from the
    definitions in Krippendorff (2011), independently of kaede's numpy code."""
    k = len(values)
    o = [[Fraction(x) for x in row] for row in o]
    n_c = [sum(row) for row in o]
    n = sum(n_c)

    def d2(i: int, j: int) -> Fraction:
        c, kk = values[i], values[j]
        if level == "nominal":
            return Fraction(int(i != j))
        if level == "ordinal":
            lo, hi = min(i, j), max(i, j)
            return (sum(n_c[lo:hi + 1]) - (n_c[lo] + n_c[hi]) / 2) ** 2
        if level == "interval":
            return Fraction(c - kk) ** 2
        return Fraction(c - kk, c + kk) ** 2 if c + kk else Fraction(0)

    d_o = sum(o[i][j] * d2(i, j) for i in range(k) for j in range(k))
    d_e = sum(n_c[i] * n_c[j] * d2(i, j) for i in range(k) for j in range(k))
    return 1 - (n - 1) * d_o / d_e


def test_example_a_binary_two_coders():
    # published .095; exactly 2/21 (coincidences 0-0: 10, 0-1: 4, 1-1: 2; n = 20)
    a = krippendorff_alpha(EXAMPLE_A, "nominal")
    assert a == pytest.approx(2 / 21, abs=1e-9)
    assert round(a, 3) == 0.095
    assert coincidence_matrix(EXAMPLE_A).to_numpy().tolist() == [[10, 4], [4, 2]]


def test_example_b_nominal_two_coders():
    o = coincidence_matrix(EXAMPLE_B)
    exact = exact_alpha(o.to_numpy().tolist(), list(range(len(o))), "nominal")
    a = krippendorff_alpha(EXAMPLE_B, "nominal")
    assert a == pytest.approx(float(exact), abs=1e-9)
    assert round(a, 3) == 0.692


def test_example_c_coincidence_matrix_as_published():
    o = coincidence_matrix(EXAMPLE_C)
    assert list(o.index) == [1, 2, 3, 4, 5]
    np.testing.assert_allclose(o.to_numpy(), np.array(O_C, dtype=float), atol=1e-12)
    assert o.to_numpy().sum() == pytest.approx(40)  # pairable values; unit 12 drops out
    np.testing.assert_allclose(o.sum(axis=1), [9, 13, 10, 5, 3])


@pytest.mark.parametrize("level, published, recomputed",
                         [("nominal", 0.743, 0.743421), ("ordinal", 0.815, 0.815388),
                          ("interval", 0.849, 0.849107), ("ratio", 0.797, 0.797403)])
def test_example_c_all_levels(level, published, recomputed):
    a = krippendorff_alpha(EXAMPLE_C, level)
    assert a == pytest.approx(float(exact_alpha(O_C, [1, 2, 3, 4, 5], level)), abs=1e-9)
    assert round(a, 3) == published
    assert round(a, 6) == recomputed


def test_missing_values_in_every_form_are_the_same():
    as_nan = [[np.nan if v is None else v for v in r] for r in EXAMPLE_C]
    as_na = pd.DataFrame(EXAMPLE_C, dtype="Int64")
    ref = krippendorff_alpha(EXAMPLE_C, "interval")
    assert krippendorff_alpha(as_nan, "interval") == pytest.approx(ref, abs=1e-12)
    assert krippendorff_alpha(as_na, "interval") == pytest.approx(ref, abs=1e-12)
    assert krippendorff_alpha(np.array(as_nan), "interval") == pytest.approx(ref, abs=1e-12)


# --------------------------------------------------------------------------- the PyPI package
def _random_data(rng: np.random.Generator, coders: int, units: int, k: int, missing: float) -> np.ndarray:
    data = rng.integers(1, k + 1, size=(coders, units)).astype(float)
    # make agreement likelier than chance, so alpha covers a range of values
    truth = rng.integers(1, k + 1, size=units)
    copy = rng.random((coders, units)) < rng.uniform(0, 0.9)
    data[copy] = np.broadcast_to(truth, data.shape)[copy]
    data[rng.random((coders, units)) < missing] = np.nan
    return data


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("seed", range(8))
def test_agrees_with_the_krippendorff_package(level, seed):
    import krippendorff  # test-only (GPL-3), pinned in requirements.txt
    rng = np.random.default_rng(1000 + seed)
    data = _random_data(rng, coders=int(rng.integers(2, 7)), units=int(rng.integers(5, 60)),
                        k=int(rng.integers(2, 7)), missing=float(rng.uniform(0, 0.4)))
    ours = krippendorff_alpha(data, level)
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    assert ours == pytest.approx(float(theirs), abs=1e-9)


def test_kaede_never_imports_the_gpl_package():
    root = Path(kaede.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "krippendorff" for n in names), f"{path} imports krippendorff (GPL-3)"


# --------------------------------------------------------------------------- edge cases
def test_one_coder_is_an_error():
    with pytest.raises(ReliabilityError, match="at least two coders"):
        krippendorff_alpha([[1, 2, 3]])
    with pytest.raises(ReliabilityError, match="at least two coders"):
        krippendorff_alpha([[1, 2, 3], [None, None, None]])


def test_no_pairable_values_is_an_error():
    with pytest.raises(ReliabilityError, match="no pairable values"):
        krippendorff_alpha([[1, None, 3], [None, 2, None]])


def test_unknown_level_is_an_error():
    with pytest.raises(ReliabilityError, match="unknown level.*nominal, ordinal, interval, ratio"):
        krippendorff_alpha(EXAMPLE_C, "cardinal")


def test_undefined_when_every_value_is_the_same():
    with pytest.raises(ReliabilityError, match="undefined"):
        krippendorff_alpha([[1, 1, 1], [1, 1, None]])


def test_bad_inputs_name_the_problem():
    with pytest.raises(ReliabilityError, match="ragged"):
        krippendorff_alpha([[1, 2], [1]])
    with pytest.raises(ReliabilityError, match="empty"):
        krippendorff_alpha([])
    with pytest.raises(ReliabilityError, match="interval data must be numbers"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], "interval")
    with pytest.raises(ReliabilityError, match="non-negative"):
        krippendorff_alpha([[-1, 2], [1, 2]], "ratio")
    with pytest.raises(ReliabilityError, match="not among the declared values"):
        krippendorff_alpha([["low", "high"], ["mid", "high"]], "ordinal", values=["low", "high"])


def test_ordinal_uses_the_declared_rank_order():
    data = [["low", "high", "mid", "low"], ["mid", "high", "high", "low"]]
    ranked = krippendorff_alpha(data, "ordinal", values=["low", "mid", "high"])
    as_numbers = krippendorff_alpha([[{"low": 1, "mid": 2, "high": 3}[v] for v in r] for r in data], "ordinal")
    assert ranked == pytest.approx(as_numbers, abs=1e-12)
    # alphabetical order (high < low < mid) would give a different value
    assert krippendorff_alpha(data, "ordinal") != pytest.approx(ranked)


def test_perfect_agreement_is_one():
    assert krippendorff_alpha([[1, 2, 3, None], [1, 2, 3, 3], [1, None, 3, 3]], "interval") == 1.0


# --------------------------------------------------------------------------- agreement and kappa
def test_percent_agreement():
    assert percent_agreement([["a", "b", "c", None], ["a", "b", "d", "d"]]) == pytest.approx(2 / 3)
    # three coders on one unit: pairs (a,a) agree, (a,b) twice disagree
    assert percent_agreement([["a"], ["a"], ["b"]]) == pytest.approx(1 / 3)
    assert percent_agreement([[1, 2], [1.0, 2.0]]) == 1.0
    with pytest.raises(ReliabilityError, match="no pairable"):
        percent_agreement([[1, None], [None, 2]])


def test_cohen_kappa_textbook_example():
    # 50 units: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> p_o = .7, p_e = .5, kappa = .4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4, abs=1e-12)


def test_cohen_kappa_weighted_by_hand():
    # 3 ordered values; counts table rows = coder a, columns = coder b
    table = np.array([[4, 2, 0], [1, 3, 1], [0, 1, 4]])
    a, b = [], []
    for i in range(3):
        for j in range(3):
            a += [i + 1] * table[i, j]
            b += [j + 1] * table[i, j]
    p = table / table.sum()
    e = np.outer(p.sum(1), p.sum(0))
    for name, w in [("linear", np.abs(np.subtract.outer(range(3), range(3))) / 2),
                    ("quadratic", (np.subtract.outer(range(3), range(3)) / 2) ** 2)]:
        expected = 1 - (w * p).sum() / (w * e).sum()
        assert cohen_kappa(a, b, weights=name) == pytest.approx(expected, abs=1e-12)
    # with two values every weighting is the same
    two_a, two_b = [1, 1, 2, 2, 1], [1, 2, 2, 2, 1]
    k = cohen_kappa(two_a, two_b)
    assert cohen_kappa(two_a, two_b, weights="linear") == pytest.approx(k)
    assert cohen_kappa(two_a, two_b, weights="quadratic") == pytest.approx(k)


def test_cohen_kappa_drops_missing_and_checks_input():
    assert cohen_kappa([1, 2, None, 1], [1, 2, 2, np.nan]) == 1.0
    with pytest.raises(ReliabilityError, match="differ in length"):
        cohen_kappa([1, 2], [1])
    with pytest.raises(ReliabilityError, match="no unit was coded by both"):
        cohen_kappa([1, None], [None, 2])
    with pytest.raises(ReliabilityError, match="unknown weights"):
        cohen_kappa([1, 2], [1, 2], weights="cubic")


# --------------------------------------------------------------------------- bootstrap
def test_bootstrap_is_seeded_and_brackets_alpha():
    r1 = alpha_bootstrap(EXAMPLE_C, "ordinal", n_boot=400, seed=3)
    r2 = alpha_bootstrap(EXAMPLE_C, "ordinal", n_boot=400, seed=3)
    r3 = alpha_bootstrap(EXAMPLE_C, "ordinal", n_boot=400, seed=4)
    assert r1 == r2 and r1 != r3
    assert r1.alpha == pytest.approx(krippendorff_alpha(EXAMPLE_C, "ordinal"))
    assert r1.low < r1.alpha < r1.high <= 1
    assert r1.n_boot == 400 and r1.level == 0.95


def test_bootstrap_equals_recomputing_alpha_on_resampled_units():
    """The fast path (summing units' coincidence contributions) equals the naive bootstrap."""
    data = np.array(EXAMPLE_C, dtype=float)
    n_boot, seed = 300, 11
    rng = np.random.default_rng(seed)
    naive = []
    for _ in range(n_boot):
        pick = rng.integers(0, data.shape[1], size=data.shape[1])
        try:
            naive.append(krippendorff_alpha(data[:, pick], "interval", values=[1, 2, 3, 4, 5]))
        except ReliabilityError:
            pass
    r = alpha_bootstrap(data, "interval", n_boot=n_boot, seed=seed, confidence=0.9)
    assert r.n_undefined == n_boot - len(naive)
    np.testing.assert_allclose([r.low, r.high], np.quantile(naive, [0.05, 0.95]), atol=1e-12)


def test_bootstrap_interval_narrows_with_more_units():
    rng = np.random.default_rng(5)
    small = _random_data(rng, 2, 20, 3, 0.0)
    large = np.tile(small, 10)  # same agreement, ten times the units
    rs, rl = alpha_bootstrap(small, n_boot=500), alpha_bootstrap(large, n_boot=500)
    assert rs.alpha == pytest.approx(rl.alpha, abs=0.05)
    assert (rl.high - rl.low) < (rs.high - rs.low) / 2


def test_bootstrap_parameters_checked():
    with pytest.raises(ReliabilityError, match="n_boot"):
        alpha_bootstrap(EXAMPLE_C, n_boot=0)
    with pytest.raises(ReliabilityError, match="confidence"):
        alpha_bootstrap(EXAMPLE_C, confidence=95)


def test_bootstrap_perfect_agreement():
    r = alpha_bootstrap([[1, 2, 3, 1, 2], [1, 2, 3, 1, 2]], n_boot=200)
    assert (r.alpha, r.low, r.high) == (1.0, 1.0, 1.0)
    # a draw of one distinct value is undefined and counted, not hidden
    assert r.n_undefined > 0 or r.low == 1.0


# --------------------------------------------------------------------------- codings of a case
def _case():
    case = kaede.make_case(
        [("council", "council"), ("vision", "vision"), ("budget", "budget"), ("theme", "theme"),
         ("directorate", "directorate"), ("employees", "employees")],
        [("council", "vision", "owns", "present", 3), ("vision", "budget", "translates_into", "absent"),
         ("vision", "theme", "translates_into", "present", 2), ("council", "directorate", "commissions", "unknown"),
         ("theme", "budget", "translates_into", "present", 1), ("vision", "employees", "engages", "present", 2)],
        name="eksempel")
    return case


CODES = {  # coder -> link -> (status, strength)
    "a": {"l1": ("present", "3"), "l2": ("absent", None), "l3": ("present", "2"), "l4": ("unknown", None),
          "l5": ("present", "1"), "l6": ("present", "2")},
    "b": {"l1": ("present", "3"), "l2": ("unknown", None), "l3": ("present", "1"), "l4": ("unknown", None),
          "l5": ("present", "1"), "l6": ("present", "3")},
    "c": {"l1": ("present", "2"), "l2": ("absent", None), "l3": ("present", "2"),
          "l5": ("absent", None), "l6": ("present", "2")},
}


def _codings(coders=("a", "b", "c")) -> pd.DataFrame:
    rows = []
    for coder in coders:
        for link, (status, strength) in CODES[coder].items():
            rows.append((coder, "links", link, "status", status, "2026-11-29", "stated", None))
            if strength is not None:
                rows.append((coder, "links", link, "strength", strength, "2026-11-29", "stated", None))
    return pd.DataFrame(rows, columns=["coder", "unit_table", "unit_id", "variable", "value", "coded_on", "basis",
                                       "note"], dtype="string")


def _matrix(variable: str, coders=("a", "b", "c"), numeric=False):
    links = [f"l{i}" for i in range(1, 7)]
    pos = 0 if variable == "status" else 1
    out = [[CODES[c].get(link, (None, None))[pos] for link in links] for c in coders]
    return [[None if v is None else int(v) for v in r] for r in out] if numeric else out


def test_reliability_table_matches_alpha_on_the_matrix():
    case = _case()
    case.tables["codings"] = _codings()
    t = reliability_table(case, n_boot=300, seed=2).set_index("variable")
    assert list(t.index) == ["status", "strength"]
    assert t.loc["status", "level"] == "nominal" and t.loc["strength", "level"] == "ordinal"
    assert t.loc["status", "alpha"] == pytest.approx(krippendorff_alpha(_matrix("status"), "nominal"), abs=1e-12)
    assert t.loc["strength", "alpha"] == pytest.approx(
        krippendorff_alpha(_matrix("strength", numeric=True), "ordinal"), abs=1e-12)
    assert t.loc["status", "n_coders"] == 3 and t.loc["status", "n_units"] == 6
    assert t.loc["strength", "n_units"] == 4  # l2, l4 have no strength; l5 has only a's and b's
    assert t.loc["status", "agreement"] == pytest.approx(percent_agreement(_matrix("status")))
    assert np.isnan(t.loc["status", "kappa"])  # three coders: no Cohen's kappa
    r = alpha_bootstrap(_matrix("status"), "nominal", n_boot=300, seed=2)
    assert (t.loc["status", "ci_low"], t.loc["status", "ci_high"]) == pytest.approx((r.low, r.high))


def test_two_coders_get_kappa_and_shipped_coding_counts_as_a_coder():
    case = _case()
    case.tables["codings"] = _codings(("b",))
    t = reliability_table(case, shipped_as="shipped", n_boot=200).set_index("variable")
    # the shipped links table equals coder a's codes, so this is a against b
    assert t.loc["status", "alpha"] == pytest.approx(krippendorff_alpha(_matrix("status", ("a", "b"))), abs=1e-12)
    assert t.loc["status", "kappa"] == pytest.approx(cohen_kappa(*_matrix("status", ("a", "b"))), abs=1e-12)
    a, b = _matrix("strength", ("a", "b"), numeric=True)
    assert t.loc["strength", "kappa"] == pytest.approx(cohen_kappa(a, b, weights="quadratic"), abs=1e-12)
    with pytest.raises(ReliabilityError, match="already has codings"):
        reliability_table(case, shipped_as="b")


def test_several_cases_are_labelled():
    one, two = _case(), _case()
    one.tables["codings"], two.tables["codings"] = _codings(), _codings(("a", "b"))
    t = reliability_table({"one": one, "two": two}, n_boot=100)
    assert list(t["case"]) == ["one", "one", "two", "two"]
    assert list(t["n_coders"]) == [3, 3, 2, 2]


def test_single_coder_variable_gets_a_note_not_a_crash():
    case = _case()
    case.tables["codings"] = _codings(("a",))
    t = reliability_table(case, n_boot=50)
    assert t["alpha"].isna().all()
    assert t["note"].str.contains("at least two coders").all()


def test_missing_or_empty_codings_is_a_clear_error():
    case = _case()
    with pytest.raises(ReliabilityError, match="case 'eksempel' has no codings.*coder, unit_table"):
        reliability_table(case)
    del case.tables["codings"]  # a Case built before the optional table existed
    with pytest.raises(ReliabilityError, match="has no codings"):
        disagreements(case)


@pytest.mark.parametrize("name", kaede.list_cases())
def test_shipped_cases_without_codings_say_so(name):
    case = kaede.load_case(name)
    if len(case.codings):
        t = reliability_table(case, n_boot=50)
        assert set(t["variable"]) <= set(kaede.methods.reliability.VARIABLE_LEVELS)
    else:
        with pytest.raises(ReliabilityError, match=f"case '{name}' has no codings"):
            reliability_table(case)


def test_bad_codings_are_named():
    case = _case()
    case.tables["codings"] = _codings().drop(columns="unit_id")
    with pytest.raises(ReliabilityError, match="lacks column.*unit_id"):
        case_codings(case)
    dup = _codings()
    case.tables["codings"] = pd.concat([dup, dup.iloc[[0]]])
    with pytest.raises(ReliabilityError, match="coder 'a', links 'l1', variable 'status' appears more than once"):
        reliability_table(case)
    bad = _codings()
    bad.loc[bad.variable == "strength", "value"] = "4"
    case.tables["codings"] = bad
    with pytest.raises(ReliabilityError, match=r"strength values \['4'\] are not among"):
        reliability_table(case)
    odd = _codings()
    odd.loc[0, "variable"] = "mood"
    case.tables["codings"] = odd
    with pytest.raises(ReliabilityError, match="unknown variable 'mood'"):
        reliability_table(case)


def test_disagreements_with_adjudicated_values():
    case = _case()
    case.tables["codings"] = _codings()
    d = disagreements(case)
    assert list(d.columns) == ["unit_table", "unit_id", "variable", "a", "b", "c", "adjudicated"]
    keys = list(zip(d.unit_id, d.variable))
    assert keys == [("l1", "strength"), ("l2", "status"), ("l3", "strength"), ("l5", "status"), ("l6", "strength")]
    row = d.set_index(["unit_id", "variable"]).loc[("l2", "status")]
    assert (row["a"], row["b"], row["c"], row["adjudicated"]) == ("absent", "unknown", "absent", "absent")
    row = d.set_index(["unit_id", "variable"]).loc[("l1", "strength")]
    assert (row["c"], row["adjudicated"]) == ("2", "3")
    # l4: c did not code it, a and b agree: no disagreement
    assert "l4" not in set(d.unit_id)


def test_disagreements_across_cases_and_with_the_shipped_coding():
    case = _case()
    case.tables["codings"] = _codings(("b",))
    d = disagreements({"x": case}, shipped_as="first")
    assert list(d.columns[:4]) == ["case", "unit_table", "unit_id", "variable"]
    assert set(d.columns) >= {"b", "first", "adjudicated"}
    assert (d["first"] == d["adjudicated"]).all()
    assert len(d) == 3  # l2 status, l3 strength, l6 strength


def test_event_codings_read_the_events_table():
    case = kaede.make_case([("council", "council"), ("vision", "vision")], [],
                           events=[{"event_id": "e1", "date": "2012-06-27", "kind": "adoption"},
                                   {"event_id": "e2", "date": "2012-06-09", "kind": "citizen_meeting"}])
    case.tables["codings"] = pd.DataFrame(
        [("a", "events", "e1", "kind", "adoption"), ("b", "events", "e1", "kind", "decision"),
         ("a", "events", "e2", "kind", "citizen_meeting"), ("b", "events", "e2", "kind", "citizen_meeting")],
        columns=["coder", "unit_table", "unit_id", "variable", "value"])
    d = disagreements(case)
    assert d[["unit_id", "a", "b", "adjudicated"]].values.tolist() == [["e1", "adoption", "decision", "adoption"]]
    t = reliability_table(case, n_boot=50)
    assert t.loc[0, "variable"] == "kind" and t.loc[0, "agreement"] == 0.5


def test_levels_can_be_overridden():
    case = _case()
    case.tables["codings"] = _codings()
    t = reliability_table(case, levels={"strength": "interval"}, n_boot=50).set_index("variable")
    assert t.loc["strength", "level"] == "interval"
    assert t.loc["strength", "alpha"] == pytest.approx(
        krippendorff_alpha(_matrix("strength", numeric=True), "interval"), abs=1e-12)
    case.tables["codings"] = _codings()
    with pytest.raises(ReliabilityError, match="status is treated as interval data but has a value that is not a number"):
        reliability_table(case, levels={"status": "interval"}, n_boot=50)
    with pytest.raises(ReliabilityError, match="unknown level of measurement 'cardinal' for strength"):
        reliability_table(case, levels={"strength": "cardinal"})


def test_participants_are_compared_element_by_element():
    case = kaede.make_case([("council", "council"), ("vision", "vision"), ("directorate", "directorate"),
                            ("citizens", "citizens")], [],
                           events=[{"event_id": "e1", "date": "2012-06-27", "kind": "adoption"},
                                   {"event_id": "e2", "date": "2012-06-09", "kind": "citizen_meeting"}],
                           participants=[("e1", "council"), ("e2", "citizens"), ("e2", "council")])
    case.tables["codings"] = pd.DataFrame(
        [("b", "events", "e1", "participants", "council; directorate"),
         ("b", "events", "e2", "participants", "citizens;council")],
        columns=["coder", "unit_table", "unit_id", "variable", "value"])
    d = disagreements(case, shipped_as="a")
    assert d[["unit_id", "a", "b", "adjudicated"]].values.tolist() == [["e1:directorate", "no", "yes", "no"]]
    t = reliability_table(case, shipped_as="a", n_boot=50).set_index("variable")
    # units e1:council (yes, yes), e1:directorate (no, yes), e2:citizens, e2:council (yes, yes)
    assert t.loc["participants", "n_units"] == 4
    assert t.loc["participants", "agreement"] == pytest.approx(3 / 4)
    assert t.loc["participants", "alpha"] == pytest.approx(
        krippendorff_alpha([["yes", "no", "yes", "yes"], ["yes", "yes", "yes", "yes"]]), abs=1e-12)


def test_several_cases_some_without_codings():
    coded, bare = _case(), _case()
    coded.tables["codings"] = _codings()
    t = reliability_table({"coded": coded, "bare": bare}, n_boot=50)
    assert list(t["case"]) == ["coded", "coded", "bare"]
    assert t.iloc[-1]["note"].startswith("case 'eksempel' has no codings") and t.iloc[-1]["n_units"] == 0
    d = disagreements({"coded": coded, "bare": bare})
    assert set(d["case"]) == {"coded"}
    with pytest.raises(ReliabilityError, match="has no codings"):
        disagreements(bare)


def test_as_coded_by_substitutes_one_coders_codes():
    from kaede.methods.reliability import as_coded_by
    case = _case()
    case.tables["codings"] = _codings()
    c = as_coded_by(case, "c")
    got = c.links.set_index("link_id")
    assert list(got["status"]) == ["present", "absent", "present", "unknown", "absent", "present"]
    # l4 not coded by c: shipped; l5 coded absent: no strength; l1 strength 2 from c
    assert got.loc["l1", "strength"] == 2 and pd.isna(got.loc["l5", "strength"]) and got.loc["l6", "strength"] == 2
    assert list(case.links["status"]) == ["present", "absent", "present", "unknown", "present", "present"]
    kaede.diagnose(c)  # diagnosable like any case
    with pytest.raises(ReliabilityError, match="coder 'zz' has no codes"):
        as_coded_by(case, "zz")


def test_as_coded_by_present_without_strength():
    from kaede.methods.reliability import as_coded_by
    case = _case()
    case.tables["codings"] = pd.DataFrame(
        [("b", "links", "l1", "status", "present"), ("b", "links", "l2", "status", "present")],
        columns=["coder", "unit_table", "unit_id", "variable", "value"])
    got = as_coded_by(case, "b").links.set_index("link_id")
    assert got.loc["l1", "strength"] == 3  # shipped present: keeps the shipped strength
    assert pd.isna(got.loc["l2", "strength"])  # shipped absent: no strength, so it does not couple


def test_as_coded_by_on_a_shipped_case():
    from kaede.methods.reliability import as_coded_by
    name = kaede.list_cases()[0]
    case = kaede.load_case(name)
    case.tables["codings"] = pd.DataFrame(
        [("c2", "links", lid, "status", "unknown") for lid in case.links["link_id"]],
        columns=["coder", "unit_table", "unit_id", "variable", "value"])
    recoded = as_coded_by(case, "c2")
    assert (recoded.links["status"] == "unknown").all() and recoded.links["strength"].isna().all()
    findings = kaede.diagnose(recoded)
    assert len(findings) == len(kaede.diagnose(case))
    case.tables["codings"].loc[0, "unit_id"] = "no-such-link"
    with pytest.raises(ReliabilityError, match="coded links not in the case"):
        as_coded_by(case, "c2")
