"""The form renderer writes selects and text inputs in Python; the HTML must be exactly what
Django's widget templates give, whatever the values, labels and attributes."""

from datetime import date
from decimal import Decimal

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from pcnadmin.form_renderer import FormRenderer


class Sample(forms.Form):
    month = forms.ChoiceField(
        choices=[("", "Any month"), ("2026-10", "October 2026"), ("2026-11", 'Nov "26" <b>')],
        required=False,
    )
    grouped = forms.ChoiceField(
        choices=[("Roles", [(1, "Pharmacist"), (2, "Paramedic")]), ("x", "Plain & simple")]
    )
    day = forms.ChoiceField(choices=[(date(2026, 4, 1), date(2026, 4, 1)), (None, Decimal("1.5"))])
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    name = forms.CharField(
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False})
    )
    amount = forms.DecimalField(required=False)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    safe = forms.CharField(required=False, initial=mark_safe("<i>kept</i>"))


def both(form_class, data=None, **kwargs):
    ours = form_class(data, renderer=FormRenderer(), **kwargs)
    django = form_class(data, renderer=DjangoTemplates(), **kwargs)
    return ours.as_div(), django.as_div()


def test_an_unbound_form_is_rendered_exactly_as_by_django_templates():
    ours, django = both(Sample)
    assert ours == django
    assert "<select" in ours and "<optgroup" in ours


def test_a_bound_form_with_errors_is_rendered_exactly_as_by_django_templates():
    data = {"month": "2026-11", "grouped": "2", "many": ["a", "b"], "name": "", "amount": "x<y"}
    ours, django = both(Sample, data)
    assert ours == django
    assert "selected" in ours


@settings(max_examples=50, deadline=None)
@given(text=st.text(max_size=30), label=st.text(max_size=30))
def test_any_typed_text_and_any_label_render_the_same(text, label):
    class Typed(forms.Form):
        choice = forms.ChoiceField(choices=[(text, label), ("other", label)], required=False)
        free = forms.CharField(required=False, widget=forms.TextInput(attrs={"title": label}))

    ours, django = both(Typed, {"choice": text, "free": text})
    assert ours == django
