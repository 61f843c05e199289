"""Backup and restore of the whole database and the uploaded files, in one portable file.

A backup is a gzip-compressed tar archive with three kinds of member, in this order:

    manifest.json   format, created-at, app and Django version, database vendor, applied migrations,
                    rows per table, each file's size and SHA-256, and the content checksum
    data.jsonl      one JSON object per row ({"model", "pk", "fields"}, Django's serializer form, foreign
                    keys and many-to-many rows by primary key), models in dependency order, rows by pk
    media/<name>    every file a FileField refers to (evidence, issued documents), under its storage name,
                    as storage holds it: encrypted (core.files)

`content_sha256` is the SHA-256 of the data's SHA-256 followed by each file's name, size and SHA-256 in
name order. The data holds no timestamp of its own, so two backups of the same database have the same
content checksum — which is what the round-trip test holds.

ID numbers and phone numbers are written as the database holds them, encrypted (core/protection.py): a
backup holds no plain ID or phone number, and restoring it needs the data key it was made under. The
manifest lists the ids of the keys its values and files use (`data_keys`); restore refuses, before touching
anything, an installation that does not hold them all, and checks every loaded value's key again. Files
stay encrypted in the backup as in storage.

Primary keys are kept as they are, content types and permissions included: the timeline's digests cover
`subject_type_id`, so content types must keep their ids for the hash chain to verify after a restore into
a database whose migrations numbered them differently. Natural keys are therefore not needed.

Restore refuses a file whose checksum or migration state does not match, and a database holding records
unless told to replace them; then, in one transaction, it clears every table it restores (and the
database sessions), loads the rows, checks the row counts and the timeline's hash chain, writes the files
and resets the PostgreSQL sequences. Any failure rolls everything back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tarfile
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from . import protection

FORMAT = "renshe-backup/1"
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA_PREFIX = "media/"
BATCH = 500
CHUNK = 1 << 20

# Models left out of the backup, and why. Everything else installed is backed up.
EXCLUDED = {
    "sessions.session": "login sessions are transient (and live in Redis in production); after a restore "
    "everyone logs in again, so restore clears them instead",
}
# Tables that `migrate` fills by itself (content types and permissions by post_migrate, the code lists by
# core 0002). Rows there do not make a database "non-empty": a freshly migrated database holds them.
SEEDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "core.industry",
    "core.region",
    "core.dictionaryentry",
    "core.datakeyrecord",
    "core.statutoryamount",  # the minimum wage, core 0011
}


class BackupError(Exception):
    """A backup could not be made, or a file is refused for restore; the message says why."""


# --- which models, in which order -----------------------------------------------------------------


def _label(model) -> str:
    return model._meta.label_lower


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete, managed model (auto-created many-to-many tables included), parents before the
    models whose foreign keys point at them; ties and cycles broken by label, so the order is stable."""
    candidates = {
        _label(m): m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped and _label(m) not in EXCLUDED
    }
    needs = {
        label: {
            _label(f.related_model)
            for f in model._meta.local_fields
            if f.is_relation and f.related_model is not None and _label(f.related_model) in candidates
        }
        - {label}
        for label, model in candidates.items()
    }
    ordered: list[str] = []
    remaining = set(candidates)
    while remaining:
        ready = sorted(label for label in remaining if not (needs[label] & remaining))
        pick = ready[0] if ready else sorted(remaining)[0]  # a cycle: constraints are deferred anyway
        ordered.append(pick)
        remaining.discard(pick)
    return [candidates[label] for label in ordered]


def _file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.local_concrete_fields if isinstance(f, models.FileField)]


# --- encoding -------------------------------------------------------------------------------------


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes to milliseconds; the timeline's digests cover microseconds."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


RAW = "_backup_raw_"


class _RowSerializer(PythonSerializer):
    """Django's python serializer without inline many-to-many lists: their tables are dumped as models
    of their own, so every table is restored the same way and counted. Encrypted fields are written as
    stored, from the `RAW`-prefixed annotation `_rows` selects (never decrypted), and their keys noted."""

    key_ids: set[str]

    def handle_m2m_field(self, obj, field):
        pass

    def handle_field(self, obj, field):
        if isinstance(field, protection.EncryptedCharField):
            token = getattr(obj, RAW + field.attname)
            if token:
                self.key_ids.add(protection.key_id_of(token))
            self._current[field.name] = token
        else:
            super().handle_field(obj, field)


def _rows(model, using: str):
    """The model's rows in pk order, its encrypted columns selected as stored instead of decrypted."""
    rows = model._base_manager.using(using).order_by("pk")
    if protected := protection.protected_fields(model):
        rows = rows.defer(*(f.name for f in protected)).annotate(
            **{RAW + f.attname: protection.raw(f.attname) for f in protected}
        )
    return rows.iterator(chunk_size=2000)


def _line(row: dict) -> bytes:
    return (
        json.dumps(row, cls=_Encoder, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    ).encode()


def content_checksum(data_sha256: str, files: list[dict]) -> str:
    digest = hashlib.sha256(data_sha256.encode())
    for f in sorted(files, key=lambda f: f["name"]):
        digest.update(f"\n{f['name']}\0{f['size']}\0{f['sha256']}".encode())
    return digest.hexdigest()


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connections[using]).applied_migrations())


def app_version() -> str:
    try:
        return metadata.version("renshe")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- backup ---------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict

    @property
    def rows(self) -> int:
        return sum(self.manifest["counts"].values())


def _snapshot(using: str):
    """One consistent view of the database for the whole dump: a repeatable-read, read-only transaction
    on PostgreSQL (writers go on); SQLite's transaction holds the write lock until the dump is read."""
    connection = connections[using]
    if connection.in_atomic_block:  # already in a transaction (a test): read through it
        return transaction.atomic(using=using)

    class _Snapshot:
        def __enter__(self):
            self.atomic = transaction.atomic(using=using)
            self.atomic.__enter__()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")

        def __exit__(self, *exc):
            return self.atomic.__exit__(*exc)

    return _Snapshot()


def make_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS, log=lambda message: None) -> BackupResult:
    """Write the backup to `path` (through a temporary file renamed at the end) and return its manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    referenced: dict[str, models.FileField] = {}
    key_ids: set[str] = set()
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        data_path = Path(work) / DATA
        data_digest = hashlib.sha256()
        with _snapshot(using), data_path.open("wb") as out:
            migrations = applied_migrations(using)
            vendor = connections[using].vendor
            for model in backed_up_models():
                table = model._meta.db_table
                counts[table] = 0
                for chunk in _chunks(_rows(model, using), 2000):
                    serializer = _RowSerializer()
                    serializer.key_ids = key_ids
                    for row in serializer.serialize(chunk):
                        line = _line(row)
                        data_digest.update(line)
                        out.write(line)
                        counts[table] += 1
                for f in _file_fields(model):
                    names = (
                        model._base_manager.using(using)
                        .exclude(**{f.name: ""})
                        .values_list(f.name, flat=True)
                    )
                    for name in names.iterator():
                        if name:
                            referenced.setdefault(name, f)
                log(f"{model._meta.label}: {counts[table]}")
        files, missing = [], []
        for name in sorted(referenced):
            storage = referenced[name].storage
            try:
                digest, size = hashlib.sha256(), 0
                with storage.open(name, "rb") as handle:
                    while block := handle.read(CHUNK):
                        if not size and protection.is_sealed(block):
                            key_ids.add(protection.file_key_id(block))
                        digest.update(block)
                        size += len(block)
            except FileNotFoundError:
                missing.append(name)
                continue
            files.append({"name": name, "size": size, "sha256": digest.hexdigest()})
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "app_version": app_version(),
            "django_version": django.get_version(),
            "database_vendor": vendor,
            "migrations": migrations,
            "counts": counts,
            "excluded": EXCLUDED,
            "data_sha256": data_digest.hexdigest(),
            "files": files,
            "missing_files": missing,
            "data_keys": sorted(key_ids),
        }
        manifest["content_sha256"] = content_checksum(manifest["data_sha256"], files)
        partial = Path(work) / "backup.tar.gz"
        with tarfile.open(partial, "w:gz", format=tarfile.PAX_FORMAT) as tar:
            body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
            _add_bytes(tar, MANIFEST, body)
            tar.add(data_path, arcname=DATA, recursive=False, filter=_plain)
            for f in files:
                info = tarfile.TarInfo(MEDIA_PREFIX + f["name"])
                info.size, info.mtime, info.mode = f["size"], 0, 0o600
                with referenced[f["name"]].storage.open(f["name"], "rb") as handle:
                    tar.addfile(info, handle)
        partial.chmod(0o600)  # it holds personal data: readable by the owner only
        os.replace(partial, path)
    return BackupResult(path, manifest)


def _plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o644
    return info


def _add_bytes(tar: tarfile.TarFile, name: str, body: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(body), 0o644
    tar.addfile(info, io.BytesIO(body))


# --- restore --------------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict
    rows: int = 0
    files: int = 0
    events_verified: int = 0
    cleared: dict[str, int] = field(default_factory=dict)


def _safe_name(name: str) -> str:
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name or "\0" in name:
        raise BackupError(f"the backup names a file outside the media folder: {name!r}; refused")
    return name


class _Archive:
    """A backup file opened for reading; every failure to read it becomes a BackupError."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.tar = tarfile.open(self.path, "r:gz")  # noqa: SIM115 - closed by __exit__
            self.manifest = json.loads(self._read(MANIFEST))
        except BackupError:
            raise
        except (OSError, EOFError, tarfile.TarError, ValueError, KeyError) as error:
            raise BackupError(
                f"{self.path} is not a readable renshe backup ({error}); nothing was restored"
            ) from error
        if not isinstance(self.manifest, dict) or self.manifest.get("format") != FORMAT:
            raise BackupError(f"{self.path} is not a {FORMAT} backup; nothing was restored")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.tar.close()

    def _read(self, name: str) -> bytes:
        member = self.tar.extractfile(name)
        if member is None:
            raise BackupError(f"{name} in {self.path} is not a file; nothing was restored")
        return member.read()

    def open(self, name: str):
        try:
            handle = self.tar.extractfile(name)
        except KeyError:
            handle = None
        if handle is None:
            raise BackupError(f"{name} is missing from {self.path}; nothing was restored")
        return handle

    def rows(self) -> Iterator[dict]:
        for number, line in enumerate(self.open(DATA), 1):
            try:
                yield json.loads(line)
            except ValueError as error:
                raise BackupError(
                    f"line {number} of the data is not JSON ({error}); nothing was restored"
                ) from error

    def verify(self) -> None:
        """Recompute every checksum and the row counts from the data; refuse on any difference."""
        manifest = self.manifest
        try:
            digest = hashlib.sha256()
            with self.open(DATA) as data:
                while block := data.read(CHUNK):
                    digest.update(block)
            files = manifest["files"]
            expected = {MANIFEST, DATA} | {MEDIA_PREFIX + _safe_name(f["name"]) for f in files}
            extra = sorted(set(self.tar.getnames()) - expected)
            if extra:
                raise BackupError(f"the backup holds members no manifest lists: {extra[:5]}; refused")
            for f in files:
                fdigest, size = hashlib.sha256(), 0
                with self.open(MEDIA_PREFIX + f["name"]) as handle:
                    while block := handle.read(CHUNK):
                        fdigest.update(block)
                        size += len(block)
                if fdigest.hexdigest() != f["sha256"] or size != f["size"]:
                    raise BackupError(
                        f"checksum mismatch for the file {f['name']}: the backup was altered or damaged; "
                        "nothing was restored"
                    )
            recomputed = content_checksum(digest.hexdigest(), files)
        except BackupError:
            raise
        except (OSError, EOFError, tarfile.TarError, zlib.error, KeyError, TypeError) as error:
            raise BackupError(f"{self.path} is damaged ({error}); nothing was restored") from error
        if digest.hexdigest() != manifest.get("data_sha256") or recomputed != manifest.get("content_sha256"):
            raise BackupError(
                "checksum mismatch: the backup's content does not match its manifest (the file was altered "
                f"or damaged; expected {manifest.get('content_sha256')}, found {recomputed}); nothing was restored"
            )


def check_migrations(manifest: dict, using: str = DEFAULT_DB_ALIAS) -> None:
    here = set(applied_migrations(using))
    there = set(manifest.get("migrations", []))
    if here != there:
        only_backup, only_db = sorted(there - here), sorted(here - there)
        raise BackupError(
            "the backup was made at a different migration state than this database's; migrate the database "
            "to the backup's state first (backup only: "
            f"{', '.join(only_backup[:8]) or 'none'}; database only: {', '.join(only_db[:8]) or 'none'}); "
            "nothing was restored"
        )


def check_data_keys(manifest: dict) -> None:
    """The backup's encrypted values can be read here only under the keys they were made with."""
    wanted = manifest.get("data_keys", [])
    if not isinstance(wanted, list) or not all(isinstance(k, str) for k in wanted):
        raise BackupError("the manifest's data_keys is not a list of key ids; refused")
    ring = protection.keyring()
    missing = sorted(set(wanted) - {k.id for k in ring.all})
    if missing:
        raise BackupError(
            f"the backup's ID and phone numbers are encrypted with data key {', '.join(missing)}, which this "
            f"installation does not hold ({ring.describe()}); set RENSHE_DATA_KEY (or add the key to "
            "RENSHE_DATA_KEY_PREVIOUS) to the key the backup was made under; nothing was restored"
        )


def records_present(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Tables holding rows beyond what `migrate` puts there, with their counts."""
    found = {}
    for model in backed_up_models():
        rows = model._base_manager.using(using)
        if _label(model) not in SEEDED and rows.exists():
            found[model._meta.db_table] = rows.count()
    return found


def _clear(using: str, ordered: list) -> dict[str, int]:
    cleared = {}
    from django.contrib.sessions.models import Session

    for model in [*reversed(ordered), Session]:
        cleared[model._meta.db_table] = model._base_manager.using(using).all()._raw_delete(using)
    return cleared


def _insert(model, objects: list, using: str) -> None:
    fields = [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]
    connection = connections[using]
    size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, objects) or BATCH))
    for batch in _chunks(objects, size):
        model._base_manager.using(using)._insert(batch, fields=fields, using=using, raw=True)


def _write_file(storage, name: str, source) -> None:
    try:
        target = Path(storage.path(name))
    except NotImplementedError:  # a storage without local paths: replace through its API
        if storage.exists(name):
            storage.delete(name)
        if storage.save(name, source) != name:
            raise BackupError(f"the storage renamed {name} on restore") from None
        return
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.restoring")
    with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
        while block := source.read(CHUNK):
            out.write(block)
    os.replace(partial, target)


def check_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Verify a backup file's checksums and that its migration state is this database's; change nothing."""
    with _Archive(path) as archive:
        archive.verify()
    check_migrations(archive.manifest, using)
    check_data_keys(archive.manifest)
    return archive.manifest


def restore_backup(
    path: Path, *, replace: bool = False, using: str = DEFAULT_DB_ALIAS, log=lambda message: None
) -> RestoreResult:
    with _Archive(path) as archive:
        archive.verify()
        manifest = archive.manifest
        check_migrations(manifest, using)
        check_data_keys(manifest)
        if not replace:
            present = records_present(using)
            if present:
                listed = ", ".join(f"{table} ({n})" for table, n in list(present.items())[:6])
                raise BackupError(
                    "the database already holds records ("
                    + listed
                    + "); pass --replace to clear them and restore the backup in their place; "
                    "nothing was restored"
                )
        ordered = backed_up_models()
        by_label = {_label(m): m for m in ordered}
        unknown = set(manifest["counts"]) - {m._meta.db_table for m in ordered}
        if unknown:
            raise BackupError(
                f"the backup holds tables this installation does not: {sorted(unknown)}; refused"
            )
        result = RestoreResult(manifest)
        storage = _media_storage({f.storage for m in ordered for f in _file_fields(m)})
        try:
            with transaction.atomic(using=using):
                result.cleared = _clear(using, ordered)
                log(f"cleared {sum(result.cleared.values())} rows")
                for model, batch in _batches(archive.rows(), by_label, using):
                    _insert(model, batch, using)
                    result.rows += len(batch)
                counts = {m._meta.db_table: m._base_manager.using(using).count() for m in ordered}
                if counts != manifest["counts"]:
                    differ = sorted(t for t in counts if counts[t] != manifest["counts"].get(t))
                    raise BackupError(
                        "after loading, the row counts differ from the manifest in "
                        f"{', '.join(differ[:6])}; rolled back, nothing was restored"
                    )
                from renshe.core.timeline import verify_chain

                report = verify_chain()
                if not report.intact:
                    raise BackupError(
                        f"after loading, the timeline's hash chain is broken at event {report.broken_at}: "
                        f"{report.reason}; rolled back, nothing was restored"
                    )
                result.events_verified = report.checked
                for f in manifest["files"]:
                    with archive.open(MEDIA_PREFIX + f["name"]) as source:
                        _write_file(storage, _safe_name(f["name"]), source)
                    result.files += 1
                connection = connections[using]
                statements = connection.ops.sequence_reset_sql(no_style(), ordered)
                if statements:
                    with connection.cursor() as cursor:
                        for sql in statements:
                            cursor.execute(sql)
        finally:
            ContentType.objects.clear_cache()
    return result


def _media_storage(storages: set):
    """The storage the evidence files go to (all FileFields here share the default storage)."""
    if len(storages) > 1:
        raise BackupError("file fields with different storages are not supported by restore")
    if storages:
        return next(iter(storages))
    from django.core.files.storage import default_storage

    return default_storage


def _batches(rows: Iterator[dict], by_label: dict, using: str) -> Iterator[tuple[type[models.Model], list]]:
    """Consecutive rows of one model, deserialized by Django, in batches."""
    model, pending = None, []
    for row in rows:
        label = row.get("model")
        if label not in by_label:
            raise BackupError(f"the backup holds rows of {label!r}, which is not restored here; refused")
        if by_label[label] is not model or len(pending) >= BATCH:
            if pending:
                yield model, _deserialize(model, pending, using)
            model, pending = by_label[label], []
        pending.append(row)
    if pending:
        yield model, _deserialize(model, pending, using)


def _deserialize(model, rows: list[dict], using: str) -> list:
    try:
        objects = [d.object for d in serializers.deserialize("python", rows, using=using)]
    except serializers.base.DeserializationError as error:
        raise BackupError(f"a row of the backup cannot be read: {error}; nothing was restored") from None
    protected = protection.protected_fields(model)
    if protected:
        held = {k.id for k in protection.keyring().all}
        for obj in objects:
            for f in protected:
                if value := getattr(obj, f.attname):
                    setattr(obj, f.attname, _ciphertext(obj, f, value, held))
    return objects


def _ciphertext(obj, field, value: str, held: set[str]) -> protection.Ciphertext:
    """A restored value is written as it is, after checking it is one this installation can decrypt."""
    where = f"{obj._meta.label_lower} {obj.pk} {field.name}"
    try:
        token = protection.Ciphertext(value)
    except protection.DataKeyError:
        raise BackupError(f"{where} is not encrypted in the backup; refused, nothing was restored") from None
    key_id = protection.key_id_of(token.token)
    if key_id not in held:
        raise BackupError(
            f"{where} is encrypted with data key {key_id}, which this installation does not hold "
            f"({protection.keyring().describe()}); rolled back, nothing was restored"
        )
    return token
