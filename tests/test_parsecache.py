"""The parse cache: a warm read gives exactly what parsing gives, and a damaged, foreign or
unusual cache never makes a read fail or return other values."""

from __future__ import annotations

import datetime as dt
import os
import stat
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import parsecache, store
from generator.errors import DataErrors
from generator.load import load_project, resolve_selection
from generator.result_checks import load_and_validate
from generator.yamlsource import YamlError, parse_text
from generator.yamlsource import read_document as parse_file
from tests.conftest import DATA, edit


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own; returns its ``yaml`` folder."""
    monkeypatch.setenv("LKJIP_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / parsecache.KIND


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{parsecache.SUFFIX}"))


def _same(a: object, b: object) -> bool:
    """Equal, with the same types throughout (Decimal("5") == 5, but is not the same value)."""
    return a == b and repr(a) == repr(b)


def _issues(path: Path) -> list[str]:
    try:
        _, issues = load_and_validate(path)
    except DataErrors as exc:
        issues = list(exc.issues)
    return [issue.format() for issue in issues]


def test_warm_load_of_the_example_data_equals_a_cold_one(cache: Path) -> None:
    selection = resolve_selection(DATA)
    cold = load_project(selection)
    assert len(_entries(cache)) > 20  # every example file was stored
    before = {p: p.stat().st_mtime_ns for p in _entries(cache)}
    warm = load_project(selection)
    assert {p: p.stat().st_mtime_ns for p in _entries(cache)} == before  # read, not rewritten
    assert cold == warm
    for kab_cold, kab_warm in zip(cold.kabupaten, warm.kabupaten, strict=True):
        for kec_cold, kec_warm in zip(kab_cold.kecamatan, kab_warm.kecamatan, strict=True):
            for year_cold, year_warm in zip(kec_cold.years, kec_warm.years, strict=True):
                for name, doc in year_cold.docs.items():
                    other = year_warm.docs[name]
                    assert _same(doc.data, other.data)
                    assert list(doc.positions.items()) == list(other.positions.items())


def test_warm_validation_of_the_example_data_reports_the_same_issues(cache: Path) -> None:
    cold = _issues(DATA)
    assert _entries(cache)
    assert _issues(DATA) == cold


def test_a_broken_file_gives_the_same_message_cold_warm_and_without_cache(
    data_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = next(data_dir.rglob("laporan.yaml"))
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "rusak: [1, 2\n", encoding="utf-8")
    cold = _issues(data_dir)
    assert any("laporan.yaml" in line and "YAML tidak valid" in line for line in cold)
    assert _issues(data_dir) == cold
    monkeypatch.setenv("LKJIP_CACHE", store.OFF)
    assert _issues(data_dir) == cold


def test_a_schema_error_is_located_the_same_from_the_cache(data_dir: Path, cache: Path) -> None:
    target = data_dir / "contoh" / "kabupaten.yaml"
    if not target.exists():
        target = next(data_dir.rglob("kabupaten.yaml"))
    target.write_text(target.read_text(encoding="utf-8") + "kunci_asing: 1\n", encoding="utf-8")
    cold = _issues(data_dir)
    assert any("kunci_asing" in line for line in cold)
    assert _issues(data_dir) == cold


def test_a_changed_file_is_parsed_again(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("nilai: 1.50\n", encoding="utf-8")
    assert parsecache.read_document(path, "a.yaml").data == {"nilai": Decimal("1.50")}
    path.write_text("nilai: 2.50\n", encoding="utf-8")
    assert parsecache.read_document(path, "a.yaml").data == {"nilai": Decimal("2.50")}
    assert len(_entries(cache)) == 2
    path.write_text("nilai: 1.50\n", encoding="utf-8")  # the old bytes: the old entry
    assert parsecache.read_document(path, "a.yaml").data == {"nilai": Decimal("1.50")}
    assert len(_entries(cache)) == 2


def test_a_file_with_errors_is_not_stored(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(YamlError, match="kunci ganda"):
            parsecache.read_document(path, "a.yaml")
    assert not _entries(cache)


def test_the_cache_can_be_turned_off(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LKJIP_CACHE", store.OFF)
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert parsecache.read_document(path, "a.yaml").data == {"a": 1}
    assert not (tmp_path / "0").exists() and not Path("0").exists()
    assert not cache.exists()


def _stored(tmp_path: Path, cache: Path, text: str) -> tuple[Path, Path]:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    parsecache.read_document(path, "a.yaml")
    (entry,) = _entries(cache)
    return path, entry


def _forged(blob: bytes) -> bytes:
    """``blob`` with the JSON inside changed to read 99 where it read 1, checksum refreshed."""
    packed = blob.partition(b"\n")[2]
    body = zlib.decompress(packed).replace(b":1}", b":99}")
    return parsecache._head(body) + zlib.compress(body)


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob[:-3] + bytes(b ^ 0xFF for b in blob[-3:]),  # bits flipped
        lambda blob: b"",
        lambda blob: b"lkjip-yaml-0" + blob[len(parsecache.FORMAT) :],  # another format
        lambda blob: blob.partition(b"\n")[0] + b"\n" + zlib.compress(b'{"data":1}'),
        lambda blob: b"\x80\x04\x95pickle\n",
    ],
    ids=["truncated", "flipped", "empty", "format", "checksum", "pickle"],
)
def test_a_damaged_entry_is_a_miss(tmp_path: Path, cache: Path, damage: object) -> None:
    path, entry = _stored(tmp_path, cache, "a: 1\nb: [x, 2.5, 2024-01-31]\n")
    expected = parse_file(path, "a.yaml")
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    found = parsecache.read_document(path, "a.yaml")
    assert found == expected and _same(found.data, expected.data)
    assert parsecache.recall(entry) is not None  # and the entry was written again


def test_a_changed_body_is_caught_by_the_checksum(tmp_path: Path, cache: Path) -> None:
    path, entry = _stored(tmp_path, cache, "a: 1\n")
    blob = entry.read_bytes()
    forged = _forged(blob)
    entry.write_bytes(blob.partition(b"\n")[0] + b"\n" + forged.partition(b"\n")[2])
    assert parsecache.read_document(path, "a.yaml").data == {"a": 1}
    entry.write_bytes(forged)  # with its own checksum, the same body is read: the guard
    assert parsecache.read_document(path, "a.yaml").data == {"a": 99}


def test_entries_that_do_not_fit_their_values_are_misses() -> None:
    good = parsecache.encode(
        {"a": [1, Decimal("5")]}, {(): (1, 1), ("a",): (1, 1), ("a", 0): (1, 5), ("a", 1): (1, 8)}
    )
    assert parsecache.decode(good) == (
        {"a": [1, Decimal("5")]},
        {(): (1, 1), ("a",): (1, 1), ("a", 0): (1, 5), ("a", 1): (1, 8)},
    )
    for body in (
        b'{"data":{"a":1},"special":[],"positions":[1,1]}',  # too few positions
        b'{"data":1,"special":[],"positions":[1,1,1,1]}',  # too many
        b'{"data":1,"special":[],"positions":[0,1]}',  # line 0
        b'{"data":1,"special":[],"positions":[true,1]}',
        b'{"data":"x","special":[[1,"d","5"]],"positions":[1,1]}',  # no node 1
        b'{"data":1,"special":[[0,"d","5"]],"positions":[1,1]}',  # not a text
        b'{"data":"x","special":[[0,"t","2024-02-30"]],"positions":[1,1]}',
        b'{"data":"x","special":[[0,"d","NaN"]],"positions":[1,1]}',
        b'{"data":NaN,"special":[],"positions":[1,1]}',
        b'{"data":1,"special":[],"positions":[1,1],"extra":0}',
        b"[]",
        b"{",
    ):
        with pytest.raises(parsecache._Unfit):
            parsecache.decode(body)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root reads anything")
def test_an_unreadable_entry_is_a_miss(tmp_path: Path, cache: Path) -> None:
    path, entry = _stored(tmp_path, cache, "a: 1\n")
    entry.chmod(0)
    assert parsecache.read_document(path, "a.yaml").data == {"a": 1}


def test_unusual_entries_are_misses(tmp_path: Path, cache: Path) -> None:
    path, entry = _stored(tmp_path, cache, "a: 1\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(_forged(entry.read_bytes()))
    entry.unlink()
    entry.symlink_to(elsewhere)  # never read through a link
    assert parsecache.read_document(path, "a.yaml").data == {"a": 1}
    entry.unlink()
    os.mkfifo(entry)  # never blocks on a pipe
    assert parsecache.read_document(path, "a.yaml").data == {"a": 1}
    entry.unlink()
    entry.mkdir()  # cannot be replaced by an entry: only costs speed
    assert parsecache.read_document(path, "a.yaml").data == {"a": 1}


def test_a_cache_folder_others_could_write_to_is_not_used(tmp_path: Path, cache: Path) -> None:
    cache.mkdir(parents=True)
    cache.chmod(0o777)
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert parsecache.read_document(path, "a.yaml").data == {"a": 1}
    assert not _entries(cache)


def test_a_linked_cache_folder_is_not_used(tmp_path: Path, cache: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    cache.parent.mkdir()
    cache.symlink_to(real)
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert parsecache.read_document(path, "a.yaml").data == {"a": 1}
    assert not list(real.iterdir())


def test_a_cache_that_cannot_be_made_costs_only_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "berkas"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("LKJIP_CACHE", str(blocker / "cache"))
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert parsecache.read_document(path, "a.yaml").data == {"a": 1}


def test_the_folder_is_private(tmp_path: Path, cache: Path) -> None:
    _stored(tmp_path, cache, "a: 1\n")
    assert stat.S_IMODE(cache.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(_entries(cache)[0].stat().st_mode) & 0o077 == 0


def test_trimming_removes_the_least_recently_used(tmp_path: Path) -> None:
    for i in range(10):
        entry = tmp_path / f"{i}{parsecache.SUFFIX}"
        entry.write_bytes(b"x" * 100)
        os.utime(entry, (1000 + i, 1000 + i))
    parsecache.trim(tmp_path, 1000)  # 1000 bytes in 10 entries: nothing to do
    assert len(list(tmp_path.iterdir())) == 10
    parsecache.trim(tmp_path, 500)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"{i}{parsecache.SUFFIX}" for i in (7, 8, 9)
    ]


def test_a_hit_makes_an_old_entry_recent(tmp_path: Path, cache: Path) -> None:
    path, entry = _stored(tmp_path, cache, "a: 1\n")
    os.utime(entry, (1000, 1000))
    parsecache.read_document(path, "a.yaml")
    assert entry.stat().st_mtime > 1000


_SCALARS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(
        lambda d: f"{d:f}" if "." in f"{d:f}" else f"{d:f}.0"
    ),
    st.sampled_from(["1.", "-0.0", "+1.5", ".5", "0.000", "true", "no", "~", "null", ""]),
    st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)).map(str),
    st.text("abc xyz:-é'", max_size=8).map(lambda t: '"' + t.replace('"', "") + '"'),
)
_KEYS = st.text("abcdefgh_", min_size=1, max_size=5)


def _yaml(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return _SCALARS
    inner = _yaml(depth - 1)
    flow_list = st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")
    flow_map = st.dictionaries(_KEYS, inner, max_size=4).map(
        lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"
    )
    return st.one_of(inner, flow_list, flow_map)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEYS, _yaml(3), max_size=6))
def test_the_stored_form_reads_back_as_the_parse(document: dict[str, str]) -> None:
    text = "".join(f"{key}: {value}\n" for key, value in document.items())
    try:
        doc = parse_text(text, Path("x.yaml"), "x.yaml")
    except YamlError:
        return
    data, positions = parsecache.decode(parsecache.encode(doc.data, doc.positions))
    assert _same(data, doc.data)
    assert list(positions.items()) == list(doc.positions.items())


@pytest.mark.parametrize("text", ["", "# kosong\n", "~\n", "- 1\n- [2.0, {a: 2024-01-01}]\n"])
def test_edge_documents_read_back_as_the_parse(text: str) -> None:
    doc = parse_text(text, Path("x.yaml"), "x.yaml")
    data, positions = parsecache.decode(parsecache.encode(doc.data, doc.positions))
    assert _same(data, doc.data) and positions == doc.positions


def test_a_document_whose_texts_could_pass_for_numbers_is_not_stored() -> None:
    with pytest.raises(parsecache._Unfit):
        parsecache.encode({"a": "\x001.5"}, {(): (1, 1), ("a",): (1, 1)})
    with pytest.raises(parsecache._Unfit):
        parsecache.encode({"a": 1.5}, {(): (1, 1), ("a",): (1, 1)})  # a float: never parsed
    with pytest.raises(parsecache._Unfit):
        parsecache.encode({"a": 1}, {("a",): (1, 1), (): (1, 1)})  # not in pre-order


def test_validation_of_edited_data_matches_an_uncached_one(
    data_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _issues(data_dir)  # fills the cache
    kec = next(data_dir.rglob("kecamatan.yaml"))
    text = kec.read_text(encoding="utf-8")
    edit(kec, text.splitlines()[0], text.splitlines()[0] + "  # diubah")
    warm = _issues(data_dir)
    monkeypatch.setenv("LKJIP_CACHE", store.OFF)
    assert _issues(data_dir) == warm
