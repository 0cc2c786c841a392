"""Write the canonical schemas into a case's ``datapackage.json`` (``kaede sync``).

Examples
--------
>>> import json, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "datapackage.json").write_text('{"name": "x", "title": "X"}', encoding="utf-8")
>>> changed = sync_package(d)
>>> [r["name"] for r in json.loads((d / "datapackage.json").read_text())["resources"]][:2]
['sources', 'elements']
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .schema import ALL_TABLES, OPTIONAL_TABLES, TABLES, resource_descriptor


def canonical_resources(optional: tuple[str, ...] | list[str] = ()) -> list[dict[str, Any]]:
    """The ``resources`` list a case package carries, built from ``kaede/data/schemas``.

    Parameters
    ----------
    optional : sequence of str
        The optional tables (:data:`~kaede.data.schema.OPTIONAL_TABLES`) the package holds.
    """
    unknown = set(optional) - set(OPTIONAL_TABLES)
    if unknown:
        raise KeyError(f"not optional tables: {sorted(unknown)}; expected some of {', '.join(OPTIONAL_TABLES)}")
    return [resource_descriptor(t) for t in ALL_TABLES if t in TABLES or t in optional]


def optional_tables_in(folder: str | os.PathLike[str]) -> tuple[str, ...]:
    """The optional tables whose CSV file is in ``folder``."""
    folder = os.fspath(folder)
    return tuple(t for t in OPTIONAL_TABLES if os.path.isfile(os.path.join(folder, f"{t}.csv")))


def sync_package(folder: str | os.PathLike[str]) -> bool:
    """Rewrite ``resources`` in ``folder/datapackage.json`` from the canonical schemas.

    Optional tables are declared when their CSV file is in the folder. The rest of the descriptor (name, title, licences, ...) is kept as it is.

    Parameters
    ----------
    folder : path-like
        A case folder holding ``datapackage.json``.

    Returns
    -------
    bool
        True if the file changed.
    """
    path = Path(folder) / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    descriptor = json.loads(text)
    descriptor["resources"] = canonical_resources(optional_tables_in(folder))
    new = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def new_case(folder: str | os.PathLike[str], name: str, title: str, *, title_en: str | None = None) -> Path:
    """Start a new case: copy the template package to ``folder`` and name it.

    Parameters
    ----------
    folder : path-like
        Where to create the case (must not exist, or be empty). Written with
        :func:`~kaede.data.write.write_case`: validated, and atomically.
    name : str
        The slug (``"eksempelby"``).
    title : str
        Danish title (``"Eksempelby Kommune"``).
    title_en : str, optional

    Examples
    --------
    >>> import tempfile, kaede
    >>> path = new_case(tempfile.mkdtemp() + "/eksempelby", "eksempelby", "Eksempelby Kommune")
    >>> kaede.validate_case_folder(path).valid
    True
    """
    import csv

    from .datasets import shipped_data
    from .write import write_case
    template = shipped_data() / "templates" / "case"
    descriptor = json.loads((template / "datapackage.json").read_text(encoding="utf-8"))
    descriptor.update({"name": name, "title": title})
    descriptor.setdefault("kaede", {})["title_en"] = title_en or title
    tables = {}
    for table in TABLES:
        with open(template / f"{table}.csv", newline="", encoding="utf-8") as f:
            tables[table] = list(csv.DictReader(f))
    readme = template / "README.md"
    return write_case(tables, descriptor, folder,
                      readme=readme.read_text(encoding="utf-8") if readme.is_file() else None)


def migrate_package(folder: str | os.PathLike[str]) -> list[str]:
    """Bring a case package written in an older format up to the current schemas.

    Each table whose header lacks columns that are optional in the current schema gets them,
    empty, in schema order; then the schemas are synced (:func:`sync_package`). Every file is
    written to a temporary file beside it and renamed into place, so a killed migration leaves
    each file either old or new. A header with an unknown column, or lacking a required one, is
    not touched: :func:`~kaede.data.validate.validate_case_folder` reports it.

    Parameters
    ----------
    folder : path-like
        The case folder.

    Returns
    -------
    list of str
        The files changed.

    Examples
    --------
    >>> import kaede, shutil, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "case"
    >>> _ = shutil.copytree(kaede.data.datasets.case_path(kaede.list_cases()[0]), d)
    >>> migrate_package(d)
    []
    """
    import csv
    import io

    from .schema import field_names, table_schema
    folder = Path(folder)
    changed = []
    for table in TABLES + optional_tables_in(folder):
        path = folder / f"{table}.csv"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
        if not rows:
            continue
        names = field_names(table)
        header = rows[0]
        required = {f["name"] for f in table_schema(table)["fields"] if f.get("constraints", {}).get("required")}
        if header == names or set(header) - set(names) or required - set(header):
            continue
        out = io.StringIO(newline="")
        w = csv.writer(out, lineterminator="\n")
        w.writerow(names)
        for cells in rows[1:]:
            rec = dict(zip(header, cells))
            w.writerow([rec.get(n, "") for n in names])
        tmp = path.with_name(f".{path.name}.migrating")
        tmp.write_text(out.getvalue(), encoding="utf-8")
        os.replace(tmp, path)
        changed.append(path.name)
    if sync_package(folder):
        changed.append("datapackage.json")
    return changed
