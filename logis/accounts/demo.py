"""Demo data of the accounts: one account per role, all with the published demo password (section "accounts" of
`manage.py load_demo`). Found by e-mail, created when missing."""

import base64
import hashlib
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import Group, Permission

from logis.accounts.models import User
from logis.core.demo import DemoContext, demo_section
from logis.organizations.models import Membership
from logis.organizations.roles import is_professional

AGENT_GROUP = "Chargés de clientèle bailleur"
AGENT_PERMISSIONS = [
    ("offers", "add_offer"),
    ("offers", "change_offer"),
    ("offers", "view_offer"),
    ("geo", "view_commune"),
]


@dataclass(frozen=True)
class AccountSpec:
    role: str
    email: str
    first_name: str
    last_name: str
    kind: str
    organization: str = ""
    membership_role: str = ""
    is_staff: bool = False
    is_superuser: bool = False


ACCOUNTS = [
    AccountSpec("Demandeur (demande à importer)", "demandeur@logis.test", "Sophie", "Lambert", "applicant"),
    AccountSpec(
        "Bailleur — chargé de clientèle (accès à l'administration des offres)",
        "bailleur@logis.test",
        "Julien",
        "Moreau",
        "professional",
        organization="ra",
        membership_role=Membership.Role.AGENT,
        is_staff=True,
    ),
    AccountSpec(
        "Employeur — ressources humaines",
        "rh@logis.test",
        "Nadia",
        "Haddad",
        "professional",
        organization="lre",
        membership_role=Membership.Role.HR,
    ),
    AccountSpec(
        "Membre de commission (CALEOL)",
        "commission@logis.test",
        "Bernard",
        "Petit",
        "professional",
        organization="ra",
        membership_role=Membership.Role.COMMISSION,
    ),
    AccountSpec(
        "Conseillère",
        "conseiller@logis.test",
        "Élodie",
        "Garnier",
        "professional",
        organization="op",
        membership_role=Membership.Role.ADVISOR,
    ),
    AccountSpec(
        "Agence immobilière (parc privé)",
        "agence@logis.test",
        "Lucie",
        "Moreau",
        "professional",
        organization="agence",
        membership_role=Membership.Role.AGENT,
    ),
    AccountSpec(
        "Propriétaire particulière (parc privé)",
        "proprietaire@logis.test",
        "Hélène",
        "Bertin",
        "professional",
        organization="proprio",
        membership_role=Membership.Role.AGENT,
    ),
    AccountSpec(
        "Administrateur (superutilisateur)",
        "admin@logis.test",
        "Camille",
        "Rousseau",
        "staff",
        is_staff=True,
        is_superuser=True,
    ),
]


def demo_totp_secret(email: str) -> str:
    """The published second-factor key of a demo account (the demo's professionals sign in with it)."""
    return base64.b32encode(hashlib.sha256(f"logis-demo:{email}".encode()).digest()[:20]).decode()


@demo_section("accounts", after=("organizations",))
def load_accounts(ctx: DemoContext) -> list[str]:
    organizations = ctx.shared["organizations"]
    group, _ = Group.objects.get_or_create(name=AGENT_GROUP)
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in AGENT_PERMISSIONS
    ]
    if set(group.permissions.all()) != set(permissions):
        group.permissions.set(permissions)
    for spec in ACCOUNTS:
        user = User.objects.filter(email=spec.email).first()
        if user is None:
            user = User.objects.create_user(
                email=spec.email,
                password=ctx.password,
                first_name=spec.first_name,
                last_name=spec.last_name,
                kind=spec.kind,
                is_staff=spec.is_staff,
                is_superuser=spec.is_superuser,
            )
            if spec.membership_role == Membership.Role.AGENT:
                user.groups.add(group)
        EmailAddress.objects.get_or_create(user=user, email=spec.email, defaults={"verified": True, "primary": True})
        if spec.organization:
            Membership.objects.get_or_create(
                user=user, organization=organizations[spec.organization], defaults={"role": spec.membership_role}
            )
        # Professionals sign in with a second factor (mandatory): a published key, so a visitor can add it to an
        # authenticator application, or read the current code on /demo/codes/.
        if is_professional(user) and not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, demo_totp_secret(spec.email))
            RecoveryCodes.activate(user)
    width = max(len(spec.email) for spec in ACCOUNTS)
    secrets = [spec for spec in ACCOUNTS if spec.kind != "applicant"]
    return [
        "",
        f"Comptes de démonstration (mot de passe de tous les comptes : {ctx.password})",
        f"  {'E-mail'.ljust(width)}  {'Mot de passe'.ljust(len(ctx.password))}  Rôle",
        *(f"  {spec.email.ljust(width)}  {ctx.password}  {spec.role}" for spec in ACCOUNTS),
        "",
        "Les comptes professionnels demandent un code à usage unique après le mot de passe : lisez le code du",
        f"moment sur {settings.SITE_URL.rstrip('/')}/demo/codes/ ou ajoutez leur clé à une application",
        "d'authentification :",
        *(f"  {spec.email.ljust(width)}  {demo_totp_secret(spec.email)}" for spec in secrets),
        "",
    ]
