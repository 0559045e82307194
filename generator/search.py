"""Indonesian search for the built sites: stop words and Sastrawi roots for Material's worker.

Material for MkDocs 9 searches with lunr.js inside a web worker and has no Indonesian language
(no stemmer, no stop words), nor a query hook on the page any more. Its worker does load
``assets/javascripts/lunr/min/lunr.<lang>.min.js`` for every language the built index names,
so after MkDocs has built a site :func:`indonesianize_index`

* sets the index language to ``id``; the documents are left as MkDocs wrote them, so result
  snippets and their highlighting show the report's own words, not roots;
* writes that ``lunr.id.min.js``: our lunr pipeline (``site_templates/assets/pencarian.js``)
  preceded by this site's data: the root of every word the site contains, computed here with
  PySastrawi, the words of table cells its indexer glued together, and the stop words;
* copies sastrawijs (npm, vendored in ``site_templates/vendor/``) beside it: the worker stems
  only query words that do not occur in the site with it (``layanan`` when the report only
  says ``pelayanan``).
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # type: ignore[import-untyped]

from generator.paths import SASTRAWIJS, SASTRAWIJS_LICENCE, SITE_TEMPLATES

LANGUAGE = "id"
# Material's worker imports lunr.<lang>.min.js from here (relative to the site root).
PLUGIN_DIR = Path("assets/javascripts/lunr/min")
PLUGIN = f"lunr.{LANGUAGE}.min.js"
SCRIPT = SITE_TEMPLATES / "assets" / "pencarian.js"
FALLBACK = "sastrawijs.umd.js"
FALLBACK_LICENCE = "sastrawijs.LICENSE.txt"

# Function words only, all from Sastrawi's own list. Its list also holds words that carry
# meaning in a performance report (tidak, belum, akhir, awal, jumlah, kerja, baik, cukup,
# kurang, sedang, sangat, besar, …: "belum mencapai target", category names), kept searchable.
# A word list reads better as text than as 104 one-line string literals.
STOP_WORDS = frozenset(
    """
    ada adalah adanya adapun agar akan antara anda apa apabila atas atau ataupun bagi bahkan
    bahwa beberapa begitu bila bisa dalam dan dapat daripada demikian dengan di dia dari
    hanya hingga ia ialah ini itu jika juga kalau kami kamu karena ke kepada ketika kita
    lagi lah lebih maka mana masih maupun melalui mengenai menurut merupakan meskipun mereka
    namun nya oleh pada paling para per pula pun saja sampai saya se sebagai sebagaimana
    sebelum sebuah secara sedangkan sehingga sejak selama seluruh semua seperti serta
    setelah setiap siapa suatu sudah supaya tanpa tapi telah tentang terhadap tersebut
    tetapi tiap untuk walaupun yaitu yakni yang
    """.split()  # noqa: SIM905
)

_TAG = re.compile(r"<[^>]*>")
# lunr's trimmer: JavaScript's \W is ASCII-only, so Python's Unicode-aware \W would differ.
_EDGES = re.compile(r"^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$")
_WORD = re.compile(r"[a-z]+")
# Material's indexer joins a table row's cells without a space between them ("Penyediaan ...
# KantorRp 8.000.000"); a lower→upper case change inside one token marks such a seam.
_SEAM = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_MIN_PIECE = 3  # shorter pieces are acronym fragments ("LKjIP") or "Rp", not words


def trim(token: str) -> str:
    """Strip leading and trailing non-word characters, exactly as lunr's trimmer does."""
    return _EDGES.sub("", token)


def raw_tokens(text: str, separator: str) -> list[str]:
    """The tokens Material's worker indexes in ``text``, before lower-casing: markup dropped."""
    pieces = re.split(separator, _TAG.sub(" ", text))
    return [piece for piece in pieces if piece]


def is_stop_word(word: str) -> bool:
    """Whether ``word`` (lower case) is a function word left out of the index and of queries."""
    return word in STOP_WORDS


@functools.cache
def _stemmer() -> Any:
    # Building the stemmer loads Sastrawi's dictionary; do it once per process.
    return StemmerFactory().create_stemmer()


def stem(word: str) -> str:
    """The Sastrawi root of one lower-case word; numbers, codes and the like stay as they are."""
    if not _WORD.fullmatch(word):
        return word
    return str(_stemmer().stem(word)) or word


def glued_words(token: str) -> list[str]:
    """The words of a token glued together from adjacent table cells, else nothing."""
    pieces = _SEAM.split(token)
    if len(pieces) < 2:
        return []
    words = (trim(piece.lower()) for piece in pieces)
    return [w for w in words if len(w) >= _MIN_PIECE and not is_stop_word(w)]


def search_terms(docs: Iterable[Mapping[str, Any]], separator: str) -> dict[str, Any]:
    """This site's data for the worker: ``stems`` (word → root, where they differ) and
    ``pieces`` (glued token → its words), both over every title and text in ``docs``."""
    words: set[str] = set()
    pieces: dict[str, list[str]] = {}
    for doc in docs:
        for field in ("title", "text"):
            for token in raw_tokens(str(doc.get(field) or ""), separator):
                word = trim(token.lower())
                glued = glued_words(token)
                if glued:
                    pieces[word] = glued
                words.update([word, *glued])
    stems = {w: stem(w) for w in sorted(words) if w and not is_stop_word(w)}
    return {
        "stems": {w: root for w, root in stems.items() if root != w},
        "pieces": dict(sorted(pieces.items())),
    }


def indonesian_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """The index's search configuration switched to our ``id`` language, all three stages on."""
    return {**config, "lang": [LANGUAGE], "pipeline": ["stemmer", "stopWordFilter", "trimmer"]}


def plugin_script(terms: Mapping[str, Any], code: str) -> str:
    """``lunr.id.min.js``: the site's data, then the pipeline that reads it."""
    data = {**terms, "stopWords": sorted(STOP_WORDS), "fallback": FALLBACK}
    payload = json.dumps(data, separators=(",", ":"), sort_keys=True)
    return f"/* lkjip: generated, do not edit */\nself.LKJIP_PENCARIAN = {payload};\n{code}"


def indonesianize_index(site_dir: Path) -> int:
    """Switch a built site's search to Indonesian; return its search index size in bytes."""
    folder = site_dir / "search"
    index = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
    config = indonesian_config(index["config"])
    text = json.dumps({**index, "config": config}, separators=(",", ":"))
    (folder / "search_index.json").write_text(text, encoding="utf-8")
    inline = folder / "search_index.js"
    if inline.exists():
        # Material's offline plugin inlines the index so that search works from file:// too.
        inline.write_text(f"var __index = {text}", encoding="utf-8")
    _write_worker_scripts(site_dir / PLUGIN_DIR, search_terms(index["docs"], config["separator"]))
    return len(text.encode("utf-8"))


def _write_worker_scripts(target: Path, terms: Mapping[str, Any]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    code = SCRIPT.read_text(encoding="utf-8")
    (target / PLUGIN).write_text(plugin_script(terms, code), encoding="utf-8")
    shutil.copyfile(SASTRAWIJS, target / FALLBACK)
    # sastrawijs is MIT-licensed: its notice travels with every copy we publish.
    shutil.copyfile(SASTRAWIJS_LICENCE, target / FALLBACK_LICENCE)
