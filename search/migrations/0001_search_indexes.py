"""GIN indexes for full-text search, on PostgreSQL only.

Functional indexes on the same English tsvector the search builds (search.selectors), so no
column is added and nothing has to be kept in step on save. They are created with the schema
editor rather than declared in the models' Meta, because SQLite has no GIN index: there this
migration does nothing and the search falls back to icontains.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# (app, model, index name, fields): the fields as search.selectors searches them.
INDEXES = [
    ("findings", "Finding", "search_finding_words", ("title", "body")),
    ("recommendations", "Recommendation", "search_recommendation_words", ("text",)),
    ("findings", "CaseFileStatistic", "search_statistic_words", ("about", "sentence")),
]


def _index(name, fields):
    # The expression of search.selectors.search_vector, frozen here as migrations are.
    return GinIndex(SearchVector(*fields, config="english"), name=name)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app, model, name, fields in INDEXES:
        schema_editor.add_index(apps.get_model(app, model), _index(name, fields))


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app, model, name, fields in INDEXES:
        schema_editor.remove_index(apps.get_model(app, model), _index(name, fields))


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0004_theme_match_terms"),
        ("recommendations", "0005_evidence_rules_and_roles"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
