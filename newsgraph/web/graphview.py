"""What the graph page draws: the strongest links, among at most so many entities.

Every link of the who-is-quoted-about-whom graph, drawn at once, is a hairball past a few dozen
articles (thousands of entities and links). The page opens on the strongest links
instead: links are taken in order of weight (quotes), strongest first, as long as the entities
they join stay within ``max_nodes`` (:data:`DEFAULT_NODES`), and the page offers more. The
links are chosen from the :data:`READ_EDGES` heaviest (an index range of the store's kept graph),
so the page costs the same in a store of a million articles.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from newsgraph.model import GraphEdge

DEFAULT_NODES = 60
MAX_NODES = 2000
READ_EDGES = 5000  # the heaviest links read to choose from (at most MAX_NODES * EDGES_PER_NODE)
EDGES_PER_NODE = 1.5  # links drawn per entity drawn, at most: more is a hairball again


@dataclass(frozen=True)
class GraphView:
    """The links drawn, and how much of the whole graph they are."""

    edges: list[GraphEdge]
    nodes: int
    total_edges: int
    total_nodes: int
    max_nodes: int
    more_edges: bool = False  # the store has more links than were read (total_* count those read)

    @property
    def complete(self) -> bool:
        return len(self.edges) == self.total_edges


def strongest(edges: list[GraphEdge], max_nodes: int | None) -> list[GraphEdge]:
    """The strongest links whose entities number at most ``max_nodes`` (``None``: every link).

    Links are taken by weight; among links of one weight, those between the entities with the
    most quotes in all come first (then by name, for a stable choice). A link that would bring in
    entities past the limit is left out and the ones after it are still considered, so that
    links among the entities already in are kept, up to :data:`EDGES_PER_NODE` per entity."""
    if max_nodes is None:
        return list(edges)
    strength: Counter[str] = Counter()
    for e in edges:
        strength[e.source.id] += e.weight
        strength[e.target.id] += e.weight
    ranked = sorted(
        edges,
        key=lambda e: (
            -e.weight,
            -(strength[e.source.id] + strength[e.target.id]),
            e.source.name,
            e.target.name,
        ),
    )
    chosen: list[GraphEdge] = []
    nodes: set[str] = set()
    for edge in ranked:
        new = {edge.source.id, edge.target.id} - nodes
        if len(nodes) + len(new) > max_nodes:
            continue
        nodes |= new
        chosen.append(edge)
        if len(chosen) >= EDGES_PER_NODE * max_nodes:
            break
    return chosen


def graph_view(edges: list[GraphEdge], max_nodes: int, *, more_edges: bool = False) -> GraphView:
    shown = strongest(edges, max_nodes)
    return GraphView(
        edges=shown,
        nodes=len(_nodes(shown)),
        total_edges=len(edges),
        total_nodes=len(_nodes(edges)),
        max_nodes=max_nodes,
        more_edges=more_edges,
    )


def _nodes(edges: list[GraphEdge]) -> set[str]:
    return {end.id for e in edges for end in (e.source, e.target)}
