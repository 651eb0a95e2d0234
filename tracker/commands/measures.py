"""`tracker measure set|add|edit`: a measure's value for its own period (dates, a label or a
stored period; a breakdown member; a series), and the measure's own fields."""

import argparse
import sys

from tracker.commands.common import EXIT_OK, Context, iso_date
from tracker.output import say

UNITS = ["count", "percentage", "money", "days", "seconds"]
DIRECTIONS = ["higher_is_better", "lower_is_better"]


def register(commands, command) -> None:
    """The `tracker measure` commands, in the order --help lists them."""
    group = commands.add_parser("measure", help="set a performance measure's value, or add or edit a measure"
                                ).add_subparsers(title="commands", metavar="COMMAND", required=True)
    mset = command("set", cmd_measure_set, "set a measure's value for a period", group)
    mset.add_argument("measure", help="the measure's name or ref")
    mset.add_argument("value_arg", nargs="?", metavar="VALUE", help="the value (or give --value)")
    mset.add_argument("--value", metavar="V", help='a number (29.3, 32,538, 29.3%%), or "n/a" with --footnote')
    mset.add_argument("--period", metavar="LABEL", help="a stored period: the value takes its dates and label")
    mset.add_argument("--start", type=iso_date, metavar="YYYY-MM-DD", help="the value's first day (with --end)")
    mset.add_argument("--end", type=iso_date, metavar="YYYY-MM-DD", help="the value's last day (with --start)")
    mset.add_argument("--label", metavar="LABEL",
                      help='how the period reads; alone, read as dates ("Mar 2016", "Q2 2023/24", "2019/20")')
    mset.add_argument("--by", metavar="MEMBER", help="a breakdown member (the measure needs a dimension)")
    mset.add_argument("--series", choices=["actual", "target", "forecast", "profiled"], default="actual")
    mset.add_argument("--n", metavar="N", help="the sample size, more than 0 (kept if not given)")
    mset.add_argument("--low", metavar="X", help="a range's low end (kept if not given)")
    mset.add_argument("--high", metavar="Y", help="a range's high end (kept if not given)")
    mset.add_argument("--ci", metavar="X", help="confidence interval, +/- in the measure's unit (kept if not given)")
    mset.add_argument("--footnote", metavar="TEXT",
                      help='why a value is missing or not comparable (kept if not given; "" clears it)')
    mset.add_argument("--if-version", type=int, metavar="N", help="save only if the value is still at this version")
    madd = command("add", cmd_measure_add, "add a performance measure (admins)", group)
    madd.add_argument("ref")
    madd.add_argument("--name", required=True)
    madd.add_argument("--area", required=True)
    madd.add_argument("--unit", required=True, choices=UNITS)
    madd.add_argument("--direction", required=True, choices=DIRECTIONS)
    _fields(madd)
    medit = command("edit", cmd_measure_edit, "change a measure's fields", group)
    medit.add_argument("measure", help="the measure's name or ref")
    medit.add_argument("--name")
    medit.add_argument("--area")
    medit.add_argument("--unit", choices=UNITS)
    medit.add_argument("--direction", choices=DIRECTIONS)
    _fields(medit, clearing=True)


def _fields(parser: argparse.ArgumentParser, *, clearing: bool = False) -> None:
    blank = ' ("" clears it)' if clearing else ""
    parser.add_argument("--target", metavar="V", help=f"the simple target{blank}")
    parser.add_argument("--lead", metavar="NAME", help=f"who keeps its values up to date{blank}")
    parser.add_argument("--workstream", metavar="REF", help=f"the workstream it measures (its target can suggest a RAG){blank}")
    parser.add_argument("--description", metavar="TEXT")
    parser.add_argument("--difference", metavar="KIND", help=f"percent, points or absolute{blank}")
    parser.add_argument("--decimals", metavar="N", help=f"decimals a value prints with (0-6){blank}")
    parser.add_argument("--difference-decimals", metavar="N", help=f"decimals the difference prints with{blank}")
    parser.add_argument("--significance", metavar="RULE", help=f"overlap, z_test or none{blank}")
    parser.add_argument("--dimension", metavar="D", help=f"what its breakdown members are: area, system, month, "
                                                         f"category, year{blank}")
    parser.add_argument("--total", metavar="T", help=f"with a dimension: stored or derived{blank}")
    parser.add_argument("--source", metavar="TEXT", help="where the figures come from")
    parser.add_argument("--question", metavar="TEXT", help="a survey measure's question")
    parser.add_argument("--links", metavar="N,N", help='the plan priorities it measures ("" for none)')


def _measure_fields(args: argparse.Namespace, *, clearing: bool) -> dict:
    """The measure's fields given on the command line, as the store takes them ("" clears one)."""
    from tracker.db import plan

    names = ("name", "area", "unit", "direction", "target", "lead", "workstream", "description", "difference",
             "decimals", "difference_decimals", "significance", "dimension", "total", "source", "question")
    given = {name: getattr(args, name, None) for name in names}
    given = {name: value for name, value in given.items() if value is not None}
    for name in ("target", "decimals", "difference_decimals", "difference", "significance", "dimension", "total",
                 "lead", "workstream"):
        if clearing and given.get(name) == "":
            given[name] = None
    if given.get("target") is not None:
        given["target"] = plan.parse_number(given["target"], where="--target")
    for name in ("decimals", "difference_decimals"):
        if given.get(name) is not None:
            given[name] = _whole(given[name], f"--{name.replace('_', '-')}")
    if getattr(args, "links", None) is not None:
        from tracker.commands.strands import priority_numbers

        given["priorities"] = priority_numbers(args.links, "--links")
    return given


def _whole(text: str, where: str) -> int:
    from tracker.db.errors import InvalidInput

    try:
        return int(text)
    except ValueError:
        raise InvalidInput(f"{text!r} is not a whole number", where=where) from None


def cmd_measure_add(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import plan
    from tracker.db.schemas import MeasureCreate, validated

    data = validated(MeasureCreate, {"ref": args.ref} | _measure_fields(args, clearing=False),
                     where=f"measure {args.ref}")
    with ctx.session() as session:
        plan.create_measure(session=session, data=data, actor=ctx.user)
    say(f"added measure {args.ref}: {args.name}")
    return EXIT_OK


def cmd_measure_edit(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import plan
    from tracker.db.schemas import MeasureUpdate, validated

    with ctx.session() as session:
        ref = plan.measure_ref(session, args.measure)
        data = validated(MeasureUpdate, _measure_fields(args, clearing=True), where=f"measure {ref}")
        changed = plan.update_measure(session=session, ref=ref, changes=data, actor=ctx.user)
    say(f"measure {ref}: changed {', '.join(changed)}" if changed else f"measure {ref}: nothing changed")
    return EXIT_OK


def _value_input(args: argparse.Namespace, ref: str):
    """What `measure set` was given, as the store's input (what is not given is kept)."""
    from tracker.db import plan
    from tracker.db.errors import InvalidInput
    from tracker.db.schemas import MeasureValueInput, validated

    if args.value is not None and args.value_arg is not None:
        raise InvalidInput("give the value once: as VALUE or as --value", where="--value")
    text = args.value if args.value is not None else args.value_arg
    if text is None:
        raise InvalidInput('a value is needed (a number, or "n/a" with --footnote)', where="--value")
    given = {"period": args.period, "start": args.start, "end": args.end, "label": args.label, "member": args.by,
             "series": args.series, "value": plan.parse_number(text, where="--value")}
    given = {k: v for k, v in given.items() if v is not None or k == "value"}
    for name in ("low", "high", "ci"):
        if getattr(args, name) is not None:
            given[name] = plan.parse_number(getattr(args, name), where=f"--{name}")
    if args.n is not None:
        given["n"] = _whole(args.n, "--n")
    if args.footnote is not None:
        given["footnote"] = args.footnote
    return validated(MeasureValueInput, given, where=f"measure {ref}"), text


def cmd_measure_set(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import plan
    from tracker.db.errors import Conflict

    with ctx.session() as session:
        ref = plan.measure_ref(session, args.measure)
        data, text = _value_input(args, ref)
        label = plan.value_period(session, data, f"measure {ref}")[0]
        try:
            changed = plan.set_measure_value(session=session, ref=ref, data=data, actor=ctx.user,
                                             expected=args.if_version)
        except Conflict:
            say(f"not saved: tracker measure set {args.measure!r} --label {label!r} --value {text!r}", file=sys.stderr)
            raise
        unit = plan.measure_unit(session, ref)
    shown = plan.format_value(unit, data.value)
    what = f"measure {ref}" + (f" ({data.series.value})" if data.series.value != "actual" else "") + (
        f" for {data.member}" if data.member else "")
    say(f"{what} is {shown} for {label}" if changed else f"{what} was {shown} for {label} already; nothing changed")
    return EXIT_OK
