"""Terms and expressions of set-theoretic comparison: writing, reading and evaluating them.

A *term* (a conjunction, an implicant) over ``n`` conditions is coded as a tuple of ``n`` integers,
as R's QCA package codes them: ``0`` means the condition is not in the term, ``v + 1`` means the
condition takes the value ``v`` (so for a binary condition ``1`` is ``~X`` and ``2`` is ``X``).
An *expression* is a disjunction of terms: ``"DEV*STB + URB*~IND"``; multi-value literals are written
``X[v]`` (or ``X[v1,v2]`` for "any of these values").

Examples
--------
>>> write_term((2, 0, 1), ["A", "B", "C"])
'A*~C'
>>> write_term((3, 1, 0), ["A", "B", "C"], multivalue=True)
'A[2]*B[0]'
>>> import pandas as pd
>>> d = pd.DataFrame({"A": [1, 0.2], "B": [0.7, 0.9]})
>>> evaluate("A*~B + ~A", d).round(2).tolist()
[0.3, 0.8]
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["write_term", "write_expression", "parse_expression", "evaluate", "term_membership", "QCAError"]


class QCAError(ValueError):
    """Bad input to a QCA function; the message says what was expected."""


def write_term(term: Sequence[int], conditions: Sequence[str], *, multivalue: bool = False) -> str:
    """Write a coded term the way R's QCA prints it (``A*~B``, or ``A[1]*B[0]`` for multi-value data)."""
    parts = []
    for code, name in zip(term, conditions):
        if code <= 0:
            continue
        if multivalue:
            parts.append(f"{name}[{code - 1}]")
        else:
            parts.append(name if code == 2 else f"~{name}")
    return "*".join(parts) if parts else "1"


def write_expression(terms: Sequence[Sequence[int]], conditions: Sequence[str], *, multivalue: bool = False) -> str:
    """Write a disjunction of coded terms, joined by ``" + "``."""
    return " + ".join(write_term(t, conditions, multivalue=multivalue) for t in terms)


_LITERAL = re.compile(r"^(~?)\s*([A-Za-z_.][A-Za-z0-9_.]*)\s*(?:\[([0-9,\s]+)\])?$")


def parse_expression(expression: str, conditions: Sequence[str]) -> list[list[tuple[str, bool, tuple[int, ...] | None]]]:
    """Parse ``"A*~B + C[2]"`` into terms of literals ``(name, negated, values or None)``.

    Raises
    ------
    QCAError
        If a literal is malformed or names a column that is not among ``conditions``.
    """
    if not isinstance(expression, str) or not expression.strip():
        raise QCAError(f"expression: expected a text such as 'A*~B + C', got {expression!r}")
    terms = []
    for raw_term in expression.split("+"):
        lits = []
        for raw in raw_term.split("*"):
            m = _LITERAL.match(raw.strip())
            if not m:
                raise QCAError(f"expression {expression!r}: cannot read the literal {raw.strip()!r}; "
                               "expected NAME, ~NAME or NAME[value]")
            neg, name, vals = m.groups()
            if name not in conditions:
                raise QCAError(f"expression {expression!r}: {name!r} is not a column; expected one of {list(conditions)}")
            values = tuple(int(v) for v in vals.split(",")) if vals else None
            lits.append((name, bool(neg), values))
        terms.append(lits)
    return terms


def _literal(x: np.ndarray, negated: bool, values: tuple[int, ...] | None) -> np.ndarray:
    if values is None:
        m = x.astype(float)
    else:
        m = np.isin(x, values).astype(float)
    return 1.0 - m if negated else m


def evaluate(expression: str, data: pd.DataFrame) -> pd.Series:
    """Membership of each row of ``data`` in an expression (fuzzy AND = min, OR = max, NOT = 1 - x).

    A literal without brackets reads the column as a membership score; ``X[v]`` is 1 where the
    column equals ``v``.
    """
    terms = parse_expression(expression, list(data.columns))
    out = np.zeros(len(data))
    for lits in terms:
        t = np.ones(len(data))
        for name, neg, values in lits:
            t = np.minimum(t, _literal(data[name].to_numpy(), neg, values))
        out = np.maximum(out, t)
    return pd.Series(out, index=data.index, name=expression)


def term_membership(terms: np.ndarray, values: np.ndarray, fuzzy: np.ndarray) -> np.ndarray:
    """Membership of each case (rows of ``values``) in each coded term (rows of ``terms``).

    Fuzzy conditions give ``x`` for code 2 and ``1 - x`` for code 1; crisp and multi-value conditions
    give 1 where the value equals ``code - 1``. Returns an array of shape (cases, terms).
    """
    terms = np.atleast_2d(np.asarray(terms))
    n_cases = values.shape[0]
    out = np.ones((n_cases, terms.shape[0]))
    for t, term in enumerate(terms):
        for j, code in enumerate(term):
            if code <= 0:
                continue
            x = values[:, j]
            if fuzzy[j]:
                m = x if code == 2 else 1.0 - x
            else:
                m = (x == code - 1).astype(float)
            np.minimum(out[:, t], m, out=out[:, t])
    return out
