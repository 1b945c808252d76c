"""The picture of a site: one row per warp request, one cell per 32-byte segment, as text and
as SVG (written under .kata/pictures when a test fails)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from graders.meters.coalescing.segments import SEGMENT

if TYPE_CHECKING:  # annotations only: trace imports this module for Site's pictures
    from graders.meters.coalescing.trace import Request, Site

# ---------------------------------------------------------------------------------------
# Pictures
# ---------------------------------------------------------------------------------------

LEGEND = ("one row per warp request, one character per 32-byte segment: '#' all 32 bytes used, "
          "'=' 16-31 used, '-' 1-15 used, '.' untouched, '/' a run of untouched segments left out")


def _shade(used: int) -> str:
    return "#" if used >= SEGMENT else "=" if used >= SEGMENT // 2 else "-"


def _cells(req: Request) -> list[tuple[str, int | None]]:
    """(char, used bytes) per displayed cell; gaps of 3+ untouched segments become one '/'."""
    cells: list[tuple[str, int | None]] = []
    prev = None
    for seg, used in req.segments:
        if prev is not None:
            gap = seg - prev - 1
            cells.extend([(".", 0)] * gap if gap <= 2 else [("/", None)])
        cells.append((_shade(used), used))
        prev = seg
    return cells


def _pick(site: Site, rows: int) -> list[Request]:
    """Requests over their ideal first (the ones to look at), then the rest, in launch order."""
    over = np.flatnonzero(site.counts > site.ideals)
    rest = np.flatnonzero(site.counts <= site.ideals)
    return [site.request(int(i)) for i in np.concatenate([over, rest])[:rows]]


def _label(site: Site, r: Request) -> str:
    loop = bool(len(site.meta)) and bool(site.meta[:, 4].max() > 0)
    barriers = bool(len(site.meta)) and bool(site.meta[:, 3].max() > 0)
    b = ",".join(map(str, r.block))
    return (f"block ({b}) warp {r.warp}" + (f" after sync {r.epoch}" if barriers else "")
            + (f" pass {r.occurrence}" if loop else ""))


def _text_picture(site: Site, rows: int, width: int) -> str:
    if site.untraceable or not site.n_requests:
        return f"    (no picture: {site.untraceable or 'no requests'})"
    shown = _pick(site, rows)
    labels = [_label(site, r) for r in shown]
    pad = max(map(len, labels))
    lines = [f"    {LEGEND}"]
    for label, r in zip(labels, shown):
        chars = "".join(c for c, _ in _cells(r))
        if len(chars) > width:
            chars = chars[:width] + f" +{len(chars) - width}"
        lines.append(f"    {label:<{pad}}  {r.lanes:>2} lanes {r.count:>2} segs (ideal {r.ideal}) "
                     f"from seg {r.segments[0][0]:<5} |{chars}|")
    if site.n_requests > len(shown):
        lines.append(f"    ... {site.n_requests - len(shown)} more requests")
    return "\n".join(lines)


_COLORS = {"#": "#1a7f37", "=": "#8fd19e", "-": "#f0883e", ".": "#eeeeee"}


def _svg_picture(site: Site, rows: int) -> str:
    from html import escape

    shown = _pick(site, rows) if not site.untraceable else []
    labels = [f"{_label(site, r)}: {r.count} segs (ideal {r.ideal})" for r in shown]
    cell, top = 12, 54
    left = 16 + 7 * max((len(t) for t in labels), default=0)  # monospace 11px: about 7px a character
    widths = [len(_cells(r)) for r in shown] or [1]
    cols = min(max(widths), 160)
    w = max(left + cols * cell + 20, 16 + 8 * len(site.describe()), 980)
    h = top + max(1, len(shown)) * (cell + 4) + 50
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="monospace" font-size="11">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="8" y="18" font-size="13">{escape(site.describe())}</text>',
           '<text x="8" y="36">one row per warp request, one square per 32-byte segment it touched '
           '(dark: all 32 bytes used, light: 16-31, orange: 1-15, grey: untouched, / : skipped gap)</text>']
    if site.untraceable:
        out.append(f'<text x="8" y="{top + 10}">not traced: {escape(site.untraceable)}</text>')
    for row, r in enumerate(shown):
        y = top + row * (cell + 4)
        out.append(f'<text x="8" y="{y + 10}">{escape(labels[row])}</text>')
        for col, (ch, used) in enumerate(_cells(r)[:cols]):
            x = left + col * cell
            if ch == "/":
                out.append(f'<text x="{x + 3}" y="{y + 10}">/</text>')
                continue
            tip = f"{used} of 32 bytes used"
            out.append(f'<rect x="{x}" y="{y}" width="{cell - 1}" height="{cell - 1}" fill="{_COLORS[ch]}">'
                       f'<title>{tip}</title></rect>')
    out.append(f'<text x="8" y="{h - 12}">{escape(site.where)}: {site.n_requests} requests in all</text>')
    out.append("</svg>")
    return "\n".join(out)


def pictures_folder() -> Path:
    """Where failure pictures go: $KATA_PICTURES, else .kata/pictures in the checkout (git-ignored)."""
    env = os.environ.get("KATA_PICTURES")
    if env:
        return Path(env)
    from graders import paths

    return paths.find_root() / ".kata" / "pictures"


WRITTEN: list[Path] = []  # every picture this process wrote: the board lists them at the end


def save_picture(site: Site, folder: Path | None = None) -> Path:
    """Write the site's SVG picture and return its path (open it in a browser)."""
    folder = Path(folder) if folder is not None else pictures_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(site.file).stem
    safe = "".join(c if c.isalnum() else "_" for c in site.array)
    path = folder / f"{stem}_{site.line}_{site.kind}_{safe}.svg"
    path.write_text(site.svg(), encoding="utf-8")
    WRITTEN.append(path)
    return path
