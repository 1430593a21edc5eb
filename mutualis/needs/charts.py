"""Week charts drawn on the server as SVG data: one column per day, one colour per member.

Colour is never the only cue: each block carries the legend number of its member, a <title>, and the
page lists the same blocks in a table.
"""

from mutualis.needs.timeline import DAY_MINUTES, WEEKDAYS, clock

# Colour-blind-safe palette (Okabe–Ito), dark enough for white text.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#7A5195", "#4D4D4D"]
TEXT_ON = {"#56B4E9": "#000000", "#E69F00": "#000000"}
DAY_WIDTH = 110
LABEL_WIDTH = 48
HEADER_HEIGHT = 24
PX_PER_HOUR = 22


def _day_pieces(start, end):
    """Split [start, end) at midnights; the day after Sunday wraps to Monday."""
    pieces = []
    while start < end:
        day_end = (start // DAY_MINUTES + 1) * DAY_MINUTES
        piece_end = min(end, day_end)
        pieces.append(((start // DAY_MINUTES) % 7, start % DAY_MINUTES, piece_end - start))
        start = piece_end
    return pieces


def week_chart(entries, legend_keys=None):
    """SVG geometry for `entries`: dicts with start, end (week minutes), key (legend), label (text).

    Returns a dict with width, height, day headers, hour lines, blocks and the legend
    (number, colour, key) in order of `legend_keys` (default: first appearance).
    """
    keys = list(legend_keys or [])
    for entry in entries:
        if entry["key"] not in keys:
            keys.append(entry["key"])
    colours = {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(keys)}
    numbers = {key: i + 1 for i, key in enumerate(keys)}
    pieces = [(entry, piece) for entry in entries for piece in _day_pieces(entry["start"], entry["end"])]
    if pieces:
        first = min(p[1] for _, p in pieces) // 60
        last = -(-max(p[1] + p[2] for _, p in pieces) // 60)
    else:
        first, last = 8, 18
    first, last = max(0, min(first, 8)), min(24, max(last, first + 4))
    blocks = []
    for entry, (day, offset, length) in pieces:
        colour = colours[entry["key"]]
        height = length / 60 * PX_PER_HOUR
        blocks.append(
            {
                "x": LABEL_WIDTH + day * DAY_WIDTH + 2,
                "y": HEADER_HEIGHT + (offset / 60 - first) * PX_PER_HOUR,
                "width": DAY_WIDTH - 4,
                "height": height,
                "fill": colour,
                "ink": TEXT_ON.get(colour, "#FFFFFF"),
                "number": numbers[entry["key"]],
                "title": f"{entry['label']} — {clock(entry['start'])}–{clock(entry['end'])}",
                "text": f"{numbers[entry['key']]} · {clock(entry['start'])}–{clock(entry['end'])}",
                "show_text": height >= 14,
            }
        )
    hours = [
        {"label": f"{h:02d}:00", "y": HEADER_HEIGHT + (h - first) * PX_PER_HOUR}
        for h in range(first, last + 1)
    ]
    days = [
        {
            "label": label,
            "x": LABEL_WIDTH + day * DAY_WIDTH + DAY_WIDTH / 2,
            "line": LABEL_WIDTH + day * DAY_WIDTH,
        }
        for day, label in WEEKDAYS
    ]
    return {
        "width": LABEL_WIDTH + 7 * DAY_WIDTH,
        "height": HEADER_HEIGHT + (last - first) * PX_PER_HOUR + 4,
        "grid_right": LABEL_WIDTH + 7 * DAY_WIDTH,
        "days": days,
        "hours": hours,
        "blocks": blocks,
        "legend": [{"number": numbers[k], "colour": colours[k], "key": k, "name": k} for k in keys],
    }
