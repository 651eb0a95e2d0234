"""`tracker milestone add|edit|done|list|remove`, `tracker action add|edit` (a sub-action's
--parent, its --expected-outcome) and `tracker link add|remove` (a record's plan priorities)."""

import argparse

from tracker.commands.common import EXIT_OK, Context, emit, iso_date
from tracker.output import say

LINKABLE = ["workstream", "risk", "action", "measure"]
STATUSES = ["open", "in_progress", "done", "cancelled"]


def register(commands, command) -> None:
    """The work strands' commands, in the order --help lists them."""
    group = commands.add_parser("milestone", help="a workstream's milestones: add, edit, done, list, remove"
                                ).add_subparsers(title="commands", metavar="COMMAND", required=True)
    add = command("add", cmd_milestone_add, "add a milestone to a workstream", group)
    _milestone(add)
    edit = command("edit", cmd_milestone_edit, 'change a milestone\'s dates or % complete ("" clears a date)', group)
    _milestone(edit)
    done = command("done", cmd_milestone_done, "mark a milestone done (today, or --on a day that has come)", group)
    done.add_argument("workstream", metavar="WORKSTREAM")
    done.add_argument("title", metavar="TITLE")
    done.add_argument("--on", type=iso_date, metavar="YYYY-MM-DD", help="the day it was done (default: today)")
    listing = command("list", cmd_milestone_list, "list milestones (of one workstream, or all)", group)
    listing.add_argument("workstream", metavar="WORKSTREAM", nargs="?")
    listing.add_argument("--format", choices=["table", "csv", "json"], default="table")
    remove = command("remove", cmd_milestone_remove, "remove a milestone (history keeps it)", group)
    remove.add_argument("workstream", metavar="WORKSTREAM")
    remove.add_argument("title", metavar="TITLE")
    _actions(commands, command)
    links = commands.add_parser("link", help="link a workstream, risk, action or measure to plan priorities"
                                ).add_subparsers(title="commands", metavar="COMMAND", required=True)
    for verb, handler in (("add", cmd_link_add), ("remove", cmd_link_remove)):
        sub = command(verb, handler, f"{verb} links of a record to plan priorities", links)
        sub.add_argument("kind", choices=LINKABLE)
        sub.add_argument("ref", metavar="REF")
        sub.add_argument("priorities", metavar="N", type=int, nargs="+", help="plan priority numbers")


def _milestone(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workstream", metavar="WORKSTREAM")
    parser.add_argument("title", metavar="TITLE")
    parser.add_argument("--planned", type=_date_or_blank, metavar="YYYY-MM-DD")
    parser.add_argument("--revised", type=_date_or_blank, metavar="YYYY-MM-DD")
    parser.add_argument("--done", type=_date_or_blank, metavar="YYYY-MM-DD", help="the day it was done (not to come)")
    parser.add_argument("--percent", type=int, metavar="0-100", help="percent complete")


def _actions(commands, command) -> None:
    group = commands.add_parser("action", help="add or edit an action for improvement (a sub-action: --parent)"
                                ).add_subparsers(title="commands", metavar="COMMAND", required=True)
    add = command("add", cmd_action_add, "add an action for improvement", group)
    add.add_argument("ref", metavar="REF")
    add.add_argument("--title", required=True)
    _action_fields(add)
    edit = command("edit", cmd_action_edit, 'change an action ("" clears --parent, --owner, --due)', group)
    edit.add_argument("ref", metavar="REF")
    edit.add_argument("--title")
    _action_fields(edit)


def _action_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--parent", metavar="REF", help="the action this is a sub-action of")
    parser.add_argument("--expected-outcome", metavar="TEXT", help="what it is expected to achieve")
    parser.add_argument("--owner", metavar="NAME")
    parser.add_argument("--due", type=_date_or_blank, metavar="YYYY-MM-DD")
    parser.add_argument("--status", choices=STATUSES)
    parser.add_argument("--detail", metavar="TEXT")
    parser.add_argument("--workstream", metavar="REF")
    parser.add_argument("--risk", metavar="REF", help="the risk it mitigates")
    parser.add_argument("--portfolio", "-P", metavar="CODE")
    parser.add_argument("--links", metavar="N,N", help='the plan priorities it links to ("" for none)')


def _date_or_blank(text: str):
    return "" if text == "" else iso_date(text)


def priority_numbers(text: str, where: str) -> list[int]:
    """`--links 1,4`: plan priority numbers; anything else is refused naming `where`."""
    from tracker.db.errors import InvalidInput

    numbers = [part.strip() for part in text.split(",") if part.strip()]
    if not all(n.isdigit() for n in numbers):
        raise InvalidInput(f"{text!r} is not a list of priority numbers, e.g. 1,4", where=where)
    return [int(n) for n in numbers]


def _milestone_changes(args: argparse.Namespace) -> dict:
    given = {name: getattr(args, name) for name in ("planned", "revised", "done", "percent")}
    return {name: (None if value == "" else value) for name, value in given.items() if value is not None}


def cmd_milestone_add(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.milestones import MilestoneInput, add_milestone
    from tracker.db.schemas import validated

    where = f"workstream {args.workstream}, milestone"
    data = validated(MilestoneInput, {"title": args.title, **_milestone_changes(args)}, where=where)
    with ctx.session() as session:
        add_milestone(session=session, workstream=args.workstream, data=data, actor=ctx.user)
    say(f"workstream {args.workstream}: milestone {args.title!r} added")
    return EXIT_OK


def cmd_milestone_edit(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.milestones import edit_milestone

    with ctx.session() as session:
        changed = edit_milestone(session=session, workstream=args.workstream, title=args.title,
                                 changes=_milestone_changes(args), actor=ctx.user)
    say(f"milestone {args.title!r}: changed {', '.join(changed)}" if changed else f"milestone {args.title!r}: "
        "nothing changed")
    return EXIT_OK


def cmd_milestone_done(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import clock
    from tracker.db.milestones import edit_milestone

    on = args.on or clock.today()
    with ctx.session() as session:
        edit_milestone(session=session, workstream=args.workstream, title=args.title, changes={"done": on},
                       actor=ctx.user)
    say(f"milestone {args.title!r}: done {on.isoformat()}")
    return EXIT_OK


def cmd_milestone_list(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import clock, strand_views
    from tracker.output import plain

    today = clock.today()
    with ctx.session() as session:
        rows = strand_views.milestones(session, args.workstream)
    columns = ["workstream", "title", "planned", "revised", "done", "percent", "state"]
    items = [{"workstream": r.workstream, "title": r.title, "planned": plain(r.planned), "revised": plain(r.revised),
              "done": plain(r.done), "percent": r.percent, "state": r.state(today)} for r in rows]
    return emit(args.format, "Milestones", items, columns, ["workstream", "title", "planned", "revised", "state"])


def cmd_milestone_remove(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.milestones import remove_milestone

    with ctx.session() as session:
        remove_milestone(session=session, workstream=args.workstream, title=args.title, actor=ctx.user)
    say(f"milestone {args.title!r} removed")
    return EXIT_OK


def _action_changes(args: argparse.Namespace, *, clearing: bool) -> dict:
    names = {"title": "title", "parent": "parent", "expected_outcome": "expected_outcome", "owner": "owner",
             "due": "due_date", "status": "status", "detail": "detail", "workstream": "workstream", "risk": "risk",
             "portfolio": "portfolio"}
    given = {field: getattr(args, name) for name, field in names.items() if getattr(args, name) is not None}
    for field in ("parent", "owner", "due_date", "workstream", "risk"):
        if given.get(field) == "":
            given[field] = None
    if args.links is not None:
        given["priorities"] = priority_numbers(args.links, "--links")
    return given


def cmd_action_add(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import store
    from tracker.db.schemas import ActionCreate, validated

    data = validated(ActionCreate, {"ref": args.ref, **_action_changes(args, clearing=False)},
                     where=f"action {args.ref}")
    with ctx.session() as session:
        store.create_action(session=session, data=data, actor=ctx.user)
    say(f"action {args.ref} added" + (f" under {args.parent}" if args.parent else ""))
    return EXIT_OK


def cmd_action_edit(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import store
    from tracker.db.schemas import ActionUpdate, validated

    data = validated(ActionUpdate, _action_changes(args, clearing=True), where=f"action {args.ref}")
    with ctx.session() as session:
        changed = store.update_action(session=session, ref=args.ref, changes=data, actor=ctx.user)
    say(f"action {args.ref}: changed {', '.join(changed)}" if changed else f"action {args.ref}: nothing changed")
    return EXIT_OK


def _link(args: argparse.Namespace, ctx: Context, adding: bool) -> int:
    from tracker.db.strand_writes import relink

    with ctx.session() as session:
        now = relink(session, ctx.user, args.kind, args.ref, args.priorities, adding=adding)
    say(f"{args.kind} {args.ref}: links to priorities {', '.join(map(str, now)) or 'none'}")
    return EXIT_OK


def cmd_link_add(args: argparse.Namespace, ctx: Context) -> int:
    return _link(args, ctx, True)


def cmd_link_remove(args: argparse.Namespace, ctx: Context) -> int:
    return _link(args, ctx, False)
