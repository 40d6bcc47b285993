"""Logging: one JSON object a line in production, plain text when developing.

Audit events (sign-ins, changes of status, grade and publication) carry their details as
structured fields passed with `extra=` (`event`, `user`, `user_id`, the objects' ids, `changes`).
The JSON formatter writes every such field; the text formatter writes only the message, which
says the same in words.
"""

FORMATS = ("json", "text")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Standard record attributes kept in each JSON line, after an ISO 8601 "time" in UTC; extra=
# fields follow them.
JSON_FIELDS = ["levelname", "name", "message"]


def logging_config(*, log_format: str, level: str) -> dict:
    """Return Django's LOGGING dict: everything to stderr, in the chosen format."""
    if log_format not in FORMATS:
        raise ValueError(f"log_format must be one of {FORMATS}, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": JSON_FIELDS,
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",
            },
            "text": {"format": TEXT_FORMAT},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
        # django-axes announces itself at every start, management commands included.
        "loggers": {"axes.apps": {"level": "WARNING"}},
    }
