"""The API's routes under /api/: each app's read and write endpoints, the schema and its docs.

Kept apart from config/api.py, which DRF imports while defining its own views.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

app_name = "api"

urlpatterns = [
    path("", include("inspections.api")),
    path("", include("findings.api")),
    path("", include("recommendations.api")),
    path("indicators/", include("dashboards.api")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the page needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
