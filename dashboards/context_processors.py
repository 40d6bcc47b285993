"""Values every page template needs."""

from inspections.synthetic import request_holds_synthetic_data


def synthetic_data(request) -> dict:
    """Whether this is a demonstration database, so every page can say so."""
    return {"holds_synthetic_data": request_holds_synthetic_data(request)}
