"""Template tags that draw what other apps registered at the ledger's extension points
(ledger/extensions.py): the panels of a page and the entries of the main menu."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from ledger import extensions
from ledger.notifications import unread_count
from ledger.todos import todo_counts

register = template.Library()

NAV_SEPARATOR = "\n        "  # the indentation of the menu in base.html


@register.simple_tag(takes_context=True)
def extension_panels(context: template.Context, page: str, obj: Any = None) -> SafeString:
    """`{% extension_panels "project" project %}`: each panel registered for the page,
    rendered with the page's context, the object (if any) set under the page's name."""
    if context.template is None:
        raise template.TemplateSyntaxError("extension_panels draws inside a template.")
    engine = context.template.engine
    parts = []
    with context.push({page: obj} if obj is not None else {}):
        for panel in extensions.PANELS[page]:
            parts.append(engine.get_template(panel.template_name).render(context))
    # each part is the output of a template, escaped there
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def extension_nav(context: template.Context) -> SafeString:
    """`{% extension_nav %}`: the menu entries registered for the user, in order."""
    user = context.get("user")
    items = [item for item in extensions.nav_items if item.visible(user)]
    rows = ((reverse(item.url_name), item.label) for item in items)
    return format_html_join(NAV_SEPARATOR, '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>', rows)


@register.inclusion_tag("ledger/_nav_todo.html", takes_context=True)
def nav_todo(context: template.Context) -> dict[str, Any]:
    """`{% nav_todo %}`: the count of what waits for the user (ledger.todos) and of their
    unread notifications, in the navigation bar of every page; one query per kind."""
    user = context.get("user")
    todos = todo_counts(user)
    return {
        "todos": todos,
        "todo_total": sum(t.count for t in todos),
        "todo_title": "；".join(f"{t.label}{t.count}项" for t in todos) or "暂无待办",
        "unread": unread_count(user),
    }
