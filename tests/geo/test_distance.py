import math

import pytest

from logis.geo.distance import EARTH_RADIUS_KM, haversine_km

PARIS = (48.8566, 2.3522)
LYON = (45.7640, 4.8357)


def test_distance_from_a_point_to_itself_is_zero():
    assert haversine_km(*PARIS, *PARIS) == 0


def test_paris_lyon_is_about_392_km():
    assert haversine_km(*PARIS, *LYON) == pytest.approx(391.5, abs=1.5)


def test_distance_is_symmetric():
    assert haversine_km(*PARIS, *LYON) == pytest.approx(haversine_km(*LYON, *PARIS))


def test_one_degree_of_latitude_is_about_111_km():
    assert haversine_km(45.0, 5.0, 46.0, 5.0) == pytest.approx(111.2, abs=0.1)


def test_antipodes_are_half_the_circumference_apart():
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM)
