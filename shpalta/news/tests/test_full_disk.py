"""Uploads and renditions on a media folder that is full or read-only: a clear Ukrainian
answer, and nothing half-stored. The folder is a real tiny file system (tmpfs), so «disk
full» is the kernel's own ENOSPC."""

import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from conftest import service_missing
from shpalta.accounts.models import User
from shpalta.lib.storage import StorageFailed
from shpalta.news.models import Image
from shpalta.news.photos import image_update, image_upload
from shpalta.testing import jpeg_bytes, make_staff

pytestmark = pytest.mark.django_db

NO_SPACE = (
    "Не вдалося зберегти файл: на сервері закінчилося місце або немає доступу до теки. "
    "Спробуйте пізніше або зверніться до адміністратора."
)


def run(tool: str, *arguments: str) -> subprocess.CompletedProcess:
    command = [shutil.which(tool) or tool, *arguments]
    return subprocess.run(command, capture_output=True, text=True)  # noqa: S603 (fixed tools)


class SmallDisk:
    """A 256 KB tmpfs mounted on MEDIA_ROOT."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.filler = root / "filler.bin"

    def fill(self) -> None:
        """Take every free byte, so the next write fails with ENOSPC."""
        with open(self.filler, "ab", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError:
                pass

    def free(self) -> None:
        self.filler.unlink()

    def read_only(self) -> None:
        run("mount", "-o", "remount,ro", str(self.root)).check_returncode()

    def files(self) -> list[str]:
        """Every file but the filler, hidden ones included."""
        found = (p for p in self.root.rglob("*") if p.is_file() and p != self.filler)
        return sorted(str(p.relative_to(self.root)) for p in found)


@pytest.fixture
def disk(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    what = "A small tmpfs on MEDIA_ROOT"
    if os.geteuid() != 0:
        service_missing(what, "mounting a file system needs root")
    if not shutil.which("mount"):
        service_missing(what, "the mount tool is not installed")
    mounted = run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(root))
    if mounted.returncode:
        service_missing(what, mounted.stderr.strip() or "mount failed")
    settings.MEDIA_ROOT = root
    yield SmallDisk(root)
    run("umount", "-l", str(root)).check_returncode()


@pytest.fixture
def database_tasks(settings):
    """The real queue, so «no task queued» can be checked."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def upload_form(**fields) -> dict:
    form = {
        "file": SimpleUploadedFile("photo.jpg", jpeg_bytes(1000, 600)),
        "alt": "Будівля Верховної Ради",
        "caption": "",
        "credit": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
    }
    return form | fields


def upload(**fields) -> Image:
    return image_upload(
        file=SimpleUploadedFile("photo.jpg", jpeg_bytes(1000, 600)), alt="Фото", **fields
    )


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def whole_picture(path: Path) -> bool:
    try:
        with PILImage.open(path) as picture:
            picture.load()
    except OSError:
        return False
    return True


# Uploads


def test_an_upload_to_a_full_disk_is_refused_clearly_in_the_desk(client, disk, database_tasks):
    client.force_login(make_staff("Автор"))
    disk.fill()
    response = client.post(reverse("desk:photo-upload"), upload_form(caption="Сесійна зала"))
    assert response.status_code == 503
    page = response.content.decode()
    assert NO_SPACE in page
    assert 'value="Сесійна зала"' in page  # the form is shown again, filled in
    assert not Image.objects.exists()
    assert disk.files() == []
    assert not DBTaskResult.objects.exists()


def test_an_upload_to_a_read_only_disk_is_refused_clearly_in_the_desk(client, disk):
    client.force_login(make_staff("Автор"))
    disk.read_only()
    response = client.post(reverse("desk:photo-upload"), upload_form())
    assert response.status_code == 503
    assert NO_SPACE in response.content.decode()
    assert not Image.objects.exists()


def test_the_upload_works_once_there_is_room_again(client, disk):
    client.force_login(make_staff("Автор"))
    disk.fill()
    client.post(reverse("desk:photo-upload"), upload_form())
    disk.free()
    response = client.post(reverse("desk:photo-upload"), upload_form())
    assert response.status_code == 302
    image = Image.objects.get()
    assert disk.files() == [image.file.name]
    assert whole_picture(disk.root / image.file.name)


def test_the_service_raises_storage_failed_and_leaves_nothing(disk, database_tasks):
    disk.fill()
    with pytest.raises(StorageFailed):
        upload()
    assert not Image.objects.exists()
    assert disk.files() == []
    assert not DBTaskResult.objects.exists()


def test_an_upload_to_a_full_disk_is_refused_clearly_in_the_admin(client, disk, database_tasks):
    admin = User.objects.create_superuser("chief@example.com", "x" * 12, display_name="Головна")
    client.force_login(admin)
    disk.fill()
    response = client.post("/admin/news/image/add/", upload_form())
    assert response.status_code == 503
    assert NO_SPACE in response.content.decode()
    assert not Image.objects.exists()
    assert disk.files() == []
    assert not DBTaskResult.objects.exists()


# Renditions in the background


@pytest.mark.django_db(transaction=True)
def test_renditions_on_a_full_disk_fail_cleanly_and_are_tried_again_later(disk, database_tasks):
    image = upload()
    disk.fill()

    run_worker()

    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "shpalta.lib.storage.StorageFailed"
    image.refresh_from_db()
    assert image.renditions == [] and image.crops == {}  # pages keep showing the original
    assert disk.files() == [image.file.name]  # no half rendition, no temporary file
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after > timezone.now() + timedelta(minutes=9)

    disk.free()
    run_worker()  # not due yet
    assert DBTaskResult.objects.get(pk=retry.pk).status == "READY"
    # Move time instead of waiting for it.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    image.refresh_from_db()
    assert [r["width"] for r in image.renditions] == [320, 640, 960, 1000]
    assert all(whole_picture(disk.root / name) for name in disk.files())


def test_new_crops_on_a_full_disk_leave_the_old_ones_whole(
    disk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = upload()
    image.refresh_from_db()
    before = disk.files()
    old_crop = image.crops["square"]["jpeg"]
    disk.fill()

    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend: no retry
        image_update(image=image, alt="Фото", caption="", credit="", focal_x=0.9, focal_y=0.5)

    image.refresh_from_db()
    assert image.crops["square"]["jpeg"] == old_crop
    assert disk.files() == before  # no new crop left half-written or unreferenced
    assert all(whole_picture(disk.root / name) for name in before)
