"""Which language a request is written in, and its words as each language's stemmer sees them.

A tiny detector: the share of each language's stop words among the text's words
(English, French, Spanish, Portuguese; the stop-word lists of `bm25s`). It is right
for a sentence or more; for a few words it falls back to English, which is what
tool names and most technical words are in anyway.

`fold` lower-cases and strips accents ("Noyaux qui se touchent" and "noyaux qui se
touchent" compare equal, as do "segmentación" and "segmentacion"); `stems` folds
then stems with the language's Snowball stemmer (PyStemmer).
"""

import re
import unicodedata
from functools import cache

import Stemmer
from bm25s.stopwords import (
    STOPWORDS_EN,
    STOPWORDS_FRENCH,
    STOPWORDS_PORTUGUESE,
    STOPWORDS_SPANISH,
)

LANGUAGES = ("en", "fr", "es", "pt")
DEFAULT = "en"
_STEMMER_NAME = {"en": "english", "fr": "french", "es": "spanish", "pt": "portuguese"}
_WORD = re.compile(r"\w+")
MIN_STOPWORDS = 2  # fewer stop words than this: too little to tell, English


def fold(text: str) -> str:
    """Lower-cased, without accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def stopwords(language: str) -> frozenset[str]:
    raw = {
        "en": STOPWORDS_EN,
        "fr": STOPWORDS_FRENCH,
        "es": STOPWORDS_SPANISH,
        "pt": STOPWORDS_PORTUGUESE,
    }.get(language, STOPWORDS_EN)
    return frozenset(fold(w) for w in raw)


@cache
def _distinctive() -> dict[str, frozenset[str]]:
    """Each language's stop words that no other language of LANGUAGES has."""
    out = {}
    for language in LANGUAGES:
        others = frozenset().union(*(stopwords(o) for o in LANGUAGES if o != language))
        out[language] = stopwords(language) - others
    return out


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMER_NAME.get(language, "english"))


def tokens(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    return [fold(w) for w in _WORD.findall(text)]


def words(text: str) -> list[str]:
    """The words of `text` as written, in order (the same positions as `tokens`)."""
    return _WORD.findall(text)


def detect(text: str) -> str:
    """The language of `text` among LANGUAGES: most stop words, distinctive ones counting twice."""
    words = tokens(text)
    distinctive = _distinctive()
    counts = {
        lang: sum((w in stopwords(lang)) + (w in distinctive[lang]) for w in words)
        for lang in LANGUAGES
    }
    best = max(LANGUAGES, key=lambda lang: (counts[lang], lang == DEFAULT))
    return best if counts[best] >= MIN_STOPWORDS else DEFAULT


def stem_all(words: list[str], language: str) -> list[str]:
    """`words` (folded) stemmed in `language`."""
    stemmed: list[str] = _stemmer(language).stemWords(words)
    return stemmed


def phrase_stems(phrase: str, language: str) -> tuple[str, ...]:
    """The stems of a catalogue phrase without its stop words (all of them if only those)."""
    folded = tokens(phrase)
    stop = stopwords(language)
    kept = [w for w in folded if w not in stop] or folded
    return tuple(stem_all(kept, language))


def stems(text: str, language: str) -> list[str]:
    """The folded, stemmed words of `text` in `language`, in order."""
    return stem_all(tokens(text), language)
