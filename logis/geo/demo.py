"""Demo data of the communes: the INSEE file shipped in logis/geo/data (section "geo" of `manage.py load_demo`;
`--communes FILE` loads an extract instead, as the tests do)."""

from django.core.management import call_command

from logis.core.demo import DemoContext, demo_section
from logis.geo.loading import COMMUNES_FILE


@demo_section("geo")
def load_geo(ctx: DemoContext) -> list[str]:
    call_command("load_communes", file=ctx.options.get("communes") or COMMUNES_FILE, stdout=ctx.stdout)
    return []
