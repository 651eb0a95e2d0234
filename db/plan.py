"""The plan and the numbers, by their old single name: commitments (db/commitments.py), measures
(db/measures.py), number formatting and comparison (db/numbers.py) and the RAG suggestion
(db/suggest.py). New code imports those modules; this one only re-exports them.
"""

from .commitments import (  # noqa: F401
    CommentaryRow,
    CommitmentRow,
    PlanPriority,
    commentary_over_time,
    commentary_period,
    commentary_ref,
    commitments,
    create_commitment,
    plan_priorities,
    update_commitment,
    write_commentary,
)
from .measures import (  # noqa: F401
    YEAR_SLACK,
    MeasureRow,
    ValueInfo,
    breakdown,
    check_value,
    create_measure,
    delete_measure,
    measure_period,
    measure_ref,
    measure_unit,
    measures,
    series,
    set_measure_value,
    update_measure,
    value_period,
    values_of,
    year_before,
)
from .numbers import Comparison, compare, format_difference, format_value, parse_number, printed_difference  # noqa: F401
from .suggest import AMBER_TOLERANCE, Suggestion, record_suggestion, suggest_rag  # noqa: F401
