from django.urls import path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("inspections/<slug:slug>/", views.inspection_report, name="inspection"),
]
