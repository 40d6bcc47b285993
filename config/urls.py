from django.contrib import admin
from django.urls import include, path

from config.health import healthz
from config.sign_in import SignInView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("config.api_urls")),
    path("", include("inspections.urls")),
    path("", include("dashboards.urls")),
    path("", include("changes.urls")),
    path("", include("recommendations.urls")),
    path("", include("search.urls")),
    path("", include("accounts.urls")),
    path("", include("alerts.urls")),
    # Sign in and out, password change and reset: templates in templates/registration/.
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
]
