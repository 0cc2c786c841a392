"""kaede's QCA against R 4.2.2 / QCA 3.23: every reference output in fixtures/qca/oracle_examples.out.

The R script that printed it is fixtures/qca/oracle_examples.R; the data are the QCA package's LC, LM,
LF and CVF. Numbers are compared as R prints them, to three decimals.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import qca_oracle as oracle
from kaede.methods.qca import minimize, necessity, sufficiency, super_subset, truth_table

OUT = oracle.sections()


def data(name: str) -> pd.DataFrame:
    return pd.read_csv(oracle.FIXTURES / f"{name}.csv", index_col=0)


def fmt(x: float) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


# (section of the truth table, data, outcome, truth_table arguments)
TABLES = {
    "LC crisp, outcome SURV": ("LC", "SURV", dict(sort_by="incl, n")),
    "LC crisp, outcome ~SURV": ("LC", "~SURV", dict(sort_by="incl, n")),
    "LM multi-value": ("LM", "SURV", dict(conditions=["DEV", "URB", "LIT", "IND"], sort_by="incl")),
    "LF fuzzy, incl.cut = 0.8": ("LF", "SURV", dict(incl_cut=0.8, sort_by="incl")),
    "LF fuzzy ~SURV incl.cut = 0.8": ("LF", "~SURV", dict(incl_cut=0.8, sort_by="incl")),
    "CVF parsimonious incl.cut = 0.8": ("CVF", "PROTEST", dict(incl_cut=0.8, sort_by="incl, n")),
}

# (section of the solution, its truth table, minimize arguments)
SOLUTIONS = {
    "LC conservative": ("LC crisp, outcome SURV", {}),
    "LC parsimonious": ("LC crisp, outcome SURV", dict(include="?")),
    "LC intermediate dir.exp DEV:STB": ("LC crisp, outcome SURV", dict(include="?", dir_exp="DEV:STB")),
    "~SURV conservative": ("LC crisp, outcome ~SURV", {}),
    "~SURV parsimonious": ("LC crisp, outcome ~SURV", dict(include="?")),
    "LM conservative": ("LM multi-value", {}),
    "LM parsimonious": ("LM multi-value", dict(include="?")),
    "LF conservative": ("LF fuzzy, incl.cut = 0.8", {}),
    "LF parsimonious": ("LF fuzzy, incl.cut = 0.8", dict(include="?")),
    "LF intermediate dir.exp = DEV:STB": ("LF fuzzy, incl.cut = 0.8", dict(include="?", dir_exp="DEV:STB")),
    "LF intermediate dir.exp = c(DEV, STB, ~LIT*IND)": (
        "LF fuzzy, incl.cut = 0.8", dict(include="?", dir_exp=["DEV", "STB", "~LIT*IND"])),
    "~SURV LF conservative": ("LF fuzzy ~SURV incl.cut = 0.8", {}),
    "~SURV LF parsimonious": ("LF fuzzy ~SURV incl.cut = 0.8", dict(include="?")),
    "CVF parsimonious incl.cut = 0.8": ("CVF parsimonious incl.cut = 0.8", dict(include="?")),
    "CVF row.dom": ("CVF parsimonious incl.cut = 0.8", dict(include="?", row_dom=True)),
}


def make_tt(section: str):
    name, outcome, kw = TABLES[section]
    return truth_table(data(name), outcome, **kw)


@pytest.mark.parametrize("section", list(TABLES))
def test_truth_table_as_r(section):
    expected = oracle.truth_table(OUT[section])
    tt = make_tt(section)
    t = tt.table[tt.table["OUT"] != "?"]
    assert list(t.index) == list(expected), "rows and their order (sort.by) as R prints them"
    for row, exp in expected.items():
        got = t.loc[row]
        assert [int(v) for v in got[tt.conditions]] == exp["values"]
        assert got["OUT"] == exp["OUT"]
        assert int(got["n"]) == exp["n"]
        assert fmt(got["incl"]) == exp["incl"]
        assert fmt(got["PRI"]) == exp["PRI"]
        assert got["cases"] == exp["cases"]


@pytest.mark.parametrize("section", list(SOLUTIONS))
def test_solution_as_r(section):
    table_section, kw = SOLUTIONS[section]
    sol = minimize(make_tt(table_section), **kw)
    lines = OUT[section]
    expected_models = oracle.models(lines)
    assert [list(m) for m in sol.models] == expected_models, "every tied model, in R's order and term order"
    assert sol.complete
    terms, fits = oracle.term_table(lines)
    assert list(sol.terms.index) == list(terms)
    for term, exp in terms.items():
        got = sol.terms.loc[term]
        for col, val in exp.items():
            if col == "cases":
                assert got["cases"] == val
            else:
                assert fmt(got[col]) == val, (term, col)
        for col in [c for c in sol.terms.columns if c.startswith("(M")]:
            if col not in exp:
                assert math.isnan(got[col]), (term, col, "R prints nothing: the term is not in that model")
    for name, vals in fits.items():
        assert [fmt(v) for v in sol.fit.loc[name]] == vals
    if len(sol.models) > 1:
        cases = oracle.case_block(lines, list(terms))
        assert cases and all(sol.terms.loc[t, "cases"] == c for t, c in cases.items())


def test_simplifying_assumptions_as_r():
    sol = minimize(make_tt("LC crisp, outcome SURV"), include="?")
    exp = oracle.configurations(OUT["LC parsimonious: simplifying assumptions"])
    sa = sol.simplifying_assumptions["M1"]
    assert {r: list(map(int, v)) for r, v in sa.iterrows()} == exp


def test_counterfactuals_as_r():
    sol = minimize(make_tt("LF fuzzy, incl.cut = 0.8"), include="?", dir_exp="DEV:STB")
    assert sol.label == "C1P1" and list(sol.variants) == ["C1P1"]
    ec = oracle.configurations(OUT["LF intermediate: easy counterfactuals"])
    dc = oracle.configurations(OUT["LF intermediate: difficult counterfactuals"])
    assert {r: list(map(int, v)) for r, v in sol.easy_counterfactuals.iterrows()} == ec
    assert {r: list(map(int, v)) for r, v in sol.difficult_counterfactuals.iterrows()} == dc


def test_necessity_and_sufficiency_as_r():
    nec, suf, _super = oracle.pof_tables(OUT["LF necessity / pof"])
    lf = data("LF")
    got = necessity(lf, "SURV", ["DEV", "URB", "LIT", "IND", "STB"])
    assert {k: [fmt(v) for v in row] for k, row in got.iterrows()} == nec
    got = sufficiency(lf, "SURV", "DEV*STB + URB*~IND")
    assert {k: [fmt(v) for v in row] for k, row in got.iterrows()} == suf
    got = super_subset(lf, "SURV", incl_cut=0.9, cov_cut=0.6)
    assert list(got.index) == list(_super), "the same necessary conjunctions and disjunctions, in R's order"
    assert {k: [fmt(v) for v in row] for k, row in got.iterrows()} == _super


def test_full_precision_as_r():
    """R's unrounded truth table and fit of LF agree to 1e-12."""
    lines = OUT["raw numbers to full precision (LF)"]
    tt = make_tt("LF fuzzy, incl.cut = 0.8")
    seen = 0
    for line in lines:
        tok = line.split()
        if len(tok) == 5 and tok[0].isdigit() and tok[1] in ("0", "1") and tok[3] != "-":
            row = int(tok[0])
            assert tt.table.loc[row, "n"] == int(tok[2])
            assert abs(tt.table.loc[row, "incl"] - float(tok[3])) < 1e-12
            assert abs(tt.table.loc[row, "PRI"] - float(tok[4])) < 1e-12
            seen += 1
    assert seen == 9
    p = minimize(tt, include="?")
    assert np.allclose(p.terms.loc["DEV*~IND", ["inclS", "PRI", "covS", "covU"]].astype(float),
                       [0.814814814814815, 0.720812182741117, 0.284037558685446, 0.193661971830986], atol=1e-12)
    assert np.allclose(p.fit.loc["M1"], [0.85034965034965, 0.81864406779661, 0.713615023474178], atol=1e-12)
    i = minimize(tt, include="?", dir_exp="DEV:STB")
    assert np.allclose(i.terms.loc["DEV*URB*LIT*STB", ["inclS", "PRI", "covS", "covU"]].astype(float),
                       [0.900677200902935, 0.878787878787879, 0.46830985915493, 0.377934272300469], atol=1e-12)
    assert np.allclose(i.fit.loc["M1"], [0.865947611710324, 0.838589981447125, 0.65962441314554], atol=1e-12)
