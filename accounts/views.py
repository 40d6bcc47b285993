"""The account page: who is signed in, their API tokens (create, list, revoke), what their
address follows by email (follow, how often, stop), sign out."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts import selectors, services
from alerts import selectors as alert_selectors
from alerts import services as alert_services
from alerts.forms import AccountFollowForm, FrequencyForm
from alerts.models import Frequency
from inspections import policy
from inspections.models import Force


@login_required
@require_GET
def account(request):
    """Who is signed in, in which role and force, and their API tokens."""
    return render(request, "registration/account.html", _account_context(request.user))


@login_required
@require_POST
@never_cache  # the page holds the token's secret
def create_token(request):
    """Issue an API token and show its secret, this once."""
    try:
        token, secret = services.issue_api_token(user=request.user)
    except ValidationError as error:
        messages.error(request, error.message)
        return redirect("accounts:account")
    context = _account_context(request.user, new_token=token, secret=secret)
    return render(request, "registration/account.html", context)


@login_required
@require_POST
def revoke_token(request):
    """End one of the signed-in user's tokens; another user's is not found."""
    token_key = request.POST.get("token_key", "")
    if not services.revoke_api_token(user=request.user, token_key=token_key):
        raise Http404(_("You have no token starting so."))
    messages.success(request, _("The token starting %(key)s is revoked.") % {"key": token_key})
    return redirect("accounts:account")


@login_required
@require_POST
def revoke_tokens(request):
    """End all of the signed-in user's tokens."""
    count = services.revoke_api_tokens(user=request.user)
    messages.success(
        request,
        ngettext("%(count)d token is revoked.", "%(count)d tokens are revoked.", count)
        % {"count": count},
    )
    return redirect("accounts:account")


@login_required
@require_POST
def follow(request):
    """Follow a force or programme with the account's own address, confirmed at once."""
    form = AccountFollowForm(request.POST)
    if form.is_valid():
        try:
            subscription = alert_services.follow_as_user(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            name = subscription.force or subscription.programme
            messages.success(request, _("You now follow %(name)s.") % {"name": name})
            return _to_follows()
    context = _account_context(request.user, follow_form=form)
    return render(request, "registration/account.html", context, status=400)


@login_required
@require_POST
def change_follow(request, subscription_id):
    """Set how often one of the account's follows is emailed."""
    form = FrequencyForm(request.POST)
    subscriber = alert_services.account_subscriber(user=request.user)
    if not form.is_valid():
        messages.error(request, form.errors["frequency"][0])
        return _to_follows()
    changed = subscriber is not None and alert_services.change_frequency(
        subscriber=subscriber, subscription_id=subscription_id, **form.cleaned_data
    )
    if not changed:
        raise Http404(_("You follow nothing so numbered."))
    messages.success(request, _("How often you get emails is changed."))
    return _to_follows()


@login_required
@require_POST
def stop_follow(request, subscription_id):
    """End one of the account's follows."""
    subscriber = alert_services.account_subscriber(user=request.user)
    stopped = subscriber is not None and alert_services.stop_following(
        subscriber=subscriber, subscription_id=subscription_id
    )
    if not stopped:
        raise Http404(_("You follow nothing so numbered."))
    messages.success(request, _("You no longer follow it, and get no more emails about it."))
    return _to_follows()


def _to_follows():
    return redirect(reverse("accounts:account") + "#follows")


def _account_context(user, **extra) -> dict:
    force_id = policy.leader_force_id(user)
    return {
        "roles": policy.role_labels(user),
        "force": Force.objects.filter(pk=force_id).first() if force_id else None,
        "tokens": selectors.api_tokens(user=user),
        "token_days": settings.API_TOKEN_TTL_DAYS,
        "follows": alert_selectors.account_follows(user=user),
        "follow_form": AccountFollowForm(),
        "frequencies": Frequency.choices,
        **extra,
    }
