"""Figure builders: plain dicts that Plotly's own schema accepts, with the data they were given."""

import json

import plotly.graph_objects as go
import pytest

from dashboards import figures
from dashboards.figures import GRADE_COLOURS, GradeCell, Interval

CELLS = [
    GradeCell("Gloucestershire Constabulary", "Leadership", "inadequate"),
    GradeCell("Gloucestershire Constabulary", "Partnership", "adequate"),
    GradeCell("Cleveland Police", "Leadership", None),
]

BUILT = {
    "grade_heatmap": figures.grade_heatmap(
        CELLS,
        rows=["Gloucestershire Constabulary", "Cleveland Police"],
        columns=["Leadership", "Partnership"],
    ),
    "grade_distribution": figures.grade_distribution(
        {"Leadership": {"good": 2, "inadequate": 1}}, areas=["Leadership", "Partnership"]
    ),
    "ranked_bars": figures.ranked_bars([("Training", 3), ("Supervision", 5)], axis_title="n"),
    "rate_intervals": figures.rate_intervals(
        [
            Interval("voice of the child absent", 25 / 48, 0.383, 0.655, 0.41),
            Interval("ethnicity not recorded", 16 / 48, 0.2, 0.48, None),
        ]
    ),
    "status_bars": figures.status_bars([("Open", 21), ("Met", 0)]),
    "line_over_time": figures.line_over_time(
        [("2025-05-31", 21), ("2025-06-30", 20)], name="Open recommendations"
    ),
}


@pytest.mark.parametrize("name", BUILT)
def test_every_builder_gives_a_figure_plotly_accepts(name):
    go.Figure(BUILT[name])  # raises on any property Plotly does not know


@pytest.mark.parametrize("name", BUILT)
def test_figures_are_plain_json(name):
    assert json.loads(json.dumps(BUILT[name])) == BUILT[name]


def test_the_heatmap_writes_each_grade_and_says_not_known():
    heatmap = BUILT["grade_heatmap"]["data"][0]
    assert heatmap["text"] == [["Inadequate", "Adequate"], ["Not known", "Not known"]]
    assert heatmap["z"] == [[5, 3], [0, 0]]  # 0 not known, 1 outstanding … 5 inadequate


def test_the_heatmap_colours_each_grade_with_its_own_band():
    scale = BUILT["grade_heatmap"]["data"][0]["colorscale"]
    # Six flat bands: not known, then outstanding to inadequate.
    bands = [scale[i][1] for i in range(0, len(scale), 2)]
    assert bands[1:] == list(GRADE_COLOURS.values())


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", [*GRADE_COLOURS.values(), figures.NOT_KNOWN_COLOUR])
def test_black_cell_text_keeps_aa_contrast_on_every_grade_colour(colour):
    assert (_luminance(colour) + 0.05) / 0.05 >= 4.5


def test_the_distribution_stacks_one_trace_per_grade_in_order():
    traces = BUILT["grade_distribution"]["data"]
    assert [t["name"] for t in traces] == [
        "Outstanding",
        "Good",
        "Adequate",
        "Requires improvement",
        "Inadequate",
    ]
    assert traces[1]["x"] == [2, 0]
    assert BUILT["grade_distribution"]["layout"]["barmode"] == "stack"


def test_ranked_bars_put_the_largest_first():
    assert BUILT["ranked_bars"]["data"][0]["y"] == ["Supervision", "Training"]


def test_rate_intervals_show_percentages_and_only_known_national_rates():
    force, national = BUILT["rate_intervals"]["data"]
    assert force["x"] == [52.1, 33.3]
    assert force["error_x"]["arrayminus"][0] == 13.8  # 52.1 − 38.3
    assert national["y"] == ["voice of the child absent"]
