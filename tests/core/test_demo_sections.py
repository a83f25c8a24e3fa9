"""load_demo runs every app's demo section, each after the sections it depends on."""

from io import StringIO

import pytest
from django.core.management import call_command

from logis.core.demo import DemoSection, DemoSectionError, ordered_sections


def _section(name, *after):
    return DemoSection(name=name, load=lambda ctx: [], after=after)


def test_sections_run_after_the_ones_they_name_whatever_the_order_they_were_registered_in():
    order = ordered_sections(sections=[_section("landlords", "offers"), _section("offers", "geo"), _section("geo")])
    assert [s.name for s in order] == ["geo", "offers", "landlords"]


def test_an_unknown_or_circular_dependency_is_refused_with_the_sections_named():
    with pytest.raises(DemoSectionError, match=r"'offers' runs after unknown sections: \['geo'\]"):
        ordered_sections(sections=[_section("offers", "geo")])
    with pytest.raises(DemoSectionError, match=r"depend on each other: \['a', 'b'\]"):
        ordered_sections(sections=[_section("a", "b"), _section("b", "a")])


def test_every_app_with_demo_data_registers_its_section_and_the_list_shows_the_order():
    out = StringIO()
    call_command("load_demo", "--list", stdout=out)
    names = [line.split()[0] for line in out.getvalue().splitlines()]
    assert set(names) >= {"geo", "organizations", "accounts", "registry", "offers", "employers", "landlords"}
    assert names.index("organizations") < names.index("offers") < names.index("landlords")
    assert names.index("employers") < names.index("landlords")
