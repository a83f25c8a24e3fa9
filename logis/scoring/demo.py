"""Demo data of the cotation: the platform's default grid stored as the national version 1 (section "scoring" of
`manage.py load_demo`), once."""

from logis.core.demo import DemoContext, demo_section
from logis.scoring.services import grid_version_ensure_default


@demo_section("scoring")
def load_scoring(ctx: DemoContext) -> list[str]:
    version = grid_version_ensure_default()
    return [f"Cotation : grille « {version.label} » en vigueur."]
