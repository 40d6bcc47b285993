from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("follow/", views.sign_up, name="sign_up"),
    path("follow/confirm/<str:token>/", views.confirm, name="confirm"),
    path("follow/unsubscribe/<str:key>/", views.unsubscribe, name="unsubscribe"),
    path(
        "follow/unsubscribe/<str:key>/<int:subscription_id>/",
        views.change_following,
        name="change_following",
    ),
    path(
        "follow/unsubscribe/<str:key>/<int:subscription_id>/stop/",
        views.stop_following,
        name="stop_following",
    ),
]
