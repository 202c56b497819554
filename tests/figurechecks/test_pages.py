"""The Figures section, the body's Figures page and the charts: what the public, members and clerks see."""

import pytest
from django.contrib.auth.models import Group, User

from minutebook.figurechecks.models import FigureFlag, FigureTable
from minutebook.governance.importing import import_file
from minutebook.governance.models import AgendaItem, AuditEntry, Meeting

from .conftest import PACK, line_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(pack):
    return Meeting.objects.get(source=pack)


def test_the_meeting_page_shows_the_flags_in_plain_words_linked_to_their_lines(client, pack, meeting):
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="figures-title"' in page
    line = line_of("an increase of 40%")
    assert f"/sources/{pack.pk}/?lines={line}-{line}#L{line}" in page
    assert "250 → 400" in page and "Printed 40" in page
    chart = FigureTable.objects.get(document=pack, first_line=line_of("Period\tCount"))
    assert f"/figures/tables/{chart.pk}.svg" in page
    assert "2022/23" in page and "1,995" in page  # the chart's numbers, in its table
    assert "250 → 400" in client.get(f"/sources/{pack.pk}/").content.decode()


def test_a_chart_is_svg_with_no_inline_style(client, pack):
    chart = FigureTable.objects.get(document=pack, first_line=line_of("Period\tCount"))
    response = client.get(f"/figures/tables/{chart.pk}.svg")
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "style=" not in svg and "<style" not in svg
    not_a_chart = FigureTable.objects.get(document=pack, title__startswith="Table 1")
    assert client.get(f"/figures/tables/{not_a_chart.pk}.svg").status_code == 404


def test_the_body_page_lists_flags_newest_first(client, pack, meeting):
    page = client.get(f"/bodies/{meeting.body.slug}/figures/").content.decode()
    assert page.index("Meeting of 7 March 2024") < page.index("250 → 400")
    assert "33" in page and "41" in page


def test_figures_of_a_document_that_is_not_public_reach_members_and_clerks_only(client, pack, meeting):
    AgendaItem.objects.filter(meeting=meeting, source=pack).update(exempt=True, exempt_paragraph=3)
    chart = FigureTable.objects.get(document=pack, first_line=line_of("Period\tCount"))
    urls = [meeting.get_absolute_url(), f"/bodies/{meeting.body.slug}/figures/", f"/sources/{pack.pk}/"]
    for url in urls:
        page = client.get(url).content.decode()
        assert "250 → 400" not in page and "1,995" not in page
    assert client.get(f"/figures/tables/{chart.pk}.svg").status_code == 404

    member = User.objects.create_user("member", password="x")
    member.groups.add(Group.objects.get_or_create(name="Members")[0])
    client.force_login(member)
    for url in urls:
        assert "250 → 400" in client.get(url).content.decode()
    assert client.get(f"/figures/tables/{chart.pk}.svg").status_code == 200


def test_a_clerk_explains_a_flag_which_stays_public_with_its_explanation(client, pack, meeting):
    flag = FigureFlag.objects.get(document=pack, kind="pct_change")
    url = f"/figures/flags/{flag.pk}/explain"
    outsider = User.objects.create_user("outsider", password="x")
    client.force_login(outsider)
    assert client.post(url, {"explanation": "No."}).status_code == 403

    clerk = User.objects.create_user("clerk", password="x")
    meeting.body.clerks.add(clerk)
    client.force_login(clerk)
    response = client.post(url, {"explanation": "40% was the target; the rise was 60%.", "next": meeting.get_absolute_url()})
    assert response.status_code == 302 and response["Location"].startswith(meeting.get_absolute_url())
    flag.refresh_from_db()
    assert flag.explained_by == clerk and flag.explanation.startswith("40% was the target")
    entry = AuditEntry.objects.get(model="figurechecks.FigureFlag", object_id=str(flag.pk), action="update")
    assert entry.user == clerk and entry.after["explanation"] == flag.explanation

    client.logout()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "250 → 400" in page and "40% was the target; the rise was 60%." in page


def test_an_indicator_shown_at_two_meetings_is_one_series(client, pack, meeting, tmp_path,
                                                          django_capture_on_commit_callbacks):
    later = PACK.read_text(encoding="utf-8").replace("7 March 2024", "5 September 2024")
    later = later.replace("2022/23\t598", "2023/24\t640\t2,150\t1,986\t2,323\t2,030\t2,100\n2022/23\t598")
    (tmp_path / "autumn_pack.txt").write_text(later, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(tmp_path / "autumn_pack.txt").status == "imported"
    page = client.get(f"/bodies/{meeting.body.slug}/figures/").content.decode()
    assert page.index("Meeting of 5 September 2024") < page.index("Meeting of 7 March 2024")
    series = page[page.index('id="series"'):]
    assert all(period in series for period in ("2019/20", "2022/23", "2023/24"))
    assert "5 Sep 2024" in series and "7 Mar 2024" in series  # where each period was shown
    src = series.split('<img src="')[1].split('"')[0]
    assert client.get(src)["Content-Type"] == "image/svg+xml"
