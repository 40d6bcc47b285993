"""Chart panels of each dashboard page: figure, summary in words and data table together."""

from collections import Counter

from django.conf import settings
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy, ngettext

from dashboards import figures, indicators, selectors
from dashboards.figures import GRADE_NAMES, GRADE_ORDER, Interval
from dashboards.selectors import (
    AreaView,
    Comparison,
    ForceProgramme,
    Overview,
    ProfileRow,
    StatisticRow,
)
from dashboards.tables import Chart

NO_MATCH = gettext_lazy("No force matches these filters.")
NOT_ENTERED_HINT = gettext_lazy(
    "Only this report's publication and its grades, where a source gives them, are held, so "
    "nothing is counted here: not entered is not the same as none."
)


def overview_charts(overview: Overview) -> list[Chart]:
    areas = [a.short_name for a in overview.areas]
    forces = overview.forces
    links = selectors.force_pages(names=[*forces, *(r[0] for r in overview.overdue)])
    grade_of = {(c.row, c.column): c.grade for c in overview.cells}
    known = Counter(c.grade for c in overview.cells if c.grade)
    most = known.most_common(1)
    heatmap = Chart(
        id="grades",
        title=gettext("Grades by force and area"),
        summary=(
            (
                ngettext(
                    "%(n)d force with a published %(programme)s report matches these filters.",
                    "%(n)d forces with a published %(programme)s report match these filters.",
                    len(forces),
                )
                if overview.filtered
                else ngettext(
                    "%(n)d force has a published %(programme)s report.",
                    "%(n)d forces have a published %(programme)s report.",
                    len(forces),
                )
            )
            % {"n": len(forces), "programme": overview.programme.name}
            + (
                " "
                + ngettext(
                    "%(n)d of them is kept because its report gives how many areas got that "
                    "grade without saying which, so its areas read not known here.",
                    "%(n)d of them are kept because their reports give how many areas got that "
                    "grade without saying which, so their areas read not known here.",
                    overview.matched_by_count,
                )
                % {"n": overview.matched_by_count}
                if overview.matched_by_count
                else ""
            )
            + (
                " "
                + gettext(
                    "The most common grade is %(grade)s (%(count)d of %(known)d known grades); "
                    "%(inadequate)d are inadequate."
                )
                % {
                    "grade": GRADE_NAMES[most[0][0]].lower(),
                    "count": most[0][1],
                    "known": sum(known.values()),
                    "inadequate": known.get("inadequate", 0),
                }
                if most
                else ""
            )
        ),
        headers=[gettext("Force"), *[a.name for a in overview.areas]],
        rows=_grade_rows(forces, areas, grade_of),
        figure=figures.grade_heatmap(overview.cells, rows=forces, columns=areas)
        if forces
        else None,
        empty=str(NO_MATCH),
        about="grades",
        links=links,
    )
    counts = {row.area.short_name: row.grade_counts for row in overview.national}
    distribution = Chart(
        id="distribution",
        title=gettext("Grade distribution by area"),
        summary=gettext(
            "How many forces shown received each grade in each area, at their latest inspection."
        )
        if overview.filtered
        else gettext(
            "How many forces received each grade in each area, at their latest inspection."
        ),
        headers=[
            gettext("Area"),
            *[GRADE_NAMES[g] for g in GRADE_ORDER],
            gettext("Not known"),
            gettext("Forces inspected"),
        ],
        rows=[
            [
                row.area.name,
                *[row.grade_counts.get(g, 0) for g in GRADE_ORDER],
                row.forces_inspected - sum(row.grade_counts.values()),
                row.forces_inspected,
            ]
            for row in overview.national
        ],
        figure=figures.grade_distribution(
            counts,
            areas=list(counts),
            not_known={
                row.area.short_name: row.forces_inspected - sum(row.grade_counts.values())
                for row in overview.national
            },
        )
        if counts
        else None,
        empty=str(NO_MATCH),
        about="grades",
    )
    themes = Chart(
        id="themes",
        title=gettext("Themes that recur in causes of concern"),
        summary=_themes_summary(overview),
        headers=[gettext("Theme"), gettext("Causes of concern"), gettext("Forces")],
        rows=[list(t) for t in overview.themes],
        figure=figures.ranked_bars(
            [(t.name, t.causes_of_concern) for t in overview.themes],
            axis_title=gettext("Causes of concern"),
        )
        if overview.themes
        else None,
        about="themes",
    )
    overdue = Chart(
        id="overdue",
        title=gettext("Forces with overdue recommendations"),
        summary=ngettext(
            "%(n)d force has recommendations past their due date.",
            "%(n)d forces have recommendations past their due date.",
            len(overview.overdue),
        )
        % {"n": len(overview.overdue)},
        headers=[gettext("Force"), gettext("Overdue"), gettext("Open")],
        rows=[list(r) for r in overview.overdue],
        empty=gettext("None of the forces shown has an overdue recommendation.")
        if overview.filtered
        else gettext("None of the forces has an overdue recommendation."),
        about="recommendations",
        links=links,
    )
    panels = [heatmap, distribution, themes, overdue]
    if not forces:  # rather than counts of zero over nothing
        for chart in panels:
            chart.summary = chart.empty = str(NO_MATCH)
    _say_what_was_not_entered([themes, overdue], overview)
    return panels


def _grade_rows(forces: list[str], areas: list[str], grade_of: dict) -> list[list[str]]:
    """Each force's grade in each area, in words."""
    not_known = gettext("Not known")
    return [[f, *[GRADE_NAMES.get(grade_of.get((f, a)), not_known) for a in areas]] for f in forces]


def _themes_summary(overview: Overview) -> str:
    if not overview.themes:
        if overview.filtered:
            return gettext("No cause of concern of the forces shown has been tagged with a theme.")
        return gettext("No cause of concern of the forces has been tagged with a theme.")
    top = overview.themes[0]
    if overview.filtered:
        text = ngettext(
            "The theme most often cited in causes of concern of the forces shown is "
            "“%(theme)s”, in %(n)d cause of concern.",
            "The theme most often cited in causes of concern of the forces shown is "
            "“%(theme)s”, in %(n)d causes of concern.",
            top.causes_of_concern,
        )
    else:
        text = ngettext(
            "The theme most often cited in causes of concern of the forces is "
            "“%(theme)s”, in %(n)d cause of concern.",
            "The theme most often cited in causes of concern of the forces is "
            "“%(theme)s”, in %(n)d causes of concern.",
            top.causes_of_concern,
        )
    return text % {"theme": top.name, "n": top.causes_of_concern}


def _say_what_was_not_entered(panels: list[Chart], overview: Overview) -> None:
    """Counts over forces whose findings were never entered would read as zero: say so."""
    missing = len(overview.forces) - overview.entered
    if not overview.forces or not missing:
        return
    if not overview.entered:
        for chart in panels:
            chart.summary = (
                gettext(
                    "The causes of concern and recommendations of the forces shown have not "
                    "been entered: they are known only from their published grades."
                )
                if overview.filtered
                else gettext(
                    "The causes of concern and recommendations of the forces have not been "
                    "entered: they are known only from their published grades."
                )
            )
            chart.empty = gettext("Nothing is counted here: not entered is not the same as none.")
        return
    if overview.filtered:
        note = ngettext(
            "The causes of concern and recommendations of %(missing)d of the %(n)d forces "
            "shown have not been entered and are not counted.",
            "The causes of concern and recommendations of %(missing)d of the %(n)d forces "
            "shown have not been entered and are not counted.",
            missing,
        )
    else:
        note = ngettext(
            "The causes of concern and recommendations of %(missing)d of the %(n)d forces "
            "have not been entered and are not counted.",
            "The causes of concern and recommendations of %(missing)d of the %(n)d forces "
            "have not been entered and are not counted.",
            missing,
        )
    for chart in panels:
        chart.summary += " " + note % {"missing": missing, "n": len(overview.forces)}


def force_charts(section: ForceProgramme, *, force: str) -> list[Chart]:
    summary, prefix = section.summary, section.summary.programme.slug
    strip = Chart(
        id=f"{prefix}-grades",
        title=gettext("Grades at the latest inspection"),
        summary=_grade_summary(section),
        headers=[gettext("Area"), gettext("Grade"), gettext("Previous grade"), gettext("Change")],
        rows=[
            [
                r.name,
                r.grade or gettext("Not known"),
                r.previous_grade or "—",
                _change(r.grade_change),
            ]
            for r in section.areas
        ],
        figure=figures.grade_heatmap(
            [figures.GradeCell(force, r.short_name, r.grade_slug) for r in section.areas],
            rows=[force],
            columns=[r.short_name for r in section.areas],
        ),
        about="grades",
    )
    statuses = [
        (gettext("Open"), summary.recommendations_open),
        (gettext("Overdue"), summary.recommendations_overdue),
        (gettext("Met"), summary.recommendations_met),
        (gettext("Not met"), summary.recommendations_not_met),
    ]
    progress = Chart(
        id=f"{prefix}-recommendations",
        title=gettext("Recommendations by status"),
        summary=(
            gettext("%(open)s open, %(overdue)s of them overdue; %(met)s met.")
            % {
                "open": summary.recommendations_open,
                "overdue": summary.recommendations_overdue,
                "met": summary.recommendations_met,
            }
            + (
                " "
                + gettext("Median time to met: %(days).0f days.")
                % {"days": summary.median_days_to_met}
                if summary.median_days_to_met is not None
                else ""
            )
        ),
        headers=[gettext("Status"), gettext("Recommendations")],
        rows=[list(s) for s in statuses],
        figure=figures.status_bars(statuses, axis_title=gettext("Recommendations")),
        about="recommendations",
    )
    over_time = Chart(
        id=f"{prefix}-open-over-time",
        title=gettext("Open recommendations over time"),
        summary=(
            gettext("Open recommendations at each month end: %(open)s now.")
            % {"open": summary.open_over_time[-1][1]}
            if summary.open_over_time
            else gettext("No recommendations yet.")
        ),
        headers=[gettext("Month end"), gettext("Open recommendations")],
        rows=[list(point) for point in summary.open_over_time],
        figure=figures.line_over_time(summary.open_over_time, name=gettext("Open recommendations"))
        if summary.open_over_time
        else None,
        empty=gettext("No recommendations yet."),
        about="recommendations",
    )
    case_files = case_file_chart(section.statistics, prefix=prefix)
    if not summary.recommendations_entered:
        recommendations = gettext("Recommendations from this report have not been entered.")
        _not_entered(progress, recommendations)
        _not_entered(over_time, recommendations)
        if not section.statistics:
            _not_entered(
                case_files, gettext("Case-file figures from this report have not been entered.")
            )
    return [strip, progress, over_time, case_files]


def _not_entered(chart: Chart, summary: str) -> None:
    """Empty a chart of what a report known only from its grades never gave: nothing is
    counted or drawn, and the chart says so, for not entered is not the same as none."""
    chart.summary = summary
    chart.rows, chart.figure, chart.empty = [], None, str(NOT_ENTERED_HINT)


def case_file_chart(stats: list[StatisticRow], *, prefix: str) -> Chart:
    """Case-file rates with their counts, intervals and, where it holds, the national pool."""
    compared = [s for s in stats if s.national_rate is not None]
    return Chart(
        id=f"{prefix}-case-files",
        title=gettext("Case-file evidence against the national rate"),
        summary=_case_file_summary(stats, compared, Counter(s.comparison for s in compared)),
        headers=[
            gettext("Measured"),
            gettext("A higher share is"),
            gettext("Case files"),
            gettext("Of"),
            # xgettext:no-python-format
            gettext("Rate (%)"),
            # xgettext:no-python-format
            gettext("95% from"),
            # xgettext:no-python-format
            gettext("95% to"),
            # xgettext:no-python-format
            gettext("National (%)"),
            gettext("National pool"),
            gettext("Compared with national"),
        ],
        rows=[
            [
                s.about,
                str(POLARITY_WORDS.get(s.polarity, s.polarity)),
                s.numerator,
                s.denominator,
                _pct(s.rate),
                _pct(s.ci_low),
                _pct(s.ci_high),
                _pct(s.national_rate),
                pool_words(s.pool_forces, s.pool_case_files, s.national_rate),
                s.comparison_label,
            ]
            for s in stats
        ],
        figure=figures.rate_intervals(
            [
                Interval(
                    gettext("%(about)s (%(numerator)s of %(denominator)s)")
                    % {"about": s.about, "numerator": s.numerator, "denominator": s.denominator},
                    s.rate,
                    s.ci_low,
                    s.ci_high,
                    s.national_rate,
                    s.polarity,
                )
                for s in stats
            ]
        )
        if stats
        else None,
        about="rates",
    )


def _case_file_summary(
    stats: list[StatisticRow], compared: list[StatisticRow], judged: Counter
) -> str:
    if not stats:
        return gettext("This inspection gives no case-file figures.")
    counts = {
        "n": len(stats),
        "compared": len(compared),
        "worse": judged["worse"],
        "better": judged["better"],
        "other": judged["higher"] + judged["lower"],
        "min": settings.NATIONAL_COMPARISON_MIN_FORCES,
    }
    if not compared:
        text = ngettext(
            "%(n)d case-file figure; none is compared with a national rate: fewer than "
            "%(min)d forces have these measures.",
            "%(n)d case-file figures; none is compared with a national rate: fewer than "
            "%(min)d forces have these measures.",
            len(stats),
        )
    elif counts["other"]:
        text = ngettext(
            "%(n)d case-file figure; %(compared)d compared with a pooled national rate: "
            "%(worse)d significantly worse, %(better)d significantly better, %(other)d "
            "significantly higher or lower (the 95%% interval lies wholly on one side of the "
            "national rate).",
            "%(n)d case-file figures; %(compared)d compared with a pooled national rate: "
            "%(worse)d significantly worse, %(better)d significantly better, %(other)d "
            "significantly higher or lower (the 95%% interval lies wholly on one side of the "
            "national rate).",
            len(stats),
        )
    else:
        text = ngettext(
            "%(n)d case-file figure; %(compared)d compared with a pooled national rate: "
            "%(worse)d significantly worse, %(better)d significantly better (the 95%% interval "
            "lies wholly on one side of the national rate).",
            "%(n)d case-file figures; %(compared)d compared with a pooled national rate: "
            "%(worse)d significantly worse, %(better)d significantly better (the 95%% interval "
            "lies wholly on one side of the national rate).",
            len(stats),
        )
    return text % counts


POLARITY_WORDS = {
    "worse": gettext_lazy("worse"),
    "better": gettext_lazy("better"),
    "neither": gettext_lazy("neither (no judgement)"),
}


def pool_words(forces: int | None, case_files: int | None, national_rate: float | None) -> str:
    """'pooled from 5 forces, 412 case files', or why there is no national comparison."""
    if forces is None:
        return gettext("No national comparison: not a shared measure")
    if national_rate is None or not indicators.national_comparison_holds(
        forces, min_forces=settings.NATIONAL_COMPARISON_MIN_FORCES
    ):
        return ngettext(
            "No national comparison yet: %(n)d force has this measure",
            "No national comparison yet: %(n)d forces have this measure",
            forces,
        ) % {"n": forces}
    return ngettext(
        "pooled from %(n)d force, %(files)s case files",
        "pooled from %(n)d forces, %(files)s case files",
        forces,
    ) % {"n": forces, "files": f"{case_files:,}"}


def grade_profile_words(counts: dict[str, int], areas_total: int) -> str:
    """'2 good, 1 inadequate; 3 of 5 areas known': a profile, never an average."""
    profile = indicators.grade_profile(counts, GRADE_ORDER)
    known = ngettext(
        "%(known)d of %(total)d area known", "%(known)d of %(total)d areas known", areas_total
    ) % {"known": sum(n for _, n in profile), "total": areas_total}
    if not profile:
        return gettext("no grade known; %(known)s") % {"known": known}
    parts = ", ".join(
        # Translators: one grade's count in a profile, e.g. "2 good" in "2 good, 1 inadequate".
        gettext("%(count)s %(grade)s") % {"count": n, "grade": GRADE_NAMES[g].lower()}
        for g, n in profile
    )
    return gettext("%(grades)s; %(known)s") % {"grades": parts, "known": known}


def _grade_summary(section: ForceProgramme) -> str:
    named = Counter(r.grade_slug for r in section.areas if r.grade_slug)
    # The force row's profile also holds what a source counts without naming the areas.
    counts = section.summary.grade_counts or named
    areas = section.summary.areas_total or len(section.areas)
    text = gettext("Grade profile: %(profile)s.") % {"profile": grade_profile_words(counts, areas)}
    if sum(counts.values()) > sum(named.values()):
        text += " " + gettext(
            "The sources give how many areas got each grade, not always which area got "
            "which: the areas below show only the grades named area by area."
        )
    changed = [r for r in section.areas if r.grade_change]
    if changed:
        better = sum(1 for r in changed if r.grade_change > 0)
        worse = len(changed) - better
        # Translators: e.g. "Since the previous inspection, 2 areas improved and 1 declined."
        text += " " + gettext("Since the previous inspection, %(improved)s and %(declined)s.") % {
            "improved": ngettext("%(n)d area improved", "%(n)d areas improved", better)
            % {"n": better},
            "declined": ngettext("%(n)d declined", "%(n)d declined", worse) % {"n": worse},
        }
    return text


def _change(change: float | None) -> str:
    if change is None:
        return "—"
    if change > 0:
        return gettext("Better")
    return gettext("Worse") if change < 0 else gettext("Same")


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}"


def compare_charts(result: Comparison) -> list[Chart]:
    forces = [f.name for f in result.forces]
    links = {f.name: _force_url(f) for f in result.forces}
    areas = [a.short_name for a in result.areas]
    grade_of = {(c.row, c.column): c.grade for c in result.cells}
    grades = Chart(
        id="grades",
        title=gettext("Grades side by side"),
        summary=_compare_summary(result),
        headers=[gettext("Force"), *[a.name for a in result.areas]],
        rows=_grade_rows(forces, areas, grade_of),
        figure=figures.grade_heatmap(result.cells, rows=forces, columns=areas),
        about="grades",
        links=links,
    )
    rows = []
    for force in result.forces:
        summary = result.summaries.get(force.pk)
        entered = summary is not None and summary.recommendations_entered
        rows.append(
            [
                force.name,
                _inspection_label(summary.inspection)
                if summary
                else gettext("No published inspection"),
                capfirst(grade_profile_words(summary.grade_counts, summary.areas_total))
                if summary
                else "",
                summary.recommendations_open
                if entered
                else gettext("Not entered")
                if summary
                else "",
                summary.recommendations_overdue if entered else "",
                summary.recommendations_met if entered else "",
                _worse_words(result.evidence.get(force.pk), entered=entered) if summary else "",
            ]
        )
    table = Chart(
        id="measures",
        title=gettext("Recommendations and evidence side by side"),
        summary=gettext(
            "Each force's grade profile (how many areas got each grade, of how many known), "
            "recommendations by status, and case-file figures significantly worse than a pooled "
            "national rate. Forces are listed by name: grades are not a league table."
        ),
        headers=[
            gettext("Force"),
            gettext("Latest inspection"),
            gettext("Grade profile"),
            gettext("Open"),
            gettext("Overdue"),
            gettext("Met"),
            gettext("Figures worse than national"),
        ],
        rows=rows,
        about="grades",
        links=links,
    )
    return [grades, table]


def area_charts(view: AreaView) -> list[Chart]:
    graded = [r for r in view.forces if r.grade]
    counts = view.national.grade_counts if view.national else {}
    distribution = Chart(
        id="distribution",
        title=gettext("Grades in this area"),
        summary=(
            ngettext(
                "%(n)d force has a known grade in this area; %(inadequate)d inadequate and "
                "%(good)d good or outstanding.",
                "%(n)d forces have a known grade in this area; %(inadequate)d inadequate and "
                "%(good)d good or outstanding.",
                len(graded),
            )
            if graded
            else ngettext(
                "%(n)d force has a known grade in this area.",
                "%(n)d forces have a known grade in this area.",
                len(graded),
            )
        )
        % {
            "n": len(graded),
            "inadequate": counts.get("inadequate", 0),
            "good": counts.get("good", 0) + counts.get("outstanding", 0),
        },
        headers=[gettext("Grade"), gettext("Forces")],
        rows=[[GRADE_NAMES[g], counts.get(g, 0)] for g in GRADE_ORDER],
        figure=figures.grade_distribution(
            {view.area.short_name: counts}, areas=[view.area.short_name]
        )
        if counts
        else None,
        about="grades",
    )
    in_order = Chart(
        id="forces",
        title=gettext("Forces in grade order"),
        summary=gettext(
            "Forces are listed by their latest grade in this area, best first, and by name "
            "within a grade; forces whose grade is not known come last. The inspectorate's "
            "grades are not a league table."
        ),
        headers=[
            gettext("Force"),
            gettext("Grade"),
            gettext("Published"),
            gettext("Change since previous inspection"),
        ],
        rows=[
            [
                r.force.name,
                r.grade.name if r.grade else gettext("Not known"),
                r.inspection.published_label(),
                _change(r.grade_change),
            ]
            for r in view.forces
        ],
        empty=gettext("No force has a published inspection in this area yet."),
        about="grades",
        links={r.force.name: _force_url(r.force) for r in view.forces},
    )
    return [distribution, in_order]


def _force_url(force) -> str:
    return reverse("dashboards:force", args=[force.slug])


def _worse_words(evidence: tuple[int, int, int] | None, *, entered: bool) -> str | int:
    """How many figures are significantly worse, of how many were compared, or why none is."""
    if evidence is None:
        return gettext("No case-file figures") if entered else gettext("Not entered")
    worse, compared, total = evidence
    if not compared:
        return ngettext(
            "None of %(n)d compared: too few forces have these measures",
            "None of %(n)d compared: too few forces have these measures",
            total,
        ) % {"n": total}
    return gettext("%(worse)d of %(compared)d compared") % {"worse": worse, "compared": compared}


def _compare_summary(result: Comparison) -> str:
    parts = []
    for force in result.forces:
        summary = result.summaries.get(force.pk)
        if summary:
            words = grade_profile_words(summary.grade_counts, summary.areas_total)
            parts.append(
                gettext("%(force)s: %(profile)s") % {"force": force.name, "profile": words}
            )
        else:
            parts.append(gettext("%(force)s: no published inspection") % {"force": force.name})
    return gettext("Grade profiles. %(profiles)s.") % {"profiles": "; ".join(parts)}


def _inspection_label(inspection) -> str:
    label = inspection.published_label()
    if inspection.is_synthetic:
        return gettext("%(label)s (synthetic data)") % {"label": label}
    return label


def grade_profile_chart(profiles: list[ProfileRow], *, programme: str, area: str = "") -> Chart:
    """Each force's grade profile: how many areas got each grade, of how many graded."""
    complete = sum(1 for p in profiles if not p.not_known)
    summary = (
        ngettext(
            "%(n)d force with a published %(programme)s: every graded area's grade is known for "
            "%(complete)d of them, some are not known for %(partial)d.",
            "%(n)d forces with a published %(programme)s: every graded area's grade is known for "
            "%(complete)d of them, some are not known for %(partial)d.",
            len(profiles),
        )
        % {
            "n": len(profiles),
            "programme": programme,
            "complete": complete,
            "partial": len(profiles) - complete,
        }
        + " "
        + gettext(
            "Forces are ordered by their grades, most outstanding first, then most good and so "
            "on, with forces whose grades are partly not known last: an order for reading, not a "
            "league table."
        )
        + " "
        + gettext(
            "Sources often give how many areas got each grade without saying which, so no grade "
            "here is attributed to an area."
        )
        if profiles
        else ""
    )
    if area and profiles:
        summary += " " + gettext(
            "The area filter does not apply here: counts do not say which area."
        )
    return Chart(
        id="profiles",
        title=gettext("Grade profile of each force"),
        summary=summary,
        headers=[
            gettext("Force"),
            gettext("Published"),
            gettext("Areas graded"),
            *[GRADE_NAMES[g] for g in GRADE_ORDER],
            gettext("Not known"),
        ],
        rows=[
            [
                p.force,
                p.published,
                p.areas,
                *[_profile_count(p, g) for g in GRADE_ORDER],
                p.not_known,
            ]
            for p in profiles
        ],
        figure=figures.grade_profile_bars(
            [figures.GradeProfile(p.short_name, p.counts, p.not_known) for p in profiles]
        )
        if profiles
        else None,
        empty=str(NO_MATCH),
        about="grades",
        # Each force's name, in the table and (short) on the chart, links to its page.
        links={
            name: reverse("dashboards:force", args=[p.slug])
            for p in profiles
            for name in (p.force, p.short_name)
        },
    )


def _profile_count(profile: ProfileRow, grade: str) -> int | None:
    """A grade's count; blank (not known), not 0, where no source counts it and some areas'
    grades are not known."""
    if grade in profile.counts:
        return profile.counts[grade]
    return None if profile.not_known else 0
