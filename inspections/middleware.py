"""Mark every answer from a demonstration database, whatever it is: page, download or API."""

from inspections.synthetic import HEADER, request_holds_synthetic_data


class SyntheticDataMiddleware:
    """Add `X-Synthetic-Data: true` to every response while the database holds synthetic data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request_holds_synthetic_data(request):
            response[HEADER] = "true"
        return response
