"""Find forces, inspections, findings, recommendations and case-file statistics by their words.

On PostgreSQL this is full-text search (English stemming, each word also matched as a prefix,
ranked by ts_rank, GIN indexes from search/migrations); elsewhere each word is matched with
icontains and ranked by how many of the words a row holds. Either way a row needs at least one
of the words, rows holding all of them come first, and drafts are found only by those who may
see them (`visible_to`).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from findings.models import CaseFileStatistic, Finding
from inspections.models import Force, Inspection
from recommendations.models import Recommendation

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
HITS_PER_KIND = 20
SEARCH_CONFIG = "english"
# Words too common to narrow a search; PostgreSQL's English configuration drops them too.
STOP_WORDS = frozenset(
    "a an and are as at be but by for from has have in into is it its of on or that the "
    "their this to was were will with".split()
)
_WORD = re.compile(r"\w+")


def search_words(query: str) -> list[str]:
    """The words of a query worth searching for, lower-cased, in order, without repeats."""
    words = []
    for word in _WORD.findall(query.lower()):
        word = word.strip("_")
        if word and word not in STOP_WORDS and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


@dataclass
class Hit:
    """One thing found: what it is called, where it is, and a few words of it."""

    title: str
    url: str
    context: str = ""
    excerpt: str = ""
    complete: bool = True
    draft: bool = False
    synthetic: bool = False


@dataclass
class Group:
    """The things of one kind found, best first."""

    key: str
    label: str
    total: int
    hits: list[Hit] = field(default_factory=list)


@dataclass
class SearchResults:
    query: str
    words: list[str]
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)


def search_everything(*, query: str, user) -> SearchResults:
    """Search every kind the user may see, grouped by kind, best matches first."""
    words = search_words(query)
    groups = []
    for kind in _kinds(user):
        matches = _matching(kind.queryset, kind.fields, words)
        total = matches.count()
        if total:
            hits = [kind.hit(row, words) for row in matches[:HITS_PER_KIND]]
            groups.append(Group(kind.key, kind.label, total, hits))
    return SearchResults(query=query, words=words, groups=groups)


@dataclass
class _Kind:
    key: str
    label: str
    queryset: QuerySet
    fields: tuple[str, ...]
    hit: Callable


def _kinds(user) -> list[_Kind]:
    inspections = Inspection.objects.visible_to(user)
    tracked = Recommendation.objects.tracked_by(user).filter(pk=OuterRef("pk"))
    findings = Finding.objects.filter(inspection__in=inspections).select_related(
        "inspection__force", "inspection__programme", "area"
    )
    return [
        _Kind(
            "forces",
            _("Forces"),
            Force.objects.all(),
            ("name", "short_name", "region"),
            _force_hit,
        ),
        _Kind(
            "inspections",
            _("Inspections"),
            inspections.select_related("force", "programme"),
            ("force__name", "programme__name", "summary", "hm_inspector_summary"),
            _inspection_hit,
        ),
        _Kind(
            "causes-of-concern",
            _("Causes of concern"),
            findings.filter(kind=Finding.Kind.CAUSE_OF_CONCERN),
            FINDING_FIELDS,
            _finding_hit,
        ),
        _Kind(
            "recommendations",
            _("Recommendations"),
            Recommendation.objects.filter(
                inspection__in=inspections, kind=Recommendation.Kind.RECOMMENDATION
            )
            .select_related("inspection__force", "inspection__programme", "finding__area")
            .annotate(tracked=Exists(tracked)),  # its page is for those who may track it
            RECOMMENDATION_FIELDS,
            _recommendation_hit,
        ),
        _Kind(
            "areas-for-improvement",
            _("Areas for improvement"),
            findings.filter(kind=Finding.Kind.AREA_FOR_IMPROVEMENT),
            FINDING_FIELDS,
            _finding_hit,
        ),
        _Kind(
            "statistics",
            _("Case-file statistics"),
            CaseFileStatistic.objects.filter(inspection__in=inspections).select_related(
                "inspection__force", "inspection__programme", "area"
            ),
            STATISTIC_FIELDS,
            _statistic_hit,
        ),
        _Kind(
            "other-findings",
            _("Main findings, case studies and promising practice"),
            findings.filter(
                kind__in=[
                    Finding.Kind.MAIN_FINDING,
                    Finding.Kind.CASE_STUDY,
                    Finding.Kind.PROMISING_PRACTICE,
                ]
            ),
            FINDING_FIELDS,
            _finding_hit,
        ),
    ]


# The columns each GIN index covers (search/migrations): a query must build the same vector.
FINDING_FIELDS = ("title", "body")
RECOMMENDATION_FIELDS = ("text",)
STATISTIC_FIELDS = ("about", "sentence")


def _matching(queryset: QuerySet, fields: tuple[str, ...], words: list[str]) -> QuerySet:
    """The rows holding any of the words, those holding all of them first, then by rank."""
    if connection.vendor == "postgresql":
        return _full_text(queryset, fields, words)
    return _contains(queryset, fields, words)


def _full_text(queryset: QuerySet, fields: tuple[str, ...], words: list[str]) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    # Raw tsquery syntax from words that are only letters, digits and "_": a prefix match,
    # so "gloucester" finds Gloucestershire and "child" finds children.
    terms = [f"{word}:*" for word in words]
    any_word = SearchQuery(" | ".join(terms), config=SEARCH_CONFIG, search_type="raw")
    all_words = SearchQuery(" & ".join(terms), config=SEARCH_CONFIG, search_type="raw")
    return (
        queryset.alias(document=search_vector(*fields))
        .filter(document=any_word)
        .annotate(
            rank=SearchRank(F("document"), any_word),
            complete=Case(When(document=all_words, then=Value(1)), default=Value(0)),
        )
        .order_by("-complete", "-rank", "pk")
    )


def search_vector(*fields: str):
    """The document a row is searched as: its fields run together, in English."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*fields, config=SEARCH_CONFIG)


def _contains(queryset: QuerySet, fields: tuple[str, ...], words: list[str]) -> QuerySet:
    def holds(word: str) -> Q:
        return reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields))

    found = [Case(When(holds(w), then=Value(1)), default=Value(0)) for w in words]
    return (
        queryset.filter(reduce(or_, (holds(w) for w in words)))
        .annotate(rank=reduce(lambda a, b: a + b, found, Value(0)))
        .annotate(
            complete=Case(
                When(rank=len(words), then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-complete", "-rank", "pk")
    )


def _inspection_context(inspection: Inspection) -> str:
    when = inspection.published_label() or _("not yet published")
    # Translators: e.g. "Gloucestershire Constabulary: PEEL 2023–25, 3 June 2025".
    return _("%(force)s: %(programme)s, %(when)s") % {
        "force": inspection.force.name,
        "programme": inspection.programme.name,
        "when": when,
    }


def _force_hit(force: Force, words: list[str]) -> Hit:
    return Hit(
        title=force.name,
        url=reverse("dashboards:force", args=[force.slug]),
        context=force.region,
        complete=bool(force.complete),
    )


def _inspection_hit(inspection: Inspection, words: list[str]) -> Hit:
    return Hit(
        title=_inspection_context(inspection),
        url=inspection.get_absolute_url(),
        excerpt=excerpt(inspection.summary or inspection.hm_inspector_summary, words),
        complete=bool(inspection.complete),
        draft=inspection.status != Inspection.Status.PUBLISHED,
        synthetic=inspection.is_synthetic,
    )


def _in_report(inspection: Inspection, area) -> Hit:
    return Hit(
        title="",
        url=f"{inspection.get_absolute_url()}#area-{area.slug}",
        context=f"{_inspection_context(inspection)}; {area.name}",
        draft=inspection.status != Inspection.Status.PUBLISHED,
        synthetic=inspection.is_synthetic,
    )


def _finding_hit(finding: Finding, words: list[str]) -> Hit:
    hit = _in_report(finding.inspection, finding.area)
    hit.title = finding.title
    hit.excerpt = excerpt(finding.body, words)
    hit.complete = bool(finding.complete)
    if finding.kind not in (Finding.Kind.CAUSE_OF_CONCERN, Finding.Kind.AREA_FOR_IMPROVEMENT):
        hit.context = f"{finding.get_kind_display()}. {hit.context}"
    return hit


def _recommendation_hit(recommendation: Recommendation, words: list[str]) -> Hit:
    hit = _in_report(recommendation.inspection, recommendation.finding.area)
    hit.title = recommendation.full_text
    hit.excerpt = _("Under the cause of concern: %(title)s") % {
        "title": recommendation.finding.title
    }
    hit.complete = bool(recommendation.complete)
    if recommendation.tracked:
        hit.url = reverse("recommendations:recommendation", args=[recommendation.pk])
    return hit


def _statistic_hit(statistic: CaseFileStatistic, words: list[str]) -> Hit:
    hit = _in_report(statistic.inspection, statistic.area)
    hit.title = _("%(about)s: %(numerator)d of %(denominator)d case files") % {
        "about": statistic.about[:1].upper() + statistic.about[1:],
        "numerator": statistic.numerator,
        "denominator": statistic.denominator,
    }
    hit.excerpt = statistic.sentence
    hit.complete = bool(statistic.complete)
    return hit


def excerpt(text: str, words: list[str], *, width: int = 240) -> str:
    """About `width` characters of the text around the first of the words it holds."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    lowered = text.lower()
    found = [i for i in (lowered.find(w) for w in words) if i >= 0]
    start = max(0, min(found, default=0) - width // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + width
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
