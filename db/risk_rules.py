"""The risk register's rules, each said once: scoring (inherent, current, target), a target above
the inherent score needs a reason, a control's effectiveness, the score band and its review
cadence, the direction of travel. The store, the CLI, the TOML import and the TUI form all go
through `score_rules` (db/store.create_risk and update_risk) and `effectiveness_problem`
(db/risk_schemas.RiskControlInput)."""

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Any

from .enums import ControlEffectiveness, TravelDirection
from .errors import InvalidInput

SCORES = (("inherent_likelihood", "inherent_impact", "inherent_score"), ("likelihood", "impact", "score"),
          ("target_likelihood", "target_impact", "target_score"))
"""Each score with its likelihood and impact: inherent (before controls), current, target."""
TEXTS = ("description", "target_reason", "causes", "consequences", "mitigation_areas")
"""A risk's text fields: empty text, not NULL, when cleared."""
BANDS = ("low", "medium", "high")
DEFAULT_CADENCE = {"high": 1, "medium": 3, "low": 6}
"""Months between reviews by score band: high monthly, medium quarterly, low six-monthly."""


def effectiveness_problem(value: str) -> str | None:
    """What is wrong with a control's effectiveness, or None: it is one of the list."""
    allowed = [member.value for member in ControlEffectiveness]
    if value in allowed:
        return None
    return f"{value!r} is not an effectiveness: use {', '.join(allowed[:-1])} or {allowed[-1]}"


def score_rules(scale):
    """The rules of a risk's scores on `scale` (a RiskScale), as the store's `rules` callback."""

    def rules(after: dict[str, Any], before: dict[str, Any], changes: dict[str, Any], where: str):
        for name in TEXTS:  # a text emptied (a form's blank field) is empty text, never NULL
            if name in after and after[name] is None:
                after[name] = ""
        for names in SCORES:
            _one_score(after, before, changes, where, names, scale)
        _target_reason(after, where)
        return after

    return rules


def _one_score(after, before, changes, where: str, names: tuple[str, str, str], scale) -> None:
    """A score follows from likelihood x impact, or is typed when they are unknown; a typed score
    is never replaced by a rescoring unless the new score is given too."""
    l_name, i_name, s_name = names
    likelihood, impact = after.get(l_name), after.get(i_name)
    if (likelihood is None) != (impact is None):
        missing = i_name if impact is None else l_name
        raise InvalidInput(f"{l_name.replace('_', ' ')} and {i_name.replace('_', ' ')} are given together",
                           where=f"{where}, {missing}")
    if likelihood is not None:
        for field, value, top in ((l_name, likelihood, scale.likelihood_max), (i_name, impact, scale.impact_max)):
            if not 1 <= value <= top:
                raise InvalidInput(f"must be from 1 to {top} on this scale", where=f"{where}, {field}")
        product = likelihood * impact
        given = changes.get(s_name)
        if given is not None and given != product:
            raise InvalidInput(f"must be {l_name.replace('_', ' ')} x {i_name.replace('_', ' ')} = {product}, "
                               f"not {given}", where=f"{where}, {s_name}")
        typed = before.get(s_name)
        if (given is None and s_name not in changes and typed is not None and typed != product
                and before.get(l_name) is None):
            raise InvalidInput(f"the score {typed} was typed, and {likelihood} x {impact} makes {product}: give "
                               f"the {s_name.replace('_', ' ')} {product} too to replace it", where=f"{where}, {s_name}")
        after[s_name] = product
    if after.get(s_name) is not None and after[s_name] > scale.score_max:
        raise InvalidInput(f"must be at most {scale.score_max} on this scale", where=f"{where}, {s_name}")


def _target_reason(after: dict[str, Any], where: str) -> None:
    target, inherent = after.get("target_score"), after.get("inherent_score")
    if target is not None and inherent is not None and target > inherent and not (after.get("target_reason") or "").strip():
        raise InvalidInput(f"the target {target} is above the inherent score {inherent}: give the reason "
                           "(target_reason)", where=f"{where}, target_score")


def score_is_typed(values: dict[str, Any], prefix: str = "") -> bool:
    """Whether a score was typed (no likelihood and impact) rather than computed from them."""
    score = values.get(f"{prefix}score" if prefix else "score")
    return score is not None and values.get(f"{prefix}likelihood") is None


def band(score: int | None, scale) -> str | None:
    """The score's band on `scale`: low up to a fifth of the top score, medium up to half, high above."""
    return None if score is None else band_of(score, scale.score_max)


def band_of(score: int, score_max: int) -> str:
    """Low up to a fifth of the top score, medium up to half, high above (the heat map's cells too)."""
    share = score / score_max
    return "low" if share <= 0.2 else "medium" if share <= 0.5 else "high"


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` `months` later, on the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review(review_date: dt.date | None, reviewed_on: dt.date | None, score: int | None, scale,
                cadence: dict[str, int] | None = None) -> dt.date | None:
    """The stated next review, else the last review plus its band's cadence, else unknown."""
    if review_date is not None:
        return review_date
    level = band(score, scale)
    if reviewed_on is None or level is None:
        return None
    return add_months(reviewed_on, (cadence or DEFAULT_CADENCE)[level])


def direction(changes: Iterable[tuple[str, str | None, str | None]], reviewed_on: dt.date | None,
              stated: str | None) -> str | None:
    """The direction of travel from a risk's score history: `changes` are its score events
    (ISO time, old, new) oldest first. The last change with a score before and after says up or
    down; none since the last review says unchanged; without either, the stated direction."""
    scored = [(at, int(old), int(new)) for at, old, new in changes if old is not None and new is not None]
    if scored:
        at, old, new = scored[-1]
        if reviewed_on is not None and at[:10] < reviewed_on.isoformat():
            return TravelDirection.UNCHANGED.value
        return (TravelDirection.UP if new > old else TravelDirection.DOWN if new < old
                else TravelDirection.UNCHANGED).value
    return stated


REGISTER_WORDS = {"force": "on the force risk register", "command": "on the command's risk register",
                  "programme": "on a programme's risk register", "none": "identified, not recorded on a register"}


def register_words(kind: str | None) -> str | None:
    """How a paper says which register a risk is on; None when the source does not say."""
    return REGISTER_WORDS.get(kind) if kind else None


def mitigation_statement(count: int | None, areas: str) -> str | None:
    """A paper's statement of mitigations, as it makes it: "10 mitigating actions identified,
    covering training, procedure, record keeping and review, and vehicles"."""
    names = [a.strip() for a in (areas or "").split(";") if a.strip()]
    if count is None and not names:
        return None
    said = f"{count} mitigating action{'' if count == 1 else 's'} identified" if count is not None \
        else "mitigating actions identified"
    if not names:
        return said
    listed = names[0] if len(names) == 1 else (", ".join(names[:-1]) + ("," if len(names) > 2 else "")
                                               + f" and {names[-1]}")
    return f"{said}, covering {listed}"


def score_words(score: int | None, likelihood: int | None, impact: int | None) -> str:
    """"60 (typed)", "24 (4 x 6)" or "not scored": a score says how it was arrived at."""
    if score is None:
        return "not scored"
    return f"{score} ({likelihood} x {impact})" if likelihood is not None else f"{score} (typed)"


def risk_facts(row) -> list[str]:
    """A register entry's facts, one a line, as the CLI's `risk show`, the TUI's detail and the
    report print them (a db/views.RiskRow)."""
    facts = [f"Risk {row.ref}: {row.title}", f"Register: {register_words(row.register_kind) or 'not stated'}",
             f"Inherent score: {score_words(row.inherent_score, row.inherent_likelihood, row.inherent_impact)}",
             f"Current score: {score_words(row.score, row.likelihood, row.impact)}"
             + (f", {row.band}" if row.band else ""),
             f"Target score: {score_words(row.target_score, row.target_likelihood, row.target_impact)}"]
    facts += [f"Why the target is above the inherent score: {row.target_reason}"] if row.target_reason else []
    facts += [f"Direction of travel: {row.direction or 'not known'}", f"Status: {row.status}"]
    facts += [f"Owner: {row.owner}"] if row.owner else []
    facts += [f"Monitored by: {row.board}"] if row.board else []
    facts += [f"Last reviewed: {row.reviewed_on.isoformat()}"] if row.reviewed_on else []
    facts += [f"Next review: {row.next_review.isoformat()}"] if row.next_review else []
    facts += [f"Causes: {row.causes}"] if row.causes else []
    facts += [f"Consequences: {row.consequences}"] if row.consequences else []
    facts += [f"Control {c.number}: {c.description} ({c.effectiveness})" for c in row.controls]
    if statement := mitigation_statement(row.mitigation_count, row.mitigation_areas):
        facts.append(f"Mitigation: {statement}")
    facts += [f"Mitigating actions recorded: {row.actions}"] if row.actions else []
    return facts


TRAVEL_WORDS = {"up": "score increased", "down": "score reduced", "unchanged": "score unchanged"}
"""The direction of travel as a paper says it (004's 9.12: "a reduction in the risk score")."""


def paper_facts(row) -> list[str]:
    """The short line a board paper prints under a risk's paragraph: "Risk 9.2 · on the force risk
    register · score 60 · ..."; only what is known is said."""
    facts = [f"Risk {row.ref}"]
    facts += [words] if (words := register_words(row.register_kind)) else []
    for label, score in (("inherent score", row.inherent_score), ("score", row.score), ("target", row.target_score)):
        facts += [f"{label} {score}"] if score is not None else []
    facts += ["not scored"] if row.score is None and row.inherent_score is None and row.target_score is None else []
    facts += [TRAVEL_WORDS[row.direction]] if row.direction in TRAVEL_WORDS else []
    facts += [f"monitored by {row.board}"] if row.board else []
    facts += [f"owner {row.owner}"] if row.owner else []
    facts += [f"control: {c.description} ({c.effectiveness})" for c in row.controls]
    facts += [statement] if (statement := mitigation_statement(row.mitigation_count, row.mitigation_areas)) else []
    facts += [f"{row.actions} mitigating action{'' if row.actions == 1 else 's'}"] if row.actions else []
    return facts
