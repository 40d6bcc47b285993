"""The site's routes, plus an unsubscribe route for email links while the site has none."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns


def _unsubscribe(request, key):
    return HttpResponse(status=204)


_alerts = ([path("follow/unsubscribe/<str:key>/", _unsubscribe, name="unsubscribe")], "alerts")
urlpatterns = [*site_urlpatterns, path("", include(_alerts))]
