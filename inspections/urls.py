from django.urls import path, re_path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    # Links by number; no leading zero and at most 18 digits, so the id round-trips and fits.
    re_path(
        r"^inspections/(?P<pk>[1-9][0-9]{0,17})/$", views.inspection_by_id, name="inspection_by_id"
    ),
    path("inspections/<slug:slug>/", views.inspection_report, name="inspection"),
]
