"""Long text for papers from the command line: `$EDITOR` (then `$VISUAL`) on a temporary file,
a file (`--from-file F`) or standard input (`--from-file -`); and `tracker narrative set|show`.

Text is read as UTF-8 and stored as written, less the trailing newline an editor adds; the store
checks its length (db/paper_schemas.PAPER_TEXT_MAX) and refuses too long a text with the limit.
"""

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from tracker.commands.common import EXIT_OK, Context
from tracker.output import say

READ_MAX = 8 * 1024 * 1024
"""A file larger than this (bytes) is refused before it is read: far past any text the store takes."""


def key_of(args: argparse.Namespace):
    """The paper the options name (-P, --period, --kind or, in section commands, --paper-kind)."""
    from tracker.db.papers import PaperKey

    return PaperKey(args.portfolio, args.period, args.paper_kind)


def _invalid(message: str, where: str):
    from tracker.db.errors import InvalidInput

    return InvalidInput(message, where=where)


def _decoded(raw: bytes, where: str) -> str:
    if len(raw) > READ_MAX:
        raise _invalid(f"is {len(raw):,} bytes; a paper's text is at most 100,000 characters", where)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _invalid(f"is not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again", where) from None
    return text.replace("\r\n", "\n").rstrip("\n")


def read_source(name: str) -> str:
    """The text of file `name`, or of standard input for "-"."""
    if name == "-":
        stream = getattr(sys.stdin, "buffer", None)
        raw = stream.read(READ_MAX + 1) if stream is not None else sys.stdin.read(READ_MAX + 1).encode("utf-8")
        return _decoded(raw, "--from-file - (standard input)")
    where = f"--from-file {name}"
    path = Path(name)
    try:
        with path.open("rb") as handle:
            return _decoded(handle.read(READ_MAX + 1), where)
    except FileNotFoundError:
        raise _invalid("no such file", where) from None
    except IsADirectoryError:
        raise _invalid("is a folder, not a file", where) from None
    except OSError as exc:
        raise _invalid(f"cannot be read: {exc.strerror or exc}", where) from None


def editor_command() -> list[str]:
    """$EDITOR, else $VISUAL, split as a shell would; refused clearly when neither is set."""
    for variable in ("EDITOR", "VISUAL"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as exc:
                raise _invalid(f"cannot be read as a command ({exc})", f"${variable}") from None
            if words:
                return words
    raise _invalid("no editor is set: set $EDITOR (or $VISUAL), or give --from-file FILE (- for standard input)",
                   "$EDITOR")


def edit_in_editor(text: str, what: str) -> str:
    """`text` edited by the user in their editor; the edited text (refused if the editor fails)."""
    command = editor_command()
    with tempfile.TemporaryDirectory(prefix="tracker-") as folder:
        path = Path(folder) / "text.md"
        path.write_text(text + "\n" if text else "", encoding="utf-8")
        try:
            done = subprocess.run([*command, str(path)])
        except OSError as exc:
            raise _invalid(f"{command[0]!r} could not be started: {exc.strerror or exc}; nothing saved",
                           "$EDITOR") from None
        if done.returncode != 0:
            raise _invalid(f"the editor exited with status {done.returncode}, so {what} was not saved", "$EDITOR")
        return _decoded(path.read_bytes(), f"the edited text of {what}")


def new_text(args: argparse.Namespace, current: str, what: str) -> str:
    """The text from --from-file (or stdin), else from the editor on `current`."""
    if args.from_file is not None:
        return read_source(args.from_file)
    return edit_in_editor(current, what)


# ---------------------------------------------------------------------------------------------
# tracker narrative


def register(commands, command) -> None:
    group = commands.add_parser("narrative", help="a workstream's or dashboard section's longer text for a period"
                                ).add_subparsers(title="commands", metavar="COMMAND", required=True)
    set_ = command("set", cmd_narrative_set, "write the narrative ($EDITOR, --from-file or stdin; empty removes it)",
                   group)
    show = command("show", cmd_narrative_show, "print the narrative", group)
    for sub in (set_, show):
        sub.add_argument("ref", nargs="?", help='the workstream, e.g. "5.4.3"')
        sub.add_argument("--section", metavar="CODE", help="a dashboard section's narrative instead, e.g. 5.3")
        sub.add_argument("--period", required=True, metavar="LABEL")
    set_.add_argument("--from-file", metavar="FILE", help="read the text from FILE (- for standard input)")


def _target(args: argparse.Namespace) -> tuple[str | None, str | None, str]:
    if (args.ref is None) == (args.section is None):
        raise _invalid("give a workstream ref or --section CODE (one of them)", "narrative")
    if args.ref is not None:
        return args.ref, None, f"workstream {args.ref}"
    return None, args.section, f"section {args.section}"


def cmd_narrative_set(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db.changes import record_version
    from tracker.db.enums import Entity
    from tracker.db.paper_views import narrative
    from tracker.db.papers import set_narrative

    workstream, section, shown = _target(args)
    entity = Entity.NARRATIVE if workstream else Entity.SECTION
    with ctx.session() as session:
        current = narrative(session, args.period, workstream=workstream, section=section)
        version = record_version(session, entity.value, workstream or section, args.period)
        session.rollback()  # no read transaction stays open while the editor is
        text = new_text(args, current, f"the narrative of {shown}")
        changed = set_narrative(session=session, actor=ctx.user, period=args.period, text=text,
                                workstream=workstream, section=section, expected=version)
    if not changed:
        say(f"narrative of {shown}, {args.period}: unchanged")
    else:
        say(f"narrative of {shown}, {args.period}: " + ("removed" if not text.strip() else f"{len(text):,} characters"))
    return EXIT_OK


def cmd_narrative_show(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import views
    from tracker.db.paper_views import narrative
    from tracker.db.progress import timeline

    workstream, section, shown = _target(args)
    with ctx.session() as session:
        views.period_by_label(session, args.period)
        if workstream is not None:
            timeline(session, workstream)  # NotFound for a ref that names no workstream
        text = narrative(session, args.period, workstream=workstream, section=section)
    say(text if text else f"(no narrative of {shown} for {args.period})")
    return EXIT_OK
