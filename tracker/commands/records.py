"""Reading and changing what leads keep: list, rag, update (commentary), measure set/add, history."""

import argparse
import sys

from tracker.commands.common import EXIT_OK, Context, cut, emit, latest_label
from tracker.output import say


LIST_COLUMNS = {
    "workstreams": ["ref", "portfolio", "name", "section", "lead", "status", "rag", "previous_rag", "change",
                    "version"],
    "actions": ["ref", "portfolio", "title", "owner", "due_date", "status", "overdue", "workstream", "risk", "parent",
                "sub_actions", "expected_outcome", "priorities"],
    "risks": ["ref", "portfolio", "title", "owner", "register_kind", "inherent_likelihood", "inherent_impact",
              "inherent_score", "likelihood", "impact", "score", "score_typed", "target_likelihood", "target_impact",
              "target_score", "target_reason", "band", "direction", "status", "board", "reviewed_on", "review_date",
              "next_review", "past_review", "causes", "consequences", "mitigation_count", "mitigation_areas",
              "controls", "actions", "priorities"],
    "commitments": ["ref", "parent", "portfolio", "priority", "priority_title", "text", "owners", "lead", "period", "updated",
                    "commentary"],
    "measures": ["ref", "portfolio", "name", "area", "unit", "direction", "target", "period_target", "last_period", "this_period",
                 "last_start", "last_end", "this_start", "this_end", "last", "this", "ci_last", "ci_this", "n_last",
                 "n_this", "low_this", "high_this", "difference", "difference_unit", "difference_kind",
                 "difference_printed", "assessment", "significant", "significance", "footnotes", "workstream", "lead",
                 "priorities"],
}


TABLE_COLUMNS = {
    "workstreams": ["ref", "name", "lead", "rag", "previous_rag", "change"],
    "actions": ["ref", "title", "owner", "due_date", "status", "overdue"],
    "risks": ["ref", "title", "owner", "score", "target_score", "status", "actions"],
    "commitments": ["ref", "text", "owners", "updated"],
    "measures": ["ref", "name", "last", "this", "difference", "assessment"],
    "history": ["at", "actor", "item", "field", "change"],
}
"""What fits an 80-column terminal; csv and json carry every column."""


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    from tracker import output
    from tracker.commands.scoping import check_portfolio, in_title, mark_homes, table_columns
    from tracker.db import views

    if args.what in ("commitments", "measures"):
        return _list_plan(args, ctx)
    from tracker.db.access import readable_scope

    columns, given = LIST_COLUMNS[args.what], args.portfolio
    with ctx.session() as session:
        check_portfolio(session, given)
        where = readable_scope(session, ctx.user, given)  # a limited user's "all" is theirs
        if args.what == "workstreams":
            board = views.dashboard(session, args.period, portfolio=where)
            rows, title = board.rows, f"Workstreams, {board.period.label}" if board.period else "Workstreams (no periods yet)"
            items = output.records(rows, [c for c in columns if c not in ("portfolio", "version")])
            from tracker.db.changes import versions

            seen = versions(session, "assessment", board.period.label) if board.period else {}
            for item in items:
                item["version"] = seen.get(item["ref"], 0)  # for `tracker rag --if-version`
        elif args.what == "actions":
            rows = views.actions(session, today=args.as_at, portfolio=where)
            title, items = "Actions for improvement", output.records(rows, [c for c in columns if c != "portfolio"])
        else:
            title, rows, items = "Risks", *_risk_items(session, args, ctx, where,
                                                       [c for c in columns if c != "portfolio"])
    mark_homes(items, [row.portfolio for row in rows], given)
    items = [{c: item[c] for c in columns} for item in items]
    title = in_title(title, items, given) + (f", as at {args.as_at}" if args.as_at and args.what != "workstreams" else "")
    shown = table_columns(TABLE_COLUMNS[args.what], items, given)
    return emit(args.format, title, items, columns, shown, rag_columns=("rag", "previous_rag"))


def _risk_items(session, args: argparse.Namespace, ctx: Context, where, columns: list[str]):
    """The register with "past review" judged as at --as-at (default: today); controls as a list
    in JSON, one "N. text (effectiveness)" per line in CSV and the table."""
    from tracker import output
    from tracker.db import clock, views
    from tracker.db.progress import past_review

    at = args.as_at or clock.today()
    rows = views.risks(session, portfolio=where, scale=ctx.settings.risk_scale.scale(),
                       cadence=ctx.settings.risk_review.months())
    items = output.records(rows, [c for c in columns if c not in ("past_review", "controls")])
    for item, row in zip(items, rows):
        item["past_review"] = past_review(row, at)
        controls = [{"number": c.number, "description": c.description, "effectiveness": c.effectiveness}
                    for c in row.controls]
        item["controls"] = controls if args.format == "json" else "\n".join(
            f"{c['number']}. {c['description']} ({c['effectiveness']})" for c in controls)
    return rows, items


def _list_plan(args: argparse.Namespace, ctx: Context) -> int:
    """Commitments with the period's commentary, or measures with last year against this year."""
    from tracker import plan_output
    from tracker.commands.scoping import check_portfolio, in_title, table_columns

    columns = LIST_COLUMNS[args.what]
    with ctx.session() as session:
        check_portfolio(session, args.portfolio)
        if args.what == "commitments":
            title, items = plan_output.commitment_items(session, args.period, args.priority, args.portfolio)
        else:
            title, items = plan_output.measure_items(session, args.period, args.area, args.portfolio)
    if args.format == "json":
        return emit("json", title, items, columns, columns)
    if args.format == "csv":
        return emit("csv", title, [plan_output.flat(item) for item in items], columns, columns)
    table = [plan_output.for_table(args.what, item) for item in items]
    title = in_title(title, table, args.portfolio)
    return emit("table", title, table, columns, table_columns(TABLE_COLUMNS[args.what], table, args.portfolio))


def cmd_update(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import plan
    from tracker.db.errors import Conflict
    from tracker.db.schemas import CommentaryInput, validated

    data = validated(CommentaryInput, {"period": args.period, "team": args.team, "text": args.text},
                     where=f"commitment {args.commitment}")
    with ctx.session() as session:
        try:
            changed = plan.write_commentary(session=session, ref=args.commitment, data=data, actor=ctx.user,
                                            expected=args.if_version)
        except Conflict:
            say(f"not saved: tracker update {args.commitment} --period {args.period!r} --team {args.team!r} "
                  f"--text {args.text!r}", file=sys.stderr)
            raise
    say(f"commitment {args.commitment}: {args.team}'s update for {args.period} "
          + ("saved" if changed else "was the same already; nothing changed"))
    return EXIT_OK


def cmd_rag(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import store, views
    from tracker.db.errors import Conflict

    with ctx.session() as session:
        period = args.period or latest_label(session, views)
        try:
            result = store.set_rating(session=session, ref=args.ref, period=period, rag=args.rag,
                                      rationale=args.note, actor=ctx.user, expected=args.if_version)
        except Conflict:
            note = "" if args.note is None else f" --note {args.note!r}"
            say(f"not saved: tracker rag {args.ref} {args.rag} --period {period}{note}", file=sys.stderr)
            raise
    if result.changed:
        say(f"{result.ref} is {result.rag.label} for {result.period} ({result.change})")
    else:
        say(f"{result.ref} was {result.rag.label} for {result.period} already; nothing changed")
    return EXIT_OK


def cmd_history(args: argparse.Namespace, ctx: Context) -> int:
    from tracker import output
    from tracker.db.changes import history

    columns = ["at", "actor", "entity", "ref", "period", "kind", "field", "old", "new"]
    from tracker.commands.scoping import check_portfolio

    with ctx.session() as session:
        check_portfolio(session, args.portfolio)
        changes = history(session, ref=args.ref, actor=args.by, limit=args.limit, portfolio=args.portfolio)
    items = output.records(changes, columns)
    title = (f"History of {args.ref}" if args.ref else "History") + (
        f", portfolio {args.portfolio}" if args.portfolio else "")
    if args.format == "table":
        title += history_table(items, ctx.settings.timezone, utc=args.utc)
    return emit(args.format, title, items, columns, TABLE_COLUMNS["history"])


def history_table(items: list[dict], zone: str | None, *, utc: bool) -> str:
    """History's rows as a person reads them: local time (or UTC), words for kinds and fields,
    no raw undo batch; returns what the title adds about the times. JSON and CSV keep the values."""
    from tracker.db.times import TIME_FIELDS, shown_time
    from tracker.db.undo import UNDO_FIELD
    from tracker.db.words import word

    for item in items:  # refs are unique per kind only (measure 1.1, commitment 1.1): the table names the kind
        item["item"] = f"{word(item['entity'])} {item['ref']}" + (f" ({item['period']})" if item["period"] else "")
        old, new = item["old"], "an earlier change" if item["field"] == UNDO_FIELD else item["new"]
        if item["field"] in TIME_FIELDS:
            old, new = (shown_time(v, zone, utc=utc) if v else v for v in (old, new))
        item["change"] = f"{cut(old)} → {cut(new)}"
        item["at"] = shown_time(item["at"], zone, utc=utc).removesuffix(" UTC")
    return " (times in UTC)" if utc else (f" (times in {zone})" if zone else " (local time)")
