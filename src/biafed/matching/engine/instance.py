"""An allocation instance: slots, requests, analysts and parameters, as plain data.

`load_instance` / `dump_instance` read and write the JSON format documented in
docs/allocation.md; `validate` lists every problem of an instance in plain
words, and the loaders raise `InstanceError` with all of them at once.
"""

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

FORMAT = "biafed-allocation/1"
LEVELS = ("expert", "advise")
TEXT_SCORERS = ("bm25", "embedding")  # how free text is compared with the vocabulary
DEFAULT_TEXT_SCORER = "bm25"


class InstanceError(ValueError):
    """An instance that cannot be solved as given; `errors` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__(
            "invalid allocation instance:\n" + "\n".join(f"  - {e}" for e in self.errors)
        )


@dataclass(frozen=True)
class Slot:
    id: int
    rooms: int
    day: str = ""  # slots of the same day share the analysts' daily caps
    label: str = ""


@dataclass(frozen=True)
class Request:
    id: int
    allowed_slots: frozenset[int]  # the requester can attend these; never elsewhere unless pinned
    preferred_slots: dict[int, float] = field(default_factory=dict)  # slot -> weight in [0, 1]
    primary_tool: int | None = None  # a term id: one panelist must know it, when anyone can
    terms: frozenset[int] = frozenset()
    institution: str = ""
    conflicts: frozenset[int] = frozenset()  # analyst ids declared in conflict of interest
    pinned_slot: int | None = None  # coordinator's move: held there or not at all
    pinned_analysts: frozenset[int] = frozenset()  # coordinator's pins: on the panel if held
    language: str = ""
    label: str = ""
    text: str = ""  # free text of the request (its problem description), for the affinity
    # What the understanding pipeline read in the answers (engine/understand.py): term ->
    # weight in (0, 1]. When given, they replace the terms BM25 alone finds in `text` (names
    # and synonyms found there still count, at TEXT_WEIGHT, when no need weighs more).
    needs: dict[int, float] = field(default_factory=dict)
    main_need: int | None = None  # its strongest need: the panel should cover it (a bonus)
    need_words: dict[int, str] = field(default_factory=dict)  # need -> the words suggesting it


@dataclass(frozen=True)
class Analyst:
    id: int
    site: int
    institution: str
    available_slots: frozenset[int]
    daily_cap: int = 3
    accepted_rules: bool = True
    expertise: dict[int, str] = field(default_factory=dict)  # term id -> "expert" | "advise"
    past_load: int = 0  # sessions on earlier days, for fairness only
    held_sessions: dict[str, int] = field(default_factory=dict)  # day -> sessions already confirmed
    languages: frozenset[str] = frozenset()
    name: str = ""
    text: str = ""  # free text of the analyst's profile, for the affinity


@dataclass(frozen=True)
class Parameters:
    panel_min: int = 2
    panel_max: int = 3
    top_k: int = 8  # candidate analysts per request in each of its slots, best by affinity
    text_scorer: str = DEFAULT_TEXT_SCORER  # one of TEXT_SCORERS (engine/text.py)


@dataclass(frozen=True)
class Instance:
    slots: tuple[Slot, ...]
    requests: tuple[Request, ...]
    analysts: tuple[Analyst, ...]
    parameters: Parameters = Parameters()
    term_names: dict[int, str] = field(default_factory=dict)
    name: str = ""
    # The vocabulary to find and relate terms with (`engine.text.Vocabulary`, or a function
    # returning it, called when first needed): the Django side passes the catalogue's;
    # when None, one is made from `term_names`.
    vocabulary: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "slots", tuple(self.slots))
        object.__setattr__(self, "requests", tuple(self.requests))
        object.__setattr__(self, "analysts", tuple(self.analysts))

    def slot(self, slot_id: int) -> Slot:
        return self.slot_by_id[slot_id]

    @cached_property
    def slot_by_id(self) -> dict[int, Slot]:
        return {s.id: s for s in self.slots}

    @cached_property
    def request_by_id(self) -> dict[int, Request]:
        return {r.id: r for r in self.requests}

    @cached_property
    def analyst_by_id(self) -> dict[int, Analyst]:
        return {a.id: a for a in self.analysts}

    def slots_of(self, request: Request) -> list[int]:
        """The slots `request` may be held in, in slot order: its pin, or its allowed slots."""
        if request.pinned_slot is not None:
            return [request.pinned_slot] if request.pinned_slot in self.slot_by_id else []
        return [s.id for s in self.slots if s.id in request.allowed_slots]

    def term_name(self, term: int) -> str:
        return self.term_names.get(term, f"term {term}")


# --- Validation -------------------------------------------------------------------------------


def _duplicates(ids: Iterable[int]) -> list[int]:
    seen, dup = set(), []
    for i in ids:
        if i in seen and i not in dup:
            dup.append(i)
        seen.add(i)
    return dup


def validate(instance: Instance) -> list[str]:
    """Every problem of `instance`, in plain words; an empty list when it can be solved."""
    errors: list[str] = []
    p = instance.parameters
    if p.panel_min < 1:
        errors.append(f"parameters.panel_min: must be at least 1, not {p.panel_min}")
    if p.panel_max < p.panel_min:
        errors.append(
            f"parameters.panel_max: must be at least panel_min ({p.panel_min}), not {p.panel_max}"
        )
    if p.top_k < p.panel_max:
        errors.append(
            f"parameters.top_k: must be at least panel_max ({p.panel_max}), not {p.top_k}"
        )
    if p.text_scorer not in TEXT_SCORERS:
        errors.append(
            f"parameters.text_scorer: expected one of {', '.join(TEXT_SCORERS)},"
            f" not {p.text_scorer!r}"
        )
    for kind, items in (
        ("slot", instance.slots),
        ("request", instance.requests),
        ("analyst", instance.analysts),
    ):
        for dup in _duplicates(i.id for i in items):
            errors.append(f"{kind}s: id {dup} appears more than once")
    slot_ids = {s.id for s in instance.slots}
    analyst_ids = {a.id for a in instance.analysts}
    days = {s.day for s in instance.slots}
    for i, s in enumerate(instance.slots):
        if s.rooms < 0:
            errors.append(f"slots[{i}] (id {s.id}): rooms must be 0 or more, not {s.rooms}")
    for i, r in enumerate(instance.requests):
        where = f"requests[{i}] (id {r.id})"
        for slot in sorted(r.allowed_slots - slot_ids):
            errors.append(f"{where}.allowed_slots: slot {slot} is not a slot of the instance")
        for slot, weight in sorted(r.preferred_slots.items()):
            if slot not in r.allowed_slots:
                errors.append(f"{where}.preferred_slots: slot {slot} is not among allowed_slots")
            if not (isinstance(weight, int | float) and 0 <= weight <= 1 and math.isfinite(weight)):
                errors.append(
                    f"{where}.preferred_slots: weight of slot {slot} must be between 0 and 1, not {weight!r}"
                )
        if r.pinned_slot is not None and r.pinned_slot not in slot_ids:
            errors.append(
                f"{where}.pinned_slot: slot {r.pinned_slot} is not a slot of the instance"
            )
        for a in sorted(r.conflicts - analyst_ids):
            errors.append(f"{where}.conflicts: analyst {a} is not an analyst of the instance")
        for missing in sorted(r.pinned_analysts - analyst_ids):
            errors.append(
                f"{where}.pinned_analysts: analyst {missing} is not an analyst of the instance"
            )
        if len(r.pinned_analysts) > p.panel_max:
            errors.append(
                f"{where}.pinned_analysts: {len(r.pinned_analysts)} analysts pinned, "
                f"more than panel_max ({p.panel_max})"
            )
    for i, analyst in enumerate(instance.analysts):
        where = f"analysts[{i}] (id {analyst.id})"
        for slot in sorted(analyst.available_slots - slot_ids):
            errors.append(f"{where}.available_slots: slot {slot} is not a slot of the instance")
        if analyst.daily_cap < 0:
            errors.append(f"{where}.daily_cap: must be 0 or more, not {analyst.daily_cap}")
        if analyst.past_load < 0:
            errors.append(f"{where}.past_load: must be 0 or more, not {analyst.past_load}")
        for term, level in sorted(analyst.expertise.items()):
            if level not in LEVELS:
                errors.append(
                    f"{where}.expertise: level of term {term} must be one of "
                    f"{', '.join(LEVELS)}, not {level!r}"
                )
        for day, held in sorted(analyst.held_sessions.items()):
            if day not in days:
                errors.append(f"{where}.held_sessions: day {day!r} has no slot in the instance")
            if held < 0:
                errors.append(f"{where}.held_sessions: must be 0 or more on {day!r}, not {held}")
    return errors


def check(instance: Instance) -> Instance:
    """`instance` itself, or `InstanceError` listing every problem."""
    errors = validate(instance)
    if errors:
        raise InstanceError(errors)
    return instance


# --- JSON -------------------------------------------------------------------------------------


class _Reader:
    """Reads one JSON object field by field, collecting errors with their path."""

    def __init__(self, data: Any, where: str, errors: list[str], allowed: Iterable[str]):
        self.where, self.errors = where, errors
        if not isinstance(data, dict):
            errors.append(f"{where}: must be an object, not {_kind(data)}")
            data = {}
        self.data = data
        for key in data:
            if key not in allowed:
                errors.append(
                    f"{where}: unknown field {key!r} (expected one of {', '.join(sorted(allowed))})"
                )

    def _bad(self, key: str, expected: str, value: Any) -> None:
        self.errors.append(f"{self.where}.{key}: must be {expected}, not {_kind(value)}")

    def integer(self, key: str, default: int | None = None) -> int:
        """The integer `key`; without a `default`, a missing field is an error."""
        if key not in self.data:
            if default is None:
                self.errors.append(f"{self.where}: missing field {key!r}")
                return 0
            return default
        value = self.data[key]
        if not _is_int(value):
            self._bad(key, "an integer", value)
            return 0
        return int(value)

    def optional_integer(self, key: str) -> int | None:
        """The integer `key`, or None when it is missing or null."""
        if self.data.get(key) is None:
            return None
        return self.integer(key)

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str):
            self._bad(key, "a string", value)
            return default
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self._bad(key, "true or false", value)
            return default
        return value

    def integers(self, key: str, *, required: bool = False) -> frozenset[int]:
        if key not in self.data:
            if required:
                self.errors.append(f"{self.where}: missing field {key!r}")
            return frozenset()
        value = self.data[key]
        if not isinstance(value, list) or not all(_is_int(v) for v in value):
            self._bad(key, "a list of integers", value)
            return frozenset()
        return frozenset(value)

    def texts(self, key: str) -> frozenset[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._bad(key, "a list of strings", value)
            return frozenset()
        return frozenset(value)

    def mapping(
        self, key: str, *, int_keys: bool, check: Callable[[Any], bool], expected: str
    ) -> dict[Any, Any]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            self._bad(key, f"an object of {expected}", value)
            return {}
        out: dict[Any, Any] = {}
        for k, v in value.items():
            if int_keys:
                try:
                    k = int(k)
                except ValueError:
                    self.errors.append(
                        f"{self.where}.{key}: key {k!r} must be an integer id written as a string"
                    )
                    continue
            if not check(v):
                self.errors.append(
                    f"{self.where}.{key}: value for {k!r} must be {expected}, not {_kind(v)}"
                )
                continue
            out[k] = v
        return out


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


_TOP = ("format", "name", "parameters", "terms", "slots", "requests", "analysts")
_PARAMETERS = ("panel_min", "panel_max", "top_k", "text_scorer")
_SLOT = ("id", "rooms", "day", "label")
_REQUEST = (
    "id",
    "label",
    "allowed_slots",
    "preferred_slots",
    "primary_tool",
    "terms",
    "institution",
    "conflicts",
    "pinned_slot",
    "pinned_analysts",
    "language",
    "text",
    "needs",
    "main_need",
    "need_words",
)
_ANALYST = (
    "id",
    "name",
    "site",
    "institution",
    "available_slots",
    "daily_cap",
    "accepted_rules",
    "expertise",
    "past_load",
    "held_sessions",
    "languages",
    "text",
)


def _list(data: dict[str, Any], key: str, errors: list[str]) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        errors.append(f"{key}: must be a list, not {_kind(value)}")
        return []
    return value


def instance_from_dict(data: Any) -> Instance:
    """An `Instance` from parsed JSON; `InstanceError` lists every problem found."""
    errors: list[str] = []
    top = _Reader(data, "instance", errors, _TOP)
    fmt = top.text("format", FORMAT)
    if fmt != FORMAT:
        errors.append(f"instance.format: expected {FORMAT!r}, not {fmt!r}")
    defaults = Parameters()
    pr = _Reader(top.data.get("parameters", {}), "parameters", errors, _PARAMETERS)
    parameters = Parameters(
        panel_min=pr.integer("panel_min", defaults.panel_min),
        panel_max=pr.integer("panel_max", defaults.panel_max),
        top_k=pr.integer("top_k", defaults.top_k),
        text_scorer=pr.text("text_scorer", defaults.text_scorer),
    )
    term_names = top.mapping(
        "terms", int_keys=True, check=lambda v: isinstance(v, str), expected="a string"
    )
    slots = []
    for i, raw in enumerate(_list(top.data, "slots", errors)):
        s = _Reader(raw, f"slots[{i}]", errors, _SLOT)
        slots.append(
            Slot(
                id=s.integer("id"),
                rooms=s.integer("rooms"),
                day=s.text("day"),
                label=s.text("label"),
            )
        )
    requests = []
    for i, raw in enumerate(_list(top.data, "requests", errors)):
        r = _Reader(raw, f"requests[{i}]", errors, _REQUEST)
        requests.append(
            Request(
                id=r.integer("id"),
                label=r.text("label"),
                allowed_slots=r.integers("allowed_slots", required=True),
                preferred_slots=r.mapping(
                    "preferred_slots",
                    int_keys=True,
                    check=_is_number,
                    expected="a number between 0 and 1",
                ),
                primary_tool=r.optional_integer("primary_tool"),
                terms=r.integers("terms"),
                institution=r.text("institution"),
                conflicts=r.integers("conflicts"),
                pinned_slot=r.optional_integer("pinned_slot"),
                pinned_analysts=r.integers("pinned_analysts"),
                language=r.text("language"),
                text=r.text("text"),
                needs=r.mapping(
                    "needs", int_keys=True, check=_is_number, expected="a number between 0 and 1"
                ),
                main_need=r.optional_integer("main_need"),
                need_words=r.mapping(
                    "need_words", int_keys=True, check=_is_text, expected="a string"
                ),
            )
        )
    analysts = []
    for i, raw in enumerate(_list(top.data, "analysts", errors)):
        a = _Reader(raw, f"analysts[{i}]", errors, _ANALYST)
        analysts.append(
            Analyst(
                id=a.integer("id"),
                name=a.text("name"),
                site=a.integer("site"),
                institution=a.text("institution"),
                available_slots=a.integers("available_slots", required=True),
                daily_cap=a.integer("daily_cap", 3),
                accepted_rules=a.flag("accepted_rules", True),
                expertise=a.mapping(
                    "expertise",
                    int_keys=True,
                    check=lambda v: isinstance(v, str),
                    expected='"expert" or "advise"',
                ),
                past_load=a.integer("past_load", 0),
                held_sessions=a.mapping(
                    "held_sessions", int_keys=False, check=_is_int, expected="an integer"
                ),
                languages=a.texts("languages"),
                text=a.text("text"),
            )
        )
    if errors:
        raise InstanceError(errors)
    return check(
        Instance(
            slots=tuple(slots),
            requests=tuple(requests),
            analysts=tuple(analysts),
            parameters=parameters,
            term_names=term_names,
            name=top.text("name"),
        )
    )


def instance_to_dict(instance: Instance) -> dict[str, Any]:
    """The JSON-ready form of `instance`, which `instance_from_dict` reads back unchanged."""
    p = instance.parameters
    return {
        "format": FORMAT,
        "name": instance.name,
        "parameters": {
            "panel_min": p.panel_min,
            "panel_max": p.panel_max,
            "top_k": p.top_k,
            "text_scorer": p.text_scorer,
        },
        "terms": {str(k): v for k, v in sorted(instance.term_names.items())},
        "slots": [
            {"id": s.id, "rooms": s.rooms, "day": s.day, "label": s.label} for s in instance.slots
        ],
        "requests": [
            {
                "id": r.id,
                "label": r.label,
                "allowed_slots": sorted(r.allowed_slots),
                "preferred_slots": {str(k): v for k, v in sorted(r.preferred_slots.items())},
                "primary_tool": r.primary_tool,
                "terms": sorted(r.terms),
                "institution": r.institution,
                "conflicts": sorted(r.conflicts),
                "pinned_slot": r.pinned_slot,
                "pinned_analysts": sorted(r.pinned_analysts),
                "language": r.language,
                "text": r.text,
                "needs": {str(k): v for k, v in sorted(r.needs.items())},
                "main_need": r.main_need,
                "need_words": {str(k): v for k, v in sorted(r.need_words.items())},
            }
            for r in instance.requests
        ],
        "analysts": [
            {
                "id": a.id,
                "name": a.name,
                "site": a.site,
                "institution": a.institution,
                "available_slots": sorted(a.available_slots),
                "daily_cap": a.daily_cap,
                "accepted_rules": a.accepted_rules,
                "expertise": {str(k): v for k, v in sorted(a.expertise.items())},
                "past_load": a.past_load,
                "held_sessions": dict(sorted(a.held_sessions.items())),
                "languages": sorted(a.languages),
                "text": a.text,
            }
            for a in instance.analysts
        ],
    }


def loads_instance(text: str) -> Instance:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InstanceError([f"not valid JSON: {e}"]) from None
    return instance_from_dict(data)


def load_instance(path: str | Path) -> Instance:
    return loads_instance(Path(path).read_text(encoding="utf-8"))


def dumps_instance(instance: Instance, *, indent: int | None = 2) -> str:
    return json.dumps(instance_to_dict(instance), indent=indent, ensure_ascii=False)


def dump_instance(instance: Instance, path: str | Path) -> None:
    Path(path).write_text(dumps_instance(instance) + "\n", encoding="utf-8")
