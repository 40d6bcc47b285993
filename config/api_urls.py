"""The API's routes under /api/: each app's read and write endpoints, the schema and its docs.

Kept apart from config/api.py, which DRF imports while defining its own views.
"""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound


@csrf_exempt
def not_found(request) -> JsonResponse:
    """Answer an address under /api/ that names nothing as the API's own 404s do, in JSON."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


app_name = "api"

urlpatterns = [
    path("", include("inspections.api")),
    path("", include("findings.api")),
    path("", include("recommendations.api")),
    path("", include("changes.api")),
    path("indicators/", include("dashboards.api")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the page needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Last, any other address ending in a slash, such as /api/findings/not-a-number/. One
    # without is first sent to its slashed form (APPEND_SLASH), so no address under /api/ ends
    # in the HTML 404 page.
    re_path(r"^(?:.*/)?$", not_found, name="not-found"),
]
