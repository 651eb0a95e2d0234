"""Issue 16's TOML (docs/format.md, [[measure]] and [[measure.value]]): every new key round
trips, the old `period = "..."` form still reads, and bad values are refused with where."""

import pytest
from sqlmodel import Session

from tracker.db import measures, verify
from tracker.db.engine import database_url, open_database
from tracker.db.errors import InvalidInput
from tests.test_interchange import load
from tracker.interchange import export_toml

FILE = """

[[period]]
label = "Year to Sep 2016"
start = 2015-10-01
end = 2016-09-30

[[measure]]
ref = "R.1"
name = "Response times by area"
area = "Supporting victims"
unit = "percentage"
direction = "higher_is_better"
difference = "points"
decimals = 1
difference_decimals = 1
significance = "z_test"
dimension = "area"
total = "stored"
source = "User satisfaction survey"
question = "How satisfied were you?"
target = 90.0

[[measure.value]]
start = 2014-10-01
end = 2015-09-30
value = 76.8
n = 7700
entered_by = "seed"
entered_at = 2016-10-20T00:00:00Z

[[measure.value]]
period = "Year to Sep 2016"
value = 77.1
ci = 1.5
n = 7650
entered_by = "seed"
entered_at = 2016-10-20T00:00:00Z

[[measure.value]]
start = 2015-10-01
end = 2016-09-30
label = "12 months to Sep 2016"
member = "Uttlesford"
value = 70.5
entered_by = "seed"
entered_at = 2016-10-20T00:00:00Z

[[measure.value]]
start = 2016-03-01
end = 2016-03-31
series = "target"
low = 60.0
high = 68.5
footnote = "a range"
entered_by = "seed"
entered_at = 2016-10-20T00:00:00Z
"""


def test_every_new_key_round_trips_and_verify_passes(session, tmp_path):
    load(session, FILE)
    assert verify.verify(session).ok
    first = export_toml(session)
    for text in ('difference = "points"', "decimals = 1", 'significance = "z_test"', 'dimension = "area"',
                 'total = "stored"', 'source = "User satisfaction survey"', 'member = "Uttlesford"',
                 'series = "target"', "low = 60.0", "high = 68.5", "n = 7700", "start = 2016-03-01",
                 'label = "Mar 2016"', 'label = "12 months to Sep 2015"',
                 'label = "Year to Sep 2016"'):
        assert text in first, text
    engine = open_database(database_url(tmp_path / "copy.db"), create=True)
    with Session(engine) as other:
        load(other, first)
        assert export_toml(other) == first
        checked = verify.verify(other)
        assert checked.ok, checked.problems
    engine.dispose()
    values = {(v.member, v.series, v.label): v for v in measures.series(session, "R.1")}
    assert values[("", "actual", "Year to Sep 2016")].n == 7650
    assert values[("", "target", "Mar 2016")].low == 60.0


@pytest.mark.parametrize("value, message, where", [
    ("start = 2016-03-31\nend = 2016-03-01\nvalue = 1.0", "is after end", "value 2016-03-31, start"),
    ("period = \"Year to Sep 2016\"\nmember = \"North\"\nvalue = 1.0", "no breakdown", "member"),
    ("label = \"Mar 2016\"\nvalue = 1.0\nn = 0", "more than 0", "n"),
    ("label = \"Mar 2016\"\nlow = 5.0\nhigh = 4.0", "above its high", "low"),
    ("label = \"Mar 2016\"\nvalue = 1.0\n[[measure.value]]\nlabel = \"Q4 2015/16\"\nvalue = 2.0\n"
     "entered_by = \"s\"\nentered_at = 2016-10-20T00:00:00Z", "overlaps the value for Mar 2016", "Q4 2015/16, start"),
    ("label = \"sometime\"\nvalue = 1.0", "does not read as dates", "label"),
])
def test_a_bad_value_is_refused_naming_where(session, value, message, where):
    text = FILE.split("[[measure]]")[0] + """
[[measure]]
ref = "B.1"
name = "Bad"
area = "a"
unit = "count"
direction = "lower_is_better"

[[measure.value]]
""" + value.replace("\n[[", "\nentered_by = \"s\"\nentered_at = 2016-10-20T00:00:00Z\n[[", 1) + (
        "" if "[[measure.value]]" in value else "\nentered_by = \"s\"\nentered_at = 2016-10-20T00:00:00Z") + "\n"
    with pytest.raises(InvalidInput) as refused:
        load(session, text, source="bad.toml")
    assert message in str(refused.value) and where in str(refused.value) and "bad.toml: measure B.1" in str(refused.value)
    assert measures.measures(session, None) == []
