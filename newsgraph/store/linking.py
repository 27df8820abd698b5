"""Entity linking as articles are written: the merge rule of :mod:`newsgraph.store.corpus` applied
to the tables, and the canonical names of the corpus entities.

:func:`link_entities` gives each per-article entity its name group (rule 1, creating new groups)
and the corpus entity it links to (rules 2-3: in its own article first, then in the corpus), and
recomputes the corpus-level links that a new name group can change. :func:`rename_groups` gives
name groups their canonical names.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, delete, insert, select, update

from newsgraph.model import Entity, Record
from newsgraph.store import corpus, derived
from newsgraph.store.resolution import DOMINANT_SHARE
from newsgraph.store.tables import (
    LONE_SURNAME,
    corpus_entities,
    entities,
    name_spellings,
    surname_owners,
)

Keyed = list[tuple[Entity, str]]  # each entity of a record with its key (corpus.entity_key)
Group = tuple[str, str]  # (type, key): one name group
Owner = tuple[int | None, str]  # a surname's owner (None: nobody) and the rule that says so

#: A full-named person owns a lone surname across the corpus (rule 3b) only with at least this
#: many mentions under the full name, and DOMINANT_SHARE of all its namesakes' such mentions.
MIN_NAMED = 3
SURNAME_LINKS = ("corpus-surname", "corpus-dominant")  # the corpus-level links of rule 3
#: Rule 3c: a lone surname its article leaves ambiguous goes to the corpus's owner of the
#: surname when the article, too, names that person most, by at least this factor.
LEAD_RATIO = 1.5
ARTICLE_LEAD = "corpus-article-lead"


def link_entities(conn: Connection, record: Record, dirty_groups: set[int]) -> list[dict[str, Any]]:
    """Rows for ``entities``: name groups (rule 1) and article/corpus links (rules 2-3).

    ``dirty_groups`` receives the name groups of the record's entities (their canonical names may
    change)."""
    keyed = [(e, corpus.entity_key(e.name, e.type, e.aliases)) for e in record.entities]
    names: dict[Group, str] = {}
    for e, key in keyed:
        names.setdefault((e.type, key), e.name)
    groups, new_groups = _name_groups(conn, names)
    dirty_groups.update(groups.values())
    acronyms = {id(e): corpus.acronym_of(e.name) if " " not in key else None for e, key in keyed}
    candidates = _candidates(conn, keyed, groups, acronyms)
    rows: list[dict[str, Any]] = []
    for i, (e, key) in enumerate(keyed):
        group = groups[(e.type, key)]
        acronym = acronyms[id(e)]
        target, link = candidates.target(e.type, key, group, acronym)
        rows.append(
            {
                "entity_id": e.id,
                "position": i,
                "name": e.name,
                "type": e.type,
                "aliases": json.dumps(e.aliases, ensure_ascii=False),
                "key": key,
                "acronym": acronym,
                "mention_count": len(e.mentions),
                "group_id": group,
                "corpus_entity_id": target,
                "link": link,
            }
        )
    _relink_for_new_groups(conn, new_groups)
    add_spellings(
        conn, [(groups[(e.type, key)], e.name, e.aliases, e.type, key) for e, key in keyed]
    )
    add_named(conn, [(row["group_id"], row["mention_count"]) for row in rows])
    return rows


def add_named(conn: Connection, entities_named: Sequence[tuple[int, int]]) -> None:
    """Count new entities' mentions under their own name (``corpus_entities.n_named``; pairs of
    name group and mentions): what rule 3b weighs. Only ever added to, as an entity's name
    group never changes."""
    named: Counter[int] = Counter()
    for group, n in entities_named:
        named[group] += n
    if named:
        conn.execute(
            update(corpus_entities)
            .where(corpus_entities.c.id == bindparam("gid"))
            .values(n_named=corpus_entities.c.n_named + bindparam("n")),
            [{"gid": g, "n": n} for g, n in sorted(named.items())],
        )


def _name_groups(conn: Connection, names: dict[Group, str]) -> tuple[dict[Group, int], set[Group]]:
    """Rule 1: the name group of every ``(type, key)`` of ``names`` (its display name for a new
    group), the new ones created; and the new ones."""
    wanted: set[Group] = set(names)
    groups = _groups(conn, wanted)
    new_groups = wanted - set(groups)
    if new_groups:
        rows = []
        for type_, key in sorted(new_groups):
            display = names[(type_, key)]
            rows.append(
                {
                    "type": type_,
                    "key": key,
                    "name": display,
                    "surname": corpus.surname(key, type_),
                    "initials": corpus.initials(key),
                }
            )
        conn.execute(insert(corpus_entities), rows)
        groups.update(_groups(conn, new_groups))
    return groups, new_groups


def _groups(conn: Connection, wanted: set[Group]) -> dict[Group, int]:
    """The ids of the name groups ``wanted`` (:func:`groups_query`, one type at a time)."""
    found: dict[Group, int] = {}
    by_type: dict[str, list[str]] = defaultdict(list)
    for type_, key in sorted(wanted):
        by_type[type_].append(key)
    for type_, type_keys in by_type.items():
        for chunk in range(0, len(type_keys), 500):
            for gid, key in conn.execute(groups_query(type_, type_keys[chunk : chunk + 500])):
                found[(type_, key)] = gid
    return found


def groups_query(type_: str, keys: Sequence[str]) -> Select[Any]:
    """``(id, key)`` of the name groups of one type with these keys, on the unique index of
    ``(type, key)``: ``type = ? AND key IN (...)`` (a look-up by key alone scanned every corpus
    entity on PostgreSQL, and SQLite answers a row-value ``(type, key) IN (VALUES ...)`` by
    scanning the whole index, once for each article written)."""
    ce = corpus_entities.c
    return select(ce.id, ce.key).where(ce.type == type_, ce.key.in_(keys))


@dataclass
class _Candidates:
    """Where rules 2-3 may link an entity: name groups of its own article, then of the corpus."""

    # surname -> name groups of the article's full-named people, with their mentions there
    article_surnames: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    # (type, initials) -> the article's multi-word name groups with those initials
    article_initials: dict[tuple[str, str], list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # surname -> full-named PERSON name groups of the corpus, with their mentions so named
    corpus_surnames: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    # (type, initials) -> name groups of the corpus with those initials
    corpus_initials: dict[tuple[str, str], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    # surname -> its owner as ``surname_owners`` records it (what stored entities are linked by)
    recorded: dict[str, Owner] = field(default_factory=dict)

    def owner(self, surname: str) -> Owner:
        """The surname's owner: the recorded one, so that a new entity is linked as the stored
        ones are, else the one the counts say (:func:`surname_owner`)."""
        found = self.recorded.get(surname)
        return found if found is not None else surname_owner(self.corpus_surnames.get(surname, {}))

    def target(self, type_: str, key: str, group: int, acronym: str | None) -> tuple[int, str]:
        """The corpus entity an entity links to, and by which rule."""
        if corpus.is_lone_surname(key, type_) and acronym is None:
            owner, link = self.owner(key)
            namesakes = self.article_surnames.get(key)
            if namesakes:
                return _in_article(namesakes, group, owner)
            if owner is not None:
                return owner, link
        elif acronym:
            local = corpus.unique(
                g for g in self.article_initials.get((type_, acronym), []) if g != group
            )
            if local is not None:
                return local, "article-acronym"
            found = corpus.unique(
                g for g in self.corpus_initials.get((type_, acronym), ()) if g != group
            )
            if found is not None:
                return found, "corpus-acronym"
        return group, "name"


def _candidates(
    conn: Connection, keyed: Keyed, groups: dict[Group, int], acronyms: dict[int, str | None]
) -> _Candidates:
    """The article's own candidates, and the corpus's, fetched in one query each."""
    found = _Candidates()
    for e, key in keyed:
        sn = corpus.surname(key, e.type)
        if sn:
            found.article_surnames[sn][groups[(e.type, key)]] += len(e.mentions)
        ini = corpus.initials(key)
        if ini:
            found.article_initials[(e.type, ini)].append(groups[(e.type, key)])
    lone_keys = sorted(
        {k for e, k in keyed if corpus.is_lone_surname(k, e.type) and acronyms[id(e)] is None}
    )
    if lone_keys:
        ce, so = corpus_entities.c, surname_owners.c
        for gid, sn, named in conn.execute(
            select(ce.id, ce.surname, ce.n_named).where(
                ce.type == "PERSON", ce.surname.in_(lone_keys)
            )
        ):
            found.corpus_surnames[sn][gid] = named
        for sn, owner, link in conn.execute(
            select(so.surname, so.owner_id, so.link).where(so.surname.in_(lone_keys))
        ):
            found.recorded[sn] = (owner, link)
    acr = sorted({a for a in acronyms.values() if a})
    if acr:
        for gid, type_, ini in conn.execute(
            select(corpus_entities.c.id, corpus_entities.c.type, corpus_entities.c.initials).where(
                corpus_entities.c.initials.in_(acr)
            )
        ):
            found.corpus_initials[(type_, ini)].add(gid)
    return found


def article_owner(namesakes: Counter[int], group: int) -> tuple[int, str]:
    """Rule 3 in the article: the article's full-named person a lone surname links to, and why.

    ``namesakes``: the article's full-named people with that surname, with their mentions
    there. The only one ("article-surname"), else the one the article is about: at least 2
    mentions and :data:`DOMINANT_SHARE` of all ("article-dominant": "Clinton" in a story that
    names Hillary Clinton 20 times and Bill Clinton once). Else the surname stays on its own
    name ``group`` ("article-ambiguous", which the corpus-level rule never links either).
    """
    if len(namesakes) == 1:
        return next(iter(namesakes)), "article-surname"
    (top, n), *_ = sorted(namesakes.items(), key=lambda kv: (-kv[1], kv[0]))
    if n >= 2 and n >= DOMINANT_SHARE * sum(namesakes.values()):
        return top, "article-dominant"
    return group, "article-ambiguous"


def _in_article(namesakes: Counter[int], group: int, owner: int | None) -> tuple[int, str]:
    """Rules 3a then 3c for a lone surname whose article names people of that surname."""
    found = article_owner(namesakes, group)
    return _lead_or_ambiguous(namesakes, group, owner) if found[1] == "article-ambiguous" else found


def _lead_or_ambiguous(namesakes: Counter[int], group: int, owner: int | None) -> tuple[int, str]:
    """Rule 3c for a lone surname rule 3a left ambiguous: a lone "Clinton" goes to the corpus's
    owner ``owner`` when its article names that person most too, else stays on its ``group``."""
    if owner is not None and article_lead(namesakes, owner):
        return owner, ARTICLE_LEAD
    return group, "article-ambiguous"


def surname_owner(named: dict[int, int]) -> Owner:
    """Rule 3 at corpus level: the full-named person a lone surname links to, and why.

    ``named``: the corpus's full-named people with that surname, with their mentions under the
    full name. The only one ("corpus-surname"), else the one that owns the surname: at least
    :data:`MIN_NAMED` such mentions and :data:`DOMINANT_SHARE` of all ("corpus-dominant": a
    lone "Obama" in a corpus where Barack Obama has 710 of the 785 full-named Obama mentions).
    Else none: two Smiths of 10 mentions each leave "Smith" alone.
    """
    if len(named) == 1:
        return next(iter(named)), "corpus-surname"
    total = sum(named.values())
    for gid, n in named.items():
        if n >= MIN_NAMED and n >= DOMINANT_SHARE * total:
            return gid, "corpus-dominant"
    return None, "name"


# ----------------------------------------------------------------------------------- relinks
def _relink_for_new_groups(conn: Connection, new_groups: set[Group]) -> None:
    """New name groups can change corpus-level links stored earlier: a new full-named person
    can change who owns a surname, so its recorded owner is forgotten (the next refresh relinks
    the surname in full, this record's entities included); acronyms are recomputed now, for
    those that stored entities actually use (usually none)."""
    new_surnames = sorted({sn for t, k in new_groups if (sn := corpus.surname(k, t))})
    if new_surnames:
        conn.execute(delete(surname_owners).where(surname_owners.c.surname.in_(new_surnames)))
    new_pairs = {(t, ini) for t, k in new_groups if (ini := corpus.initials(k))}
    new_initials = sorted({ini for _, ini in new_pairs})
    if new_initials:
        for type_, ini in conn.execute(
            select(entities.c.type, entities.c.acronym)
            .where(entities.c.acronym.in_(new_initials))
            .distinct()
        ):
            if (type_, ini) in new_pairs:
                _relink_acronym(conn, type_, ini)


def _relink(
    conn: Connection, where: Any, target: int | None, link: str, rules: Sequence[str]
) -> None:
    """Link the entities ``where`` that are linked by name or by one of ``rules`` to ``target``
    by rule ``link`` (``target`` None: those linked by ``rules`` go back to their own name group).
    Only the rows that change are written; the articles whose links really move have their kept
    counts and derived rows taken out before and put back after (:mod:`newsgraph.store.derived`).
    """
    if target is None:
        where = and_(where, entities.c.link.in_(rules))
        new_cid: Any = entities.c.group_id
        values: dict[str, Any] = {"corpus_entity_id": entities.c.group_id, "link": "name"}
    else:
        where = and_(where, entities.c.link.in_(("name", *rules)))
        new_cid = target
        values = {"corpus_entity_id": target, "link": link}
    where = and_(
        where, (entities.c.corpus_entity_id != new_cid) | (entities.c.link != values["link"])
    )
    moved = list(
        conn.execute(
            select(entities.c.article_id)
            .where(where, entities.c.corpus_entity_id != new_cid)
            .distinct()
        ).scalars()
    )
    if moved:
        derived.remove_articles(conn, moved)
    conn.execute(update(entities).where(where).values(values))
    if moved:
        derived.add_articles(conn, moved)


def _relink_surname(conn: Connection, surname: str, *, remember: bool = False) -> None:
    """Rules 3b-3c again for the stored lone ``surname`` entities, as the counts now say.

    ``remember``: only if the owner differs from the one ``surname_owners`` records (or none is
    recorded), and the new owner is recorded. New entities are linked by the recorded owner, so
    the stored ones already agree with it: a refresh costs a look-up, not a pass over every
    "Trump" of the corpus, unless the owner really changed (the write rate fell with the corpus
    without it: every refresh reread the surname's entities, thousands at 100k articles)."""
    ce = corpus_entities.c
    named = {
        gid: n
        for gid, n in conn.execute(
            select(ce.id, ce.n_named).where(ce.type == "PERSON", ce.surname == surname)
        )
    }
    owner = surname_owner(named)
    if remember and recorded_owner(conn, surname) == owner:
        return
    # LONE_SURNAME (implied: a surname is one word) lets the planners use its partial index
    where = and_(LONE_SURNAME, entities.c.key == surname)
    _relink(conn, where, owner[0], owner[1], SURNAME_LINKS)
    _relink_article_leads(conn, surname, owner[0])
    if remember:
        conn.execute(delete(surname_owners).where(surname_owners.c.surname == surname))
        conn.execute(
            insert(surname_owners).values(surname=surname, owner_id=owner[0], link=owner[1])
        )


def recorded_owner(conn: Connection, surname: str) -> Owner | None:
    """The owner ``surname_owners`` records for ``surname`` (None: none recorded)."""
    so = surname_owners.c
    row = conn.execute(select(so.owner_id, so.link).where(so.surname == surname)).first()
    return None if row is None else (row.owner_id, row.link)


def relink_lone_surnames(
    conn: Connection, surnames: Sequence[str], *, remember: bool = False
) -> None:
    """Rules 3b-3c again for the stored lone-surname entities with these ``surnames``
    (``remember``: see :func:`_relink_surname`; migrations before 10 have no record)."""
    for surname in surnames:
        _relink_surname(conn, surname, remember=remember)


def article_lead(namesakes: Counter[int], owner: int | None) -> bool:
    """Rule 3c: whether an article whose lone surname rule 3a left ambiguous names the corpus's
    owner of that surname (:func:`surname_owner`) most: at least 2 mentions and
    :data:`LEAD_RATIO` times the next namesake's ("Clinton" in a story that names Hillary
    Clinton 9 times and Bill Clinton 6, in a corpus where Hillary owns the surname). The story
    and the corpus must agree: a story about Fred Trump that names Donald Trump less keeps its
    "Trump" apart."""
    if owner is None or owner not in namesakes:
        return False
    n = namesakes[owner]
    rest = max((m for g, m in namesakes.items() if g != owner), default=0)
    return n >= 2 and n >= LEAD_RATIO * rest


def _relink_article_leads(conn: Connection, surname: str, owner: int | None) -> None:
    """Rule 3c for the stored lone ``surname`` entities that rule 3a left ambiguous (or that
    3c linked before): linked to ``owner`` where :func:`article_lead` says so, back to their
    own name group where it no longer does."""
    where = and_(
        LONE_SURNAME,
        entities.c.key == surname,
        entities.c.link.in_(("article-ambiguous", ARTICLE_LEAD)),
    )

    def decide(namesakes: Counter[int], group: int) -> tuple[int, str]:
        return _lead_or_ambiguous(namesakes, group, owner)

    apply_moves(conn, *_link_changes(_article_namesakes(conn, where), decide))


def relink_surnames_of(conn: Connection, groups: Sequence[int], *, remember: bool = False) -> None:
    """Revise rule 3b for the surnames of the people in ``groups`` (full-named people whose
    mention counts changed, lone surnames): the lone-surname entities stored with those
    surnames are linked as the counts now say (``Store.refresh_names`` calls this for the
    groups an ingest touched, with ``remember``: see :func:`_relink_surname`)."""
    ce = corpus_entities.c
    surnames: set[str] = set()
    for chunk in range(0, len(groups), 500):
        for sn, key, type_ in conn.execute(
            select(ce.surname, ce.key, ce.type).where(ce.id.in_(groups[chunk : chunk + 500]))
        ):
            if sn is not None:
                surnames.add(sn)
            elif corpus.is_lone_surname(key, type_):  # a lone surname itself: its own link
                surnames.add(key)
    ordered = sorted(surnames)
    for chunk in range(0, len(ordered), 500):
        lone = conn.execute(
            select(ce.key).where(ce.type == "PERSON", ce.key.in_(ordered[chunk : chunk + 500]))
        ).scalars()
        for sn in list(lone):
            _relink_surname(conn, sn, remember=remember)


def _relink_acronym(conn: Connection, type_: str, acronym: str) -> None:
    cands = list(
        conn.execute(
            select(corpus_entities.c.id).where(
                corpus_entities.c.type == type_, corpus_entities.c.initials == acronym
            )
        ).scalars()
    )
    target = corpus.unique(cands)
    where = and_(entities.c.type == type_, entities.c.acronym == acronym)
    _relink(conn, where, target, "corpus-acronym", ("corpus-acronym",))


def rekey(conn: Connection, changes: Sequence[tuple[int, str, str, str]]) -> None:
    """Move entities to the name groups of new keys (a change of rule 1, migration 7).

    ``changes``: ``(entities.id, name, type, new key)``. The articles concerned have their kept
    rows taken out and put back around the move; the groups left and joined get their mention
    counts, spellings, canonical names and surname links brought up to date."""
    if not changes:
        return
    ids = [c[0] for c in changes]
    e = entities.c
    before = list(conn.execute(select(e.article_id, e.group_id).where(e.id.in_(ids))))
    articles = sorted({r.article_id for r in before})
    names: dict[Group, str] = {}
    for _, name, type_, key in changes:
        names.setdefault((type_, key), name)
    groups, new_groups = _name_groups(conn, names)
    derived.remove_articles(conn, articles)
    conn.execute(
        update(entities)
        .where(e.id == bindparam("eid"))
        .values(key=bindparam("new_key"), group_id=bindparam("gid")),
        [{"eid": i, "new_key": k, "gid": groups[(t, k)]} for i, _, t, k in changes],
    )
    conn.execute(
        update(entities).where(e.id.in_(ids), e.link == "name").values(corpus_entity_id=e.group_id)
    )
    apply_link_changes(conn, article_link_changes(conn, articles)[0])
    derived.add_articles(conn, articles)
    touched = sorted({r.group_id for r in before} | set(groups.values()))
    _recount_groups(conn, touched)
    _relink_for_new_groups(conn, new_groups)
    relink_surnames_of(conn, touched)
    rename_groups(conn, touched)


ARTICLE_LINKS = ("name", "article-surname", "article-dominant", "article-ambiguous", ARTICLE_LEAD)


def article_link_changes(
    conn: Connection, articles: Sequence[int] | None = None
) -> tuple[list[dict[str, Any]], list[int]]:
    """Rule 3a again for the lone surnames (linked by name or by their article) of ``articles``
    (None: all) whose article names people of that surname: the changes to apply
    (:func:`apply_link_changes`), and the articles whose links move."""
    where = and_(LONE_SURNAME, entities.c.link.in_(ARTICLE_LINKS))
    if articles is not None:
        where = and_(where, entities.c.article_id.in_(articles))
    return _link_changes(_article_namesakes(conn, where), article_owner)


Namesakes = dict[tuple[int, int, int, int, str], Counter[int]]


def _link_changes(
    found: Namesakes, decide: Callable[[Counter[int], int], tuple[int, str]]
) -> tuple[list[dict[str, Any]], list[int]]:
    """The link changes ``decide(namesakes, own group) -> (corpus entity, link)`` makes to the
    lone surnames of ``found`` (:func:`_article_namesakes`), and the articles whose links move."""
    changes: list[dict[str, Any]] = []
    moved: set[int] = set()
    for (eid, aid, gid, cid, link), namesakes in sorted(found.items()):
        new_cid, new_link = decide(namesakes, gid)
        if (new_cid, new_link) != (cid, link):
            changes.append({"eid": eid, "cid": new_cid, "link": new_link})
            if new_cid != cid:
                moved.add(aid)
    return changes, sorted(moved)


def _article_namesakes(conn: Connection, where: Any) -> Namesakes:
    """For each lone-surname entity ``where`` selects, keyed by (id, article, name group, corpus
    entity, link): the full-named people of its article with that surname, with their mentions
    there."""
    e, o, g = entities, entities.alias("o"), corpus_entities.alias("g")
    stmt = (
        select(e.c.id, e.c.article_id, e.c.group_id, e.c.corpus_entity_id, e.c.link)
        .add_columns(o.c.group_id.label("other"), o.c.mention_count)
        .join(o, o.c.article_id == e.c.article_id)
        .join(g, g.c.id == o.c.group_id)
        .where(where, g.c.type == "PERSON", g.c.surname == e.c.key)
    )
    namesakes: Namesakes = defaultdict(Counter)
    for r in conn.execute(stmt):
        namesakes[(r.id, r.article_id, r.group_id, r.corpus_entity_id, r.link)][r.other] += (
            r.mention_count
        )
    return namesakes


def apply_moves(conn: Connection, changes: list[dict[str, Any]], moved: Sequence[int]) -> None:
    """Apply link changes, with the kept counts and derived rows of the ``moved`` articles
    taken out before and put back after."""
    if moved:
        derived.remove_articles(conn, moved)
    apply_link_changes(conn, changes)
    if moved:
        derived.add_articles(conn, moved)


def apply_link_changes(conn: Connection, changes: list[dict[str, Any]]) -> None:
    if changes:
        conn.execute(
            update(entities)
            .where(entities.c.id == bindparam("eid"))
            .values(corpus_entity_id=bindparam("cid"), link=bindparam("link")),
            changes,
        )


def _recount_groups(conn: Connection, gids: Sequence[int]) -> None:
    """``n_named`` and ``name_spellings`` of the name groups ``gids`` counted again."""
    ce, e = corpus_entities.c, entities.c
    named: Counter[int] = Counter()
    for gid, n in conn.execute(select(e.group_id, e.mention_count).where(e.group_id.in_(gids))):
        named[gid] += n
    spelled = recount_spellings(conn, gids)
    conn.execute(
        update(corpus_entities).where(ce.id == bindparam("gid")).values(n_named=bindparam("n")),
        [{"gid": g, "n": named[g]} for g in gids],
    )
    conn.execute(name_spellings.delete().where(name_spellings.c.group_id.in_(gids)))
    rows = [{"group_id": g, "spelling": sp, "n": n} for (g, sp), n in sorted(spelled.items())]
    if rows:
        conn.execute(insert(name_spellings), rows)


# ----------------------------------------------------------------------------------- names
# (group id, name, aliases, type, key) of an entity: what its spellings are read from
Spelled = tuple[int, str, Sequence[str], str, str]


def spellings(name: str, aliases: Sequence[str], type_: str, key: str) -> list[str]:
    """The spellings an entity gives its name group: its name and aliases that have the group's
    key (so a group keyed "donald trump" is never named "Trump"), else its name."""
    fits = [n for n in dict.fromkeys([name, *aliases]) if corpus.name_key(n, type_) == key]
    return fits or [name]


def add_spellings(conn: Connection, spelled: Sequence[Spelled]) -> None:
    """Count the spellings of newly stored entities in ``name_spellings``."""
    counts: Counter[tuple[int, str]] = Counter()
    for gid, name, aliases, type_, key in spelled:
        for n in spellings(name, aliases, type_, key):
            counts[(gid, n)] += 1
    rows = [{"group_id": g, "spelling": n, "n": c} for (g, n), c in sorted(counts.items())]
    derived.upsert_add(conn, name_spellings, ["group_id", "spelling"], rows)


def rename_groups(conn: Connection, ids: Sequence[int]) -> None:
    """Canonical names of the name groups ``ids``: the most frequent of their spellings (kept in
    ``name_spellings``); ties go to the longer, then alphabetical."""
    updates = []
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        counts: dict[int, Counter[str]] = defaultdict(Counter)
        for gid, spelling, n in conn.execute(
            select(name_spellings.c.group_id, name_spellings.c.spelling, name_spellings.c.n).where(
                name_spellings.c.group_id.in_(part)
            )
        ):
            counts[gid][spelling] += n
        for gid, counter in counts.items():
            best = min(counter.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]
            updates.append({"gid": gid, "best": best})
    if updates:
        conn.execute(
            update(corpus_entities)
            .where(corpus_entities.c.id == bindparam("gid"))
            .values(name=bindparam("best")),
            updates,
        )


def recount_spellings(
    conn: Connection, groups: Sequence[int] | None = None
) -> Counter[tuple[int, str]]:
    """``name_spellings`` recounted from the stored entities (of the name groups ``groups``;
    None: all, as migration 5 and the tests recount)."""
    e = entities.c
    stmt = select(e.group_id, e.name, e.aliases, e.type, e.key)
    if groups is not None:
        stmt = stmt.where(e.group_id.in_(groups))
    counts: Counter[tuple[int, str]] = Counter()
    for gid, name, aliases, type_, key in conn.execute(stmt):
        for n in spellings(name, json.loads(aliases), type_, key):
            counts[(gid, n)] += 1
    return counts
