"""A risk's existing controls as typed or imported: what the control is and how effective it is
(db/risk_rules.py says which words are allowed). Kept apart from db/schemas.py, whose helpers
it uses."""

from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from .schemas import _Input, _not_blank


def _effectiveness(value: str) -> str:
    from .risk_rules import effectiveness_problem

    if problem := effectiveness_problem(value):
        raise ValueError(problem)
    return value


ControlText = Annotated[str, StringConstraints(max_length=2_000), AfterValidator(_not_blank)]
Effectiveness = Annotated[str, StringConstraints(max_length=16), AfterValidator(_effectiveness)]


class RiskControlUpdate(_Input):
    description: ControlText | None = None
    effectiveness: Effectiveness | None = None


class RiskControlInput(RiskControlUpdate):
    """An existing control of a risk: what it is and how effective (effective, partly, not)."""

    description: ControlText
    effectiveness: Effectiveness
