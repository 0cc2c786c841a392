r"""The coded case as an appendix for a paper's supplementary material: Markdown, LaTeX or CSV.

Every element, link, vision record, event and fact of a case, each with the ids of the sources
that back it, and the list of sources (title, publisher, URL, date, perspective). Danish and
English labels stand side by side. Optional columns of the data model (``date_note``, ``basis`` and
``part_of`` of elements; ``date_note`` and ``thread`` (what the link carries) of links; ``process`` and ``element_id`` of
events) are shown when the case has them.

Formats
-------
``md``
    One Markdown document, GitHub-flavoured pipe tables; ``|``, ``\``, ``*``, ``_``, `````,
    ``[``, ``]``, ``<`` and ``>`` in the data are backslash-escaped, line breaks become spaces.
``tex``
    A LaTeX document (``standalone=False``: a fragment to ``\input``) of ``longtable`` tables,
    needing the packages ``longtable``, ``booktabs``, ``array`` and ``pdflscape``; the tables
    are set in landscape, each at most the line width. The ten special characters
    ``& % $ # _ { } ~ ^ \`` are escaped.
    UTF-8; compile with pdfLaTeX (2018 or later), XeLaTeX or LuaLaTeX.
``csv``
    A zip archive (one file to attach): ``README.txt`` (case, version, licence, how to cite),
    one UTF-8 CSV per table (``elements.csv``, ``links.csv``, ``visions.csv``, ``events.csv``,
    ``facts.csv``, ``sources.csv``) with a ``sources`` column of source ids. A zip rather than a
    folder, so the appendix is one file to upload; its bytes do not depend on when it was made.

Examples
--------
>>> import kaede
>>> case = kaede.load_case(kaede.list_cases()[0])
>>> md = appendix(case, "md")
>>> md.splitlines()[0].startswith("# Coded case appendix: ")
True
>>> sorted(appendix_tables(case))
['elements', 'events', 'facts', 'links', 'sources', 'visions']
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from ..data.datasets import Case

#: The formats :func:`appendix` writes.
FORMATS: tuple[str, ...] = ("md", "tex", "csv")

#: The sections of the appendix, in order: (table, key column, Danish title, English title).
SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("elements", "element_id", "Elementer", "Elements"),
    ("links", "link_id", "Koblinger", "Links"),
    ("visions", "vision_id", "Visioner", "Vision records"),
    ("events", "event_id", "Begivenheder", "Events"),
    ("facts", "fact_id", "Fakta", "Facts"),
    ("sources", "source_id", "Kilder", "Sources"),
)

# columns of each section: (column in the appendix, column of the case table or None if derived,
# header, LaTeX width as a share of the (landscape) line including the column gaps, optional?)
_COLUMNS: dict[str, list[tuple[str, str | None, str, float, bool]]] = {
    "elements": [("element_id", "element_id", "id", 0.095, False), ("role", "role", "role", 0.08, False),
                 ("layer", "layer", "layer", 0.035, False), ("label_da", "label_da", "label (da)", 0.09, False),
                 ("label_en", "label_en", "label (en)", 0.09, False), ("status", "status", "status", 0.055, False),
                 ("since", "since", "since", 0.065, False), ("until", "until", "until", 0.065, False),
                 ("date_note", "date_note", "date note", 0.06, True), ("basis", "basis", "basis", 0.045, True),
                 ("part_of", "part_of", "part of", 0.06, True),
                 ("sources", None, "sources", 0.1, False), ("note_da", "note_da", "note (da)", 0.08, False),
                 ("note_en", "note_en", "note (en)", 0.08, False)],
    "links": [("link_id", "link_id", "id", 0.095, False), ("source", "source", "from", 0.08, False),
              ("target", "target", "to", 0.08, False), ("relation", "relation", "relation", 0.065, False),
              ("status", "status", "status", 0.055, False), ("strength", "strength", "strength", 0.045, False),
              ("since", "since", "since", 0.065, False), ("until", "until", "until", 0.065, False),
              ("date_note", "date_note", "date note", 0.06, True), ("basis", "basis", "basis", 0.045, False),
              ("thread", "thread", "thread", 0.05, True),
              ("sources", None, "sources", 0.1, False), ("note_da", "note_da", "note (da)", 0.095, False),
              ("note_en", "note_en", "note (en)", 0.095, False)],
    "visions": [("vision_id", "vision_id", "id", 0.09, False), ("element_id", "element_id", "element", 0.08, False),
                ("title", "title", "title", 0.09, False), ("motto", "motto", "motto", 0.08, False),
                ("type", "type", "type", 0.07, False), ("adopted", "adopted", "adopted", 0.065, False),
                ("horizon", "horizon", "horizon", 0.04, False), ("basis", "basis", "basis", 0.045, False),
                ("sources", None, "sources", 0.1, False), ("note_da", "note_da", "note (da)", 0.165, False),
                ("note_en", "note_en", "note (en)", 0.165, False)],
    "events": [("event_id", "event_id", "id", 0.1, False), ("date", "date", "date", 0.065, False),
               ("end", "end", "end", 0.065, False), ("date_note", "date_note", "date note", 0.07, False),
               ("kind", "kind", "kind", 0.07, False), ("vision_id", "vision_id", "vision", 0.07, False),
               ("process", "process", "process", 0.06, True), ("element_id", "element_id", "document", 0.07, True),
               ("participants", None, "participants", 0.1, False),
               ("basis", "basis", "basis", 0.045, False), ("sources", None, "sources", 0.1, False),
               ("description_da", "description_da", "description (da)", 0.09, False),
               ("description_en", "description_en", "description (en)", 0.09, False)],
    "facts": [("fact_id", "fact_id", "id", 0.1, False), ("topic", "topic", "topic", 0.07, False),
              ("element_id", "element_id", "element", 0.08, False), ("status", "status", "status", 0.055, False),
              ("value", "value", "value", 0.08, False), ("value_da", "value_da", "fact (da)", 0.16, False),
              ("value_en", "value_en", "fact (en)", 0.16, False), ("since", "since", "since", 0.065, False),
              ("until", "until", "until", 0.065, False), ("basis", "basis", "basis", 0.045, False),
              ("sources", None, "sources", 0.115, False)],
    "sources": [("source_id", "source_id", "id", 0.14, False), ("title", "title", "title", 0.22, False),
                ("publisher", "publisher", "publisher", 0.12, False), ("url", "url", "URL", 0.24, False),
                ("date", "date", "date", 0.065, False), ("date_note", "date_note", "date note", 0.07, False),
                ("perspective", "perspective", "perspective", 0.07, False), ("kind", "kind", "kind", 0.075, False)],
}

_LEGENDS: dict[str, str] = {
    "elements": "Elements of the governance chain. Layer 0 mandate, 1 direction, 2 translation, 3 instruments, "
                "4 administration, 5 practice. Status: present, absent, or unknown (the record is silent).",
    "links": "Couplings from the upstream element (from) to the downstream one (to). Status: present, absent "
             "(evidence that it is missing) or unknown (no evidence either way). Strength 1 weak, 2 moderate, "
             "3 strong (present links only). Basis: stated by the source, or inferred by the coder.",
    "visions": "Vision artefacts (vision, planning strategy, development strategy, ...).",
    "events": "Dated steps of the vision processes and their surroundings, with the elements taking part.",
    "facts": "Facts about the municipality; unknown means not found in the research.",
    "sources": "Perspective: self (the municipality's or its politicians' own account) or independent "
               "(media, research, third parties), or as the case records it.",
}

_CITED_BY = {"elements": "element_id", "links": "link_id", "visions": "vision_id", "events": "event_id",
             "facts": "fact_id"}


def _text(v: object) -> str:
    if v is None or v is pd.NA:
        return ""
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    return str(v)


def _source_ids(case: Case, subject: str) -> dict[str, str]:
    """Source ids citing each row of ``subject``; a citation for one field is marked ``id (field)``,
    one that contradicts the row ``id (contradicts)``."""
    cit = case.citations
    if subject not in cit.columns:
        return {}
    cit = cit.dropna(subset=[subject])
    out: dict[str, list[str]] = {}
    for _, r in cit.iterrows():
        marks = [m for m in (_text(r.get("field")),
                             "contradicts" if _text(r.get("stance")) == "contradicts" else "") if m]
        ref = f"{r['source_id']} ({', '.join(marks)})" if marks else str(r["source_id"])
        refs = out.setdefault(str(r[subject]), [])
        if ref not in refs:
            refs.append(ref)
    return {k: "; ".join(v) for k, v in out.items()}


def appendix_tables(case: Case) -> dict[str, pd.DataFrame]:
    """The tables of the appendix, as string DataFrames (empty string = empty cell).

    One per section (:data:`SECTIONS`): the case table's columns in appendix order, optional
    columns only where the case has them, plus ``sources`` (ids of the citing sources, joined by
    ``"; "``) and, for events, ``participants`` (element ids).

    Examples
    --------
    >>> import kaede
    >>> t = appendix_tables(kaede.make_case([("council", "council"), ("vision", "vision")],
    ...                                     [("council", "vision", "owns", "present", 3)]))
    >>> t["links"].loc[0, ["link_id", "source", "target", "status", "strength", "sources"]].tolist()
    ['l1', 'council', 'vision', 'present', '3', '']
    """
    out = {}
    for table, key, _, _ in SECTIONS:
        df = case.tables[table]
        cited = _source_ids(case, _CITED_BY[table]) if table in _CITED_BY else {}
        participants = {}
        if table == "events":
            p = case.participants
            participants = {str(e): "; ".join(dict.fromkeys(g["element_id"].astype(str)))
                            for e, g in p.groupby("event_id", sort=False)}
        cols = {}
        for name, src, _, _, optional in _COLUMNS[table]:
            if src is not None and src not in df.columns:
                if optional:
                    continue
                raise KeyError(f"case {case.name!r}: table {table} has no column {src!r}")
            if name == "sources":
                cols[name] = [cited.get(str(k), "") for k in df[key]]
            elif name == "participants":
                cols[name] = [participants.get(str(k), "") for k in df[key]]
            else:
                cols[name] = [_text(v) for v in df[src]]
        out[table] = pd.DataFrame(cols, columns=list(cols), dtype=object)
    return out


def _headers(table: str, frame: pd.DataFrame) -> list[tuple[str, str, float]]:
    spec = {name: (header, width) for name, _, header, width, _ in _COLUMNS[table]}
    return [(name, *spec[name]) for name in frame.columns]


def _meta_lines(case: Case) -> dict[str, str]:
    from .. import __version__
    meta = case.meta
    licences = ", ".join(str(lic.get("name", lic.get("title", ""))) for lic in meta.get("licenses", [])) or "not stated"
    return {"title": f"{case.title} / {case.title_en}", "name": case.name, "version": str(meta.get("version", "")),
            "licence": licences, "citation": str(meta.get("bibliographicCitation", "")), "kaede": __version__}


# ------------------------------------------------------------------------------------ Markdown
_MD_SPECIAL = re.compile(r"([\\|*_`\[\]<>])")


def md_escape(text: object) -> str:
    r"""Escape text for a cell of a Markdown pipe table.

    Examples
    --------
    >>> print(md_escape("a|b *c* <d>\nnext"))
    a\|b \*c\* \<d\> next
    """
    s = re.sub(r"\s*[\r\n]+\s*", " ", _text(text))
    return _MD_SPECIAL.sub(r"\\\1", s)


def _markdown(case: Case, tables: dict[str, pd.DataFrame]) -> str:
    m = _meta_lines(case)
    lines = [f"# Coded case appendix: {md_escape(m['title'])}", "",
             f"Case `{m['name']}`, data version {md_escape(m['version'])}, licence {md_escape(m['licence'])}. "
             f"Generated by kaede {m['kaede']}.", ""]
    if m["citation"]:
        lines += [f"Cite the data as: {md_escape(m['citation'])}", ""]
    for i, (table, _, da, en) in enumerate(SECTIONS, start=1):
        frame = tables[table]
        heads = _headers(table, frame)
        lines += [f"## {i}. {en} / {da} ({len(frame)})", "", md_escape(_LEGENDS[table]), "",
                  "| " + " | ".join(md_escape(h) for _, h, _ in heads) + " |",
                  "|" + "|".join("---" for _ in heads) + "|"]
        for row in frame.itertuples(index=False):
            lines.append("| " + " | ".join(md_escape(v) for v in row) + " |")
        lines.append("")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------ LaTeX
_TEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}
_TEX_RE = re.compile("|".join(re.escape(c) for c in _TEX_SPECIAL))


def tex_escape(text: object) -> str:
    r"""Escape text for LaTeX: the ten special characters, and line breaks as spaces.

    Examples
    --------
    >>> print(tex_escape(r"R&D: 50% of $x_1 #2 {a} ~b ^c \d"))
    R\&D: 50\% of \$x\_1 \#2 \{a\} \textasciitilde{}b \textasciicircum{}c \textbackslash{}d
    """
    s = re.sub(r"\s*[\r\n]+\s*", " ", _text(text))
    return _TEX_RE.sub(lambda mt: _TEX_SPECIAL[mt.group(0)], s)


_BREAK_AFTER = re.compile(r"(/|-|\.|=|\?|\\&|\\_)")


def _tex_cell(text: object, url: bool = False) -> str:
    """A table cell: escaped, with break points after ``_`` (and in URLs after ``/ - . = ? &``)."""
    s = tex_escape(text)
    if url:  # printed as escaped text, not with \url, so no verbatim rules apply in a table cell
        return r"\texttt{" + _BREAK_AFTER.sub(lambda mt: mt.group(0) + r"\allowbreak{}", s) + "}" if s else ""
    return s.replace(r"\_", r"\_\allowbreak{}")


_TEX_PREAMBLE = r"""\documentclass[a4paper,10pt]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[margin=2cm]{geometry}
\usepackage{longtable,booktabs,array,pdflscape}
\begin{document}
"""


def _latex(case: Case, tables: dict[str, pd.DataFrame], standalone: bool) -> str:
    m = _meta_lines(case)
    out = [_TEX_PREAMBLE] if standalone else [
        "% kaede coded-case appendix; needs \\usepackage{longtable,booktabs,array,pdflscape}\n"]
    out.append(f"\\section*{{Coded case appendix: {tex_escape(m['title'])}}}\n")
    out.append(f"Case \\texttt{{{tex_escape(m['name'])}}}, data version {tex_escape(m['version'])}, "
               f"licence {tex_escape(m['licence'])}. Generated by kaede {tex_escape(m['kaede'])}.")
    if m["citation"]:
        out.append(f" Cite the data as: {tex_escape(m['citation'])}")
    out.append("\n")
    for i, (table, _, da, en) in enumerate(SECTIONS, start=1):
        frame = tables[table]
        heads = _headers(table, frame)
        total = sum(w for _, _, w in heads)  # columns the case lacks leave their width to the others
        spec = "".join(f">{{\\raggedright\\arraybackslash\\hspace{{0pt}}}}"
                       f"p{{\\dimexpr {w / total:.3f}\\linewidth-2\\tabcolsep\\relax}}" for _, _, w in heads)
        head = " & ".join(f"\\textbf{{{tex_escape(h)}}}" for _, h, _ in heads) + r" \\"
        body = []
        for row in frame.itertuples(index=False):
            cells = [_tex_cell(v, url=name == "url") for (name, _, _), v in zip(heads, row)]
            body.append(" & ".join(cells) + r" \\")
        block = [f"\\subsection*{{{i}. {tex_escape(en)} / {tex_escape(da)} ({len(frame)})}}",
                 tex_escape(_LEGENDS[table]), "", r"{\scriptsize\setlength{\tabcolsep}{3pt}",
                 f"\\begin{{longtable}}{{{spec}}}", r"\toprule", head, r"\midrule", r"\endhead",
                 *body, r"\bottomrule", r"\end{longtable}", "}"]
        block = [r"\begin{landscape}"] + block + [r"\end{landscape}"]
        out.append("\n".join(block) + "\n")
    if standalone:
        out.append("\\end{document}\n")
    return "\n".join(out)


# ------------------------------------------------------------------------------------ CSV (zip)
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def _csv_zip(case: Case, tables: dict[str, pd.DataFrame]) -> bytes:
    m = _meta_lines(case)
    readme = [f"Coded case appendix: {m['title']}", f"Case {m['name']}, data version {m['version']}, "
              f"licence {m['licence']}. Generated by kaede {m['kaede']}.", ""]
    if m["citation"]:
        readme += [f"Cite the data as: {m['citation']}", ""]
    readme.append("Files (UTF-8 CSV; the column 'sources' lists the ids of the sources in sources.csv that back "
                  "the row, separated by '; '; 'id (field)' backs one field only, 'id (contradicts)' contradicts it):")
    for table, _, da, en in SECTIONS:
        readme.append(f"  {table}.csv  {en} / {da} ({len(tables[table])} rows). {_LEGENDS[table]}")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        def put(name: str, data: str) -> None:
            info = zipfile.ZipInfo(f"{case.name}-appendix/{name}", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8"))
        put("README.txt", "\n".join(readme) + "\n")
        for table, _, _, _ in SECTIONS:
            put(f"{table}.csv", tables[table].to_csv(index=False, lineterminator="\n"))
    return buf.getvalue()


# ------------------------------------------------------------------------------------ entry point
def appendix(case: Case, format: str = "md", *, out: str | os.PathLike[str] | None = None,
             standalone: bool = True) -> str | bytes | Path:
    r"""The coded case as a supplementary-material appendix.

    Parameters
    ----------
    case : Case
    format : {"md", "tex", "csv"}
        Markdown, LaTeX, or a zip of CSV files (see the module notes).
    out : path-like, optional
        Write the appendix to this file and return its path.
    standalone : bool
        LaTeX only: a complete document (default) or a fragment to ``\input``.

    Returns
    -------
    str, bytes or Path
        The Markdown or LaTeX text, the zip archive's bytes, or the path written.

    Examples
    --------
    >>> import io, zipfile, kaede
    >>> case = kaede.load_case(kaede.list_cases()[0])
    >>> r"\begin{longtable}" in appendix(case, "tex")
    True
    >>> names = zipfile.ZipFile(io.BytesIO(appendix(case, "csv"))).namelist()
    >>> names[0].endswith("/README.txt") and len(names) == 7
    True
    """
    if format not in FORMATS:
        raise ValueError(f"unknown appendix format {format!r}; expected one of {', '.join(FORMATS)}")
    tables = appendix_tables(case)
    result: str | bytes
    if format == "md":
        result = _markdown(case, tables)
    elif format == "tex":
        result = _latex(case, tables, standalone)
    else:
        result = _csv_zip(case, tables)
    if out is None:
        return result
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    if isinstance(result, bytes):
        tmp.write_bytes(result)
    else:
        tmp.write_text(result, encoding="utf-8")
    os.replace(tmp, path)
    return path
