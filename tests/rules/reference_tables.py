"""The ceilings of the project reference (domain-and-regulation.md §2.2 to §2.5), transcribed by hand.

The tests compare every cell of the data files with these rows, written in the layout of the reference so
that a reader can check them side by side: they must NOT be generated from logis/rules/data. « [D] » marks
a derived cell, « a/b » two sources that differ (the lower one is expected).
"""

COLUMNS = (
    ("paris_limitrophes", 2025),
    ("idf", 2025),
    ("autres", 2025),
    ("paris_limitrophes", 2026),
    ("idf", 2026),
    ("autres", 2026),
)

# §2.2 PLUS ceilings (€/year) — 2025 and 2026 [V]
PLUS = """
| 1 | 26 687 | 26 687 | 23 201 | 26 920 | 26 920 | 23 403 |
| 2 | 39 885 | 39 885 | 30 984 | 40 233 | 40 233 | 31 254 |
| 3 | 52 284 | 47 944 | 37 259 | 52 740 | 48 362 | 37 584 |
| 4 | 62 424 | 57 429 | 44 982 | 62 968 | 57 930 | 45 374 |
| 5 | 74 271 | 67 984 | 52 915 | 74 919 | 68 577 | 53 376 |
| 6 | 83 575 | 76 504 | 59 636 | 84 304 | 77 171 | 60 156 |
| +1 pers. | 9 313 | 8 524 | 6 652 | 9 394 | 8 598 | 6 710 |
"""
PLUS_DERIVED_COLUMNS = ()

# §2.3 PLAI ceilings (€/year); the three 2026 columns are [D] as a whole.
PLAI = """
| 1 | 14 683 | 14 683 | 12 759 | 14 811 | 14 811 | 12 870 |
| 2 | 23 931 | 23 931 | 18 591 | 24 140 | 24 140 | 18 753 |
| 3 | 31 369 | 28 767 | 22 356 | 31 642 | 29 018 | 22 551 |
| 4 | 34 338 | 31 585 | 24 875 | 34 637 | 31 860 | 25 092 |
| 5 | 40 847 | 37 395 [D] | 29 106 [D] | 41 203 | 37 721 | 29 360 |
| 6 | 45 968 | 42 079 [D] | 32 801 [D] | 46 369 | 42 446 | 33 087 |
| +1 pers. | 5 121 | 4 687 [D] | 3 658 [D] | 5 166 | 4 728 | 3 690 |
"""
PLAI_DERIVED_COLUMNS = (("paris_limitrophes", 2026), ("idf", 2026), ("autres", 2026))

# §2.4 PLS ceilings (€/year) = PLUS × 1.30, rounded; verified for Paris 2025, [D] elsewhere.
PLS = """
| 1 | 34 693 | 34 693 | 30 161 | 34 996 | 34 996 | 30 424 |
| 2 | 51 851 | 51 851 | 40 279 | 52 303 | 52 303 | 40 630 |
| 3 | 67 969 | 62 327 | 48 437 | 68 562 | 62 871 | 48 859 |
| 4 | 81 151 | 74 658 | 58 477 | 81 858 | 75 309 | 58 986 |
| 5 | 96 552 | 88 379 | 68 790 | 97 395 | 89 150 | 69 389 |
| 6 | 108 648 | 99 455 | 77 527 | 109 595 | 100 322 | 78 203 |
| +1 | 12 107 | 11 081 | 8 648 | 12 212 | 11 177 | 8 723 |
"""
PLS_DERIVED_COLUMNS = (("idf", 2025), ("autres", 2025), ("paris_limitrophes", 2026), ("idf", 2026), ("autres", 2026))

# §2.5 Intermediate housing, baux 2025 — columns A bis, A, B1, B2 et C.
INTERMEDIATE_COLUMNS = ("abis", "a", "b1", "b2c")
INTERMEDIATE_2025 = """
| Personne seule | 43 953 | 43 953 | 35 825 | 32 243 |
| Couple | 65 691 | 65 691 | 47 842 | 43 056 |
| + 1 personne à charge | 86 112 | 78 963 | 57 531 | 51 779/51 778 |
| + 2 | 102 812 | 94 585 | 69 454/69 455 | 62 510 |
| + 3 | 122 326 | 111 972/111 971 | 81 705 | 73 535 |
| + 4 | 137 648 | 126 001 | 92 080 | 82 873 |
| par personne à charge ≥ 5e | +15 335 | +14 039 | +10 272 | +9 242 |
"""
# Rent caps 2025 (€/m²): A bis 19.51 (some sources 19.50), A 14.49, B1 11.68, B2/C 10.15.
RENT_CAPS_2025 = {"abis": ("19.51", "19.50"), "a": ("14.49",), "b1": ("11.68",), "b2c": ("10.15",)}

ROW_KEYS = ("1", "2", "3", "4", "5", "6", "extra_person")


def _amount(text: str) -> tuple[int, bool, tuple[int, ...]]:
    """« 37 395 [D] » → (37395, derived, (37395,)); « 51 779/51 778 » → (51778, False, (51779, 51778))."""
    derived = "[D]" in text
    text = text.replace("[D]", "").replace("+", "").strip()
    values = tuple(int(part.replace(" ", "")) for part in text.split("/"))
    return min(values), derived, values


def _rows(table: str) -> list[list[str]]:
    rows = [line.strip().strip("|").split("|") for line in table.strip().splitlines()]
    assert len(rows) == len(ROW_KEYS)
    return [[cell.strip() for cell in row[1:]] for row in rows]


def social_cells(programme: str) -> list[tuple[str, str, int, str, int, bool]]:
    """(programme, zone, year, key, expected amount, derived) for every cell of a social table."""
    table = {"PLUS": PLUS, "PLAI": PLAI, "PLS": PLS}[programme]
    derived_columns = {"PLUS": PLUS_DERIVED_COLUMNS, "PLAI": PLAI_DERIVED_COLUMNS, "PLS": PLS_DERIVED_COLUMNS}[
        programme
    ]
    cells = []
    for key, row in zip(ROW_KEYS, _rows(table), strict=True):
        assert len(row) == len(COLUMNS)
        for (zone, year), text in zip(COLUMNS, row, strict=True):
            amount, marked, _ = _amount(text)
            cells.append((programme, zone, year, key, amount, marked or (zone, year) in derived_columns))
    return cells


def intermediate_cells() -> list[tuple[str, str, int, tuple[int, ...]]]:
    """(zone, key, expected amount = the lower of the sources, all source values) for intermediate 2025."""
    cells = []
    for key, row in zip(ROW_KEYS, _rows(INTERMEDIATE_2025), strict=True):
        for zone, text in zip(INTERMEDIATE_COLUMNS, row, strict=True):
            amount, _, values = _amount(text)
            cells.append((zone, key, amount, values))
    return cells
