"""Check a case folder against the case-base rules and report every problem at once.

The checks cover what ``frictionless validate`` checks for the same package (CSV and JSON syntax,
UTF-8, header, types, required values, patterns, vocabularies, primary and foreign keys) and
kaede's own rules on top (real calendar dates, ``strength`` only on present links, evidence for
every coded row, exactly one subject per citation, ``since`` not after ``until``).

The checker needs only the standard library, so ``kaede validate`` runs before pandas is imported.

Examples
--------
>>> from kaede.data.datasets import case_path
>>> report = validate_case_folder(case_path("hoersholm"))
>>> report.valid
True
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .schema import OPTIONAL_TABLES, PARTIAL_DATE, TABLES, table_schema
from .package import canonical_resources, optional_tables_in

#: Tables whose rows need at least one citation, with the condition on the row.
_NEEDS_CITATION: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # table: (id column, status column or "", statuses that need evidence)
    "links": ("link_id", "status", ("present", "absent")),
    "events": ("event_id", "", ()),
    "facts": ("fact_id", "status", ("known",)),
    "visions": ("vision_id", "", ()),
}
_CITATION_SUBJECTS = ("element_id", "link_id", "event_id", "fact_id", "vision_id")


@dataclass(frozen=True)
class Problem:
    """One problem found in a case folder.

    Attributes
    ----------
    file : str
        The file, relative to the case folder (``links.csv``, ``datapackage.json``).
    row : int or None
        Row position as ``frictionless`` counts it: the header is row 1, the first record row 2.
        None for problems about a whole file.
    column : str or None
        The column (field) name, if the problem is in one column.
    rule : str
        Short name of the rule broken (``enum``, ``foreign-key``, ``strength-without-present`` ...).
    message : str
        What was found and what was expected.
    """

    file: str
    row: int | None
    column: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: [{self.rule}] {self.message}"


@dataclass
class ValidationReport:
    """All problems found in one case folder.

    Attributes
    ----------
    path : Path
        The case folder.
    problems : list of Problem
    """

    path: Path
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def add(self, file: str, row: int | None, column: str | None, rule: str, message: str) -> None:
        """Record a problem."""
        self.problems.append(Problem(file, row, column, rule, message))

    def format(self) -> str:
        """A readable report: one line per problem, or ``VALID``."""
        if self.valid:
            return f"{self.path}: VALID"
        lines = [f"{self.path}: INVALID ({len(self.problems)} problem{'s' * (len(self.problems) != 1)})"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class CaseValidationError(ValueError):
    """Raised when a case folder breaks the rules; carries the full :class:`ValidationReport`."""

    def __init__(self, report: ValidationReport):
        self.report = report
        super().__init__(report.format())


# --------------------------------------------------------------------------- value checks

def parse_partial_date(value: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day a partial ISO date can mean.

    Raises ValueError for a string that is not YYYY, YYYY-MM or YYYY-MM-DD, or not a real date.

    Examples
    --------
    >>> parse_partial_date("2012-10")
    (datetime.date(2012, 10, 1), datetime.date(2012, 10, 31))
    >>> parse_partial_date("2013")[1]
    datetime.date(2013, 12, 31)
    """
    parts = value.split("-")
    if not re.match(PARTIAL_DATE, value):
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    y = int(parts[0])
    if len(parts) == 1:
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    m = int(parts[1])
    if len(parts) == 2:
        if not 1 <= m <= 12:
            raise ValueError(f"{value!r}: month {m} does not exist")
        last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
        return dt.date(y, m, 1), dt.date(y, m, last)
    day = dt.date(y, m, int(parts[2]))  # raises ValueError for 2013-02-30
    return day, day


def _check_value(value: str, spec: dict[str, Any]) -> tuple[str, str] | None:
    """Check one non-empty cell against its field spec; return (rule, message) or None."""
    ftype = spec.get("type", "string")
    c = spec.get("constraints", {})
    if ftype == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", value):
            return "type-error", f"{value!r} is not an integer; expected a whole number"
        n = int(value)
        if "minimum" in c and n < c["minimum"]:
            return "constraint-error", f"{n} is below the minimum; expected at least {c['minimum']}"
        if "maximum" in c and n > c["maximum"]:
            return "constraint-error", f"{n} is above the maximum; expected at most {c['maximum']}"
        return None
    if spec.get("format") == "uri" and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*://\S+", value):
        return "type-error", f"{value!r} is not a URL (expected scheme://host/...)"
    if "enum" in c and value not in c["enum"]:
        return "constraint-error", f"{value!r} is not in the vocabulary: expected one of {', '.join(c['enum'])}"
    if "pattern" in c and not re.fullmatch(c["pattern"], value):
        if c["pattern"] == PARTIAL_DATE:
            return "constraint-error", f"{value!r} is not a partial ISO date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        return "constraint-error", f"{value!r} does not match; expected the pattern {c['pattern']}"
    if c.get("pattern") == PARTIAL_DATE:
        try:
            parse_partial_date(value)
        except ValueError as e:
            return "date-error", f"{e}; expected a real calendar date"
    return None


# --------------------------------------------------------------------------- reading

def read_table(folder: Path, table: str, report: ValidationReport) -> list[dict[str, str]] | None:
    """Read one CSV table strictly, recording problems; return its records (row dicts) or None.

    Each record carries its frictionless row position under the key ``"__row__"``.
    """
    fname = f"{table}.csv"
    path = folder / fname
    if not path.is_file():
        report.add(fname, None, None, "missing-file", f"the table {table!r} is missing: expected {fname} in {folder}")
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        report.add(fname, line, None, "encoding-error",
                   f"byte 0x{raw[e.start]:02x} at offset {e.start} is not UTF-8; expected the file in UTF-8")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    fields = table_schema(table)["fields"]
    names = [f["name"] for f in fields]
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as e:
        report.add(fname, None, None, "source-error", f"malformed CSV: {e}; expected comma-separated values with balanced quotes")
        return None
    if not rows:
        report.add(fname, 1, None, "blank-header", f"the file is empty; expected the header {','.join(names)}")
        return None
    header = rows[0]
    if header != names:
        missing = [n for n in names if n not in header]
        extra = [h for h in header if h not in names]
        detail = []
        if missing:
            detail.append(f"missing {', '.join(missing)}")
        if extra:
            detail.append(f"unexpected {', '.join(extra)}")
        if not detail:
            detail.append("columns out of order")
        hint = ""
        required = {f["name"] for f in fields if f.get("constraints", {}).get("required")}
        if not extra and not (set(missing) & required):
            hint = f" — an older package format: `kaede migrate {folder}` adds the new optional columns"
        report.add(fname, 1, None, "incorrect-header",
                   f"header does not match the schema ({'; '.join(detail)}); expected {','.join(names)}{hint}")
        return None
    records = []
    for pos, cells in enumerate(rows[1:], start=2):
        if not cells or all(c == "" for c in cells):
            report.add(fname, pos, None, "blank-row", "the row is empty; expected a record or no line at all")
            continue
        if len(cells) != len(names):
            rule = "extra-cell" if len(cells) > len(names) else "missing-cell"
            report.add(fname, pos, None, rule,
                       f"{len(cells)} cells; expected {len(names)} ({','.join(names)}) — check for an unquoted comma")
            continue
        rec: dict[str, Any] = dict(zip(names, cells))
        rec["__row__"] = pos
        records.append(rec)
    return records


def _check_fields(table: str, records: list[dict[str, Any]], report: ValidationReport) -> None:
    fname = f"{table}.csv"
    schema = table_schema(table)
    seen_unique: dict[str, dict[str, int]] = {}
    for rec in records:
        for spec in schema["fields"]:
            name = spec["name"]
            value = rec[name]
            c = spec.get("constraints", {})
            if value == "":
                if c.get("required"):
                    report.add(fname, rec["__row__"], name, "constraint-error", "the value is required; expected a non-empty value")
                continue
            if value != value.strip():
                report.add(fname, rec["__row__"], name, "whitespace", f"{value!r} has leading or trailing spaces; expected them removed")
            found = _check_value(value, spec)
            if found:
                report.add(fname, rec["__row__"], name, *found)
            if c.get("unique"):
                first = seen_unique.setdefault(name, {}).setdefault(value, rec["__row__"])
                if first != rec["__row__"]:
                    report.add(fname, rec["__row__"], name, "unique-error",
                               f"{value!r} repeats row {first}; expected a unique value")
    pk = schema.get("primaryKey")
    if pk and len(pk) > 1:
        seen: dict[tuple[str, ...], int] = {}
        for rec in records:
            key = tuple(rec[k] for k in pk)
            if key in seen:
                report.add(fname, rec["__row__"], None, "primary-key",
                           f"({', '.join(pk)}) = {key} repeats row {seen[key]}; expected a unique combination")
            else:
                seen[key] = rec["__row__"]


def _check_foreign_keys(tables: dict[str, list[dict[str, Any]]], report: ValidationReport) -> None:
    for table, records in tables.items():
        for fk in table_schema(table).get("foreignKeys", []):
            (col,) = fk["fields"]
            ref_table = fk["reference"]["resource"] or table  # "" is a reference into the same table
            (ref_col,) = fk["reference"]["fields"]
            if ref_table not in tables:
                continue  # the referenced table is already reported missing or broken
            known = {r[ref_col] for r in tables[ref_table]}
            for rec in records:
                value = rec[col]
                if value and value not in known:
                    report.add(f"{table}.csv", rec["__row__"], col, "foreign-key",
                               f"{value!r} is not a {ref_col} in {ref_table}.csv; expected an existing {ref_col}")


def _check_semantics(tables: dict[str, list[dict[str, Any]]], report: ValidationReport) -> None:
    for rec in tables.get("links", []):
        if rec["strength"] and rec["status"] != "present":
            report.add("links.csv", rec["__row__"], "strength", "strength-without-present",
                       f"strength {rec['strength']} given for a link whose status is {rec['status']!r}; "
                       "expected strength only on present links")
        if rec["status"] == "present" and not rec["strength"]:
            report.add("links.csv", rec["__row__"], "strength", "present-without-strength",
                       "a present link has no strength; expected 1, 2 or 3")
        if rec["status"] in ("present", "absent") and not rec["basis"]:
            report.add("links.csv", rec["__row__"], "basis", "basis-missing",
                       f"a {rec['status']} link has no basis; expected 'stated' or 'inferred'")
        if rec["source"] and rec["source"] == rec["target"]:
            report.add("links.csv", rec["__row__"], "target", "self-link",
                       f"the link runs from {rec['source']!r} to itself; expected two different elements")
    _check_v2_semantics(tables, report)
    for table in ("elements", "links", "facts"):
        for rec in tables.get(table, []):
            since, until = rec.get("since", ""), rec.get("until", "")
            try:
                if since and until and parse_partial_date(since)[0] > parse_partial_date(until)[1]:
                    report.add(f"{table}.csv", rec["__row__"], "until", "since-after-until",
                               f"until {until} is before since {since}; expected until on or after since")
            except ValueError:
                pass  # already reported as a date error
    for rec in tables.get("events", []):
        try:
            if rec["end"] and parse_partial_date(rec["date"])[0] > parse_partial_date(rec["end"])[1]:
                report.add("events.csv", rec["__row__"], "end", "since-after-until",
                           f"end {rec['end']} is before date {rec['date']}; expected end on or after date")
        except ValueError:
            pass
    for rec in tables.get("facts", []):
        if rec["status"] == "known" and not rec["basis"]:
            report.add("facts.csv", rec["__row__"], "basis", "basis-missing",
                       "a known fact has no basis; expected 'stated' or 'inferred'")
    cited: dict[str, set[str]] = {c: set() for c in _CITATION_SUBJECTS}
    for rec in tables.get("citations", []):
        subjects = [c for c in _CITATION_SUBJECTS if rec[c]]
        if len(subjects) != 1:
            report.add("citations.csv", rec["__row__"], None, "citation-subject",
                       f"{len(subjects)} subjects given ({', '.join(subjects) or 'none'}); expected exactly one of "
                       + ", ".join(_CITATION_SUBJECTS))
        for c in subjects:
            cited[c].add(rec[c])
    if "citations" not in tables:
        return
    for table, (id_col, status_col, statuses) in _NEEDS_CITATION.items():
        for rec in tables.get(table, []):
            if status_col and rec[status_col] not in statuses:
                continue
            if rec[id_col] and rec[id_col] not in cited[id_col]:
                what = f"{rec[status_col]} " if status_col else ""
                report.add(f"{table}.csv", rec["__row__"], id_col, "no-source",
                           f"{what}{table[:-1]} {rec[id_col]!r} has no source; expected a row in citations.csv "
                           f"with {id_col}={rec[id_col]}")


#: Roles an element named in ``links.thread`` may have: the threads a coupling can carry.
THREAD_ROLES = ("vision", "theme", "policy")

#: The values each coded variable of ``codings.csv`` may take (an empty value is a missing code).
_CODING_VALUES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "status": ("links", ("present", "absent", "unknown")),
    "strength": ("links", ("1", "2", "3")),
    "basis": ("links", ("stated", "inferred")),
    "kind": ("events", None),  # filled from the events schema
    "participants": ("events", None),  # element ids, checked against elements
    "citizen_mode": ("events", ("input", "invitation", "both", "none")),
}


def _check_v2_semantics(tables: dict[str, list[dict[str, Any]]], report: ValidationReport) -> None:
    """Rules on the columns and tables of data model v2 (threads, parts, search log, codings)."""
    roles = {r["element_id"]: r["role"] for r in tables.get("elements", [])}
    for rec in tables.get("elements", []):
        if rec.get("part_of") and rec["part_of"] == rec["element_id"]:
            report.add("elements.csv", rec["__row__"], "part_of", "self-part",
                       f"{rec['element_id']!r} is given as part of itself; expected another element or empty")
    parent = {r["element_id"]: r.get("part_of") for r in tables.get("elements", []) if r.get("part_of")}
    for rec in tables.get("elements", []):
        seen, node = {rec["element_id"]}, parent.get(rec["element_id"])
        while node and node not in seen:
            seen.add(node)
            node = parent.get(node)
        if node == rec["element_id"] and parent.get(node) != node:
            report.add("elements.csv", rec["__row__"], "part_of", "part-cycle",
                       f"{rec['element_id']!r} is, through part_of, part of itself; expected a tree of parts")
    for rec in tables.get("links", []):
        thread = rec.get("thread", "")
        if thread and thread in roles and roles[thread] not in THREAD_ROLES:
            report.add("links.csv", rec["__row__"], "thread", "thread-role",
                       f"{thread!r} has role {roles[thread]!r}; expected an element of role "
                       + " or ".join(THREAD_ROLES) + " (the vision or theme the coupling carries)")
    link_status = {r["link_id"]: r["status"] for r in tables.get("links", [])}
    for rec in tables.get("searchlog", []):
        subjects = [c for c in ("link_id", "element_id") if rec[c]]
        if not subjects:
            report.add("searchlog.csv", rec["__row__"], None, "search-subject",
                       "neither link_id nor element_id is given; expected the link or element searched for")
        if rec["outcome"] == "unknown" and not rec["next_lead_en"]:
            report.add("searchlog.csv", rec["__row__"], "next_lead_en", "no-next-lead",
                       "a search that left the link unknown names no next lead; expected a named document, "
                       "meeting or archive to try next")
        status = link_status.get(rec["link_id"]) if rec["link_id"] else None
        if status is not None:
            if rec["outcome"] == "unknown" and status != "unknown":
                report.add("searchlog.csv", rec["__row__"], "outcome", "search-outcome",
                           f"outcome unknown, but link {rec['link_id']!r} is coded {status!r}; expected outcome "
                           "'settled' (or the link coded unknown)")
            if rec["outcome"] == "settled" and status == "unknown":
                report.add("searchlog.csv", rec["__row__"], "outcome", "search-outcome",
                           f"outcome settled, but link {rec['link_id']!r} is still unknown; expected it coded "
                           "present or absent with a citation, or outcome 'unknown'")
    ids = {"links": set(link_status), "events": {r["event_id"] for r in tables.get("events", [])}}
    kinds = tuple(table_schema("events")["fields"][[f["name"] for f in table_schema("events")["fields"]].index("kind")]
                  ["constraints"]["enum"])
    for rec in tables.get("codings", []):
        unit_table, variable, value = rec["unit_table"], rec["variable"], rec["value"]
        # a unit table that is missing or broken is reported already; its ids are not known
        if unit_table in ids and unit_table in tables and rec["unit_id"] not in ids[unit_table]:
            report.add("codings.csv", rec["__row__"], "unit_id", "foreign-key",
                       f"{rec['unit_id']!r} is not an id in {unit_table}.csv; expected an existing unit")
        if variable not in _CODING_VALUES:
            continue  # reported by the vocabulary check
        table, allowed = _CODING_VALUES[variable]
        if table != unit_table:
            report.add("codings.csv", rec["__row__"], "variable", "coding-variable",
                       f"{variable!r} is not coded on {unit_table}; expected it on {table}")
            continue
        if not value:
            continue
        if variable == "kind":
            allowed = kinds
        if variable == "participants":
            bad = [v for v in (x.strip() for x in value.split(";")) if v not in roles]
            if bad:
                report.add("codings.csv", rec["__row__"], "value", "coding-value",
                           f"{', '.join(map(repr, bad))} not in elements.csv; expected element ids separated by ';'")
        elif allowed is not None and value not in allowed:
            report.add("codings.csv", rec["__row__"], "value", "coding-value",
                       f"{value!r} is not a {variable} code; expected one of {', '.join(allowed)}")


def _check_descriptor(folder: Path, report: ValidationReport) -> dict[str, Any] | None:
    path = folder / "datapackage.json"
    if not path.is_file():
        report.add("datapackage.json", None, None, "missing-file", f"no datapackage.json in {folder}")
        return None
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        report.add("datapackage.json", None, None, "encoding-error", f"not UTF-8 ({e}); expected UTF-8 JSON")
        return None
    except json.JSONDecodeError as e:
        report.add("datapackage.json", e.lineno, None, "package-error",
                   f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}")
        return None
    if not isinstance(descriptor, dict):
        report.add("datapackage.json", None, None, "package-error", "expected a JSON object")
        return None
    for key in ("name", "title"):
        if not isinstance(descriptor.get(key), str) or not descriptor.get(key):
            report.add("datapackage.json", None, key, "package-error", f"{key!r} is missing; expected a non-empty string")
    kaede_meta = descriptor.get("kaede", {})
    if not isinstance(kaede_meta, dict):
        report.add("datapackage.json", None, "kaede", "package-error", "expected an object")
        kaede_meta = {}
    milestones = kaede_meta.get("milestones", {})
    if not isinstance(milestones, dict):
        report.add("datapackage.json", None, "kaede.milestones", "package-error",
                   "expected an object of milestone names and dates")
        milestones = {}
    for name, value in milestones.items():
        if not re.fullmatch(r"[a-z0-9][a-z0-9_]*", str(name)):
            report.add("datapackage.json", None, f"kaede.milestones.{name}", "package-error",
                       "a milestone name must be a slug of lower-case letters, digits and '_' (e.g. vision_adopted)")
        if not isinstance(value, str):
            report.add("datapackage.json", None, f"kaede.milestones.{name}", "type-error",
                       f"{value!r} is a {type(value).__name__}; expected a partial ISO date as a string, e.g. \"2012-10-08\"")
            continue
        try:
            parse_partial_date(value)
        except ValueError as e:
            report.add("datapackage.json", None, f"kaede.milestones.{name}", "date-error",
                       f"{e}; expected a real partial ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if descriptor.get("resources") != canonical_resources(optional_tables_in(folder)):
        declared = {r.get("name") for r in descriptor.get("resources") or [] if isinstance(r, dict)}
        lacking = sorted(t for t in declared & set(OPTIONAL_TABLES) if not (folder / f"{t}.csv").is_file())
        extra = f" (declared but missing: {', '.join(f'{t}.csv' for t in lacking)})" if lacking else ""
        report.add("datapackage.json", None, "resources", "schema-drift",
                   f"the resources differ from the canonical schemas in kaede/data/schemas{extra}; expected them "
                   f"as written by `kaede sync {folder}`")
    return descriptor


def validate_case_folder(path: str | os.PathLike[str]) -> ValidationReport:
    """Check a case folder and return a report of every problem found.

    Parameters
    ----------
    path : path-like
        The case folder, or its ``datapackage.json``.

    Returns
    -------
    ValidationReport
        ``report.valid`` is True when nothing is wrong; ``report.problems`` lists each problem
        with its file, row, column, rule and what was expected.

    Examples
    --------
    >>> import tempfile
    >>> r = validate_case_folder(tempfile.mkdtemp())
    >>> r.valid, r.problems[0].rule
    (False, 'missing-file')
    """
    return check_case_folder(path)[0]


def check_case_folder(
    path: str | os.PathLike[str],
) -> tuple[ValidationReport, dict[str, Any] | None, dict[str, list[dict[str, Any]]]]:
    """Check a case folder; return the report, the descriptor and the records read.

    The loader uses this so that each file is read once. The records are only meaningful when
    ``report.valid``.
    """
    folder = Path(path)
    if folder.name == "datapackage.json":
        folder = folder.parent
    report = ValidationReport(folder)
    if not folder.is_dir():
        report.add(str(folder), None, None, "missing-file", "no such folder; expected a case folder")
        return report, None, {}
    descriptor = _check_descriptor(folder, report)
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES + optional_tables_in(folder):
        records = read_table(folder, table, report)
        if records is not None:
            _check_fields(table, records, report)
            tables[table] = records
    _check_foreign_keys(tables, report)
    _check_semantics(tables, report)
    return report, descriptor, tables


