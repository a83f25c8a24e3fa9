import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "data" / "zonage" / "zonage-abc-2024-07.csv"


def load_script():
    spec = importlib.util.spec_from_file_location("build_zonage", ROOT / "scripts" / "build_zonage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SOURCE.exists(), reason="the public zoning file is not on this machine")
def test_committed_zoning_file_is_exactly_what_the_script_builds_from_the_public_file(tmp_path):
    script = load_script()
    target = tmp_path / "zonage.csv.gz"
    assert script.main(["--source", str(SOURCE), "--target", str(target)]) == 0
    assert target.read_bytes() == (ROOT / "logis" / "rules" / "data" / "zonage_abc_2024.csv.gz").read_bytes()


def test_script_refuses_an_unknown_zone(tmp_path):
    source = tmp_path / "zonage.csv"
    source.write_text(
        "CODGEO;REG;DEP;LIBGEO;Zone en vigueur depuis le 5 juillet 2024;Reclassement juillet 2024\n"
        "01001;84;01;Commune;D;Non\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="unexpected zone"):
        load_script().main(["--source", str(source), "--target", str(tmp_path / "out.csv.gz")])
