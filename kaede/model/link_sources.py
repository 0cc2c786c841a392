"""The sources behind links, as a table (``link_evidence``; re-exported by :mod:`kaede.model.findings`).

Examples
--------
>>> import kaede
>>> c = kaede.load_case("furesoe")
>>> ev = link_evidence(c, c.links.link_id[:2])
>>> "url" in ev.columns
True
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from ..data.datasets import Case


def link_evidence(case: Case, link_ids: Iterable[str], lang: str = "en") -> pd.DataFrame:
    """The given links with their sources: one row per (link, source).

    Columns: ``link_id``, ``from``, ``to`` (element labels in ``lang``), ``relation``, ``status``,
    ``strength``, ``since``, ``basis``, ``note``, ``source_id``, ``title``, ``url``, ``source_date``,
    ``perspective``, ``self_only`` (every source cited for the link is the municipality's own
    account). A link without a source (an unknown link) has one row with empty source columns.
    Placeholder links of roles not on record (ids starting ``~``) are left out.

    Examples
    --------
    >>> import kaede
    >>> c = kaede.load_case("furesoe")
    >>> list(link_evidence(c, c.links.link_id[:1]).columns)[-1]
    'self_only'
    """
    ids = [i for i in dict.fromkeys(link_ids) if not str(i).startswith("~")]
    links = case.links.set_index("link_id").loc[ids].reset_index()
    labels = case.elements.set_index("element_id")[f"label_{lang}"]
    links["from"] = links["source"].map(labels)
    links["to"] = links["target"].map(labels)
    links["note"] = links[f"note_{lang}"]
    cit = case.citations.loc[case.citations["link_id"].notna(), ["link_id", "source_id"]].drop_duplicates()
    src = case.sources[["source_id", "title", "url", "date", "perspective"]].rename(columns={"date": "source_date"})
    out = links.merge(cit, on="link_id", how="left").merge(src, on="source_id", how="left")
    if "self_only" in links.columns:
        flag = links.set_index("link_id")["self_only"]
    else:
        persp = out.groupby("link_id")["perspective"].agg(lambda p: bool(p.notna().all() and (p == "self").all() and len(p)))
        flag = persp
    out["self_only"] = out["link_id"].map(flag).astype("boolean")
    return out[["link_id", "from", "to", "relation", "status", "strength", "since", "basis", "note",
                "source_id", "title", "url", "source_date", "perspective", "self_only"]]
