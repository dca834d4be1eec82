"""A change to any phonetic key must raise ``KEY_VERSION``: registers store keys, and only
a new version makes searches refuse the old ones until ``amanat names rekey``.

``key_snapshot.tsv`` holds the keys of this version for names of the demo's name books (as
written, and as one scheme or another transliterates them) and for the words of iuliia's
samples.  A change that gives any of them another key fails here until the version is raised
and the snapshot recorded again: ``python -m tests.names.test_key_version``.
"""

from __future__ import annotations

from pathlib import Path

from tests.names.official_samples import samples, words
from tests.names.test_namebook_transliterations import namebook_names

from amanat.names import phonetic_key, transliterate
from amanat.names.phonetic import KEY_VERSION
from amanat.names.transliterate import SCHEMES

SNAPSHOT = Path(__file__).with_name("key_snapshot.tsv")
HEADER = "# phonetic keys of version "


def _texts() -> list[str]:
    named = namebook_names()
    texts = {name for name, _ in named}
    # one scheme per name, in turn: every scheme's letters, a tenth of the lines
    texts |= {
        transliterate(name, SCHEMES[i % len(SCHEMES)], language)
        for i, (name, language) in enumerate(named)
    }
    texts |= {word for sample in samples() for pair in words(sample) for word in pair}
    return sorted(texts)


def _read() -> tuple[int, dict[str, str]]:
    lines = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    version = int(lines[0].removeprefix(HEADER))
    return version, dict(line.split("\t") for line in lines[1:])


def test_keys_change_only_with_their_version() -> None:
    version, recorded = _read()
    changed = [
        f"{t}: {k} -> {phonetic_key(t)}" for t, k in recorded.items() if phonetic_key(t) != k
    ]
    if version == KEY_VERSION:
        assert not changed, (
            f"{len(changed)} keys changed without a new KEY_VERSION (amanat/names/phonetic.py): "
            "raise it, then record: python -m tests.names.test_key_version\n"
            + "\n".join(changed[:20])
        )
    else:
        raise AssertionError(
            f"KEY_VERSION is {KEY_VERSION}, the snapshot is of {version}: record it again: "
            "python -m tests.names.test_key_version"
        )


if __name__ == "__main__":
    rows = "".join(f"{text}\t{phonetic_key(text)}\n" for text in _texts())
    SNAPSHOT.write_text(f"{HEADER}{KEY_VERSION}\n{rows}", encoding="utf-8")
