"""kaede.methods.qca: properties on seeded random truth tables, calibration, verdicts, limits, errors."""
from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

import kaede
from kaede.methods.qca import (IncompleteModelsWarning, QCAError, calibrate, case_sets, minimize,
                               model_membership, necessity, truth_table, verdict_membership)
from kaede.methods.qca.cover import minimal_covers
from kaede.methods.qca.implicants import prime_implicants

SEEDS = range(40)


def random_table(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 6 if seed % 4 else 4))
    cases = int(rng.integers(4, 30))
    X = rng.integers(0, 2, size=(cases, n))
    if seed % 4 == 0:  # a multi-value condition
        X[:, 0] = rng.integers(0, 3, size=cases)
    y = rng.integers(0, 2, size=cases)
    d = pd.DataFrame(X, columns=[f"C{i}" for i in range(n)], index=[f"k{i}" for i in range(cases)])
    d["Y"] = y
    return d


def covers(code, cfg) -> bool:
    return all(c == 0 or c - 1 == v for c, v in zip(code, cfg))


def brute_minimum(tt, use_remainders: bool):
    """Prime implicants by enumeration of every term, then the minimal covers by trying every combination."""
    pos = [tuple(r) for r in tt.rows("1")]
    allowed = set(pos) if not use_remainders else None
    neg = [tuple(r) for r in tt.rows({"0", "C"})]
    space = list(itertools.product(*[range(int(l)) for l in tt.levels]))
    imps = []
    for code in itertools.product(*[range(int(l) + 1) for l in tt.levels]):
        if not any(code):
            continue
        cov = [c for c in space if covers(code, c)]
        if not any(c in pos for c in cov):
            continue
        if use_remainders and any(c in neg for c in cov):
            continue
        if not use_remainders and any(c not in allowed for c in cov):
            continue
        imps.append(code)

    def general(a, b):  # a strictly more general than b
        return a != b and all(x == 0 or x == y for x, y in zip(a, b))
    imps = [c for c in imps if not any(general(o, c) for o in imps)]
    for k in range(1, len(imps) + 1):
        sols = [set(m) for m in itertools.combinations(imps, k)
                if all(any(covers(t, p) for t in m) for p in pos)]
        if sols:
            return k, sols
    raise AssertionError("no cover")


@pytest.mark.parametrize("seed", SEEDS)
def test_solutions_cover_positive_rows_only_and_are_minimal(seed):
    d = random_table(seed)
    tt = truth_table(d, "Y")
    if not (tt.table["OUT"] == "1").any() or tt.remainders == 0 and not (tt.table["OUT"] != "1").any():
        pytest.skip("nothing to explain")
    pos = [tuple(r) for r in tt.rows("1")]
    neg = [tuple(r) for r in tt.rows({"0", "C"})]
    for include in ("", "?"):
        try:
            sol = minimize(tt, include=include)
        except QCAError as e:
            assert "minimise away" in str(e)
            continue
        k, brute = brute_minimum(tt, include == "?")
        assert sol.size == k
        found = [{sol.codes[t] for t in m} for m in sol.models]
        assert len(found) == len({frozenset(f) for f in found})
        for model in found:
            assert len(model) == k
            assert all(any(covers(t, p) for t in model) for p in pos), "a positive row is not covered"
            assert not any(any(covers(t, q) for t in model) for q in neg), "a negative row is covered"
            if include == "":
                space = itertools.product(*[range(int(l)) for l in tt.levels])
                assert all(c in pos for c in space if any(covers(t, c) for t in model)), "a remainder is used"
        assert {frozenset(f) for f in found} == {frozenset(b) for b in brute}, "every tied minimal model"


def test_prime_implicants_are_prime():
    rng = np.random.default_rng(7)
    for _ in range(20):
        cfg = np.array(list(itertools.product(range(2), repeat=4)))
        lab = rng.integers(0, 3, size=len(cfg))  # 0 negative, 1 positive, 2 remainder
        if not (lab == 1).any() or not (lab == 0).any():
            continue
        pis, chart = prime_implicants(cfg[lab == 1], cfg[lab == 0], np.array([2] * 4))
        for t in pis:
            for j in np.nonzero(t)[0]:
                g = t.copy()
                g[j] = 0
                assert any(covers(g, c) for c in cfg[lab == 0]), "a literal could be dropped"


def test_tied_models_beyond_the_limit_are_flagged():
    chart = np.zeros((12, 6), dtype=bool)
    for i in range(12):  # every pair of implicants (2i, 2i+1) covers the same rows: 2^6 tied models
        chart[i, i // 2] = True
    res = minimal_covers(chart, max_models=10)
    assert res.size == 6 and len(res.models) == 10 and not res.complete
    assert minimal_covers(chart).models.__len__() == 64


def test_incomplete_list_warns():
    rng = np.random.default_rng(3)
    X = rng.integers(0, 2, size=(120, 7))
    y = rng.integers(0, 2, size=120)
    d = pd.DataFrame(X, columns=list("ABCDEFG"))
    d["Y"] = y
    tt = truth_table(d, "Y")
    full = minimize(tt, include="?")
    if len(full.models) < 3:
        pytest.skip("too few ties for this seed")
    with pytest.warns(IncompleteModelsWarning, match="incomplete"):
        part = minimize(tt, include="?", max_models=2)
    assert not part.complete and len(part.models) == 2 and part.size == full.size


def test_truth_table_cutoffs():
    d = pd.DataFrame({"A": [1, 1, 1, 0, 0], "B": [1, 1, 1, 0, 1], "Y": [1, 1, 0, 0, 1]})
    tt = truth_table(d, "Y", incl_cut=(0.9, 0.6))
    assert tt.table.loc[4, "OUT"] == "C" and tt.table.loc[4, "n"] == 3
    tt = truth_table(d, "Y", n_cut=2)
    assert tt.table.loc[1, "OUT"] == "?" and tt.table.loc[2, "OUT"] == "?"
    assert tt.remainders == 3


def test_fuzzy_case_at_half_is_in_no_row():
    d = pd.DataFrame({"A": [0.5, 0.8], "Y": [0.4, 0.9]}, index=["x", "y"])
    tt = truth_table(d, "Y")
    assert "x" not in ",".join(tt.table["cases"])


def test_calibrate_direct_method_matches_the_formula():
    x = np.array([1.0, 3.0, 5.0, 7.0, 9.0])
    got = calibrate(x, [2, 5, 8])
    L = np.log(0.95 / 0.05)
    expected = 1 / (1 + np.exp(-(x - 5) * L / 3))
    assert np.allclose(got, expected)
    assert got[2] == 0.5 and abs(calibrate([8.0], [2, 5, 8])[0] - 0.95) < 1e-12
    assert np.allclose(calibrate(x, [8, 5, 2]), 1 - expected)  # decreasing anchors
    assert calibrate(pd.Series([0, 4, 9], index=list("abc")), [3, 6], type="crisp").tolist() == [0, 1, 2]
    with pytest.raises(QCAError, match="three anchors"):
        calibrate(x, [1, 2])


def test_verdict_membership_old_and_new_words():
    s = pd.Series(["engages", "comes off", "present", "absent", "indeterminate", "not_applicable"])
    assert verdict_membership(s).tolist()[:5] == [1.0, 0.0, 1.0, 0.0, 0.5]
    assert np.isnan(verdict_membership(s)[5])
    assert verdict_membership(["indeterminate"], indeterminate=0.0).tolist() == [0.0]
    with pytest.raises(QCAError, match="row 1: unknown verdict 'maybe'"):
        verdict_membership(["present", "maybe"])


def test_errors_name_what_was_expected():
    d = pd.DataFrame({"A": [1, "x"], "Y": [1, 0]})
    with pytest.raises(QCAError, match="row 1, column 'A': expected a number"):
        truth_table(d, "Y")
    with pytest.raises(QCAError, match="no column 'Z'"):
        truth_table(pd.DataFrame({"A": [1, 0], "Y": [1, 0]}), "Z")
    tt = truth_table(pd.DataFrame({"A": [1, 0], "Y": [0, 0]}), "Y")
    with pytest.raises(QCAError, match="OUT = 1"):
        minimize(tt)


def test_multivalue_necessity_splits_values():
    d = pd.DataFrame({"M": [0, 1, 2, 2], "Y": [0, 0, 1, 1]})
    n = necessity(d, "Y")
    assert list(n.index) == ["M[0]", "M[1]", "M[2]"]
    assert n.loc["M[2]", "inclN"] == 1.0 and n.loc["M[2]", "covN"] == 1.0


def test_model_membership_is_the_union_of_terms():
    d = pd.DataFrame({"A": [0.9, 0.2, 0.7, 0.1], "B": [0.1, 0.8, 0.6, 0.2], "Y": [0.8, 0.9, 0.7, 0.1]},
                     index=list("wxyz"))
    tt = truth_table(d, "Y", incl_cut=0.7)
    sol = minimize(tt, include="?")
    assert sol.models == [("A", "B")]
    m = model_membership(tt, sol)
    assert np.allclose(m, np.maximum(d["A"], d["B"])) and list(m.index) == list("wxyz")


def test_case_sets_from_the_data_home():
    cases = kaede.load_cases()
    s = case_sets(cases, on="vision_adopted")
    assert sorted(s.index) == sorted(kaede.list_cases())
    assert set(s[["OWN", "ADM", "CIT", "BUD"]].stack().unique()) <= {0, 1}
    assert s[["ENGAGE", "D1", "D2", "D3"]].stack().dropna().isin([0.0, 0.5, 1.0]).all()
    tt = truth_table(s[["OWN", "ADM", "CIT", "BUD", "ENGAGE"]], "ENGAGE")
    assert tt.remainders == 16 - len(tt.table)


def test_lazy_exports():
    for name in ("calibrate", "verdict_membership", "truth_table", "minimize", "necessity", "sufficiency"):
        assert callable(getattr(kaede, name))
