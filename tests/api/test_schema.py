"""The OpenAPI schema is valid and complete; its documentation page loads nothing from afar."""

import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/forces/",
    "/api/forces/{slug}/",
    "/api/programmes/",
    "/api/programmes/{slug}/",
    "/api/inspections/",
    "/api/inspections/{slug}/",
    "/api/judgments/",
    "/api/themes/",
    "/api/measures/",
    "/api/findings/",
    "/api/findings/{id}/",
    "/api/statistics/",
    "/api/other-figures/",
    "/api/recommendations/",
    "/api/recommendations/{id}/",
    "/api/recommendations/{id}/progress/",
    "/api/recommendations/{id}/verification/",
    "/api/progress-updates/",
    "/api/changes/",
    "/api/indicators/grades/",
    "/api/indicators/statistics/",
    "/api/indicators/measures/",
    "/api/indicators/themes/",
]


def test_the_schema_is_valid_openapi_with_every_endpoint(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)  # against the OpenAPI 3 JSON Schema; raises when invalid
    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == sorted(ENDPOINTS)
    assert set(schema["paths"]["/api/recommendations/{id}/progress/"]) == {"post"}
    schemes = schema["components"]["securitySchemes"]
    assert set(schemes) == {"tokenAuth", "cookieAuth"}
    assert schemes["tokenAuth"]["name"] == "Authorization"
    assert "ends 90 days after its creation" in schemes["tokenAuth"]["description"]


def test_the_schema_is_also_served_as_json_and_documents_the_filters(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    parameters = {p["name"] for p in schema["paths"]["/api/inspections/"]["get"]["parameters"]}
    assert {"force", "programme", "status", "region", "published_after", "page_size"} <= parameters
    overdue = schema["paths"]["/api/recommendations/"]["get"]["parameters"]
    assert "overdue" in {p["name"] for p in overdue}


def test_the_docs_page_loads_its_scripts_and_styles_from_our_static_files(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE), html
    page = BeautifulSoup(html, "html.parser")
    scripts = [tag["src"] for tag in page.find_all("script")]
    styles = [tag["href"] for tag in page.find_all("link")]
    assert all(tag.get("src") for tag in page.find_all("script")), "no inline scripts"
    assert not page.find_all("style"), "no inline styles"
    assert len(scripts) == 3 and len(styles) == 3
    assets = [url for url in scripts + styles if url.startswith("/static/")]
    # Swagger UI's two scripts, its stylesheet and its icon, and our page styles.
    assert len(assets) == 5
    assert any(url.startswith("/static/app/api-docs.") for url in styles)
    for url in assets:
        assert re.search(r"\.[0-9a-f]{12}\.", url), f"{url} is not from the manifest"
        asset = api.get(url)
        assert asset.status_code == 200, url
    start_up = [url for url in scripts if not url.startswith("/static/")]
    assert start_up == ["/api/docs/?script="]
    script = api.get(start_up[0])
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    assert '"validatorUrl": null' in script.content.decode()


def test_the_docs_page_has_a_language_and_a_way_back_to_the_site(api):
    page = BeautifulSoup(api.get("/api/docs/").content.decode(), "html.parser")
    assert page.html["lang"] == "en-GB"
    links = {a["href"] for a in page.find_all("a")}
    assert {"/", "/about-the-data/"} <= links


def test_every_page_links_to_the_api_and_the_about_page_from_its_footer(client):
    footer = BeautifulSoup(client.get("/").content.decode(), "html.parser").footer
    assert {"/api/docs/", "/about-the-data/"} <= {a["href"] for a in footer.find_all("a")}
