"""`tracker paper section add|edit|move|remove|confirm`: a paper's outline, one section at a time.

`section edit KEY` with no field options opens $EDITOR (then $VISUAL) on the section's text, or
reads it from --from-file FILE (- for standard input); the field options change only those
fields. Any edit marks a section copied from last period's paper as updated; `confirm` does that
alone, for a section that needs no change this period.
"""

import argparse

from tracker.commands.common import EXIT_OK, Context
from tracker.output import say


def register(group, command, paper) -> None:
    from tracker.db.enums import SectionKind

    kinds = [k.value for k in SectionKind]
    def paper_options(parser):
        return paper(parser, "--paper-kind")

    section = group.add_parser("section", help="add, edit, move, remove or confirm a paper's sections"
                               ).add_subparsers(title="commands", metavar="COMMAND", required=True)
    add = paper_options(command("add", cmd_paper_section_add, "add a section (last, or --at N)", section))
    add.add_argument("key", nargs="?", metavar="KEY", help="its name in commands (default: made from the title)")
    add.add_argument("--title", required=True, metavar="T", help='its heading ("" for one that continues the last)')
    add.add_argument("--kind", choices=kinds, default="narrative")
    add.add_argument("--level", type=int, choices=[1, 2], default=1, help="2: numbered 6.1 under the section before")
    add.add_argument("--numbered", action="store_true", help="number its paragraphs 5.1, 5.2...")
    add.add_argument("--at", type=int, metavar="N", help="its position, 1 first (default: last)")
    edit = paper_options(command("edit", cmd_paper_section_edit,
                                 "edit a section's text ($EDITOR, --from-file or stdin) or its fields", section))
    edit.add_argument("key", metavar="KEY")
    edit.add_argument("--from-file", metavar="FILE", help="the text from FILE (- for standard input)")
    edit.add_argument("--title", metavar="T")
    edit.add_argument("--nil-text", metavar="TEXT",
                      help='what a data section says with nothing in scope ("" for the default)')
    edit.add_argument("--caption", metavar="TEXT", help='a table\'s caption ("Table 1 – CAPTION")')
    edit.add_argument("--kind", choices=kinds)
    edit.add_argument("--level", type=int, choices=[1, 2])
    numbered = edit.add_mutually_exclusive_group()
    numbered.add_argument("--numbered", dest="numbered", action="store_const", const=True)
    numbered.add_argument("--not-numbered", dest="numbered", action="store_const", const=False)
    move = paper_options(command("move", cmd_paper_section_move, "move a section to position N", section))
    move.add_argument("key", metavar="KEY")
    move.add_argument("--to", type=int, required=True, metavar="N", help="1 is first")
    remove = paper_options(command("remove", cmd_paper_section_remove, "remove a section (history keeps it)", section))
    remove.add_argument("key", metavar="KEY")
    confirm = paper_options(command("confirm", cmd_paper_section_confirm, "mark a section updated for this period "
                                    "without changing it", section))
    confirm.add_argument("key", metavar="KEY")


def _heading(session, key, section: str) -> str:
    from tracker.db.paper_views import sections

    found = next((s for s in sections(session, key) if s.key == section), None)
    return f"section {found.heading} ({section})" if found and found.heading else f"section {section}"


def cmd_paper_section_add(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.commands.paper_text import key_of
    from tracker.db import papers
    from tracker.db.paper_schemas import SectionInput
    from tracker.db.schemas import validated

    key = key_of(args)
    with ctx.session() as session:
        name = args.key or papers.next_free_key(session, key, args.title)
        data = validated(SectionInput, {"key": name, "title": args.title, "kind": args.kind, "level": args.level,
                                        "numbered": args.numbered}, where=f"{key.where}, section {name}")
        position = papers.add_section(session=session, actor=ctx.user, key=key, section=data, position=args.at)
        shown = _heading(session, key, name)
    say(f"{key.where}: added {shown} at position {position}")
    return EXIT_OK


def _field_changes(args: argparse.Namespace) -> dict:
    given = {"title": args.title, "nil_text": args.nil_text, "caption": args.caption, "kind": args.kind,
             "level": args.level, "numbered": args.numbered}
    return {f: v for f, v in given.items() if v is not None}


def cmd_paper_section_edit(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.commands.paper_text import new_text
    from tracker.commands.paper_text import key_of
    from tracker.db import papers
    from tracker.db.changes import record_version
    from tracker.db.enums import Entity
    from tracker.db.paper_schemas import SectionUpdate
    from tracker.db.paper_views import paper
    from tracker.db.schemas import validated

    key = key_of(args)
    where = f"{key.where}, section {args.key}"
    given = _field_changes(args)
    with ctx.session() as session:
        view = paper(session, key)
        found = next((s for s in view.sections if s.key == args.key), None)
        if found is None:  # the store's refusal, naming the sections there are
            papers.edit_section(session=session, actor=ctx.user, key=key, section=args.key, changes=SectionUpdate())
        version = record_version(session, Entity.PAPER_SECTION.value, key.section_ref(args.key), key.period)
        session.rollback()  # no read transaction stays open while the editor is
        if args.from_file is not None or not given:
            from tracker.db.rules import refuse_frozen_paper

            papers.authorize_paper(session, ctx.user, key, f"section {args.key}")  # before the editor opens
            session.rollback()
            refuse_frozen_paper(view.info.status.value, str(view.info.front["version"] or ""), key.where)
            given["text"] = new_text(args, found.text, where)
        changes = validated(SectionUpdate, given, where=where)
        changed = papers.edit_section(session=session, actor=ctx.user, key=key, section=args.key, changes=changes,
                                      expected=version)
    shown = [f for f in changed if f != "stale"]
    if shown:
        say(f"{where}: changed {', '.join(shown)}")
    else:
        say(f"{where}: " + ("marked updated for " + key.period if changed else "nothing changed"))
    return EXIT_OK


def cmd_paper_section_move(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.commands.paper_text import key_of
    from tracker.db import papers

    key = key_of(args)
    with ctx.session() as session:
        moved = papers.move_section(session=session, actor=ctx.user, key=key, section=args.key, position=args.to)
        shown = _heading(session, key, args.key)
    say(f"{key.where}: {shown} " + (f"is now at position {args.to}" if moved else f"is at position {args.to} already"))
    return EXIT_OK


def cmd_paper_section_remove(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.commands.paper_text import key_of
    from tracker.db import papers

    key = key_of(args)
    with ctx.session() as session:
        papers.remove_section(session=session, actor=ctx.user, key=key, section=args.key)
    say(f"{key.where}: removed section {args.key} (history keeps it)")
    return EXIT_OK


def cmd_paper_section_confirm(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.commands.paper_text import key_of
    from tracker.db import papers
    from tracker.db.paper_schemas import SectionUpdate

    key = key_of(args)
    with ctx.session() as session:
        changed = papers.edit_section(session=session, actor=ctx.user, key=key, section=args.key,
                                      changes=SectionUpdate(stale=False))
    say(f"{key.where}: section {args.key} " + (f"marked updated for {key.period}" if changed
                                                else "was not marked as needing an update; nothing changed"))
    return EXIT_OK
