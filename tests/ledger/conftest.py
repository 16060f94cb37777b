"""Four projects of different units, and which persona sees which: the data-scope cases
shared by the access tests and the views' scope tests."""

import pytest

# persona → the projects (keys of the `projects` fixture) they see
SEES = {
    "alice": {"baojia_village", "baojia_township"},
    "bob": {"agri_hanjia", "hanjia_village"},
    "vera": {"baojia_village"},
    "dora": {"agri_hanjia"},
    "dan": set(),
    "carl": {"baojia_village", "baojia_township", "agri_hanjia", "hanjia_village"},
    "olga": {"baojia_village", "baojia_township", "agri_hanjia", "hanjia_village"},
    "rita": {"baojia_village", "baojia_township", "agri_hanjia", "hanjia_village"},
    "admin": {"baojia_village", "baojia_township", "agri_hanjia", "hanjia_village"},
}


@pytest.fixture
def projects(make_project, places):
    return {
        # village-level, in the first village of 保家镇
        "baojia_village": make_project(),
        # township-level, in the second village of 保家镇
        "baojia_township": make_project(
            managing_level="township", managing_unit=places["baojia_unit"], village=places["baojia_village2"]
        ),
        # department (agriculture) project located in 汉葭街道
        "agri_hanjia": make_project(
            managing_level="department",
            managing_unit=places["agri"],
            township=places["hanjia"],
            village=places["hanjia_village"],
        ),
        # village-level in 汉葭街道
        "hanjia_village": make_project(
            township=places["hanjia"], village=places["hanjia_village"], managing_unit=places["hanjia_village_unit"]
        ),
    }
