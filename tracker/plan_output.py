"""Commitments and measures as CLI items: full JSON, flat CSV rows, and short table cells."""

from typing import Any

from sqlmodel import Session

from tracker.db import changes, plan


def commitment_items(
    session: Session, period: str | None, priority: int | None, portfolio: str | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """Each commitment of `portfolio` (None: all) with the period's commentary (default: the
    latest period with any)."""
    if period is None:
        found = plan.commentary_period(session)
        period = found.label if found else None
    rows = plan.commitments(session, period, priority=priority, portfolio=portfolio)
    seen = changes.versions(session, "commentary", period) if period else {}
    items = [
        {
            "ref": r.ref, "portfolio": r.portfolio or portfolio, "priority": r.priority,
            "priority_title": r.priority_title, "text": r.text,
            "owners": list(r.owners), "lead": r.lead, "period": r.period, "updated": r.updated,
            "commentary": [
                {"team": c.team, "text": c.text, "written_by": c.written_by, "written_at": c.written_at,
                 "version": seen.get(plan.commentary_ref(r.ref, c.team), 0)}
                for c in r.commentary
            ],
        }
        for r in rows
    ]
    missing = sum(not item["updated"] for item in items)
    title = f"Commitments, {period}: {missing} of {len(items)} without an update" if period else "Commitments"
    return title, items


def measure_items(
    session: Session, period: str | None, area: str | None, portfolio: str | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """Each measure of `portfolio` (None: all): this period's value beside the same period a year
    before, and the difference."""
    rows = plan.measures(session, period, area=area, portfolio=portfolio)
    items = [
        {
            "ref": r.ref, "portfolio": r.portfolio or portfolio, "name": r.name, "area": r.area, "unit": r.unit,
            "direction": r.direction,
            "target": r.target, "last_period": r.last_period, "this_period": r.this_period,
            "last": r.last, "this": r.this, "ci_last": r.ci_last, "ci_this": r.ci_this,
            "difference": r.comparison.difference, "difference_unit": r.comparison.difference_unit,
            "assessment": r.comparison.assessment, "significant": r.comparison.significant,
            "footnotes": list(r.footnotes), "workstream": r.workstream, "lead": r.lead,
        }
        for r in rows
    ]
    if period:
        title = f"Measures, {period} against the same period a year before"
    else:
        title = "Measures, each at its latest value against a year before"
    return title, items


def flat(item: dict[str, Any]) -> dict[str, Any]:
    """A CSV row: lists joined with "; ", commentary as "Team: text" joined with " | "."""
    row = dict(item)
    if "owners" in row:
        row["owners"] = "; ".join(row["owners"])
    if "commentary" in row:
        row["commentary"] = " | ".join(f"{c['team']}: {c['text']}" for c in row["commentary"])
    if "footnotes" in row:
        row["footnotes"] = " | ".join(row["footnotes"])
    return row


ASSESSMENT_WORDS = {"better": "▲ better", "worse": "▼ worse", "same": "= same", "n/a": "N/A"}
"""Better or worse with a symbol, so it reads without colour."""


def for_table(what: str, item: dict[str, Any]) -> dict[str, Any]:
    if what == "commitments":
        return {"ref": item["ref"], "portfolio": item["portfolio"], "text": item["text"],
                "owners": "; ".join(item["owners"]),
                "updated": "yes" if item["updated"] else "NO UPDATE"}
    comparison = plan.Comparison(item["difference"], item["difference_unit"], item["assessment"], item["significant"])
    return {
        "ref": item["ref"], "portfolio": item["portfolio"], "name": item["name"],
        "last": plan.format_value(item["unit"], item["last"]), "this": plan.format_value(item["unit"], item["this"]),
        "difference": plan.format_difference(comparison), "assessment": ASSESSMENT_WORDS[item["assessment"]],
    }
