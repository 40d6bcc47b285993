"""The API's JSON parser: DRF's, answering JSON nested too deep with a 400, not a 500.

Python's parser raises RecursionError for JSON nested a few thousand deep, which DRF's parser
does not catch. (DRF reads the body through request.body, so DATA_UPLOAD_MAX_MEMORY_SIZE
already bounds its size.)
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("JSON parse error - nested too deeply.")) from None
