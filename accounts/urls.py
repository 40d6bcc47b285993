from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/", views.account, name="account"),
    path("accounts/tokens/", views.create_token, name="create_token"),
    path("accounts/tokens/revoke/", views.revoke_token, name="revoke_token"),
    path("accounts/tokens/revoke-all/", views.revoke_tokens, name="revoke_tokens"),
    path("accounts/follows/", views.follow, name="follow"),
    path("accounts/follows/<int:subscription_id>/", views.change_follow, name="change_follow"),
    path("accounts/follows/<int:subscription_id>/stop/", views.stop_follow, name="stop_follow"),
]
