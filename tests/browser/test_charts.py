"""charts.js draws each [data-figure] from its json_script data with the cartesian Plotly bundle.

No page has a chart yet, so this test adds one to the home page the way a page would carry it:
a json_script element, a div naming it, then Plotly and charts.js from the collected static files.
"""

from django.templatetags.static import static
from playwright.sync_api import expect

FIGURE = {
    "data": [{"type": "bar", "x": ["Good", "Adequate", "Inadequate"], "y": [3, 5, 2]}],
    "layout": {"title": {"text": "Grades"}},
}

ADD_FIGURE = """figure => {
    const data = document.createElement("script");
    data.type = "application/json";
    data.id = "fig-test";
    data.textContent = JSON.stringify(figure);
    const chart = document.createElement("div");
    chart.dataset.figure = "fig-test";
    document.querySelector("main").append(data, chart);
}"""


# Plotly's rules come from our stylesheet, as dashboards/_chart_scripts.html links it: the CSP
# would refuse the <style> element Plotly otherwise inserts.
ADD_PLOTLY_STYLESHEET = """href => {
    const link = document.createElement("link");
    link.id = "plotly.js-style-global";
    link.className = "no-inline-styles";
    link.rel = "stylesheet";
    link.href = href;
    document.head.append(link);
}"""


def test_charts_js_draws_the_figure_named_by_data_figure(site, page, console_errors):
    page.goto(site + "/")
    page.evaluate(ADD_FIGURE, FIGURE)
    page.evaluate(ADD_PLOTLY_STYLESHEET, site + static("app/plotly.css"))
    page.add_script_tag(url=site + static("plotly/plotly-cartesian.min.js"))
    page.add_script_tag(url=site + static("app/charts.js"))

    chart = page.locator('[data-figure="fig-test"][data-rendered="true"]')
    expect(chart.locator("svg.main-svg").first).to_be_attached()
    expect(chart.locator(".bars .point")).to_have_count(3)
    expect(chart.locator(".modebar")).to_have_count(0)  # displayModeBar: false
    assert console_errors == []
