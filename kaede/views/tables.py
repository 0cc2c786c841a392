"""Readable tables of a case for notebooks and reports: overview, facts, visions, events,
what is unknown, and the sources.

Examples
--------
>>> import kaede
>>> overview(kaede.load_cases()).columns.tolist()[:3]
['title', 'sources', 'elements']
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..model.findings import CasesLike, labelled_cases
from ..data.vocab import LAYERS

if TYPE_CHECKING:  # pragma: no cover
    from ..data.datasets import Case


def _sources_col(case: Case, subject: str) -> pd.Series:
    cit = case.citations.dropna(subset=[subject])
    return cit.groupby(subject)["source_id"].agg(lambda s: ", ".join(dict.fromkeys(s)))


def _headers(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Column headers in ``lang`` (English tables keep their column names as they are).

    Examples
    --------
    >>> _headers(pd.DataFrame(columns=["date", "what", "sources"]), "da").columns.tolist()
    ['dato', 'hvad', 'kilder']
    """
    if lang == "en":
        return table
    from .words import header
    return table.rename(columns={c: header(c, lang) for c in table.columns})


def overview(cases: CasesLike) -> pd.DataFrame:
    """One row per case: title and the counts of sources, elements, links by status, events,
    facts and vision records.

    Examples
    --------
    >>> import kaede
    >>> int(overview(kaede.load_case("odense")).loc["odense", "links"]) > 0
    True
    """
    rows = []
    for label, c in labelled_cases(cases):
        n = c.counts()
        rows.append({"case": label, "title": c.title, "sources": n["sources"], "elements": n["elements"],
                     "links": n["links"], "present": n["links_present"], "absent": n["links_absent"],
                     "unknown": n["links_unknown"], "events": n["events"], "facts": n["facts"],
                     "visions": n["visions"]})
    return pd.DataFrame(rows).set_index("case")


def facts_table(case: Case, lang: str = "en") -> pd.DataFrame:
    """The municipality's facts: topic, status, the fact in ``lang``, the period and the sources.

    Examples
    --------
    >>> import kaede
    >>> "mayor" in set(facts_table(kaede.load_case("furesoe")).topic)
    True
    """
    f = case.facts
    out = pd.DataFrame({"topic": f["topic"], "status": f["status"], "fact": f[f"value_{lang}"],
                        "since": f["since"], "until": f["until"], "basis": f["basis"]})
    out["sources"] = f["fact_id"].map(_sources_col(case, "fact_id"))
    return _headers(out.sort_values(["topic", "since"], na_position="first").reset_index(drop=True), lang)


def visions_table(case: Case, lang: str = "en") -> pd.DataFrame:
    """The vision records: title, motto, type, adoption, horizon, outward and inward aspects, sources."""
    v = case.visions
    out = pd.DataFrame({"vision_id": v["vision_id"], "title": v["title"], "motto": v["motto"], "type": v["type"],
                        "adopted": v["adopted"], "horizon": v["horizon"], "outward": v[f"outward_{lang}"],
                        "inward": v[f"inward_{lang}"]})
    out["sources"] = v["vision_id"].map(_sources_col(case, "vision_id"))
    return _headers(out.sort_values("adopted", na_position="first").reset_index(drop=True), lang)


def events_table(case: Case, lang: str = "en", vision_id: str | None = None) -> pd.DataFrame:
    """The events in date order (optionally of one vision's process): date, kind, who took part,
    what happened, sources."""
    e = case.events if vision_id is None else case.events[case.events["vision_id"] == vision_id]
    labels = case.elements.set_index("element_id")[f"label_{lang}"]
    who = case.participants.assign(label=case.participants["element_id"].map(labels)).groupby("event_id")["label"].agg(
        lambda s: "; ".join(s))
    out = pd.DataFrame({"date": e["date"], "kind": e["kind"], "vision_id": e["vision_id"],
                        "participants": e["event_id"].map(who), "what": e[f"description_{lang}"]})
    out["sources"] = e["event_id"].map(_sources_col(case, "event_id"))
    order = out["date"].map(lambda d: (str(d) + "-00-00")[:10])
    return _headers(out.assign(_o=order).sort_values("_o").drop(columns="_o").reset_index(drop=True), lang)


def unknowns_table(case: Case) -> pd.DataFrame:
    """Where the record is silent: unknown links counted by the layers they join, plus unknown
    elements and unknown facts.

    Examples
    --------
    >>> import kaede
    >>> t = unknowns_table(kaede.load_case("hoersholm"))
    >>> int(t.loc["unknown links", "count"]) > 0
    True
    """
    layer = case.elements.set_index("element_id")["layer"]
    u = case.links[case.links["status"] == "unknown"]
    pairs = pd.Series([f"{LAYERS[layer[s]]} → {LAYERS[layer[t]]}" for s, t in zip(u["source"], u["target"])],
                      dtype="object")
    rows = [{"what": "unknown links", "count": len(u)}]
    rows += [{"what": f"  {p}", "count": int(n)} for p, n in pairs.value_counts().sort_index().items()]
    rows.append({"what": "unknown elements", "count": int((case.elements["status"] == "unknown").sum())})
    rows.append({"what": "unknown facts", "count": int((case.facts["status"] == "unknown").sum())})
    return pd.DataFrame(rows).set_index("what")


def sources_table(case: Case) -> pd.DataFrame:
    """The sources, with how many rows each backs, newest first."""
    uses = case.citations["source_id"].value_counts()
    s = case.sources[["source_id", "title", "publisher", "date", "perspective", "kind", "url"]].copy()
    s["cited"] = s["source_id"].map(uses).fillna(0).astype(int)
    return s.sort_values(["date", "source_id"], ascending=[False, True], na_position="last").reset_index(drop=True)


def robust_matrix(table: pd.DataFrame) -> pd.DataFrame:
    """The cross-case matrix with each cell's robustness, from a :func:`kaede.robustness` table.

    Rows are cases (or case × milestone-or-date when the table holds several dates per case), as in
    :func:`kaede.compare`; columns are (rule, field) with fields ``verdict``, ``if_unknown_absent``,
    ``if_unknown_present`` (the bounds), ``fragile``, ``coding_flips`` (how many single changed
    codings flip the cell), ``flip_links``, ``grid_flips`` (another threshold setting flips it) and
    ``threshold_flips``.
    :func:`kaede.views.plot.plot_matrix` draws it with ``robust=``.

    Examples
    --------
    >>> import kaede
    >>> rm = robust_matrix(kaede.robustness(kaede.load_cases(), on="talk"))
    >>> rm.index.tolist() == kaede.list_cases()
    True
    >>> sorted(set(rm.columns.get_level_values(1)))[:3]
    ['coding_flips', 'flip_links', 'fragile']
    """
    fields = ["verdict", "if_unknown_absent", "if_unknown_present", "fragile", "coding_flips", "flip_links",
              "grid_flips", "threshold_flips"]
    t = table.copy()
    rules = list(dict.fromkeys(t["rule"]))
    single = not t.duplicated(["case", "rule"]).any()
    index = ["case"] if single else ["case", "at"]
    if not single:
        t["at"] = t["milestone"].fillna(t["date"]).fillna("all evidence")
    t = t.drop_duplicates(index + ["rule"])
    wide = t.set_index(index + ["rule"])[fields].unstack("rule")
    wide = wide.swaplevel(0, 1, axis=1).reindex(columns=pd.MultiIndex.from_product([rules, fields]))
    order = list(dict.fromkeys(zip(*(t[c] for c in index)))) if not single else list(dict.fromkeys(t["case"]))
    wide = wide.reindex(order)
    wide.columns.names = ["rule", "field"]
    return wide
