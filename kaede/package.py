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
