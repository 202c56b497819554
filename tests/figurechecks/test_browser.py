"""A reader opens a meeting's Figures, follows a flag to the printed lines, and reads the chart's numbers."""

from pathlib import Path

import pytest

from minutebook.governance.models import Meeting

from .conftest import CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it as root)"),
]


def test_follow_a_flag_to_its_lines_and_read_the_chart_table(live_server, pack, page):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(live_server.url + Meeting.objects.get(source=pack).get_absolute_url())
    figures = page.locator("section#figures")
    assert figures.get_by_role("heading", name="Figures", exact=True).is_visible()

    chart = figures.locator("figure.figure-chart")
    assert chart.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    numbers = chart.get_by_role("table")
    row = numbers.get_by_role("row", name="2022/23")
    assert "1,995" in row.inner_text() and "1,838 to 2,162" in row.inner_text()
    assert numbers.get_by_role("columnheader", name="England").is_visible()
    assert refused == []

    figures.get_by_role("link", name="Printed 40%; 250 → 400 is +60%").click()
    page.wait_for_url("**/sources/**")
    highlighted = " ".join(page.locator("ol.source-lines li.hl").all_inner_texts())
    assert "an increase of 40%" in highlighted


def test_the_figures_have_no_serious_accessibility_violations(live_server, pack, axe_page):
    import axe_playwright_python

    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    meeting = Meeting.objects.get(source=pack)
    problems = []
    for path in (meeting.get_absolute_url(), f"/bodies/{meeting.body.slug}/figures/"):
        axe_page.goto(live_server.url + path)
        axe_page.add_script_tag(content=axe)
        result = axe_page.evaluate("async () => await axe.run('#main', {resultTypes: ['violations']})")
        problems += [
            f"{path}: {v['id']} ({v['impact']}): {v['help']}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    assert not problems, "\n".join(problems)
