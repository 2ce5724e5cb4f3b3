from django import template

from bzpeer.http import site_base_url
from pages.charts import sparkline as build_sparkline

register = template.Library()


@register.simple_tag
def sparkline(years):
    return build_sparkline(list(years))


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """The canonical absolute URL of a path on this site."""
    return site_base_url(context["request"]) + path
