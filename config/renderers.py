"""The API's JSON renderer: DRF's, marking every object answer from a demonstration database."""

from rest_framework import renderers

from inspections.synthetic import COLUMN, request_holds_synthetic_data


class JSONRenderer(renderers.JSONRenderer):
    """Put `"synthetic": true` first in every JSON object the API answers with while the
    database holds synthetic inspections (inspections/synthetic.py), so that a saved answer
    cannot pass for real data; real data's answers are unchanged."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        request = (renderer_context or {}).get("request")
        if isinstance(data, dict) and request is not None:
            if request_holds_synthetic_data(getattr(request, "_request", request)):
                data = {COLUMN: True, **data}
        return super().render(data, accepted_media_type, renderer_context)
