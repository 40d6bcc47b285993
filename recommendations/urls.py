from django.urls import path

from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("my-force/", views.my_force, name="my_force"),
    path("tracking/", views.forces, name="forces"),
    path("tracking/review/", views.review_queue, name="review_queue"),
    path("tracking/forces/<slug:slug>/", views.force_tracker, name="force"),
    path(
        "tracking/forces/<slug:slug>/recommendations.csv",
        views.tracker_export,
        {"fmt": "csv"},
        name="export_csv",
    ),
    path(
        "tracking/forces/<slug:slug>/recommendations.xlsx",
        views.tracker_export,
        {"fmt": "xlsx"},
        name="export_xlsx",
    ),
    path(
        "tracking/forces/<slug:slug>/monitoring-stage/",
        views.monitoring_stage,
        name="monitoring_stage",
    ),
    path("tracking/recommendations/<int:pk>/", views.recommendation, name="recommendation"),
    path(
        "tracking/recommendations/<int:pk>/progress/",
        views.record_progress,
        name="record_progress",
    ),
    path("tracking/recommendations/<int:pk>/review/", views.review, name="review"),
    path(
        "tracking/recommendations/<int:pk>/due-date/",
        views.revise_due_date,
        name="revise_due_date",
    ),
    path("tracking/duties/<int:pk>/submitted/", views.duty_submitted, name="duty_submitted"),
    path("tracking/evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("tracking/causes-of-concern/<int:pk>/", views.trace, name="trace"),
]
