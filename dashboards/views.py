"""Dashboard pages: read precomputed indicators, call figure builders, render."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from dashboards import charts, selectors
from dashboards.addresses import Understood
from dashboards.caching import cache_public_page
from dashboards.forms import CompareForm, OverviewFilterForm
from dashboards.tables import csv_response, sort_tables
from inspections.models import Force, Programme
from inspections.selectors import assessment_area
from inspections.synthetic import request_holds_synthetic_data


@require_GET
@cache_public_page(Understood(reads=("programme", "region", "area", "grade")))
def national_overview(request):
    """Every force's grades in one programme, with national counts and recurring themes."""
    form = OverviewFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        html = render_to_string("dashboards/overview.html", {"form": form}, request=request)
        return HttpResponseBadRequest(html)
    filters = form.cleaned_data if form.is_bound else {}
    programme = filters.get("programme") or form.default_programme()
    overview = selectors.national_overview(
        programme=programme,
        region=filters.get("region", ""),
        area=filters.get("area", ""),
        grade=filters.get("grade", ""),
    )
    profiles = selectors.grade_profiles(
        programme=programme, region=filters.get("region", ""), grade=filters.get("grade", "")
    )
    panels = [
        *charts.overview_charts(overview),
        charts.grade_profile_chart(
            profiles, programme=programme.name, area=filters.get("area", "")
        ),
    ]
    if download := request.GET.get("download"):
        return _download(request, panels, download, filename=f"{programme.slug}-overview")
    sort_tables(panels, request.GET)
    return render(
        request,
        "dashboards/overview.html",
        {
            "form": form,
            "overview": overview,
            "charts": panels,
            "active_filters": form.active_filters(),
            "followed_programme": filters.get("programme"),
            "freshness": selectors.freshness(),
        },
    )


@require_GET
@cache_public_page(Understood())
def force_dashboard(request, slug):
    """One force: latest grades, recommendations, case-file evidence and inspections."""
    force = get_object_or_404(Force, slug=slug)
    dashboard = selectors.force_dashboard(force=force, user=request.user)
    sections = [(p, charts.force_charts(p, force=force.name)) for p in dashboard.programmes]
    if download := request.GET.get("download"):
        return _download(
            request, [c for _, panels in sections for c in panels], download, filename=force.slug
        )
    sort_tables([c for _, panels in sections for c in panels], request.GET)
    return render(
        request,
        "dashboards/force.html",
        {
            "dashboard": dashboard,
            "force": force,
            "sections": sections,
            "freshness": selectors.freshness(force=force),
        },
    )


@require_GET
@cache_public_page(Understood(reads=("forces", "programme"), lists=("forces",), submitted=True))
def compare(request):
    """Two to six forces side by side."""
    submitted = "forces" in request.GET or "programme" in request.GET
    form = CompareForm(request.GET if submitted else None)
    context = {"form": form, "all_forces": Force.objects.all()}
    if not form.is_bound:
        return render(request, "dashboards/compare.html", context)
    if not form.is_valid():
        html = render_to_string("dashboards/compare.html", context, request=request)
        return HttpResponseBadRequest(html)
    programme = form.cleaned_data["programme"] or Programme.objects.get(slug="ncpi")
    chosen = sorted(form.cleaned_data["forces"], key=lambda f: f.name)
    result = selectors.comparison(forces=chosen, programme=programme)
    panels = charts.compare_charts(result)
    if download := request.GET.get("download"):
        return _download(request, panels, download, filename="compare")
    sort_tables(panels, request.GET)
    return render(
        request,
        "dashboards/compare.html",
        {
            **context,
            "comparison": result,
            "charts": panels,
            "chosen": {f.slug for f in chosen},
            "freshness": selectors.freshness(),
        },
    )


@require_GET
@cache_public_page(Understood(reads=("programme",)))
def area_view(request, slug):
    """One assessment area across all forces, ranked, with its causes of concern."""
    area = assessment_area(slug=slug, programme=request.GET.get("programme"))
    if area is None:
        raise Http404(gettext("No assessment area of that name."))
    view = selectors.area_view(area=area)
    panels = charts.area_charts(view)
    if download := request.GET.get("download"):
        return _download(request, panels, download, filename=f"{area.programme.slug}-{area.slug}")
    sort_tables(panels, request.GET)
    return render(
        request,
        "dashboards/area.html",
        {
            "view": view,
            "area": area,
            "charts": panels,
            "freshness": selectors.freshness(),
        },
    )


@require_GET
@cache_public_page(Understood(tables=False))
def about_the_data(request):
    """How the figures are worked out: grade scales, programmes, rates, intervals, comparisons."""
    return render(request, "dashboards/about.html", {"about": selectors.about_the_data()})


def _download(request, panels, chart_id: str, *, filename: str):
    chart = next((c for c in panels if c.id == chart_id), None)
    if chart is None:
        raise Http404(gettext("No chart of that name on this page."))
    return csv_response(chart, filename=filename, synthetic=request_holds_synthetic_data(request))
