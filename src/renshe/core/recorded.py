"""Recorded text in the reader's language. Timeline entries and workbench tasks are written in the bureau's
language (services.official: the record reads the same for everyone, and the timeline's hash chain seals
it); a reader whose screen is in another language sees an entry made from a catalogue message in that
language, the values it names (an employer, a number, a reason) as recorded.

The catalogue's messages with placeholders are matched against the text (a message's literal start first,
then its whole pattern); a value that is itself a catalogue message (a status, an action) is translated
too. Text that matches no message is shown as recorded."""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


@dataclass(frozen=True)
class Template:
    pattern: re.Pattern[str]
    numbers: frozenset[str]  # the %(x)d placeholders
    translated: str


class Catalogue:
    def __init__(self, language: str) -> None:
        self.messages: dict[str, str] = {}
        self.by_start: dict[str, list[Template]] = {}
        catalog = trans_real.translation(language)._catalog  # noqa: SLF001 - Django's loaded catalogue
        for msgid, msgstr in catalog.items():
            if not isinstance(msgid, str) or "\x04" in msgid or not msgid or not msgstr:
                continue
            self.messages[msgid] = msgstr
            if "%(" in msgid:
                self._add(msgid, msgstr)
        self.longest = max(map(len, self.by_start), default=0)

    def _add(self, msgid: str, msgstr: str) -> None:
        parts, numbers, at = [], set(), 0
        for m in PLACEHOLDER.finditer(msgid):
            parts.append(re.escape(msgid[at : m.start()]))
            name, kind = m.groups()
            if name in numbers or f"(?P<{name}>" in "".join(parts):
                return  # a placeholder used twice: left as recorded
            parts.append(rf"(?P<{name}>-?\d+)" if kind == "d" else rf"(?P<{name}>.+?)")
            if kind == "d":
                numbers.add(name)
            at = m.end()
        parts.append(re.escape(msgid[at:]))
        start = msgid[: msgid.index("%(")]
        template = Template(re.compile("".join(parts), re.DOTALL), frozenset(numbers), msgstr)
        self.by_start.setdefault(start, []).append(template)

    def translate(self, text: str) -> str:
        if text in self.messages:
            return self.messages[text]
        for length in range(min(len(text), self.longest), -1, -1):
            for template in self.by_start.get(text[:length], ()):
                match = template.pattern.fullmatch(text)
                if match is None:
                    continue
                values = {
                    k: int(v) if k in template.numbers else self.messages.get(v, v)
                    for k, v in match.groupdict().items()
                }
                try:
                    return template.translated % values
                except (KeyError, TypeError, ValueError):
                    return text
        return text


@lru_cache(maxsize=8)
def catalogue(language: str) -> Catalogue:
    return Catalogue(language)


def in_reader_language(text: str) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    if not text or language.lower().startswith("zh"):
        return text
    return catalogue(language).translate(text)
