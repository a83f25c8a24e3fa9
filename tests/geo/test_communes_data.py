"""Building the communes file from the INSEE compilation, and loading it into the database."""

import csv
import gzip
from io import StringIO

import pytest
from django.core.management import call_command

from logis.geo.departements import departement_label, departement_names
from logis.geo.loading import COMMUNES_FILE, _read, load_communes
from logis.geo.models import Commune
from scripts.build_communes import build

HEADER = (
    "insee_com,insee_reg,insee_dep,commune,commune_article,code_postal,commune_type,insee_parente,lat,lng,"
    "superficie_km2,population_2021,population_2015,menages_2021,naissances_2022,deces_2022,"
    "pop_15_64_totale_2021,pop_15_64_chomage_2021,pop_15_64_active_2021"
)
SAMPLE = [
    "01001,84,01,Abergement-Clémenciat,L'Abergement-Clémenciat,01400,COM,,46.1517,4.9306,15.95,832,767,341,8,5,508,27,417",
    "31555,76,31,Toulouse,Toulouse,31300,COM,,43.6007,1.43284,118.3,504078,0,0,0,0,0,0,0",
    "31555,76,31,Toulouse,Toulouse,31000,COM,,43.6007,1.43284,118.3,504078,0,0,0,0,0,0,0",
    "31555,76,31,Toulouse,Toulouse,31500,COM,,43.6007,1.43284,118.3,504078,0,0,0,0,0,0,0",
    "49080,52,49,Doué-en-Anjou,Doué-en-Anjou,49700,COM,,47.1933,-0.2753,1.0,11000,0,0,0,0,0,0,0",
    "49080,,,Brigné,Brigné,49700,COMD,49080,47.2,-0.3,1.0,500,0,0,0,0,0,0,0",
    "69381,84,69,Lyon 1er Arrondissement,Lyon 1er Arrondissement,69001,ARM,69123,45.7675,4.8345,1,30000,0,0,0,0,0,0,0",
    "69382,84,69,Lyon 2e Arrondissement,Lyon 2e Arrondissement,69002,ARM,69123,45.7485,4.8275,1,10000,0,0,0,0,0,0,0",
    "85165,52,85,Oie,L'Oie,85140,COM,,,,14.06,1259,1235,0,0,0,0,0,0",
    "85152,52,85,Essarts-en-Bocage,Essarts-en-Bocage,85140,COM,,46.78,-1.22,100,9000,0,0,0,0,0,0,0",
]


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "communes.csv").write_text("\n".join([HEADER, *SAMPLE]) + "\n", encoding="utf-8")
    (folder / "departements.csv").write_text(
        "insee_dep,insee_reg,departement,departement_article\n69,84,Rhône,Rhône\n2A,94,Corse-du-Sud,Corse-du-Sud\n",
        encoding="utf-8",
    )
    return folder


def read_rows(path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return {row["insee"]: row for row in csv.DictReader(handle)}


def test_build_keeps_one_row_per_insee_code_with_the_lowest_postal_code(source, tmp_path):
    count = build(source, tmp_path / "out", out=StringIO())
    rows = read_rows(tmp_path / "out" / "communes.csv.gz")
    assert count == len(rows)
    assert rows["31555"]["postal_code"] == "31000"
    assert list(rows["31555"]) == ["insee", "name", "departement", "region", "postal_code", "lat", "lng", "population"]


def test_build_skips_delegated_communes_and_keeps_arrondissements(source, tmp_path):
    build(source, tmp_path / "out", out=StringIO())
    rows = read_rows(tmp_path / "out" / "communes.csv.gz")
    assert rows["49080"]["name"] == "Doué-en-Anjou"  # the COMD row "Brigné" did not replace it
    assert "69381" in rows
    assert "69382" in rows


def test_build_names_communes_with_their_article(source, tmp_path):
    build(source, tmp_path / "out", out=StringIO())
    assert read_rows(tmp_path / "out" / "communes.csv.gz")["01001"]["name"] == "L'Abergement-Clémenciat"


def test_build_rebuilds_a_city_from_its_arrondissements(source, tmp_path):
    build(source, tmp_path / "out", out=StringIO())
    lyon = read_rows(tmp_path / "out" / "communes.csv.gz")["69123"]
    assert lyon["name"] == "Lyon"
    assert lyon["postal_code"] == "69001"
    assert int(lyon["population"]) == 40000
    # population-weighted centre: three quarters of the way to the 1st arrondissement
    assert float(lyon["lat"]) == pytest.approx(45.7675 * 0.75 + 45.7485 * 0.25, abs=1e-5)


def test_build_places_a_commune_without_coordinates_by_its_postal_code(source, tmp_path):
    out = StringIO()
    build(source, tmp_path / "out", out=out)
    oie = read_rows(tmp_path / "out" / "communes.csv.gz")["85165"]
    assert (float(oie["lat"]), float(oie["lng"])) == (46.78, -1.22)
    assert "85165" in out.getvalue()


def test_build_is_deterministic(source, tmp_path):
    build(source, tmp_path / "a", out=StringIO())
    build(source, tmp_path / "b", out=StringIO())
    assert (tmp_path / "a" / "communes.csv.gz").read_bytes() == (tmp_path / "b" / "communes.csv.gz").read_bytes()


def test_build_writes_departement_names(source, tmp_path):
    build(source, tmp_path / "out", out=StringIO())
    text = (tmp_path / "out" / "departements.csv").read_text(encoding="utf-8")
    assert text.splitlines() == ["code,name", "2A,Corse-du-Sud", "69,Rhône"]


def test_shipped_file_has_paris_lyon_marseille_and_their_arrondissements():
    rows = read_rows(COMMUNES_FILE)
    assert len(rows) > 34000
    assert {"75056", "69123", "13055", "75101", "69381", "13201"} <= set(rows)
    assert rows["75056"]["name"] == "Paris"


def test_departement_labels_come_from_the_shipped_file():
    assert departement_names()["69"] == "Rhône"
    assert departement_label("2A") == "Corse-du-Sud (2A)"
    assert departement_label("XX") == "XX"


@pytest.mark.django_db
def test_load_communes_command_loads_a_file_and_prints_the_count(source, tmp_path):
    build(source, tmp_path / "out", out=StringIO())
    out = StringIO()
    call_command("load_communes", file=tmp_path / "out" / "communes.csv.gz", stdout=out)
    assert Commune.objects.count() == 8
    assert out.getvalue().startswith("8 communes chargées")
    assert Commune.objects.get(insee="31555").postal_code == "31000"


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_a_new_file_updates_in_place(tmp_path):
    path = tmp_path / "communes.csv"
    header = "insee,name,departement,region,postal_code,lat,lng,population\n"
    path.write_text(header + "38185,Grenoble,38,84,38000,45.18,5.72,158000\n", encoding="utf-8")
    assert load_communes(path, batch_size=1) == 1
    assert load_communes(path, batch_size=1) == 1
    assert Commune.objects.count() == 1
    path.write_text(
        header + "38185,Grenoble,38,84,38100,45.18,5.72,160000\n26362,Valence,26,84,26000,44.92,4.91,64000\n",
        encoding="utf-8",
    )
    load_communes(path, batch_size=1)
    grenoble = Commune.objects.get(insee="38185")
    assert (grenoble.postal_code, grenoble.population) == ("38100", 160000)
    assert Commune.objects.count() == 2


def test_loader_reads_a_gzipped_file(tmp_path):
    raw = "insee,name,departement,region,postal_code,lat,lng,population\n26362,Valence,26,84,26000,44.92,4.91,64000\n"
    gz = tmp_path / "c.csv.gz"
    with gzip.open(gz, "wb") as handle:
        handle.write(raw.encode())
    assert [(c.insee, c.name, c.population) for c in _read(gz)] == [("26362", "Valence", 64000)]
