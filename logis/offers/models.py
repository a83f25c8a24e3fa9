from django.conf import settings
from django.db import models

from logis.offers import purchase_workflow
from logis.organizations.roles import LESSOR_KIND_VALUES, is_logis_team
from logis.rules.zones import UnknownCommune, abc_zone, social_zone


def zones_of_commune(insee: str, departement: str | None = None) -> tuple[str, str]:
    """(social zone, ABC zone or "") of a commune, for the denormalised columns of offers."""
    try:
        social = social_zone(insee, departement or None).value
    except UnknownCommune:
        social = "autres"
    try:
        abc = abc_zone(insee).value
    except UnknownCommune:
        abc = ""
    return social, abc


def cover_among(photos: list):
    """The cover among an offer's photos (in their order): the one chosen as cover, else the first; None without."""
    return next((photo for photo in photos if photo.is_cover), photos[0] if photos else None)


def effort_cost_expression():
    """The numerator of the taux d'effort in SQL, without housing benefit (logis.rules.effort.housing_cost): rent,
    rent of annexes, charges, energy-works contribution, and the flat charge when water or heating is individual."""
    flat = models.Case(
        models.When(
            models.Q(individual_water=True) | models.Q(individual_heating=True),
            then=models.F("individual_flat_charge"),
        ),
        default=models.Value(0),
        output_field=models.DecimalField(max_digits=8, decimal_places=2),
    )
    return models.ExpressionWrapper(
        models.F("rent") + models.F("annex_rent") + models.F("charges") + models.F("energy_contribution") + flat,
        output_field=models.DecimalField(max_digits=10, decimal_places=2),
    )


def ability_cost_expression():
    """The housing cost that the ability-to-pay rules bound: the effort cost of a social letting, 0 for a private
    one (which keeps none of the social rules). Indexed (`offer_ability_cost_idx`, whole table so that ANALYZE keeps
    its statistics; `offer_monthly_total_idx` likewise for rent and charges, the demand's maximum rent): the map of
    Mes offres adds the demand's largest affordable cost as a bound on it, which PostgreSQL combines with the
    circle's box (BitmapAnd) instead of reading every offer of the circle."""
    return models.Case(
        models.When(channel="private", then=models.Value(0)),
        default=effort_cost_expression(),
        output_field=models.DecimalField(max_digits=10, decimal_places=2),
    )


class Financing(models.TextChoices):
    PLAI = "PLAI", "PLAI (très social)"
    PLUS = "PLUS", "PLUS (social)"
    PLS = "PLS", "PLS (social intermédiaire)"
    LLI = "LLI", "Logement intermédiaire"
    # A private letting at a free-market rent (estate agency or private owner, issue #19). A private letting at an
    # intermediate rent is financed LLI: its rent and the tenant's income keep the intermediate ceilings.
    FREE = "FREE", "Loyer libre (parc privé)"

    @classmethod
    def social(cls):
        return [cls.PLAI, cls.PLUS, cls.PLS]


class Accession(models.TextChoices):
    """The homes to buy of accession sociale (an offer without one is a home to rent)."""

    PSLA = "PSLA", "PSLA (prêt social location-accession)"
    BRS = "BRS", "BRS (bail réel solidaire)"
    VENTE_HLM = "VENTE_HLM", "Vente d'un logement social (vente HLM)"


class Channel(models.TextChoices):
    """Who lets the home, hence which path the application follows (logis.applications.workflow)."""

    SOCIAL = "social", "Logement social ou intermédiaire d'un bailleur social"
    PRIVATE = "private", "Location du parc privé (agence ou propriétaire)"


class Typology(models.TextChoices):
    T1 = "T1", "T1"
    T2 = "T2", "T2"
    T3 = "T3", "T3"
    T4 = "T4", "T4"
    T5 = "T5", "T5"
    T6 = "T6", "T6 et plus"


class EnergyClass(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"
    F = "F", "F"
    G = "G", "G"


class OfferQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status=Offer.Status.PUBLISHED)

    def to_rent(self):
        return self.filter(accession="")

    def to_buy(self):
        return self.exclude(accession="")

    def visible_to(self, user):
        """Applicants see published offers; a landlord's agents also see every offer of their landlord.

        Only the Logis team (kind "staff") and superusers see every offer: a landlord agent has is_staff to use the
        admin, which must not open the drafts of other landlords to them.
        """
        if is_logis_team(user):
            return self
        landlord_ids = user.memberships.filter(is_active=True, organization__kind__in=LESSOR_KIND_VALUES).values(
            "organization_id"
        )
        return self.filter(models.Q(status=Offer.Status.PUBLISHED) | models.Q(landlord_id__in=landlord_ids))


class Offer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        PUBLISHED = "published", "Publiée"
        SUSPENDED = "suspended", "Suspendue"
        CLOSED = "closed", "Clôturée"

    class Kind(models.TextChoices):
        FLAT = "flat", "Appartement"
        HOUSE = "house", "Maison"

    landlord = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="offers",
        limit_choices_to={"kind__in": LESSOR_KIND_VALUES},
        verbose_name="bailleur",
    )
    # Set from the landlord's kind when the offer is created (logis.landlords.services.offer_create): a private
    # letting goes without CALEOL, and the one-application-at-a-time rule does not hold for it.
    channel = models.CharField("type de location", max_length=10, choices=Channel.choices, default=Channel.SOCIAL)
    reference = models.CharField("référence", max_length=30, unique=True)
    title = models.CharField("titre", max_length=200)
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Empty for a home to buy: its financing is its kind of accession (the field below).
    financing = models.CharField("financement", max_length=4, choices=Financing.choices, blank=True)
    # Homes to buy (accession sociale, docs/adr/0015): "" for a home to rent. The rent of a home to buy is 0 and its
    # charges are the monthly charges the buyer will pay (copropriété); the price and the kind's own terms below.
    accession = models.CharField("accession sociale", max_length=10, choices=Accession.choices, blank=True, default="")
    price = models.DecimalField("prix de vente (€)", max_digits=10, decimal_places=2, null=True, blank=True)
    land_fee = models.DecimalField(
        "redevance foncière (€/mois)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="BRS : la redevance mensuelle versée à l'organisme de foncier solidaire pour le terrain.",
    )
    psla_fee = models.DecimalField(
        "redevance de la phase locative (€/mois)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="PSLA : ce que le ménage verse chaque mois avant de lever l'option d'achat.",
    )
    psla_acquisitive_part = models.DecimalField(
        "dont part acquisitive (€/mois)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="PSLA : la part de la redevance déduite du prix lors de la levée d'option.",
    )
    psla_rental_months = models.PositiveSmallIntegerField(
        "durée de la phase locative (mois)",
        null=True,
        blank=True,
        help_text="PSLA : délai dans lequel le ménage peut lever l'option d'achat.",
    )
    priority_until = models.DateField(
        "réservé aux acquéreurs prioritaires jusqu'au",
        null=True,
        blank=True,
        help_text="Vente HLM : jusqu'à cette date, le logement est offert en priorité aux locataires des bailleurs "
        "sociaux du département et aux gardiens (CCH, L443-11).",
    )
    kind = models.CharField("type de logement", max_length=10, choices=Kind.choices)
    typology = models.CharField("typologie", max_length=2, choices=Typology.choices)
    surface = models.DecimalField("surface habitable (m²)", max_digits=6, decimal_places=2)
    rooms = models.PositiveSmallIntegerField("pièces")
    bedrooms = models.PositiveSmallIntegerField("chambres")
    floor = models.SmallIntegerField("étage", default=0)
    has_lift = models.BooleanField("ascenseur", default=False)
    is_accessible = models.BooleanField("accessible aux personnes à mobilité réduite", default=False)
    rent = models.DecimalField("loyer hors charges (€/mois)", max_digits=8, decimal_places=2)
    charges = models.DecimalField("charges (€/mois)", max_digits=8, decimal_places=2)
    # The other terms of the taux d'effort (arrêté du 10 mars 2011, logis.rules.effort).
    annex_rent = models.DecimalField(
        "loyer des annexes (€/mois)",
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text="Parking, garage, jardin… loués avec le logement.",
    )
    energy_contribution = models.DecimalField(
        "contribution du locataire aux travaux d'économie d'énergie (€/mois)",
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text="La « troisième ligne de quittance », quand le bailleur a réalisé de tels travaux.",
    )
    individual_water = models.BooleanField("eau individuelle (compteur au nom du locataire)", default=False)
    individual_heating = models.BooleanField("chauffage individuel", default=False)
    individual_flat_charge = models.DecimalField(
        "forfait des charges individuelles d'eau et de chauffage (€/mois)",
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text="Compté dans le taux d'effort quand l'eau ou le chauffage est individuel ; selon la taille du "
        "logement et le nombre d'occupants.",
    )
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="offers")
    departement = models.CharField("département", max_length=3, editable=False)
    # Zones of the income ceilings, from the commune (logis.rules.zones), so that "Mes offres" filters eligibility in
    # SQL: social_zone for PLAI / PLUS / PLS, abc_zone for intermediate housing ("" when the commune is not in the
    # ABC zoning). Filled by save() and by fill_zones() for rows written in bulk.
    social_zone = models.CharField("zone des plafonds sociaux", max_length=20, editable=False, default="")
    abc_zone = models.CharField("zone ABC", max_length=4, editable=False, default="", blank=True)
    address = models.CharField("adresse", max_length=200)
    lat = models.FloatField("latitude")
    lng = models.FloatField("longitude")
    available_on = models.DateField("disponible le")
    energy_class = models.CharField("classe énergie (DPE)", max_length=1, choices=EnergyClass.choices)
    description = models.TextField("description", blank=True)
    # A private letting (loi du 6 juillet 1989): checked by logis.rules.private_letting before it is published.
    furnished = models.BooleanField("meublé", default=False)
    deposit = models.DecimalField("dépôt de garantie (€)", max_digits=8, decimal_places=2, default=0)
    tenant_fees = models.DecimalField(
        "honoraires de visite, de dossier et de bail payés par le locataire (€)",
        max_digits=8,
        decimal_places=2,
        default=0,
    )
    inventory_fee = models.DecimalField(
        "honoraires d'état des lieux payés par le locataire (€)", max_digits=8, decimal_places=2, default=0
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = "offre de logement"
        verbose_name_plural = "offres de logement"
        ordering = ["-published_at", "id"]
        indexes = [
            # "Mes offres" reads live offers only: partial indexes are smaller and faster to scan (the bounding box
            # of a 30 km radius around Paris: 3 ms instead of 8 on the benchmark data, docs/adr/0005).
            models.Index(fields=["departement"], condition=models.Q(status="published"), name="offer_live_dep_idx"),
            models.Index(fields=["lat", "lng"], condition=models.Q(status="published"), name="offer_live_lat_lng_idx"),
            # The map's circles (ADR 0017): the box among the offers of the financings the income allows, of the
            # typologies wished, or accessible, where those are few (one index scan instead of the whole box).
            models.Index(
                fields=["financing", "lat", "lng"],
                condition=models.Q(status="published"),
                name="offer_live_financing_pos_idx",
            ),
            models.Index(
                fields=["typology", "lat", "lng"],
                condition=models.Q(status="published"),
                name="offer_live_typology_pos_idx",
            ),
            models.Index(
                fields=["lat", "lng"],
                condition=models.Q(status="published", is_accessible=True),
                name="offer_live_accessible_pos_idx",
            ),
            models.Index(fields=["status", "commune"]),
            models.Index(ability_cost_expression(), name="offer_ability_cost_idx"),
            models.Index(models.F("rent") + models.F("charges"), name="offer_monthly_total_idx"),
            models.Index(
                fields=["accession", "departement"],
                condition=models.Q(status="published") & ~models.Q(accession=""),
                name="offer_live_sale_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(rooms__gte=1), name="offer_rooms_positive"),
            models.CheckConstraint(condition=models.Q(surface__gt=0), name="offer_surface_positive"),
            models.CheckConstraint(
                condition=models.Q(annex_rent__gte=0, energy_contribution__gte=0, individual_flat_charge__gte=0),
                name="offer_effort_terms_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(accession="") | models.Q(price__isnull=False, price__gt=0),
                name="offer_sale_has_price",
            ),
            models.CheckConstraint(
                condition=~models.Q(accession="") | ~models.Q(financing=""), name="offer_rental_has_financing"
            ),
            models.CheckConstraint(
                condition=models.Q(deposit__gte=0, tenant_fees__gte=0, inventory_fee__gte=0),
                name="offer_private_terms_not_negative",
            ),
            # Only a private letting is at a free rent.
            models.CheckConstraint(
                condition=~models.Q(financing="FREE") | models.Q(channel="private"), name="offer_free_rent_is_private"
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.commune.name}"

    def save(self, *args, **kwargs):
        self.departement = self.commune.departement if self.commune_id else self.departement
        self.fill_zones()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "commune" in update_fields:
            kwargs["update_fields"] = {*update_fields, "departement", "social_zone", "abc_zone"}
        super().save(*args, **kwargs)

    def fill_zones(self) -> None:
        """Set social_zone and abc_zone from the commune (see logis.rules.zones)."""
        if self.commune_id:
            self.social_zone, self.abc_zone = zones_of_commune(self.commune_id, self.departement)

    @property
    def cover_photo(self):
        """The photo chosen as cover (logis.photos), else the first; None without photo. Reads `photos` (one query
        unless prefetched; the cards of Mes offres read the photos of a page at once: `cover_images`)."""
        return cover_among(list(self.photos.all()))

    @property
    def total_rent(self):
        return self.rent + self.charges

    @property
    def is_social(self) -> bool:
        return self.financing in Financing.social()

    @property
    def is_for_sale(self) -> bool:
        return bool(self.accession)

    @property
    def is_private(self) -> bool:
        return self.channel == Channel.PRIVATE

    @property
    def rent_regime_label(self) -> str:
        return "loyer libre" if self.financing == Financing.FREE else "loyer intermédiaire"


class PurchaseInterest(models.Model):
    """A person's interest in a home to buy, sent to its landlord with their consent (docs/adr/0015).

    Not an application: buying does not go through the commission (CALEOL), so it neither counts in nor is held by
    the « one application at a time » rule of social rentals. Its states: logis.offers.purchase_workflow.
    """

    State = purchase_workflow.State

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="purchase_interests")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="purchase_interests", verbose_name="demandeur"
    )
    state = models.CharField(
        "état",
        max_length=10,
        choices=[(state.value, label) for state, label in purchase_workflow.STATE_LABELS.items()],
        default=purchase_workflow.State.SENT.value,
    )
    message = models.TextField("message au bailleur", blank=True, max_length=2000)
    # What the person agreed to share, as it was when they sent it (household size, income, the verdict).
    shared = models.JSONField("informations transmises", default=dict)
    consent_at = models.DateTimeField("accord pour transmettre les informations le")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField("réponse du bailleur", blank=True, max_length=2000)

    class Meta:
        verbose_name = "intérêt pour un logement à acheter"
        verbose_name_plural = "intérêts pour des logements à acheter"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "applicant"],
                condition=models.Q(state=purchase_workflow.State.SENT.value),
                name="purchase_interest_one_open",
            )
        ]

    def __str__(self):
        return f"{self.applicant} — {self.offer.reference}"


class ListVisit(models.Model):
    """When a person opened "Mes offres": the visit before the current one tells which offers are new to them.

    Written at most once per VISIT_GAP (logis.offers.visits), not at every page of a visit.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+")
    seen_at = models.DateTimeField("dernière visite")
    previous_seen_at = models.DateTimeField("visite précédente", null=True, blank=True)

    class Meta:
        verbose_name = "visite de Mes offres"
        verbose_name_plural = "visites de Mes offres"

    def __str__(self):
        return f"{self.user_id} — {self.seen_at:%Y-%m-%d %H:%M}"
