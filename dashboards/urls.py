from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("dashboards/", views.national_overview, name="overview"),
    path("forces/<slug:slug>/", views.force_dashboard, name="force"),
    path("compare/", views.compare, name="compare"),
    path("areas/<slug:slug>/", views.area_view, name="area"),
    path("about-the-data/", views.about_the_data, name="about"),
]
