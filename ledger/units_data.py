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


def load_places(Division, Unit, csv_path) -> None:
    """Create every township and village of the CSV and a unit for each, plus the county
    units. Takes the model classes so the data migration can pass its historical ones."""
    import csv

    with open(csv_path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    townships = {}
    for row in rows:
        if row["level"] == "township":
            townships[row["code"]] = Division.objects.create(code=row["code"], name=row["name"], level="township")
    villages = Division.objects.bulk_create(
        Division(code=r["code"], name=r["name"], level="village", parent=townships[r["parent_code"]])
        for r in rows
        if r["level"] == "village"
    )
    units = [
        Unit(code=d.code, name=township_unit_name(d.name), kind="township", division=d) for d in townships.values()
    ]
    units += [Unit(code=d.code, name=d.name, kind="village", division=d) for d in villages]
    units += [Unit(code=code, name=name, kind=kind) for code, name, kind in COUNTY_UNITS]
    Unit.objects.bulk_create(units)
