"""Build an API test's data: inspections with a row of every kind under them, force leaders."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from findings.models import Measure, OtherFigure, Theme
from inspections import roles
from inspections.models import Force, ForceMembership, Inspection
from recommendations.models import ProgressUpdate, Recommendation
from tests.factories import (
    CaseFileStatisticFactory,
    FindingFactory,
    InspectionFactory,
    JudgmentFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    UserFactory,
    grade,
)


@dataclass
class Rows:
    """One inspection and what hangs from it."""

    inspection: Inspection
    recommendation: Recommendation
    progress: ProgressUpdate
    finding_id: int
    statistic_id: int
    figure_id: int


@dataclass
class World:
    force_a: Force
    force_b: Force
    published_a: Rows
    draft_a: Rows
    published_b: Rows
    draft_b: Rows

    @property
    def drafts(self) -> list[Rows]:
        return [self.draft_a, self.draft_b]


def make_inspection(force: Force, *, published: datetime.date | None, grade_slug: str) -> Rows:
    """An inspection (a draft when it has no date) with one row of every kind under it."""
    status = Inspection.Status.PUBLISHED if published else Inspection.Status.DRAFT
    inspection = InspectionFactory(force=force, status=status, published=published)
    JudgmentFactory(inspection=inspection, grade=grade(grade_slug))
    theme, _ = Theme.objects.get_or_create(slug="api-supervision", name="API supervision")
    measure, _ = Measure.objects.get_or_create(
        slug="api-child-not-seen", name="API child not seen", polarity="worse"
    )
    finding = FindingFactory(inspection=inspection)
    finding.themes.add(theme)
    statistic = CaseFileStatisticFactory(inspection=inspection, measure=measure)
    figure = OtherFigure.objects.create(
        inspection=inspection,
        area=statistic.area,
        kind=OtherFigure.Kind.COUNT,
        about="referrals",
        value=12,
    )
    recommendation = RecommendationFactory(
        finding=finding, inspection=inspection, due_date=datetime.date(2024, 1, 1)
    )
    return Rows(
        inspection=inspection,
        recommendation=recommendation,
        progress=ProgressUpdateFactory(recommendation=recommendation),
        finding_id=finding.pk,
        statistic_id=statistic.pk,
        figure_id=figure.pk,
    )


def leader_of(force: Force):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.FORCE_LEADERS))
    ForceMembership.objects.create(user=user, force=force)
    return user


def every_result(client: APIClient, url: str) -> list[dict]:
    """Follow the pages of a list to its end."""
    results = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        results += response.json()["results"]
        url = response.json()["next"]
    return results
