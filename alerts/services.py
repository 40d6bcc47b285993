"""Following by email: sign up, confirm, stop following, and forget unconfirmed addresses.

An address is only ever followed after its owner clicks the link we send it (double opt-in),
except an account's own address, which an admin set and which counts as confirmed. Nothing
here says, to whoever asks, whether an address already follows something.
"""

import hashlib
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts import emails
from alerts.models import CONFIRM_WITHIN, Frequency, Subscriber, Subscription
from config import limits
from inspections.models import Force, Programme

logger = logging.getLogger(__name__)

CONFIRM_SALT = "alerts.confirm"
# At most this many follows of one address wait for confirmation, and at most this many
# confirmation emails go to one address a day: the form must not become a way to fill
# someone's inbox. Past either, the sign-up answers as usual and sends nothing.
MAX_UNCONFIRMED = 10
EMAILS_PER_ADDRESS_A_DAY = 5
DAY = 24 * 60 * 60


class ConfirmationRefused(Exception):
    """A confirmation link that is expired, altered, or for a follow no longer held."""

    def __init__(self, *, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def normalise_address(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def sign_up(
    *, email: str, force: Force | None = None, programme: Programme | None = None, frequency: str
) -> None:
    """Start a follow of a force or programme and email its owner a confirmation link.

    Whatever the address already follows, the answer is the same: a follow already confirmed
    is left as it is, and its owner is told so by email, not the person at the form.
    """
    email = normalise_address(email)
    _check(email=email, force=force, programme=programme, frequency=frequency)
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    subscription = _held(subscriber, force=force, programme=programme)
    if subscription is not None and subscription.confirmed_at is not None:
        if _may_email(email):
            transaction.on_commit(lambda: _send_already_following(subscription), robust=True)
        return
    if subscription is None:
        waiting = subscriber.subscriptions.filter(confirmed_at=None).count()
        if waiting >= MAX_UNCONFIRMED:
            logger.info("Sign-up refused: subscriber %s has too many waiting", subscriber.pk)
            return
        subscription = Subscription(subscriber=subscriber, force=force, programme=programme)
    # Asking again restarts the week: the new link and the deletion date agree.
    subscription.frequency = frequency
    subscription.created_at = timezone.now()
    subscription.full_clean()
    subscription.save()
    if _may_email(email):
        token = confirmation_token(subscription)
        # robust: a mail server that is down is logged, and the sign-up can be tried again.
        transaction.on_commit(lambda: _send_confirmation(subscription, token), robust=True)


def confirmation_token(subscription: Subscription) -> str:
    """A signed, dated token naming the follow and its address's key."""
    return signing.dumps(
        {"s": subscription.pk, "k": subscription.subscriber.key}, salt=CONFIRM_SALT
    )


def subscription_for_token(token: str) -> Subscription:
    """The follow a confirmation token names; ConfirmationRefused if it is no good."""
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_WITHIN)
    except signing.SignatureExpired as error:
        raise ConfirmationRefused(expired=True) from error
    except signing.BadSignature as error:
        raise ConfirmationRefused(expired=False) from error
    subscription = (
        Subscription.objects.select_related("subscriber", "force", "programme")
        .filter(pk=value.get("s"), subscriber__key=value.get("k"))
        .first()
    )
    if subscription is None:  # unsubscribed, or deleted unconfirmed, since it was sent
        raise ConfirmationRefused(expired=False)
    return subscription


def confirm(*, token: str) -> tuple[Subscription, bool]:
    """Confirm the follow a token names; return it and whether this call confirmed it."""
    subscription = subscription_for_token(token)
    now = timezone.now()
    confirmed = (
        Subscription.objects.filter(pk=subscription.pk, confirmed_at=None).update(confirmed_at=now)
        == 1
    )
    if confirmed:
        subscription.confirmed_at = now
    return subscription, confirmed


def unsubscribe(*, key: str) -> bool:
    """Delete everything about the address holding this key; False if there is none."""
    deleted, _counts = Subscriber.objects.filter(key=key).delete()
    return deleted > 0


@transaction.atomic
def stop_following(*, subscriber: Subscriber, subscription_id: int) -> bool:
    """End one follow; an address left following nothing, and no account's, is deleted."""
    deleted, _counts = subscriber.subscriptions.filter(pk=subscription_id).delete()
    if subscriber.user_id is None and not subscriber.subscriptions.exists():
        subscriber.delete()
    return deleted > 0


@transaction.atomic
def follow_as_user(
    *, user, force: Force | None = None, programme: Programme | None = None, frequency: str
) -> Subscription:
    """Follow with a signed-in account's own address, confirmed at once.

    No confirmation email: an account's address is set by an admin, who vouches for it, and
    password resets already go to it; asking its owner to confirm it again proves nothing.
    """
    subscriber = account_subscriber(user=user)
    if subscriber is None:
        raise ValidationError(
            _("Your account has no email address of its own: ask an admin to add one.")
        )
    _check(email=subscriber.email, force=force, programme=programme, frequency=frequency)
    subscription = _held(subscriber, force=force, programme=programme) or Subscription(
        subscriber=subscriber, force=force, programme=programme
    )
    subscription.frequency = frequency
    subscription.confirmed_at = subscription.confirmed_at or timezone.now()
    subscription.full_clean()
    subscription.save()
    return subscription


def follow_own_force(*, user, force: Force) -> Subscription | None:
    """Give a new force leader a confirmed follow of their force, each change emailed.

    Called when the leader is linked to a force, never again: a leader who stops following
    is not made to follow once more. Nothing happens for an account with no address, or one
    that already follows the force.
    """
    with transaction.atomic():
        subscriber = account_subscriber(user=user)
        if subscriber is None or subscriber.subscriptions.filter(force=force).exists():
            return None
        return Subscription.objects.create(
            subscriber=subscriber,
            force=force,
            frequency=Frequency.IMMEDIATE,
            confirmed_at=timezone.now(),
        )


def account_subscriber(*, user) -> Subscriber | None:
    """The account's address as a follower, made on first use; None without a usable address.

    An address already following on its own (signed up at the form) becomes the account's.
    One already another account's is left alone: two accounts sharing an address is an
    admin's mistake, and neither may manage the other's follows.
    """
    subscriber = Subscriber.objects.filter(user=user).first()
    if subscriber is not None:
        return subscriber
    email = normalise_address(user.email or "")
    if not email:
        return None
    subscriber, _created = Subscriber.objects.get_or_create(email=email, defaults={"user": user})
    if subscriber.user_id is None:
        subscriber.user = user
        subscriber.save(update_fields=["user"])
    return subscriber if subscriber.user_id == user.pk else None


@transaction.atomic
def follow_account_address(*, user) -> None:
    """After an account's email changes, move its follows to the new address.

    With no address left, the account's follows are deleted (there is nowhere to send them).
    If the new address already follows on its own, the two are merged into one.
    """
    subscriber = Subscriber.objects.select_for_update().filter(user=user).first()
    email = normalise_address(user.email or "")
    if subscriber is None or subscriber.email == email:
        return
    if not email:
        subscriber.delete()
        return
    other = Subscriber.objects.select_for_update().filter(email=email).first()
    if other is None:
        subscriber.email = email
        subscriber.save(update_fields=["email"])
        return
    if other.user_id is not None:  # another account's address: see account_subscriber
        subscriber.delete()
        return
    held = {(s.force_id, s.programme_id) for s in other.subscriptions.all()}
    for subscription in subscriber.subscriptions.all():
        if (subscription.force_id, subscription.programme_id) not in held:
            subscription.subscriber = other
            subscription.save(update_fields=["subscriber"])
    subscriber.delete()
    other.user = user
    other.save(update_fields=["user"])


def change_frequency(*, subscriber: Subscriber, subscription_id: int, frequency: str) -> bool:
    """Set how often one follow is emailed; False if the address holds no such follow."""
    if frequency not in Frequency.values:
        raise ValidationError(
            {"frequency": _("Choose how often: an email for each change or a weekly digest.")}
        )
    return subscriber.subscriptions.filter(pk=subscription_id).update(frequency=frequency) == 1


def delete_unconfirmed(*, now=None) -> int:
    """Delete follows unconfirmed after CONFIRM_WITHIN, and addresses left following nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        follows, _counts = Subscription.objects.filter(
            confirmed_at=None, created_at__lt=now - CONFIRM_WITHIN
        ).delete()
        Subscriber.objects.filter(user=None, subscriptions=None).delete()
    return follows


def followed_name(subscription: Subscription) -> str:
    return str(subscription.force or subscription.programme)


def _check(*, email, force, programme, frequency) -> None:
    errors = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter an email address in the correct format, like name@example.com")
    if (force is None) == (programme is None):
        errors["__all__"] = _("Choose one force or one programme to follow.")
    if frequency not in Frequency.values:
        errors["frequency"] = _("Choose how often: an email for each change or a weekly digest.")
    if errors:
        raise ValidationError(errors)


def _held(subscriber, *, force, programme) -> Subscription | None:
    target = Q(force=force) if force is not None else Q(programme=programme)
    return subscriber.subscriptions.select_for_update().filter(target).first()


def _may_email(email: str) -> bool:
    """The cache key is a hash, so not even the cache holds the address."""
    digest = hashlib.sha256(email.encode()).hexdigest()[:32]
    return limits.count_within(
        f"alerts:emails:{digest}", EMAILS_PER_ADDRESS_A_DAY, seconds=DAY, what="Alert limits"
    )


def _send_confirmation(subscription: Subscription, token: str) -> None:
    """Not yet an alert: no unsubscribe link, as the address follows nothing until confirmed."""
    path = reverse("alerts:confirm", args=[token])
    _send(
        subscription,
        subject=_("Confirm you want emails about %(name)s") % {"name": followed_name(subscription)},
        template="alerts/email/confirm",
        context={"confirm_url": settings.SITE_URL + path, "days": CONFIRM_WITHIN.days},
    )


def _send_already_following(subscription: Subscription) -> None:
    subscriber = subscription.subscriber
    _send(
        subscription,
        subject=_("You already get emails about %(name)s") % {"name": followed_name(subscription)},
        template="alerts/email/already_following",
        context={"manage_url": emails.unsubscribe_url(subscriber)},
        subscriber=subscriber,
    )


def _send(
    subscription: Subscription, *, subject: str, template: str, context: dict, subscriber=None
) -> None:
    emails.build_message(
        to=subscription.subscriber.email,
        subject=subject,
        text_template=f"{template}.txt",
        html_template=f"{template}.html",
        context={
            "name": followed_name(subscription),
            "frequency": subscription.get_frequency_display(),
            **context,
        },
        subscriber=subscriber,
    ).send()
