"""The national demand register stand-in (SNE): demands filed with the content of CERFA 14069*05.

Only logis.registry.api may be used by the rest of the platform; a real SNE connector replaces it later.
"""

from django.db import models


class Nationality(models.TextChoices):
    FRENCH = "FR", "Française"
    EU = "UE", "Union européenne"
    EEA = "EEE", "Autre État de l'Espace économique européen (Islande, Liechtenstein, Norvège)"
    SWISS = "CH", "Suisse"
    NON_EU = "HUE", "Autre nationalité"


class FamilySituation(models.TextChoices):
    SINGLE = "celibataire", "Célibataire"
    MARRIED = "marie", "Marié ou mariée"
    PACS = "pacse", "Pacsé ou pacsée"
    COHABITING = "concubin", "En concubinage"
    DIVORCED = "divorce", "Divorcé ou divorcée"
    SEPARATED = "separe", "Séparé ou séparée"
    WIDOWED = "veuf", "Veuf ou veuve"


class ContractType(models.TextChoices):
    CDI = "CDI", "CDI"
    CDD = "CDD", "CDD"
    INTERIM = "INTERIM", "Intérim"
    APPRENTICE = "APPRENTI", "Apprentissage ou alternance"
    INTERN = "STAGE", "Stage"
    CIVIL_SERVANT = "FONCTIONNAIRE", "Fonctionnaire"
    SELF_EMPLOYED = "INDEPENDANT", "Indépendant"
    STUDENT = "ETUDIANT", "Étudiant"
    JOBSEEKER = "CHOMAGE", "Demandeur d'emploi"
    RETIRED = "RETRAITE", "Retraité"
    OTHER = "AUTRE", "Autre"


class HousingKind(models.TextChoices):
    FLAT = "flat", "Appartement"
    HOUSE = "house", "Maison"
    ANY = "any", "Indifférent"


class CurrentHousing(models.TextChoices):
    SOCIAL_TENANT = "locataire_hlm", "Locataire HLM"
    PRIVATE_TENANT = "locataire_prive", "Locataire du parc privé"
    OWNER = "proprietaire", "Propriétaire occupant"
    PARENTS = "chez_parents", "Hébergé ou hébergée chez mes parents ou mes enfants"
    HOSTED = "heberge_tiers", "Hébergé ou hébergée chez un particulier"
    TEMPORARY = "logement_temporaire", "Logement temporaire, foyer, résidence sociale"
    HOTEL = "hotel", "Hôtel"
    HOMELESS = "sans_abri", "Sans abri ou abri de fortune"
    OTHER = "autre", "Autre"


class Reason(models.TextChoices):
    """Motifs of the demand (CERFA 14069*05 rubrique g; list to be checked against the official PDF)."""

    NO_HOUSING = "sans_logement", "Sans logement, hébergé ou en logement temporaire"
    NON_DECENT = "non_decent", "Logement non décent, insalubre ou dangereux"
    REPOSSESSED = "repris", "Logement repris ou mis en vente par le propriétaire"
    EVICTION = "expulsion", "Procédure d'expulsion"
    VIOLENCE = "violences", "Violences familiales"
    DISABILITY = "handicap", "Handicap"
    HEALTH = "sante", "Raisons de santé"
    TOO_EXPENSIVE = "trop_cher", "Logement trop cher"
    TOO_SMALL = "trop_petit", "Logement trop petit"
    TOO_BIG = "trop_grand", "Logement trop grand"
    SEPARATION = "separation", "Divorce, séparation"
    DECOHABITATION = "decohabitation", "Décohabitation"
    FUTURE_COUPLE = "futur_couple", "Futur couple"
    WORK_MOBILITY = "mutation", "Mutation professionnelle"
    CLOSER_TO_WORK = "rapprochement_travail", "Rapprochement du lieu de travail"
    CLOSER_TO_FAMILY = "rapprochement_famille", "Rapprochement de la famille"
    NEIGHBOURHOOD = "environnement", "Problèmes d'environnement ou de voisinage"
    OTHER = "autre", "Autre motif"


class ResourceCode(models.TextChoices):
    SAL = "SAL", "Salaires"
    CHO = "CHO", "Allocations chômage"
    RSA = "RSA", "RSA"
    AAH = "AAH", "Allocation aux adultes handicapés"
    AF = "AF", "Allocations familiales"
    PAJE = "PAJE", "Prestation d'accueil du jeune enfant"
    RET = "RET", "Retraite"
    PINV = "PINV", "Pension d'invalidité"
    PAR = "PAR", "Pension alimentaire reçue"
    BE = "BE", "Bourse d'études"
    AUT = "AUT", "Autres ressources"


class Typology(models.TextChoices):
    T1 = "T1", "T1 (1 pièce)"
    T2 = "T2", "T2 (2 pièces)"
    T3 = "T3", "T3 (3 pièces)"
    T4 = "T4", "T4 (4 pièces)"
    T5 = "T5", "T5 (5 pièces)"
    T6 = "T6", "T6 ou plus (6 pièces et plus)"


CIVILITY_CHOICES = [("M", "Monsieur"), ("MME", "Madame")]


class RegisteredDemand(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ATTRIBUTED = "attributed", "Attribuée (logement obtenu)"
        RADIATED = "radiated", "Radiée"

    numero_unique = models.CharField("numéro unique", max_length=18, unique=True)
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    filed_at = models.DateTimeField("date de dépôt")
    expires_on = models.DateField("valable jusqu'au")
    guichet = models.CharField("guichet enregistreur", max_length=5)
    # Idempotency key of the public filing form: a double submission finds the demand already filed.
    filing_key = models.UUIDField("clé de dépôt", null=True, blank=True, unique=True, editable=False)

    # a) identity and nationality
    civility = models.CharField("civilité", max_length=5, choices=CIVILITY_CHOICES)
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    birth_date = models.DateField("date de naissance")
    nationality = models.CharField("nationalité", max_length=3, choices=Nationality.choices)
    residence_permit_expires_on = models.DateField("titre de séjour valable jusqu'au", null=True, blank=True)
    # b) contact
    email = models.EmailField("adresse e-mail")
    phone = models.CharField("téléphone", max_length=20, blank=True)
    address = models.CharField("adresse", max_length=200)
    postal_code = models.CharField("code postal", max_length=5)
    commune = models.ForeignKey("geo.Commune", on_delete=models.PROTECT, related_name="+", verbose_name="commune")
    # c) family situation
    family_situation = models.CharField("situation familiale", max_length=20, choices=FamilySituation.choices)
    expected_births = models.PositiveSmallIntegerField("enfants à naître", default=0)
    # d) professional situation
    profession = models.CharField("profession", max_length=100, blank=True)
    contract_type = models.CharField("type de contrat", max_length=20, choices=ContractType.choices)
    employer_name = models.CharField("employeur", max_length=200, blank=True)
    employer_siret = models.CharField("SIRET de l'employeur", max_length=14, blank=True)
    workplace_commune = models.ForeignKey(
        "geo.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="lieu de travail",
    )
    # e) resources (euros)
    rfr_n2 = models.PositiveIntegerField("revenu fiscal de référence N-2")
    rfr_n1 = models.PositiveIntegerField("revenu fiscal de référence N-1", null=True, blank=True)
    monthly_resources = models.JSONField("ressources mensuelles", default=list, blank=True)
    # f) current housing
    current_housing = models.CharField("logement actuel", max_length=30, choices=CurrentHousing.choices)
    current_rent = models.PositiveIntegerField("loyer actuel", null=True, blank=True)
    current_occupants = models.PositiveSmallIntegerField("occupants actuels", default=1)
    current_surface = models.PositiveSmallIntegerField("surface actuelle (m²)", null=True, blank=True)
    # g) reasons
    reasons = models.JSONField("motifs", default=list)
    # h) housing wished
    wished_communes = models.JSONField("communes souhaitées (codes INSEE)", default=list)
    wished_typologies = models.JSONField("typologies souhaitées", default=list)
    wished_kind = models.CharField("maison ou appartement", max_length=10, choices=HousingKind.choices, default="any")
    max_rent = models.PositiveIntegerField("loyer maximum charges comprises", null=True, blank=True)
    # i) disability and accessibility
    accessibility_needed = models.BooleanField("logement accessible nécessaire", default=False)
    accessibility_details = models.CharField("besoins d'adaptation", max_length=300, blank=True)
    applicant_has_disability = models.BooleanField("le demandeur est en situation de handicap", default=False)

    class Meta:
        verbose_name = "demande enregistrée"
        verbose_name_plural = "demandes enregistrées"

    def __str__(self):
        return self.numero_unique


class RegisteredHouseholdMember(models.Model):
    class Relation(models.TextChoices):
        SPOUSE = "conjoint", "Conjoint, conjointe ou partenaire"
        CO_APPLICANT = "codemandeur", "Co-demandeur"
        CHILD = "enfant", "Enfant"
        PARENT = "ascendant", "Ascendant"
        OTHER = "autre", "Autre"

    demand = models.ForeignKey(RegisteredDemand, on_delete=models.CASCADE, related_name="members")
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    birth_date = models.DateField("date de naissance")
    relation = models.CharField("lien avec le demandeur", max_length=20, choices=Relation.choices)
    is_dependent = models.BooleanField("personne à charge", default=False)
    has_disability = models.BooleanField("en situation de handicap", default=False)
    # SNE « listePersonneEnGarde … coParentalite »: a child in alternating custody counts in both parents' homes.
    alternating_custody = models.BooleanField("enfant en garde alternée", default=False)

    class Meta:
        verbose_name = "membre du ménage"
        verbose_name_plural = "membres du ménage"

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class NumberSequence(models.Model):
    """Last sequence number issued per territory and month of first filing (numéro unique)."""

    territory = models.CharField(max_length=3)
    month = models.CharField(max_length=4, help_text="MMYY")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "séquence de numéros uniques"
        verbose_name_plural = "séquences de numéros uniques"
        constraints = [models.UniqueConstraint(fields=["territory", "month"], name="registry_sequence_unique")]

    def __str__(self):
        return f"{self.territory}{self.month}: {self.last}"
