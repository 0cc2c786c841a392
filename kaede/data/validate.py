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
import functools
import gc
import io
import itertools
import operator
import json
import os
import re
import stat
from dataclasses import dataclass, field
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .dates import parse_partial_date
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


@functools.cache
def _quick_ok(table: str, name: str) -> Any:
    """A fast test that a value of this field is certainly fine (None: always run the full check).

    Only the common case is shortcut; anything it does not accept goes through :func:`_check_value`,
    which gives the message."""
    spec = next(f for f in _schema(table)["fields"] if f["name"] == name)
    c = spec.get("constraints", {})
    if spec.get("type", "string") == "integer":
        lo, hi = c.get("minimum"), c.get("maximum")
        if lo is not None and hi is not None and hi - lo < 100:
            allowed = frozenset(str(i) for i in range(lo, hi + 1))
            return allowed.__contains__
        return None
    if "enum" in c:
        return frozenset(c["enum"]).__contains__
    if spec.get("format") == "uri":
        return re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+").fullmatch
    if c.get("pattern") == PARTIAL_DATE:  # a real date for sure: year 0001-9999, month 01-12, day 01-28
        return _SURE_DATE.fullmatch
    if "pattern" in c:
        return re.compile(c["pattern"]).fullmatch
    return None


#: Partial dates that are certainly real (days 29-31 and year 0000 go through the full check).
_SURE_DATE = re.compile(r"(?!0000)[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|1[0-9]|2[0-8]))?)?")


# --------------------------------------------------------------------------- reading

#: Largest cell the reader accepts (characters); a longer one is reported with its row.
MAX_CELL = 100_000


_REFUSED = "\0refused"


def _inside(folder: Path, fname: str, report: ValidationReport) -> str | None:
    """``folder/fname`` if it is a regular file inside the package; None if there is no such
    file; ``_REFUSED`` (with a problem recorded) if it exists but may not be read. A symbolic link
    that leaves the package is refused without being read, and its target is not named."""
    path = os.path.join(folder, fname)
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISLNK(mode):
        link = Path(path)
        try:
            real = link.resolve(strict=True)
            inside = real.is_relative_to(folder.resolve(strict=True))
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            report.add(fname, None, None, "outside-package",
                       "a symbolic link to a file outside the case folder (not read); expected a regular file "
                       "inside the package")
            return _REFUSED
        regular = link.is_file()
    else:
        regular = stat.S_ISREG(mode)
    if not regular:
        report.add(fname, None, None, "not-a-file", "not a regular file; expected a file")
        return _REFUSED
    return path


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _decode(raw: bytes, fname: str, report: ValidationReport) -> str | None:
    """UTF-8 text of a file without a leading BOM, or None with a problem recorded."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        report.add(fname, line, None, "encoding-error",
                   f"byte 0x{raw[e.start]:02x} at offset {e.start} (line {line}) is not UTF-8; expected the file in UTF-8")
        return None
    text = text.removeprefix("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        line = text[:nul].count("\n") + 1
        report.add(fname, line, None, "nul-byte",
                   f"a NUL byte at line {line}; expected text without NUL (0x00) characters")
        return None
    return text

class Records:
    """The records of one table that was read, held column by column.

    Attributes
    ----------
    names : list of str
        The columns, in schema order.
    columns : dict of str to sequence of str
        The cells of each column (``""`` for an empty cell), one per record.
    rows : sequence of int
        The frictionless row position of each record (the header is row 1).

    Examples
    --------
    >>> r = Records(["a", "b"], {"a": ("x", "y"), "b": ("1", "")}, range(2, 4))
    >>> len(r), r["b"], list(r.iter("a"))
    (2, ('1', ''), [(2, 'x'), (3, 'y')])
    """

    __slots__ = ("names", "columns", "rows", "_distinct")

    def __init__(self, names: list[str], columns: dict[str, Sequence[str]], rows: Sequence[int]):
        self.names, self.columns, self.rows = names, columns, rows
        self._distinct: dict[str, set[str]] = {}

    def distinct(self, name: str) -> set[str]:
        """The distinct values of one column (computed once; do not change the set)."""
        values = self._distinct.get(name)
        if values is None:
            values = self._distinct[name] = set(self.columns[name])
        return values

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, name: str) -> Sequence[str]:
        return self.columns[name]

    def iter(self, *names: str) -> Iterator[tuple[Any, ...]]:
        """(row, value, ...) for every record, with the values of the columns ``names``."""
        return zip(self.rows, *(self.columns[n] for n in names))

    @classmethod
    def empty(cls, names: list[str]) -> "Records":
        """No records."""
        return cls(names, {n: () for n in names}, ())


def _parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def read_table(folder: Path, table: str, report: ValidationReport) -> Records | None:
    """Read one CSV table strictly, recording problems; return its :class:`Records` or None."""
    fname = f"{table}.csv"
    path = _inside(folder, fname, report)
    if path is None:
        report.add(fname, None, None, "missing-file", f"the table {table!r} is missing: expected {fname} in {folder}")
        return None
    if path is _REFUSED:
        return None
    text = _decode(_read_bytes(path), fname, report)
    if text is None:
        return None
    fields = _schema(table)["fields"]
    names = [f["name"] for f in fields]
    old_limit = csv.field_size_limit(MAX_CELL)
    try:
        try:
            rows = _parse_csv(text)
        except csv.Error:
            # read again record by record, to say where the malformed record starts
            rows = []
            reader = csv.reader(io.StringIO(text, newline=""), strict=True)
            try:
                for cells in reader:
                    rows.append(cells)
            except csv.Error as e:
                row = len(rows) + 1
                if "field larger than field limit" in str(e):
                    report.add(fname, row, None, "cell-too-long",
                               f"a cell longer than {MAX_CELL:,} characters (the record ends at line "
                               f"{reader.line_num}); expected shorter cells — check for an unbalanced quote")
                else:
                    report.add(fname, row, None, "source-error",
                               f"malformed CSV in the record starting at row {row} (line {reader.line_num}): {e}; "
                               "expected comma-separated values with balanced quotes")
                return None
            raise AssertionError("the csv module failed once and then read the same text")  # pragma: no cover
    finally:
        csv.field_size_limit(old_limit)
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
    width = len(names)
    del rows[0]
    body = rows
    positions: Sequence[int]
    if all(map(width.__eq__, map(len, body))) and all(map(any, body)):  # the common case, at C speed
        positions = range(2, len(body) + 2)
    else:
        kept, positions = [], []
        for pos, cells in enumerate(body, start=2):
            if len(cells) == width and any(cells):
                kept.append(cells)
                positions.append(pos)
            elif not any(cells):
                report.add(fname, pos, None, "blank-row", "the row is empty; expected a record or no line at all")
            else:
                rule = "extra-cell" if len(cells) > width else "missing-cell"
                report.add(fname, pos, None, rule,
                           f"{len(cells)} cells; expected {width} ({','.join(names)}) — check for an unquoted comma")
        body = kept
    columns = dict(zip(names, zip(*body))) if body else {n: () for n in names}
    return Records(names, columns, positions)


def _column_problems(records: Records, name: str, idx: int, spec: dict[str, Any], required: bool,
                     unique: bool, plain: bool, quick: Any) -> list[tuple[int, int, int, str, str, str]]:
    """Every problem in one column, row by row (the slow path, for a column known to have some)."""
    found: list[tuple[int, int, int, str, str, str]] = []
    cache: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for row, value in records.iter(name):
        if value == "":
            if required:
                found.append((row, idx, 0, name, "constraint-error", "the value is required; expected a non-empty value"))
            continue
        if value != value.strip():
            found.append((row, idx, 1, name, "whitespace", f"{value!r} has leading or trailing spaces; expected them removed"))
        if not plain and not (quick is not None and quick(value)):
            result = cache.get(value, _UNCHECKED)
            if result is _UNCHECKED:
                result = cache[value] = _check_value(value, spec)
            if result:
                found.append((row, idx, 2, name, *result))
        if unique:
            first = seen.setdefault(value, row)
            if first != row:
                found.append((row, idx, 3, name, "unique-error", f"{value!r} repeats row {first}; expected a unique value"))
    return found


@functools.cache
def _schema(table: str) -> dict[str, Any]:
    """The parsed schema of ``table``, shared (read-only) by the checks."""
    return table_schema(table)


_UNCHECKED = object()


@functools.cache
def _canonical(optional: tuple[str, ...]) -> list[dict[str, Any]]:
    """:func:`~kaede.data.package.canonical_resources`, computed once per set of optional tables
    (read-only: only compared)."""
    return canonical_resources(optional)


@functools.cache
def _field_rules(table: str) -> list[tuple[int, str, dict[str, Any], bool, bool, bool, Any]]:
    """Per field of ``table``: (position, name, spec, required, unique, plain, quick test)."""
    out = []
    for idx, spec in enumerate(_schema(table)["fields"]):
        c = spec.get("constraints", {})
        plain = spec.get("type", "string") == "string" and "format" not in spec and not (set(c) & {"enum", "pattern"})
        out.append((idx, spec["name"], spec, bool(c.get("required")), bool(c.get("unique")), plain,
                    _quick_ok(table, spec["name"])))
    return out


#: A pattern simple enough that no match can hold a NUL: literals, groups, quantifiers, and
#: classes of printable ASCII (so whole columns can be matched at once, joined by NUL).
_NUL_FREE_PATTERN = re.compile(r"\^?(?:\[[ -\[\]-~]*\]|[A-Za-z0-9_-]|[*+?|()]|\{[0-9]+(?:,[0-9]*)?\})*\$?")


def _all_match(pattern: str, *, nul_free: bool = False) -> Any:
    """A test that every value of a collection fully matches ``pattern``, run as one regex match
    over the values joined by NUL (no value holds a NUL: the reader refuses them); None when the
    pattern is not simple enough for that to be exact (``nul_free``: known to match no NUL)."""
    if not nul_free and ("[^" in pattern or not _NUL_FREE_PATTERN.fullmatch(pattern)):
        return None
    body = pattern.removeprefix("^").removesuffix("$")
    if "^" in body or "$" in body:
        return None
    joined = re.compile(f"(?:{body})(?:\x00(?:{body}))*").fullmatch
    return lambda values: bool(joined("\x00".join(values))) if values else True


@functools.cache
def _quick_all(table: str, name: str) -> tuple[Any, bool]:
    """A fast test that every value of a collection is certainly fine for this field (None: test
    each value), like :func:`_quick_ok` but for whole columns at C speed; and whether a value it
    accepts certainly has no leading or trailing whitespace."""
    spec = next(f for f in _schema(table)["fields"] if f["name"] == name)
    c = spec.get("constraints", {})
    if spec.get("type", "string") == "integer":
        lo, hi = c.get("minimum"), c.get("maximum")
        if lo is not None and hi is not None and hi - lo < 100:
            return frozenset(str(i) for i in range(lo, hi + 1)).issuperset, True
        return None, False
    if "enum" in c:
        return frozenset(c["enum"]).issuperset, all(v == v.strip() for v in c["enum"])
    if spec.get("format") == "uri":
        return None, False
    if c.get("pattern") == PARTIAL_DATE:
        return _all_match(_SURE_DATE.pattern, nul_free=True), True
    if "pattern" in c:
        test = _all_match(c["pattern"])
        # such a pattern is printable ASCII; the only whitespace it can match is a space it names
        return test, test is not None and " " not in c["pattern"]
    return None, False


@functools.cache
def _table_rules(table: str) -> tuple[list[str], list[str], list[str],
                                      list[tuple[str, dict[str, Any], Any, Any, bool]]]:
    """The fields of ``table`` grouped for :func:`_fields_look_fine`: required, unique, plain
    text (no type, format, vocabulary or pattern), and the rest with their quick tests."""
    rules = _field_rules(table)
    return ([n for _, n, _, r, _, _, _ in rules if r], [n for _, n, _, _, u, _, _ in rules if u],
            [n for _, n, _, _, _, p, _ in rules if p],
            [(n, s, q, *_quick_all(table, n)) for _, n, s, _, _, p, q in rules if not p])


def _fields_look_fine(table: str, records: Records) -> bool:
    """True when no cell of the table breaks its field spec: the same rules as the column by
    column check, judged on whole columns at once (each distinct value once). False sends the
    table through the column by column check, which finds and reports every problem."""
    required, unique, plain, checked = _table_rules(table)
    columns = records.columns
    for name in required:
        if "" in columns[name]:
            return False
    for name in unique:
        if len(records.distinct(name)) != len(records):
            return False
    texts: list[str] = []
    for name, spec, quick, quick_all, clean in checked:
        todo = records.distinct(name) - {""}
        if quick_all is not None and quick_all(todo):
            if not clean:
                texts += todo
            continue
        texts += todo
        for value in todo if quick is None else itertools.filterfalse(quick, todo):
            if _check_value(value, spec):
                return False
    # str.strip returns the very same string when there is nothing to strip
    strip, is_not = str.strip, operator.is_not
    for values in itertools.chain((columns[name] for name in plain), (texts,)):
        if any(map(is_not, values, map(strip, values))):
            return False
    return True


def _check_fields(table: str, records: Records, report: ValidationReport) -> None:
    """Check every cell against its field spec. Each distinct value of a column is checked once;
    problems are reported in row order, then column order."""
    fname = f"{table}.csv"
    found: list[tuple[int, int, int, str, str, str]] = []
    fine = _fields_look_fine(table, records)
    for idx, name, spec, required, unique, plain, quick in () if fine else _field_rules(table):
        values = records[name]
        distinct = records.distinct(name)
        # fast path: check each distinct value once; go row by row only when something is wrong
        bad = (required and "" in distinct) or (unique and len(distinct) != len(values))
        if not bad:
            todo = [v for v in distinct if v]
            # str.strip returns the very same string when there is nothing to strip
            if any(map(operator.is_not, todo, map(str.strip, todo))):
                bad = True
            elif not plain:
                if quick is not None:
                    todo = list(itertools.filterfalse(quick, todo))
                bad = any(_check_value(v, spec) for v in todo)
        if bad:
            found += _column_problems(records, name, idx, spec, required, unique, plain, quick)
    for row, _, _, name, rule, message in sorted(found, key=lambda f: f[:3]):
        report.add(fname, row, name, rule, message)
    pk = _schema(table).get("primaryKey")
    if pk and len(pk) > 1:
        keys = list(zip(*(records[k] for k in pk)))
        if len(set(keys)) != len(keys):
            seen: dict[tuple[str, ...], int] = {}
            for row, key in zip(records.rows, keys):
                if key in seen:
                    report.add(fname, row, None, "primary-key",
                               f"({', '.join(pk)}) = {key} repeats row {seen[key]}; expected a unique combination")
                else:
                    seen[key] = row


def _check_foreign_keys(tables: dict[str, Records], report: ValidationReport) -> None:
    for table, records in tables.items():
        for fk in _schema(table).get("foreignKeys", []):
            (col,) = fk["fields"]
            ref_table = fk["reference"]["resource"] or table  # "" is a reference into the same table
            (ref_col,) = fk["reference"]["fields"]
            if ref_table not in tables:
                continue  # the referenced table is already reported missing or broken
            known = tables[ref_table].distinct(ref_col)
            unknown = records.distinct(col) - known
            unknown.discard("")
            if not unknown:
                continue
            for row, value in records.iter(col):
                if value and value not in known:
                    report.add(f"{table}.csv", row, col, "foreign-key",
                               f"{value!r} is not a {ref_col} in {ref_table}.csv; expected an existing {ref_col}")


def _links_need_a_look(links: Records) -> bool:
    """False when no link can break the row rules of :func:`_check_semantics` (judged on the
    distinct combinations of values, at C speed); True sends the links through row by row."""
    for strength, status in set(zip(links["strength"], links["status"])):
        if (strength and status != "present") or (status == "present" and not strength):
            return True
    for status, basis in set(zip(links["status"], links["basis"])):
        if status in ("present", "absent") and not basis:
            return True
    return any(map(operator.eq, links["source"], links["target"]))


def _dates_need_a_look(firsts: Sequence[str], lasts: Sequence[str]) -> bool:
    """True when some (first, last) pair of partial dates, both given, has last before first (or a
    date that does not parse, which the field checks report)."""
    for first, last in set(zip(firsts, lasts)):
        if first and last:
            try:
                if parse_partial_date(first)[0] > parse_partial_date(last)[1]:
                    return True
            except ValueError:
                pass
    return False


def _check_semantics(tables: dict[str, Records], report: ValidationReport) -> None:
    links = tables.get("links")
    if links is not None and _links_need_a_look(links):
        for row, strength, status, basis, source, target in links.iter("strength", "status", "basis", "source",
                                                                      "target"):
            if strength and status != "present":
                report.add("links.csv", row, "strength", "strength-without-present",
                           f"strength {strength} given for a link whose status is {status!r}; "
                           "expected strength only on present links")
            if status == "present" and not strength:
                report.add("links.csv", row, "strength", "present-without-strength",
                           "a present link has no strength; expected 1, 2 or 3")
            if status in ("present", "absent") and not basis:
                report.add("links.csv", row, "basis", "basis-missing",
                           f"a {status} link has no basis; expected 'stated' or 'inferred'")
            if source and source == target:
                report.add("links.csv", row, "target", "self-link",
                           f"the link runs from {source!r} to itself; expected two different elements")
    _check_v2_semantics(tables, report)
    for table in ("elements", "links", "facts"):
        records = tables.get(table)
        if records is None or not _dates_need_a_look(records["since"], records["until"]):
            continue
        for row, since, until in records.iter("since", "until"):
            try:
                if since and until and parse_partial_date(since)[0] > parse_partial_date(until)[1]:
                    report.add(f"{table}.csv", row, "until", "since-after-until",
                               f"until {until} is before since {since}; expected until on or after since")
            except ValueError:
                pass  # already reported as a date error
    events = tables.get("events")
    if events is not None and _dates_need_a_look(events["date"], events["end"]):
        for row, date, end in events.iter("date", "end"):
            try:
                if end and parse_partial_date(date)[0] > parse_partial_date(end)[1]:
                    report.add("events.csv", row, "end", "since-after-until",
                               f"end {end} is before date {date}; expected end on or after date")
            except ValueError:
                pass
    facts = tables.get("facts")
    if facts is not None:
        for row, status, basis in facts.iter("status", "basis"):
            if status == "known" and not basis:
                report.add("facts.csv", row, "basis", "basis-missing",
                           "a known fact has no basis; expected 'stated' or 'inferred'")
    citations = tables.get("citations")
    if citations is None:
        return
    subject_cols = [citations[c] for c in _CITATION_SUBJECTS]
    given = functools.reduce(lambda acc, col: map(operator.add, acc, map(bool, col)), subject_cols[1:],
                             map(bool, subject_cols[0]))  # per row, how many subjects are given
    one_each = all(map((1).__eq__, given))
    for row, values in zip(citations.rows, zip(*subject_cols)) if not one_each else ():
        if values.count("") != len(_CITATION_SUBJECTS) - 1:
            subjects = [c for c, v in zip(_CITATION_SUBJECTS, values) if v]
            report.add("citations.csv", row, None, "citation-subject",
                       f"{len(subjects)} subjects given ({', '.join(subjects) or 'none'}); expected exactly one of "
                       + ", ".join(_CITATION_SUBJECTS))
    cited = {c: citations.distinct(c) - {""} for c in _CITATION_SUBJECTS}
    for table, (id_col, status_col, statuses) in _NEEDS_CITATION.items():
        records = tables.get(table)
        if records is None:
            continue
        ids = records[id_col]
        if status_col:  # only the rows whose status needs evidence
            ids = itertools.compress(ids, map(frozenset(statuses).__contains__, records[status_col]))
        if not (set(ids) - cited[id_col] - {""}):
            continue
        for row, rid, status in records.iter(id_col, status_col or id_col):
            if status_col and status not in statuses:
                continue
            if rid and rid not in cited[id_col]:
                what = f"{status} " if status_col else ""
                report.add(f"{table}.csv", row, id_col, "no-source",
                           f"{what}{table[:-1]} {rid!r} has no source; expected a row in citations.csv "
                           f"with {id_col}={rid}")


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


def _check_v2_semantics(tables: dict[str, Records], report: ValidationReport) -> None:
    """Rules on the columns and tables of data model v2 (threads, parts, search log, codings)."""
    elements = tables.get("elements") or Records.empty(field_names_of("elements"))
    roles = dict(zip(elements["element_id"], elements["role"]))
    parent = {e: p for e, p in zip(elements["element_id"], elements["part_of"]) if p}
    if parent:
        for row, eid, part_of in elements.iter("element_id", "part_of"):
            if part_of and part_of == eid:
                report.add("elements.csv", row, "part_of", "self-part",
                           f"{eid!r} is given as part of itself; expected another element or empty")
        for row, eid in elements.iter("element_id"):
            seen, node = {eid}, parent.get(eid)
            while node and node not in seen:
                seen.add(node)
                node = parent.get(node)
            if node == eid and parent.get(node) != node:
                report.add("elements.csv", row, "part_of", "part-cycle",
                           f"{eid!r} is, through part_of, part of itself; expected a tree of parts")
    links = tables.get("links") or Records.empty(field_names_of("links"))
    wrong_role = any(t in roles and roles[t] not in THREAD_ROLES for t in links.distinct("thread") if t)
    for row, thread in links.iter("thread") if wrong_role else ():
        if thread and thread in roles and roles[thread] not in THREAD_ROLES:
            report.add("links.csv", row, "thread", "thread-role",
                       f"{thread!r} has role {roles[thread]!r}; expected an element of role "
                       + " or ".join(THREAD_ROLES) + " (the vision or theme the coupling carries)")
    link_status = dict(zip(links["link_id"], links["status"]))
    searchlog = tables.get("searchlog")
    if searchlog is not None:
        for row, link_id, element_id, outcome, next_lead_en in searchlog.iter("link_id", "element_id", "outcome",
                                                                              "next_lead_en"):
            if not link_id and not element_id:
                report.add("searchlog.csv", row, None, "search-subject",
                           "neither link_id nor element_id is given; expected the link or element searched for")
            if outcome == "unknown" and not next_lead_en:
                report.add("searchlog.csv", row, "next_lead_en", "no-next-lead",
                           "a search that left the link unknown names no next lead; expected a named document, "
                           "meeting or archive to try next")
            status = link_status.get(link_id) if link_id else None
            if status is not None:
                if outcome == "unknown" and status != "unknown":
                    report.add("searchlog.csv", row, "outcome", "search-outcome",
                               f"outcome unknown, but link {link_id!r} is coded {status!r}; expected outcome "
                               "'settled' (or the link coded unknown)")
                if outcome == "settled" and status == "unknown":
                    report.add("searchlog.csv", row, "outcome", "search-outcome",
                               f"outcome settled, but link {link_id!r} is still unknown; expected it coded "
                               "present or absent with a citation, or outcome 'unknown'")
    codings = tables.get("codings")
    if codings is None:
        return
    events = tables.get("events") or Records.empty(field_names_of("events"))
    ids = {"links": set(link_status), "events": set(events["event_id"])}
    kinds = _enum("events", "kind")
    for row, unit_table, unit_id, variable, value in codings.iter("unit_table", "unit_id", "variable", "value"):
        # a unit table that is missing or broken is reported already; its ids are not known
        if unit_table in ids and unit_table in tables and unit_id not in ids[unit_table]:
            report.add("codings.csv", row, "unit_id", "foreign-key",
                       f"{unit_id!r} is not an id in {unit_table}.csv; expected an existing unit")
        if variable not in _CODING_VALUES:
            continue  # reported by the vocabulary check
        table, allowed = _CODING_VALUES[variable]
        if table != unit_table:
            report.add("codings.csv", row, "variable", "coding-variable",
                       f"{variable!r} is not coded on {unit_table}; expected it on {table}")
            continue
        if not value:
            continue
        if variable == "kind":
            allowed = kinds
        if variable == "participants":
            bad = [v for v in (x.strip() for x in value.split(";")) if v not in roles]
            if bad:
                report.add("codings.csv", row, "value", "coding-value",
                           f"{', '.join(map(repr, bad))} not in elements.csv; expected element ids separated by ';'")
        elif allowed is not None and value not in allowed:
            report.add("codings.csv", row, "value", "coding-value",
                       f"{value!r} is not a {variable} code; expected one of {', '.join(allowed)}")


@functools.cache
def field_names_of(table: str) -> list[str]:
    """Column names of ``table`` (cached, read-only)."""
    return [f["name"] for f in _schema(table)["fields"]]


@functools.cache
def _enum(table: str, name: str) -> tuple[str, ...]:
    spec = next(f for f in _schema(table)["fields"] if f["name"] == name)
    return tuple(spec["constraints"]["enum"])


@functools.cache
def _canonical_suffix(optional: tuple[str, ...]) -> str:
    """How a descriptor written by kaede ends: ``,\n  "resources": [...]\n}`` with the canonical
    resources, as ``json.dumps(..., indent=2, ensure_ascii=False)`` writes them."""
    text = json.dumps({"name": "", "resources": _canonical(optional)}, ensure_ascii=False, indent=2)
    return text[text.index(',\n  "resources": '):]


_JSON_SPACE = " \t\n\r"


def _canonical_descriptor(text: str, optional: tuple[str, ...]) -> dict[str, Any] | None:
    """The descriptor, when its text ends with the canonical resources exactly as kaede writes
    them (the usual case): only the part before them is parsed, and ``resources`` is set to the
    canonical list (shared and read-only). None otherwise: the caller parses the whole text.

    If ``{members`` + ``}`` is a JSON object, then ``{members`` + ``,"resources": R}`` is the same
    object with ``resources`` R (the last of repeated keys wins in both), so the result is what
    parsing the whole text gives."""
    body = text.rstrip(_JSON_SPACE)
    suffix = _canonical_suffix(optional)
    if not body.endswith(suffix):
        return None
    head = body[: -len(suffix)]
    if head.rstrip(_JSON_SPACE).endswith("{"):
        return None  # "{,"resources"..." is not JSON, though "{}" is
    try:
        descriptor = json.loads(head + "}")
    except (ValueError, RecursionError):
        return None
    if not isinstance(descriptor, dict):
        return None
    descriptor["resources"] = _canonical(optional)
    return descriptor


def _check_descriptor(folder: Path, report: ValidationReport,
                      optional: tuple[str, ...] | None = None) -> dict[str, Any] | None:
    path = _inside(folder, "datapackage.json", report)
    if path is None:
        report.add("datapackage.json", None, None, "missing-file", f"no datapackage.json in {folder}")
        return None
    if path is _REFUSED:
        return None
    text = _decode(_read_bytes(path), "datapackage.json", report)
    if text is None:
        return None
    if optional is None:
        optional = optional_tables_in(folder)
    descriptor = _canonical_descriptor(text, optional)
    canonical = descriptor is not None
    try:
        if descriptor is None:
            descriptor = json.loads(text)
    except json.JSONDecodeError as e:
        report.add("datapackage.json", e.lineno, None, "package-error",
                   f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}; expected a JSON object")
        return None
    except RecursionError:
        report.add("datapackage.json", None, None, "package-error",
                   "JSON nested too deeply to read; expected a descriptor a few levels deep")
        return None
    except ValueError as e:
        report.add("datapackage.json", None, None, "package-error", f"unreadable JSON ({e}); expected a JSON object")
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
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_]*", str(name)):
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
    for key in ("description",):
        if key in descriptor and not isinstance(descriptor[key], str):
            report.add("datapackage.json", None, key, "type-error",
                       f"a {type(descriptor[key]).__name__}; expected a string")
    title_en = kaede_meta.get("title_en")
    if title_en is not None and not isinstance(title_en, str):
        report.add("datapackage.json", None, "kaede.title_en", "type-error",
                   f"a {type(title_en).__name__}; expected a string")
    if not canonical and descriptor.get("resources") != _canonical(optional):
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
) -> tuple[ValidationReport, dict[str, Any] | None, dict[str, Any]]:
    """Check a case folder; return the report, the descriptor and the records read.

    The loader uses this so that each file is read once. The records (a :class:`Records` per
    table read) are only meaningful when ``report.valid``; the text of a checked ``README.md`` is
    under the key ``"__readme__"``. The descriptor's ``resources`` may be shared: do not change it.

    The cyclic garbage collector is paused while the folder is read: the records are acyclic, and
    a collection would only walk the rest of the (possibly large) heap again and again.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _check_case_folder(path)
    finally:
        if paused:
            gc.enable()


def _check_case_folder(
    path: str | os.PathLike[str],
) -> tuple[ValidationReport, dict[str, Any] | None, dict[str, Any]]:
    folder = Path(path)
    if folder.name == "datapackage.json":
        folder = folder.parent
    report = ValidationReport(folder)
    if not folder.is_dir():
        report.add(str(folder), None, None, "missing-file", "no such folder; expected a case folder")
        return report, None, {}
    optional = optional_tables_in(folder)
    descriptor = _check_descriptor(folder, report, optional)
    tables: dict[str, Any] = {}
    readme = _inside(folder, "README.md", report)
    if readme is not None and readme is not _REFUSED:
        text = _decode(_read_bytes(readme), "README.md", report)
        if text is not None:
            tables["__readme__"] = text
    for table in TABLES + optional:
        records = read_table(folder, table, report)
        if records is not None:
            _check_fields(table, records, report)
            tables[table] = records
    checked = {k: v for k, v in tables.items() if k != "__readme__"}
    _check_foreign_keys(checked, report)
    _check_semantics(checked, report)
    return report, descriptor, tables
