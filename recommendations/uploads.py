"""Check an evidence file by what it contains, not only by its name, before anything is stored."""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from inspections.validators import reveal_hidden
from recommendations.models import EVIDENCE_MAX_BYTES

# Extension → (content type, what the content must be).
ALLOWED = {
    ".pdf": ("application/pdf", "pdf"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ".png": ("image/png", "png"),
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
    ".txt": ("text/plain", "text"),
    ".csv": ("text/csv", "text"),
}
ALLOWED_LABEL = "PDF, DOCX, XLSX, PNG, JPEG, TXT or CSV"
MAX_FILES = 10
_SNIFF_BYTES = 8192
_TEXT_CHECK_BYTES = 1024 * 1024
# A document of at most 10 MB that unpacks to more than this is a zip bomb, not evidence.
_MAX_UNPACKED_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    upload: object  # the UploadedFile
    original_name: str
    content_type: str
    size: int


def check_files(files) -> list[CheckedFile]:
    """Check each upload; raise a ValidationError naming every bad file on the 'files' field."""
    files = list(files)
    if len(files) > MAX_FILES:
        message = _("Upload at most %(max)d files at a time.") % {"max": MAX_FILES}
        raise ValidationError({"files": ValidationError(message, code="too_many_files")})
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(check_file(upload))
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError({"files": errors})
    return checked


def check_file(upload) -> CheckedFile:
    """Accept a file only if its extension is allowed and its content is of that type."""
    name = PurePath(upload.name or "").name.strip()
    if not name:
        raise ValidationError(_("A file has no name."), code="no_name")
    if reveal_hidden(name) != name:
        # A right-to-left override shows "report[U+202E]fdp.exe" as "reportexe.pdf".
        raise ValidationError(
            _("“%(name)s” has a hidden control or text-direction character in its name: rename it.")
            % {"name": reveal_hidden(name)},
            code="hidden_character",
        )
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationError(
            _("“%(name)s” is not a %(allowed)s file.") % {"name": name, "allowed": ALLOWED_LABEL},
            code="file_type",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s MB: a file can be at most 10 MB.")
            % {"name": name, "size": f"{upload.size / 1024 / 1024:.1f}"},
            code="too_large",
        )
    content_type, kind = ALLOWED[suffix]
    if kind in ("docx", "xlsx") and _unpacked_size(upload) > _MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("“%(name)s” unpacks to more than %(max)d MB: it is not a document we can keep.")
            % {"name": name, "max": _MAX_UNPACKED_BYTES // 1024 // 1024},
            code="zip_bomb",
        )
    if detect_kind(upload) != kind:
        raise ValidationError(
            _("“%(name)s” is named as a %(type)s file but its content is not one.")
            % {"name": name, "type": suffix[1:].upper()},
            code="content_mismatch",
        )
    return CheckedFile(
        upload=upload, original_name=name, content_type=content_type, size=upload.size
    )


def detect_kind(upload) -> str | None:
    """Name the kind of file its first bytes (and, for Office files, its parts) show."""
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    if _is_text(upload):
        return "text"
    return None


def _office_kind(upload) -> str | None:
    # DOCX and XLSX are zip packages; only the list of parts is read, nothing is unpacked.
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _unpacked_size(upload) -> int:
    """The sizes a zip package declares for its parts; reading a part never yields more."""
    try:
        with zipfile.ZipFile(upload) as package:
            return sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0  # not a zip: detect_kind names the problem
    finally:
        upload.seek(0)


def _is_text(upload) -> bool:
    data = upload.read(_TEXT_CHECK_BYTES)
    upload.seek(0)
    if b"\x00" in data:
        return False
    # A multi-byte character may be cut at the end of the sample.
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(data) - 3:
            return False
    return True
