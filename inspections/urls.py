from django.urls import path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.home, name="home"),
    path("inspections/<slug:slug>/", views.inspection_report, name="inspection"),
]
