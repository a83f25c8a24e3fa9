"""Demo data of the partner API (section "api" of `manage.py load_demo`; idempotent): one key for the demo
landlord's agent and one for the demo employer's HR, with secrets published for the demo only (README)."""

from logis.api.models import SCOPES_BY_KIND, ApiKey
from logis.api.services import ROLE_BY_KIND, digest_of
from logis.core.demo import DemoContext, demo_section
from logis.organizations.models import Membership

# Published demo secrets: they exist only in a demo database (never in production, where keys are random).
DEMO_SECRETS = {
    "ra": ("demo0001", "logis_demo0001_cle-de-demonstration-du-bailleur"),  # noqa: S105
    "lre": ("demo0002", "logis_demo0002_cle-de-demonstration-de-l-employeur"),  # noqa: S105
}


@demo_section("api", after=("organizations", "accounts", "landlords", "employers"))
def load_api_section(ctx: DemoContext) -> list[str]:
    """A key with every right of its kind for the demo agent's landlord and the demo HR's company."""
    lines = []
    for name, (prefix, secret) in DEMO_SECRETS.items():
        organization = ctx.shared["organizations"][name]
        member = (
            Membership.objects.filter(organization=organization, role=ROLE_BY_KIND[organization.kind], is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if member is None:
            continue
        ApiKey.objects.get_or_create(
            prefix=prefix,
            defaults={
                "organization": organization,
                "name": "Clé de démonstration",
                "digest": digest_of(secret),
                "scopes": [scope.value for scope in SCOPES_BY_KIND[organization.kind]],
                "created_by": member.user,
                "created_at": ctx.now,
            },
        )
        lines.append(f"  clé d'API de {organization.name} ({member.user.email}) : {secret}")
    if lines:
        lines.insert(0, "API des partenaires (http://…/api/v1/docs) — clés de démonstration :")
    return lines
