"""The self-assessment in Chromium: answered by keyboard alone, the profile and recommendations the
Python specification gives, answers downloaded and opened again, the printed record, and privacy:
no request at all after the page has loaded, nothing stored until "remember" is chosen."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from cln_portal.assessment import FORMAT, assess

from .checks import axe_run, describe_violations, press_until_focused, screenshot
from .conftest import VIEWPORT

pytestmark = pytest.mark.e2e

PATH = "self-assessment/"
#: The answer (index on the scale) chosen for every statement of a competency; the rest: the top.
CHOSEN = {"Conflict management": 0, "Organisational savvy": 1, "Innovation": 2}


def network_after_load(visit, loaded: int) -> list[str]:
    """Requests to any server (our own included) made after the first ``loaded`` requests."""
    return [url for url in visit.requests[loaded:] if urlsplit(url).scheme in ("http", "https", "ws", "wss")]


def open_assessment(visit):
    page = visit.open(PATH, wait="networkidle")
    page.wait_for_load_state("networkidle")
    page.locator("#cln-sa-tools").wait_for(state="visible")
    return page, len(visit.requests)


def page_data(page) -> dict:
    return json.loads(page.locator("#cln-sa-data").text_content())


def wanted_answers(data) -> dict[str, int]:
    top = len(data["scale"]) - 1
    return {s["id"]: CHOSEN.get(c["name"], top) for c in data["competencies"] for s in c["statements"]}


def answer_by_keyboard(page, data) -> None:
    """Tab into each statement's radio group, Space picks the first answer, ArrowRight moves on."""
    wanted = wanted_answers(data)
    for n, (statement, value) in enumerate(wanted.items()):
        press_until_focused(page, f'input[name="{statement}"]', limit=80 if n == 0 else 1)
        page.keyboard.press("Space")
        for _ in range(value):
            page.keyboard.press("ArrowRight")
        assert page.locator(f'input[name="{statement}"]:checked').get_attribute("value") == str(value)


def recommended_titles(page) -> list[str]:
    return page.locator("#cln-sa-recommended li > a").all_text_contents()


def expected_titles(data, answers) -> list[str]:
    return [data["items"][r["item"]]["title"] for r in assess(data, answers)["recommendations"]]


def stored(page) -> int:
    return page.evaluate("localStorage.length")


def test_every_statement_is_answered_by_keyboard_and_the_profile_and_recommendations_follow(visit):
    page, loaded = open_assessment(visit)
    data = page_data(page)
    assert page.locator("#cln-sa-results").is_hidden()
    answer_by_keyboard(page, data)
    results = page.locator("#cln-sa-results")
    assert results.is_visible()
    total = sum(len(c["statements"]) for c in data["competencies"])
    assert f"{total} of {total} statements answered" in page.locator("#cln-sa-record").text_content()
    rows = {row.locator("th").text_content(): row.locator("td").all_text_contents()
            for row in page.locator("#cln-sa-table tbody tr").all()}
    assert rows["Conflict management"][:3] == ["0.0 of 3", "Not yet", "4 of 4"]
    assert rows["Organisational savvy"][:2] == ["1.0 of 3", "Sometimes"]
    assert rows["Conflict management"][3] == "Self management, Personal integrity, Effective and strategic influencing"
    chart = page.locator("#cln-sa-chart svg[role=img]")
    assert "Conflict management: 0.0 out of 3" in chart.locator("desc").text_content()
    assert chart.locator("rect.cln-sa__bar").count() == len(data["competencies"])
    focus = page.locator("#cln-sa-focus li strong").all_text_contents()
    assert focus == ["Conflict management", "Organisational savvy", "Innovation"]
    assert "Political astuteness (Setting direction)" in page.locator("#cln-sa-focus").text_content()
    titles = recommended_titles(page)
    assert titles and titles == expected_titles(data, wanted_answers(data))
    first = page.locator("#cln-sa-recommended li > a").first
    assert visit.path_of(first.evaluate("a => a.href")).startswith(
        ("case-studies/", "columns/", "podcast/", "interviews/"))
    # Episodes and interviews are recommended too, from their own competencies, and link to their pages.
    links = page.locator("#cln-sa-recommended li > a").evaluate_all("links => links.map(a => a.href)")
    paths = [visit.path_of(href) for href in links]
    assert any(p.startswith("podcast/") for p in paths) and any(p.startswith("interviews/") for p in paths), paths
    screenshot(page, "self-assessment profile")
    assert stored(page) == 0, "answers were stored without the member choosing to"
    assert not network_after_load(visit, loaded)
    assert not visit.errors, visit.errors


def test_answers_are_downloaded_and_opened_again_and_a_bad_file_is_refused_clearly(visit, tmp_path):
    page, loaded = open_assessment(visit)
    data = page_data(page)
    ids = [s["id"] for c in data["competencies"] for s in c["statements"]]
    for statement, value in zip(ids[:5], (0, 1, 2, 3, 1)):
        page.locator(f'input[name="{statement}"][value="{value}"]').check()
    with page.expect_download() as download_info:
        page.locator("#cln-sa-download").click()
    download = download_info.value
    assert download.suggested_filename.startswith("cln-self-assessment-") and download.suggested_filename.endswith(".json")
    saved_path = tmp_path / download.suggested_filename
    download.save_as(saved_path)
    saved = json.loads(saved_path.read_text(encoding="utf-8"))
    assert saved["format"] == FORMAT and saved["version"] == 1
    assert saved["answers"] == dict(zip(ids[:5], ["Not yet", "Sometimes", "Usually", "Consistently", "Sometimes"]))
    assert saved_path.stat().st_size < 2000
    assert stored(page) == 0
    assert not network_after_load(visit, loaded)

    again, loaded = open_assessment(visit)
    assert again.locator("input[type=radio]:checked").count() == 0, "a fresh page must start empty"
    again.locator("#cln-sa-open").set_input_files(str(saved_path))
    again.locator("#cln-sa-status").filter(has_text="Opened 5 saved answers").wait_for()
    checked = {el.get_attribute("name"): el.get_attribute("value")
               for el in again.locator("input[type=radio]:checked").all()}
    assert checked == dict(zip(ids[:5], ["0", "1", "2", "3", "1"]))
    assert again.locator("#cln-sa-results").is_visible()
    assert recommended_titles(again) == expected_titles(data, {i: int(v) for i, v in checked.items()})

    for name, content, message in [
        ("notes.json", b"this is not JSON", "This is not a file of answers saved from this page"),
        ("other.json", b'{"format": "something-else", "answers": {}}', "This is not a file of answers"),
        ("bad.json", json.dumps({"format": FORMAT, "version": 1, "answers": {ids[0]: "Always"}}).encode(),
         f"The file's answer to statement {ids[0]} is not one of: Not yet, Sometimes, Usually, Consistently"),
    ]:
        again.locator("#cln-sa-open").set_input_files({"name": name, "mimeType": "application/json", "buffer": content})
        status = again.locator("#cln-sa-status.cln-sa__status--error")
        status.filter(has_text=message).wait_for()
        assert again.locator("input[type=radio]:checked").count() == 5, f"{name} changed the answers"
    assert stored(again) == 0
    assert not network_after_load(visit, loaded)
    assert not visit.errors, visit.errors


def test_nothing_is_stored_until_remember_is_chosen_and_forget_clears_it(visit):
    page, loaded = open_assessment(visit)
    data = page_data(page)
    first = data["competencies"][0]["statements"][0]["id"]
    page.locator(f'input[name="{first}"][value="2"]').check()
    assert stored(page) == 0
    press_until_focused(page, "#cln-sa-remember", limit=200)
    page.keyboard.press("Space")
    assert page.locator("#cln-sa-remember").is_checked()
    kept = json.loads(page.evaluate("localStorage.getItem('cln-self-assessment')"))
    assert kept["format"] == FORMAT and kept["answers"] == {first: "Usually"}
    page.locator(f'input[name="{first}"][value="0"]').check()
    assert json.loads(page.evaluate("localStorage.getItem('cln-self-assessment')"))["answers"] == {first: "Not yet"}
    assert not network_after_load(visit, loaded)

    page.reload(wait_until="networkidle")
    page.locator("#cln-sa-status").filter(has_text="remembered answers were brought back").wait_for()
    assert page.locator(f'input[name="{first}"][value="0"]').is_checked()
    assert page.locator("#cln-sa-remember").is_checked()
    page.locator("#cln-sa-forget").click()
    page.locator("#cln-sa-status").filter(has_text="removed from this device").wait_for()
    assert stored(page) == 0 and not page.locator("#cln-sa-remember").is_checked()
    page.reload(wait_until="networkidle")
    assert page.locator("input[type=radio]:checked").count() == 0
    assert not visit.errors, visit.errors


def test_the_result_prints_on_a4_as_a_development_record(visit, tmp_path):
    page, loaded = open_assessment(visit)
    data = page_data(page)
    for statement, value in wanted_answers(data).items():
        page.locator(f'input[name="{statement}"][value="{value}"]').check()
    page.emulate_media(media="print")
    for hidden in ("#cln-sa-tools", "#cln-sa-form", ".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.locator(hidden).first.is_hidden(), f"{hidden} shows in print"
    for shown in ("#cln-sa-results", "#cln-sa-chart svg", "#cln-sa-table table", "#cln-sa-recommended li"):
        assert page.locator(shown).first.is_visible(), f"{shown} is missing from the print"
    pdf = page.pdf(format="A4", print_background=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    (tmp_path / "record.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and 1 <= pages <= 4, f"the record prints on {pages} A4 pages"
    page.emulate_media(media="screen")
    assert not network_after_load(visit, loaded)


@pytest.mark.parametrize("answered", [False, True])
def test_axe_finds_no_wcag_violation(visit, answered):
    page, _ = open_assessment(visit)
    if answered:
        for statement, value in wanted_answers(page_data(page)).items():
            page.locator(f'input[name="{statement}"][value="{value}"]').check()
    violations = axe_run(page)["violations"]
    assert not violations, describe_violations(violations)


def test_without_javascript_the_page_is_a_printable_worksheet(browser, portal):
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(portal.url + PATH)
        fieldsets = page.locator("fieldset.cln-sa__statement")
        assert fieldsets.count() >= 27
        for fieldset in fieldsets.all()[:3]:
            assert fieldset.locator("legend").text_content().startswith(("I ", "When ", "In an "))
            assert fieldset.locator("input[type=radio]").count() == 4
        assert page.locator("#cln-sa-tools").is_hidden() and page.locator("#cln-sa-results").is_hidden()
        assert "print this page" in page.locator(".cln-sa__worksheet").text_content()
        page.emulate_media(media="print")
        assert fieldsets.first.is_visible()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
    finally:
        context.close()


@pytest.mark.parametrize("path", [PATH, "case-studies/coverage/"])
def test_the_pages_reflow_at_320_css_pixels_with_results_shown(path, browser, portal):
    from .test_e2e_page_types import OVERFLOW_JS  # WCAG 1.4.10, measured as for every page type

    with browser.new_context(viewport={"width": 320, "height": 640}, reduced_motion="reduce") as context:
        page = context.new_page()
        page.goto(portal.url + path, wait_until="load")
        if path == PATH:
            for statement, value in wanted_answers(page_data(page)).items():
                page.locator(f'input[name="{statement}"][value="{value}"]').check()
        screenshot(page, f"{path} 320px")
        layout = page.evaluate(OVERFLOW_JS)
    assert layout["page"] <= layout["width"], f"{path}: {layout['page']} px wide at {layout['width']}: {layout['wide']}"
