"""The search page: one box, results grouped by kind."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from search import selectors
from search.forms import SearchForm


@require_GET
def search(request):
    """Find forces, inspections, findings, recommendations and statistics by their words."""
    form = SearchForm(request.GET if "q" in request.GET else None)
    if not form.is_bound:
        return render(request, "search/results.html", {"form": form})
    if not form.is_valid():
        return render(request, "search/results.html", {"form": form}, status=400)
    results = selectors.search_everything(query=form.cleaned_data["q"], user=request.user)
    return render(request, "search/results.html", {"form": form, "results": results})
