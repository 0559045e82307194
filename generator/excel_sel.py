"""Reading one workbook cell: numbers, Rupiah, targets, choices and text, with located errors.

Messages name the sheet and cell the way Excel users see them:
``Sheet Anggaran, sel D14: 'dua juta' bukan angka``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from generator.errors import Issue
from generator.numbers import NOT_AVAILABLE, NumberFormatError, parse_number
from generator.schema.base import Rentang, to_target

T = TypeVar("T")


@dataclass(frozen=True, order=True)
class SelIssue(Issue):
    """A problem in a workbook cell: ``path`` is "Sheet <name>", ``key`` the cell ("D14")."""

    def format(self) -> str:
        """Return ``Sheet <name>, sel <A1>: <message>`` (or ``Sheet <name>: <message>``)."""
        where = f"{self.path}, sel {self.key}" if self.key else self.path
        return f"{where}: {self.message}"


def sel_issue(sheet: str, row: int, column: int, message: str) -> SelIssue:
    """An issue at one cell (1-based row and column)."""
    return SelIssue(f"Sheet {sheet}", row, column, f"{get_column_letter(column)}{row}", message)


def sheet_issue(sheet: str, message: str) -> SelIssue:
    """An issue about a whole sheet."""
    return SelIssue(f"Sheet {sheet}", 0, 0, "", message)


class CellError(ValueError):
    """A cell value that cannot be used; the message is user-facing."""


class Bad:
    """Marks a cell whose value was refused (the error is already recorded)."""


BAD = Bad()


@dataclass
class SheetReader:
    """Read typed values from one worksheet, collecting every refused cell."""

    ws: Worksheet
    name: str
    issues: list[SelIssue]

    def raw(self, row: int, column: int) -> Any:
        """The cell's value; blank text counts as empty."""
        value = self.ws.cell(row=row, column=column).value
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def read(self, row: int, column: int, parse: Callable[[Any], T]) -> T | Bad:
        """Parse one cell; on failure record the error and return ``BAD``."""
        try:
            return parse(self.raw(row, column))
        except CellError as exc:
            self.fail(row, column, str(exc))
            return BAD

    def fail(self, row: int, column: int, message: str) -> None:
        """Record an error at one cell."""
        self.issues.append(sel_issue(self.name, row, column, message))


# --- parsers: each takes the raw cell value and returns a typed value or raises -------


def text(value: Any) -> str | None:
    """Free text; numbers typed into a text cell are taken as written."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def required_text(value: Any) -> str:
    """Text that may not be left empty."""
    result = text(value)
    if result is None:
        raise CellError("wajib diisi")
    return result


def number(value: Any) -> Decimal | None:
    """A number, or empty/"N/A" for not available. Indonesian notation is accepted."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(f"'{'TRUE' if value else 'FALSE'}' bukan angka")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(f"'{value}' bukan angka")
        return Decimal(repr(value))  # the shortest text that gives this float back
    if isinstance(value, str):
        return _number_text(value.strip())
    raise CellError(f"'{value}' bukan angka")


def _number_text(value: str) -> Decimal | None:
    if value.lower() in NOT_AVAILABLE:
        return None
    try:
        return parse_number(value)
    except NumberFormatError as exc:
        message = str(exc)
        raise CellError(message if "ambigu" in message else f"'{value}' bukan angka") from None


def required_number(value: Any) -> Decimal:
    """A number that must be given."""
    result = number(value)
    if result is None:
        raise CellError("wajib diisi dengan angka")
    return result


def rupiah(value: Any) -> int | None:
    """Rupiah: a non-negative whole number, or empty."""
    amount = number(value)
    if amount is None:
        return None
    if amount != amount.to_integral_value():
        raise CellError(f"Rupiah harus bilangan bulat, bukan {plain(amount)}")
    if amount < 0:
        raise CellError(f"Rupiah tidak boleh negatif ({plain(amount)})")
    return int(amount)


def target(value: Any) -> Decimal | Rentang | None:
    """A target: a number, a range such as "60-70", or empty/"N/A"."""
    if isinstance(value, dt.date):
        # Excel turns a typed "6-7" into the 6th of July.
        raise CellError(
            f"Excel membaca isian ini sebagai tanggal ({value:%d-%m-%Y}); untuk rentang ketik "
            "tanda petik lebih dulu, mis. '6-7"
        )
    if not isinstance(value, str):
        return number(value)
    cleaned = value.strip()
    try:
        return to_target(cleaned)
    except ValidationError:
        raise CellError(
            f"rentang '{cleaned}' tidak valid: batas atas lebih kecil dari batas bawah"
        ) from None
    except NumberFormatError as exc:
        message = str(exc)
        if "ambigu" in message:
            raise CellError(message) from None
        raise CellError(f"'{cleaned}' bukan angka atau rentang (contoh: 84 atau 60-70)") from None


def choice(options: tuple[tuple[str, str], ...], what: str) -> Callable[[Any], str | None]:
    """A parser for one of ``options`` (value, label): either is accepted, case-insensitive,
    and the value is returned; empty gives None."""
    known = {name.lower(): value for value, label in options for name in (value, label)}

    def parse(value: Any) -> str | None:
        given = text(value)
        if given is None:
            return None
        if given.lower() not in known:
            labels = ", ".join(label for _, label in options)
            raise CellError(f"'{given}' bukan {what} yang dikenal; pilih salah satu: {labels}")
        return known[given.lower()]

    return parse


def lookup(labels: dict[str, str], what: str) -> Callable[[Any], str | None]:
    """A parser for a name chosen from a dropdown (``labels``: label -> id); the id itself
    is accepted too. Returns the id; empty gives None."""
    ids = set(labels.values())

    def parse(value: Any) -> str | None:
        given = text(value)
        if given is None:
            return None
        if given in labels:
            return labels[given]
        if given in ids:
            return given
        raise CellError(f"{what} '{given}' tidak dikenal; pilih dari daftar")

    return parse


def whole(value: Any) -> int | None:
    """A row number such as "No." (1, 2, …)."""
    amount = number(value)
    if amount is None:
        return None
    if amount != amount.to_integral_value() or amount < 1:
        raise CellError(f"'{plain(amount)}' bukan nomor urut (1, 2, …)")
    return int(amount)


# --- comparing and showing values ------------------------------------------------------


def plain(value: Decimal | int) -> str:
    """A number as plain text with a decimal point and no exponent."""
    if isinstance(value, int) or value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def same_number(a: Decimal | int | None, b: Decimal | int | None) -> bool:
    """Equal, allowing for the float an exported cell went through."""
    if a is None or b is None:
        return a is None and b is None
    return a == b or float(a) == float(b)


def same_target(a: Decimal | Rentang | None, b: Decimal | Rentang | None) -> bool:
    """Equal targets: both missing, both the same number, or the same range."""
    if isinstance(a, Rentang) or isinstance(b, Rentang):
        if not (isinstance(a, Rentang) and isinstance(b, Rentang)):
            return False
        return same_number(a.min, b.min) and same_number(a.maks, b.maks)
    return same_number(a, b)


def target_text(value: Decimal | Rentang) -> str:
    """A range as typed in a cell: "60-70", decimal comma (a dot could mean thousands)."""
    if isinstance(value, Rentang):
        return f"{target_text(value.min)}-{target_text(value.maks)}"
    return plain(value).replace(".", ",")


def show(value: Any) -> str:
    """A value as shown in the list of planned changes."""
    if value is None:
        return "(kosong)"
    if isinstance(value, Rentang):
        return target_text(value)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return plain(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return f"'{value}'"
