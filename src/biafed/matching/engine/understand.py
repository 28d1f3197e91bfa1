"""Understanding a request: from its answers to ranked tools and methods, with evidence.

`Understander(catalogue)` indexes the catalogue once; `understand(answers)` reads a
request's answers (one text or `(field, text)` pairs, in en/fr/es/pt) and returns
its needs, best first, each with the evidence that supports it:

- ``name``: the entry's name in the text ("cellpose"), strongest;
- ``alias``: one of its aliases ("ImageJ" for Fiji);
- ``feature``: a feature phrase of the entry in the text's language ("noyaux qui se
  touchent"), weaker when many entries share it;
- ``operation``: the EDAM bridge: words for an operation ("separate touching cells"
  -> Image segmentation) make the method a need and give the tools performing it a
  small share, larger when few tools perform it;
- ``text``: BM25 over the entry's description and features in the text's language;
  a document matched by a single word is never enough (stem collisions such as
  "correlation" -> correlative microscopy), and BM25 alone gives a low weight;
- ``past``: tools recorded in similar past consultations (`similar.py`).

A need's weight is the noisy-or of its evidence weights, in (0, 1). A need with
weight below `GUESS_BELOW` is a *guess*: shown, used as a soft preference, never a
constraint. All the numbers are in the block below.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from biafed.matching.engine import languages
from biafed.matching.engine.catalogue import Catalogue, Entry, ancestors
from biafed.matching.engine.retrieval import BM25, PhraseIndex

# --- Weights: every number of the understanding, here and nowhere else ----------------------
NAME_WEIGHT = 0.95
ALIAS_WEIGHT = 0.85
FEATURE_PHRASE_WEIGHT = 0.6  # a feature of two words or more, shared by no other entry
FEATURE_WORD_WEIGHT = 0.3  # a one-word feature, shared by no other entry
FOREIGN_FEATURE = 0.8  # an English feature found in a text in another language
CONCEPT_PHRASE_WEIGHT = 0.7  # words of an EDAM operation (label, synonym, plain words)
CONCEPT_WORD_WEIGHT = 0.4
ANCESTOR_SHARE = 0.8  # an operation found in the text counts this much for its parents
BRIDGE_WEIGHT = 0.3  # share of an operation's weight given to a tool that performs it
BRIDGE_FEW_TOOLS = 6  # ... in full when at most this many tools perform it
TEXT_WEIGHT = 0.3  # BM25, for the best-scoring document (others in proportion): a guess alone
TEXT_MIN_MATCHED = 2  # distinct words a BM25 document must share with the text
TEXT_MAX_RESULTS = 12
PAST_WEIGHT = 0.35  # a tool recorded in a similar past consultation, times its similarity
TOOL_METHOD_SHARE = 0.4  # a method performed by a tool needed (not a guess), times its weight
PARENT_SHARE = 0.5
HOST_PRIOR = 0.2  # ranking only: x (1 + HOST_PRIOR ln(1 + plugins of the entry))  # a plugin's host application gets this share of the plugin's weight
GUESS_BELOW = 0.35
MIN_WEIGHT = 0.05
# Names that are common words: found only when written with their capitals ("HALO", "Icy").
COMMON_WORDS = frozenset(
    {"ants", "halo", "icy", "care", "galaxy", "zen", "harmony", "columbus", "snakes", "napari"}
    - {"napari"}
)
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    path: str  # name, alias, feature, operation, text, past
    words: str  # the request's words that matched (or the past case's title)
    via: str = ""  # the catalogue phrase, the operation's EDAM id, or the past case's id
    weight: float = 0.0
    field: str = ""  # which answer the words come from


@dataclass(frozen=True)
class Need:
    entry: int
    family: str
    weight: float
    evidence: tuple[Evidence, ...]

    @property
    def guess(self) -> bool:
        """Low evidence: a soft preference, never a constraint."""
        return self.weight < GUESS_BELOW

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.path for e in self.evidence))


@dataclass(frozen=True)
class Understanding:
    language: str
    needs: tuple[Need, ...]  # best first

    def of_family(self, *families: str) -> list[Need]:
        return [n for n in self.needs if n.family in families]

    def weights(self) -> dict[int, float]:
        return {n.entry: n.weight for n in self.needs}


Answers = str | Sequence[tuple[str, str]]


class Understander:
    """The catalogue indexed for reading requests in every language."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.entries = {e.id: e for e in catalogue.entries}
        self.by_slug = {e.slug: e for e in catalogue.entries}
        self.concepts = {c.edam_id: c for c in catalogue.concepts}
        self._ancestors = ancestors(catalogue.concepts)
        self._method_of = {e.edam: e.id for e in catalogue.entries if e.edam}
        self._children: dict[int, int] = {}
        for e in catalogue.entries:
            host = self.by_slug.get(e.parent or "")
            if host is not None:
                self._children[host.id] = self._children.get(host.id, 0) + 1
        self._names: PhraseIndex[int] = PhraseIndex()
        self._capital: dict[str, list[tuple[int, float, str]]] = {}
        for e in catalogue.entries:
            names = {e.name, *e.names.values()}
            for phrase, strength in [(n, NAME_WEIGHT) for n in names] + [
                (a, ALIAS_WEIGHT) for a in e.aliases
            ]:
                words = languages.tokens(phrase)
                if not words or len(phrase.strip()) < 2:
                    continue
                if e.family != "tool":
                    continue  # method names are found by the concept phrases, per language
                if len(words) == 1 and _common(words[0]):
                    self._capital.setdefault(phrase.strip(), []).append((e.id, strength, phrase))
                    continue
                self._names.add(words, e.id, strength, phrase)
        self._features: dict[str, PhraseIndex[int]] = {}
        self._concept_phrases: dict[str, PhraseIndex[str]] = {}
        self._bm25: dict[str, BM25[int]] = {}
        self._tools_of: dict[str, list[int]] = {}
        for e in catalogue.entries:
            if e.family == "tool":
                for op in {a for o in e.operations for a in self._ancestors.get(o, {o})}:
                    self._tools_of.setdefault(op, []).append(e.id)
        for language in languages.LANGUAGES:
            self._index_language(language)

    def _index_language(self, language: str) -> None:
        stem = languages.phrase_stems
        document_frequency: dict[tuple[str, ...], int] = {}
        phrases: list[tuple[tuple[str, ...], int, str]] = []
        for e in self.catalogue.entries:
            if e.family != "tool":
                continue
            for f in e.features.get(language, ()):
                words = stem(f, language)
                if words:
                    phrases.append((words, e.id, f))
        for words, _id, _f in phrases:
            document_frequency[words] = document_frequency.get(words, 0) + 1
        features: PhraseIndex[int] = PhraseIndex()
        for words, entry, phrase in phrases:
            base = FEATURE_PHRASE_WEIGHT if len(words) > 1 else FEATURE_WORD_WEIGHT
            features.add(words, entry, base / math.sqrt(document_frequency[words]), phrase)
        self._features[language] = features
        concepts: PhraseIndex[str] = PhraseIndex()
        for c in self.catalogue.concepts:
            said = [*c.words.get(language, ()), c.labels.get(language, "")]
            if language == "en":
                said += list(c.synonyms)
            for phrase in said:
                words = stem(phrase, language)
                if words and not all(w in languages.stopwords(language) for w in words):
                    strength = CONCEPT_PHRASE_WEIGHT if len(words) > 1 else CONCEPT_WORD_WEIGHT
                    concepts.add(words, c.edam_id, strength, phrase)
        self._concept_phrases[language] = concepts
        stop = languages.stopwords(language)
        documents = []
        for e in self.catalogue.entries:
            parts = [e.name, *e.names.values(), *e.aliases, *e.features.get(language, ())]
            parts.append(e.descriptions.get(language, ""))
            if e.edam and e.edam in self.concepts:
                c = self.concepts[e.edam]
                parts += [c.plain.get(language, ""), *c.words.get(language, ())]
            folded = [w for w in languages.tokens(" ".join(parts)) if w not in stop and len(w) > 1]
            documents.append((e.id, languages.stem_all(folded, language)))
        self._bm25[language] = BM25(documents)

    # -- Reading a request ---------------------------------------------------------------------

    def understand(
        self,
        answers: Answers,
        *,
        language: str | None = None,
        past: Iterable[tuple[str, float, Sequence[int]]] = (),
    ) -> Understanding:
        """The needs of a request, best first. `past`: (case id, similarity, tools)."""
        segments = [("", answers)] if isinstance(answers, str) else list(answers)
        text = "\n".join(t for _f, t in segments)
        language = language if language in languages.LANGUAGES else languages.detect(text)
        r = _Reading(segments, language)
        for hit in self._names.find(r.folded, r.literal).values():
            path = "name" if hit.strength >= NAME_WEIGHT else "alias"
            r.add(hit.key, Evidence(path, hit.words, hit.phrase, hit.strength, r.field(hit.start)))
        for field_name, t in segments:
            for written, targets in self._capital.items():
                if _written(written, t):
                    for entry, strength, as_written in targets:
                        path = "name" if strength >= NAME_WEIGHT else "alias"
                        r.add(entry, Evidence(path, written, as_written, strength, field_name))
        for lang, factor in r.languages():
            for f in self._features[lang].find(r.stems(lang), r.literal).values():
                ev = Evidence("feature", f.words, f.phrase, f.strength * factor, r.field(f.start))
                r.add(f.key, ev)
        self._operations(r)
        self._text(r)
        for case_id, similarity, tools in past:
            for tool in tools:
                if tool in self.entries:
                    r.add(tool, Evidence("past", "", case_id, PAST_WEIGHT * similarity))
        return Understanding(language, tuple(self._needs(r.evidence)))

    def _operations(self, r: "_Reading") -> None:
        """The EDAM bridge: operations named in the text, their methods and tools."""
        found: dict[str, tuple[float, str, int]] = {}  # id -> strength, words, position
        for lang, factor in r.languages():
            for c in self._concept_phrases[lang].find(r.stems(lang), r.literal).values():
                if c.strength * factor > found.get(c.key, (0.0, "", 0))[0]:
                    found[c.key] = (c.strength * factor, c.words, c.start)
        direct = set(found)
        for edam_id, (strength, words, start) in list(found.items()):
            for above in self._ancestors.get(edam_id, ()):  # cell segmentation is segmentation
                share = strength * ANCESTOR_SHARE
                if above in self._method_of and share > found.get(above, (0.0, "", 0))[0]:
                    found[above] = (share, words, start)
        for edam_id, (strength, words, start) in found.items():
            method = self._method_of.get(edam_id)
            if method is not None:
                r.add(method, Evidence("operation", words, edam_id, strength, r.field(start)))
            if edam_id not in direct:
                continue  # its tools are reached from the operation found
            tools = self._tools_of.get(edam_id, [])
            share = BRIDGE_WEIGHT * min(1.0, math.sqrt(BRIDGE_FEW_TOOLS / max(1, len(tools))))
            for tool in tools:
                ev = Evidence("operation", words, edam_id, strength * share, r.field(start))
                r.add(tool, ev)

    def _text(self, r: "_Reading") -> None:
        """BM25 in the text's language; a document needs TEXT_MIN_MATCHED distinct words."""
        stems = r.stems(r.language)
        stop = languages.stopwords(r.language)
        query = [w for w in stems if w not in stop and len(w) > 1]
        results = [
            x for x in self._bm25[r.language].search(query) if len(x.matched) >= TEXT_MIN_MATCHED
        ][:TEXT_MAX_RESULTS]
        if not results:
            return
        top = results[0].score
        first: dict[str, int] = {}
        for i, w in enumerate(stems):
            first.setdefault(w, i)
        for x in results:
            said = list(dict.fromkeys(r.literal[first[w]] for w in x.matched if w in first))
            where = r.field(first.get(x.matched[0], -1))
            r.add(x.key, Evidence("text", ", ".join(said), "", TEXT_WEIGHT * x.score / top, where))

    def _needs(self, evidence: dict[int, list[Evidence]]) -> list[Need]:
        weights = {entry: _noisy_or(e.weight for e in evs) for entry, evs in evidence.items()}
        for entry, weight in list(weights.items()):  # a tool needed: what it does is needed too
            tool = self.entries[entry]
            if tool.family != "tool" or weight < GUESS_BELOW:
                continue
            for op in tool.operations:
                method = self._method_of.get(op)
                if method is not None:
                    evidence.setdefault(method, []).append(
                        Evidence("tool", "", tool.slug, weight * TOOL_METHOD_SHARE)
                    )
        weights = {entry: _noisy_or(e.weight for e in evs) for entry, evs in evidence.items()}
        for entry in list(weights):
            parent = self.by_slug.get(self.entries[entry].parent or "")
            if parent is not None and parent.id not in weights:
                share = weights[entry] * PARENT_SHARE
                if share >= MIN_WEIGHT:
                    evidence[parent.id] = [Evidence("parent", "", self.entries[entry].slug, share)]
                    weights[parent.id] = share
        needs = [
            Need(entry, self.entries[entry].family, round(w, 3), tuple(_strongest(evidence[entry])))
            for entry, w in weights.items()
            if w >= MIN_WEIGHT
        ]
        needs.sort(key=lambda n: (-self._ranked(n), self.entries[n.entry].slug))
        return needs

    def _ranked(self, need: Need) -> float:
        """The order of suggestions: the weight, a little more for hosts of many plugins
        (the general applications experts start from); weights themselves stay as found."""
        return need.weight * (1 + HOST_PRIOR * math.log1p(self._children.get(need.entry, 0)))

    # -- Reading entries -------------------------------------------------------------------------

    def entry(self, entry_id: int) -> Entry:
        return self.entries[entry_id]


_GAP = 8  # words between two answers


class _Reading:
    """One request's words, as written, folded and stemmed, and the evidence found so far."""

    def __init__(self, segments: Sequence[tuple[str, str]], language: str):
        self.language = language
        self.literal: list[str] = []  # the words as written
        self.folded: list[str] = []
        self._fields: list[str] = []
        for field_name, text in segments:
            if self.literal:  # no phrase spans two answers
                self.literal += [""] * _GAP
                self.folded += ["\x00"] * _GAP
                self._fields += [""] * _GAP
            words = languages.words(text)
            self.literal += words
            self.folded += [languages.fold(w) for w in words]
            self._fields += [field_name] * len(words)
        self._stems: dict[str, list[str]] = {}
        self.evidence: dict[int, list[Evidence]] = {}

    def add(self, entry: int, evidence: Evidence) -> None:
        self.evidence.setdefault(entry, []).append(evidence)

    def field(self, position: int) -> str:
        return self._fields[position] if 0 <= position < len(self._fields) else ""

    def stems(self, language: str) -> list[str]:
        if language not in self._stems:
            self._stems[language] = languages.stem_all(self.folded, language)
        return self._stems[language]

    def languages(self) -> list[tuple[str, float]]:
        """The text's language, then English (technical words), with how much each counts."""
        if self.language == "en":
            return [("en", 1.0)]
        return [(self.language, 1.0), ("en", FOREIGN_FEATURE)]


def _common(word: str) -> bool:
    return word in COMMON_WORDS or any(
        word in languages.stopwords(lang) for lang in languages.LANGUAGES
    )


def _written(phrase: str, text: str) -> bool:
    """`phrase` in `text` as a whole word, with its capitals."""
    at = text.find(phrase)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(phrase)] if at + len(phrase) < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        at = text.find(phrase, at + 1)
    return False


def _noisy_or(weights: Iterable[float]) -> float:
    miss = 1.0
    for w in weights:
        miss *= 1.0 - min(0.99, max(0.0, w))
    return 1.0 - miss


def _strongest(evidence: list[Evidence]) -> list[Evidence]:
    return sorted(evidence, key=lambda e: -e.weight)
