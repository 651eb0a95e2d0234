"""Reads about portfolios for the screens: which portfolios hold a kind of record."""

from sqlalchemy import select
from sqlmodel import Session

from .models import Action, Commitment, Measure, Portfolio, Risk, Workstream

_KINDS = {"commitment": Commitment, "measure": Measure, "workstream": Workstream, "risk": Risk, "action": Action}


def holders(session: Session, kind: str) -> list[tuple[str, str]]:
    """(code, name) of every portfolio holding a record of `kind` ("commitment", "measure", ...),
    in portfolio order."""
    model = _KINDS[kind]
    query = (select(Portfolio.code, Portfolio.name).where(Portfolio.id.in_(select(model.portfolio_id).distinct()))
             .order_by(Portfolio.sort_key, Portfolio.code))
    return [tuple(row) for row in session.execute(query).all()]
