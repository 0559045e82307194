"""Turn pydantic validation errors into located Indonesian messages."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.errors import Issue
from generator.yamlsource import Document, Loc

_MESSAGES: dict[str, str] = {
    "missing": "wajib diisi",
    "string_type": "harus berupa teks",
    "int_type": "harus bilangan bulat",
    "int_parsing": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat",
    "int_parsing_size": "bilangan bulat terlalu panjang",
    "bool_type": "harus ya/tidak (true/false)",
    "bool_parsing": "harus ya/tidak (true/false)",
    "date_type": "harus tanggal dengan format YYYY-MM-DD",
    "date_parsing": "harus tanggal dengan format YYYY-MM-DD",
    "date_from_datetime_parsing": "harus tanggal dengan format YYYY-MM-DD",
    "list_type": "harus berupa daftar (baris diawali '- ')",
    "dict_type": "harus berupa pemetaan kunci: nilai",
    "model_type": "harus berupa pemetaan kunci: nilai",
    "model_attributes_type": "harus berupa pemetaan kunci: nilai",
    "decimal_type": "harus angka",
    "decimal_parsing": "harus angka",
    "string_pattern_mismatch": "hanya boleh huruf kecil, angka dan '_' dan diawali huruf",
    "frozen_instance": "tidak boleh diubah",
}


def validate_document(
    doc: Document, model: type[BaseModel]
) -> tuple[BaseModel | None, list[Issue]]:
    """Validate a document against its model; return the model or the located issues."""
    data = {} if doc.data is None else doc.data
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_to_issue(doc, model, err) for err in exc.errors()]


def validate_tolerant(
    doc: Document, model: type[BaseModel]
) -> tuple[BaseModel | None, list[Issue], list[Loc]]:
    """Like ``validate_document``, but when the only thing wrong is unknown keys, also
    return the model built with those keys left out, and where they were.

    The issues still report every unknown key; the model only lets the later stages
    (cross-checks, formulas) run on the rest of the file in the same pass, so a typo
    does not hide the other problems until it is fixed.
    """
    data = {} if doc.data is None else doc.data
    try:
        return model.model_validate(data), [], []
    except ValidationError as exc:
        errors = exc.errors()
    issues = [_to_issue(doc, model, err) for err in errors]
    if any(err["type"] != "extra_forbidden" for err in errors):
        return None, issues, []
    pruned = copy.deepcopy(data)
    dropped = [_drop(pruned, tuple(err["loc"])) for err in errors]
    try:
        result = model.model_validate(pruned)
    except ValidationError:
        return None, issues, []
    return result, issues, [_clean_loc(model, loc) for loc in dropped]


def _drop(data: Any, raw: Loc) -> Loc:
    """Remove the key at pydantic's ``raw`` location from ``data``; return that location.

    Parts that are not keys or indices of the data (union member tags) are skipped.
    """
    node = data
    for part in raw[:-1]:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_dict or in_list:
            node = node[part]
    if isinstance(node, dict):
        node.pop(raw[-1], None)
    return raw


def _to_issue(doc: Document, model: type[BaseModel], err: ErrorDetails) -> Issue:
    loc = _clean_loc(model, tuple(err["loc"]))
    return doc.issue(loc, _message(model, loc, err))


def _clean_loc(model: type[BaseModel], raw: Loc) -> Loc:
    """Drop the parts pydantic adds for union members (e.g. 'decimal', 'Rentang')."""
    current: Any = model
    kept: list[str | int] = []
    for part in raw:
        nxt = _step(current, part) if current is not None else None
        if nxt is None and _is_tag(part) and not _is_model_position(current):
            continue
        kept.append(part)
        current = nxt
    return tuple(kept)


def _is_model_position(annotation: Any) -> bool:
    members = [m for m in _members(annotation) if m is not type(None)]
    return len(members) == 1 and _find_model(members[0]) is not None


def _is_tag(part: str | int) -> bool:
    return isinstance(part, str) and (part[:1].isupper() or "[" in part or part in _UNION_TAGS)


_UNION_TAGS = frozenset({"decimal", "function-before", "function-after", "none", "int", "str"})


def _message(model: type[BaseModel], loc: Loc, err: ErrorDetails) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        hint = ""
        if err.get("input") is None:
            hint = " (bila ini sisa teks yang mengandung koma, apit teksnya dengan tanda kutip)"
        return _unknown_key(model, loc) + hint
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    if kind == "literal_error":
        return f"harus salah satu dari {ctx.get('expected', '')}".replace(" or ", " atau ")
    if kind in ("greater_than_equal", "greater_than"):
        return f"harus ≥ {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"harus ≤ {ctx.get('le', ctx.get('lt'))}"
    if kind == "too_short":
        return f"minimal {ctx.get('min_length')} isian"
    if kind == "too_long":
        return f"maksimal {ctx.get('max_length')} isian"
    base = _MESSAGES.get(kind)
    if base is None:
        return f"nilai tidak valid ({err['msg']})"
    return f"{base}, bukan {_show(err.get('input'))}" if kind != "missing" else base


def _show(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"tanggal {value.isoformat()}"
    if isinstance(value, dict):
        return "pemetaan kunci: nilai"
    if isinstance(value, list):
        return "daftar"
    text = str(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def _unknown_key(model: type[BaseModel], loc: Loc) -> str:
    known = _fields_at(model, loc[:-1])
    key = str(loc[-1])
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"kunci tidak dikenal; maksud Anda '{close[0]}'?"
    return f"kunci tidak dikenal; yang dikenal: {', '.join(known)}"


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Walk the model's annotations along ``loc`` and list the field names found there."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    model_cls = _find_model(current)
    return list(model_cls.model_fields) if model_cls else []


def _step(annotation: Any, part: str | int) -> Any:
    model_cls = _find_model(annotation)
    if isinstance(part, str) and model_cls is not None and part in model_cls.model_fields:
        return model_cls.model_fields[part].annotation
    for arg in _members(annotation):
        origin = typing.get_origin(arg)
        if origin is list and isinstance(part, int):
            return typing.get_args(arg)[0]
        if origin is dict:
            return typing.get_args(arg)[1]
    return None


def _members(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return [m for arg in typing.get_args(annotation) for m in _members(arg)]
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    return [annotation]


def _find_model(annotation: Any) -> type[BaseModel] | None:
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None
