"""The check that grades named area by area agree with a report's grade counts: the grades
import and the reports table both ask it before they keep anything."""

from collections import Counter

from django.core.exceptions import ValidationError

from inspections.models import Inspection


def check_grade_profile(*, inspection: Inspection) -> None:
    """Refuse grades named area by area that contradict the report's grade counts."""
    if errors := grade_profile_errors(inspection):
        where = f"{inspection.force.name}'s {inspection.programme.name} report"
        raise ValidationError([f"{where}: {e}" for e in errors], code="grade_profile")


def grade_profile_errors(inspection: Inspection) -> list[str]:
    """What the named grades (judgments) and the grade counts cannot both say."""
    counts = {c.grade: c.count for c in inspection.grade_counts.select_related("grade")}
    if not counts and inspection.areas_graded is None:
        return []
    named = Counter(j.grade for j in inspection.judgments.select_related("grade"))
    errors = [
        f"the sources name {n} area(s) graded {grade.name.lower()}, but its grade counts "
        f"give {counts[grade]}."
        for grade, n in named.items()
        if grade in counts and n > counts[grade]
    ]
    needed = sum(max(named.get(g, 0), counts.get(g, 0)) for g in {*named, *counts})
    if inspection.areas_graded is not None and needed > inspection.areas_graded:
        errors.append(
            f"its named grades and grade counts account for {needed} areas, but it graded "
            f"{inspection.areas_graded}."
        )
    return errors
