"""`tracker paper new|list|show|set|section ...|approve|present|version|delete`: a board paper's
front sheet and its outline of sections, kept by its portfolio's lead. The store (db/papers.py)
decides who may and what is valid; errors name the paper, section and field."""

import argparse

from tracker.commands.common import EXIT_OK, Context, emit, iso_date
from tracker.commands.paper_text import key_of
from tracker.output import say

FIELD_OPTIONS = {f: "--" + f.replace("_", "-") for f in (
    "title", "programme", "report_to", "marking", "agenda_item", "meeting", "meeting_date", "chief_officer",
    "written_on", "version", "report_from", "authors", "approved_by", "approved_on", "cog")}
"""Every front sheet field and its option in `tracker paper set`."""
DATES = ("meeting_date", "written_on", "approved_on")


def register(commands, command) -> None:
    """The `tracker paper` commands, in the order --help lists them (`tracker narrative` too)."""
    from tracker.commands import paper_sections, paper_text

    group = commands.add_parser("paper", help="a board paper: front sheet, sections, approval").add_subparsers(
        title="commands", metavar="COMMAND", required=True)
    new = _paper(command("new", cmd_paper_new, "start a paper from a template or the last period's paper", group))
    new.add_argument("--template", choices=["scrutiny", "command"], help="its outline (default: scrutiny)")
    new.add_argument("--from", dest="from_period", metavar="PREVIOUS",
                     help="copy the front sheet and outline of this period's paper (sections marked not yet updated)")
    new.add_argument("--title", metavar="T", help="the title of the report (needed unless copied)")
    listing = command("list", cmd_paper_list, "list papers, newest period first", group)
    listing.add_argument("-P", "--portfolio", metavar="CODE", help="only this portfolio's (and its children's)")
    listing.add_argument("--period", metavar="LABEL")
    listing.add_argument("--format", choices=["table", "json"], default="table")
    show = _paper(command("show", cmd_paper_show, "the front sheet and the numbered outline", group))
    show.add_argument("--format", choices=["text", "json"], default="text")
    set_ = _paper(command("set", cmd_paper_set, 'set front sheet fields ("" empties one)', group))
    for field, option in FIELD_OPTIONS.items():
        set_.add_argument(option, dest=field, metavar="YYYY-MM-DD" if field in DATES else "TEXT")
    paper_sections.register(group, command, _paper)
    approve = _paper(command("approve", cmd_paper_approve, "record the approval: the paper is frozen", group))
    approve.add_argument("--by", metavar="NAME", help="who approved it (default: you)")
    approve.add_argument("--on", type=iso_date, metavar="YYYY-MM-DD", help="when (default: today)")
    _paper(command("present", cmd_paper_present, "record that the approved paper went to its meeting", group))
    version = _paper(command("version", cmd_paper_version, "start a new version of an approved paper", group))
    version.add_argument("new", metavar="NEW", help='the new version number, e.g. "2.0"')
    _paper(command("delete", cmd_paper_delete, "delete a draft paper and its sections", group))
    paper_text.register(commands, command)


def _paper(parser: argparse.ArgumentParser, kind: str = "--kind") -> argparse.ArgumentParser:
    """The options naming a paper; a section command calls its paper's kind --paper-kind (its
    --kind is the section's)."""
    parser.add_argument("-P", "--portfolio", required=True, metavar="CODE", help="the paper's portfolio")
    parser.add_argument("--period", required=True, metavar="LABEL")
    parser.add_argument(kind, dest="paper_kind", default="report", metavar="K",
                        help='tells two papers of a period apart, e.g. "annual report" (default: report)')
    return parser


def cmd_paper_new(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import papers
    from tracker.db.paper_schemas import FrontSheetUpdate
    from tracker.db.schemas import validated

    key = key_of(args)
    if args.from_period is not None and args.template is not None:
        from tracker.db.errors import InvalidInput

        raise InvalidInput("a copied paper takes the last one's outline: give --template or --from, not both",
                           where=key.where)
    if args.from_period is None and not (args.title or "").strip():
        from tracker.db.errors import InvalidInput

        raise InvalidInput("a new paper needs a title: give --title (or copy one with --from PREVIOUS)",
                           where=f"{key.where}, title")
    front = validated(FrontSheetUpdate, {"title": args.title}, where=key.where) if args.title else None
    with ctx.session() as session:
        papers.create_paper(session=session, actor=ctx.user, key=key, front=front,
                            template=args.template or "scrutiny", from_period=args.from_period)
        from tracker.db.paper_views import sections

        count, stale = len(found := sections(session, key)), sum(s.stale for s in found)
    source = f"copied from {args.from_period}, {stale} not yet updated" if args.from_period else (
        f"from the {args.template or 'scrutiny'} template")
    say(f"new {key.where}: {count} sections ({source})")
    return EXIT_OK


def _info(p) -> dict:
    from tracker import output

    return {"portfolio": p.portfolio, "period": p.period, "kind": p.kind, "status": p.status.value,
            "template": p.template, **{f: output.plain(v) for f, v in p.front.items()}}


def cmd_paper_list(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.commands.scoping import check_portfolio
    from tracker.db.access import readable_scope
    from tracker.db.paper_views import papers

    with ctx.session() as session:
        check_portfolio(session, args.portfolio)
        found = papers(session, readable_scope(session, ctx.user, args.portfolio), args.period)
    items = [_info(p) for p in found]
    columns = ["portfolio", "period", "kind", "status", "version", "title"]
    return emit(args.format, "Papers", items, list(items[0]) if items else columns, columns)


def cmd_paper_show(args: argparse.Namespace, ctx: Context) -> int:
    from tracker import output
    from tracker.db.paper_views import FRONT_LABELS, paper

    with ctx.session() as session:
        view = paper(session, key_of(args))
    outline = [{"number": s.number, "heading": s.heading, "key": s.key, "title": s.title, "kind": s.kind.value,
                "level": s.level, "numbered": s.numbered, "stale": s.stale, "caption": s.caption,
                "first_line": _first_line(s.text), "text": s.text, "nil_text": s.nil_text} for s in view.sections]
    if args.format == "json":
        output.write_json({"paper": _info(view.info), "sections": outline})
        return EXIT_OK
    info = view.info
    say(f"Paper {info.key.ref} {info.period}: {info.status.value}" + (f", from the {info.template} template"
                                                                      if info.template else ""))
    for field, label in FRONT_LABELS.items():
        value = info.front[field]
        say(f"  {label}: {output.plain(value) if value not in (None, '') else '—'}")
    say("Sections:")
    for item in outline:
        flags = [item["key"], item["kind"], *(["not yet updated for " + info.period] if item["stale"] else [])]
        say(f"  {item['heading'] or '    (continues)'}  [{', '.join(flags)}]")
        if item["first_line"]:
            say(f"      {item['first_line']}")
    return EXIT_OK


def _first_line(text: str, limit: int = 60) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def cmd_paper_set(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.errors import InvalidInput
    from tracker.db.paper_schemas import FrontSheetUpdate
    from tracker.db.papers import update_front_sheet
    from tracker.db.schemas import validated

    key = key_of(args)
    given = {f: getattr(args, f) for f in FIELD_OPTIONS if getattr(args, f) is not None}
    if not given:
        raise InvalidInput(f"say what to set, e.g. --title TEXT; the fields: {', '.join(FIELD_OPTIONS.values())}",
                           where=key.where)
    for field in DATES:
        if field in given:
            given[field] = _date(given[field], f"{key.where}, {FIELD_OPTIONS[field]}")
    if given.get("title", None) == "":
        raise InvalidInput("a paper's title must not be empty", where=f"{key.where}, title")
    changes = validated(FrontSheetUpdate, given, where=key.where)
    with ctx.session() as session:
        changed = update_front_sheet(session=session, actor=ctx.user, key=key, changes=changes)
    say(f"{key.where}: set {', '.join(changed)}" if changed else f"{key.where}: nothing changed")
    return EXIT_OK


def _date(text: str, where: str):
    import datetime as dt

    if text == "":
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        from tracker.db.errors import InvalidInput

        raise InvalidInput(f"{text!r} is not a date like 2024-03-31", where=where) from None


def cmd_paper_approve(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.papers import approve_paper

    key = key_of(args)
    with ctx.session() as session:
        approve_paper(session=session, actor=ctx.user, key=key, by=args.by, on=args.on)
    say(f"{key.where}: approved by {args.by or ctx.user}; it is frozen until a new version (`tracker paper version`)")
    return EXIT_OK


def cmd_paper_present(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.papers import present_paper

    key = key_of(args)
    with ctx.session() as session:
        present_paper(session=session, actor=ctx.user, key=key)
    say(f"{key.where}: presented")
    return EXIT_OK


def cmd_paper_version(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.papers import new_version

    key = key_of(args)
    with ctx.session() as session:
        new_version(session=session, actor=ctx.user, key=key, version=args.new)
    say(f"{key.where}: version {args.new.strip()}, a draft again")
    return EXIT_OK


def cmd_paper_delete(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.papers import delete_paper

    key = key_of(args)
    with ctx.session() as session:
        delete_paper(session=session, actor=ctx.user, key=key)
    say(f"{key.where}: deleted (history keeps it)")
    return EXIT_OK
