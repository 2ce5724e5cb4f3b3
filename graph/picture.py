"""A deterministic node-link picture of an ego network, drawn on the server as inline SVG.

Layout: the researcher at the centre; co-authors on an inner ring (the strongest, up to
INNER_RING) and an outer ring (the rest), each ordered clockwise by strength from the top, the
outer ring offset half a step so its nodes sit between the inner ones. Rings are ellipses
wider than tall, because labels are wide. Labels sit outside their node, away from the centre
(above the top nodes, below the bottom ones, beside the others) and are shortened to fit, so
they do not overlap for up to MAX_NODES nodes (tests check the label boxes).
No JavaScript: every node is a link to the person's page.
"""

import math
from dataclasses import dataclass

WIDTH = 820
HEIGHT = 470
CX, CY = WIDTH / 2, HEIGHT / 2
INNER_RING = 8
MAX_NODES = 24  # co-authors, besides the centre
INNER_RX, INNER_RY = 150, 100
OUTER_RX, OUTER_RY = 255, 190
FONT_SIZE = 12
CHAR_WIDTH = 0.6 * FONT_SIZE  # a generous estimate of one character's width
MAX_LABEL_CHARS = 17


@dataclass(frozen=True)
class Node:
    key: int
    label: str
    title: str
    url: str
    x: float
    y: float
    r: float
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor
    centre: bool = False

    def label_box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the label, estimated from its length."""
        w = len(self.label) * CHAR_WIDTH
        left = {"start": self.label_x, "middle": self.label_x - w / 2, "end": self.label_x - w}[
            self.anchor
        ]
        return (left, self.label_y - FONT_SIZE * 0.8, left + w, self.label_y + FONT_SIZE * 0.25)


@dataclass(frozen=True)
class Link:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    title: str
    spoke: bool  # from the centre (else between two co-authors)


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    nodes: list[Node]
    links: list[Link]


def short_name(name: str, limit: int = MAX_LABEL_CHARS) -> str:
    """ "Zhuofan Zong" stays; long names become "Z. Longsurname", then are cut with "…"."""
    if len(name) <= limit:
        return name
    parts = name.split()
    if len(parts) > 1:
        name = f"{parts[0][0]}. {parts[-1]}"
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _label_place(x: float, y: float, r: float, angle: float) -> tuple[float, float, str]:
    """Label position outside the node, away from the centre. `angle` 0 = up, clockwise.

    Nodes straight above or below the centre get a centred label above / below; every other
    label runs outwards from its node (left of the centre to the left, right to the right), so
    two neighbours near the top or bottom of a ring never grow towards each other.
    """
    dx, dy = math.sin(angle), -math.cos(angle)
    gap = r + 4
    if abs(dx) < 0.05:
        return x, (y - gap - 2 if dy < 0 else y + gap + FONT_SIZE * 0.8), "middle"
    baseline = y + FONT_SIZE * 0.35
    return (x + gap, baseline, "start") if dx > 0 else (x - gap, baseline, "end")


def ego_picture(*, centre, coauthors, edges) -> Picture:
    """Lay out `centre` (a Researcher) and up to MAX_NODES `coauthors` (Collaborator objects,
    strongest first) with the `edges` among them (CollaborationEdge rows)."""
    people = list(coauthors)[:MAX_NODES]
    strongest = max((c.shared_works for c in people), default=1)
    inner, outer = people[:INNER_RING], people[INNER_RING:]

    nodes: list[Node] = [
        Node(
            key=centre.pk,
            label=short_name(centre.display_name, limit=26),
            title=centre.display_name,
            url=centre.get_absolute_url(),
            x=CX,
            y=CY,
            r=13,
            label_x=CX,
            label_y=CY + 13 + 4 + FONT_SIZE * 0.8,
            anchor="middle",
            centre=True,
        )
    ]
    for ring, rx, ry in ((inner, INNER_RX, INNER_RY), (outer, OUTER_RX, OUTER_RY)):
        if not ring:
            continue
        # The outer ring starts half a step round so its nodes fall between the inner ones.
        offset = math.pi / len(ring) if ring is outer else 0.0
        for i, c in enumerate(ring):
            angle = offset + 2 * math.pi * i / len(ring)
            x, y = CX + rx * math.sin(angle), CY - ry * math.cos(angle)
            r = 4 + 6 * math.sqrt(c.shared_works / strongest)
            lx, ly, anchor = _label_place(x, y, r, angle)
            years = ""
            if c.first_year:
                years = (
                    f", {c.first_year}"
                    if c.first_year == c.last_year
                    else f", {c.first_year}–{c.last_year}"
                )
            nodes.append(
                Node(
                    key=c.researcher.pk,
                    label=short_name(c.researcher.display_name),
                    title=(
                        f"{c.researcher.display_name}: {c.shared_works} shared "
                        f"work{'s' if c.shared_works != 1 else ''}{years}"
                    ),
                    url=c.researcher.get_absolute_url(),
                    x=round(x, 1),
                    y=round(y, 1),
                    r=round(r, 1),
                    label_x=round(lx, 1),
                    label_y=round(ly, 1),
                    anchor=anchor,
                )
            )

    def width(shared: int, spoke: bool = True) -> float:
        return round((1 + 5 * shared / strongest) if spoke else (0.5 + 2 * shared / strongest), 1)

    by_key = {n.key: n for n in nodes}
    links = [
        Link(CX, CY, n.x, n.y, width(c.shared_works), n.title, spoke=True)
        for n, c in zip(nodes[1:], people, strict=True)
    ]
    for e in edges:
        a, b = by_key.get(e.researcher_a_id), by_key.get(e.researcher_b_id)
        if a is None or b is None or a.centre or b.centre:
            continue
        links.append(
            Link(
                a.x,
                a.y,
                b.x,
                b.y,
                width(e.shared_works, spoke=False),
                f"{a.title.split(':')[0]} and {b.title.split(':')[0]}: {e.shared_works} shared",
                spoke=False,
            )
        )
    # Links under nodes: co-author links first (faint), spokes on top of them.
    links.sort(key=lambda link: link.spoke)
    return Picture(width=WIDTH, height=HEIGHT, nodes=nodes, links=links)
