"""The Operational Policing Command's six-month report (source document 004) as the seeds load
it (seeds/61-paper-opc-2023.toml, with its risks and actions in seeds/30-opc-risks-actions.toml):
the front sheet, the sections in the paper's order with the paper's paragraph counts, the
risks and actions under the functions the paper puts them under, and the paper's figures."""

import datetime as dt
import re

from sqlmodel import select

from tracker.db import prose, views
from tracker.db.enums import PaperStatus, SectionKind
from tracker.db.models import Action, Risk
from tracker.db.paper_views import paper, papers
from tracker.db.papers import PaperKey

PERIOD = "Jul-Dec 2023"
KEY = PaperKey("opc", PERIOD, "six-month report")

HEADINGS = [
    "1.0 Purpose of Report", "2.0 Recommendations", "3.0 Executive Summary", "4.0 Introduction/Background",
    "5.0 Current Work and Performance", "6.0 Implications (Issues)", "7.0 Links to Police and Crime Plan Priorities",
    "8.0 Demand", "9.0 Risks/Mitigation", "10.0 Equality and/or Human Rights Implications",
    "11.0 Health and Safety Implications", "12.0 Consultation/Engagement", "13.0 Actions for Improvement",
    "14.0 Future Work/Development and Expected Outcome",
]
PARAGRAPHS = {"3": 8, "4": 4, "5": 69, "6": 27, "7": 21, "8": 5, "10": 3, "11": 2, "12": 1, "13": 1, "14": 11}
"""The paper's numbered paragraphs per section (3.1-3.8 ... 14.1-14.11); 13.1 is the actions' lead-in."""

RISK_HEADINGS = [
    ("opc.svu", ["9.1"]), ("opc.roads", ["9.2", "9.3"]), ("opc.planning", ["9.4", "9.5"]), ("opc.rmu", ["9.6"]),
    ("opc.dogs", ["9.7"]), ("opc.armed", ["9.8", "9.9", "9.10", "9.11"]), ("opc.driving", ["9.12"]),
]
"""9.0's headings (Serious Violence Unit, Roads Policing, ... Driving) and the paragraphs under each."""


def _ref_order(ref: str) -> tuple:
    return tuple(int(part) for part in re.findall(r"\d+", ref))


def _text(view, number: str) -> str:
    [section] = [s for s in view.sections if s.number == number]
    return section.text


def test_the_front_sheet_is_the_papers(seeded):
    [info] = papers(seeded, "opc", PERIOD)
    assert (info.kind, info.template, info.status) == ("six-month report", "command", PaperStatus.APPROVED)
    assert info.front == {
        "programme": "Performance and Resources Scrutiny Programme 2024",
        "report_to": "the Office of the Police, Fire and Crime Commissioner for Essex",
        "title": "OPC 6 Month Report", "marking": "Official", "agenda_item": "07.0",
        "chief_officer": "ACC Rachel Nolan", "written_on": dt.date(2024, 2, 27), "version": "1",
        "report_from": "Essex Police", "meeting": "", "meeting_date": dt.date(2024, 3, 26),
        "authors": "Ch/Supt Simon Anslow", "approved_on": dt.date(2024, 3, 6), "approved_by": "",
        "cog": "COG – 6th March 2024",
    }  # the paper names no meeting and no approver beside the chief officer: left empty
    period = views.period_by_label(seeded, PERIOD)
    assert (period.start, period.end, period.closed) == (dt.date(2023, 7, 1), dt.date(2023, 12, 31), False)


def test_the_sections_are_the_papers_in_its_order_with_its_paragraph_counts(seeded):
    view = paper(seeded, KEY)
    assert [s.heading for s in view.sections] == HEADINGS
    assert [s.numbered for s in view.sections] == [False, False] + [True] * 12  # 1.0 and 2.0 are not numbered
    data = {s.number: s.kind for s in view.sections if s.is_data}
    assert data == {"9": SectionKind.RISKS, "13": SectionKind.ACTIONS}
    counts = {s.number: prose.paragraphs(s.text) for s in view.sections if s.numbered and s.text}
    assert counts == PARAGRAPHS
    assert _text(view, "9") == ""  # 9.1 is the first risk: 9.0 has no lead-in to take its number


def test_the_function_headings_are_the_papers(seeded):
    view = paper(seeded, KEY)
    headings = [b.text for b in prose.blocks(_text(view, "5")) if isinstance(b, prose.SubHeading)]
    assert headings[:3] == ["Professionalism Trust and Confidence", "Serious Violence Unit", "Roads Policing"]
    assert headings[-2:] == ["Stansted Airport", "Firearms Shotguns Explosive Licensing (FSEL)"] and len(headings) == 17
    rmu = prose.blocks(_text(view, "14"))
    at = rmu.index(prose.SubHeading(2, "RMU"))
    assert isinstance(rmu[at + 2], prose.Items) and len(rmu[at + 2].items) == 7  # 14.9's seven recommendations
    tables = [b for b in prose.blocks(_text(view, "5")) if isinstance(b, prose.Grid)]
    assert [t.rows[0][:2] for t in tables] == [["", "2021"], ["Command structures", "Occasions"],
                                              ["FSU deployments, July to December 2023", "Number"], ["", "July"]]
    assert ["Arrests", "583", "594", "497"] in tables[0].rows and len(tables[3].rows) == 11


def test_risks_and_actions_sit_under_the_functions_the_paper_puts_them_under(seeded):
    rows = sorted(views.risks(seeded, portfolio="opc"), key=lambda r: _ref_order(r.ref))
    groups: list[tuple[str, list[str]]] = []
    for row in rows:
        if not groups or groups[-1][0] != row.portfolio:
            groups.append((row.portfolio, []))
        groups[-1][1].append(row.ref)
    assert groups == RISK_HEADINGS
    homes = {a.ref: a.portfolio for a in views.actions(seeded, portfolio="opc")}  # None: the command's own
    assert {ref: homes[ref] for ref in ("13.2", "13.3", "13.4", "13.5", "13.6")} == {
        "13.2": "opc.rmu", "13.3": "opc.dogs", "13.4": None, "13.5": None, "13.6": "opc.cbrn"}
    risk_of = {a.ref: a.risk for a in views.actions(seeded, portfolio="opc")}
    assert risk_of["9.7/1"] == "9.7" and risk_of["13.3"] is None  # the recruitment mitigates 9.7; 13.3 names no risk
    home_of_risk = {ref: home for home, refs in RISK_HEADINGS for ref in refs}
    assert all(homes[ref] == home_of_risk[risk_of[ref]] for ref in homes if risk_of[ref])  # beside its risk


def test_the_papers_figures_are_kept(seeded):
    view = paper(seeded, KEY)
    summary, work, implications = _text(view, "3"), _text(view, "5"), _text(view, "6")
    for text in (summary, work):
        assert "832 arrests" in text and "248 of them" in text and "1457 deployments" in text
    assert "£450k against a budget of £260k" in implications and "£35k (approx.)" in implications
    assert "more than £450k in 2021" in implications and "£370k in 2022" in implications
    risks = {r.ref: r for r in seeded.exec(select(Risk)).all()}
    assert "The risk score is 60" in risks["9.2"].description and risks["9.2"].score == 60
    assert "scores it at 45" in risks["9.4"].description and risks["9.4"].score == 45
    assert ("There are 10 identified mitigating actions, covering training, procedure, record keeping and review, "
            "and vehicles.") in risks["9.3"].description
    assert "£70,000" in risks["9.1"].description and "Drug Forfeiture Fund" in risks["9.1"].description
    assert "2026" in risks["9.4"].description and "March 2025" in risks["9.4"].description
    assert "5 NFI vacancies on a team of 20" in risks["9.10"].description
    assert "52 training days" in risks["9.10"].description and "£3,000" in risks["9.10"].description
    assert not any(r.description.startswith(("Serious Violence Unit.", "Roads Policing.")) for r in risks.values())
    actions = {a.ref: a for a in seeded.exec(select(Action)).all()}
    cbrn = prose.blocks(actions["13.6"].detail)
    assert [type(b) for b in cbrn] == [prose.Para, prose.Items] and len(cbrn[1].items) == 6
    assert "10 CBRN trained officers" in cbrn[0].text and "62" in cbrn[0].text
    assert "T&E to be delivered in 2025" in cbrn[1].items[-1]
