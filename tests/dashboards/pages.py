"""Reading what a dashboard page draws."""

import json


def page_figure(html: str, figure_id: str) -> dict:
    """The Plotly figure a page embeds as JSON under `figure_id`."""
    tag = f'id="{figure_id}" type="application/json">'
    start = html.index(tag) + len(tag)
    return json.loads(html[start : html.index("</script>", start)])
