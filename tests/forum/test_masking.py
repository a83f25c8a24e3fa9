"""Personal data typed in a post is masked before it is shown (logis.forum.masking is pure)."""

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.fr import nir

from logis.forum.masking import mask_personal_data


def _nir(base13: str) -> str:
    return f"{base13}{97 - int(base13) % 97:02d}"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Appelez-moi au 06 12 34 56 78 le soir", "phone"),
        ("Mon portable : 0612345678.", "phone"),
        ("depuis l'étranger +33 6 12 34 56 78", "phone"),
        ("ou le 01.45.67.89.10", "phone"),
        ("en Belgique +32 470 12 34 56", "phone"),
        ("écrivez à jean.dupont+logement@gmail.com svp", "email"),
        ("mon IBAN FR76 3000 6000 0112 3456 7890 189 pour le virement", "iban"),
        ("DE89370400440532013000 est celui de mon frère", "iban"),
        ("ma demande 069 0524 000123 G0001 est bloquée", "numero_unique"),
        ("numéro 06905240001 23G0001", None),
        (f"ma sécu {_nir('2850578006084')}", "nir"),
        ("sans la clé : 2 85 05 78 006 084", "nir"),
    ],
)
def test_each_kind_of_personal_data_is_recognised(text, kind):
    masked = mask_personal_data(text)
    if kind is None:
        assert masked.kinds == ()
    else:
        assert masked.kinds == (kind,)
        assert "masqué" in masked.text


def test_the_nir_is_recognised_by_its_key():
    valid = _nir("1850578006084")
    assert nir.is_valid(valid)
    wrong_key = valid[:-2] + f"{(int(valid[-2:]) + 1) % 97:02d}"
    assert mask_personal_data(f"NIR {valid}").kinds == ("nir",)
    assert mask_personal_data(f"commande {wrong_key}").kinds == ()


def test_ordinary_figures_of_a_housing_question_stay():
    text = "Loyer 650 € pour un T3 de 68 m² au 12 rue des Lilas, 3 enfants nés en 2015, 2018 et 2021, code 69001."
    assert mask_personal_data(text).text == text


def test_a_public_line_stays_when_allowed():
    text = "SOS Loyers impayés : 0805 16 00 75"
    assert mask_personal_data(text, allowed=frozenset({"0805160075"})).text == text
    assert mask_personal_data(text).kinds == ("phone",)


def test_the_author_is_told_each_kind_once_in_a_stable_order():
    masked = mask_personal_data("a@b.fr 0612345678 c@d.fr 06 11 22 33 44")
    assert masked.kinds == ("email", "phone")
    assert masked.labels == ["une adresse e-mail", "un numéro de téléphone"]
    assert masked.text.count("[adresse e-mail masquée]") == 2


@given(st.from_regex(r"0[1-9]( ?[0-9]{2}){4}", fullmatch=True), st.text(alphabet="abc éè,.", max_size=30))
def test_any_french_number_inside_a_sentence_is_masked(number, words):
    masked = mask_personal_data(f"{words} {number} {words}")
    assert number not in masked.text
    assert "phone" in masked.kinds


def test_the_masking_module_imports_no_django():
    code = "import sys, logis.forum.masking, logis.forum.topics; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0  # noqa: S603
