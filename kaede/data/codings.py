"""Coders' codes as rows of the optional ``codings`` table (data model v2).

A coder's sheet (one row per link, with the coder's ``status``, ``strength`` and ``basis``) — or a
shipped ``links.csv`` read as one coder's codes — becomes long rows of ``codings.csv``: one row per
(coder, unit, variable). :func:`write_codings` merges them into a case folder, replacing the rows of
the coders it is given and keeping the others.
"""
from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from kaede.data.schema import field_names

#: The link variables a sheet codes, in the order rows are written.
LINK_VARIABLES: tuple[str, ...] = ("status", "strength", "basis")


def _records(sheet: str | os.PathLike[str] | pd.DataFrame | Iterable[Mapping[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    if isinstance(sheet, (str, os.PathLike)):
        path = Path(sheet)
        with path.open(encoding="utf-8", newline="") as fh:
            return str(path), [dict(r) for r in csv.DictReader(fh)]
    if isinstance(sheet, pd.DataFrame):
        frame = sheet.astype(object).where(sheet.notna(), "")
        return "sheet", [{k: str(v) for k, v in r.items()} for r in frame.to_dict("records")]
    return "sheet", [{k: "" if v is None else str(v) for k, v in r.items()} for r in sheet]


def codings_from_sheet(sheet: str | os.PathLike[str] | pd.DataFrame | Iterable[Mapping[str, Any]], coder: str,
                       coded_on: str, *, id_column: str = "link_id", variables: Iterable[str] = LINK_VARIABLES,
                       note_columns: Iterable[str] = ("note",), unit_table: str = "links") -> list[dict[str, str]]:
    """Turn one coder's sheet of links into rows of ``codings.csv``.

    Parameters
    ----------
    sheet
        A CSV path, a DataFrame or an iterable of mappings with ``id_column`` and one column per
        variable (``status``, ``strength``, ``basis``). A shipped ``links.csv`` is such a sheet.
    coder
        The coder's id (a slug such as ``"c2"``).
    coded_on
        When the codes were given (partial ISO date).
    id_column
        The column naming the unit (``link_id``).
    variables
        The variables to take from the sheet.
    note_columns
        Columns joined (non-empty ones, ``" | "``) into each row's ``note``: the coder's reason.
    unit_table
        The table the units belong to.

    Returns
    -------
    list of dict
        One row per unit and variable with a non-empty code, in the schema's columns. An empty code
        (a strength or basis of a link not coded present) is a missing code and is left out. Each row's
        ``basis`` is the coder's basis for the unit; the coder's note is written once, on the unit's
        first row (its status).

    Raises
    ------
    ValueError
        When a column is missing, a unit id is empty or repeated (naming the sheet row).

    Examples
    --------
    >>> sheet = [{"link_id": "l1", "status": "present", "strength": "2", "basis": "stated", "note": "budget"},
    ...          {"link_id": "l2", "status": "unknown", "strength": "", "basis": "", "note": ""}]
    >>> [(r["unit_id"], r["variable"], r["value"]) for r in codings_from_sheet(sheet, "c2", "2026-11-29")]
    [('l1', 'status', 'present'), ('l1', 'strength', '2'), ('l1', 'basis', 'stated'), ('l2', 'status', 'unknown')]
    """
    name, records = _records(sheet)
    variables = tuple(variables)
    note_columns = tuple(note_columns)
    if records:
        missing = [c for c in (id_column, *variables) if c not in records[0]]
        if missing:
            raise ValueError(f"{name}: column(s) {', '.join(missing)} missing; expected {id_column} and "
                             f"{', '.join(variables)}")
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for i, rec in enumerate(records, start=2):
        unit = (rec.get(id_column) or "").strip()
        if not unit:
            raise ValueError(f"{name}: row {i}: {id_column} is empty; expected a unit id")
        if unit in seen:
            raise ValueError(f"{name}: row {i}: {id_column} {unit!r} repeated; expected one row per unit")
        seen.add(unit)
        note = " | ".join(rec[c].strip() for c in note_columns if (rec.get(c) or "").strip())
        basis = (rec.get("basis") or "").strip()
        for var in variables:
            value = (rec.get(var) or "").strip()
            if value:
                rows.append({"coder": coder, "unit_table": unit_table, "unit_id": unit, "variable": var,
                             "value": value, "coded_on": coded_on, "basis": basis, "note": note})
                note = ""  # the reason is written once, on the unit's first row
    return rows


def write_codings(folder: str | os.PathLike[str], rows: Iterable[Mapping[str, str]]) -> Path:
    """Merge ``rows`` into ``folder/codings.csv``, replacing every earlier row of their coders.

    Rows of other coders are kept. The file is written in the schema's column order, sorted by coder
    and then in the order the rows were given. Run ``kaede sync`` afterwards so that the package
    declares the table.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> rows = codings_from_sheet([{"link_id": "l1", "status": "unknown", "strength": "", "basis": ""}],
    ...                           "c1", "2026-11-27")
    >>> print(write_codings(d, rows).read_text(encoding="utf-8"), end="")
    coder,unit_table,unit_id,variable,value,coded_on,basis,note
    c1,links,l1,status,unknown,2026-11-27,,
    """
    folder = Path(folder)
    names = field_names("codings")
    new = [dict(r) for r in rows]
    coders = {r["coder"] for r in new}
    path = folder / "codings.csv"
    old: list[dict[str, str]] = []
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as fh:
            old = [r for r in csv.DictReader(fh) if r["coder"] not in coders]
    merged = old + new
    order = {c: i for i, c in enumerate(sorted({r["coder"] for r in merged}))}
    merged = sorted(merged, key=lambda r: order[r["coder"]])  # stable: keeps the given order per coder
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(names)
    for r in merged:
        w.writerow([r.get(n, "") for n in names])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path
