"""static/app/plotly.css holds exactly the rules the Plotly bundle would insert itself.

Plotly keeps its global rules in a table of selector templates ("X" for the plot, "Y" for the
notifier) and inserts each at the top of a <style> element it creates. The CSP forbids that
element, so the page links our copy instead; after a Plotly upgrade this test names any rule
that changed. To rewrite the file, print `_expected_css()` below.
"""

import re

from django.conf import settings

BUNDLE = settings.NODE_MODULES / "plotly.js-cartesian-dist-min/plotly-cartesian.min.js"
STYLESHEET = settings.BASE_DIR / "static/app/plotly.css"
STRING = r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''
PARTIAL = "dashboards/_chart_scripts.html"


def test_our_stylesheet_has_every_rule_of_the_bundle_in_plotlys_order():
    ours = re.findall(r"^([^{\n]+)\{([^}]*)\}$", STYLESHEET.read_text(), flags=re.MULTILINE)
    assert len(_bundle_rules()) > 50
    assert ours == _expected_rules()


def test_the_chart_partial_links_it_under_the_id_that_stops_plotlys_own_style_element():
    partial = (settings.BASE_DIR / "templates" / PARTIAL).read_text()
    link = re.search(r"<link [^>]*app/plotly\.css[^>]*>", partial).group(0)
    assert 'id="plotly.js-style-global"' in link
    assert 'class="no-inline-styles"' in link
    assert partial.index("app/plotly.css") < partial.index("plotly-cartesian.min.js")
    # The bundle still skips its <style> element when that element is there.
    bundle = BUNDLE.read_text()
    assert '"plotly.js-style-"' in bundle
    assert 'matches(".no-inline-styles")' in bundle


def _bundle_rules() -> list[tuple[str, str]]:
    source = BUNDLE.read_text()
    start = source.index('{"X,X div":')
    position, quote = start, None
    while True:  # to the table's closing brace, skipping braces inside strings
        char = source[position]
        if quote:
            if char == "\\":
                position += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "}":
            break
        position += 1
    pairs = re.findall(rf"({STRING}):({STRING})", source[start + 1 : position])
    return [(key[1:-1], value[1:-1]) for key, value in pairs]


def _expected_rules() -> list[tuple[str, str]]:
    # Inserted one by one at index 0: the last rule of the table ends up first.
    return [(_selector(key), value) for key, value in reversed(_bundle_rules())]


def _selector(template: str) -> str:
    return (
        re.sub(r"^,", " ,", template)
        .replace("X", ".js-plotly-plot .plotly")
        .replace("Y", ".plotly-notifier")
    )


def _expected_css() -> str:
    return "\n".join(f"{selector}{{{body}}}" for selector, body in _expected_rules()) + "\n"
