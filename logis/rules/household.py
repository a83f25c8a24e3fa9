"""Household composition: the category of the social-housing ceilings and the line of the intermediate ones.

Source of the categories: arrêté du 29 juillet 1987 relatif aux plafonds de ressources des bénéficiaires de la
législation sur les habitations à loyer modéré et des nouvelles aides de l'État en secteur locatif (annexes,
« catégories de ménages »), as summarised by the ANIL (https://anil.org/votre-projet/vous-etes-locataire/se-loger/en-hlm)
and encoded by openfisca-france (model/prestations/logement_social.py, without the disability rule):

| cat. | definition |
|---|---|
| 1 | one person alone |
| 2 | two persons without dependant, jeunes ménages excluded; or one person alone with a disability |
| 3 | three persons; or one person + 1 dependant; or jeune ménage without dependant; or two persons
|   | incl. ≥ 1 disabled |
| 4 | four persons; or one person + 2 dependants; or three persons incl. ≥ 1 disabled |
| 5 | five persons; or one person + 3 dependants; or four persons incl. ≥ 1 disabled |
| 6 | six persons; or one person + 4 dependants; or five persons incl. ≥ 1 disabled |
| +1 | per additional person |

Every line of the table says « n persons, or the same household counted one person more when it is one adult
with dependants or when it includes a disabled person ». `household_category` therefore computes an
*equivalent number of persons*: the largest of the numbers given by each rule that applies (rules do not add
up: a disabled single parent with one child matches « one person + 1 dependant » and « two persons incl. a
disabled person », both category 3). Categories stop at 6; each equivalent person beyond 6 is an extra
person (« par personne supplémentaire »). That the disability uplift also counts beyond category 6 (six
persons incl. a disabled one = category 6 + 1 extra person) is our reading of « one category up » [derived].
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from logis.rules.formatting import plural
from logis.rules.parameters import HouseholdParameters, load_parameters


class Relation(StrEnum):
    """Link with the applicant (values of the registry's household members, plus the applicant)."""

    APPLICANT = "demandeur"
    SPOUSE = "conjoint"  # spouse, PACS partner or concubin: makes the applicant part of a couple
    CO_APPLICANT = "codemandeur"
    CHILD = "enfant"
    PARENT = "ascendant"
    OTHER = "autre"


@dataclass(frozen=True)
class Person:
    """Someone who will live in the dwelling.

    `is_dependant`: « personne à charge » (children and adults attached to the tax household, or dependants in
    the sense of the CCH); `has_disability`: holder of the carte mobilité inclusion « invalidité » (or of the
    former carte d'invalidité), the criterion of the arrêté du 29 juillet 1987; `alternating_custody`: a child of
    separated parents in alternating custody, who « est considéré comme vivant au foyer de l'un et de l'autre
    parent » (arrêté du 29 juillet 1987, article 1, Légifrance): counted in full in this household, as in the
    other parent's.
    """

    birth_date: date
    relation: Relation = Relation.OTHER
    is_dependant: bool = False
    has_disability: bool = False
    alternating_custody: bool = False

    def age_on(self, today: date) -> int:
        return age_on(self.birth_date, today)


@dataclass(frozen=True)
class Household:
    """Everyone who will live in the dwelling, the applicant first."""

    people: tuple[Person, ...]

    def __post_init__(self):
        if not self.people:
            raise ValueError("A household has at least one person.")
        if self.people[0].relation != Relation.APPLICANT:
            raise ValueError("The first person of a household is the applicant.")
        if sum(person.relation == Relation.APPLICANT for person in self.people) != 1:
            raise ValueError("A household has exactly one applicant.")
        if sum(person.relation == Relation.SPOUSE for person in self.people) > 1:
            raise ValueError("An applicant has at most one spouse or partner.")
        if any(
            person.is_dependant and person.relation in (Relation.APPLICANT, Relation.SPOUSE) for person in self.people
        ):
            raise ValueError("Neither the applicant nor the spouse can be a dependant.")

    @property
    def size(self) -> int:
        return len(self.people)

    @property
    def applicant(self) -> Person:
        return self.people[0]

    @property
    def spouse(self) -> Person | None:
        return next((person for person in self.people if person.relation == Relation.SPOUSE), None)

    @property
    def is_couple(self) -> bool:
        """Married, PACS or concubins: the applicant lives with a spouse or partner."""
        return self.spouse is not None

    @property
    def dependants(self) -> int:
        return sum(person.is_dependant for person in self.people)

    @property
    def has_disabled_member(self) -> bool:
        return any(person.has_disability for person in self.people)

    @property
    def alternating_custody_children(self) -> int:
        return sum(person.alternating_custody for person in self.people)


def age_on(birth_date: date, today: date) -> int:
    """Age in completed years (« âge révolu ») on `today`."""
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class HouseholdCategory:
    """Category 1 to 6 of the arrêté du 29 juillet 1987, extra persons, and why."""

    category: int
    extra_persons: int
    equivalent_persons: int
    persons: int
    dependants: int
    reasons: tuple[str, ...]
    alternating_custody: int = 0  # children in alternating custody, counted in full (arrêté, art. 1)

    @property
    def custody_note(self) -> str:
        if not self.alternating_custody:
            return ""
        children = plural(self.alternating_custody, "enfant")
        return (
            f"dont {children} en garde alternée, compté{'s' if self.alternating_custody > 1 else ''} au foyer de "
            "chacun des parents (arrêté du 29 juillet 1987, article 1)"
        )

    @property
    def label(self) -> str:
        """« catégorie 3 », « catégorie 6 + 2 personnes supplémentaires »."""
        text = f"catégorie {self.category}"
        if self.extra_persons:
            text += f" + {plural(self.extra_persons, 'personne supplémentaire', 'personnes supplémentaires')}"
        return text


def is_jeune_menage(household: Household, today: date, params: HouseholdParameters | None = None) -> bool:
    """« Jeune ménage »: a couple without dependant whose two ages (in completed years) sum to at most 55.

    Source: arrêté du 29 juillet 1987 (catégories 2 and 3: « deux personnes ne comportant aucune personne à
    charge à l'exclusion des jeunes ménages », « jeune ménage sans personne à charge »), definition of the
    jeune ménage as « couple marié, concubins ou pacsés dont la somme des âges est au plus égale à 55 ans »
    (openfisca-france logement_social_categorie_menage; ANIL). The limit is in data/parameters.toml.
    """
    params = params or load_parameters().household
    spouse = household.spouse
    if spouse is None or household.size != 2 or household.dependants:
        return False
    return household.applicant.age_on(today) + spouse.age_on(today) <= params.jeune_menage_max_age_sum


def household_category(
    household: Household, today: date, params: HouseholdParameters | None = None
) -> HouseholdCategory:
    """The category of `household` on `today` (ages matter for the jeune ménage rule).

    Rules, each from the annex of the arrêté du 29 juillet 1987 (see the module docstring):
    - persons: n persons → category n;
    - one person alone with k ≥ 1 dependants → category k + 2 (counted one person more);
    - at least one disabled member (carte mobilité inclusion « invalidité ») → one category up (n + 1),
      once for the household whatever the number of disabled members;
    - jeune ménage without dependant → category 3;
    categories above 6 become category 6 + extra persons.
    """
    params = params or load_parameters().household
    persons = household.size
    dependants = household.dependants
    candidates = [(persons, plural(persons, "personne"))]
    others = household.people[1:]
    if not household.is_couple and others and all(person.is_dependant for person in others):
        candidates.append((persons + 1, f"une personne seule avec {plural(dependants, 'personne')} à charge"))
    if household.has_disabled_member:
        candidates.append(
            (persons + params.disability_uplift, "ménage comprenant une personne en situation de handicap")
        )
    if is_jeune_menage(household, today, params):
        candidates.append((3, "jeune ménage sans personne à charge"))
    equivalent = max(number for number, _ in candidates)
    reasons = tuple(reason for number, reason in candidates if number == equivalent)
    category = min(equivalent, params.max_category)
    return HouseholdCategory(
        category=category,
        extra_persons=equivalent - category,
        equivalent_persons=equivalent,
        persons=persons,
        dependants=dependants,
        reasons=reasons,
        alternating_custody=household.alternating_custody_children,
    )


@dataclass(frozen=True)
class IntermediateLine:
    """Line of the intermediate-housing (Pinel-aligned) ceilings: 1 = personne seule, 2 = couple,
    3 to 6 = personne seule ou couple ayant 1 to 4 personnes à charge, + extra dependants from the 5th."""

    line: int
    extra_dependants: int
    dependants: int


def intermediate_line(household: Household) -> IntermediateLine:
    """The household line of the intermediate ceilings (article 2 terdecies D of annexe III to the CGI, as
    reproduced in data/intermediate_2025.toml).

    The lines count the persons à charge of a person alone or of a couple. Every person other than the
    applicant and his or her spouse is counted as a person à charge (an adult relative living in the home
    raises the ceiling as a dependant would): a reading of ours [derived], since the Pinel lines are written
    for a tax household. The disability and jeune-ménage rules of social housing do not apply.
    """
    dependants = household.size - (2 if household.is_couple else 1)
    if dependants == 0:
        return IntermediateLine(line=2 if household.is_couple else 1, extra_dependants=0, dependants=0)
    return IntermediateLine(
        line=min(2 + dependants, 6), extra_dependants=max(dependants - 4, 0), dependants=dependants
    )
