"""The command's (004) risks as seeded, against the paper's section 9 (values typed from the
paper, /work/shared/seed-documents/004: 9.2 "The risk score sits at 60", 9.4 "a score of 45",
9.3 "10 identified mitigating actions, covering training, procedure, record keeping and review,
and vehicles", 9.5 "a recorded risk", 9.11 "a recorded risk for the command", 9.12 "a reduction
in the risk score", 11.1 "a Gold Group chaired by the Head of OPC")."""

from tracker.db import views


def test_the_command_risks_carry_what_the_paper_says_and_no_more(seeded):
    rows = {r.ref: r for r in views.risks(seeded, portfolio="opc")}
    assert len(rows) == 12
    assert {ref: r.score for ref, r in rows.items() if r.score is not None} == {"9.2": 60, "9.4": 45}
    assert all(r.score_typed for r in rows.values() if r.score is not None)  # printed as scores, no L x I
    assert all(r.inherent_score is None and r.target_score is None for r in rows.values())  # none printed
    assert {ref: r.register_kind for ref, r in rows.items() if r.register_kind} == {
        "9.2": "force", "9.5": "command", "9.11": "command"}
    assert rows["9.2"].board == "Gold Group chaired by the Head of OPC"
    assert (rows["9.3"].mitigation_count, rows["9.3"].mitigation_areas) == (
        10, "training; procedure; record keeping and review; vehicles")
    assert rows["9.3"].actions == 0  # the paper lists none of the ten: none is made up
    assert rows["9.12"].direction == "down"
    assert [r.ref for r in rows.values() if r.direction] == ["9.12"]
    assert all(not r.controls for r in rows.values())  # the paper rates no existing control


def test_the_pursuits_statement_reads_as_the_paper_makes_it(seeded):
    from tracker.db.risk_rules import mitigation_statement

    row = {r.ref: r for r in views.risks(seeded, portfolio="opc")}["9.3"]
    assert mitigation_statement(row.mitigation_count, row.mitigation_areas) == (
        "10 mitigating actions identified, covering training, procedure, record keeping and review, and vehicles")


def test_the_reports_risks_section_reads_as_the_papers_section_9(seeded):
    import datetime as dt

    from tracker.reports import build_document
    from tracker.reports.document import Facts, Heading

    document = build_document(seeded, period="Jul-Dec 2023", author="Someone", portfolio="opc",
                              today=dt.date(2024, 3, 1))[0]
    blocks = document.blocks
    start = next(n for n, b in enumerate(blocks) if isinstance(b, Heading) and b.shown == "9.0 Risks/Mitigation")
    end = next(n for n, b in enumerate(blocks) if n > start and isinstance(b, Heading) and b.number)
    facts = {b.parts[0]: b.parts for b in blocks[start:end] if isinstance(b, Facts)}
    assert facts["Risk 9.2"] == ("Risk 9.2", "on the force risk register", "score 60",
                                 "monitored by Gold Group chaired by the Head of OPC", "owner Head of OPC",
                                 "2 mitigating actions")
    assert facts["Risk 9.3"] == ("Risk 9.3", "not scored", "10 mitigating actions identified, covering training, "
                                 "procedure, record keeping and review, and vehicles")
    assert facts["Risk 9.4"][:2] == ("Risk 9.4", "score 45")
    assert facts["Risk 9.5"][:2] == ("Risk 9.5", "on the command's risk register")
    assert facts["Risk 9.11"][:2] == ("Risk 9.11", "on the command's risk register")
    assert "score reduced" in facts["Risk 9.12"]
    assert len(facts) == 12
