from django.shortcuts import render
from django.views.decorators.http import require_GET

from inspections import selectors


@require_GET
def home(request):
    """List the forces' inspections, one table per programme, with each area's grade."""
    overview = selectors.inspection_overview(user=request.user)
    return render(request, "inspections/home.html", {"overview": overview})
