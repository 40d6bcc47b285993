"""The sign-up form a force's page carries, from the choices and limits the alerts use."""

from django import template

from alerts.models import CONFIRM_WITHIN, Frequency

register = template.Library()


@register.inclusion_tag("alerts/_sign_up.html")
def follow_form(force):
    return {"force": force, "frequencies": Frequency.choices, "days": CONFIRM_WITHIN.days}
