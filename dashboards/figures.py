"""Plotly figure builders: plain rows in, a plain figure dict out. No queries, no requests.

Figures are built as dicts (serialising a graph_objects figure costs ~400× more); the tests
check every builder against Plotly's schema by constructing `go.Figure(output)`.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy

# A colour-blind-safe diverging scale (blue = better, red = worse), light enough that black
# text in each cell keeps at least 4.5:1 contrast. "Not known" is a neutral grey.
GRADE_COLOURS = {
    "outstanding": "#4393c3",
    "good": "#abd9e9",
    "adequate": "#ffffbf",
    "requires_improvement": "#fdae61",
    "inadequate": "#d6604d",
}
NOT_KNOWN_COLOUR = "#dddddd"
GRADE_ORDER = ["outstanding", "good", "adequate", "requires_improvement", "inadequate"]
GRADE_NAMES = {
    "outstanding": "Outstanding",
    "good": "Good",
    "adequate": "Adequate",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
TEXT_COLOUR = "#0b0c0c"
LINK_COLOUR = "#1d70b8"
# Stacked grades read left to right in the legend as in the bars, above the plot.
STACK_LEGEND = {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"}
BASE_LAYOUT = {
    "font": {"family": "Arial, sans-serif", "size": 14, "color": TEXT_COLOUR},
    "margin": {"l": 10, "r": 10, "t": 20, "b": 20},
    "paper_bgcolor": "#ffffff",
    "plot_bgcolor": "#ffffff",
    "hoverlabel": {"font": {"family": "Arial, sans-serif"}},
}


@dataclass(frozen=True)
class GradeCell:
    """One cell of a grade heatmap."""

    row: str  # e.g. a force
    column: str  # e.g. an area
    grade: str | None  # a slug of GRADE_ORDER, or None when not known


@dataclass(frozen=True)
class Interval:
    label: str
    rate: float
    low: float
    high: float
    national: float | None  # None when there is no valid national comparison
    polarity: str = "worse"  # which way is good: worse, better or neither


# How each direction is told apart in the case-file chart: by legend, shape and colour.
POLARITY_MARKS = {
    "worse": (gettext_lazy("A higher share is worse"), "triangle-up", "#d4351c"),
    "better": (gettext_lazy("A higher share is better"), "circle", "#1d70b8"),
    "neither": (gettext_lazy("No judgement on direction"), "square", TEXT_COLOUR),
}


def grade_heatmap(cells: Sequence[GradeCell], *, rows: list[str], columns: list[str]) -> dict:
    """Colour rows × columns by grade and write the grade in each cell."""
    grade_at = {(c.row, c.column): c.grade for c in cells}
    levels = [None, *GRADE_ORDER]  # 0 is "not known", then 1 (outstanding) to 5
    z = [[levels.index(grade_at.get((r, c))) for c in columns] for r in rows]
    not_known = gettext("Not known")
    text = [[GRADE_NAMES.get(grade_at.get((r, c)), not_known) for c in columns] for r in rows]
    colours = [NOT_KNOWN_COLOUR, *(GRADE_COLOURS[g] for g in GRADE_ORDER)]
    return {
        "data": [
            {
                "type": "heatmap",
                "z": z,
                "x": columns,
                "y": rows,
                # Long grades on two lines ("Requires<br>improvement"), so that neighbouring
                # cells never run together.
                "text": [[wrap_label(t, width=12) for t in row] for row in text],
                "texttemplate": "%{text}",
                "textfont": {"color": TEXT_COLOUR, "size": 12},
                "hovertemplate": "%{y}<br>%{x}: %{text}<extra></extra>",
                "colorscale": _stepped(colours),
                "zmin": -0.5,
                "zmax": len(colours) - 0.5,
                "showscale": False,
                "xgap": 2,
                "ygap": 2,
            }
        ],
        "layout": {
            **BASE_LAYOUT,
            "height": max(160, 28 * len(rows) + 110),
            "margin": {**BASE_LAYOUT["margin"], "t": 40},
            # Long area names wrap onto lines of their own, so neighbours never run together
            # and the first and last are not clipped at the edges.
            "xaxis": {
                "side": "top",
                "fixedrange": True,
                "automargin": True,
                "tickmode": "array",
                "tickvals": columns,
                "ticktext": [wrap_label(c) for c in columns],
                "tickangle": 0,
            },
            "yaxis": {"autorange": "reversed", "fixedrange": True, "automargin": True},
        },
    }


def wrap_label(text: str, width: int = 14) -> str:
    """Break a label into lines of about `width` characters at spaces, joined by <br>."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def count_axis(values: Sequence[float], title: str) -> dict:
    """An axis of whole numbers from zero: a count never reads 0.5, nor 1, 1, 2, 2."""
    axis = {
        "title": {"text": title},
        "fixedrange": True,
        "automargin": True,
        "rangemode": "tozero",
        "tickformat": ",d",
    }
    if max(values, default=0) <= 10:
        # Plotly's own ticks for small ranges fall between whole numbers.
        axis.update(tick0=0, dtick=1, range=[0, max(max(values, default=0), 1) * 1.05])
    return axis


def grade_distribution(
    counts: dict[str, dict[str, int]],
    *,
    areas: list[str],
    not_known: dict[str, int] | None = None,
) -> dict:
    """Stack, for each area, how many forces got each grade, and (in grey) how many have no
    known grade there."""
    names = {**GRADE_NAMES, None: gettext("Not known")}
    colours = {**GRADE_COLOURS, None: NOT_KNOWN_COLOUR}
    columns = {g: {a: counts.get(a, {}).get(g, 0) for a in areas} for g in GRADE_ORDER}
    if not_known and any(not_known.values()):
        columns[None] = {a: not_known.get(a, 0) for a in areas}
    totals = [sum(column[a] for column in columns.values()) for a in areas]
    return {
        "data": [
            {
                "type": "bar",
                "name": names[grade],
                "y": areas,
                "x": [column[area] for area in areas],
                "orientation": "h",
                "marker": {"color": colours[grade], "line": {"color": "#505a5f", "width": 1}},
                "hovertemplate": f"%{{y}}: %{{x}} {names[grade].lower()}<extra></extra>",
            }
            for grade, column in columns.items()
        ],
        "layout": {
            **BASE_LAYOUT,
            "barmode": "stack",
            "height": max(200, 48 * len(areas) + 80),
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
            "xaxis": count_axis(totals, "Forces"),
            "margin": {**BASE_LAYOUT["margin"], "t": 40},
            "legend": STACK_LEGEND,
        },
    }


@dataclass(frozen=True)
class GradeProfile:
    label: str  # e.g. a force
    counts: dict[str, int]  # grade slug → areas with that grade
    not_known: int  # areas graded whose grade no source gives


def grade_profile_bars(profiles: Sequence[GradeProfile]) -> dict:
    """Stack, for each row in the order given, how many areas got each grade and how many are
    not known. Counts only: which area got which grade is not shown, as sources often don't say."""
    labels = [p.label for p in profiles]
    bars = [
        (GRADE_NAMES[grade], GRADE_COLOURS[grade], [p.counts.get(grade, 0) for p in profiles])
        for grade in GRADE_ORDER
    ]
    bars.append((gettext("Not known"), NOT_KNOWN_COLOUR, [p.not_known for p in profiles]))
    return {
        "data": [
            {
                "type": "bar",
                "name": name,
                "y": labels,
                "x": values,
                "orientation": "h",
                "marker": {"color": colour, "line": {"color": "#505a5f", "width": 1}},
                "hovertemplate": f"%{{y}}: %{{x}} {name.lower()}<extra></extra>",
            }
            for name, colour, values in bars
        ],
        "layout": {
            **BASE_LAYOUT,
            "barmode": "stack",
            "height": max(200, 26 * len(labels) + 110),
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
            "xaxis": {
                "title": {"text": gettext("Areas graded")},
                "fixedrange": True,
                "tickformat": ",d",  # whole areas; Plotly spaces the ticks to the width
                "rangemode": "tozero",
                "automargin": True,
            },
            "margin": {**BASE_LAYOUT["margin"], "t": 40},
            "legend": STACK_LEGEND,
        },
    }


def ranked_bars(values: list[tuple[str, float]], *, axis_title: str) -> dict:
    """Horizontal bars, largest first: e.g. themes by how many causes of concern cite them."""
    ordered = sorted(values, key=lambda v: -v[1])
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [label for label, _ in ordered],
                "x": [value for _, value in ordered],
                "marker": {"color": LINK_COLOUR},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            }
        ],
        "layout": {
            **BASE_LAYOUT,
            "height": max(180, 30 * len(ordered) + 100),
            "margin": {**BASE_LAYOUT["margin"], "b": 60},
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
            "xaxis": count_axis([value for _, value in ordered], axis_title),
        },
    }


def rate_intervals(intervals: Sequence[Interval]) -> dict:
    """Each rate with its 95% interval, beside the national pooled rate where one holds.

    Measures where a higher share is worse and those where it is better are grouped apart,
    each group its own trace with its own legend entry, marker shape and colour.
    """
    order = list(POLARITY_MARKS)
    ordered = sorted(intervals, key=lambda i: order.index(i.polarity))
    labels = [i.label for i in ordered]
    national = [(i.label, i.national) for i in ordered if i.national is not None]
    traces = []
    for polarity, (lazy_name, symbol, colour) in POLARITY_MARKS.items():
        name = str(lazy_name)
        group = [i for i in ordered if i.polarity == polarity]
        if not group:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": gettext("%(name)s (this force, 95%% interval)") % {"name": name},
                "y": [i.label for i in group],
                "x": [round(i.rate * 100, 1) for i in group],
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": [round((i.high - i.rate) * 100, 1) for i in group],
                    "arrayminus": [round((i.rate - i.low) * 100, 1) for i in group],
                    "color": colour,
                },
                "marker": {"color": colour, "size": 10, "symbol": symbol},
                "hovertemplate": f"%{{y}}: %{{x}}% ({name.lower()})<extra></extra>",
            }
        )
    if national:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": gettext("England and Wales (pooled)"),
                "y": [label for label, _ in national],
                "x": [round(rate * 100, 1) for _, rate in national],
                "marker": {"color": TEXT_COLOUR, "symbol": "diamond-open", "size": 12},
                # Translators: %{x} is Plotly's placeholder for the rate: keep it as it is.
                # xgettext:no-python-format
                "hovertemplate": gettext("National: %{x}%") + "<extra></extra>",
            }
        )
    return {
        "data": traces,
        "layout": {
            **BASE_LAYOUT,
            "height": max(200, 34 * len(labels) + 30 * len(traces) + 90),
            "xaxis": {
                # xgettext:no-python-format
                "title": {"text": gettext("Share of case files (%)")},
                "range": [-3, 103],  # room for the markers at 0% and 100%
                "fixedrange": True,
                "automargin": True,
            },
            "yaxis": {
                "autorange": "reversed",
                "automargin": True,
                "fixedrange": True,
                "categoryorder": "array",
                "categoryarray": labels,
            },
            "margin": {**BASE_LAYOUT["margin"], "t": 40},
            "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        },
    }


def status_bars(counts: list[tuple[str, int]], *, axis_title: str = "Recommendations") -> dict:
    """Bars in the given order, e.g. recommendations by status."""
    return {
        "data": [
            {
                "type": "bar",
                "x": [label for label, _ in counts],
                "y": [n for _, n in counts],
                "marker": {"color": LINK_COLOUR},
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            }
        ],
        "layout": {
            **BASE_LAYOUT,
            "height": 260,
            "yaxis": count_axis([n for _, n in counts], axis_title),
            "xaxis": {"fixedrange": True, "automargin": True},
        },
    }


def line_over_time(points: list[tuple[str, int]], *, name: str) -> dict:
    """One series over time, e.g. open recommendations at each month end (ISO dates)."""
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "x": [day for day, _ in points],
                "y": [n for _, n in points],
                "line": {"color": LINK_COLOUR},
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            }
        ],
        "layout": {
            **BASE_LAYOUT,
            "height": 260,
            "yaxis": count_axis([n for _, n in points], name),
            "xaxis": {"type": "date", "fixedrange": True, "automargin": True},
        },
    }


def _stepped(colours: list[str]) -> list[list]:
    """A colorscale of flat bands, one per integer level from 0 to len(colours) - 1."""
    scale, n = [], len(colours)
    for index, colour in enumerate(colours):
        scale.append([index / n, colour])
        scale.append([(index + 1) / n, colour])
    return scale
