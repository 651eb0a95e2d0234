"""The 2023 collaboration report's benefits (source document 000) as the measure seeds load
them: the ECFRS programme's profiled benefits beside its target, the RAG that profile suggests,
and the cost avoidance range. Expected figures are typed from the paper (5.4.1)."""

import json

from tests.inprocess import run_cli
from tracker.db import measure_views
from tracker.db.enums import Rag
from tracker.db.suggest import suggest_rag


def test_the_profile_stands_beside_its_target(seeded_db, seeded):
    result = run_cli("list", "measures", "--portfolio", "collab", "--format", "json", "--db", seeded_db)
    assert result.returncode == 0, result.stderr
    rows = {m["ref"]: m for m in json.loads(result.stdout)}
    benefits = rows["ECFRS.1"]
    assert (benefits["this"], benefits["target"], benefits["this_label"]) == (14_266_000.0, 15_400_000.0, "2023")
    assert benefits["this_shown"] == "£14.266m" and benefits["unit"] == "money"
    by_series = {v.series: v.value for v in measure_views.series(seeded, "ECFRS.1")}
    assert by_series == {"actual": 14_266_000.0, "target": 15_400_000.0}
    assert by_series["actual"] < by_series["target"]  # "fall slightly short"


def test_the_profile_suggests_the_amber_the_report_gives(seeded):
    suggestion = suggest_rag(seeded, "5.4.1", "2023")
    assert suggestion is not None and suggestion.rag is Rag.AMBER and "93%" in suggestion.reason


def test_cost_avoidance_is_a_forecast_range_with_no_single_value(seeded):
    (value,) = measure_views.series(seeded, "ECFRS.2")
    assert (value.series, value.value, value.low, value.high) == ("forecast", None, 30_965.0, 68_540.0)
    assert value.footnote  # why it sits under the report's year
