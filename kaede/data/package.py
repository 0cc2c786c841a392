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

from .schema import TABLES, resource_descriptor


def canonical_resources() -> list[dict[str, Any]]:
    """The ``resources`` list every case package carries, built from ``kaede/schemas``."""
    return [resource_descriptor(t) for t in TABLES]


def sync_package(folder: str | os.PathLike[str]) -> bool:
    """Rewrite ``resources`` in ``folder/datapackage.json`` from the canonical schemas.

    The rest of the descriptor (name, title, licences, ...) is kept as it is.

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
    descriptor["resources"] = canonical_resources()
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
        Where to create the case (must not exist, or be empty).
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
    import shutil
    template = Path(__file__).resolve().parents[2] / "data" / "templates" / "case"
    dest = Path(folder)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} exists and is not empty; choose a new folder")
    shutil.copytree(template, dest, dirs_exist_ok=True)
    path = dest / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor.update({"name": name, "title": title})
    descriptor.setdefault("kaede", {})["title_en"] = title_en or title
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    sync_package(dest)
    return dest
