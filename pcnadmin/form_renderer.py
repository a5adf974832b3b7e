"""The form renderer: Django's own, with the select and text-input widgets written in Python.

A filter form's selects (months, PCNs, roles, statuses) have 50 or more options, and Django
renders each option through two template includes: on the claims queue that was a quarter of
the page's time. These functions give the same HTML as Django's templates
(``django/forms/widgets/select.html``, ``select_option.html``, ``input.html`` and
``attrs.html``; ``tests/test_form_renderer.py`` compares them); every other widget is rendered
from its template as before.
"""

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# What ``{{ value }}`` does in a template: localized, then escaped unless safe.
_CONTEXT = Context(autoescape=True)


def _shown(value) -> str:
    return render_value_in_context(value, _CONTEXT)


def _text(value) -> str:
    """``{{ value|stringformat:'s' }}`` with autoescaping: a safe string stays as it is."""
    return conditional_escape(value if isinstance(value, str) else str(value))


def attrs_html(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_shown(name)}")
        else:
            parts.append(f' {_shown(name)}="{_text(value)}"')
    return "".join(parts)


def option_html(option: dict) -> str:
    return (
        f'<option value="{_text(option["value"])}"{attrs_html(option["attrs"])}>'
        f"{_shown(option['label'])}</option>"
    )


def select_html(widget: dict) -> str:
    parts = [f'<select name="{_shown(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            parts.append("\n  " + option_html(option) + "\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def input_html(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return (
        f'<input type="{_shown(widget["type"])}" '
        f'name="{_shown(widget["name"])}"{shown}{attrs_html(widget["attrs"])}>'
    )


IN_PYTHON = {
    "django/forms/widgets/select.html": select_html,
    "django/forms/widgets/text.html": input_html,
    "django/forms/widgets/number.html": input_html,
    "django/forms/widgets/date.html": input_html,
    "django/forms/widgets/email.html": input_html,
    "django/forms/widgets/hidden.html": input_html,
}


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        write = IN_PYTHON.get(template_name)
        if write is not None and "widget" in context:
            return mark_safe(write(context["widget"]))
        return super().render(template_name, context, request)
