"""The backup archive: a .tar.gz whose last member, manifest.json, lists the SHA-256 and size
of every other member. Written under a temporary name and renamed when complete; read twice
on restore (verify everything, then unpack verifying again)."""

import gzip
import hashlib
import json
import os
import tarfile
import time
import zlib
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path, PurePosixPath
from tempfile import SpooledTemporaryFile
from typing import IO

from .errors import BackupError

MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
#: Everything that tells a damaged or cut-off archive.
DAMAGE = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, OSError, ValueError)


class ArchiveWriter:
    """Add files one by one (hashed as they go in), then ``close`` with the manifest."""

    def __init__(self, path: Path, work: Path) -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.part")
        self.work = work
        self.files: dict[str, dict] = {}
        # Closed by close() or abandon().
        self.tar = tarfile.open(self.partial, "w:gz", compresslevel=6)  # noqa: SIM115

    def add(self, name: str, source: IO[bytes]) -> int:
        """Copy ``source`` in as ``name``; its size. Spooled first, so a file that changes
        while it is read still goes in whole, as one version."""
        digest = hashlib.sha256()
        with SpooledTemporaryFile(max_size=16 * CHUNK, dir=str(self.work)) as spool:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                spool.write(chunk)
            size = spool.tell()
            spool.seek(0)
            self.tar.addfile(_member(name, size), spool)
        self.files[name] = {"sha256": digest.hexdigest(), "size": size}
        return size

    def close(self, manifest: dict) -> None:
        text = json.dumps({**manifest, "files": self.files}, indent=2, ensure_ascii=False)
        data = text.encode()
        self.tar.addfile(_member(MANIFEST, len(data)), BytesIO(data))
        self.tar.close()
        with open(self.partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(self.partial, self.path)

    def abandon(self) -> None:
        self.tar.close()
        self.partial.unlink(missing_ok=True)


def _member(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(time.time())
    info.mode = 0o644
    return info


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _members(path: Path) -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
    """Regular files of the archive in order, read as a stream."""
    with tarfile.open(path, "r|gz") as tar:
        for member in tar:
            if not member.isfile() or not _safe_name(member.name):
                raise BackupError(f"The archive holds an unexpected entry: {member.name!r}.")
            handle = tar.extractfile(member)
            assert handle is not None  # a regular file always has contents
            yield member, handle


def _hash(source: IO[bytes], sink: Callable[[bytes], object] | None = None) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if sink is not None:
            sink(chunk)
    return digest.hexdigest(), size


def _check(name: str, found: tuple[str, int], expected: dict | None) -> None:
    if expected is None:
        raise BackupError(f"The archive holds {name!r}, which its manifest does not list.")
    if found != (expected["sha256"], expected["size"]):
        raise BackupError(f"{name} does not match its checksum: the archive is damaged.")


def archive_verify(path: Path) -> dict:
    """Read the whole archive and check every file against the manifest; the manifest.

    Raises BackupError for a missing, truncated, corrupted or tampered archive."""
    if not path.is_file():
        raise BackupError(f"No archive at {path}.")
    found: dict[str, tuple[str, int]] = {}
    manifest = None
    try:
        for member, handle in _members(path):
            if member.name == MANIFEST:
                manifest = json.loads(handle.read())
            else:
                found[member.name] = _hash(handle)
    except DAMAGE as error:
        raise BackupError(
            f"{path} is damaged or truncated and cannot be restored ({error})."
        ) from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise BackupError(f"{path} has no manifest: it is not a complete Shpalta backup.")
    for name, digest in found.items():
        _check(name, digest, manifest["files"].get(name))
    missing = sorted(set(manifest["files"]) - set(found))
    if missing:
        raise BackupError(f"{path} lacks files its manifest lists: {', '.join(missing[:5])}")
    return manifest


def archive_extract(path: Path, manifest: dict, destination: Callable[[str], Path | None]) -> None:
    """Write each file where ``destination(name)`` says (None: skip it), checking its
    checksum again on the way (the archive might have changed since it was verified)."""
    try:
        for member, handle in _members(path):
            target = destination(member.name) if member.name != MANIFEST else None
            if target is None:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as out:
                digest = _hash(handle, out.write)
            _check(member.name, digest, manifest["files"].get(member.name))
    except DAMAGE as error:
        raise BackupError(f"{path} could not be unpacked ({error}).") from error
