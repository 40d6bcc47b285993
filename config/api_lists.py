"""The API's lists, with each page kept for anonymous readers until the data changes.

An anonymous reader sees what everyone sees (published rows), so a page of a list is kept
under its address and the data version (dashboards/versioning.py), which changes after every
committed write to the tables the lists read, whatever made it. A kept page is therefore never
served once a row under it has changed. A signed-in reader (who may see drafts) is answered
afresh, and so is an address with a parameter the list does not read, so junk parameters
cannot fill the cache. Authentication, the rate limit and the synthetic-data mark apply to a
kept page as to any.
"""

import hashlib

from django.utils import timezone, translation
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics
from rest_framework.response import Response

from dashboards import caching, versioning


class ListView(generics.ListAPIView):
    """A list whose pages are kept for anonymous readers (see the module's docstring)."""

    def list(self, request, *args, **kwargs):
        key = self._page_key(request)
        if key is None:
            return super().list(request, *args, **kwargs)
        found = caching.lookup(key, version_key=versioning.DATA_KEY, what="API list")
        if found is None:  # the cache is unreachable
            return super().list(request, *args, **kwargs)
        version, kept = found
        if kept is not None and kept[0] == version:
            return Response(kept[1])
        response = super().list(request, *args, **kwargs)
        caching.keep(key, (version, response.data), what="API list")
        return response

    def _page_key(self, request) -> str | None:
        """Where this page is kept, or None when it is not to be kept."""
        if request.user.is_authenticated or not set(request.query_params) <= self._parameters():
            return None
        query = sorted(request.query_params.lists())
        # The links hold the host; labels the language; the overdue flag today's date.
        address = "|".join(
            (
                request.build_absolute_uri(request.path),
                repr(query),
                translation.get_language() or "",
                timezone.localdate().isoformat(),
            )
        )
        return f"apilist:{hashlib.sha256(address.encode()).hexdigest()[:32]}"

    def _parameters(self) -> frozenset[str]:
        """The query parameters the list reads: its filters' and its pages'."""
        cls = type(self)
        if "_known_parameters" not in cls.__dict__:
            filterset = DjangoFilterBackend().get_filterset_class(self, self.get_queryset())
            names = set()
            for name, filter_ in (filterset.base_filters if filterset else {}).items():
                # A range reads two parameters, its name with a suffix each (published_after).
                suffixes = getattr(filter_.field.widget, "suffixes", None) or [""]
                names.update(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
            paginator = self.paginator
            for attribute in ("page_query_param", "page_size_query_param"):
                if getattr(paginator, attribute, None):
                    names.add(getattr(paginator, attribute))
            cls._known_parameters = frozenset(names)
        return cls._known_parameters
