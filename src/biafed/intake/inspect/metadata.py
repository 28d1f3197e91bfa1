"""Building the report's metadata: pixel sizes with units, channel colours, OME-XML."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

UNIT_ALIASES = {
    "um": "µm",
    "µm": "µm",
    "μm": "µm",  # Greek mu
    "micron": "µm",
    "microns": "µm",
    "micrometer": "µm",
    "micrometre": "µm",
    "\\u00B5m": "µm",
    "nm": "nm",
    "nanometer": "nm",
    "nanometre": "nm",
    "mm": "mm",
    "millimeter": "mm",
    "cm": "cm",
    "centimeter": "cm",
    "m": "m",
    "meter": "m",
    "inch": "inch",
}

# Fluorescence-like defaults when a file names no colours.
DEFAULT_COLORS = ["#00ff00", "#ff00ff", "#00ffff", "#ff0000", "#ffff00", "#0000ff", "#ffffff"]


def norm_unit(unit) -> str:
    unit = (str(unit) if unit is not None else "").strip()
    return UNIT_ALIASES.get(unit.lower(), UNIT_ALIASES.get(unit, unit))


def pixel_size(value, unit, *, verified: bool) -> dict | None:
    """{"value", "unit", "verified"} or None for a missing or meaningless size."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    if not value > 0 or value != value or value == float("inf"):
        return None
    return {"value": round(value, 9), "unit": norm_unit(unit) or "µm", "verified": verified}


def pixel_sizes(x=None, y=None, z=None) -> dict:
    return {k: v for k, v in (("x", x), ("y", y), ("z", z)) if v}


def default_color(index: int, count: int) -> str:
    if count == 1:
        return "#ffffff"
    return DEFAULT_COLORS[index % len(DEFAULT_COLORS)]


def channels_with_colors(names, colors, count: int) -> list[dict]:
    """One {"name", "color"} per channel, filling gaps with defaults."""
    names = list(names or [])
    colors = list(colors or [])
    out = []
    for i in range(count):
        name = names[i] if i < len(names) and names[i] else f"Channel {i + 1}"
        color = colors[i] if i < len(colors) and colors[i] else default_color(i, count)
        out.append({"name": str(name), "color": color})
    return out


def ome_color(value) -> str | None:
    """OME's signed 32-bit RGBA integer to "#rrggbb"."""
    try:
        v = int(value) & 0xFFFFFFFF
    except (TypeError, ValueError):
        return None
    return f"#{(v >> 24) & 255:02x}{(v >> 16) & 255:02x}{(v >> 8) & 255:02x}"


def hex_color(value) -> str | None:
    """ "FF00FF", "#ff00ff" or an int (0xRRGGBB) to "#rrggbb"."""
    if value is None:
        return None
    if isinstance(value, int):
        return f"#{value & 0xFFFFFF:06x}"
    s = str(value).strip().lstrip("#")
    if re.fullmatch(r"[0-9a-fA-F]{6}", s):
        return "#" + s.lower()
    if re.fullmatch(r"[0-9a-fA-F]{8}", s):  # AARRGGBB (Zeiss) -> RRGGBB
        return "#" + s[2:].lower()
    return None


def iso_date(value) -> str | None:
    """An ISO 8601 string from a datetime or a common date text; None if unparseable."""
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    s = str(value).strip()
    for fmt in (
        "%Y-%m-%dT%H:%M:%S.%f%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S.%f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y:%m:%d %H:%M:%S",
        "%m/%d/%y %H:%M:%S",
        "%m/%d/%Y %H:%M:%S",
        "%Y-%m-%d",
    ):
        try:
            return dt.datetime.strptime(s, fmt).isoformat()
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el, name):
    return [c for c in el if _local(c.tag) == name]


def _child(el, name):
    found = _children(el, name)
    return found[0] if found else None


def parse_ome_xml(xml: str, image_index: int = 0) -> dict:
    """Pixel sizes, channels, instrument, objective and date of one OME Image."""
    out: dict = {}
    try:
        root = ET.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
    except ET.ParseError:
        return out
    images = _children(root, "Image")
    if not images:
        return out
    image = images[min(image_index, len(images) - 1)]
    pixels = _child(image, "Pixels")
    if pixels is not None:
        a = pixels.attrib
        out["pixel_sizes"] = pixel_sizes(
            pixel_size(a.get("PhysicalSizeX"), a.get("PhysicalSizeXUnit", "µm"), verified=True),
            pixel_size(a.get("PhysicalSizeY"), a.get("PhysicalSizeYUnit", "µm"), verified=True),
            pixel_size(a.get("PhysicalSizeZ"), a.get("PhysicalSizeZUnit", "µm"), verified=True),
        )
        chans = _children(pixels, "Channel")
        out["channel_names"] = [c.attrib.get("Name") or c.attrib.get("Fluor") for c in chans]
        out["channel_colors"] = [ome_color(c.attrib.get("Color")) for c in chans]
        samples = [int(c.attrib.get("SamplesPerPixel", "1") or 1) for c in chans]
        out["samples_per_pixel"] = max(samples) if samples else 1
    date = _child(image, "AcquisitionDate")
    if date is not None and date.text:
        out["acquired_at"] = iso_date(date.text)
    # Instrument and objective referenced by the image (or the only ones present).
    instruments = {i.attrib.get("ID"): i for i in _children(root, "Instrument")}
    ref = _child(image, "InstrumentRef")
    instrument = instruments.get(ref.attrib.get("ID")) if ref is not None else None
    if instrument is None and len(instruments) == 1:
        instrument = next(iter(instruments.values()))
    if instrument is not None:
        micro = _child(instrument, "Microscope")
        if micro is not None:
            words = [micro.attrib.get(k) for k in ("Manufacturer", "Model", "Type")]
            out["instrument"] = " ".join(w for w in words if w) or None
        objectives = {o.attrib.get("ID"): o for o in _children(instrument, "Objective")}
        oref = _child(image, "ObjectiveSettings")
        objective = objectives.get(oref.attrib.get("ID")) if oref is not None else None
        if objective is None and len(objectives) == 1:
            objective = next(iter(objectives.values()))
        if objective is not None:
            out["objective"] = describe_objective(
                model=objective.attrib.get("Model"),
                magnification=objective.attrib.get("NominalMagnification"),
                na=objective.attrib.get("LensNA"),
                immersion=objective.attrib.get("Immersion"),
            )
    return out


def describe_objective(*, model=None, magnification=None, na=None, immersion=None) -> str | None:
    """ "Plan-Apochromat 63x/1.40 Oil" from its parts (whichever exist)."""
    parts = []
    if model:
        parts.append(str(model))
    mag = ""
    try:
        if magnification not in (None, ""):
            m = float(magnification)
            mag = f"{m:g}x"
    except ValueError:
        pass
    try:
        if na not in (None, ""):
            mag = f"{mag}/{float(na):.2f}" if mag else f"NA {float(na):.2f}"
    except ValueError:
        pass
    if mag and (not model or mag.split("/")[0] not in str(model)):
        parts.append(mag)
    if immersion and immersion not in ("Other", "Air"):
        parts.append(str(immersion))
    return " ".join(parts) or None
