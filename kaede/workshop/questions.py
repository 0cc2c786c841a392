"""The participant's self-assessment, built from the talk (slides 5–11), in Danish and English.

Each question asks about one coupling of the participant's own municipality; each answer is read as
the status of that coupling, so a room's answers make a chain the same rules diagnose.

Examples
--------
>>> [q.qid for q in QUESTIONS][:3]
['outward', 'inward', 'ownership']
>>> ANSWERS["partly"].status, ANSWERS["partly"].strength
('present', 1)
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    """An answer on the scale, and the link status it stands for."""

    key: str
    da: str
    en: str
    status: str
    strength: int | None
    score: float | None  # for the room's middle answer: 0 no, 1 partly, 2 clearly; None: don't know


ANSWERS: dict[str, Answer] = {
    "clearly": Answer("clearly", "Ja, tydeligt", "Yes, clearly", "present", 3, 2.0),
    "partly": Answer("partly", "Delvist", "Partly", "present", 1, 1.0),
    "no": Answer("no", "Nej", "No", "absent", None, 0.0),
    "dont_know": Answer("dont_know", "Ved ikke", "Don't know", "unknown", None, None),
}


@dataclass(frozen=True)
class Question:
    """A question: its id, the talk's slide, the text in both languages, and the links of the room's
    chain that its answer sets: (source, target, relation)."""

    qid: str
    slide: str
    da: str
    en: str
    links: tuple[tuple[str, str, str], ...]

    def text(self, lang: str) -> str:
        return self.da if lang == "da" else self.en


QUESTIONS: tuple[Question, ...] = (
    Question("outward", "5", "Fortæller visionen om byens liv og udvikling, så den taler til borgerne?",
             "Does the vision tell of the town's life and development, so that it speaks to citizens?",
             (("vision", "citizens", "engages"),)),
    Question("inward", "5–6", "Sætter visionen retning for serviceområderne, så ledere og medarbejdere kan bruge den "
             "(effektmål og aftaler)?",
             "Does the vision set a direction for the services that managers and employees can use "
             "(effect goals and agreements)?",
             (("vision", "effect_goals", "translates_into"), ("effect_goals", "agreements", "translates_into"))),
    Question("ownership", "10–11", "Ejer kommunalbestyrelsen visionen i fællesskab?",
             "Does the council share ownership of the vision?", (("council", "vision", "owns"),)),
    Question("themes", "4, 7, 10", "Er visionen oversat til tværgående temaer, som kommunalbestyrelsen styrer, og som "
             "slår igennem i budgettet?",
             "Is the vision translated into cross-cutting themes that the council manages and that show in the budget?",
             (("vision", "theme", "translates_into"), ("council", "theme", "owns"), ("theme", "budget", "translates_into"))),
    Question("committees", "7", "Omsætter fagudvalgene visionen i hver deres sektorpolitik?",
             "Do the standing committees put the vision into practice, each through its own sector policy?",
             (("vision", "sector_policy", "translates_into"), ("committee", "sector_policy", "owns"),
              ("committee", "centre", "steers"))),
    Question("directorate", "8, 10–11", "Tager direktion og chefgruppe ansvar for de tværgående temaer og projekter?",
             "Do the directorate and the chief group take charge of the cross-cutting themes and projects?",
             (("directorate", "cross_cutting_project", "carries"), ("chief_group", "agreements", "carries"))),
    Question("agreements", "8–9", "Bærer mål- og rammeaftaler og tværgående projekter visionen ud til medarbejderne?",
             "Do target-and-framework agreements and cross-cutting projects carry the vision to the employees?",
             (("agreements", "cross_cutting_project", "translates_into"), ("cross_cutting_project", "employees", "engages"))),
    Question("citizens", "11", "Var borgerne med i visionsprocessen (input til visionen eller dialog om den)?",
             "Did citizens take part in the vision process (input to the vision, or a dialogue about it)?",
             (("citizens", "vision", "informs"),)),
)

#: Elements of the room's chain (id, role).
ROOM_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("citizens", "citizens"), ("council", "council"), ("committee", "committee"), ("vision", "vision"),
    ("theme", "theme"), ("sector_policy", "sector_policy"), ("budget", "budget"), ("effect_goals", "effect_goals"),
    ("agreements", "agreements"), ("cross_cutting_project", "cross_cutting_project"), ("directorate", "directorate"),
    ("chief_group", "chief_group"), ("centre", "centre"), ("employees", "employees"))

#: Links every room's chain has (not asked: the budget feeds the goals; centres steer the employees).
ROOM_FIXED_LINKS: tuple[tuple[str, str, str, str, int], ...] = (
    ("budget", "effect_goals", "translates_into", "present", 2), ("centre", "employees", "steers", "present", 2),
    ("sector_policy", "budget", "translates_into", "present", 2))

#: Longest free-text comment accepted (characters).
COMMENT_MAX = 500

UI: dict[str, tuple[str, str]] = {
    "title": ("Jeres kommunes kæde — en selvvurdering", "Your municipality's chain — a self-assessment"),
    "intro": ("Svar ud fra jeres egen kommune. Svarene er anonyme; lokalet ser kun det samlede billede.",
              "Answer for your own municipality. Answers are anonymous; the room sees only the whole."),
    "comment": ("Kommentar (valgfri)", "Comment (optional)"),
    "submit": ("Send svar", "Submit answers"),
    "saved": ("Tak — dine svar er gemt. Du kan rette og sende igen; det tæller som ét svar.",
              "Thank you — your answers are saved. You may change them and submit again; it counts once."),
    "missing": ("Besvar venligst alle spørgsmål (vælg \"Ved ikke\" hvis du ikke ved det).",
                "Please answer every question (choose \"Don't know\" if you do not know)."),
    "too_long": (f"Kommentaren er for lang (højst {COMMENT_MAX} tegn); den er ikke gemt.",
                 f"The comment is too long (at most {COMMENT_MAX} characters); it was not saved."),
    "markup": ("Kommentaren indeholder tegn som < > &; den gemmes og vises som ren tekst.",
               "The comment contains characters like < > &; it is stored and shown as plain text."),
    "your_code": ("Din anonyme kode", "Your anonymous code"),
}


def ui(key: str, lang: str) -> str:
    """A word of the participant page in ``lang``."""
    da, en = UI[key]
    return da if lang == "da" else en
