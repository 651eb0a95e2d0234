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
