"""`tracker risk add|set|show` and `tracker risk control add|edit|remove`: the risk register's
fields (register, inherent/current/target scores, review, mitigation statement) and a risk's
existing controls. Every rule is the store's (db/risk_rules); a refusal names where, exit 2."""

import argparse

from tracker.commands.common import EXIT_OK, Context
from tracker.output import say

OPTIONS = {
    "title": "TEXT", "owner": "NAME", "workstream": "REF", "register": "KIND", "inherent_likelihood": "L",
    "inherent_impact": "I", "inherent_score": "S", "likelihood": "L", "impact": "I", "score": "S",
    "target_likelihood": "L", "target_impact": "I", "target_score": "S", "target_reason": "TEXT", "status": "STATUS",
    "board": "NAME", "reviewed_on": "YYYY-MM-DD", "review_date": "YYYY-MM-DD", "direction": "WAY",
    "mitigations": "N", "mitigation_areas": "TEXT", "causes": "TEXT", "consequences": "TEXT", "description": "TEXT",
}
"""Each option (--inherent-likelihood) with its metavar; the store's field where it differs: RENAMED."""
RENAMED = {"register": "register_kind", "direction": "direction_stated", "mitigations": "mitigation_count"}
HELP = {
    "register": "force, command, programme, or none (identified, not recorded)",
    "score": "typed only when likelihood and impact are unknown; else it must be their product",
    "target_reason": "needed when the target is above the inherent score",
    "direction": "up, down or unchanged, as a paper states it (history wins once it holds a rescoring)",
    "mitigations": "how many mitigating actions the source counts (without listing them)",
    "mitigation_areas": 'the areas they cover, separated by ";"',
    "review_date": "the next review as stated; without it, the last review plus the score band's cadence",
}


def register(commands, command) -> None:
    """The `tracker risk` commands, in the order --help lists them."""
    group = commands.add_parser("risk", help="add, change or show a risk, and its controls"
                                ).add_subparsers(title="commands", metavar="COMMAND", required=True)
    add = command("add", cmd_risk_add, "add a risk", group)
    add.add_argument("ref")
    add.add_argument("--portfolio", metavar="CODE", dest="home", help="the portfolio that holds it")
    _fields(add, clearing=False)
    change = command("set", cmd_risk_set, "change a risk's fields (what is not given is kept)", group)
    change.add_argument("ref")
    _fields(change, clearing=True)
    show = command("show", cmd_risk_show, "a risk with its scores, controls, review and direction", group)
    show.add_argument("ref")
    show.add_argument("--format", choices=["text", "json"], default="text")
    controls = group.add_parser("control", help="add, edit or remove a risk's existing controls"
                                ).add_subparsers(title="commands", metavar="COMMAND", required=True)
    cadd = command("add", cmd_risk_control_add, "add an existing control to a risk", controls)
    cadd.add_argument("ref", help="the risk's ref")
    cadd.add_argument("--description", required=True, metavar="TEXT")
    cadd.add_argument("--effectiveness", required=True, metavar="E", help="effective, partly or not")
    cedit = command("edit", cmd_risk_control_edit, "change a control's description or effectiveness", controls)
    cedit.add_argument("ref", help="the risk's ref")
    cedit.add_argument("number", type=int, help="the control's number (tracker risk show lists them)")
    cedit.add_argument("--description", metavar="TEXT")
    cedit.add_argument("--effectiveness", metavar="E", help="effective, partly or not")
    cremove = command("remove", cmd_risk_control_remove, "remove a control from a risk", controls)
    cremove.add_argument("ref", help="the risk's ref")
    cremove.add_argument("number", type=int)


def _fields(parser: argparse.ArgumentParser, *, clearing: bool) -> None:
    blank = ' ("" clears it)' if clearing else ""
    for name, metavar in OPTIONS.items():
        if name == "title" and not clearing:
            parser.add_argument("--title", required=True, metavar=metavar)
            continue
        parser.add_argument(f"--{name.replace('_', '-')}", dest=f"f_{name}", metavar=metavar,
                            help=HELP.get(name, "") + (blank if name != "title" else ""))


def _given(args: argparse.Namespace) -> dict:
    """The options given, as the store's fields; "" is no value; dates read as ISO."""
    given = {}
    for name in OPTIONS:
        value = args.title if name == "title" and not hasattr(args, "f_title") else getattr(args, f"f_{name}", None)
        if value is None:
            continue
        if value == "":
            value = "" if name in ("target_reason", "mitigation_areas", "causes", "consequences", "description") \
                else None
        elif name in ("reviewed_on", "review_date"):
            from tracker.db.dates import parse_date

            value = parse_date(value, where=f"--{name.replace('_', '-')}")
        given[RENAMED.get(name, name)] = value
    return given


def cmd_risk_add(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import store
    from tracker.db.schemas import RiskCreate, validated

    fields = _given(args) | ({"portfolio": args.home} if args.home else {})
    data = validated(RiskCreate, {"ref": args.ref} | fields, where=f"risk {args.ref}")
    with ctx.session() as session:
        store.create_risk(session=session, data=data, actor=ctx.user, scale=ctx.settings.risk_scale.scale())
    say(f"added risk {args.ref}: {data.title}")
    return EXIT_OK


def cmd_risk_set(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import store
    from tracker.db.schemas import RiskUpdate, validated

    data = validated(RiskUpdate, _given(args), where=f"risk {args.ref}")
    with ctx.session() as session:
        changed = store.update_risk(session=session, ref=args.ref, changes=data, actor=ctx.user,
                                    scale=ctx.settings.risk_scale.scale())
    say(f"risk {args.ref}: changed {', '.join(changed)}" if changed else f"risk {args.ref}: nothing changed")
    return EXIT_OK


def cmd_risk_show(args: argparse.Namespace, ctx: Context) -> int:
    from tracker import output
    from tracker.db import views
    from tracker.db.errors import NotFound
    from tracker.db.risk_rules import risk_facts

    from tracker.db.access import readable_scope

    with ctx.session() as session:
        where = readable_scope(session, ctx.user, None)  # a limited user sees their portfolios' risks only
        rows = views.risks(session, portfolio=where, scale=ctx.settings.risk_scale.scale(),
                           cadence=ctx.settings.risk_review.months())
    row = next((r for r in rows if r.ref == args.ref), None)
    if row is None:
        raise NotFound(f"no risk {args.ref!r}", where=f"risk {args.ref}")
    if args.format == "json":
        item = {name: output.plain(getattr(row, name)) for name in row.__slots__ if name != "controls"}
        output.write_json(item | {"controls": [vars_of(c) for c in row.controls]})
    else:
        for line in risk_facts(row):
            say(line)
    return EXIT_OK


def vars_of(control) -> dict:
    return {"number": control.number, "description": control.description, "effectiveness": control.effectiveness}


def cmd_risk_control_add(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import risk_controls
    from tracker.db.risk_schemas import RiskControlInput
    from tracker.db.schemas import validated

    data = validated(RiskControlInput, {"description": args.description, "effectiveness": args.effectiveness},
                     where=f"risk {args.ref}, control")
    with ctx.session() as session:
        number = risk_controls.add_control(session=session, risk=args.ref, data=data, actor=ctx.user)
    say(f"risk {args.ref}: added control {number} ({data.effectiveness})")
    return EXIT_OK


def cmd_risk_control_edit(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import risk_controls
    from tracker.db.risk_schemas import RiskControlUpdate
    from tracker.db.schemas import validated

    given = {k: v for k, v in (("description", args.description), ("effectiveness", args.effectiveness))
             if v is not None}
    data = validated(RiskControlUpdate, given, where=f"risk {args.ref}, control {args.number}")
    with ctx.session() as session:
        changed = risk_controls.edit_control(session=session, risk=args.ref, number=args.number, changes=data,
                                             actor=ctx.user)
    say(f"risk {args.ref}, control {args.number}: " + (f"changed {', '.join(changed)}" if changed else "nothing changed"))
    return EXIT_OK


def cmd_risk_control_remove(args: argparse.Namespace, ctx: Context) -> int:
    from tracker.db import risk_controls

    with ctx.session() as session:
        risk_controls.remove_control(session=session, risk=args.ref, number=args.number, actor=ctx.user)
    say(f"risk {args.ref}: removed control {args.number}")
    return EXIT_OK
