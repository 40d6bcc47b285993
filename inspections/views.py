from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from inspections import selectors


@require_GET
def home(request):
    """List the forces' inspections, one table per programme, with each area's grade."""
    overview = selectors.inspection_overview(user=request.user)
    return render(request, "inspections/home.html", {"overview": overview})


@require_GET
def inspection_report(request, slug):
    """The whole structured report: judgments, findings by area, evidence, recommendations."""
    report = selectors.inspection_report(slug=slug, user=request.user)
    return render(
        request, "inspections/inspection.html", {"report": report, "inspection": report.inspection}
    )


@require_GET
def robots_txt(request):
    """Crawlers may read the public pages (and it is the benchmarks' trivial view)."""
    return HttpResponse("User-agent: *\nDisallow: /admin/\n", content_type="text/plain")
