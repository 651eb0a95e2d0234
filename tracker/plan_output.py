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
            "ref": r.ref, "parent": r.parent, "portfolio": r.portfolio or portfolio, "priority": r.priority,
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
    missing = sum(r.lacks_update for r in rows)
    title = f"Commitments, {period}: {missing} of {len(items)} without an update" if period else "Commitments"
    return title, items


def measure_items(
    session: Session, period: str | None, area: str | None, portfolio: str | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """Each measure of `portfolio` (None: all): this period's value beside the same period a year
    before, and the difference; the title names the periods compared."""
    from tracker.db.strand_views import measure_priorities

    rows = plan.measures(session, period, area=area, portfolio=portfolio)
    links = measure_priorities(session)
    items = [measure_item(r, portfolio) | {"priorities": list(links.get(r.ref, ()))} for r in rows]
    return measures_title(period, rows), items


def _dates(value) -> tuple:
    return (None, None) if value is None else (value.start.isoformat(), value.end.isoformat())


def measure_item(r, portfolio: str | None = None) -> dict[str, Any]:
    """A measure row as JSON: every field, both values' labels and dates, the difference as
    tracker shows it and as the papers print it, its kind and the significance."""
    this_start, this_end = _dates(r.this_value)
    last_start, last_end = _dates(r.last_value)
    field = lambda v, name: None if v is None else getattr(v, name)  # noqa: E731
    return {
        "ref": r.ref, "portfolio": r.portfolio or portfolio, "name": r.name, "area": r.area, "unit": r.unit,
        "direction": r.direction,
        "target": r.target, "period_target": r.period_target, "last_period": r.last_period, "this_period": r.this_period,
        "last_label": r.last_label, "this_label": r.this_label, "last_start": last_start, "last_end": last_end,
        "this_start": this_start, "this_end": this_end,
        "last": r.last, "this": r.this, "last_shown": r.shown(r.last), "this_shown": r.shown(r.this),
        "ci_last": r.ci_last, "ci_this": r.ci_this,
        "n_last": field(r.last_value, "n"), "n_this": field(r.this_value, "n"),
        "low_this": field(r.this_value, "low"), "high_this": field(r.this_value, "high"),
        "difference": r.comparison.difference, "difference_unit": r.comparison.difference_unit,
        "difference_kind": r.comparison.kind, "difference_shown": r.difference_shown,
        "difference_printed": r.difference_printed,
        "assessment": r.comparison.assessment, "significant": r.comparison.significant,
        "significance": r.significance, "decimals": r.decimals, "dimension": r.dimension, "source": r.source,
        "question": r.question,
        "footnotes": list(r.footnotes), "workstream": r.workstream, "lead": r.lead,
    }


def measures_title(period: str | None, rows) -> str:
    """The list's title, naming the periods compared ("12 months to Sep 2016 against 12 months to
    Sep 2015"; the most common pairs first when measures differ)."""
    pairs: dict[tuple[str, str], int] = {}
    for r in rows:
        if r.this_label:
            key = (r.this_label, r.last_label or "no value a year before")
            pairs[key] = pairs.get(key, 0) + 1
    ordered = sorted(pairs.items(), key=lambda item: -item[1])
    compared = "; ".join(f"{this} against {last}" + (f" ({n})" if len(ordered) > 1 else "")
                         for (this, last), n in ordered[:3])
    more = f"; {len(ordered) - 3} other pairs" if len(ordered) > 3 else ""
    if period:
        return f"Measures, {period} against the same period a year before" + (f": {compared}{more}" if compared else "")
    return "Measures, each at its latest value against a year before" + (f": {compared}{more}" if compared else "")


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
    return {
        "ref": item["ref"], "portfolio": item["portfolio"], "name": item["name"],
        "last": item["last_shown"], "this": item["this_shown"],
        "difference": item["difference_shown"], "assessment": ASSESSMENT_WORDS[item["assessment"]],
    }
