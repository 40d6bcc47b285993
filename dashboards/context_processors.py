"""Values every page template needs."""

from inspections.models import Inspection


def synthetic_data(request) -> dict:
    """Whether the site holds generated demonstration data, so every page can say so."""
    return {"holds_synthetic_data": Inspection.objects.filter(is_synthetic=True).exists()}
