"""newsalert/data/places.toml, the gazetteer's names: places.py loads it once, and a faulty copy fails
with a message naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsalert import places
from newsalert.places import DATA_FILE, _load


def test_the_packaged_file_loads_with_the_public_types() -> None:
    assert DATA_FILE.is_file()
    assert places.COUNTRIES["US"][:2] == ["United States", "United States of America"]
    assert places.LEADERS["Xi Jinping"] == "China" and places.OFFICIAL_SURNAMES["Greer"] == "US"
    assert places.EU_CUSTOMS_UNION_SINCE["Croatia"] == 2013
    assert places.canonical_country("u.s.") == "US"


def test_a_faulty_file_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "places.toml"
    bad.write_text(DATA_FILE.read_text(encoding="utf-8").replace('Croatia = 2013', 'Croatia = "2013"'),
                   encoding="utf-8")
    with pytest.raises(ValueError, match=r"places\.toml: \[eu_customs_union_since\] must be a table of int values"):
        _load(bad)
    with pytest.raises(ValueError, match=r"nowhere\.toml: cannot read the gazetteer"):
        _load(tmp_path / "nowhere.toml")
