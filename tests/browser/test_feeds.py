"""A force's feed can be found from its page, by a browser or feed reader and by a person."""

from lxml import etree
from playwright.sync_api import expect

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_force_page_names_its_feed_in_its_head_and_in_words(site, page, console_errors):
    page.goto(site + "/forces/gloucestershire/")
    head = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    expect(head).to_have_count(1)
    href = head.get_attribute("href")
    link = page.get_by_role(
        "link", name="Follow changes to Gloucestershire Constabulary: Atom feed"
    )
    expect(link).to_be_visible()
    assert link.get_attribute("href") == href

    response = page.request.get(site + href)

    assert response.ok
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.body())
    assert feed.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert (
        "Gloucestershire Constabulary: National child protection inspection report published"
        in (titles)
    )
    assert not console_errors
