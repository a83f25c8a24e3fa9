"""logis.core.forms.QuickBoundField renders a field as the templates do (forms/field.html and Django's widget
templates): the simulators' forms, unbound, filled in and in error, give the same HTML both ways."""

import re

import pytest
from django import forms
from django.forms.boundfield import BoundField

from logis.aids import forms as aid_forms
from logis.core.forms import QuickBoundField

pytestmark = pytest.mark.django_db

SIMULATOR_FORMS = [
    aid_forms.LoanForm,
    aid_forms.CapacityForm,
    aid_forms.PlanForm,
    aid_forms.HousingBenefitForm,
    aid_forms.MobiliJeuneForm,
    aid_forms.LocaPassForm,
    aid_forms.VisaleForm,
]


def _same_shape(html: str) -> str:
    """Whitespace between tags and inside them is the templates' indentation: the browser ignores it."""
    return re.sub(r"\s+<", "<", re.sub(r">\s+", ">", " ".join(str(html).split())))


def _both_ways(form) -> list[tuple[str, str, str]]:
    pairs = []
    for name, field in form.fields.items():
        quick = form[name]
        assert isinstance(quick, QuickBoundField)
        template = BoundField(form, field, name).as_field_group()
        pairs.append((name, _same_shape(quick.as_field_group()), _same_shape(template)))
    return pairs


def _data(form_class, value: str) -> dict:
    data = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field.widget, forms.Select):
            choices = [str(choice) for choice, _label in field.choices if str(choice)]
            data[name] = choices[-1] if choices else ""
        elif isinstance(field.widget, forms.CheckboxInput):
            data[name] = "on"
        else:
            data[name] = value
    return data


@pytest.mark.parametrize("form_class", SIMULATOR_FORMS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("state", ["unbound", "filled", "in error"])
def test_quick_fields_render_the_html_of_the_templates(form_class, state):
    if state == "unbound":
        form = form_class()
    else:
        # « <b>"12 » is escaped both ways, and refused by the number fields.
        form = form_class(_data(form_class, "1 200,50" if state == "filled" else '<b>"12'))
        form.is_valid()
        if state == "in error":  # the errors of the rule module, and one on each field that has none
            for name in form.fields:
                if name not in form.errors:
                    form.add_error(name, "Tapez un nombre « < 10 » & positif.")
    for name, quick, template in _both_ways(form):
        assert quick == template, name
