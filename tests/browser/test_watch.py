"""The data-quality watch in a real browser: the township's clerk follows the home page's
count to the watch, finds the project whose recorded facts contradict its class, and opens
it to act."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_watch_shows_a_contradicting_project(page, login, personas, make_project, places):
    make_project(number="5002432025200001", name="保家镇茶叶加工厂项目")  # sound
    bad = make_project(
        number="5002432025200002", name="鹿山社区油茶种植项目", production_status="halted", reason_funds=True
    )  # 巩固 in force, production halted since (三)
    make_project(  # bob's, not alice's
        number="5002432025200003",
        name="汉葭街道蔬菜基地项目",
        production_status="halted",
        reason_funds=True,
        township=places["hanjia"],
        village=places["hanjia_village"],
        managing_unit=places["hanjia_village_unit"],
    )
    login("alice")
    expect(page.locator("#watch-count-classes")).to_have_text("1")
    page.click("text=数据质量提醒")
    page.wait_for_url("**/watch/")
    section = page.locator("#watch-classes")
    expect(section.locator(".watch-count")).to_have_text("1")
    expect(section).to_contain_text("鹿山社区油茶种植项目")
    expect(section).to_contain_text("认定为“巩固”须项目生产经营正常")
    expect(section).not_to_contain_text("保家镇茶叶加工厂项目")
    expect(section).not_to_contain_text("汉葭街道蔬菜基地项目")
    section.get_by_role("link", name="打开项目").click()
    page.wait_for_url(f"**/projects/{bad.pk}/")
    expect(page.locator("main")).to_contain_text("鹿山社区油茶种植项目")
