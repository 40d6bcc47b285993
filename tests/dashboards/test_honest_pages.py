"""Pages say only what the data supports: pools behind comparisons, filters on everything,
missing never shown as zero, and no league table."""

import csv
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from dashboards.services import recompute_all_indicators
from findings.models import CaseFileStatistic, Measure
from tests.dashboards.pages import page_figure
from tests.factories import CaseFileStatisticFactory, ForceFactory, InspectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_indicators")]


def _csv(client, url: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(client.get(url).content.decode())))


def _table(html: str, chart_id: str) -> list[list[str]]:
    section = BeautifulSoup(html, "html.parser").find(id=chart_id)
    if section is None or section.table is None:
        return []
    return [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in section.table.tbody.find_all("tr")
    ]


# Filters -----------------------------------------------------------------------------------


def test_a_region_filter_narrows_every_chart_and_table_on_the_overview(client):
    everything = client.get("/dashboards/?programme=ncpi").text
    html = client.get("/dashboards/?programme=ncpi&region=North+East").text
    heatmap = page_figure(html, "grades-figure")["data"][0]
    assert heatmap["y"] == ["Cleveland Police"]
    # the distribution counts Cleveland alone, the unfiltered page more forces
    assert {row[-1] for row in _table(html, "distribution")} == {"1"}
    assert {row[-1] for row in _table(everything, "distribution")} != {"1"}
    # the themes come from Gloucestershire's causes of concern, not Cleveland's (none entered)
    assert _table(everything, "themes")
    assert not _table(html, "themes")
    assert "The causes of concern and recommendations of the forces shown have not" in html
    assert not _table(html, "overdue")
    # and the CSVs follow the same filters
    query = "programme=ncpi&region=North+East"
    assert _csv(client, f"/dashboards/?{query}&download=themes")[1:] == []
    distribution = _csv(client, f"/dashboards/?{query}&download=distribution")
    assert {row[-1] for row in distribution[1:]} == {"1"}


def test_an_area_filter_narrows_the_grade_distribution_and_the_themes(client):
    html = client.get("/dashboards/?programme=ncpi&area=leadership").text
    assert [row[0] for row in _table(html, "distribution")] == [
        "Leadership of child protection arrangements"
    ]
    everything = _table(client.get("/dashboards/?programme=ncpi").text, "themes")
    leadership = _table(html, "themes")
    assert sum(int(r[1]) for r in leadership) < sum(int(r[1]) for r in everything)


def test_a_grade_filter_keeps_the_same_forces_in_every_chart(client):
    html = client.get("/dashboards/?programme=ncpi&grade=adequate").text
    forces = page_figure(html, "grades-figure")["data"][0]["y"]
    assert "Greater Manchester Police" in forces
    assert "Gloucestershire Constabulary" in forces  # adequate in one area
    shown = {row[-1] for row in _table(html, "distribution")}
    assert max(int(n) for n in shown) <= len(forces)
    for force, *_ in _table(html, "overdue"):
        assert force in forces


def test_a_grade_given_only_as_a_count_keeps_its_force_in_every_chart(client):
    # The Metropolitan Police's PEEL report gives two inadequate areas without saying which.
    html = client.get("/dashboards/?programme=peel-2023-25&region=London&grade=inadequate").text
    heatmap = _table(html, "grades")
    profiles = _table(html, "profiles")

    assert [row[0] for row in heatmap] == [row[0] for row in profiles]
    assert heatmap[0][0] == "Metropolitan Police Service"
    assert set(heatmap[0][1:]) == {"Not known"}
    text = " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    assert "1 of them is kept because its report gives how many areas got that grade" in text
    for panel in ("themes", "overdue"):
        section = BeautifulSoup(html, "html.parser").find(id=panel).get_text()
        assert "have not been entered" in " ".join(section.split())
    # Counts say nothing of one area, so with an area chosen the same force can't match.
    one_area = (
        "&area="
        + BeautifulSoup(html, "html.parser")
        .find("select", {"name": "area"})
        .find_all("option")[-1]["value"]
    )
    narrowed = client.get(
        f"/dashboards/?programme=peel-2023-25&region=London&grade=inadequate{one_area}"
    ).text
    assert _table(narrowed, "grades") == []


def test_when_no_force_matches_every_panel_says_so_instead_of_counting_zero(client):
    html = client.get("/dashboards/?programme=peel-2023-25&region=Wales&grade=outstanding").text
    soup = BeautifulSoup(html, "html.parser")
    for panel in ("grades", "distribution", "themes", "overdue", "profiles"):
        text = " ".join(soup.find(id=panel).get_text().split())
        assert "No force matches these filters." in text, panel
        assert not re.search(r"\b0 forces\b", text), panel


def test_the_page_names_the_active_filters_in_their_own_case_and_offers_to_clear_them(client):
    html = client.get("/dashboards/?programme=peel-2023-25&region=London&grade=inadequate").text
    line = BeautifulSoup(html, "html.parser").find(id="active-filters")
    text = " ".join(line.get_text().split())
    assert "Programme: PEEL 2023–25" in text
    assert "Region: London" in text and "Grade: Inadequate" in text
    assert line.find("a", string="Clear filters")["href"] == "/dashboards/"
    assert "peel 2023–25" not in html
    assert 'id="active-filters"' not in client.get("/dashboards/").text


def test_the_filtered_overview_reads_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get("/dashboards/?programme=ncpi&region=South+West&area=leadership&grade=adequate")


# Missing is not zero -----------------------------------------------------------------------


@pytest.mark.parametrize("force", ["cleveland", "greater-manchester", "west-midlands"])
def test_a_report_known_only_by_its_grades_says_its_recommendations_were_not_entered(client, force):
    html = client.get(f"/forces/{force}/").text
    assert "Recommendations from this report have not been entered." in html
    assert "0 open" not in html
    assert "recommendations-figure" not in html and "open-over-time-figure" not in html
    rows = _csv(client, f"/forces/{force}/?download=ncpi-recommendations")
    assert rows[1:] == []
    assert "Case-file figures from this report have not been entered." in html
    assert "gives no case-file figures" not in html


def test_a_report_with_recommendations_still_counts_them(client):
    html = client.get("/forces/gloucestershire/").text
    # The child protection inspection comes first; its PEEL report is known by its grades only.
    ncpi, peel = html.split(">PEEL 2023–25</h2>", 1)
    assert "21 open" in ncpi
    assert "have not been entered" not in ncpi
    assert "Recommendations from this report have not been entered." in peel


def test_a_force_with_nothing_held_says_so_and_shows_no_empty_table(client):
    html = client.get("/forces/dyfed-powys/").text
    assert "Nothing is held for Dyfed-Powys Police" in html
    assert "Figures have not been computed yet" not in html
    assert "Timeline of inspections" not in html


# Comparisons that hold ---------------------------------------------------------------------


def _add_force_with(measure: Measure, numerator: int, denominator: int) -> None:
    inspection = InspectionFactory(force=ForceFactory())
    CaseFileStatisticFactory(
        inspection=inspection, measure=measure, numerator=numerator, denominator=denominator
    )


def _voice_of_the_child_row(client) -> list[str]:
    rows = _csv(client, "/forces/gloucestershire/?download=ncpi-case-files")
    header = rows[0]
    measure = Measure.objects.get(slug="voice_of_the_child_absent")
    statistic = CaseFileStatistic.objects.filter(measure=measure).order_by("pk").first()
    row = next(r for r in rows[1:] if r[0] == statistic.about)
    return dict(zip(header, row, strict=True))


def test_one_force_alone_gets_no_national_comparison(client):
    row = _voice_of_the_child_row(client)
    assert row["National (%)"] == ""
    assert row["National pool"] == "No national comparison yet: 1 force has this measure"
    assert row["Compared with national"] == "Not compared"
    html = client.get("/forces/gloucestershire/").text
    assert "Similar to the national rate" not in html
    assert "No national comparison yet: 1 force has this measure" in html


def test_two_forces_are_still_too_few_for_a_national_comparison(client):
    _add_force_with(Measure.objects.get(slug="voice_of_the_child_absent"), 10, 40)
    recompute_all_indicators()
    cache.clear()
    row = _voice_of_the_child_row(client)
    assert row["National (%)"] == ""
    assert row["National pool"] == "No national comparison yet: 2 forces have this measure"


def test_three_forces_give_a_national_rate_with_its_pool(client):
    measure = Measure.objects.get(slug="voice_of_the_child_absent")
    _add_force_with(measure, 10, 40)
    _add_force_with(measure, 30, 60)
    recompute_all_indicators()
    cache.clear()
    own = CaseFileStatistic.objects.filter(
        measure=measure, inspection__force__slug="gloucestershire"
    )
    files = sum(own.values_list("denominator", flat=True)) + 100
    row = _voice_of_the_child_row(client)
    assert row["National (%)"] != ""
    assert row["National pool"] == f"pooled from 3 forces, {files} case files"
    assert row["Compared with national"] != "Not compared"
    html = client.get("/forces/gloucestershire/").text
    assert f"pooled from 3 forces, {files} case files" in html


def test_the_case_file_chart_keeps_worse_and_better_measures_apart(client):
    figure = page_figure(client.get("/forces/gloucestershire/").text, "ncpi-case-files-figure")
    names = [trace["name"] for trace in figure["data"]]
    directions = {p for p in CaseFileStatistic.objects.values_list("polarity", flat=True)}
    assert len([n for n in names if "this force" in n]) == len(directions)
    assert any(n.startswith("A higher share is worse") for n in names)
    # each rate is labelled with its count
    labels = [y for trace in figure["data"] for y in trace["y"]]
    assert all(re.search(r"\(\d+ of \d+\)$", label) for label in labels)


# No league tables --------------------------------------------------------------------------

RANK_WORDS = re.compile(r"\brank(ed|s|ing)?\b|mean grade|averages? \d", re.IGNORECASE)


@pytest.mark.parametrize(
    "url",
    [
        "/dashboards/",
        "/forces/gloucestershire/",
        "/forces/cleveland/",
        "/forces/gloucestershire/?download=ncpi-grades",
        "/compare/?forces=gloucestershire,cleveland,greater-manchester",
        "/compare/?forces=gloucestershire,cleveland&download=measures",
        "/areas/investigation/",
        "/areas/investigation/?download=forces",
        "/api/indicators/grades/?force=cleveland",
        "/api/schema/",
    ],
)
def test_no_page_csv_or_api_output_ranks_forces_by_mean_grade(client, url):
    body = client.get(url).content.decode()
    assert not RANK_WORDS.search(re.sub(r"<[^>]+>", " ", body)), url
    assert "ranked_of" not in body


def test_compare_shows_each_forces_grade_profile(client):
    rows = _csv(client, "/compare/?forces=gloucestershire,cleveland&download=measures")
    profile = dict(zip(rows[0], rows[1], strict=True))["Grade profile"]
    assert profile.startswith("Cleveland") is False
    assert re.fullmatch(r"(\d+ [a-z ]+, )*\d+ [a-z ]+; \d of 5 areas known", profile)


# About the data ----------------------------------------------------------------------------


def test_every_chart_links_to_a_section_of_the_about_page_that_exists(client):
    about = BeautifulSoup(client.get("/about-the-data/").text, "html.parser")
    for url in ("/dashboards/", "/forces/gloucestershire/", "/areas/investigation/"):
        page = BeautifulSoup(client.get(url).text, "html.parser")
        links = [a["href"] for a in page.find_all("a", href=re.compile("^/about-the-data/#"))]
        assert len(links) >= len(page.select("section.app-chart")), url
        for link in links:
            assert about.find(id=link.split("#")[1]), link


def test_the_about_page_explains_intervals_pools_and_the_threshold(client, settings):
    settings.NATIONAL_COMPARISON_MIN_FORCES = 4
    html = client.get("/about-the-data/").text
    for words in ("Wilson", "at least 4 forces", "Not known", "Outstanding", "PEEL 2023–25"):
        assert words in html


def test_the_report_page_says_why_its_figures_are_not_compared_and_sets_quotes_apart(client):
    inspection = CaseFileStatistic.objects.filter(measure__isnull=False).first().inspection
    page = BeautifulSoup(client.get(inspection.get_absolute_url()).text, "html.parser")
    text = " ".join(page.get_text().split())
    assert "No national comparison yet: 1 force has this measure" in text
    assert "Similar to the national rate" not in text
    quote = page.select_one("th .app-quote")
    assert quote.get_text().startswith("“")
    assert quote.previous_sibling.strip()  # the label stands before it, in its own element


def test_the_overview_says_whose_recommendations_were_not_entered_instead_of_counting_zero(
    client,
):
    html = client.get("/dashboards/?programme=ncpi&region=North+East").text  # Cleveland only
    themes = BeautifulSoup(html, "html.parser").find(id="themes").get_text()
    overdue = BeautifulSoup(html, "html.parser").find(id="overdue").get_text()
    for text in (themes, overdue):
        assert "have not been entered" in text
    assert "0 forces have" not in overdue
    everything = client.get("/dashboards/?programme=ncpi").text
    assert "have not been entered and are not counted" in everything


def test_one_force_reads_in_the_singular(client):
    html = client.get("/dashboards/?programme=ncpi&region=North+East").text
    assert "1 force with a published National child protection inspection report matches" in html
    assert "1 forces" not in html


def test_compare_says_why_no_figure_is_worse_than_national_instead_of_zero(client):
    rows = _csv(client, "/compare/?forces=gloucestershire,cleveland&download=measures")
    column = rows[0].index("Figures worse than national")
    by_force = {row[0]: row[column] for row in rows[1:]}
    assert by_force["Cleveland Police"] == "Not entered"
    assert by_force["Gloucestershire Constabulary"] == (
        "None of 22 compared: too few forces have these measures"
    )


def test_the_about_page_reads_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/about-the-data/").status_code == 200
    for i in range(3):  # more measures and programmes cost no more queries
        Measure.objects.create(slug=f"extra-{i}", name=f"Extra measure {i}", polarity="neither")
    cache.clear()
    with django_assert_max_num_queries(6):
        html = client.get("/about-the-data/").text
    assert "Extra measure 2" in html and "No judgement" in html


def test_the_api_gives_counts_never_entered_as_null_not_zero(client):
    rows = client.get("/api/indicators/grades/?force=cleveland&all_areas=true").json()["results"]
    assert rows and all(row["recommendations_entered"] is False for row in rows)
    assert {row["recommendations_open"] for row in rows} == {None}
    glos = client.get("/api/indicators/grades/?force=gloucestershire&all_areas=true").json()
    assert glos["results"][0]["recommendations_open"] == 21
