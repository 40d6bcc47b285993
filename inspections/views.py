from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from inspections import selectors
from inspections.models import Inspection


@require_GET
def home(request):
    """Each force's latest inspection, one table per programme, with each area's grade."""
    overview = selectors.inspection_overview(user=request.user)
    tables = selectors.sorted_programme_tables(tables=overview.tables, query=request.GET)
    return render(request, "inspections/home.html", {"overview": overview, "tables": tables})


@require_GET
def inspection_report(request, slug):
    """The whole structured report: judgments, findings by area, evidence, recommendations."""
    report = selectors.inspection_report(slug=slug, user=request.user)
    return render(
        request, "inspections/inspection.html", {"report": report, "inspection": report.inspection}
    )


@require_GET
def inspection_by_id(request, pk: str):
    """Send a link by number, for good, to the inspection's own address, if the user may see it."""
    if Inspection.objects.filter(slug=pk).exists():  # a slug that is all digits wins
        return inspection_report(request, slug=pk)
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    return redirect(inspection, permanent=True)


@require_GET
def robots_txt(request):
    """Crawlers may read the public pages (and it is the benchmarks' trivial view)."""
    return HttpResponse("User-agent: *\nDisallow: /admin/\n", content_type="text/plain")
