"""The one error the report importer raises for a report it cannot read or does not recognise."""


class ReportError(ValueError):
    """A report file or text that cannot be imported, with a sentence saying why."""
