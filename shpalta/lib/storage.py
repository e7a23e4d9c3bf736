"""Writing media files whole or not at all.

Django's ``FileSystemStorage`` streams into the final name: on a full disk it leaves the part
it managed to write behind, under a name the caller never learns, and a reader could be
served half a picture. Here the bytes go to a hidden temporary file beside the target,
reach the disk (fsync), and only then take their name.
"""

import errno
import logging
import os
import secrets
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

#: Hidden files being written; a crash may leave one behind, never under a real name.
TEMP_PREFIX = ".part-"


class StorageFailed(Exception):
    """The media storage refused a file (disk full, read-only, no permission); nothing of
    the file was left behind. The operating system's error is chained."""

    message = _(
        "Could not save the file: the server is out of space or may not write to the "
        "folder. Try again later or ask an administrator."
    )


def storage_save_whole(
    *,
    storage: Storage,
    name: str,
    content: bytes,
    overwrite: bool = False,
    max_length: int | None = None,
) -> str:
    """Store ``content`` as ``name`` (another free name unless ``overwrite``); the name used.

    With ``overwrite`` the old file is replaced in one step, so readers get the old or the
    new file, never a mix. Raises ``StorageFailed`` when the storage cannot take it.
    """
    try:
        if isinstance(storage, FileSystemStorage):
            return _save_to_folder(storage, name, content, overwrite, max_length)
        # Object stores write whole objects by nature.
        if overwrite and storage.exists(name):
            storage.delete(name)
        return storage.save(name, ContentFile(content), max_length=max_length)
    except OSError as error:
        logger.error("The media storage refused %s: %s", name, error)
        raise StorageFailed(name) from error


def _save_to_folder(
    storage: FileSystemStorage, name: str, content: bytes, overwrite: bool, max_length: int | None
) -> str:
    folder = Path(storage.path(name)).parent
    _make_folder(storage, folder)
    temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if storage.file_permissions_mode is not None:
            os.chmod(temp, storage.file_permissions_mode)
        if overwrite:
            os.replace(temp, storage.path(name))
            return name
        return _claim_free_name(storage, temp, name, max_length)
    finally:
        temp.unlink(missing_ok=True)


def _claim_free_name(
    storage: FileSystemStorage, temp: Path, name: str, max_length: int | None
) -> str:
    """Give the written file a free name without ever replacing another upload."""
    while True:
        name = storage.get_available_name(name, max_length=max_length)
        target = storage.path(name)
        try:
            os.link(temp, target)  # fails if the name was taken meanwhile
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            # No hard links on this file system (FAT, some shares): rename after a last look.
            if os.path.exists(target):
                continue
            os.rename(temp, target)
        return name


def _make_folder(storage: FileSystemStorage, folder: Path) -> None:
    """Create the folder as FileSystemStorage would (same permissions)."""
    mode = storage.directory_permissions_mode
    if mode is None:
        folder.mkdir(parents=True, exist_ok=True)
        return
    old_umask = os.umask(0o777 & ~mode)
    try:
        folder.mkdir(mode=mode, parents=True, exist_ok=True)
    finally:
        os.umask(old_umask)
