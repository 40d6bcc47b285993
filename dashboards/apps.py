from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards"

    def ready(self):
        from django.db.backends.signals import connection_created

        from dashboards import checks, versioning  # noqa: F401 (checks registers itself)

        connection_created.connect(versioning.watch_writes)
