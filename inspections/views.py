from django.shortcuts import render
from django.views.decorators.http import require_GET

from inspections import selectors


@require_GET
def home(request):
    """List every force with its published inspections and their grades."""
    rows = selectors.forces_with_inspections(user=request.user)
    inspected = sum(1 for row in rows if row.inspections)
    return render(request, "inspections/home.html", {"rows": rows, "inspected": inspected})
