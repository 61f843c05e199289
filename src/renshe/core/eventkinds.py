"""What the operation log calls each kind of timeline event and each subject, in the reader's language.

An event stores its verb (`inspection.revoked`) and its subject as a content type and a key; a reviewer
reads `撤销立案` and `奉贤监察〔2026〕39号`. Each app declares its own event kinds and how to name its
subjects here, from its AppConfig.ready(), so that core never imports the apps: the registry is filled by
them, read by the audit app's operation log.
"""

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext

Label = str | Promise
# keys (subject ids as stored, text) -> {key: (name, url or "")}
SubjectNamer = Callable[[list[str]], dict[str, tuple[str, str]]]


@dataclass(frozen=True)
class KindGroup:
    prefix: str  # "dispute": its kinds are "dispute.<verb>"
    label: Label
    kinds: dict[str, Label]


GROUPS: dict[str, KindGroup] = {}
_SUBJECTS: dict[str, SubjectNamer] = {}  # "app_label.model" -> namer
# "app_label.model" -> who may open the linked page (a 系统管理 page: an administrator); absent: whoever
# sees the event
_OPENS: dict[str, Callable[[Any], bool]] = {}


def register_kinds(prefix: str, label: Label, kinds: Mapping[str, Label]) -> None:
    """Declare the events `<prefix>.<verb>` an app writes, with their labels (gettext_lazy); a second call
    for the same prefix adds to it (core's own prefixes are shared by several modules)."""
    group = GROUPS.get(prefix)
    merged = {**(group.kinds if group else {}), **kinds}
    GROUPS[prefix] = KindGroup(prefix, group.label if group else label, merged)
    _choices.cache_clear()


def register_subject(
    model: type[Model], namer: SubjectNamer, opens: Callable[[Any], bool] | None = None
) -> None:
    """How to name (and link) records of `model` when events are about them: one query per page of events;
    `opens`: who the link is offered to (the others see the name alone)."""
    _SUBJECTS[model._meta.label_lower] = namer
    if opens is not None:
        _OPENS[model._meta.label_lower] = opens


def label_of(verb: str) -> str:
    """The kind's label, or the verb itself for one no app declares (an old event, a retired verb)."""
    prefix, _dot, rest = verb.partition(".")
    group = GROUPS.get(prefix)
    if group and rest in group.kinds:
        return str(group.kinds[rest])
    return verb


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The operation log's drop-down: per group its label, "every kind of the group" (`prefix.`, which
    the filter matches as a prefix) and each kind. Built once per language (the apps register at start)."""
    return _choices(get_language())


@functools.lru_cache(maxsize=8)
def _choices(language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    grouped = []
    for group in sorted(GROUPS.values(), key=lambda g: g.prefix):
        options = [(f"{group.prefix}.", gettext("全部（%(group)s）") % {"group": group.label})]
        options += sorted(((f"{group.prefix}.{verb}", str(label)) for verb, label in group.kinds.items()))
        grouped.append((str(group.label), options))
    return grouped


def name_subjects(events: Iterable, viewer: Any = None) -> None:
    """Set `subject_name` and `subject_url` on each event (a page's worth): one query per subject type,
    through the namer its app registered; a type without one is named "<model> #<key>". With `viewer`,
    a link only to a page they may open."""
    events = list(events)
    by_type: dict[int, list] = {}
    for event in events:
        by_type.setdefault(event.subject_type_id, []).append(event)
    for type_id, group in by_type.items():
        content_type = ContentType.objects.get_for_id(type_id)
        namer = _SUBJECTS.get(f"{content_type.app_label}.{content_type.model}")
        names = namer(sorted({e.subject_id for e in group})) if namer else {}
        opens = _OPENS.get(f"{content_type.app_label}.{content_type.model}")
        linked = viewer is None or opens is None or opens(viewer)
        type_name = content_type.name  # translated once, not per event
        for event in group:
            name, url = names.get(event.subject_id, (f"{type_name} #{event.subject_id}", ""))
            event.subject_name, event.subject_url = name, url if linked else ""


def field_label(subject_type_id: int, field: str) -> str:
    """The subject model's own label for a field named in Event.changes (credit_code → 统一社会信用代码), or
    the name as recorded for a field the model does not have."""
    model = ContentType.objects.get_for_id(subject_type_id).model_class()
    try:
        return str(model._meta.get_field(field.removesuffix("_id")).verbose_name)  # type: ignore[union-attr]
    except (FieldDoesNotExist, AttributeError):
        return field


def by_field(model: type[Model], field: str, url: str = "") -> SubjectNamer:
    """A namer reading one field of `model` (e.g. a case's number), linking to `url` ("{pk}" filled in)."""

    def namer(keys: list[str]) -> dict[str, tuple[str, str]]:
        ids = [k for k in keys if k.isdigit()]
        rows = model._default_manager.filter(pk__in=ids).order_by().values_list("pk", field)
        return {str(pk): (str(value), url.format(pk=pk) if url else "") for pk, value in rows}

    return namer
