"""The table schemas of the case base, read once from ``kaede/data/schemas/*.json``.

The JSON files are the single definition of every table; this module exposes them and the
vocabularies (``enum`` constraints) they declare.

Examples
--------
>>> from kaede.data.schema import TABLES, enum_values
>>> TABLES[:3]
('sources', 'elements', 'links')
>>> enum_values("links", "status")
('present', 'absent', 'unknown')
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).with_name("schemas")

#: The tables of a case, in the order they are read (referenced tables first).
TABLES: tuple[str, ...] = (
    "sources", "elements", "links", "visions", "events", "participants", "facts", "citations",
)

#: Tables a case may hold: validated when their file is there, empty when it is not.
OPTIONAL_TABLES: tuple[str, ...] = ("searchlog", "codings")

#: Every table, required then optional.
ALL_TABLES: tuple[str, ...] = TABLES + OPTIONAL_TABLES

#: Pattern of a partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD.
PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


@cache
def _read_schema(table: str) -> str:
    with open(SCHEMA_DIR / f"{table}.json", encoding="utf-8") as f:
        return f.read()


def table_schema(table: str) -> dict[str, Any]:
    """Return the Frictionless Table Schema of ``table`` as a dict (a fresh copy each call).

    Parameters
    ----------
    table : str
        One of :data:`ALL_TABLES`.

    Examples
    --------
    >>> table_schema("links")["primaryKey"]
    ['link_id']
    """
    if table not in ALL_TABLES:
        raise KeyError(f"unknown table {table!r}; expected one of {', '.join(ALL_TABLES)}")
    return json.loads(_read_schema(table))


def field_names(table: str) -> list[str]:
    """Column names of ``table`` in schema order.

    Examples
    --------
    >>> field_names("participants")
    ['event_id', 'element_id', 'note_en']
    """
    return [f["name"] for f in table_schema(table)["fields"]]


def enum_values(table: str, field: str) -> tuple[str, ...]:
    """The allowed values of an enumerated field.

    Examples
    --------
    >>> "council" in enum_values("elements", "role")
    True
    """
    for f in table_schema(table)["fields"]:
        if f["name"] == field:
            return tuple(f.get("constraints", {}).get("enum", ()))
    raise KeyError(f"{table} has no field {field!r}")


def resource_descriptor(table: str) -> dict[str, Any]:
    """The ``resources`` entry of a case's ``datapackage.json`` for ``table``.

    Examples
    --------
    >>> resource_descriptor("events")["path"]
    'events.csv'
    """
    return {
        "name": table,
        "path": f"{table}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema(table),
    }
