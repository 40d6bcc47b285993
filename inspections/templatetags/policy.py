"""The policy's answer in a template: `{% may "report" recommendation as can_report %}`."""

from django import template

from inspections import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, action: str, obj=None) -> bool:
    """May the signed-in user do this (to this object)? inspections.policy decides."""
    return policy.allows(context.get("user"), action, obj)
