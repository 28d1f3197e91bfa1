"""Small charts drawn on the server, with no JavaScript and no style attribute (the site's
Content-Security-Policy): a chart is laid out once as shapes, then written as SVG for the
pages or drawn with reportlab for the PDF, so both show the same picture."""

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.colors import HexColor

from biafed.reporting.registry import part_label

PALETTE = ("#9aa5b1", "#1f6feb", "#2da44e", "#bf8700", "#cf222e", "#8250df")
"""Previous period first (grey), then the period itself (blue), then further series."""
INK = "#444444"
WIDTH, HEIGHT = 360, 180
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 40


@dataclass(frozen=True)
class Shape:
    kind: str  # "rect", "line" or "text"
    x: float
    y: float
    w: float = 0  # width, or x2 for a line
    h: float = 0  # height, or y2 for a line
    fill: str = INK
    text: str = ""
    anchor: str = "middle"


@dataclass
class Chart:
    title: str
    shapes: list[Shape] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _axes(chart: Chart, top: float) -> tuple[float, float]:
    plot_h = chart.height - TOP - BOTTOM
    base = chart.height - BOTTOM
    chart.shapes.append(Shape("line", LEFT, base, chart.width - RIGHT, base))
    for frac in (0.5, 1.0):
        y = base - plot_h * frac
        chart.shapes.append(Shape("line", LEFT, y, chart.width - RIGHT, y, fill="#dddddd"))
        chart.shapes.append(Shape("text", LEFT - 4, y + 3, text=_number(top * frac), anchor="end"))
    chart.shapes.append(Shape("text", LEFT - 4, base + 3, text="0", anchor="end"))
    return base, plot_h


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list]]) -> Chart:
    """Grouped bars: one group per label, one bar per series; None counts as no bar."""
    chart = Chart(title)
    values = [float(v) for _name, vs in series for v in vs if v is not None]
    top = max(values + [0]) or 1
    base, plot_h = _axes(chart, top)
    group_w = (chart.width - LEFT - RIGHT) / max(len(labels), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    for i, label in enumerate(labels):
        x0 = LEFT + i * group_w + group_w * 0.1
        for s, (_name, vs) in enumerate(series):
            if vs[i] is None:
                continue
            h = plot_h * float(vs[i]) / top
            color = PALETTE[s % len(PALETTE)]
            chart.shapes.append(Shape("rect", x0 + s * bar_w, base - h, bar_w * 0.9, h, color))
        if label and (len(labels) <= 12 or i % max(len(labels) // 12, 1) == 0):
            chart.shapes.append(Shape("text", x0 + group_w * 0.4, base + 12, text=label[:14]))
    _legend(chart, [name for name, _vs in series])
    return chart


def line_chart(title: str, labels: list[str], series: list[tuple[str, list]]) -> Chart:
    """One polyline (drawn as segments) per series; gaps where a value is None."""
    chart = Chart(title)
    values = [float(v) for _name, vs in series for v in vs if v is not None]
    top = max(values + [0]) or 1
    base, plot_h = _axes(chart, top)
    step = (chart.width - LEFT - RIGHT) / max(len(labels) - 1, 1)
    for s, (_name, vs) in enumerate(series):
        color = PALETTE[(s + 1) % len(PALETTE)]
        points = [
            (LEFT + i * step, base - plot_h * float(v) / top) if v is not None else None
            for i, v in enumerate(vs)
        ]
        for a, b in zip(points, points[1:], strict=False):
            if a and b:
                chart.shapes.append(Shape("line", a[0], a[1], b[0], b[1], fill=color))
    every = max(len(labels) // 8, 1)
    for i, label in enumerate(labels):
        if i % every == 0:
            chart.shapes.append(Shape("text", LEFT + i * step, base + 12, text=label[:10]))
    _legend(chart, [name for name, _vs in series], first=1 if len(series) == 1 else 0)
    return chart


def _legend(chart: Chart, names: list[str], first: int = 0) -> None:
    x = LEFT
    for s, name in enumerate(names):
        color = PALETTE[(s + first) % len(PALETTE)]
        chart.shapes.append(Shape("rect", x, chart.height - 14, 8, 8, color))
        chart.shapes.append(Shape("text", x + 11, chart.height - 7, text=name, anchor="start"))
        x += 20 + 6 * len(name)


def to_svg(chart: Chart) -> str:
    """The chart as inline SVG: presentation attributes and classes only."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {chart.width} '
        f'{chart.height}" width="{chart.width}" height="{chart.height}" role="img" '
        f"aria-label={quoteattr(chart.title)}><title>{escape(chart.title)}</title>"
    ]
    for s in chart.shapes:
        if s.kind == "rect":
            parts.append(
                f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}" '
                f'fill="{s.fill}"/>'
            )
        elif s.kind == "line":
            parts.append(
                f'<line x1="{s.x:.1f}" y1="{s.y:.1f}" x2="{s.w:.1f}" y2="{s.h:.1f}" '
                f'stroke="{s.fill}" stroke-width="{2 if s.fill != INK and s.fill != "#dddddd" else 1}"/>'
            )
        else:
            parts.append(
                f'<text x="{s.x:.1f}" y="{s.y:.1f}" text-anchor="{s.anchor}" font-size="9" '
                f'fill="{s.fill}">{escape(s.text)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def to_drawing(chart: Chart, scale: float = 1.0) -> Drawing:
    """The same shapes for reportlab (whose y axis points up)."""
    d = Drawing(chart.width * scale, chart.height * scale)
    anchors = {"middle": "middle", "start": "start", "end": "end"}

    def y(value: float) -> float:
        return (chart.height - value) * scale

    for s in chart.shapes:
        color = HexColor(s.fill)
        if s.kind == "rect":
            d.add(
                Rect(
                    s.x * scale,
                    y(s.y + s.h),
                    s.w * scale,
                    s.h * scale,
                    fillColor=color,
                    strokeColor=None,
                )
            )
        elif s.kind == "line":
            d.add(Line(s.x * scale, y(s.y), s.w * scale, y(s.h), strokeColor=color))
        else:
            d.add(
                String(
                    s.x * scale,
                    y(s.y),
                    s.text,
                    fontSize=9 * scale,
                    fillColor=color,
                    textAnchor=anchors[s.anchor],
                )
            )
    return d


def indicator_chart(row: dict, *, previous_label: str, current_label: str) -> Chart:
    """Previous period against this one: one pair of bars, or one pair per part."""
    value, previous = row["value"], row["previous"]
    if isinstance(value, dict):
        keys = list(value)
        prev = [(previous or {}).get(k, 0) for k in keys]
        return bar_chart(
            row["label"],
            [part_label(k) for k in keys],
            [(previous_label, prev), (current_label, list(value.values()))],
        )
    # One value: the heading above names it, so the bars need no label of their own.
    return bar_chart(row["label"], [""], [(previous_label, [previous]), (current_label, [value])])
