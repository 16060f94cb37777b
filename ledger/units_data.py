"""The county's reference data: which units exist besides the townships and villages.

Township and village units take their division's code; the others have short codes.
An administrator can add more departments in the admin.
"""

DIVISIONS_CSV = "fixtures/pengshui_divisions.csv"

COUNTY_UNITS = [
    # (code, name, kind)
    ("XCZXJ", "县乡村振兴局", "bureau"),
    ("LDXZBGS", "县实施乡村振兴战略领导小组办公室", "office"),
    ("NYNCW", "县农业农村委", "department"),
    ("LYJ", "县林业局", "department"),
    ("SWW", "县商务委", "department"),
    ("WHLYW", "县文化旅游委", "department"),
    ("SLJ", "县水利局", "department"),
    ("FZGGW", "县发展改革委", "department"),
    ("GXS", "县供销合作社", "department"),
    ("CZJ", "县财政局", "review"),
    ("SJJ", "县审计局", "review"),
    ("JWJW", "县纪委监委", "review"),
]


def township_unit_name(division_name: str) -> str:
    """汉葭街道 → 汉葭街道办事处; 保家镇 → 保家镇人民政府."""
    return division_name + ("办事处" if division_name.endswith("街道") else "人民政府")
