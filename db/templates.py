"""The outlines a new paper can start from (`tracker paper new --template NAME`).

Each is the section list of one of the seed papers' shapes: "scrutiny" as the annual
collaboration report to the scrutiny board (000), "command" as an operational command's
six-month report (004), whose paragraphs are numbered 5.1, 5.2... Sections start empty; a
data section prints tracker's records (and its nil return) until the lead writes more.
"""

from dataclasses import dataclass

from .enums import SectionKind as K


@dataclass(frozen=True)
class Outline:
    name: str
    title: str
    """What it is called where a person chooses one."""
    sections: tuple[dict, ...]


def _s(key: str, title: str, kind: K = K.NARRATIVE, *, level: int = 1, numbered: bool = False, **more) -> dict:
    return {"key": key, "title": title, "kind": kind, "level": level, "numbered": numbered, **more}


SCRUTINY = Outline("scrutiny", "Scrutiny board paper", (
    _s("purpose", "Purpose of Report"),
    _s("recommendations", "Recommendations"),
    _s("executive-summary", "Executive Summary"),
    _s("summary", "", K.SUMMARY),
    _s("background", "Introduction/Background"),
    _s("current-work", "Current Work and Performance"),
    _s("dashboard", "", K.DASHBOARD, caption="Dashboard"),
    _s("workstreams", "", K.WORKSTREAMS),
    _s("implications", "Implications (Issues)"),
    _s("plan-links", "Links to Police and Crime Plan Priorities", level=2),
    _s("demand", "Demand", level=2),
    _s("risks", "Risks/Mitigation", K.RISKS, level=2),
    _s("equality", "Equality and/or Human Rights Implications", level=2),
    _s("health-safety", "Health and Safety Implications", level=2),
    _s("consultation", "Consultation/Engagement", K.CONSULTATION),
    _s("actions", "Actions for Improvement", K.ACTIONS),
    _s("future-work", "Future Work/Development and Expected Outcome"),
))

COMMAND = Outline("command", "Command performance report", (
    _s("purpose", "Purpose of Report"),
    _s("recommendations", "Recommendations"),
    _s("executive-summary", "Executive Summary", numbered=True),
    _s("background", "Introduction/Background", numbered=True),
    _s("current-work", "Current Work and Performance", numbered=True),
    _s("implications", "Implications (Issues)", numbered=True),
    _s("plan-links", "Links to Police and Crime Plan Priorities", numbered=True),
    _s("demand", "Demand", numbered=True),
    _s("risks", "Risks/Mitigation", K.RISKS, numbered=True),
    _s("equality", "Equality and/or Human Rights Implications", numbered=True),
    _s("health-safety", "Health and Safety Implications", numbered=True),
    _s("consultation", "Consultation/Engagement", numbered=True),
    _s("actions", "Actions for Improvement", K.ACTIONS, numbered=True),
    _s("future-work", "Future Work/Development and Expected Outcome", numbered=True),
))

GENERIC = Outline("generic", "Performance and scrutiny report", (
    _s("executive-summary", "Executive summary", K.SUMMARY),
    _s("dashboard", "Dashboard", K.DASHBOARD, caption="Dashboard"),
    _s("workstreams", "Workstreams", K.WORKSTREAMS),
    _s("risks", "Risks", K.RISKS),
    _s("actions", "Actions for improvement", K.ACTIONS),
    _s("commitments", "Plan commitments", K.COMMITMENTS),
    _s("measures", "Performance measures", K.MEASURES),
))
"""What `tracker report` prints for a portfolio and period that have no paper (not offered at
`paper new`: it has no narrative to keep)."""

TEMPLATES = {t.name: t for t in (SCRUTINY, COMMAND)}


def outline(name: str) -> Outline:
    from .errors import InvalidInput

    try:
        return TEMPLATES[name]
    except KeyError:
        raise InvalidInput(f"no template {name!r}; the templates are {', '.join(TEMPLATES)} "
                           f"({'; '.join(f'{t.name}: {t.title}' for t in TEMPLATES.values())})",
                           where="--template") from None
