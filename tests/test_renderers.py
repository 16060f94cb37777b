"""The quick select (pengshui.renderers) writes what Django's templates write, character for
character, for every kind of select the app has and for the odd cases; the project form
renders the same page with either renderer, with far fewer templates."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.utils.safestring import mark_safe

from pengshui.renderers import QuickSelectRenderer

TEMPLATES, QUICK = DjangoTemplates(), QuickSelectRenderer()


class Odd(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "甲"), ('b<&">', "乙 <b>&\"'")])
    grouped = forms.ChoiceField(
        choices=[("", "无"), ("种植", [("tea", "茶叶"), ("fruit", "水果")]), ("养殖", [("pig", "生猪")]), ("x", "其他")]
    )
    many = forms.MultipleChoiceField(choices=[("1", "一"), ("2", "二"), ("3", "三")])
    yes_no = forms.NullBooleanField()
    numbers = forms.TypedChoiceField(choices=[(1, "一"), (2, "二")], coerce=int)
    safe = forms.ChoiceField(choices=[("s", mark_safe("<i>安全</i>"))])
    counted = forms.ChoiceField(choices=[("n", 2023)])  # a label that is not text: the templates'
    off = forms.ChoiceField(choices=[("a", "甲")], disabled=True, required=False)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"plain": 'b<&">', "grouped": "fruit", "many": ["1", "3"], "yes_no": "true", "numbers": "2", "off": "a"},
        {"plain": "nope", "grouped": "种植", "many": ["9"], "yes_no": "false"},
    ],
)
def test_every_select_is_written_as_the_templates_write_it(data):
    form = Odd(data=data or None)
    if data:
        form.is_valid()
    for field in form:
        attrs = {"class": "form-select", "data-x": 'a"b', "autofocus": True, "hidden": False}
        form.renderer = TEMPLATES
        expected = field.as_widget(attrs=attrs)
        form.renderer = QUICK
        assert field.as_widget(attrs=attrs) == expected, field.name


@pytest.mark.django_db
def test_the_project_form_page_is_the_same_with_fewer_templates(
    client, personas, make_project, django_assert_max_num_queries
):
    from django.template import base

    project = make_project()
    client.force_login(personas["carl"])  # the bureau: every township, village and unit to choose from
    url = f"/projects/{project.pk}/edit/"
    counted: list[str] = []
    original = base.Template._render

    def counting(self, context):
        counted.append(self.origin.template_name if self.origin else "")
        return original(self, context)

    pages = {}
    for renderer in ("django.forms.renderers.DjangoTemplates", "pengshui.renderers.QuickSelectRenderer"):
        with override_settings(FORM_RENDERER=renderer):
            from django.forms.renderers import get_default_renderer

            get_default_renderer.cache_clear()
            base.Template._render = counting
            try:
                counted.clear()
                response = client.get(url)
            finally:
                base.Template._render = original
                get_default_renderer.cache_clear()
        assert response.status_code == 200
        html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", response.content.decode())
        pages[renderer] = (html, counted.count("django/forms/widgets/select_option.html"))
    (slow, slow_options), (quick, quick_options) = pages.values()
    assert quick == slow
    assert slow_options > 20 and quick_options == 0
