"""Read the printed output of R's QCA (tests/fixtures/qca/oracle_examples.out) into plain Python data.

Only what the tests compare is read: truth tables, models, per-term and per-model parameters, cases,
configuration lists (simplifying assumptions, counterfactuals) and pof tables. Numbers stay as the
strings R printed ("0.904"), so a test compares ``f"{x:.3f}"`` with them.
"""
from __future__ import annotations

import re
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "qca"
NUM = re.compile(r"-?\d+\.\d{3}")


def sections(path: Path = FIXTURES / "oracle_examples.out") -> dict[str, list[str]]:
    """Lines of the output under each heading ("########## …" or "## …")."""
    out: dict[str, list[str]] = {}
    current = "preamble"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("##"):
            current = line.lstrip("#").strip()
            out[current] = []
        else:
            out.setdefault(current, []).append(line)
    return out


def truth_table(lines: list[str]) -> dict[int, dict]:
    """Rows of a printed truth table: {row: {values, OUT, n, incl, PRI, cases}}."""
    rows: dict[int, dict] = {}
    ncond = None
    for line in lines:
        tok = line.split()
        if "OUT" in tok and "incl" in tok:
            ncond = tok.index("OUT")
            continue
        if ncond is None or not tok or not tok[0].isdigit():
            continue
        if tok[0].startswith("M") and tok[0].endswith(":"):
            break
        if len(tok) >= ncond + 5 and int(tok[0]) not in rows and all(t.isdigit() for t in tok[1:ncond + 1]):
            rows[int(tok[0])] = {"values": [int(v) for v in tok[1:ncond + 1]], "OUT": tok[ncond + 1],
                                 "n": int(tok[ncond + 2]), "incl": tok[ncond + 3], "PRI": tok[ncond + 4],
                                 "cases": tok[ncond + 5] if len(tok) > ncond + 5 else None}
        elif len(tok) == 2 and int(tok[0]) in rows:
            rows[int(tok[0])]["cases"] = tok[1]
    return rows


def models(lines: list[str]) -> list[list[str]]:
    """The models M1, M2 … as lists of terms (parentheses and the arrow removed)."""
    text, on = [], False
    for line in lines:
        if re.match(r"^(From C\dP\d: )?\s*M\d+:", line.strip()) or re.match(r"^M\d+:", line.strip()):
            on = True
        elif on and not line.strip():
            break
        if on:
            text.append(line.strip())
    joined = " ".join(text)
    parts = re.split(r"M\d+:", joined)[1:]
    out = []
    for p in parts:
        p = re.split(r"<?->", p)[0].replace("(", "").replace(")", "")
        out.append([t.strip() for t in p.split("+") if t.strip()])
    return out


def term_table(lines: list[str]) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    """Per-term parameters {term: {column: printed value}} and per-model rows {M1: [inclS, PRI, covS]}."""
    terms: dict[str, dict[str, str]] = {}
    fits: dict[str, list[str]] = {}
    header = None
    for line in lines:
        if "inclS" in line and header is None:
            header = [(m.group(), m.end()) for m in re.finditer(r"\S+", line)]
            continue
        if header is None:
            continue
        tok = line.split()
        if len(tok) >= 4 and re.fullmatch(r"M\d+", tok[0]) and NUM.fullmatch(tok[1]):
            fits[tok[0]] = tok[1:4]
            continue
        m = re.match(r"^\s*\d+\s+(\S+)\s+(?=\d\.\d{3})", line)
        if not m or m.group(1) in terms:
            continue
        vals: dict[str, str] = {}
        for num in re.finditer(r"(\d\.\d{3}|(?<=\s)-(?=\s))", line[m.end(1):]):
            end = m.end(1) + num.end()
            name = min(header, key=lambda h: abs(h[1] - end))[0]
            if name != "cases":
                vals[name] = num.group()
        rest = re.sub(r"^\s*\d+\s+\S+(\s+(\d\.\d{3}|-))+\s*", "", line).strip()
        if rest and "cases" in [h[0] for h in header]:
            vals["cases"] = rest
        terms[m.group(1)] = vals
    return terms, fits


def case_block(lines: list[str], names: list[str]) -> dict[str, str]:
    """The separate "cases" block R prints for several models: {term: cases}."""
    out: dict[str, str] = {}
    current = None
    started = False
    for line in lines:
        if line.strip() == "cases":
            started = True
            continue
        if not started:
            continue
        tok = line.split()
        if len(tok) >= 3 and tok[1] in names:
            current = tok[1]
            out[current] = " ".join(tok[2:])
        elif current and line.startswith(" ") and tok and not set(line.strip()) <= {"-"}:
            out[current] += " " + " ".join(tok)
        elif set(line.strip()) <= {"-"}:
            current = None
    return out


def configurations(lines: list[str]) -> dict[int, list[int]]:
    """A printed matrix of configurations (row number then values)."""
    out = {}
    for line in lines:
        tok = line.split()
        if len(tok) >= 2 and all(t.isdigit() for t in tok):
            out[int(tok[0])] = [int(t) for t in tok[1:]]
    return out


def pof_tables(lines: list[str]) -> list[dict[str, list[str]]]:
    """The pof / superSubset tables of a section, each {set: [printed values]}."""
    tables, cur = [], None
    for line in lines:
        tok = line.split()
        if tok and tok[0] in ("inclN", "inclS"):
            cur = {}
            tables.append(cur)
            continue
        if cur is None:
            continue
        m = re.match(r"^\s*\d+\s+(.+?)\s+((?:(?:\d\.\d{3}|-)\s*)+)$", line)
        if m:
            cur[m.group(1).strip()] = m.group(2).split()
    return tables
