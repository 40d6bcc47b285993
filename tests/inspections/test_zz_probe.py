import datetime
from decimal import Decimal
import pytest
from django.db import connection
from findings.models import OtherFigure
from tests.factories import InspectionFactory, area

pytestmark = pytest.mark.django_db

def test_probe():
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("select sql from sqlite_master where name='findings_otherfigure'")
            print(c.fetchone()[0])
        else:
            c.execute("select pg_get_constraintdef(oid) from pg_constraint where conname='findings_otherfigure_fields_match_kind'")
            print(c.fetchone()[0])
    i = InspectionFactory()
    for kw in [dict(kind="fte", establishment=Decimal(24), deployable=None),
               dict(kind="fte", establishment=None, deployable=None),
               dict(kind="count", value=None)]:
        f = OtherFigure(inspection=i, area=area("investigation"), about="x", **kw)
        try:
            f.full_clean(); print(kw, "full_clean passes")
        except Exception as e:
            print(kw, "full_clean:", e)
        f.save(); print(kw, "saved", f.pk)
