"""Django's PostgreSQL backend, waiting out a server restart (see base.py)."""
