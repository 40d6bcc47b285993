from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards"

    def ready(self):
        from django.db.backends.signals import connection_created

        from dashboards import versioning

        connection_created.connect(versioning.watch_writes)
