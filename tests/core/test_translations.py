"""The English catalogue is complete, compiled, and used.

Every msgid in the code must have an English msgstr in src/renshe/locale/en/LC_MESSAGES/django.po, and
django.mo must be compiled from that file. To fix a failure here, from src/renshe run

    python ../../manage.py makemessages -l en --no-obsolete --ignore "static/vendor/*"

translate the new or fuzzy entries in django.po, then run `python ../../manage.py compilemessages -l en`.
"""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import Client

import renshe

SOURCE_DIR = Path(renshe.__file__).resolve().parent
CATALOGUE_DIR = SOURCE_DIR / "locale" / "en" / "LC_MESSAGES"
PO_FILE = CATALOGUE_DIR / "django.po"
MO_FILE = CATALOGUE_DIR / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
HOW_TO_FIX = (
    'run makemessages -l en --no-obsolete --ignore "static/vendor/*" from src/renshe, translate, '
    "then compilemessages -l en"
)


def key(entry: polib.POEntry | polib.MOEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def translations(catalogue: polib.POFile | polib.MOFile) -> dict[tuple[str, str], tuple[str, ...]]:
    """(msgctxt, msgid) -> the English forms of every translated, non-fuzzy, non-obsolete entry."""
    found = {}
    for entry in catalogue:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            forms = (entry.msgstr,)
        if all(forms):
            found[key(entry)] = forms
    return found


@pytest.fixture(scope="module")
def committed() -> polib.POFile:
    return polib.pofile(str(PO_FILE))


def test_every_string_in_the_code_has_an_english_translation(tmp_path, monkeypatch, settings, committed):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext) must be installed in CI to check the English catalogue")
        pytest.skip("GNU gettext (xgettext) is not installed: apt-get install gettext")

    # Extract from a copy, so the committed catalogue is never touched.
    tree = tmp_path / "renshe"
    shutil.copytree(SOURCE_DIR, tree, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc"))
    (tree / "locale").mkdir()
    settings.LOCALE_PATHS = [tree / "locale"]
    monkeypatch.chdir(tree)
    call_command(
        "makemessages", locale=["en"], ignore_patterns=["static/vendor/*"], no_obsolete=True, verbosity=0
    )
    extracted = polib.pofile(str(tree / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    assert len(extracted) > 0, "makemessages found no strings"

    translated = translations(committed)
    missing = [
        f"{entry.msgid!r} ({', '.join(f'{path}:{line}' for path, line in entry.occurrences)})"
        for entry in extracted
        if key(entry) not in translated
    ]
    assert not missing, (
        f"{len(missing)} string(s) without an English translation in {PO_FILE.relative_to(SOURCE_DIR)} "
        f"({HOW_TO_FIX}):\n" + "\n".join(missing)
    )


def test_translations_keep_every_placeholder(committed):
    wrong = [
        f"{entry.msgid!r} -> {form!r}"
        for entry in committed
        if not entry.obsolete
        for form in (entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr])
        if form and sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(entry.msgid))
    ]
    assert not wrong, "translations whose placeholders differ from the msgid:\n" + "\n".join(wrong)


def test_catalogue_header(committed):
    assert committed.metadata.get("Language") == "en"
    assert committed.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert not committed.metadata_is_fuzzy
    fuzzy = [e.msgid for e in committed if "fuzzy" in e.flags and not e.obsolete]
    assert not fuzzy, f"fuzzy entries must be reviewed and the flag removed: {fuzzy}"


def test_compiled_catalogue_matches_the_po_file(committed):
    assert MO_FILE.exists(), f"{MO_FILE} is missing: {HOW_TO_FIX}"
    compiled = translations(polib.mofile(str(MO_FILE)))
    source = translations(committed)
    stale = sorted(
        msgid
        for (ctx, msgid) in source.keys() | compiled.keys()
        if source.get((ctx, msgid)) != compiled.get((ctx, msgid))
    )
    assert not stale, f"django.mo is out of date with django.po ({HOW_TO_FIX}); differing: {stale[:20]}"


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("en", ["HRSS Business Platform", "Sign in", "Username", "Password"], "人社业务平台"),
        ("zh-hans", ["人社业务平台", "登录", "用户名", "密码"], "HRSS Business Platform"),
    ],
    ids=["en", "zh-hans"],
)
def test_login_page_speaks_the_requested_language(db, language, expected, absent):
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/login/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in expected:
        assert text in page
    assert absent not in page
