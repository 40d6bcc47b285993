"""factory_boy factories; programmes and grades come from the loaded reference data."""

import datetime

import factory
from django.contrib.auth import get_user_model

from findings.models import CaseFileStatistic, Finding
from inspections.models import AssessmentArea, Force, Grade, Inspection, Judgment, Programme
from recommendations.models import ProgressUpdate, Recommendation

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class ForceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Force

    name = factory.Sequence(lambda n: f"Testshire {n} Constabulary")
    short_name = factory.Sequence(lambda n: f"Testshire {n}")
    slug = factory.Sequence(lambda n: f"testshire-{n}")
    region = "South West"
    country = Force.Country.ENGLAND


def ncpi() -> Programme:
    return Programme.objects.get(slug="ncpi")


def peel() -> Programme:
    return Programme.objects.get(slug="peel-2023-25")


def area(slug: str, programme: Programme | None = None) -> AssessmentArea:
    return AssessmentArea.objects.get(programme=programme or ncpi(), slug=slug)


def grade(slug: str) -> Grade:
    return Grade.objects.get(scale__slug="five-point", slug=slug)


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    force = factory.SubFactory(ForceFactory)
    programme = factory.LazyFunction(ncpi)
    slug = factory.Sequence(lambda n: f"inspection-{n}")
    status = Inspection.Status.PUBLISHED
    published = datetime.date(2025, 3, 14)


class JudgmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judgment

    inspection = factory.SubFactory(InspectionFactory)
    area = factory.LazyFunction(lambda: area("leadership"))
    grade = factory.LazyFunction(lambda: grade("good"))


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    area = factory.LazyFunction(lambda: area("leadership"))
    kind = Finding.Kind.CAUSE_OF_CONCERN
    title = factory.Sequence(lambda n: f"Finding {n}")


class CaseFileStatisticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseFileStatistic

    inspection = factory.SubFactory(InspectionFactory)
    area = factory.LazyFunction(lambda: area("investigation"))
    numerator = 25
    denominator = 48
    about = "case files where the voice of the child was absent"
    polarity = CaseFileStatistic.Polarity.WORSE


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    finding = factory.SubFactory(FindingFactory)
    inspection = factory.SelfAttribute("finding.inspection")
    text = factory.Sequence(lambda n: f"make sure recommendation {n} is done")


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    recommendation = factory.SubFactory(RecommendationFactory)
    effective_on = datetime.date(2025, 6, 1)
    force_status = "in_progress"
    narrative = "Training plan agreed."
