"""The query commands over a store: ``quotes``, ``entities``, ``entity`` (docs/store.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from newsgraph.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_db_option,
    choice,
    date_arg,
    error,
    open_store,
    positive_int,
)
from newsgraph.cli.query_output import print_entities, print_profile, print_quotes
from newsgraph.model import ENTITY_TYPES, QUOTE_ACTS, QUOTE_KINDS
from newsgraph.store import AmbiguousName, NotFound, Store
from newsgraph.store.keys import BadCursor

ORDERS = ["relevance", "newest"]


def add_parsers(sub: Any) -> None:
    """``quotes``, ``entities`` and ``entity``."""
    p = sub.add_parser(
        "quotes",
        help="quotes in the store: by speaker, about a topic, mentioning someone, by date",
        description="Quotes, newest first, with speaker, article, date and offsets into the "
        "article text. NAME matches any alias of an entity, case-insensitively, or an id (C12); "
        "a NAME that fits several entities means the one with 80%% of their mentions (said on "
        "stderr), else the candidates are listed and the command exits 2.",
    )
    p.add_argument("--speaker", metavar="NAME", help="quotes by this entity")
    p.add_argument(
        "--about",
        metavar="TEXT",
        help='full-text search over the quote text (every word, in any form; "exact phrase")',
    )
    p.add_argument("--mentions", metavar="NAME", help="quotes that mention this entity")
    p.add_argument("--since", type=date_arg, metavar="D", help="published on or after D")
    p.add_argument("--until", type=date_arg, metavar="D", help="published on or before D")
    p.add_argument("--kind", choices=list(QUOTE_KINDS), type=choice(QUOTE_KINDS))
    p.add_argument(
        "--act",
        choices=list(QUOTE_ACTS),
        type=choice(QUOTE_ACTS),
        help="speech (said, wrote), thought (believes, wants) or finding (a poll, study or "
        "video shows)",
    )
    p.add_argument(
        "--order",
        choices=ORDERS,
        type=choice(ORDERS),
        help="order of an --about search (default relevance); other lists are newest first",
    )
    _add_query_options(p, 50)
    _add_after_option(p)
    p.set_defaults(func=run_quotes)

    p = sub.add_parser(
        "entities",
        help="the most quoted and most mentioned entities in the store",
        description="Corpus-level entities (merged across articles, docs/store.md), most quoted "
        "first, then most mentioned.",
    )
    p.add_argument(
        "--type",
        choices=list(ENTITY_TYPES),
        type=choice(ENTITY_TYPES),
        help="only this entity type (any case: person is PERSON)",
    )
    p.add_argument("--top", type=positive_int, help="how many (default 20; same as --limit)")
    _add_query_options(p, 20)
    _add_after_option(p)
    p.set_defaults(func=run_entities)

    p = sub.add_parser(
        "entity",
        help="one entity's profile: aliases, articles, quotes by and about it, timeline",
        description="NAME is any alias (case-insensitive) or an id (C12). A NAME that fits "
        "several entities means the one with 80%% of their mentions (said on stderr); else the "
        "candidates are listed and the command exits 2.",
    )
    p.add_argument("name", metavar="NAME")
    _add_query_options(p, 20)
    p.set_defaults(func=run_entity)


def _add_query_options(p: argparse.ArgumentParser, limit: int) -> None:
    add_db_option(p)
    formats = ["table", "json", "csv"]
    p.add_argument("--format", choices=formats, type=choice(formats), default="table")
    p.add_argument(
        "--limit",
        type=positive_int,
        default=limit,
        help=f"at most this many (default {limit})",
    )


def _add_after_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--after",
        metavar="CURSOR",
        help="the page after the one that printed this cursor (on stderr: 'next page: --after "
        "CURSOR'); page 1,000 costs what page 1 costs",
    )


def _tell_next(page: list[Any]) -> None:
    """A full page says where the next one starts (stderr, so stdout stays the data)."""
    cursor = getattr(page, "next", None)
    if cursor:
        print(f"next page: --after {cursor}", file=sys.stderr)


def run_quotes(args: argparse.Namespace) -> int:
    def show(store: Store) -> None:
        hits = store.quotes(
            speaker=resolve_name(store, args.speaker, as_written=True),
            about=args.about,
            mentions=resolve_name(store, args.mentions),
            since=args.since,
            until=args.until,
            kind=args.kind,
            act=args.act,
            limit=args.limit,
            after=args.after,
            order=args.order,
        )
        print_quotes(hits, args.format, sys.stdout)
        _tell_next(hits)

    return on_store(args, show)


def run_entities(args: argparse.Namespace) -> int:
    def show(store: Store) -> None:
        top = args.top or args.limit
        page = store.entities(type=args.type, top=top, after=args.after)
        print_entities(page, args.format, sys.stdout)
        _tell_next(page)

    return on_store(args, show)


def run_entity(args: argparse.Namespace) -> int:
    def show(store: Store) -> None:
        name = resolve_name(store, args.name) or args.name
        print_profile(store.entity(name, limit=args.limit), args.format, sys.stdout)

    return on_store(args, show)


def resolve_name(store: Store, name: str | None, *, as_written: bool = False) -> str | None:
    """The id of the entity ``name`` means; when the name also fits others, stderr says which
    was taken (:mod:`newsgraph.store.resolution`). ``as_written``: a name no entity has is kept
    (``--speaker "a spokesman"`` matches speakers written so)."""
    if not name:
        return None
    try:
        resolution = store.resolution(name)
    except NotFound:
        if as_written:
            return name
        raise
    if resolution.others:
        error(resolution.note())
    return resolution.entity.id


def on_store(args: argparse.Namespace, query: Callable[[Store], None]) -> int:
    """Open the store (it must exist), run a query, print. A name that fits no entity exits 1;
    one that fits several, none of them dominating, lists them and exits 2."""
    with open_store(args.db) as store:
        try:
            query(store)
        except AmbiguousName as exc:
            print_candidates(exc)
            return EXIT_USAGE
        except (NotFound, BadCursor) as exc:
            error(str(exc))
            return EXIT_FAILED
    return EXIT_OK


def print_candidates(exc: AmbiguousName) -> None:
    """The entities an ambiguous name fits, one per line after the message (on stderr)."""
    error(
        f"{exc.name!r} fits {len(exc.candidates)} entities and none has 80% of their mentions; "
        "name one by its id or its full name:"
    )
    for c in exc.candidates:
        mentions = f"{c.mentions} mention{'' if c.mentions == 1 else 's'}"
        aliases = f"; written {', '.join(c.aliases)}" if c.aliases else ""
        print(f"  {c.id}  {c.name} ({c.type}, {mentions}){aliases}", file=sys.stderr)
