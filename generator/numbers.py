"""Parse numbers written the way Indonesian officials write them.

Rules (documented in docs/data.md):

* A YAML number (``88.61``, ``2273853295``) is read exactly as written, as ``Decimal``.
* A string may use Indonesian notation: ``.`` separates thousands and ``,`` marks decimals
  (``"2.273.853.295"``, ``"88,61"``, ``"1.234,5"``). ``Rp``, ``%`` and a trailing ``,-`` are ignored.
* A single ``.`` followed by exactly three digits (``1.000``, ``"2.273"``) is ambiguous:
  thousands or decimals? It is rejected, quoted or not.
* A single ``.`` followed by other than three digits (``"3.36"``) can only be a decimal point.
* Every number has at most 15 digits before the decimal mark (less than 10^15, a thousand
  trillion: a kabupaten budget is about 10^12) and at most 10 after it. Within these bounds
  every computation, format and spelling downstream stays exact and cannot overflow.

Rounding for display (``round_half_up``) lives here too, beside parsing: grading and every
output format round the same way.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")  # all used with fullmatch
_COMMA_DECIMAL = re.compile(r"[+-]?\d+,\d+")
_PLAIN = re.compile(r"[+-]?\d+")
_DOT_DECIMAL = re.compile(r"[+-]?\d+\.\d+")
_AMBIGUOUS = re.compile(r"[+-]?\d{1,3}\.\d{3}")

MAX_INTEGER_DIGITS = 15
MAX_DECIMALS = 10
LIMIT = Decimal(10) ** MAX_INTEGER_DIGITS

NOT_AVAILABLE = frozenset({"n/a", "na", "-", "tidak ada", "t/a"})


class NumberFormatError(ValueError):
    """A string that is not a number, or an ambiguous one; the message is user-facing."""


def is_ambiguous(text: str) -> bool:
    """Tell whether ``text`` has a single dot followed by exactly three digits."""
    return bool(_AMBIGUOUS.fullmatch(text.strip()))


def parse_number(text: str) -> Decimal:
    """Parse an Indonesian-formatted number string into an exact ``Decimal``."""
    cleaned = _strip_decorations(text)
    if _AMBIGUOUS.fullmatch(cleaned):
        raise NumberFormatError(
            f"angka '{text}' ambigu: titik bisa berarti ribuan atau desimal; "
            f"tulis '{cleaned.replace('.', '')}' untuk ribuan atau '{cleaned.replace('.', ',')}' "
            "untuk desimal"
        )
    if _THOUSANDS.fullmatch(cleaned):
        return _to_decimal(cleaned.replace(".", "").replace(",", "."), text)
    if _COMMA_DECIMAL.fullmatch(cleaned):
        return _to_decimal(cleaned.replace(",", "."), text)
    if _PLAIN.fullmatch(cleaned) or _DOT_DECIMAL.fullmatch(cleaned):
        return _to_decimal(cleaned, text)
    raise NumberFormatError(f"'{text}' bukan angka (contoh yang benar: 2.273.853.295 atau 88,61)")


def check_bounds(value: Decimal, shown: object) -> Decimal:
    """Return ``value`` if it is finite and within the documented bounds (see above)."""
    if not value.is_finite():
        raise NumberFormatError(f"'{_short(shown)}' bukan angka yang terhingga")
    if abs(value) >= LIMIT:
        raise NumberFormatError(
            f"angka {_short(shown)} terlalu besar: paling banyak {MAX_INTEGER_DIGITS} angka "
            "sebelum koma (kurang dari 1.000 triliun)"
        )
    if _decimals(value) > MAX_DECIMALS:
        raise NumberFormatError(
            f"angka {_short(shown)} terlalu banyak angka di belakang koma "
            f"(paling banyak {MAX_DECIMALS})"
        )
    return value


def _decimals(value: Decimal) -> int:
    """Count significant digits after the decimal point, exactly (no context rounding)."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + trailing))


def _short(shown: object) -> str:
    """A number as quoted in a message, shortened: it may have thousands of digits."""
    text = shown if isinstance(shown, str) else _plain(shown)
    return text if len(text) <= 40 else f"{text[:12]}…{text[-6:]} ({len(text)} karakter)"


def _plain(value: object) -> str:
    if isinstance(value, int) and abs(value) >= 10**100:  # str() of a huge int is slow or refused
        return "(bilangan lebih dari 100 angka)"
    if isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) <= 40:
        return f"{value:f}"  # as written (0.0001), not in exponent form (1E-4)
    return str(value)


def _strip_decorations(text: str) -> str:
    cleaned = text.strip()
    cleaned = re.sub(r"^Rp\.?\s*", "", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(r",-\Z", "", cleaned)
    cleaned = re.sub(r"\s*%\Z", "", cleaned)
    return cleaned.replace(" ", "")


def _to_decimal(cleaned: str, original: str) -> Decimal:
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - regexes admit only valid forms
        raise NumberFormatError(f"'{original}' bukan angka") from exc
    return check_bounds(value, original)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round for display: half-up, never banker's rounding.

    The context is as precise as the result needs: a ratio of two bounded inputs (say
    10^14 against a target of 10^-10) has more digits than the default 28, and quantize
    refuses to round to more digits than the context holds."""
    if not value.is_finite():
        raise ValueError(f"nilai tak terhingga tidak dapat dibulatkan: {value}")
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, value.adjusted() + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
