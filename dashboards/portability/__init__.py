"""Export every table of the dashboard to a folder of JSON files, and restore it elsewhere.

An export holds one file per table (our four apps, accounts and API tokens, many-to-many links
and history tables, all found in the app registry), the uploaded evidence files, and a manifest
with the schema's migrations and each file's row count and SHA-256. `import_data` loads it,
unchanged and with the same primary keys, into an empty database migrated to the same schema.
"""

from dashboards.portability.exporting import ExportReport, export_data
from dashboards.portability.importing import ImportReport, import_data
from dashboards.portability.tables import FORMAT, VERSION, PortabilityError

__all__ = [
    "FORMAT",
    "VERSION",
    "ExportReport",
    "ImportReport",
    "PortabilityError",
    "export_data",
    "import_data",
]
