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


@pytest.mark.parametrize("name", ["ranked_bars", "status_bars", "line_over_time"])
def test_small_count_axes_tick_at_whole_numbers_only(name):
    layout = BUILT[name]["layout"]
    axis = layout["xaxis"] if name == "ranked_bars" else layout["yaxis"]
    if name == "ranked_bars":  # 3 and 5: Plotly alone would tick at 0.5 steps
        assert (axis["dtick"], axis["tick0"], axis["tickformat"]) == (1, 0, ",d")
    assert axis["tickformat"] == ",d"


def test_a_large_count_axis_leaves_whole_number_ticks_to_plotly():
    axis = figures.count_axis([0, 40], "Forces")
    assert "dtick" not in axis and axis["tickformat"] == ",d"


def test_long_area_names_wrap_onto_lines_of_their_own_without_changing_the_data():
    columns = ["Police powers and public treatment", "Leadership"]
    figure = figures.grade_heatmap([], rows=["Cleveland Police"], columns=columns)
    assert figure["data"][0]["x"] == columns
    ticks = figure["layout"]["xaxis"]["ticktext"]
    assert ticks[0] == "Police powers<br>and public<br>treatment"
    assert ticks[1] == "Leadership"


def test_the_rate_chart_groups_measures_by_direction_with_a_trace_each():
    figure = figures.rate_intervals(
        [
            Interval("return interviews", 0.5, 0.4, 0.6, None, "better"),
            Interval("child not seen", 0.3, 0.2, 0.4, 0.25, "worse"),
            Interval("referrals", 0.1, 0.05, 0.2, None, "neither"),
        ]
    )
    names = [trace["name"] for trace in figure["data"]]
    assert names[:3] == [
        "A higher share is worse (this force, 95% interval)",
        "A higher share is better (this force, 95% interval)",
        "No judgement on direction (this force, 95% interval)",
    ]
    assert names[3] == "England and Wales (pooled)"
    assert figure["data"][3]["y"] == ["child not seen"]  # only where a national rate holds
    symbols = {trace["marker"]["symbol"] for trace in figure["data"][:3]}
    assert len(symbols) == 3


def test_without_any_national_rate_the_rate_chart_draws_no_national_marker():
    figure = figures.rate_intervals([Interval("x", 0.5, 0.4, 0.6, None, "worse")])
    assert [t["name"] for t in figure["data"]] == [
        "A higher share is worse (this force, 95% interval)"
    ]


def test_a_long_grade_is_written_on_two_lines_so_neighbouring_cells_never_run_together():
    cells = [GradeCell("Cleveland Police", a, "requires_improvement") for a in ("A", "B")]
    figure = figures.grade_heatmap(cells, rows=["Cleveland Police"], columns=["A", "B"])
    assert figure["data"][0]["text"] == [["Requires<br>improvement"] * 2]


def test_the_distribution_stacks_forces_with_no_known_grade_in_grey():
    figure = figures.grade_distribution(
        {"Leadership": {"good": 2}}, areas=["Leadership"], not_known={"Leadership": 3}
    )
    last = figure["data"][-1]
    assert (last["name"], last["x"], last["marker"]["color"]) == ("Not known", [3], "#dddddd")
    assert figure["layout"]["xaxis"]["range"][1] >= 5
    without = figures.grade_distribution({"Leadership": {"good": 2}}, areas=["Leadership"])
    assert "Not known" not in [trace["name"] for trace in without["data"]]
