"""The plan and the numbers: commitments with quarterly commentary by team, and performance
measures compared as the 2016 update compares them. Store, seeds, CLI and interchange."""

import datetime as dt
import json

import pytest
from sqlalchemy import select
from tracker.db import changes, plan, store, views
from tracker.db.enums import Rag
from tracker.db.errors import Conflict, Forbidden, InvalidInput, NotFound
from tracker.db.models import ChangeEvent
from tracker.db.schemas import (
    CommentaryInput,
    CommitmentUpdate,
    MeasureCreate,
    MeasureUpdate,
    MeasureValueInput,
    PeriodCreate,
    validated,
)

from tests.inprocess import run_cli

Q2, Q3 = "Q2 2023/24", "Q3 2023/24"


def add_q3(session) -> None:
    store.create_period(session=session, data=PeriodCreate(label=Q3, start=dt.date(2023, 10, 1),
                                                           end=dt.date(2023, 12, 31)), actor="admin")


def history(session, entity: str, ref: str) -> list[ChangeEvent]:
    return list(session.execute(
        select(ChangeEvent).where(ChangeEvent.entity == entity, ChangeEvent.ref == ref).order_by(ChangeEvent.id)
    ).scalars())


# ---------------------------------------------------------------------------------------------
# Comparison, as the 2016 performance update prints it


@pytest.mark.parametrize("unit, direction, last, this, difference, difference_unit, assessment", [
    ("count", "lower_is_better", 28111, 32538, 15.7, "%", "worse"),          # domestic abuse incidents
    ("count", "lower_is_better", 39, 34, -12.8, "%", "better"),              # repeat offenders
    ("percentage", "higher_is_better", 34.6, 29.3, -5.3, "pp", "worse"),     # solved rate: points, not %
    ("percentage", "higher_is_better", 23.16, 21.28, -1.88, "pp", "worse"),  # solved crime rate
    ("percentage", "lower_is_better", 25.2, 21.6, -3.6, "pp", "better"),     # youth re-offending rate
    ("count", "lower_is_better", 54, 54, 0.0, "%", "same"),                  # KSI fatalities
    ("count", "higher_is_better", 171, 292, 70.8, "%", "better"),            # Class A prosecutions
    ("count", "lower_is_better", None, 1176, None, "%", "n/a"),              # repeat incidents: no last year
    ("percentage", "lower_is_better", None, None, None, "pp", "n/a"),        # drug testing: backlog
])
def test_comparison_matches_the_2016_update(unit, direction, last, this, difference, difference_unit, assessment):
    result = plan.compare(unit, direction, last, this)
    assert (result.difference, result.difference_unit, result.assessment) == (difference, difference_unit, assessment)


def test_a_change_inside_the_confidence_intervals_is_not_significant():
    assert plan.compare("percentage", "higher_is_better", 91.1, 89.4, 1.5, 1.6).significant is False
    assert plan.compare("percentage", "higher_is_better", 76.1, 72.5, 2.0, 2.3).significant is True
    assert plan.compare("percentage", "higher_is_better", 76.1, 72.5).significant is None


@pytest.mark.parametrize("unit, value, shown", [
    ("count", 32538.0, "32,538"), ("percentage", 23.16, "23.16%"), ("money", 14_266_000.0, "£14.266m"),
    ("money", 950.0, "£950"), ("days", 11.97, "11.97 days"), ("seconds", 7.0, "7 s"), ("count", None, "N/A"),
])
def test_values_are_shown_as_the_papers_print_them(unit, value, shown):
    assert plan.format_value(unit, value) == shown


@pytest.mark.parametrize("text, value", [
    ("32538", 32538.0), ("32,538", 32538.0), ("29.3%", 29.3), ("£14.266m", 14_266_000.0), ("1.5k", 1500.0),
    ("n/a", None), ("N/A", None),
])
def test_numbers_are_read_as_people_type_them(text, value):
    assert plan.parse_number(text, where="--value") == value


@pytest.mark.parametrize("text", ["lots", "1e999", "nan", "12..3"])
def test_what_is_not_a_number_is_named(text):
    with pytest.raises(InvalidInput) as refused:
        plan.parse_number(text, where="--value")
    assert refused.value.where == "--value"


# ---------------------------------------------------------------------------------------------
# Seeds


def test_seeded_plan_has_twelve_priorities_with_commentary_in_each(seeded):
    rows = plan.commitments(seeded, Q2)
    priorities = plan.plan_priorities(seeded, rows)
    assert [p.number for p in priorities] == list(range(1, 13))
    for number in range(1, 13):
        updated = [r for r in rows if r.priority == number and r.updated]
        assert len(updated) >= 2, number
    no_who = {"8.3.1", "8.3.4", "12.4"}  # rows whose "Who" the extracted paper 001 does not print
    for row in rows:
        assert bool(row.owners) == (row.ref not in no_who), row.ref
        assert not row.owners or {note.team for note in row.commentary} <= set(row.owners), row.ref
    by_ref = {r.ref: r for r in rows}
    assert by_ref["4.1"].owners == ("VAWG lead North Local Policing Area (LPA)", "DA Lead")
    assert [n.team for n in by_ref["4.1"].commentary] == list(by_ref["4.1"].owners)  # one commentary per team
    missing = {p.number: p.without_update for p in priorities}
    # paper 001 prints no commentary for 8.3.2 and 8.4 only; 8.3, 9.2, 12.2 head sub-commitments
    assert missing[8] == 2 and sum(missing.values()) == 2 == sum(r.lacks_update for r in rows)


def test_seeded_measures_cover_every_area_with_both_years(seeded):
    rows = {r.ref: r for r in plan.measures(seeded, "Year to Sep 2016")}
    areas = {r.area for r in rows.values() if r.ref[0].isdigit()}
    assert len(areas) == 8
    incidents = rows["1.1"]
    assert (incidents.last_period, incidents.last, incidents.this) == ("Year to Sep 2015", 28111, 32538)
    assert rows["4.2"].comparison.assessment == "n/a" and "backlog" in rows["4.2"].footnotes[0]
    assert rows["2.1"].ci_this == 1.6


def test_the_benefits_measure_suggests_amber_as_the_paper_rates_it(seeded):
    suggestion = plan.suggest_rag(seeded, "5.4.1", "2023")
    assert suggestion.rag == Rag.AMBER
    assert "£14.266m" in suggestion.reason and "£15.4m" in suggestion.reason and "93%" in suggestion.reason
    assert plan.suggest_rag(seeded, "5.1.1", "2023") is None  # no measure with a target
    assert plan.suggest_rag(seeded, "5.4.1", "2022") is None  # no value by then


# ---------------------------------------------------------------------------------------------
# Commentary: quarters kept apart, history, rules


def test_a_new_quarter_adds_an_update_and_keeps_the_last_one(seeded):
    add_q3(seeded)
    before = plan.commitments(seeded, Q2, priority=9)[0]
    team = before.owners[0]
    plan.write_commentary(session=seeded, ref="9.1", actor="lead",
                          data=CommentaryInput(period=Q3, team=team, text="Q3: three more days of action."))
    assert plan.commitments(seeded, Q2, priority=9)[0].commentary == before.commentary
    [q3] = plan.commitments(seeded, Q3, priority=9)[0].commentary
    assert (q3.team, q3.text, q3.written_by) == (team, "Q3: three more days of action.", "lead")
    over_time = plan.commentary_over_time(seeded, "9.1")
    assert [label for label, _ in over_time] == [Q3, Q2]  # earlier quarters stay readable
    [event] = history(seeded, "commentary", f"9.1/{team}")[-1:]
    assert (event.kind, event.period, event.new, event.actor) == ("create", Q3, "Q3: three more days of action.", "lead")


def test_revising_an_update_records_old_and_new(seeded):
    ref, team = "7.1", "Local Policing Support Unit (LPSU) - Citizens in Policing"
    old = plan.commitments(seeded, Q2, priority=7)[0].commentary[0].text
    assert plan.write_commentary(session=seeded, ref=ref, actor="ann",
                                 data=CommentaryInput(period=Q2, team=team, text="Revised."))
    assert not plan.write_commentary(session=seeded, ref=ref, actor="ann",
                                     data=CommentaryInput(period=Q2, team=team, text="Revised."))  # no change
    event = history(seeded, "commentary", f"{ref}/{team}")[-1]
    assert (event.kind, event.old, event.new) == ("update", old, "Revised.")


def test_commentary_refusals_name_the_problem_and_write_nothing(seeded):
    count = len(list(seeded.execute(select(ChangeEvent.id)).scalars()))
    cases = [
        ("7.1", Q2, "No Such Team", "not one of its owning teams"),
        ("99.9", Q2, "DA Lead", "no commitment '99.9'"),
        ("7.1", "1999", "Local Policing Support Unit (LPSU) - Citizens in Policing", "no period '1999'"),
        ("7.1", "2022", "Local Policing Support Unit (LPSU) - Citizens in Policing", "closed"),
    ]
    for ref, period, team, message in cases:
        with pytest.raises((InvalidInput, NotFound)) as refused:
            plan.write_commentary(session=seeded, ref=ref, actor="ann",
                                  data=CommentaryInput(period=period, team=team, text="x"))
        assert message in str(refused.value)
    with pytest.raises(InvalidInput) as empty:
        validated(CommentaryInput, {"period": Q2, "team": "DA Lead", "text": "  "}, where="commitment 4.1")
    assert empty.value.where == "commitment 4.1, text"
    assert len(list(seeded.execute(select(ChangeEvent.id)).scalars())) == count


def test_a_stale_commentary_save_is_refused(seeded):
    ref, team = "7.2", "Local Policing Support Unit (LPSU) - Citizens in Policing"
    version = changes.record_version(seeded, "commentary", plan.commentary_ref(ref, team), Q2)
    plan.write_commentary(session=seeded, ref=ref, actor="bob", data=CommentaryInput(period=Q2, team=team, text="Bob's"))
    with pytest.raises(Conflict) as refused:
        plan.write_commentary(session=seeded, ref=ref, actor="ann", expected=version,
                              data=CommentaryInput(period=Q2, team=team, text="Ann's"))
    assert "bob" in str(refused.value) and "Bob's" in str(refused.value)


def test_roles_cover_commitments_and_measures(seeded):
    from tracker.db.store import add_user

    add_user(session=seeded, name="admin", role="admin", actor="admin")
    add_user(session=seeded, name="lee", role="lead", actor="admin")
    add_user(session=seeded, name="rev", role="reviewer", actor="admin")
    team = "Local Policing Support Unit (LPSU) - Citizens in Policing"
    data = CommentaryInput(period=Q2, team=team, text="x")
    with pytest.raises(Forbidden, match="owned by nobody"):
        plan.write_commentary(session=seeded, ref="7.4", data=data, actor="lee")
    plan.update_commitment(session=seeded, ref="7.4", changes=CommitmentUpdate(lead="lee"), actor="admin")
    plan.write_commentary(session=seeded, ref="7.4", data=data, actor="lee")  # now theirs
    with pytest.raises(Forbidden, match="reviewers read only"):
        plan.write_commentary(session=seeded, ref="7.4", data=data, actor="rev")
    value = MeasureValueInput(period="2023", value=15_000_000)
    with pytest.raises(Forbidden, match="Ch Insp Michael Samuel's"):
        plan.set_measure_value(session=seeded, ref="ECFRS.1", data=value, actor="lee")
    with pytest.raises(Forbidden, match="only an admin may add measures"):
        plan.create_measure(session=seeded, actor="lee", data=MeasureCreate(
            ref="X.1", name="x", area="a", unit="count", direction="lower_is_better"))


# ---------------------------------------------------------------------------------------------
# Measures: values, validation, suggestion and override


def test_setting_a_value_records_history_and_moves_the_comparison(seeded):
    store.set_period_closed(session=seeded, label="Year to Sep 2016", closed=False, actor="admin")
    plan.set_measure_value(session=seeded, ref="1.1", actor="ann",
                           data=MeasureValueInput(period="Year to Sep 2016", value=28000))
    row = {r.ref: r for r in plan.measures(seeded, "Year to Sep 2016")}["1.1"]
    assert (row.this, row.comparison.difference, row.comparison.assessment) == (28000, -0.4, "better")
    event = history(seeded, "measure", "1.1")[-1]
    assert (event.field, event.old, event.new, event.period) == ("value", "32538", "28000", "Year to Sep 2016")


@pytest.mark.parametrize("ref, data, message", [
    ("1.7", {"value": 130.0}, "not a percentage from 0 to 100"),
    ("1.1", {"value": -5.0}, "cannot be negative"),
    ("1.1", {"value": None}, "needs a footnote"),
])
def test_impossible_values_are_refused(seeded, ref, data, message):
    store.set_period_closed(session=seeded, label="Year to Sep 2016", closed=False, actor="admin")
    before = plan.measures(seeded, "Year to Sep 2016")
    with pytest.raises(InvalidInput, match=message):
        plan.set_measure_value(session=seeded, ref=ref, actor="ann",
                               data=MeasureValueInput(period="Year to Sep 2016", **data))
    assert plan.measures(seeded, "Year to Sep 2016") == before


def test_a_closed_period_freezes_its_values(seeded):
    with pytest.raises(InvalidInput, match="closed"):
        plan.set_measure_value(session=seeded, ref="1.1", actor="ann",
                               data=MeasureValueInput(period="Year to Sep 2016", value=1))


def test_measure_names_are_unique_and_found_in_any_case(seeded):
    assert plan.measure_ref(seeded, "domestic abuse incidents") == "1.1"
    assert plan.measure_ref(seeded, "1.1") == "1.1"
    with pytest.raises(InvalidInput, match="has that name already"):
        plan.update_measure(session=seeded, ref="1.5", changes=MeasureUpdate(name="Domestic abuse incidents"),
                            actor="admin")
    with pytest.raises(NotFound):
        plan.measure_ref(seeded, "no such measure")


def test_accepting_or_overriding_the_suggested_rag_is_recorded(seeded):
    store.set_rating(session=seeded, ref="5.4.1", period="2023", rag="red",
                     rationale="Benefits will not recover this year", actor="ann")
    assert history(seeded, "assessment", "5.4.1")[-1].new.startswith("amber overridden with red: ECFRS")
    plan.set_measure_value(session=seeded, ref="ECFRS.1", actor="ann",
                           data=MeasureValueInput(period="2023", value=15_500_000))  # now it suggests green
    with pytest.raises(InvalidInput, match="suggests Green; overriding it with Amber needs a reason"):
        store.set_rating(session=seeded, ref="5.4.1", period="2023", rag="amber", actor="ann")  # same as 2022
    plan.set_measure_value(session=seeded, ref="ECFRS.1", actor="ann",
                           data=MeasureValueInput(period="2023", value=14_266_000))
    store.set_rating(session=seeded, ref="5.4.1", period="2023", rag="amber", rationale="As the measure says",
                     actor="ann")
    last = history(seeded, "assessment", "5.4.1")[-1]
    assert (last.field, last.new.split(":")[0]) == ("suggestion", "amber accepted")


def test_hitting_the_target_suggests_green(seeded):
    plan.set_measure_value(session=seeded, ref="ECFRS.1", actor="ann",
                           data=MeasureValueInput(period="2023", value=15_500_000))
    assert plan.suggest_rag(seeded, "5.4.1", "2023").rag == Rag.GREEN
    plan.set_measure_value(session=seeded, ref="ECFRS.1", actor="ann",
                           data=MeasureValueInput(period="2023", value=10_000_000))
    assert plan.suggest_rag(seeded, "5.4.1", "2023").rag == Rag.RED


# ---------------------------------------------------------------------------------------------
# CLI


def test_list_measures_json_has_the_documented_fields(seeded_db):
    result = run_cli("list", "measures", "--format", "json", "--db", seeded_db)
    assert result.returncode == 0, result.stderr
    items = {item["ref"]: item for item in json.loads(result.stdout)}
    solved = items["1.7"]
    assert {k: solved[k] for k in ("name", "area", "unit", "direction", "last", "this", "difference",
                                   "difference_unit", "assessment")} == {
        "name": "Domestic abuse solved rate", "area": "Reducing domestic abuse", "unit": "percentage",
        "direction": "higher_is_better", "last": 34.6, "this": 29.3, "difference": -5.3, "difference_unit": "pp",
        "assessment": "worse",
    }
    assert items["1.1"]["difference_unit"] == "%" and items["1.1"]["difference"] == 15.7
    assert items["1.2"]["assessment"] == "n/a" and items["1.2"]["footnotes"]


def test_list_commitments_json_and_table(seeded_db):
    result = run_cli("list", "commitments", "--period", Q2, "--format", "json", "--db", seeded_db)
    assert result.returncode == 0, result.stderr
    items = {item["ref"]: item for item in json.loads(result.stdout)}
    first = items["1.1"]
    assert first["priority"] == 1 and first["owners"] == ["Media & Communications"]
    assert first["text"].startswith("Deliver over 300 more officers")
    assert first["commentary"][0]["team"] == "Media & Communications" and first["commentary"][0]["version"] > 0
    assert items["8.4"]["commentary"] == [] and items["8.4"]["updated"] is False  # paper 001 prints none
    assert items["8.3.2"]["parent"] == "8.3" and items["8.3"]["parent"] is None
    table = run_cli("list", "commitments", "--priority", "8", "--db", seeded_db, env={"COLUMNS": "100"})
    assert "NO UPDATE" in table.stdout and "2 of 9 without an update" in table.stdout
    csv = run_cli("list", "measures", "--format", "csv", "--db", seeded_db)
    assert csv.stdout.startswith("\ufeffref,portfolio,name,area") and "Domestic abuse incidents" in csv.stdout


def test_cli_update_and_measure_set(seeded_db):
    team = "Local Policing Support Unit (LPSU) - Citizens in Policing"
    done = run_cli("update", "7.4", "--period", Q2, "--team", team, "--text", "Leaflets went to every vet.",
                   "--db", seeded_db)
    assert done.returncode == 0, done.stderr
    items = {i["ref"]: i for i in json.loads(run_cli("list", "commitments", "--format", "json", "--db", seeded_db).stdout)}
    assert items["7.4"]["commentary"][0]["text"] == "Leaflets went to every vet."
    value = run_cli("measure", "set", "ECFRS collaboration: profiled ten-year benefits", "--period", "2023",
                    "--value", "£14.9m", "--db", seeded_db)
    assert value.returncode == 0 and "£14.9m" in value.stdout
    stale = run_cli("update", "7.4", "--period", Q2, "--team", team, "--text", "Mine", "--if-version", "1",
                    "--db", seeded_db)
    assert stale.returncode == 1 and "not saved: tracker update 7.4" in stale.stderr and "'Mine'" in stale.stderr


@pytest.mark.parametrize("args, message", [
    (["update", "7.4", "--period", Q2, "--team", "Nobody", "--text", "x"], "not one of its owning teams"),
    (["update", "7.4", "--period", Q2, "--team", "DA Lead", "--text", ""], "text: must not be empty"),
    (["measure", "set", "1.1", "--period", "Year to Sep 2016", "--value", "lots"], "'lots' is not a number"),
    (["measure", "set", "Unknown", "--period", "2023", "--value", "1"], "no measure 'Unknown'"),
    (["measure", "set", "1.1", "--period", "2023", "--value", "n/a"], "needs a footnote"),
])
def test_bad_plan_input_exits_2_naming_it(seeded_db, args, message):
    before = run_cli("export", "--db", seeded_db).stdout
    result = run_cli(*args, "--db", seeded_db)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert run_cli("export", "--db", seeded_db).stdout == before


# ---------------------------------------------------------------------------------------------
# Interchange


def test_commitments_and_measures_round_trip_through_toml(seeded, tmp_path):
    from tracker.interchange import export_toml

    text = export_toml(seeded)
    assert "[[commitment.commentary]]" in text and "[[measure.value]]" in text
    path = tmp_path / "all.toml"
    path.write_text(text, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    assert run_cli("import", str(path), "--db", str(fresh)).returncode == 0
    assert run_cli("export", "--db", str(fresh)).stdout == text


@pytest.mark.parametrize("toml, message", [
    ('[[commitment]]\nref = "1.9"\npriority = 99\ntext = "x"\n', "commitment 1.9, priority: no priority 99"),
    ('[[measure]]\nref = "Z"\nname = "Domestic abuse incidents"\narea = "a"\nunit = "count"\n'
     'direction = "lower_is_better"\n', "measure Z, name: measure name 'Domestic abuse incidents' exists already"),
    ('[[measure]]\nref = "Z"\nname = "z"\narea = "a"\nunit = "litres"\ndirection = "lower_is_better"\n', "unit"),
    ('[[measure]]\nref = "Z"\nname = "z"\narea = "a"\nunit = "count"\ndirection = "lower_is_better"\n'
     '[[measure.value]]\nperiod = "2023"\nentered_by = "a"\nentered_at = 2023-01-01T00:00:00Z\n', "needs a footnote"),
])
def test_bad_plan_records_in_a_file_are_named(seeded, tmp_path, toml, message):
    from tracker.interchange import import_snapshot, parse_snapshot
    from tracker.db.schemas import RiskScale

    with pytest.raises(InvalidInput) as refused:
        import_snapshot(session=seeded, snapshot=parse_snapshot(toml.encode(), source="bad.toml"), source="bad.toml",
                        actor="admin", scale=RiskScale())
    assert message in str(refused.value) and "bad.toml" in str(refused.value)


# ---------------------------------------------------------------------------------------------
# Undo


def test_undo_takes_back_a_commentary_and_a_value(seeded):
    from tracker.db.undo import undo_last

    team = "Local Policing Support Unit (LPSU) - Citizens in Policing"
    old = plan.commitments(seeded, Q2, priority=7)[0].commentary[0].text
    plan.write_commentary(session=seeded, ref="7.1", actor="ann", data=CommentaryInput(period=Q2, team=team, text="New"))
    scd = "Serious Crime Directorate (SCD)"
    plan.write_commentary(session=seeded, ref="8.4", actor="ann", data=CommentaryInput(period=Q2, team=scd, text="First"))
    plan.set_measure_value(session=seeded, ref="ECFRS.1", actor="ann", data=MeasureValueInput(period="2023", value=1e7))
    undo_last(session=seeded, actor="ann")
    assert {v.label: v.value for v in plan.series(seeded, "ECFRS.1") if v.series == "actual"}["2023"] == 14_266_000
    undo_last(session=seeded, actor="ann")
    assert {r.ref: r for r in plan.commitments(seeded, Q2, priority=8)}["8.4"].commentary == ()
    undo_last(session=seeded, actor="ann")
    assert plan.commitments(seeded, Q2, priority=7)[0].commentary[0].text == old


def test_undo_of_a_rating_ignores_the_suggestion_note(seeded):
    from tracker.db.undo import undo_last

    store.set_rating(session=seeded, ref="5.4.1", period="2023", rag="red", rationale="Worse than it looks", actor="ann")
    undo_last(session=seeded, actor="ann")
    assert views.dashboard(seeded, "2023", ref="5.4.1").rows[0].rag == Rag.AMBER


def test_a_new_value_keeps_the_footnote_unless_told(seeded):
    plan.set_measure_value(session=seeded, ref="ECFRS.1", actor="ann", data=MeasureValueInput(period="2023", value=1e7))
    kept = plan.values_of(seeded, "ECFRS.1")["2023"]
    assert (kept.value, kept.footnote.startswith("Six years")) == (1e7, True)
    plan.set_measure_value(session=seeded, ref="ECFRS.1", actor="ann",
                           data=MeasureValueInput(period="2023", value=1e7, footnote=""))
    assert plan.values_of(seeded, "ECFRS.1")["2023"].footnote == ""
