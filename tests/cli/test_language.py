"""The command line speaks the language chosen (``amanat --lang``, ``AMANAT_LANG``, else
the language of the ``--user`` it acts as): its confirmations, tables' headings and
the actions' refusals, with nothing left in English but codes, names and ids."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from amanat.language import i18n

AMANAT = str(Path(sys.executable).parent / "amanat")
# What may stay Latin in a translated line: codes and names given to the commands,
# the role code, the "2FA" heading and the register's own file name.
CODES = {"KZ", "POL", "KZ-POL", "aida", "analyst", "investigator", "FA", "token"}
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіӢӣӮӯҲҳҶҷ]")


def _run(folder: Path, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
    url = f"sqlite:///{folder / 'register.sqlite'}"
    return subprocess.run(
        [AMANAT, *arguments],
        cwd=folder,
        env={**base, "AMANAT_DATABASE_URL": url, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _english_left(output: str) -> list[str]:
    """Latin words of three letters or more that are not codes given to the command."""
    words = re.findall(r"[A-Za-z][A-Za-z-]{2,}", output)
    return [w for w in words if w not in CODES and not w.startswith("KZ-")]


@pytest.fixture
def register(tmp_path: Path) -> Path:
    assert _run(tmp_path, "init").returncode == 0
    return tmp_path


@pytest.mark.parametrize("lang", ["kk", "tg"])
def test_the_operators_commands_speak_the_chosen_language(register: Path, lang: str) -> None:
    said = [
        _run(register, "org", "add", "KZ-POL", "Police", "--kind", "police", AMANAT_LANG=lang),
        _run(
            register,
            "--lang",
            lang,
            "user",
            "add",
            "aida",
            "--org",
            "KZ-POL",
            "--role",
            "investigator",
            "--password",
            "a long enough password",
        ),
        _run(register, "user", "list", AMANAT_LANG=lang),
    ]
    for done in said:
        assert done.returncode == 0, done.stderr
        assert CYRILLIC.search(done.stdout), done.stdout
        assert _english_left(done.stdout) == [], done.stdout
    assert i18n.gettext(lang, "Organisation %(code)s registered") % {"code": "KZ-POL"} in (
        said[0].stdout
    )
    assert i18n.gettext(lang, "username") in said[2].stdout
    # A refusal: the organisation is registered already.
    again = _run(register, "org", "add", "KZ-POL", "Police", "--kind", "police", AMANAT_LANG=lang)
    assert again.returncode == 1
    assert CYRILLIC.search(again.stderr) and _english_left(again.stderr) == [], again.stderr


def test_an_actions_refusal_is_said_in_russian(register: Path) -> None:
    done = _run(register, "--lang", "ru", "token", "revoke", "999")
    assert done.returncode == 1
    assert done.stderr.strip() == "Ошибка: токен 999 не найден"
    english = _run(register, "token", "revoke", "999")
    assert english.stderr.strip() == "Error: token 999 not found"


def test_the_user_speaks_their_own_language_unless_told_otherwise(register: Path) -> None:
    assert _run(register, "org", "add", "KZ-POL", "Police", "--kind", "police").returncode == 0
    added = _run(
        register,
        *("user", "add", "aida", "--org", "KZ-POL", "--role", "analyst"),
        *("--password", "a long enough password", "--language", "kk"),
    )
    assert added.returncode == 0, added.stderr
    # Acting as aida, who reads Kazakh: the refusal of the action is in Kazakh.
    refused = _run(register, "resolve", "undo", "999", "--user", "aida")
    assert refused.returncode == 1
    assert CYRILLIC.search(refused.stderr) and _english_left(refused.stderr) == [], refused.stderr
    # AMANAT_LANG, or --lang, is the reader's choice over the stored one.
    told = _run(register, "resolve", "undo", "999", "--user", "aida", AMANAT_LANG="en")
    assert told.stderr.startswith("Error: "), told.stderr


def test_an_unknown_language_is_refused_naming_the_option(register: Path) -> None:
    done = _run(register, "--lang", "xx", "stats")
    assert done.returncode == 2
    assert "--lang" in done.stderr and "'xx'" in done.stderr
