"""ID numbers and phone numbers encrypted at rest, and found again through a keyed digest.

The key comes from the environment: RENSHE_DATA_KEY, 32 random bytes in URL-safe base64, made by

    python -m renshe.core.protection

Two keys are derived from it with HKDF-SHA256 (RFC 5869), each for one purpose: an AES-256-GCM key that
encrypts the values, and an HMAC-SHA256 key for the digests that searches and the unique constraint use
(an equality search cannot run on ciphertext, which is different every time; a plain hash of an ID number
could be reversed by hashing every possible number, a keyed one cannot without the key). A third
derivation names the key: its id, 8 hex digits, is written in every value it encrypted, so a value under a
key this installation does not hold is reported by that id, not as a corrupt row.

A stored value is `v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`; the field it belongs to
(`core.person.id_number`) is bound as associated data, so a value copied into another column does not
decrypt. An empty value stays empty (an unknown phone is not a secret worth a ciphertext).

Rotation: put the new key in RENSHE_DATA_KEY and the old one in RENSHE_DATA_KEY_PREVIOUS (comma-separated;
used to decrypt and to search, never to encrypt), then run `manage.py rotate_data_key`, which re-encrypts
every value and recomputes every digest under the new key in one transaction; then drop the old key.

Production refuses to start without RENSHE_DATA_KEY (settings.py); the embedded default generates one on its
first run and keeps it under RENSHE_VAR_DIR. The database records the id of the key its values are written
under (`DataKeyRecord`, at its first migration); `check_data_key` refuses a server started with another key,
at start-up and before the first protected value is written, so rows under a wrong key are never mixed in.

Files kept with a row (core.files: evidence, issued documents) are encrypted the same way with a key of
their own from the same HKDF (`seal` / `unseal`).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import connection, models, transaction
from django.dispatch import receiver

from .keys import new_key, new_key_set

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.lookups import Lookup, Transform

VERSION = "v1"
_TOKEN = re.compile(r"v1\.([0-9a-f]{8})\.([A-Za-z0-9_-]{38,})")
NONCE_BYTES = 12
KEY_SETTINGS = {"RENSHE_DATA_KEY", "RENSHE_DATA_KEY_PREVIOUS"}
# a sealed file: this mark, the key id (8 ASCII hex digits), the nonce, then ciphertext ‖ tag
FILE_MARK = b"renshe-sealed-v1\n"


class DataKeyError(Exception):
    """A stored value cannot be decrypted with the keys this installation holds; the message says which."""


class DataKeyMismatch(ImproperlyConfigured):
    """The configured data key is not the one this database's values are written under: refuse to start."""


def _derive(master: bytes, purpose: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=b"renshe " + purpose).derive(master)


@dataclass(frozen=True)
class DataKey:
    id: str
    cipher: AESGCM
    search: bytes
    files: AESGCM

    @classmethod
    def parse(cls, text: str, name: str) -> DataKey:
        try:
            master = base64.b64decode(text.strip().encode(), altchars=b"-_", validate=True)
        except (binascii.Error, ValueError):
            master = b""
        if len(master) != 32:
            raise ImproperlyConfigured(
                f"{name} must be 32 random bytes in URL-safe base64 (44 characters); "
                "`python -m renshe.core.protection` prints a new one"
            )
        return cls(
            id=_derive(master, b"key id", 4).hex(),
            cipher=AESGCM(_derive(master, b"data encryption")),
            search=_derive(master, b"search digest"),
            files=AESGCM(_derive(master, b"file encryption")),
        )


@dataclass(frozen=True)
class Keyring:
    current: DataKey
    previous: tuple[DataKey, ...]

    @property
    def all(self) -> tuple[DataKey, ...]:
        return (self.current, *self.previous)

    def find(self, key_id: str) -> DataKey | None:
        return next((k for k in self.all if k.id == key_id), None)

    def describe(self) -> str:
        previous = ", ".join(k.id for k in self.previous) or "none"
        return f"RENSHE_DATA_KEY is {self.current.id}; RENSHE_DATA_KEY_PREVIOUS: {previous}"


@functools.cache
def keyring() -> Keyring:
    current = DataKey.parse(settings.RENSHE_DATA_KEY, "RENSHE_DATA_KEY")
    previous = tuple(
        DataKey.parse(text, "each of RENSHE_DATA_KEY_PREVIOUS") for text in settings.RENSHE_DATA_KEY_PREVIOUS
    )
    ids = [k.id for k in (current, *previous)]
    if len(set(ids)) != len(ids):
        raise ImproperlyConfigured("RENSHE_DATA_KEY_PREVIOUS repeats a key (or holds RENSHE_DATA_KEY itself)")
    return Keyring(current, previous)


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: Any) -> None:
    if setting in KEY_SETTINGS:
        keyring.cache_clear()
        _confirmed.clear()


# --- the database's key ---------------------------------------------------------------------------

_confirmed: set[str] = set()  # data key ids this process has found the database to be under


def _record() -> Any:  # the model class, looked up by name: migrations call this with their own
    return apps.get_model("core", "DataKeyRecord")


def check_data_key() -> None:
    """Refuse (DataKeyMismatch) to go on under a data key this database's values are not written under: the
    rows it wrote would break every page for the right key. The database's key is held as RENSHE_DATA_KEY,
    or as RENSHE_DATA_KEY_PREVIOUS while a rotation is under way. A database without a key recorded (its
    first use) records this one; one not migrated that far has nothing to compare. Checked once a process."""
    ring = keyring()
    if ring.current.id in _confirmed:
        return
    record = _record()
    if record._meta.db_table not in connection.introspection.table_names():
        return
    stored, _created = record.objects.get_or_create(pk=1, defaults={"key_id": ring.current.id})
    if ring.find(stored.key_id) is None:
        raise DataKeyMismatch(
            f"this database's ID numbers, phone numbers and files are under data key {stored.key_id}, but "
            f"{ring.describe()}. Refusing to start; nothing was written. Set RENSHE_DATA_KEY to the key "
            f"{stored.key_id} (to change keys, put it in RENSHE_DATA_KEY_PREVIOUS and run "
            "`manage.py rotate_data_key`)"
        )
    _confirmed.add(ring.current.id)


def record_data_key(key_id: str) -> None:
    """The database's values are now under `key_id` (a rotation's end, or the first migration)."""
    _record().objects.update_or_create(pk=1, defaults={"key_id": key_id})
    _confirmed.clear()


# --- values ---------------------------------------------------------------------------------------


def is_token(value: str) -> bool:
    return bool(_TOKEN.fullmatch(value))


def key_id_of(token: str) -> str:
    match = _TOKEN.fullmatch(token)
    if not match:
        raise DataKeyError(f"not an encrypted value: {token[:12]!r}…")
    return match.group(1)


def encrypt(plaintext: str, context: str) -> str:
    """`context` names the field (`core.person.id_number`); decrypting needs the same."""
    key = keyring().current
    nonce = os.urandom(NONCE_BYTES)
    sealed = key.cipher.encrypt(nonce, plaintext.encode(), context.encode())
    return f"{VERSION}.{key.id}.{base64.urlsafe_b64encode(nonce + sealed).rstrip(b'=').decode()}"


def decrypt(token: str, context: str) -> str:
    match = _TOKEN.fullmatch(token)
    if not match:
        raise DataKeyError(
            f"{context} holds a value that is not encrypted ({len(token)} characters); "
            "was the data migration (core 0005) run?"
        )
    ring = keyring()
    key = ring.find(match.group(1))
    if key is None:
        raise DataKeyError(
            f"{context} was encrypted with data key {match.group(1)}, which this installation does not hold "
            f"({ring.describe()}); set RENSHE_DATA_KEY or RENSHE_DATA_KEY_PREVIOUS to that key"
        )
    body = match.group(2)
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    try:
        return key.cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
    except InvalidTag:
        raise DataKeyError(
            f"a value of {context} under data key {key.id} fails its integrity check: it was altered, "
            "or copied from another field"
        ) from None


def digest(value: str, context: str, key: DataKey | None = None) -> str:
    """The keyed digest (HMAC-SHA256, 64 hex digits) of a normalised value; "" for no value."""
    if not value:
        return ""
    key = key or keyring().current
    return hmac.new(key.search, f"{context}\0{value}".encode(), hashlib.sha256).hexdigest()


def digests(value: str, context: str) -> list[str]:
    """The value's digest under every key held (a search still finds rows not yet rotated); none for no
    value, so that a search for nothing does not find every row without one."""
    return [digest(value, context, key) for key in keyring().all] if value else []


# --- files ----------------------------------------------------------------------------------------


def is_sealed(blob: bytes) -> bool:
    return blob.startswith(FILE_MARK)


def file_key_id(blob: bytes) -> str:
    if not is_sealed(blob):
        raise DataKeyError("a stored file is not encrypted")
    return blob[len(FILE_MARK) : len(FILE_MARK) + 8].decode("ascii", "replace")


def seal(data: bytes, context: str) -> bytes:
    """A file's content encrypted under the current key; `context` (the model field) is bound to it."""
    check_data_key()
    key = keyring().current
    nonce = os.urandom(NONCE_BYTES)
    return FILE_MARK + key.id.encode() + nonce + key.files.encrypt(nonce, data, context.encode())


def unseal(blob: bytes, context: str) -> bytes:
    key_id = file_key_id(blob)
    ring = keyring()
    key = ring.find(key_id)
    if key is None:
        raise DataKeyError(
            f"a file of {context} was encrypted with data key {key_id}, which this installation does not hold "
            f"({ring.describe()})"
        )
    start = len(FILE_MARK) + 8
    nonce, body = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
    try:
        return key.files.decrypt(nonce, body, context.encode())
    except InvalidTag:
        raise DataKeyError(f"a file of {context} under data key {key_id} fails its integrity check") from None


# --- model fields ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ciphertext:
    """A column value already encrypted (a backup's row being restored): written as it is."""

    token: str

    def __post_init__(self) -> None:
        if not is_token(self.token):
            raise DataKeyError(f"not an encrypted value: {self.token[:12]!r}…")


class EncryptedCharField(models.CharField):
    """Plain text in Python (validated against max_length like a CharField), AES-GCM ciphertext in a text
    column. Only `isnull` may be filtered on: an equality on ciphertext never matches, so the digest field
    next to it (`DigestField(of=...)`) is what searches use."""

    def get_internal_type(self) -> str:
        return "TextField"

    def contribute_to_class(self, cls: type[models.Model], name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        self.context = f"{cls._meta.label_lower}.{name}"

    def from_db_value(
        self, value: str | None, expression: Any, connection: BaseDatabaseWrapper
    ) -> str | None:
        return decrypt(value, self.context) if value else value

    def to_python(self, value: Any) -> str | Ciphertext | None:
        return value if isinstance(value, Ciphertext) else super().to_python(value)

    def get_prep_value(self, value: Any) -> str | None:
        if isinstance(value, Ciphertext):
            return value.token
        value = super().get_prep_value(value)
        if not value:
            return value
        check_data_key()
        return encrypt(value, self.context)

    def digest(self, value: str) -> str:
        return digest(value, self.context)

    def digests(self, value: str) -> list[str]:
        return digests(value, self.context)

    def _refuse(self, lookup_name: str) -> NoReturn:
        model = self.model.__name__ if hasattr(self, "model") else "a model"
        raise FieldError(
            f"{model}.{self.name} is encrypted: `{lookup_name}` on its ciphertext would never match; search "
            "through its digest (e.g. Person.objects.with_id_number(), with_phone())"
        )

    def get_lookup(self, lookup_name: str) -> type[Lookup] | None:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        self._refuse(lookup_name)

    def get_transform(self, lookup_name: str) -> type[Transform] | None:
        self._refuse(lookup_name)


class DigestField(models.CharField):
    """The keyed digest of an EncryptedCharField of the same model, set on every save and bulk_create from
    that field's value (bulk_update and QuerySet.update do not call it: set it there yourself)."""

    def __init__(self, *args: Any, of: str, **kwargs: Any) -> None:
        self.of = of
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = self.of
        kwargs.pop("editable", None)
        if kwargs.get("max_length") == 64:
            kwargs.pop("max_length")
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        source = cast(EncryptedCharField, model_instance._meta.get_field(self.of))
        value = getattr(model_instance, source.attname)
        if isinstance(value, Ciphertext):  # a restored row carries its digest too
            return getattr(model_instance, self.attname)
        value = source.digest(value) if value else ""
        setattr(model_instance, self.attname, value)
        return value


def raw(field_name: str) -> models.ExpressionWrapper:
    """Select a column as stored (the ciphertext), not decrypted: for backup and key rotation."""
    return models.ExpressionWrapper(models.F(field_name), output_field=models.TextField())


def protected_fields(model: type[models.Model]) -> list[EncryptedCharField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]


def digest_fields(model: type[models.Model], source: EncryptedCharField) -> list[DigestField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, DigestField) and f.of == source.name]


# --- rotation -------------------------------------------------------------------------------------


@dataclass
class Rotation:
    key_id: str  # the key everything is now under
    rows: Counter = field(default_factory=Counter)  # by model label: rows rewritten
    values: Counter = field(default_factory=Counter)  # by field context: values re-encrypted
    from_previous: Counter = field(default_factory=Counter)  # of those, values that were under an old key
    digests: Counter = field(default_factory=Counter)  # by field context: digests recomputed


def rotate(*, batch: int = 2000, log: Callable[[str], object] = lambda message: None) -> Rotation:
    """Re-encrypt every protected value under the current key and recompute every digest with it, in one
    transaction (a failure, such as a value under a key no longer held, changes nothing)."""
    ring = keyring()
    result = Rotation(ring.current.id)
    with transaction.atomic():
        for model in apps.get_models():
            if protected := protected_fields(model):
                _rotate_model(model, protected, ring, result, batch)
                log(f"{model._meta.label}: {result.rows[model._meta.label_lower]} rows")
        record_data_key(ring.current.id)
    return result


def _rotate_model(
    model: type[models.Model],
    protected: list[EncryptedCharField],
    ring: Keyring,
    result: Rotation,
    batch: int,
) -> None:
    quote = connection.ops.quote_name
    digested = {f.name: digest_fields(model, f) for f in protected}
    columns = [c for f in protected for c in (f, *digested[f.name])]
    update = (
        f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(c.column)} = %s' for c in columns)} "  # noqa: S608
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    aliases = {f"raw_{f.attname}": raw(f.attname) for f in protected}
    rows = model._base_manager.order_by("pk").annotate(**aliases).values_list("pk", *aliases)
    last = None
    while chunk := list((rows.filter(pk__gt=last) if last is not None else rows)[:batch]):
        last = chunk[-1][0]
        changes = []
        for pk, *tokens in chunk:
            if not any(tokens):
                continue
            values = []
            for f, token in zip(protected, tokens, strict=True):
                plain = decrypt(token, f.context) if token else ""
                if token:
                    result.values[f.context] += 1
                    result.from_previous[f.context] += key_id_of(token) != ring.current.id
                values.append(encrypt(plain, f.context) if plain else token)
                values.extend(digest(plain, f.context) for _ in digested[f.name])
                result.digests[f.context] += len(digested[f.name]) if plain else 0
            changes.append([*values, pk])
        if changes:
            with connection.cursor() as cursor:
                cursor.executemany(update, changes)
            result.rows[model._meta.label_lower] += len(changes)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--env"]:  # a production set: SECRET_KEY and both keys, as an environment file
        print("\n".join(f"{name}={value}" for name, value in new_key_set().items()))
    else:
        print(new_key())
