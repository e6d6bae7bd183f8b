"""Uploaded documents (a request's attachment, a ticket message's): recognised by their content,
never by their name, named after what they are, and stored privately; stored files that their
transaction did not keep are removed again."""

import mimetypes
import os
import uuid
from contextlib import contextmanager
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The first bytes of each accepted format, and the extension a file of it is given.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
}
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg", "image/tiff": ".tif"}
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
NOT_ACCEPTED = _("Attach a PDF, PNG, JPEG or TIFF document.")


def sniffed_type(upload) -> str | None:
    """The accepted media type the file's first bytes show, or None for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def name_for_type(name: str, content_type: str, max_length: int = 200) -> str:
    """The file name (without any folder, at most max_length characters) with an extension of
    `content_type`: the user's own when it already is one (`scan.JPEG`), else the type's
    (`report.html` holding a PDF is `report.pdf`)."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    stem, extension = os.path.splitext(base)
    if mimetypes.guess_type(base.lower())[0] != content_type:
        extension = EXTENSIONS[content_type]
    stem = stem.strip(". ") or "attachment"
    return stem[: max_length - len(extension)] + extension


def upload_checked(upload):
    """The form's upload, at most MAX_ATTACHMENT_BYTES and of an accepted type by its content,
    renamed and typed after that content; None for no file. Raises ValidationError otherwise."""
    if not upload:
        return None
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            gettext("The attachment is %(size)s; at most %(max)s are accepted.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_ATTACHMENT_BYTES)}
        )
    kind = sniffed_type(upload)
    if kind is None:
        raise ValidationError(NOT_ACCEPTED)
    upload.content_type = kind
    upload.name = name_for_type(upload.name, kind)
    return upload


@contextmanager
def files_removed_unless_kept():
    """Collects (in the list it yields) the files stored inside the block, and deletes them when
    the block raises: a transaction inside it that does not commit leaves no file behind."""
    stored: list[FieldFile] = []
    try:
        yield stored
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


def private_name(instance, filename: str) -> str:
    """A random name with the extension the service gave the file (that of its sniffed type): the
    user's file name is kept only as data, never as a path."""
    return f"attachments/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()}"


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT/private: files leave it only through views that check who asks."""

    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private")


private_storage = PrivateStorage()
