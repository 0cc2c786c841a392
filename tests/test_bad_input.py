"""Bad input gets kaede's own clear error, or is accepted where it is valid.

A corpus generator breaks a small valid package in every way listed in issue 11 (and more), and a
hypothesis fuzz test mutates its bytes at random. For every package: validation never raises,
``load_case`` raises only :class:`~kaede.CaseValidationError`, nothing invalid is accepted
silently, and nothing is read from outside the package (an audit hook watches every ``open``) nor
echoed from there. Counts are printed (run with ``-s``); ``KAEDE_FUZZ_EXAMPLES`` raises the number
of fuzz examples.
"""
from __future__ import annotations

import copy
import csv
import io
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kaede
from kaede.data.schema import TABLES
from kaede.data.validate import MAX_CELL, CaseValidationError, validate_case_folder

from conftest import MINIMAL, write_case

SECRET = "SECRET-OUTSIDE-7f3a"

# ------------------------------------------------------------------ watching reads

_WATCH: dict[str, object] = {"root": None, "hits": []}


def _audit(event: str, args: tuple) -> None:
    root = _WATCH["root"]
    if root is None or event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    try:
        path = os.path.realpath(os.fsdecode(args[0]))
    except (TypeError, ValueError):
        return
    if path.startswith(str(root)):
        _WATCH["hits"].append(path)  # type: ignore[union-attr]


sys.addaudithook(_audit)


def _check(folder: Path, outside: Path) -> tuple[str, object]:
    """Validate and load ``folder``; return ('valid', case) or ('invalid', report), failing the test
    on a raw exception, a read outside the package or an echo of outside contents."""
    _WATCH["root"], _WATCH["hits"] = outside.resolve(), []
    try:
        report = validate_case_folder(folder)
        try:
            case = kaede.load_case(folder)
        except CaseValidationError as e:
            assert not report.valid, "load_case refused what validate accepted"
            assert str(e) == report.format()
            case = None
    finally:
        _WATCH["root"] = None
    assert _WATCH["hits"] == [], f"read outside the package: {_WATCH['hits']}"
    if report.valid:
        assert case is not None
        return "valid", case
    for p in report.problems:
        assert SECRET not in str(p), "an error echoed a file outside the package"
        assert p.file and p.rule and p.message
    return "invalid", report


# ------------------------------------------------------------------ the corpus

Mutation = Callable[[Path, Path], None]


def _sub(file: str, old: bytes, new: bytes) -> Mutation:
    def m(folder: Path, outside: Path) -> None:
        raw = (folder / file).read_bytes()
        assert old in raw, (file, old)
        (folder / file).write_bytes(raw.replace(old, new, 1))
    return m


def _bytes(file: str, fn: Callable[[bytes], bytes]) -> Mutation:
    def m(folder: Path, outside: Path) -> None:
        (folder / file).write_bytes(fn((folder / file).read_bytes()))
    return m


def _symlink_out(file: str) -> Mutation:
    def m(folder: Path, outside: Path) -> None:
        target = outside / f"outside-{file}"
        raw = (folder / file).read_bytes()
        target.write_bytes(raw + (f"\n{SECRET}\n" if not file.endswith(".json") else "").encode())
        (folder / file).unlink()
        (folder / file).symlink_to(target)
    return m


def _symlink_in(file: str) -> Mutation:
    def m(folder: Path, outside: Path) -> None:
        (folder / "sub").mkdir(exist_ok=True)
        shutil.move(folder / file, folder / "sub" / file)
        (folder / file).symlink_to(Path("sub") / file)
    return m


def _dir_instead(file: str) -> Mutation:
    def m(folder: Path, outside: Path) -> None:
        (folder / file).unlink()
        (folder / file).mkdir()
    return m


def _delete(file: str) -> Mutation:
    return lambda folder, outside: (folder / file).unlink()


def _tables(change: Callable[[dict], None]) -> Mutation:
    def m(folder: Path, outside: Path) -> None:
        t = copy.deepcopy(MINIMAL)
        change(t)
        shutil.rmtree(folder)
        write_case(folder, t)
    return m


def _set(table: str, row: int, col: str, value: str) -> Mutation:
    return _tables(lambda t: t[table][row].__setitem__(col, value))


def _json(text: str) -> Mutation:
    return lambda folder, outside: (folder / "datapackage.json").write_text(text, encoding="utf-8")


def _meta_edit(change: Callable[[dict], None]) -> Mutation:
    def m(folder: Path, outside: Path) -> None:
        import json
        d = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        change(d)
        (folder / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")
    return m


def _readme(raw: bytes) -> Mutation:
    return lambda folder, outside: (folder / "README.md").write_bytes(raw)


def corpus() -> Iterator[tuple[str, Mutation, str | None]]:
    """(name, mutation, expected rule or None for valid) for every kind of bad input."""
    for table in TABLES:
        f = f"{table}.csv"
        yield f"{table}-missing", _delete(f), "missing-file"
        yield f"{table}-empty", _bytes(f, lambda b: b""), "blank-header"
        yield f"{table}-latin1", _bytes(f, lambda b: b + "Hørsholm,ø\n".encode("latin-1")), "encoding-error"
        yield f"{table}-nul", _bytes(f, lambda b: b.replace(b"\n", b"\x00\n", 1)), "nul-byte"
        yield f"{table}-bom", _bytes(f, lambda b: b"\xef\xbb\xbf" + b), None
        yield f"{table}-crlf", _bytes(f, lambda b: b.replace(b"\n", b"\r\n")), None
        yield f"{table}-unbalanced-quote", _bytes(f, lambda b: b + b'"x,y\n'), "source-error"
        yield f"{table}-long-cell", _bytes(f, lambda b: b + b'"' + b"x" * (MAX_CELL + 5) + b'"\n'), "cell-too-long"
        yield f"{table}-symlink-outside", _symlink_out(f), "outside-package"
        yield f"{table}-symlink-inside", _symlink_in(f), None
        yield f"{table}-directory", _dir_instead(f), "not-a-file"
        yield f"{table}-bad-header", _bytes(f, lambda b: b"x" + b), "incorrect-header"
        yield f"{table}-blank-row", _bytes(f, lambda b: b + b",,\n"), None  # rule depends on width; must be invalid
    dp = "datapackage.json"
    yield "json-missing", _delete(dp), "missing-file"
    yield "json-malformed", _sub(dp, b'"name"', b"name"), "package-error"
    yield "json-deep", _json("[" * 100_000 + "]" * 100_000), "package-error"
    yield "json-deep-object", _json('{"a":' * 50_000 + "1" + "}" * 50_000), "package-error"
    yield "json-huge-int", _json('{"name": ' + "9" * 5000 + "}"), "package-error"
    yield "json-bom", _bytes(dp, lambda b: b"\xef\xbb\xbf" + b), None
    yield "json-latin1", _bytes(dp, lambda b: b.replace(b"Eksempel Kommune", "Eksempel Kommune ø".encode("latin-1"))), \
        "encoding-error"
    yield "json-nul", _bytes(dp, lambda b: b.replace(b"{", b"{\x00", 1)), "nul-byte"
    yield "json-list", _json("[]"), "package-error"
    yield "json-empty", _json(""), "package-error"
    yield "json-symlink-outside", _symlink_out(dp), "outside-package"
    yield "json-directory", _dir_instead(dp), "not-a-file"
    yield "json-name-number", _meta_edit(lambda d: d.__setitem__("name", 5)), "package-error"
    yield "json-kaede-list", _meta_edit(lambda d: d.__setitem__("kaede", [])), "package-error"
    yield "json-milestone-number", _meta_edit(lambda d: d["kaede"]["milestones"].__setitem__("talk", 2012)), "type-error"
    yield "json-milestones-list", _meta_edit(lambda d: d["kaede"].__setitem__("milestones", ["2012"])), "package-error"
    yield "json-milestone-bad-date", _meta_edit(lambda d: d["kaede"]["milestones"].__setitem__("talk", "2013-02-30")), \
        "date-error"
    yield "json-milestone-9999-12", _meta_edit(lambda d: d["kaede"]["milestones"].__setitem__("far", "9999-12")), None
    yield "json-milestone-bad-name", _meta_edit(lambda d: d["kaede"]["milestones"].__setitem__("Talk Day", "2012")), \
        "package-error"
    yield "json-title-en-number", _meta_edit(lambda d: d["kaede"].__setitem__("title_en", 3)), "type-error"
    yield "json-description-object", _meta_edit(lambda d: d.__setitem__("description", {})), "type-error"
    yield "json-resources-drift", _meta_edit(lambda d: d.__setitem__("resources", [])), "schema-drift"
    yield "readme-latin1", _readme("Hørsholm".encode("latin-1")), "encoding-error"
    yield "readme-nul", _readme(b"a\x00b"), "nul-byte"
    yield "readme-bom", _readme(b"\xef\xbb\xbf# Eksempel\n"), None
    yield "readme-symlink-outside", _symlink_out_readme, "outside-package"
    yield "readme-directory", lambda folder, outside: (folder / "README.md").mkdir(), "not-a-file"
    yield "cell-enum", _set("links", 0, "status", "maybe"), "constraint-error"
    yield "cell-month-13", _set("links", 0, "since", "2014-13"), "date-error"
    yield "cell-feb-30", _set("events", 0, "date", "2014-02-30"), "date-error"
    yield "cell-9999-12", _set("links", 0, "since", "9999-12"), None
    yield "cell-strength-text", _set("links", 0, "strength", "strong"), "type-error"
    yield "cell-whitespace", _set("elements", 0, "label_en", " Council"), "whitespace"
    yield "cell-required-empty", _set("sources", 0, "title", ""), "constraint-error"
    yield "cell-duplicate-id", _tables(lambda t: t["links"].append(dict(t["links"][0]))), "unique-error"
    yield "cell-foreign-key", _set("links", 0, "target", "nowhere"), "foreign-key"
    yield "cell-url", _set("sources", 0, "url", "not a url"), "type-error"
    yield "cell-dollar-label", _set("elements", 0, "label_en", "Council $x^{$"), None
    yield "cell-nul-in-cell", _set("elements", 0, "label_en", "Coun\x00cil"), "nul-byte"


def _symlink_out_readme(folder: Path, outside: Path) -> None:
    target = outside / "outside-README.md"
    target.write_text(f"{SECRET}\nnot part of the package\n", encoding="utf-8")
    (folder / "README.md").symlink_to(target)


CORPUS = list(corpus())


def test_corpus_every_item_gets_a_clear_error_or_is_valid(tmp_path: Path) -> None:
    counts = {"items": 0, "errors as expected": 0, "valid as expected": 0}
    for name, mutate, rule in CORPUS:
        outside = tmp_path / f"outside-{name}"
        outside.mkdir()
        folder = write_case(tmp_path / name)
        mutate(folder, outside)
        verdict, result = _check(folder, outside)
        counts["items"] += 1
        if name.endswith("-blank-row"):
            assert verdict == "invalid", name
            counts["errors as expected"] += 1
            continue
        if rule is None:
            assert verdict == "valid", f"{name}: expected valid\n{getattr(result, 'format', lambda: '')()}"
            counts["valid as expected"] += 1
            if name == "cell-dollar-label":
                import matplotlib
                matplotlib.use("Agg")
                import matplotlib.pyplot as plt

                from kaede.views.plot import plot_chain
                ax = plot_chain(result)
                ax.figure.canvas.draw()
                plt.close("all")
        else:
            assert verdict == "invalid", f"{name}: accepted silently"
            rules = {p.rule for p in result.problems}
            assert rule in rules, f"{name}: expected rule {rule!r}, got {result.format()}"
            counts["errors as expected"] += 1
            if rule in ("source-error", "cell-too-long", "nul-byte", "encoding-error") and name.split("-")[0] in TABLES:
                assert all(p.row is not None for p in result.problems if p.rule == rule), f"{name}: no row given"
    print(f"\nbad-input corpus: {counts}; 0 raw tracebacks, 0 silent acceptances, 0 reads outside the package")
    assert counts["items"] >= 80


def test_the_corpus_covers_every_item_of_the_issue() -> None:
    names = {n for n, _, _ in CORPUS}
    for needed in ("links-symlink-outside", "json-symlink-outside", "readme-symlink-outside", "readme-latin1",
                   "json-deep", "json-milestone-number", "cell-dollar-label", "links-unbalanced-quote",
                   "links-long-cell", "links-nul", "links-bom", "json-bom", "json-milestone-9999-12"):
        assert needed in names


# ------------------------------------------------------------------ fuzzing

_BASE: dict[str, bytes] = {}

_INTERESTING = [b'"', b",", b"\n", b"\r", b"\x00", b"\xff", b"\xef\xbb\xbf", b"-", b"9", b"{", b"[", b"}", b"$",
                b"\\", b" ", b"present", b"unknown", b"99999", b"\xc3", b"2014-02-30", b"\"\"", b"\t"]


def _base_files(tmp: Path) -> dict[str, bytes]:
    if not _BASE:
        folder = write_case(tmp / "base")
        (folder / "README.md").write_text("# Eksempel\n", encoding="utf-8")
        _BASE.update({p.name: p.read_bytes() for p in folder.iterdir()})
    return _BASE


_files = st.sampled_from(sorted(["datapackage.json", "README.md"] + [f"{t}.csv" for t in TABLES]))
_edit = st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.floats(0, 1),
                  st.one_of(st.sampled_from(_INTERESTING), st.binary(min_size=1, max_size=4)), st.integers(1, 6))


def _mutate(raw: bytes, edits: list) -> bytes:
    for kind, where, chunk, span in edits:
        i = int(where * len(raw))
        if kind == "insert":
            raw = raw[:i] + chunk + raw[i:]
        elif kind == "delete":
            raw = raw[:i] + raw[i + span:]
        else:
            raw = raw[:i] + chunk + raw[i + len(chunk):]
    return raw


FUZZ_EXAMPLES = int(os.environ.get("KAEDE_FUZZ_EXAMPLES", "300"))
_FUZZ_COUNTS = {"examples": 0, "valid": 0, "invalid": 0}


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(file=_files, edits=st.lists(_edit, min_size=1, max_size=4))
def test_fuzzed_packages_never_raise_raw_errors(tmp_path_factory, file: str, edits: list) -> None:
    base = _base_files(tmp_path_factory.getbasetemp())
    root = tmp_path_factory.mktemp("fuzz")
    folder, outside = root / "case", root / "outside"
    folder.mkdir()
    outside.mkdir()
    for name, raw in base.items():
        (folder / name).write_bytes(raw)
    (folder / file).write_bytes(_mutate(base[file], edits))
    verdict, result = _check(folder, outside)
    _FUZZ_COUNTS["examples"] += 1
    _FUZZ_COUNTS[verdict] += 1
    if verdict == "valid":
        # not silently accepted: every CSV record the csv module reads is a row of the loaded case
        for table in TABLES:
            text = (folder / f"{table}.csv").read_bytes().decode("utf-8").removeprefix("\ufeff")
            n = sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1
            assert len(result.tables[table]) == n, f"{table}: {n} records read, {len(result.tables[table])} loaded"
    shutil.rmtree(root)


@pytest.fixture(scope="module", autouse=True)
def _report_fuzz_counts():
    yield
    if _FUZZ_COUNTS["examples"]:
        print(f"\nfuzz: {_FUZZ_COUNTS['examples']} mutated packages ({_FUZZ_COUNTS['valid']} valid, "
              f"{_FUZZ_COUNTS['invalid']} with kaede's own error); 0 raw tracebacks, 0 silent acceptances, "
              "0 reads outside the package")
