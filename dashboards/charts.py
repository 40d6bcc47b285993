"""Chart panels of each dashboard page: figure, summary in words and data table together."""

from collections import Counter

from dashboards import figures
from dashboards.figures import GRADE_NAMES, GRADE_ORDER, Interval
from dashboards.selectors import AreaView, Comparison, ForceProgramme, Overview
from dashboards.tables import Chart


def overview_charts(overview: Overview) -> list[Chart]:
    areas = [a.short_name for a in overview.areas]
    forces = overview.forces
    grade_of = {(c.row, c.column): c.grade for c in overview.cells}
    known = Counter(c.grade for c in overview.cells if c.grade)
    most = known.most_common(1)
    heatmap = Chart(
        id="grades",
        title="Grades by force and area",
        summary=(
            f"{len(forces)} forces with a published {overview.programme.name.lower()}. "
            + (
                f"The most common grade is {GRADE_NAMES[most[0][0]].lower()} "
                f"({most[0][1]} of {sum(known.values())} known grades); "
                f"{known.get('inadequate', 0)} are inadequate."
                if most
                else ""
            )
        ),
        headers=["Force", *[a.name for a in overview.areas]],
        rows=[
            [f, *[GRADE_NAMES.get(grade_of.get((f, a)), "Not known") for a in areas]]
            for f in forces
        ],
        figure=figures.grade_heatmap(overview.cells, rows=forces, columns=areas)
        if forces
        else None,
        empty="No force matches these filters.",
    )
    counts = {row.area.short_name: row.grade_counts for row in overview.national}
    distribution = Chart(
        id="distribution",
        title="Grade distribution by area",
        summary="How many forces received each grade in each area, at their latest inspection.",
        headers=["Area", *[GRADE_NAMES[g] for g in GRADE_ORDER], "Forces inspected"],
        rows=[
            [
                row.area.name,
                *[row.grade_counts.get(g, 0) for g in GRADE_ORDER],
                row.forces_inspected,
            ]
            for row in overview.national
        ],
        figure=figures.grade_distribution(counts, areas=list(counts)) if counts else None,
    )
    themes = Chart(
        id="themes",
        title="Themes that recur in causes of concern",
        summary=(
            f"The theme most often cited is {overview.themes[0].name.lower()}, in "
            f"{overview.themes[0].causes_of_concern} causes of concern."
            if overview.themes
            else "No cause of concern has been tagged with a theme yet."
        ),
        headers=["Theme", "Causes of concern", "Forces"],
        rows=[list(t) for t in overview.themes],
        figure=figures.ranked_bars(
            [(t.name, t.causes_of_concern) for t in overview.themes],
            axis_title="Causes of concern",
        )
        if overview.themes
        else None,
    )
    overdue = Chart(
        id="overdue",
        title="Forces with overdue recommendations",
        summary=f"{len(overview.overdue)} forces have recommendations past their due date.",
        headers=["Force", "Overdue", "Open"],
        rows=[list(r) for r in overview.overdue],
        empty="No force has an overdue recommendation.",
    )
    return [heatmap, distribution, themes, overdue]


def force_charts(section: ForceProgramme, *, force: str) -> list[Chart]:
    summary, prefix = section.summary, section.summary.programme.slug
    strip = Chart(
        id=f"{prefix}-grades",
        title="Grades at the latest inspection",
        summary=_grade_summary(section),
        headers=["Area", "Grade", "Previous grade", "Change"],
        rows=[
            [r.name, r.grade or "Not known", r.previous_grade or "—", _change(r.grade_change)]
            for r in section.areas
        ],
        figure=figures.grade_heatmap(
            [figures.GradeCell(force, r.short_name, r.grade_slug) for r in section.areas],
            rows=[force],
            columns=[r.short_name for r in section.areas],
        ),
    )
    statuses = [
        ("Open", summary.recommendations_open),
        ("Overdue", summary.recommendations_overdue),
        ("Met", summary.recommendations_met),
        ("Not met", summary.recommendations_not_met),
    ]
    progress = Chart(
        id=f"{prefix}-recommendations",
        title="Recommendations by status",
        summary=(
            f"{summary.recommendations_open} open, {summary.recommendations_overdue} of them "
            f"overdue; {summary.recommendations_met} met."
            + (
                f" Median time to met: {summary.median_days_to_met:.0f} days."
                if summary.median_days_to_met is not None
                else ""
            )
        ),
        headers=["Status", "Recommendations"],
        rows=[list(s) for s in statuses],
        figure=figures.status_bars(statuses),
    )
    over_time = Chart(
        id=f"{prefix}-open-over-time",
        title="Open recommendations over time",
        summary=(
            f"Open recommendations at each month end: {summary.open_over_time[-1][1]} now."
            if summary.open_over_time
            else "No recommendations yet."
        ),
        headers=["Month end", "Open recommendations"],
        rows=[list(point) for point in summary.open_over_time],
        figure=figures.line_over_time(summary.open_over_time, name="Open recommendations")
        if summary.open_over_time
        else None,
    )
    stats = section.statistics
    worse = sum(1 for s in stats if s.comparison == "worse")
    evidence = Chart(
        id=f"{prefix}-case-files",
        title="Case-file evidence against the national rate",
        summary=(
            f"{len(stats)} case-file figures; {worse} significantly worse than the pooled "
            "national rate (its 95% interval lies wholly on the worse side)."
            if stats
            else "This inspection gives no case-file figures."
        ),
        headers=[
            "Measured",
            "Case files",
            "Of",
            "Rate (%)",
            "95% from",
            "95% to",
            "National (%)",
            "Compared with national",
        ],
        rows=[
            [
                s.about,
                s.numerator,
                s.denominator,
                _pct(s.rate),
                _pct(s.ci_low),
                _pct(s.ci_high),
                _pct(s.national_rate),
                s.comparison_label,
            ]
            for s in stats
        ],
        figure=figures.rate_intervals(
            [Interval(s.about, s.rate, s.ci_low, s.ci_high, s.national_rate) for s in stats]
        )
        if stats
        else None,
    )
    return [strip, progress, over_time, evidence]


def _grade_summary(section: ForceProgramme) -> str:
    counts = Counter(r.grade.lower() for r in section.areas if r.grade)
    parts = [f"{n} {name}" for name, n in counts.most_common()]
    changed = [r for r in section.areas if r.grade_change]
    text = f"Grades: {', '.join(parts) or 'none known'}."
    if changed:
        better = sum(1 for r in changed if r.grade_change > 0)
        text += (
            f" Since the previous inspection, {better} areas improved and "
            f"{len(changed) - better} declined."
        )
    return text


def _change(change: float | None) -> str:
    if change is None:
        return "—"
    if change > 0:
        return "Better"
    return "Worse" if change < 0 else "Same"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}"


def compare_charts(result: Comparison) -> list[Chart]:
    forces = [f.name for f in result.forces]
    areas = [a.short_name for a in result.areas]
    grade_of = {(c.row, c.column): c.grade for c in result.cells}
    grades = Chart(
        id="grades",
        title="Grades side by side",
        summary=_compare_summary(result),
        headers=["Force", *[a.name for a in result.areas]],
        rows=[
            [f, *[GRADE_NAMES.get(grade_of.get((f, a)), "Not known") for a in areas]]
            for f in forces
        ],
        figure=figures.grade_heatmap(result.cells, rows=forces, columns=areas),
    )
    rows = []
    for force in result.forces:
        summary = result.summaries.get(force.pk)
        rows.append(
            [
                force.name,
                _inspection_label(summary.inspection) if summary else "No published inspection",
                f"{summary.rank} of {summary.ranked_of}" if summary and summary.rank else "",
                summary.recommendations_open if summary else "",
                summary.recommendations_overdue if summary else "",
                summary.recommendations_met if summary else "",
                result.worse_statistics.get(force.pk, 0),
            ]
        )
    table = Chart(
        id="measures",
        title="Recommendations and evidence side by side",
        summary="Rank by mean grade, recommendations by status, and case-file figures "
        "significantly worse than the national rate.",
        headers=[
            "Force",
            "Latest inspection",
            "Rank",
            "Open",
            "Overdue",
            "Met",
            "Figures worse than national",
        ],
        rows=rows,
    )
    return [grades, table]


def area_charts(view: AreaView) -> list[Chart]:
    ranked = [r for r in view.ranked if r.grade]
    counts = view.national.grade_counts if view.national else {}
    distribution = Chart(
        id="distribution",
        title="Grades in this area",
        summary=(
            f"{len(ranked)} forces have a known grade in this area"
            + (
                f"; {counts.get('inadequate', 0)} inadequate and "
                f"{counts.get('good', 0) + counts.get('outstanding', 0)} good or outstanding."
                if ranked
                else "."
            )
        ),
        headers=["Grade", "Forces"],
        rows=[[GRADE_NAMES[g], counts.get(g, 0)] for g in GRADE_ORDER],
        figure=figures.grade_distribution(
            {view.area.short_name: counts}, areas=[view.area.short_name]
        )
        if counts
        else None,
    )
    ranking = Chart(
        id="ranking",
        title="Forces ranked by their latest grade",
        summary="Forces with the same grade share a rank.",
        headers=["Rank", "Force", "Grade", "Published", "Change since previous inspection"],
        rows=[
            [
                r.rank,
                r.force.name,
                r.grade.name,
                r.inspection.published_label(),
                _change(r.grade_change),
            ]
            for r in ranked
        ],
        empty="No force has a known grade in this area yet.",
    )
    return [distribution, ranking]


def _compare_summary(result: Comparison) -> str:
    parts = []
    for force in result.forces:
        summary = result.summaries.get(force.pk)
        if summary and summary.grade_score is not None:
            parts.append(f"{force.name} averages {summary.grade_score:.1f}")
        else:
            parts.append(f"{force.name} has no known grade")
    return "On a scale from 1 (inadequate) to 5 (outstanding): " + "; ".join(parts) + "."


def _inspection_label(inspection) -> str:
    label = inspection.published_label()
    return f"{label} (synthetic data)" if inspection.is_synthetic else label
