"""The demo data store the platform's default grid as the national version, once."""

import pytest

from logis.scoring.grid import grid_from_file
from logis.scoring.models import GridVersion
from tests.core.test_load_demo import communes_extract, load_demo  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_load_demo_creates_the_national_default_grid_once(communes_extract):  # noqa: F811
    load_demo(communes=communes_extract)
    load_demo(communes=communes_extract)
    version = GridVersion.objects.get()
    assert (version.scope, version.scope_code, version.version) == ("national", "", 1)
    assert version.criteria == grid_from_file().definition()
