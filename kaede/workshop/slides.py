"""The facilitator deck's words, in Danish and English: one language switch (``LANG`` in the deck)
turns every slide, table and picture into the room's language.

Each slide's text is Markdown, kept here rather than in the notebook's Markdown cells, because a
Markdown cell cannot follow a language switch. A facilitator who wants other words edits them here
(or writes a Markdown cell of their own in the deck).

Examples
--------
>>> slide_text("exercise", "da").splitlines()[0]
'## Øvelse: skab kædetræk'
>>> slide_text("exercise", "en").splitlines()[0]
'## Exercise: create chain drive'
"""
from __future__ import annotations

from typing import Any

#: Slide key → (Danish, English) Markdown.
SLIDES: dict[str, tuple[str, str]] = {
    "title": (
        "# Når kæden hopper af\n"
        "Tre former for dekobling mellem en kommunes vision og resten af styringskæden — "
        "og hvad der skaber kædetræk.",
        "# When the chain comes off\n"
        "Three forms of decoupling between a municipality's vision and the rest of the governance "
        "chain — and what creates chain drive.",
    ),
    "question": (
        "## Hvad skal en vision kunne?\n"
        "- fortælle om byens liv — og sætte retning for service og arbejdsformer;\n"
        "- få kæden med: budget, effektmål, mål- og rammeaftaler, tværgående projekter, medarbejdere;\n"
        "- eller svæve over en praksis, der er koblet fra den.",
        "## What should a vision be able to do?\n"
        "- tell of the town's life — and set direction for services and ways of working;\n"
        "- engage the chain: budget, effect goals, agreements, cross-cutting projects, employees;\n"
        "- or float above a practice decoupled from it.",
    ),
    "talk": (
        "## Hørsholm, 8. oktober 2012: aftenen for foredraget\n"
        "Strategi 2011 og en centerorganisation — endnu ingen vision.",
        "## Hørsholm, 8 October 2012: the evening of the talk\n"
        "Strategi 2011 and a centre organisation — no vision yet.",
    ),
    "cycle": (
        "## En budgetcyklus efter visionen: *Hørsholm vil begejstre* (2014–15)\n"
        "Vurderingerne et år efter vedtagelsen: på selve dagen er intet nedstrøms dateret endnu.",
        "## A budget cycle after the vision: *Hørsholm vil begejstre* (2014–15)\n"
        "The verdicts a year after adoption: on the day of adoption nothing downstream is dated yet.",
    ),
    "exercise": (
        "## Øvelse: skab kædetræk\n"
        "Vælg et led, hvor kæden hopper af, sig hvilken dokumentation der ville få det til at holde, og "
        "sæt det. Se vurderingerne og det svageste punkt flytte sig. *Nulstil* begynder forfra; *Gem pakke* "
        "gemmer den ændrede case som en ny datapakke, hver ændring mærket som hvad-nu-hvis, ikke som belæg.",
        "## Exercise: create chain drive\n"
        "Pick a link where the chain comes off, say what evidence would make it hold, and set it. Watch "
        "the verdicts and the weakest point move. *Reset* to start again; *Save* keeps the edited case as a "
        "new data package, each edit marked as a what-if, not as evidence.",
    ),
    "scripted": (
        "### Samme øvelse som script (til referatet af mødet)\n"
        "Styrk koblingerne, hvor kæden hopper af, og se, hvor den så hopper af.",
        "### The same exercise, scripted (for the record of the session)\n"
        "Strengthen the couplings where the chain comes off, and see where it comes off next.",
    ),
    "room": (
        "## Lokalet\n"
        "Deltagerne svarer på deres telefon (`make workshop`); kæden og den case, lokalet ligner mest, "
        "opdateres live.",
        "## The room\n"
        "Participants answer on their phones (`make workshop`); the chain and the case the room resembles "
        "most update live.",
    ),
    "takes": (
        "## Hvad der skal til (foredragets slide 10–11)\n"
        "- fælles ejerskab i kommunalbestyrelsen og tværgående temaer, den styrer efter;\n"
        "- en stærk kobling til direktionen og chefgruppen;\n"
        "- temaerne arbejdet ind i budgetprocessen og aftalerne;\n"
        "- borgerdialog: input *til* visionen, eller visionen som invitation *til* debat.",
        "## What it takes (slides 10–11)\n"
        "- shared ownership in the council, and cross-cutting themes it manages;\n"
        "- a strong coupling to the directorate and the chief group;\n"
        "- the themes worked into the budget process and the agreements;\n"
        "- citizen dialogue: input *to* the vision, or the vision as an invitation *to* debate.",
    ),
}


def slide_text(key: str, lang: str = "da") -> str:
    """The Markdown of slide ``key`` in ``lang`` (``"da"`` or ``"en"``).

    Raises ``KeyError`` naming the slides there are, and ``ValueError`` for another language.
    """
    if key not in SLIDES:
        raise KeyError(f"no slide {key!r}; the deck has: {', '.join(SLIDES)}")
    if lang not in ("da", "en"):
        raise ValueError(f"lang must be 'da' or 'en', not {lang!r}")
    return SLIDES[key][0 if lang == "da" else 1]


def slide(key: str, lang: str = "da") -> Any:
    """Slide ``key`` in ``lang`` as Markdown to display in a notebook (or Voila's slides)."""
    from IPython.display import Markdown
    return Markdown(slide_text(key, lang))
