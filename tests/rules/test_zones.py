import pytest

from logis.rules.zones import (
    AbcZone,
    IntermediateZone,
    SocialZone,
    UnknownCommune,
    abc_zone,
    departement_of,
    load_zone_tables,
    normalise_insee,
    social_zone,
)

# The 29 communes bordering Paris, by INSEE code (project reference §2.1), written here independently.
BORDERING_PARIS = {
    "92012", "92024", "92040", "92044", "92046", "92049", "92051", "92062", "92064", "92073", "92075",
    "93001", "93006", "93045", "93048", "93055", "93061", "93066", "93070",
    "94018", "94033", "94037", "94041", "94042", "94043", "94052", "94067", "94069", "94080",
}  # fmt: skip


def test_zone_of_paris_and_its_29_bordering_communes_is_paris_limitrophes():
    assert len(BORDERING_PARIS) == 29
    assert load_zone_tables().paris_limitrophes == BORDERING_PARIS | {"75056"}
    for insee in BORDERING_PARIS | {"75056"}:
        assert social_zone(insee) is SocialZone.PARIS_LIMITROPHES


@pytest.mark.parametrize(
    ("insee", "zone"),
    [
        ("75056", SocialZone.PARIS_LIMITROPHES),  # Paris
        ("75112", SocialZone.PARIS_LIMITROPHES),  # Paris 12e arrondissement
        ("92012", SocialZone.PARIS_LIMITROPHES),  # Boulogne-Billancourt, missing from openfisca's list
        ("93001", SocialZone.PARIS_LIMITROPHES),  # Aubervilliers, commented « Bagnolet » in openfisca
        ("78646", SocialZone.IDF),  # Versailles
        ("92050", SocialZone.IDF),  # Nanterre: Hauts-de-Seine but not bordering Paris
        ("77288", SocialZone.IDF),  # Melun
        ("95127", SocialZone.IDF),  # Cergy
        ("69123", SocialZone.AUTRES),  # Lyon
        ("69383", SocialZone.AUTRES),  # Lyon 3e arrondissement
        ("13055", SocialZone.AUTRES),  # Marseille
        ("2A004", SocialZone.AUTRES),  # Ajaccio
        ("97411", SocialZone.AUTRES),  # Saint-Denis (La Réunion), not Saint-Denis (93066)
    ],
)
def test_social_zone_of_known_communes(insee, zone):
    assert social_zone(insee) is zone


def test_social_zone_tolerates_a_code_missing_from_the_lists_using_its_departement():
    assert social_zone("91999") is SocialZone.IDF
    assert social_zone("01999") is SocialZone.AUTRES
    assert social_zone("12345", departement="94") is SocialZone.IDF


@pytest.mark.parametrize(
    ("insee", "zone"),
    [
        ("75056", AbcZone.ABIS),  # Paris
        ("75108", AbcZone.ABIS),  # Paris 8e
        ("78646", AbcZone.ABIS),  # Versailles
        ("92012", AbcZone.ABIS),  # Boulogne-Billancourt
        ("69123", AbcZone.A),  # Lyon
        ("69381", AbcZone.A),  # Lyon 1er
        ("13055", AbcZone.A),  # Marseille
        ("13208", AbcZone.A),  # Marseille 8e
        ("44109", AbcZone.A),  # Nantes, reclassified in July 2024
        ("38185", AbcZone.B1),  # Grenoble
        ("01004", AbcZone.B1),  # Ambérieu-en-Bugey
        ("97411", AbcZone.B1),  # Saint-Denis (La Réunion)
        ("01001", AbcZone.C),  # L'Abergement-Clémenciat
    ],
)
def test_abc_zone_of_known_communes(insee, zone):
    assert abc_zone(insee) is zone


def test_b2_and_c_share_the_intermediate_column():
    assert AbcZone.B2.intermediate_column is IntermediateZone.B2C
    assert AbcZone.C.intermediate_column is IntermediateZone.B2C
    assert AbcZone.ABIS.intermediate_column is IntermediateZone.ABIS
    assert AbcZone.B1.intermediate_column is IntermediateZone.B1


def test_zoning_file_covers_every_commune_of_the_source_with_its_counts():
    counts = {}
    for zone in load_zone_tables().abc.values():
        counts[zone] = counts.get(zone, 0) + 1
    assert counts == {AbcZone.ABIS: 124, AbcZone.A: 816, AbcZone.B1: 2216, AbcZone.B2: 3156, AbcZone.C: 28623}


def test_unknown_commune_gets_a_clear_message():
    with pytest.raises(UnknownCommune, match="absente du zonage ABC"):
        abc_zone("01999")
    with pytest.raises(UnknownCommune, match="Code INSEE invalide"):
        social_zone("7501")


@pytest.mark.parametrize(
    ("insee", "normalised", "departement"),
    [
        (" 75101 ", "75056", "75"),
        ("75120", "75056", "75"),
        ("2a004", "2A004", "2A"),
        ("97411", "97411", "974"),
        ("13216", "13055", "13"),
        ("13217", "13217", "13"),
    ],
)
def test_insee_codes_are_normalised(insee, normalised, departement):
    assert normalise_insee(insee) == normalised
    assert departement_of(insee) == departement


def test_a_former_commune_is_read_as_the_commune_it_merged_into():
    from logis.rules.zones import SocialZone, current_insee, social_zone

    # Pierrefitte-sur-Seine (93059) became a commune déléguée of Saint-Denis (93066) on 1 January 2025 (INSEE COG,
    # Etalab decoupage-administratif 6.0.0): Saint-Denis as a whole borders Paris.
    assert current_insee("93059") == "93066"
    assert social_zone("93059", "93") == SocialZone.PARIS_LIMITROPHES
    assert social_zone("93066") == SocialZone.PARIS_LIMITROPHES
    assert current_insee("93066") == "93066"
    assert current_insee("75112") == "75056"  # arrondissements still read as their city


def test_the_abc_zone_of_a_former_commune_is_its_current_commune_s():
    from logis.rules.zones import abc_zone

    assert abc_zone("93059") == abc_zone("93066")
