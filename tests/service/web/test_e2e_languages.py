"""Every role's main pages in each of the six languages, in a real headless Chromium:
no visible text is in another language's script.

A script check, not a dictionary: on a Russian, Kazakh, Kyrgyz or Tajik page a word
in Latin letters is suspect, and on an English or Uzbek (Latin) page one in Cyrillic.
Proper names and codes are allowed: what the test world holds (people's, users',
groups' and organisations' names, places, the records the test types), codes
(capitals and digits: ``KZ-POL``, ``TLP:AMBER``, ``CSV``), numbers, addresses and
commands, and text marked as being in another language (the language switch's
``lang`` options) or as not to be translated (``translate="no"``: the audit trail's
codes, shown verbatim; ``.mono``, ``<code>``).  The failure lists the offending text
nodes page by page, so what a catalogue still lacks is plain to see.

Screenshots of the start page, a case page, the victim form and the pipeline page in
each language go to ``$AMANAT_SCREENSHOTS`` when set, else to the pytest temporary
folder ``languages-screenshots0`` (its path is printed), named ``LANG-PAGE.png``.

A script cannot tell Russian from Kazakh, Kyrgyz or Tajik: a message those catalogues
lack, shown in Russian (their fallback), passes here; the catalogue coverage test
finds it.

One browser, one signed-in context per role; the language is switched with the
header's switch.  About 5 minutes on two busy cores (6 languages x 7 roles x ~11
pages: 282 s, 136 CPU-seconds measured), most of it Chromium.  Browser and server as
in test_e2e.py.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select
from tests.service.web.conftest import browser_world, serving
from tests.service.web.test_e2e import (
    LAPTOP,
    VICTIM_NAME,
    _ngo_register_victim,
    _open,
    _police_add_suspect,
    _police_open_case,
    browser,
)
from tests.service.web.test_e2e_accessibility import USERS

from amanat.access import accounts
from amanat.access.models import User
from amanat.access.roles import Role
from amanat.language.i18n import LANGUAGES
from amanat.register import Organisation, OrganisationName, ServiceOffer
from amanat.register.sharing_group import SharingGroup
from amanat.service.web.navigation import menu
from amanat.store.engine import transaction

__all__ = ["browser"]  # the module-scoped fixture of test_e2e

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Which script is foreign on a page of each language.
FOREIGN = {"en": CYRILLIC, "uz": CYRILLIC, "ru": LATIN, "kk": LATIN, "ky": LATIN, "tg": LATIN}
# Codes, numbers, addresses and commands: allowed in any script's page.
CODES = re.compile(
    r"https?://\S+|\S+@\S+|(?<!\w)/[\w/.?=&%{}-]*"  # addresses, e-mails, paths
    r"|\bamanat(?: [a-z-]+)+"  # a command line
    r"|\b\w+\.(?:csv|xlsx|json|jsonl|pdf|png|zip)\b"  # file names
    r"|\b[A-Z0-9][A-Z0-9+:_./=-]*\b"  # codes in capitals and digits: KZ-POL, TLP:AMBER
    r"|(?<![\w-])[a-z](?![\w-])"  # a symbol: the k of k-anonymity
)
# The product, formats' names, and the search hint's example of one name in two scripts.
PROPER = ("Amanat", "FollowTheMoney", "JSON Lines", "Джуманбеков", "Jumanbekov")
# The records the test types (proper names and the police's own words for a case).
TYPED = (
    VICTIM_NAME,
    "Джуманбеков Ерлан",
    "Tobacco farm labour, Turkestan region",
    "KZ-2024-0457",
)
# The organisation names given in Russian and the organisations' own languages.
NAMES = {
    "KZ-POL": {"ru": ("Полиция Казахстана", "Полиция РК"), "kk": ("Қазақстан полициясы", None)},
    "KG-NGO": {"ru": ("Безопасный дом", None), "ky": ("Коопсуз үй", None)},
}
OWN_LANGUAGE = {"KZ-POL": "kk", "KG-NGO": "ky", "UZ-MVD": "uz"}
SHOTS = ("start", "case", "victim-form", "pipeline")


@dataclass(frozen=True)
class Site:
    address: str
    case: str
    victim: str
    # Names and other data of the test world, allowed in any script.
    data: tuple[str, ...]


@pytest.fixture(scope="module")
def site(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory, browser: Browser
) -> Iterator[Site]:
    engine = browser_world(sqlite_template, tmp_path_factory, "languages")
    with transaction(engine) as session:
        for code, lang in OWN_LANGUAGE.items():
            accounts.organisation_by_code(session, code).language = lang
        for code, names in NAMES.items():
            org = accounts.organisation_by_code(session, code)
            for lang, (name, short) in names.items():
                org.names.append(OrganisationName(language=lang, name=name, short_name=short))
    with transaction(engine) as session:
        data = [*session.scalars(select(User.display_name)), *PROPER, *TYPED]
        data += [
            *session.scalars(select(User.username)),
            *session.scalars(select(SharingGroup.name)),
        ]
        data += [r for r in session.scalars(select(ServiceOffer.region)) if r]
        for org in session.scalars(select(Organisation)):
            data += [org.name, org.short_name or ""]
            data += [part or "" for n in org.names for part in (n.name, n.short_name)]
    with serving(engine) as address:
        police_page = _open(browser, address, "police", LAPTOP)
        case_url = _police_open_case(police_page)
        _police_add_suspect(police_page, case_url)
        ngo = _open(browser, address, "ngo", LAPTOP)
        victim_url = _ngo_register_victim(ngo)
        local = [re.sub(r"^https?://[^/]+", "", u) for u in (case_url, victim_url)]
        # Longest first, so a name is removed before a shorter name inside it.
        allowed = tuple(sorted({d for d in data if d}, key=len, reverse=True))
        yield Site(address, local[0], local[1], allowed)
        police_page.context.close()
        ngo.context.close()
    engine.dispose()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("AMANAT_SCREENSHOTS")
    folder = Path(given) if given else tmp_path_factory.mktemp("languages-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots: {folder}")
    return folder


# Every text node a person sees or hears (screen-reader-only text too), and the
# attributes read out or shown: labels, titles, placeholders, image descriptions.
# Skipped: what is not rendered, what is marked as a code, and what is marked as
# being in another language (the nearest ``lang`` differs from the page's).
VISIBLE_TEXT = """
(lang) => {
  const found = [];
  const foreign = (el) => { const at = el.closest('[lang]'); return at && at.lang !== lang; };
  const codes = 'script,style,noscript,template,code,kbd,pre,.mono,[translate=no]';
  const skipped = (el) => !el || el.closest(codes)
    || foreign(el) || (!el.getClientRects().length && !el.closest('title'));
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue.replace(/\\s+/g, ' ').trim();
    if (text && !skipped(n.parentElement)) found.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label],[title],[placeholder],img[alt]')) {
    if (skipped(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = (el.getAttribute(name) || '').trim();
      if (value) found.push(value);
    }
  }
  found.push(document.title);
  return found;
}
"""


def suspect(text: str, lang: str, data: tuple[str, ...]) -> bool:
    """Whether ``text`` on a page in ``lang`` has a word in the other script once
    names, data and codes are taken out."""
    for allowed in data:
        text = text.replace(allowed, " ")
    return FOREIGN[lang].search(CODES.sub(" ", text)) is not None


def _switch(page: Page, lang: str) -> None:
    page.goto("/")
    page.select_option("#language-switch", lang)
    page.locator("form.lang button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang


def _paths(role: Role, site: Site) -> list[str]:
    found = [path for path, _ in menu(role)] + ["/inbox", "/account"]
    if role in (Role.investigator, Role.prosecutor, Role.analyst, Role.case_worker):
        found += [site.case, site.victim]
    if role is Role.case_worker:
        found.append("/victims/new")
    if role is Role.analyst:
        found.append("/monitor/pipeline")
    if role is Role.administrator:
        found.append("/admin/organisations")
    return list(dict.fromkeys(found))


def _shot_name(role: Role, path: str, site: Site) -> str | None:
    if role is Role.investigator and path == "/":
        return "start"
    if role is Role.investigator and path == site.case:
        return "case"
    if role is Role.case_worker and path == "/victims/new":
        return "victim-form"
    if role is Role.analyst and path == "/monitor/pipeline":
        return "pipeline"
    return None


def test_the_login_page_offers_every_language(browser: Browser, site: Site) -> None:
    page = browser.new_context(viewport=LAPTOP, base_url=site.address).new_page()
    page.goto("/login")
    offered = page.locator("#login-language option").evaluate_all("os => os.map(o => o.value)")
    assert offered == ["", *LANGUAGES]
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_role_sees_its_pages_in_one_language(
    browser: Browser, site: Site, screenshots: Path, lang: str
) -> None:
    offending: dict[str, list[str]] = {}
    shot = set()
    for role, username in USERS.items():
        page = _open(browser, site.address, username, LAPTOP)
        _switch(page, lang)
        for path in _paths(role, site):
            answer = page.goto(path)
            assert answer is not None
            if answer.status == 404:  # a record this role may not see
                continue
            assert answer.ok, f"{lang} {role.value} {path}: {answer.status}"
            # The page is loaded (goto waits for it); only htmx's answers may be pending
            # (the inbox count): waiting for them, not for a quiet network, saves half
            # a second a page.
            page.wait_for_function("() => !document.querySelector('.htmx-request')")
            texts = page.evaluate(VISIBLE_TEXT, lang)
            bad = sorted({t for t in texts if suspect(t, lang, site.data)})
            if bad:
                offending[f"{role.value} {path}"] = bad
            name = _shot_name(role, path, site)
            if name:
                page.screenshot(path=str(screenshots / f"{lang}-{name}.png"), full_page=True)
                shot.add(name)
        page.context.close()
    assert shot == set(SHOTS)
    if offending:
        count = sum(len(bad) for bad in offending.values())
        lines = [f"{lang}: {count} text nodes in another script on {len(offending)} pages"]
        for where, bad in offending.items():
            lines.append(f"  {where}:")
            lines += [f"    {text[:160]!r}" for text in bad]
        pytest.fail("\n".join(lines), pytrace=False)
