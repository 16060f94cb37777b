"""The form renderer: Django's own, but a <select> is written in Python.

Django renders each option of a select through two templates (the option, its attributes):
a project's form, with the county's 39 townships, 296 villages and 340 units to choose
from, rendered 1,450 templates for its three selects and spent most of its 110 ms there.
The select's HTML here is the templates' own, character for character (tested against
them in tests/test_renderers.py); anything unusual (an option of another template, a label
that is not text) is left to the templates."""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(out)


def render_select(widget: dict[str, Any]) -> str | None:
    """django/forms/widgets/select.html with its options, or None to leave it to the templates."""
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            label = option["label"]
            if option.get("template_name") != OPTION or not isinstance(label, str):
                return None
            value = conditional_escape(str(option["value"]))
            out.append(f'\n  <option value="{value}"{_attrs(option["attrs"])}>{conditional_escape(label)}</option>\n')
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")  # the renderer strips the template's last newline
    return "".join(out)


class QuickSelectRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> SafeString | str:
        if template_name == SELECT and "widget" in context:
            html = render_select(context["widget"])
            if html is not None:
                return mark_safe(html)
        return super().render(template_name, context, request)
