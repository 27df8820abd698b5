"""Every word list the quote rules use, in one place, and the learned cue table.

The cue table maps a cue lemma to the dependency relations of the complement that carries the
attributed content (``ccomp`` for "said that ...", ``xcomp`` for "vowed to ...", ``dobj`` for
"endorsed Sanders", ``prep`` for "talked about ...", ``acl`` for a noun's clause: "the claim that
..."), each with the precision it had on PolNeAR ``train/``: of all words with that lemma and such
a child, the share that were gold cues with that child heading the gold content. It ships as
``newsgraph/data/cues.json`` and is rebuilt with ``python -m newsgraph.train.cues`` (see
:mod:`newsgraph.train.cues`). No library ships such a table (textacy's ~30 "reporting verbs" come
without the complement relation), hence this small learned one.

The hand lists below are closed classes of English (pronouns, prepositions) or short lists whose
purpose each comment names.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from newsgraph.nlp.names import ROLE_NOUNS


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# ----------------------------------------------------------------------------------- cues
#: Verbs that introduce verbatim speech next to a quotation (`"...," she said` / `he added: "..."`).
SPEECH_VERBS = _wordset(
    """say tell add write ask explain note continue declare insist warn claim argue reply respond
    recall tweet announce state read quip joke conclude exclaim shout acknowledge admit complain
    suggest observe remark answer comment emphasise emphasize stress caution predict promise vow
    urge concede boast lament mock retort scoff muse tout plead testify report post counter
    confirm deny reiterate point describe add write agree wonder offer recount begin laugh sigh
    demand announce proclaim assert maintain contend allege affirm told yell scream chant whisper
    mutter holler"""
)

#: Nouns naming a statement: "a statement from the IOC read", "the email said".
STATEMENT_NOUNS = _wordset(
    """statement release email letter memo note post tweet message report communique announcement
    filing document interview op-ed editorial"""
)

#: Nouns for what someone concluded or said, whose `of X` names the speaker (`— that was the
#: verdict of fire chief Daniel Ruiz`, `the view of the ministry`).
VERDICT_NOUNS = _wordset(
    """verdict view views assessment opinion word words message conclusion advice warning
    response reaction judgment judgement take position answer reply"""
)

#: Statement nouns whose possessor speaks their that-clause (`Trump's claim that ...`).
NOUN_CUES = _wordset(
    """claim statement assertion argument warning promise pledge suggestion insistence accusation
    allegation charge remark contention announcement prediction admission"""
)

#: Verbs whose one-word quoted object is an attribution, not a scare quote
#: (`called the behaviour "outrageous"`, `labeled it a "problem"`).
LABEL_VERBS = _wordset("call label dub brand term describe deem decry blast slam")

#: Verbs of refusing: `declined to comment` reports that nothing was said.
REFUSAL_VERBS = _wordset("decline refuse")
#: What a refusal may refuse, beside the speech verbs: `declined to elaborate`.
NO_COMMENT_VERBS = _wordset("comment elaborate speculate discuss respond answer talk speak")
#: Verbs that name rather than report, in the passive with `as`: `known as Krakatoa`.
NAMING_VERBS = _wordset("know name nickname dub term")

#: Verbs whose noun-phrase object is a topic, not reported content (`discussed the restoration`).
TOPIC_VERBS = _wordset("discuss debate")

#: Verbs of intention: their ``to`` complement is reported only for a source-like subject.
INTENTION_VERBS = _wordset("aim plan intend seek try attempt want wish hope strive")

#: Documents and surveys that are a source when named by `in` (`In the latest poll, ...`).
SOURCE_DOCUMENTS = _wordset(
    """poll survey study report statement interview letter memo op-ed editorial column essay
    book speech tweet filing complaint lawsuit"""
)

# ---------------------------------------------------------------------------------- acts
# What kind of act an attribution reports (``act``): speech (the default: said, told, wrote,
# announced, criticized...), thought or finding. The lists are semantic classes of English verbs
# (Levin's verbs of psychological state, of desire and intention, of cognition and perception),
# not words fitted to a corpus.

#: Verbs of belief, knowledge, feeling, desire, intention and attitude: `believes that`, `wants
#: to`, `fears that`, `supports the plan`.
THOUGHT_VERBS = _wordset(
    """believe think feel know fear hope want wish plan intend expect aim seek try attempt strive
    worry doubt suspect assume presume imagine guess suppose reckon realize realise understand
    recognize recognise remember forget consider regard view see perceive sense notice
    learn discover decide determine resolve choose prefer like love hate dislike enjoy relish
    welcome care mind favor favour support oppose back endorse embrace champion resist accept
    trust distrust dread regret resent envy admire respect appreciate value desire crave long
    yearn aspire dream anticipate foresee contemplate ponder weigh mull hesitate need deserve
    look"""
)

#: Nouns of belief and intention with a clause: `the belief that`, `her hope to`.
THOUGHT_NOUNS = _wordset(
    """belief hope fear concern worry doubt view opinion expectation plan intention intent desire
    wish sense feeling understanding impression suspicion conviction confidence reluctance
    inclination willingness determination decision idea notion assumption perception
    realization awareness anxiety interest enthusiasm consensus agreement disagreement"""
)

#: Adjectives of attitude: `afraid that`, `skeptical of`, `eager to`.
THOUGHT_ADJECTIVES = _wordset(
    """afraid aware concerned confident worried wary skeptical sceptical hopeful glad happy sad
    nervous angry anxious comfortable uncomfortable eager keen willing reluctant supportive
    critical enamored enamoured convinced sure certain optimistic pessimistic proud ashamed
    determined unsure uncertain doubtful fearful suspicious curious grateful thankful sorry
    disappointed frustrated upset furious surprised shocked excited interested"""
)

#: Verbs by which evidence states something: `the data show`, `a study found`, `video
#: appeared to show`, `witnesses heard`, whoever the subject.
FINDING_VERBS = _wordset(
    """show find demonstrate prove appear seem hear see watch witness notice observe discover
    detect uncover document record measure rank"""
)

#: Verbs that state evidence when a document is the subject (`the report suggests`) and speech
#: when a person is (`she suggested`).
EVIDENCE_OR_SPEECH_VERBS = _wordset(
    """suggest indicate reveal confirm estimate project predict calculate conclude report say
    state note list cite put place count"""
)

#: Speech verbs whose infinitive content is what the speaker asked or promised (`urged them to
#: vote`, `vowed to fight`): speech, unlike the infinitive of a verb of intention.
DIRECTIVE_VERBS = _wordset(
    """urge vow promise pledge ask tell warn call order threaten demand beg implore encourage
    advise invite challenge remind instruct command appeal plead request press push swear
    caution exhort"""
)

#: Sources that are evidence rather than a speaker (`a poll`, `the data`, `video footage`).
#: Communications (statement, letter, email, tweet, release) speak for their authors: not here.
DOCUMENT_NOUNS = _wordset(
    """poll polls survey surveys study studies report reports research analysis analyses data
    figure figures statistic statistics number numbers count tally estimate estimates census
    record records document documents file files filing filings transcript transcripts audit
    review investigation inquiry probe test tests trial trials experiment experiments model
    models projection projections forecast forecasts index chart charts graph graphs map maps
    table tables video videos footage image images photo photos photograph photographs picture
    pictures recording recordings camera cameras evidence result results finding findings paper
    papers journal article articles book books research log logs database"""
)

# ------------------------------------------------------------------------- content edges
#: Prepositions that mark a cue's second argument right after its object (`described X as
#: Y`, `compared X to Y`, `criticized X for Y`, `accused X of Y`, `warned X about Y`).
ARG_PREPS = _wordset("as to for of about with against on")

#: Relative pronouns of a comma-separated (non-restrictive) relative clause ending a content.
NONRESTRICTIVE = _wordset("which who whom whose")

#: Conjunctions of a comma-separated contrast the writer adds after a content.
CONTRAST = _wordset("although though whereas while")

#: Small words a title in quote marks may hold in lowercase (`"State of the Union"`).
TITLE_SMALL_WORDS = _wordset("of the and a an in on for to at with or")

# ------------------------------------------------------------------------------ speakers
MALE = _wordset("he him his himself")
FEMALE = _wordset("she her hers herself")
PERSON_PRONOUNS = MALE | FEMALE | _wordset("i me you")
GROUP_PRONOUNS = _wordset("they them it its we us their")

#: Nouns that name an organisation ("the committee said"): resolved to the nearest ORG.
ORG_NOUNS = _wordset(
    """organisation organization committee company group agency ministry government campaign
    federation association council union party department office administration commission board
    body team club league firm bank court foundation institute authority agency network newspaper
    paper outlet station channel university school coalition"""
)

#: Nouns that name a person by role ("the minister said"): resolved to a titled PERSON.
PERSON_NOUNS = _wordset(
    """minister president spokesman spokeswoman spokesperson senator candidate governor secretary
    chairman chairwoman chair director leader official representative congressman congresswoman
    mayor nominee chief executive ceo founder judge prosecutor ambassador premier chancellor king
    queen prince adviser advisor aide manager coach athlete player lawyer attorney general
    sheriff head commissioner strategist pollster author writer reporter businessman billionaire
    mogul politician lawmaker speaker host journalist columnist commentator analyst economist
    historian professor scientist expert activist"""
)

#: Nouns for people in general, which a pronoun may refer back to (`Protesters blocked the
#: road. "...," they said`); role nouns of one person are in PERSON_NOUNS.
PEOPLE_NOUNS = _wordset(
    """people person resident citizen parent child family protester protestor demonstrator voter
    critic supporter opponent worker employee student member victim witness officer police authority
    investigator researcher organizer organiser participant fan neighbour neighbor patient
    doctor nurse teacher owner farmer driver passenger tourist visitor survivor relative friend
    boyfriend girlfriend husband wife son daughter mother father brother sister"""
)

#: Entity types a group pronoun ("they", "it") or an organisation noun may refer to.
GROUP_TYPES = ("ORG", "GPE", "NORP")
#: Month and day names: proper nouns of a date, not of a speaker (`Tuesday`, `October`).
CALENDAR_WORDS = _wordset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday"""
)


def people_noun(lemma: str) -> bool:
    """A noun for people (`official`, `protester`, `voter`, `expert`, `minister`)."""
    return lemma in PERSON_NOUNS or lemma in ROLE_NOUNS or lemma in PEOPLE_NOUNS


# -------------------------------------------------------------------------- the cue table
#: The relations the cue table holds.
RELATIONS = ("ccomp", "xcomp", "dobj", "prep", "acl")

#: Minimum learned precision for a (cue lemma, relation) pair to make an indirect attribution
#: (the component's ``min_precision`` setting).
MIN_CUE_PRECISION = {"ccomp": 0.07, "xcomp": 0.1, "dobj": 0.25, "prep": 0.15, "acl": 0.3}


@lru_cache(maxsize=1)
def cue_table() -> dict[str, dict[str, float]]:
    """``{lemma: {relation: precision}}`` from the shipped data file."""
    path = resources.files("newsgraph").joinpath("data/cues.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: dict(v) for k, v in data["cues"].items()}
