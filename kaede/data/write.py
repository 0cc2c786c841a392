"""Write a case package so that no reader ever sees half of it: :func:`write_case`.

Every writer in kaede (the what-if save, :func:`~kaede.new_case`, the benchmark generator, the
tests) goes through :func:`write_case`. It writes the package into a hidden temporary folder
beside the target (``.<name>.kaede-tmp-…``, which :func:`~kaede.list_cases` never lists),
validates it there, and only then renames it into place in one step:

- a write that is killed leaves at most a hidden temporary folder, never a case;
- a package that fails validation is removed and :class:`~kaede.CaseValidationError` raised;
- of several writers racing to one new target exactly one wins; the others get
  :class:`CaseExistsError` and leave nothing behind;
- an overwrite moves the old package aside (``.<name>.kaede-tmp-old-…``) and the new one into
  place, under a lock; if it is killed between the two, the next :func:`~kaede.load_case`,
  :func:`~kaede.list_cases` or :func:`write_case` for that name puts the old package back
  (:func:`recover_overwrite`), so the name always holds the old or the new package, whole.

Examples
--------
>>> import tempfile, pathlib, kaede
>>> home = pathlib.Path(tempfile.mkdtemp())
>>> case = kaede.load_case(kaede.list_cases()[0])
>>> path = write_case(case.tables, case.meta, home / "copy", readme=case.description)
>>> kaede.list_cases(data_home=home)
['copy']
>>> write_case(case.tables, case.meta, home / "copy")
Traceback (most recent call last):
...
kaede.data.write.CaseExistsError: ...copy already exists; nothing was written (choose another folder, or pass overwrite=True)
"""
from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import secrets
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .package import canonical_resources
from .schema import ALL_TABLES, DERIVED_COLUMNS, OPTIONAL_TABLES, TABLES, field_names

#: Marker in the names of the hidden folders a write in progress uses.
TMP_MARKER = ".kaede-tmp-"

#: Marker in the name of the hidden folder an overwrite moves the old package to.
ASIDE_MARKER = f"{TMP_MARKER}old-"


class CaseWriteError(OSError):
    """A case package could not be written; nothing was left at the target."""


class CaseExistsError(CaseWriteError, FileExistsError):
    """The target already exists (or another writer got there first); nothing was written."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    try:
        if value != value:  # NaN
            return ""
    except (TypeError, ValueError):
        pass
    if type(value).__name__ == "NAType":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(table: str, data: Any) -> list[list[str]]:
    """The rows of one table as lists of cells in schema order."""
    names = field_names(table)
    if hasattr(data, "columns") and hasattr(data, "itertuples"):  # a DataFrame
        extra = [c for c in data.columns if c not in names and c not in DERIVED_COLUMNS.get(table, ())]
        if extra:
            raise ValueError(f"{table}: unexpected column(s) {', '.join(map(str, extra))}; "
                             f"expected the columns {', '.join(names)}")
        cols = [data[n].tolist() if n in data.columns else None for n in names]
        return [[_cell(col[i]) if col is not None else "" for col in cols] for i in range(len(data))]
    out = []
    for pos, row in enumerate(data, start=2):
        if not isinstance(row, Mapping):
            raise TypeError(f"{table}: row {pos} is a {type(row).__name__}; expected a mapping of column to value")
        extra = [k for k in row if k not in names and k not in DERIVED_COLUMNS.get(table, ())]
        if extra:
            raise ValueError(f"{table}: row {pos} has unexpected column(s) {', '.join(map(str, extra))}; "
                             f"expected some of {', '.join(names)}")
        out.append([_cell(row.get(n)) for n in names])
    return out


def _write_file(path: Path, text: str, *, fsync: bool) -> None:
    with open(path, "x", encoding="utf-8", newline="") as f:
        f.write(text)
        if fsync:
            f.flush()
            os.fsync(f.fileno())


def _csv_text(table: str, rows: list[list[str]]) -> str:
    import io
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(field_names(table))
    w.writerows(rows)
    return buf.getvalue()


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _lock(parent: Path, name: str) -> Iterator[None]:
    """An exclusive advisory lock for overwriting ``parent/name`` (POSIX; a no-op elsewhere)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(parent / f".{name}.kaede-lock", "a+") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def write_case(tables: Mapping[str, Any], meta: Mapping[str, Any], target: str | os.PathLike[str], *,
               readme: str | None = None, overwrite: bool = False, validate: bool = True,
               fsync: bool = True) -> Path:
    """Write a case package to ``target`` atomically, validated, or not at all.

    Parameters
    ----------
    tables : mapping of table name to DataFrame or iterable of row dicts
        The tables (``sources``, ``elements``, ...). A required table that is missing is written
        with its header only; an optional table (``searchlog``, ``codings``) is written when it
        has rows. Empty cells are ``None``, ``""`` or ``<NA>``. Derived columns of a loaded
        :class:`~kaede.Case` (``layer``, ``date_precision``, ``self_only``, ``contested``) are
        left out; any other column not in the schema is an error.
    meta : mapping
        The ``datapackage.json`` descriptor without ``resources`` (``name``, ``title``,
        ``kaede`` …). The resources are written from the canonical schemas.
    target : path-like
        The case folder to create. Its name must not start with ``.``.
    readme : str, optional
        Written as ``README.md`` (the case's description).
    overwrite : bool
        Replace an existing case folder (the old one is moved aside and removed only once the
        new one is in place). Default: refuse.
    validate : bool
        Validate before publishing (default). Only the benchmark generator, which writes
        packages known to be valid by construction, may skip it.
    fsync : bool
        Flush every file to disk before the rename (default).

    Returns
    -------
    Path
        ``target``.

    Raises
    ------
    CaseExistsError
        If ``target`` exists (a folder that is not empty, or a file) and ``overwrite`` is false,
        or another writer published it first.
    CaseWriteError
        If the folder cannot be written (the parent is a file, no permission, ...).
    CaseValidationError
        If the package breaks a rule; nothing is left behind.
    """
    from .validate import CaseValidationError, ValidationReport, validate_case_folder

    target = Path(target)
    if not target.name or target.name.startswith("."):
        raise CaseWriteError(f"{target}: a case folder name must not be empty or start with '.'; "
                             "expected a slug such as 'eksempelby'")
    unknown = [t for t in tables if t not in ALL_TABLES]
    if unknown:
        raise ValueError(f"unknown table(s) {', '.join(map(repr, unknown))}; expected some of {', '.join(ALL_TABLES)}")
    rows = {t: _rows(t, tables[t]) if t in tables else [] for t in ALL_TABLES}
    optional = tuple(t for t in OPTIONAL_TABLES if rows[t])
    descriptor = {k: v for k, v in dict(meta).items() if k != "resources"}
    descriptor["resources"] = canonical_resources(optional)
    parent = target.parent
    recover_overwrite(parent, target.name)
    _check_target(target, overwrite)
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CaseWriteError(f"cannot create the folder {parent} for {target.name} ({e.strerror}); "
                             "expected a writable folder") from None
    _remove_stale(parent, target.name)
    tmp = parent / f".{target.name}{TMP_MARKER}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        try:
            tmp.mkdir()
            _write_file(tmp / "datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n",
                        fsync=fsync)
            for table in TABLES + optional:
                _write_file(tmp / f"{table}.csv", _csv_text(table, rows[table]), fsync=fsync)
            if readme is not None:
                _write_file(tmp / "README.md", readme, fsync=fsync)
        except OSError as e:
            raise CaseWriteError(f"cannot write {target} ({e.strerror or e}); nothing was left there") from None
        if validate:
            report = validate_case_folder(tmp)
            if not report.valid:
                raise CaseValidationError(ValidationReport(target, report.problems))
        if fsync:
            _fsync_dir(tmp)
        _publish(tmp, target, overwrite)
        if fsync:
            _fsync_dir(parent)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def _remove_stale(parent: Path, name: str) -> None:
    """Remove the temporary folders of earlier writes to ``parent/name`` whose process is gone
    (a killed write). Never touches another live writer's folder."""
    for p in parent.glob(f".{name}{TMP_MARKER}*"):
        pid = p.name[len(f".{name}{TMP_MARKER}"):].split("-")[0]
        if not pid.isdigit():
            continue  # an overwrite's set-aside copy: left for a person to look at
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(p, ignore_errors=True)
        except OSError:
            pass


def aside_names(parent: str | os.PathLike[str]) -> dict[str, list[str]]:
    """The set-aside copies an interrupted overwrite may have left in ``parent``, by the case name
    they belong to.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> (d / ".odense.kaede-tmp-old-123-ab12cd34").mkdir()
    >>> aside_names(d)
    {'odense': ['.odense.kaede-tmp-old-123-ab12cd34']}
    """
    out: dict[str, list[str]] = {}
    try:
        entries = os.listdir(parent)
    except OSError:
        return out
    for entry in sorted(entries):
        cut = entry.find(ASIDE_MARKER)
        if entry.startswith(".") and cut > 1:
            out.setdefault(entry[1:cut], []).append(entry)
    return out


def recover_overwrite(parent: str | os.PathLike[str], name: str) -> str | None:
    """Finish what an overwrite of ``parent/name`` that was killed left behind.

    An overwrite (:func:`write_case` with ``overwrite=True``) renames the old package aside, the
    new one into place, and then removes the old one, all under a lock on the name. Killed between
    the two renames, it leaves no package under the name and the whole old one aside; killed
    later, it leaves the new package in place and (part of) the old one aside. Under the same lock
    (so never while a live writer is between its renames), this puts the old package back in the
    first case and removes what is left aside in the second. A data home that cannot be written
    is left as it is.

    Parameters
    ----------
    parent : path-like
        The folder holding the case (the data home).
    name : str
        The case folder name.

    Returns
    -------
    str or None
        ``"restored"`` (the old package is back under its name), ``"cleaned"`` (the new one was
        in place; the leftover is removed), or None (nothing to do, or the folder is read-only).

    Examples
    --------
    >>> import tempfile, pathlib, kaede
    >>> home = pathlib.Path(tempfile.mkdtemp())
    >>> case = kaede.load_case(kaede.list_cases()[0])
    >>> _ = write_case(case.tables, case.meta, home / "copy", readme=case.description)
    >>> _ = (home / "copy").rename(home / ".copy.kaede-tmp-old-1-00000000")  # as a killed overwrite leaves it
    >>> recover_overwrite(home, "copy"), kaede.list_cases(data_home=home)
    ('restored', ['copy'])
    """
    parent = Path(parent)
    if name not in aside_names(parent):
        return None
    try:
        with _lock(parent, name):
            return _recover_locked(parent, name)
    except OSError:
        return None


def _recover_locked(parent: Path, name: str) -> str | None:
    """:func:`recover_overwrite` with the lock on ``name`` held."""
    asides = aside_names(parent).get(name, [])
    if not asides:
        return None
    target = parent / name
    done = None
    if not (target / "datapackage.json").is_file() and not target.is_symlink():
        if target.is_dir() and not any(target.iterdir()):
            target.rmdir()
        if not target.exists():
            os.rename(parent / asides[0], target)  # whole: it was renamed aside in one step
            asides = asides[1:]
            done = "restored"
    for aside in asides:
        if (target / "datapackage.json").is_file():
            shutil.rmtree(parent / aside, ignore_errors=True)
            done = done or "cleaned"
    return done


def _check_target(target: Path, overwrite: bool) -> None:
    for p in [target.parent, *target.parent.parents]:
        if p.exists() and not p.is_dir():
            raise CaseWriteError(f"{p} is a file, so {target} cannot be created; expected a folder")
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise CaseExistsError(f"{target} is a file, not a case folder; nothing was written "
                              "(choose a new folder name)")
    if target.is_dir() and any(target.iterdir()) and not overwrite:
        raise CaseExistsError(f"{target} already exists; nothing was written "
                              "(choose another folder, or pass overwrite=True)")


def _publish(tmp: Path, target: Path, overwrite: bool) -> None:
    """Rename the finished package into place: atomic, and refused if another writer won."""
    if not overwrite:
        try:
            os.rename(tmp, target)  # fails if target is a non-empty folder: exactly one writer wins
        except OSError as e:
            if e.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
                raise CaseExistsError(f"{target} already exists; nothing was written "
                                      "(choose another folder, or pass overwrite=True)") from None
            raise CaseWriteError(f"cannot move the new package into {target} ({e.strerror})") from None
        return
    with _lock(target.parent, target.name):
        _recover_locked(target.parent, target.name)
        old = target.parent / f".{target.name}{ASIDE_MARKER}{os.getpid()}-{secrets.token_hex(4)}"
        had_old = target.is_dir() and any(target.iterdir())
        if had_old:
            os.rename(target, old)
        try:
            os.rename(tmp, target)
        except OSError as e:
            if had_old:
                os.rename(old, target)
            raise CaseWriteError(f"cannot move the new package into {target} ({e.strerror})") from None
        if had_old:
            # an aside copy is always whole: rename it to a temporary name before removing it
            trash = target.parent / f".{target.name}{TMP_MARKER}{os.getpid()}-{secrets.token_hex(4)}"
            os.rename(old, trash)
            shutil.rmtree(trash, ignore_errors=True)


def is_write_in_progress(name: str) -> bool:
    """True for the name of a hidden folder a write uses (never a case).

    Examples
    --------
    >>> is_write_in_progress(".odense.kaede-tmp-123-ab12cd34"), is_write_in_progress("odense")
    (True, False)
    """
    return name.startswith(".")

