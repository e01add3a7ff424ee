"""The capability map's boxes as HTML, written in one pass with every text escaped.

The rest of the page is a Jinja template; the boxes are not, because a map of 10,000
capabilities must render in well under a second and a recursive template spends most of
that in per-node overhead. The markup here is exactly what a template would produce:
``<details>`` for capabilities with children (folded or open by depth), a link for leaves.
"""

from __future__ import annotations

from urllib.parse import quote

from markupsafe import Markup, escape

from .capmap_model import CapNode


def render_boxes(roots: list[CapNode], open_depth: int, resource_base: str) -> Markup:
    """Nested boxes for ``roots``; boxes at depth ≤ ``open_depth`` start open."""
    out: list[str] = []
    base = str(escape(resource_base))
    # An explicit stack keeps deep (malformed) hierarchies from hitting the recursion limit.
    stack: list[tuple[CapNode, int] | str] = [(r, 1) for r in reversed(roots)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        node, depth = item
        href = base + quote(node.iri, safe=":/")
        classes = f"cap l{depth} m-{node.bucket.key}" + (" context" if node.context else "")
        label, note = escape(node.label), escape(node.note)
        if node.children:
            opened = " open" if depth <= open_depth else ""
            out.append(
                f'<details class="{classes}"{opened}><summary><a href="{href}">{label}</a> '
                f'<span class="note">{note}</span> '
                f'<span class="size">{node.size - 1} below</span></summary><div class="children">'
            )
            stack.append("</div></details>\n")
            stack.extend((child, depth + 1) for child in reversed(node.children))
        else:
            out.append(
                f'<a class="{classes.replace("cap ", "cap leaf ", 1)}" href="{href}">'
                f'<span class="name">{label}</span> <span class="note">{note}</span></a>\n'
            )
    return Markup("".join(out))
