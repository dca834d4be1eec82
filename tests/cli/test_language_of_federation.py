"""`amanat node`, `federation`, `discover` and `rfi` speak the language chosen
(``AMANAT_LANG``, ``--lang``) like the other commands: their confirmations, tables'
headings and refusals, a bundle's refusal included; what is left Latin is codes,
names, keys and file names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.cli.test_language import CYRILLIC, _english_left, _run
from tests.service.web.conftest import free_port

from amanat.language import i18n


@pytest.fixture
def register(tmp_path: Path) -> Path:
    assert _run(tmp_path, "init").returncode == 0
    return tmp_path


def said(lang: str, msgid: str, **params: object) -> str:
    return i18n.gettext(lang, msgid) % params


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_node_says_what_it_did_in_the_chosen_language(register: Path, lang: str) -> None:
    done = _run(register, "node", "init", "KZ", "--key-file", "kz.pem", AMANAT_LANG=lang)
    assert done.returncode == 0, done.stderr
    first, public, fingerprint = done.stdout.splitlines()
    assert first == said(
        lang,
        "Node %(name)s initialised; keep %(path)s secret and set %(setting)s to it",
        name="KZ",
        path="kz.pem",
        setting="AMANAT_NODE_KEY_FILE",
    )
    assert public.startswith(said(lang, "Public key (give it to the peers): %(key)s", key=""))
    assert CYRILLIC.search(fingerprint) and "Fingerprint" not in fingerprint
    # The table's headings and its yes/no; the node's name and fingerprint as they are.
    listed = _run(register, "--lang", lang, "node", "list")
    heading = listed.stdout.splitlines()[1]
    assert CYRILLIC.search(heading) and _english_left(heading) == [], heading
    row = re.sub(r"[0-9a-f]{16}", "", listed.stdout.splitlines()[3])  # the fingerprint
    assert _english_left(row) == [], listed.stdout
    # Refused before anything is written: the key file is there already.
    again = _run(register, "node", "init", "KZ", "--key-file", "kz.pem", AMANAT_LANG=lang)
    assert again.returncode == 1
    assert again.stderr.strip() == said(lang, "Error: %(message)s", message="") + said(
        lang, "key file already exists, not overwritten: %(path)s", path="kz.pem"
    )
    # The node layer's own refusal of a value: the field and the value as given.
    peer = (
        "node",
        "add",
        "HUB",
        "ftp://hub.example",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    )
    bad = _run(register, *peer, AMANAT_LANG=lang)
    assert bad.returncode == 1
    reason = said(lang, "is not an http:// or https:// URL with a host")
    assert f"URL: 'ftp://hub.example' {reason}" in bad.stderr, bad.stderr
    assert CYRILLIC.search(reason)
    # A peer that does not answer: said in the reader's words, the system's reason after.
    closed = f"http://127.0.0.1:{free_port()}"
    assert _run(register, *peer[:3], closed, peer[4]).returncode == 0
    pulled = _run(register, "federation", "pull", "HUB", "--key-file", "kz.pem", AMANAT_LANG=lang)
    assert pulled.returncode == 1
    unreachable = said(lang, "%(url)s could not be reached: %(reason)s", url="", reason="")
    assert unreachable.strip(": ") in pulled.stderr and closed in pulled.stderr, pulled.stderr


def test_federation_speaks_russian_and_a_refused_bundle_says_why_in_it(register: Path) -> None:
    status = _run(register, "federation", "status", AMANAT_LANG="ru")
    assert status.returncode == 0, status.stderr
    assert "отпечаток ключа" in status.stdout and _english_left(status.stdout) == []
    (register / "bundle.json").write_text('{"x": 1}', "utf-8")
    refused = _run(register, "federation", "import", "bundle.json", AMANAT_LANG="ru")
    assert refused.returncode == 1
    assert refused.stderr.startswith("Ошибка: пакет отклонён: bundle: '"), refused.stderr
    assert "отсутствует: это не пакет федерации (sha256 " in refused.stderr
    words = re.sub(r"[0-9a-f]{64}|sha256|bundle:", "", refused.stderr)  # digests, the field
    assert _english_left(words) == [], refused.stderr
    # English as before, for the logs and the other commands' readers.
    english = _run(register, "federation", "import", "bundle.json")
    assert "bundle refused: bundle: '" in english.stderr
    assert "is missing: not a federation bundle" in english.stderr
    # No key: the setting is named, in the reader's words.
    pulled = _run(register, "--lang", "tg", "federation", "pull", "KG")
    assert pulled.returncode == 1
    assert "калиди гиреҳ нест: --key-file диҳед" in pulled.stderr, pulled.stderr


@pytest.mark.parametrize("lang", ["kk", "uz"])
def test_discover_and_rfi_refuse_bad_options_in_the_chosen_language(
    register: Path, lang: str
) -> None:
    asked = _run(register, "discover", "--name", "X", AMANAT_LANG=lang)
    assert asked.returncode == 1
    assert said(lang, "--user is required: the user asking") in asked.stderr
    answered = _run(register, "rfi", "answer", "1", "--user", "u", AMANAT_LANG=lang)
    assert answered.returncode == 1
    wanted = said(lang, "give one of --approve, --section/--record, or --decline REASON")
    assert answered.stderr.strip().endswith(wanted)
    assert "give one of" not in answered.stderr
