"""The 2023 collaboration report (000) as the seeds hold it: its front sheet, its sections in the
paper's order and numbering, the nil returns in the paper's words, and the narratives keeping the
paper's figures, lists and names (seeds/60-paper-collab-2023.toml)."""

import datetime as dt
import tomllib

from tracker.db import paper_views, prose, views
from tracker.db.enums import PaperStatus, SectionKind
from tracker.db.papers import PaperKey
from tracker.interchange import export_toml

KEY = PaperKey("collab", "2023")


def _paper(seeded):
    return paper_views.paper(seeded, KEY)


def _blocks(text: str, kind) -> list:
    return [b for b in prose.blocks(text) if isinstance(b, kind)]


def test_the_front_sheet_is_the_papers(seeded):
    info = _paper(seeded).info
    assert info.front == {
        "programme": "Performance and Resources Scrutiny Programme 2023",
        "report_to": "the Office of the Police, Fire and Crime Commissioner for Essex",
        "title": "Collaboration Report", "marking": "Official", "agenda_item": "6.0",
        "chief_officer": "ACO Fiona Henderson", "written_on": dt.date(2023, 10, 23), "version": "1.0",
        "report_from": "Essex Police", "meeting": "", "meeting_date": dt.date(2023, 11, 27),
        "authors": "Anna Hook / Christine Nicholson", "approved_on": dt.date(2023, 11, 1), "approved_by": "",
        "cog": "At COG on 1st November 2023.",
    }
    assert info.status == PaperStatus.APPROVED and info.template == "scrutiny"
    assert paper_views.the_paper(seeded, "collab", "2023").info == info


def test_the_sections_are_in_the_papers_order_with_its_headings(seeded):
    sections = _paper(seeded).sections
    assert [(s.heading, s.kind) for s in sections] == [
        ("1.0 Purpose of Report", SectionKind.NARRATIVE),
        ("2.0 Recommendations", SectionKind.NARRATIVE),
        ("3.0 Executive Summary", SectionKind.NARRATIVE),
        ("4.0 Introduction/Background", SectionKind.NARRATIVE),
        ("5.0 Current Work and Performance", SectionKind.NARRATIVE),
        ("", SectionKind.DASHBOARD),
        ("", SectionKind.WORKSTREAMS),
        ("6.0 Implications (Issues)", SectionKind.NARRATIVE),
        ("6.1 Links to Police and Crime Plan Priorities", SectionKind.NARRATIVE),
        ("6.2 Demand", SectionKind.NARRATIVE),
        ("6.3 Risks/Mitigation", SectionKind.RISKS),
        ("6.4 Equality and/or Human Rights Implications", SectionKind.NARRATIVE),
        ("6.5 Health and Safety Implications", SectionKind.NARRATIVE),
        ("7.0 Consultation/Engagement", SectionKind.CONSULTATION),
        ("8.0 Actions for Improvement", SectionKind.ACTIONS),
        ("9.0 Future Work/Development and Expected Outcome", SectionKind.NARRATIVE),
    ]
    by_key = {s.key: s for s in sections}
    assert by_key["dashboard"].caption == "Collaboration dashboard"
    assert not any(s.numbered or s.stale for s in sections)
    # No ratings summary after the executive summary: the paper's own gives the counts.
    assert "10 collaborative workstreams: 7 are rated green and 3 amber" in by_key["executive-summary"].text
    assert "13 collaborative workstreams" in by_key["executive-summary"].text


def test_the_nil_returns_are_worded_as_the_paper_words_them(seeded):
    by_key = {s.key: s for s in _paper(seeded).sections}
    assert by_key["risks"].nil_text == "No collaboration related strategic risks at this time."
    assert by_key["actions"].nil_text == ("No Areas for Improvement (AFIs) relating to collaborative "
                                          "activities currently.")
    assert by_key["implications"].text.strip() == "No implications noted at this time."
    assert by_key["health-safety"].text.strip() == "No implications noted regarding Health and Safety at this time."
    # ... and they are what prints: the portfolio holds no risks or actions.
    assert views.risks(seeded, portfolio="collab") == []
    assert views.actions(seeded, portfolio="collab") == []


def test_the_implications_keep_the_plans_priorities_and_the_fms_areas(seeded):
    by_key = {s.key: s for s in _paper(seeded).sections}
    (priorities,) = _blocks(by_key["plan-links"].text, prose.Items)
    assert priorities.numbered and len(priorities.items) == 12
    assert priorities.items[6] == "Preventing dog theft" and priorities.items[11] == "Increasing collaboration"
    assert '"Victims are at the Heart of What We Do"' in by_key["plan-links"].text
    (areas,) = _blocks(by_key["demand"].text, prose.Items)
    assert areas.numbered and areas.items[0] == "Strategic prevention activity with partners." and len(areas.items) == 5
    assert "PA Consulting" in by_key["demand"].text and "FMS 2023" in by_key["demand"].text


def test_every_2023_workstream_and_the_national_section_has_its_narrative(seeded):
    found = paper_views.narratives(seeded, "2023")
    assert sorted(found.workstreams) == ["5.1.1", "5.1.2", "5.2.1", "5.3.1", "5.4.1", "5.4.2", "5.4.3",
                                         "5.5.1", "5.5.2", "5.5.3"]
    national = found.sections["5.3"]
    assert "formally closed in May 2023" in national and "Single Online Home (SOH)" in national
    assert "(SCCB)" in national


def test_the_narratives_keep_the_papers_figures_and_lists(seeded):
    ws = paper_views.narratives(seeded, "2023").workstreams
    (go_lives,) = _blocks(ws["5.1.2"], prose.Items)
    assert len(go_lives.items) == 8
    for name in ("Good Sam Rapid Video Response", "e-PMS", "FCR Smart Storm alerting", "i-Leap", "DAMS",
                 "NLED platform", "DocDefender", "Crown Hosting"):
        assert sum(name in item for item in go_lives.items) == 1, name
    assert "ILAS" in ws["5.1.2"] and "Home Office STAR funding" in ws["5.1.2"]
    for dated in ("January 23", "February 23", "May 23", "Q4 23/24", "in 2025", "circa 500", "ACC Brookes",
                  "P@RS"):
        assert dated in ws["5.3.1"], dated
    for figure in ("£14.266m", "£15.4m", "6 years into a 10-year", "£30,965", "£68,540", "Hoffmanns Way",
                   "Kelvedon Park", "Dovercourt", "Lower Thames Crossing"):
        assert figure in ws["5.4.1"], figure
    assert "Epping Forest & Brentwood and Basildon" in ws["5.4.2"] and "section 114" in ws["5.4.2"]
    (npa, governance) = _blocks(ws["5.4.3"], prose.Items)
    assert npa.items == ["Concern for Welfare.", "Section 135 & S136 of MHA and voluntary MH patients.",
                         "Walk out of healthcare facilities and absent without leave from MH establishments.",
                         "Transportation of patients."]
    assert len(governance.items) == 6 and "Kevin Baldwin" in governance.items[0]
    assert "Peter Devlin" in governance.items[1] and "21% of homicides" in ws["5.4.3"]
    (themes,) = _blocks(ws["5.5.2"], prose.Items)
    assert themes.numbered and len(themes.items) == 5 and "over 90 people" in ws["5.5.2"]
    assert all(f in ws["5.5.3"] for f in ("25 Cyber Volunteers", "7 more", "8 Cyber", "4 volunteers",
                                           "9 Police Support Volunteers", "Jen Housego"))


def test_the_narratives_do_not_repeat_the_rationale_or_the_grade(seeded):
    data = tomllib.loads(export_toml(seeded))
    rationale = {w["ref"]: a["rationale"] for w in data["workstream"] for a in w.get("assessment", [])
                 if a["period"] == "2023"}
    narratives = paper_views.narratives(seeded, "2023").workstreams
    assert len(narratives) == 10
    for ref, text in narratives.items():
        assert rationale[ref] not in text, ref
        assert "remains green" not in text.lower() and "graded green" not in text.lower(), ref


def test_the_consultation_list_is_the_papers_section_7(seeded):
    data = tomllib.loads(export_toml(seeded))
    listed = [(c["name"], c.get("area", "")) for c in data["consultation"]
              if c["portfolio"] == "collab" and c["period"] == "2023"]
    assert listed == [
        ("ACC Andrew Pritchard", "SCD"), ("Claire Medhurst", "SSD"), ("Stacey Rothwell", "7 Force Network, ERIN"),
        ("Catherine Halliday", "IT"), ("Ch Insp Michael Samuel", "ECFRS"), ("Det Supt Natalia Ross", "Mental Health"),
        ("Matt Robbins", "ecda"), ("Jen Housego", "BT Hothouse"), ("Sarah Wright", "Cyber Specials and Volunteers"),
        ("Emma Gillgan", "AFIs and Strategic Risks"), ("ACO Fiona Henderson", ""),
    ]
