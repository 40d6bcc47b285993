"""Follow a force or programme by email: sign up, confirm, manage and unsubscribe.

No page here ever shows an email address, or says whether one follows anything.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from alerts import selectors, services
from alerts.forms import FollowForm, FrequencyForm
from alerts.models import CONFIRM_WITHIN, Frequency, Subscriber
from config import limits
from inspections.models import Force, Programme

# Sign-ups from one network address an hour; a person following a few forces stays well under.
SIGN_UPS_PER_ADDRESS_AN_HOUR = 20


# Exempt from CSRF: the force page carries this form and is cached whole for anonymous
# visitors, so it cannot carry a per-visitor token. Nothing a forged request could do here
# needs the visitor's session: a sign-up only sends a confirmation link to the address typed,
# which the attacker could send from their own browser just as well; the follow starts only
# when the address's owner confirms it. The view reads no cookie and no signed-in user.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def sign_up(request):
    """Ask for an address and how often, for a force or programme; send a confirmation link."""
    if request.method == "GET":
        chosen = _chosen(request.GET)
        return _sign_up_page(request, FollowForm(chosen=chosen), chosen)
    chosen = _chosen(request.POST)
    form = FollowForm(request.POST, chosen=chosen)
    if not form.is_valid():
        return _sign_up_page(request, form, chosen, status=400)
    if not _within_hourly_limit(request):
        return render(request, "alerts/too_many.html", status=429)
    try:
        services.sign_up(
            email=form.cleaned_data["email"],
            force=form.cleaned_data["force"],
            programme=form.cleaned_data["programme"],
            frequency=form.cleaned_data["frequency"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _sign_up_page(request, form, chosen, status=400)
    name = form.cleaned_data["force"] or form.cleaned_data["programme"]
    kind = "force" if form.cleaned_data["force"] else "programme"
    again = f"{reverse('alerts:sign_up')}?{urlencode({kind: name.slug})}"
    return render(
        request,
        "alerts/check_email.html",
        {"name": name, "again": again, "days": CONFIRM_WITHIN.days},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Show a Confirm button (a mail scanner's prefetch confirms nothing); a POST confirms."""
    try:
        if request.method == "GET":
            subscription = services.subscription_for_token(token)
            return render(request, "alerts/confirm.html", {"subscription": subscription})
        subscription, confirmed = services.confirm(token=token)
    except services.ConfirmationRefused as refused:
        return _refused(request, refused)
    return render(
        request,
        "alerts/confirmed.html",
        {"subscription": subscription, "just_confirmed": confirmed},
    )


# Exempt from CSRF: mail clients unsubscribe with a one-click POST (RFC 8058) that carries
# no token and no cookie. The key in the address is the capability: only the holder of one
# of our emails to the address knows it, and all it can do is delete that address's follows.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, key):
    """List what the key's address follows; a POST deletes everything about the address."""
    if request.method == "POST":
        done = services.unsubscribe(key=key)
        return render(request, "alerts/unsubscribed.html", {"done": done})
    subscriber = Subscriber.objects.filter(key=key).first()
    if subscriber is None:
        return render(request, "alerts/unsubscribed.html", {"done": False}, status=404)
    return render(
        request,
        "alerts/manage.html",
        {
            "subscriber": subscriber,
            "subscriptions": selectors.follows(subscriber=subscriber),
            "frequencies": Frequency.choices,
        },
    )


@never_cache
@require_POST
def change_following(request, key, subscription_id):
    """Set how often one of the key's address's follows is emailed, from the manage page."""
    subscriber = get_object_or_404(Subscriber, key=key)
    form = FrequencyForm(request.POST)
    if not form.is_valid() or not services.change_frequency(
        subscriber=subscriber, subscription_id=subscription_id, **form.cleaned_data
    ):
        raise Http404(_("This address follows nothing so numbered."))
    return redirect("alerts:unsubscribe", key)


@never_cache
@require_POST
def stop_following(request, key, subscription_id):
    """End one of the key's address's follows, from the manage page."""
    subscriber = get_object_or_404(Subscriber, key=key)
    services.stop_following(subscriber=subscriber, subscription_id=subscription_id)
    if subscriber.pk is None:  # the address followed nothing else, and was deleted
        return render(request, "alerts/unsubscribed.html", {"done": True})
    return redirect("alerts:unsubscribe", key)


def _chosen(data) -> Force | Programme | None:
    """The force or programme named in the query or form, if exactly one is, and it exists."""
    force, programme = data.get("force", ""), data.get("programme", "")
    if force and not programme:
        return Force.objects.filter(slug=force).first()
    if programme and not force:
        return Programme.objects.filter(slug=programme).first()
    return None


def _sign_up_page(request, form, chosen, status=200):
    return render(
        request,
        "alerts/sign_up.html",
        {"form": form, "chosen": chosen, "days": CONFIRM_WITHIN.days},
        status=status,
    )


def _refused(request, refused):
    return render(
        request,
        "alerts/refused.html",
        {"expired": refused.expired, "days": CONFIRM_WITHIN.days},
        status=410 if refused.expired else 400,
    )


def _within_hourly_limit(request) -> bool:
    """REMOTE_ADDR, as for the API's throttle: a client-supplied X-Forwarded-For must not
    reset it."""
    address = request.META.get("REMOTE_ADDR", "")
    return limits.count_within(
        f"alerts:sign-ups:{address}",
        SIGN_UPS_PER_ADDRESS_AN_HOUR,
        seconds=60 * 60,
        what="Alert limits",
    )
