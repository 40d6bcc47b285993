"""Emails to followers and would-be followers: one builder for every message alerts sends.

Each message has a plain-text body and an HTML alternative in the site's style (inline styles,
Arial, no remote images or fonts, readable with images off), and only absolute links: an email
is read away from the site. A message to a subscriber about what it follows carries the
one-click unsubscribe of RFC 8058: the `List-Unsubscribe` header with the subscriber's
unsubscribe link, `List-Unsubscribe-Post`, and the same link in both bodies.

Templates extend `alerts/email/base.txt` and `alerts/email/base.html`, filling the `content`
block; the base adds the footer from the context's `reason` (why this email came), `manage_url`
(where to change what is followed and how often) and the unsubscribe link.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

ONE_CLICK = "List-Unsubscribe=One-Click"


def build_message(
    *,
    to: str,
    subject: str,
    text_template: str,
    html_template: str,
    context: dict,
    subscriber=None,
) -> EmailMultiAlternatives:
    """Build one email with both bodies; given the subscriber, with its unsubscribe link and
    headers (leave it out for mail that is not an alert, such as a confirmation request)."""
    context = {"site_url": settings.SITE_URL, "subject": subject, **context}
    headers = {}
    if subscriber is not None:
        context["unsubscribe_url"] = unsubscribe_url(subscriber)
        headers = {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": ONE_CLICK,
        }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(text_template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers,
    )
    message.attach_alternative(render_to_string(html_template, context), "text/html")
    return message


def unsubscribe_url(subscriber) -> str:
    """The subscriber's one-click unsubscribe link, with the site's address."""
    return settings.SITE_URL + subscriber.unsubscribe_path()
