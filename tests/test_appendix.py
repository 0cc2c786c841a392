"""The coded-case appendix: every shipped case in every format read back cell by cell, escaping
on hostile labels, optional columns of the data model, and the command line."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pandas as pd
import pytest

import kaede
from kaede.cli import main
from kaede.views.appendix import FORMATS, SECTIONS, appendix, appendix_tables, md_escape, tex_escape

CASES = kaede.list_cases()
HOSTILE = r"R&D | 100% _x_ #1 $5 ~a ^b \c {d} *e* `f` [g](h) <i>"


# --------------------------------------------------------------------------- readers (inverse of the writers)
def md_cells(line: str) -> list[str]:
    """Split a Markdown table row on unescaped pipes and undo md_escape."""
    assert line.startswith("| ") and line.endswith(" |"), line
    cells, cur, i = [], "", 1
    body = line[1:-1]
    while i <= len(body):
        ch = body[i - 1]
        if ch == "\\":
            cur += body[i]
            i += 2
            continue
        if ch == "|":
            cells.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    cells.append(cur)
    return [c[1:-1] if c.startswith(" ") and c.endswith(" ") else c.strip() for c in cells]


_TEX_UNESCAPE = [(r"\allowbreak{}", ""), (r"\textasciitilde{}", "~"), (r"\textasciicircum{}", "^"),
                 (r"\textbackslash{}", "\\")] + [(f"\\{c}", c) for c in "&%$#_{}"]


def tex_unescape(cell: str) -> str:
    m = re.fullmatch(r"\\texttt\{(.*)\}", cell)
    if m:
        cell = m.group(1)
    out, i = "", 0
    while i < len(cell):
        for esc, ch in _TEX_UNESCAPE:
            if cell.startswith(esc, i):
                out += ch
                i += len(esc)
                break
        else:
            assert cell[i] not in "&%$#_{}~^\\", f"unescaped {cell[i]!r} in LaTeX cell {cell!r}"
            out += cell[i]
            i += 1
    return out


def tex_cells(line: str) -> list[str]:
    assert line.endswith(r" \\"), line
    return [tex_unescape(c) for c in re.split(r"(?<!\\) & ", line[:-3])]


def _flat(frame: pd.DataFrame) -> list[list[str]]:
    return [[re.sub(r"\s*[\r\n]+\s*", " ", v) for v in row] for row in frame.astype(str).values.tolist()]


def md_sections(text: str) -> dict[str, list[list[str]]]:
    out, current = {}, None
    titles = {f"{en} / {da}": table for table, _, da, en in SECTIONS}
    for line in text.splitlines():
        m = re.match(r"## \d+\. (.*) \(\d+\)$", line)
        if m:
            current = titles[m.group(1)]
            out[current] = []
        elif current and line.startswith("| "):
            out[current].append(md_cells(line))
    return {t: rows[1:] for t, rows in out.items()}  # drop header rows


def tex_sections(text: str) -> dict[str, list[list[str]]]:
    out, current, in_body = {}, None, False
    titles = {f"{en} / {da}": table for table, _, da, en in SECTIONS}
    for line in text.splitlines():
        m = re.match(r"\\subsection\*\{\d+\. (.*) \(\d+\)\}$", line)
        if m:
            current, in_body = titles[m.group(1)], False
            out[current] = []
        elif line == r"\endhead":
            in_body = True
        elif line == r"\bottomrule":
            in_body = False
        elif in_body:
            out[current].append(tex_cells(line))
    return out


# --------------------------------------------------------------------------- every shipped case, every format
@pytest.fixture(scope="module", params=CASES)
def case(request):
    return kaede.load_case(request.param)


def test_tables_hold_every_row_and_its_sources(case):
    t = appendix_tables(case)
    for table, key, _, _ in SECTIONS:
        assert list(t[table][key]) == list(case.tables[table][key].astype(str)), table
    cit = case.citations.dropna(subset=["link_id"])
    for lid, refs in zip(t["links"]["link_id"], t["links"]["sources"]):
        expected = set(cit.loc[cit.link_id == lid, "source_id"])
        assert {r.split(" (")[0] for r in refs.split("; ") if r} == expected, lid
    present = case.links.status == "present"
    assert (t["links"].loc[present.to_numpy(), "strength"] != "").all()
    assert set(t["sources"].columns) >= {"title", "publisher", "url", "date", "perspective"}
    assert set(t["elements"].columns) >= {"label_da", "label_en"}


def test_markdown_reads_back(case):
    text = appendix(case, "md")
    assert text.startswith(f"# Coded case appendix: {md_escape(case.title)} / ")
    tables = appendix_tables(case)
    sections = md_sections(text)
    assert list(sections) == [s[0] for s in SECTIONS]
    for table, rows in sections.items():
        assert rows == _flat(tables[table]), table


def test_latex_reads_back_and_is_balanced(case):
    text = appendix(case, "tex")
    assert text.startswith(r"\documentclass") and text.rstrip().endswith(r"\end{document}")
    tables = appendix_tables(case)
    sections = tex_sections(text)
    assert list(sections) == [s[0] for s in SECTIONS]
    for table, rows in sections.items():
        assert rows == _flat(tables[table]), table
    for env in ("document", "longtable", "landscape"):
        assert text.count(f"\\begin{{{env}}}") == text.count(f"\\end{{{env}}}") >= 1
    unescaped = re.sub(r"\\[{}]", "", text)
    assert unescaped.count("{") == unescaped.count("}")
    fragment = appendix(case, "tex", standalone=False)
    assert r"\documentclass" not in fragment and r"\begin{longtable}" in fragment


def test_csv_zip_reads_back(case):
    data = appendix(case, "csv")
    assert data == appendix(case, "csv")  # reproducible bytes
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    assert names == [f"{case.name}-appendix/README.txt"] + [f"{case.name}-appendix/{t}.csv" for t, *_ in SECTIONS]
    readme = z.read(names[0]).decode("utf-8")
    assert str(case.meta.get("bibliographicCitation", "")) in readme
    tables = appendix_tables(case)
    for table, *_ in SECTIONS:
        back = pd.read_csv(z.open(f"{case.name}-appendix/{table}.csv"), dtype=str, keep_default_na=False)
        assert list(back.columns) == list(tables[table].columns)
        assert back.values.tolist() == tables[table].astype(str).values.tolist(), table


@pytest.mark.parametrize("fmt", FORMATS)
def test_written_to_a_file(case, fmt, tmp_path):
    path = appendix(case, fmt, out=tmp_path / "sub" / f"a.{fmt}")
    assert path.is_file() and path.stat().st_size > 0
    assert not list(path.parent.glob("*.tmp"))
    expected = appendix(case, fmt)
    assert (path.read_bytes() if fmt == "csv" else path.read_text(encoding="utf-8")) == expected


# --------------------------------------------------------------------------- escaping and optional columns
def hostile_case():
    case = kaede.make_case([("council", "council"), ("vision", "vision")],
                           [("council", "vision", "owns", "present", 3)], name="hostile",
                           events=[{"event_id": "e1", "date": "2014-06", "kind": "adoption",
                                    "description_da": HOSTILE, "description_en": "line one\nline two | three"}],
                           participants=[("e1", "council")])
    case.tables["elements"].loc[0, "label_da"] = HOSTILE
    case.tables["elements"].loc[1, "label_en"] = "Vision 50% & more_"
    case.tables["links"].loc[0, "note_en"] = HOSTILE
    case.tables["sources"] = pd.DataFrame(
        [{"source_id": "s1", "title": HOSTILE, "publisher": "A & B", "url": "https://example.org/a_b?x=1&y=2#top%20",
          "date": "2014", "date_note": "", "perspective": "self", "kind": "news", "note": ""}], dtype="string")
    case.tables["citations"] = pd.DataFrame(
        [{"source_id": "s1", "link_id": "l1"}, {"source_id": "s1", "event_id": "e1", "field": "date"}],
        columns=list(case.citations.columns), dtype="string")
    return case


def test_tex_escape_every_special_character():
    assert tex_escape("&%$#_{}~^\\") == (r"\&\%\$\#\_\{\}\textasciitilde{}\textasciicircum{}\textbackslash{}")
    assert tex_unescape(tex_escape(HOSTILE)) == HOSTILE
    assert tex_escape("a\nb") == "a b"


def test_md_escape_pipes_and_markup():
    assert md_escape("a|b") == r"a\|b"
    assert md_cells("| " + md_escape(HOSTILE) + " | x |") == [HOSTILE, "x"]
    assert md_cells("| " + md_escape("ends with \\") + " |") == ["ends with \\"]


@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_hostile_labels_survive(fmt):
    case = hostile_case()
    text = appendix(case, fmt)
    reader = md_sections if fmt == "md" else tex_sections
    back = reader(text)
    tables = appendix_tables(case)
    for table in back:
        assert back[table] == _flat(tables[table]), table
    assert back["elements"][0][3] == HOSTILE
    assert back["sources"][0][3] == "https://example.org/a_b?x=1&y=2#top%20"
    assert back["events"][0][-1] == "line one line two | three"
    assert HOSTILE not in text  # never raw


def test_hostile_labels_in_csv():
    case = hostile_case()
    z = zipfile.ZipFile(io.BytesIO(appendix(case, "csv")))
    events = pd.read_csv(z.open("hostile-appendix/events.csv"), dtype=str, keep_default_na=False)
    assert events.loc[0, "description_da"] == HOSTILE
    assert events.loc[0, "description_en"] == "line one\nline two | three"  # CSV keeps the line break
    assert events.loc[0, "sources"] == "s1 (date)" and events.loc[0, "participants"] == "council"


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed (optional check)")
def test_hostile_latex_compiles(tmp_path):
    path = appendix(hostile_case(), "tex", out=tmp_path / "hostile.tex")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", path.name], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]


def test_optional_columns_of_the_data_model_are_shown_when_present():
    case = hostile_case()
    optional = {"links": ["thread", "date_note"], "elements": ["part_of", "basis", "date_note"],
                "events": ["process", "element_id"], "citations": ["stance"]}
    for table, cols in optional.items():  # as a case before the data model's optional columns
        case.tables[table] = case.tables[table].drop(columns=cols, errors="ignore")
    t = appendix_tables(case)
    for table, cols in optional.items():
        if table != "citations":
            assert not set(cols) & set(t[table].columns), table
    case.tables["links"]["thread"] = pd.array(["vision"], dtype="string")
    case.tables["elements"]["part_of"] = pd.array([pd.NA, "council"], dtype="string")
    case.tables["events"]["process"] = pd.array(["v-vision"], dtype="string")
    case.tables["events"]["element_id"] = pd.array(["vision"], dtype="string")
    case.tables["citations"]["stance"] = pd.array(["contradicts", pd.NA], dtype="string")
    t = appendix_tables(case)
    assert t["links"].loc[0, "thread"] == "vision"
    assert list(t["elements"]["part_of"]) == ["", "council"]
    assert t["events"].loc[0, "process"] == "v-vision" and t["events"].loc[0, "element_id"] == "vision"
    assert t["links"].loc[0, "sources"] == "s1 (contradicts)"
    assert "| thread |" in appendix(case, "md")
    assert r"\textbf{thread}" in appendix(case, "tex")


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown appendix format 'pdf'; expected one of md, tex, csv"):
        appendix(hostile_case(), "pdf")


# --------------------------------------------------------------------------- command line
def test_cli_md_to_stdout(capsys):
    assert main(["appendix", CASES[0]]) == 0
    assert capsys.readouterr().out == appendix(kaede.load_case(CASES[0]), "md")


def test_cli_csv_default_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["appendix", CASES[-1], "--format", "csv"]) == 0
    assert (tmp_path / f"{CASES[-1]}-appendix.zip").is_file()
    assert "written to" in capsys.readouterr().out


def test_cli_tex_out_and_fragment(tmp_path):
    assert main(["appendix", CASES[0], "--format", "tex", "--out", str(tmp_path / "a.tex"), "--fragment"]) == 0
    assert not (tmp_path / "a.tex").read_text(encoding="utf-8").startswith(r"\documentclass")


def test_cli_unknown_case(capsys):
    assert main(["appendix", "no-such-case"]) == 1
    assert "no case 'no-such-case'" in capsys.readouterr().err


def test_latex_columns_fit_the_line_with_every_optional_column():
    from kaede.views.appendix import _COLUMNS
    for table, cols in _COLUMNS.items():
        assert sum(width for _, _, _, width, _ in cols) <= 1.0 + 1e-9, table
