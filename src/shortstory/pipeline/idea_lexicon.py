"""The word lists the idea reader (:mod:`.situation`) chunks an idea by: where a noun phrase ends,
which nouns name an event, a condition or a time rather than a thing, a place or a person, and the
endings that make a word a person ("keeper", "teenager"); with the event reader, which needs only
these lists.
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline.place_table import _DETERMINERS, _places

_AUXILIARIES = frozenset({"have", "haven't", "has", "hasn't", "had", "hadn't", "can", "can't",
                          "cannot", "could", "couldn't", "will", "won't", "would", "wouldn't",
                          "did", "didn't", "does", "doesn't", "do", "don't", "was", "wasn't",
                          "were", "weren't", "is", "isn't", "are", "aren't", "must", "may",
                          "might", "should", "used"})
_PRONOUNS = frozenset({"she", "he", "they", "her", "him", "them", "hers", "his", "herself",
                       "himself", "themselves", "it", "its"})
_MEASURES = {"seed": "packet", "shoe": "pair", "glove": "pair", "order": "stack", "key": "ring",
             "table": "set", "paper": "sheaf", "page": "sheaf", "photograph": "envelope",
             "bottle": "crate", "coin": "purse"}
_RELATIVES = frozenset({"who", "that", "which", "whose"})
_FUNCTION_WORDS = frozenset({"while", "once", "must", "will", "can", "may", "might", "whether",
                             "until", "since", "though", "because", "before", "after", "as",
                             "like", "each", "other", "rest", "way", "whoever", "none",
                             "where", "behind", "all", "there", "here", "away", "down"})
_ROLE_STOP = _RELATIVES | {"on", "in", "at", "of", "with", "from", "for", "hired", "who's",
                           "and", "next", "upstairs", "downstairs", "aboard", "inside", "into",
                           "below", "beneath", "under", "near", "outside", "beside", "behind",
                           "across", "to", "off", "above", "along", "beyond", "opposite"}
_PERSON_ENDINGS = ("er", "or", "ist", "ian", "man", "woman", "ant", "ent", "nurse", "ers",
                   "ors", "ists", "ians", "ess", "wife", "sisters", "brothers", "child", "girl",
                   "boy", "smith", "wright", "cook", "chef", "priest", "pilot", "warden", "clerk",
                   "eer", "eers", "naut", "nauts", "guide", "guides", "crew", "family", "couple",
                   "friends", "twins", "thief", "spy", "monk", "monks", "nun", "witch", "wizard",
                   "goblin", "troll", "king", "queen", "aunt", "uncle", "dad", "mum", "bride",
                   "groom", "widow", "widows", "host", "detective", "medic", "robot", "android",
                   "ghost", "pilgrim", "apprentice", "admiral", "captain", "mechanic", "teen",
                   "intern", "student", "students", "eunuch", "children", "kids", "dwarves",
                   "agent", "agents", "guard", "guards", "soldier", "soldiers", "patient", "tenant",
                   "tenants", "neighbour", "neighbours", "toddlers", "son", "daughter", "people",
                   "pupil", "pupils", "visitors", "customers", "guests", "passengers",
                   "residents", "coach", "bride", "staff", "herd", "herds", "keeper",
                   "blower", "host", "farmer", "driver", "tech", "techs", "prodigy",
                   "delegate", "delegates", "teenager", "teenagers", "families",
                   "witness", "witnesses", "husband", "husbands", "vicar", "kid", "curate",
                   "bishop", "pastor", "rabbi", "imam", "nanny", "bride", "orphan", "orphans",
                   "widower", "chef", "poet", "hustler", "spouse", "cousin", "niece", "nephew",
                   "grandson", "granddaughter", "grandchild", "tutor", "butler", "maid", "valet",
                   "knight", "squire", "jockey", "ranger", "sheriff", "deputy", "judge",
                   "lawyer", "surgeon", "dentist", "mayor", "midwife", "diva", "clown",
                   "acrobat", "juggler", "magician", "novelist", "mime", "nomad", "hermit",
                   "vet", "ballerina", "scribe", "barista", "lady", "jester", "twin", "twins",
                   "friend", "sweetheart", "heir", "duke", "prince", "princess", "baby",
                   "convict", "cadet", "recruit", "veteran", "paramedic", "refugee",
                   "gondolier", "geisha", "samurai", "pirate", "cowboy", "monarch", "crone",
                   "psychic", "wives", "orphan", "chaplain", "abbot", "dean", "squaddie",
                   "guest", "scarecrow", "rep", "sibling", "siblings", "champion",
                   "champions", "saint", "chauffeur", "referee", "umpire", "lord", "baron",
                   "slave", "pope", "fairy", "alien", "aliens", "crat", "crats", "fiancé",
                   "fiancée", "fiance", "fiancee", "guru", "roommate", "flatmate", "classmate",
                   "shipmate", "housemate", "legionary", "missionary", "mercenary", "emissary",
                   "dignitary", "secretary", "notary", "apothecary", "courtesan", "tycoon")
_NOT_PERSONS = frozenset({"distress", "address", "fortress", "mattress", "press", "dress",
                          "process", "success", "access", "chess", "mess", "progress", "congress",
                          "express", "stress", "cypress", "recess", "excess", "prison",
                          "reason", "poison", "lesson", "comparison", "garrison", "bison",
                          "talent", "event", "current", "accident", "incident", "content",
                          "extent", "consent", "descent", "scent", "torrent", "present",
                          "instant", "plant", "convent", "parliament", "tournament"})
"""Words with a person's ending that are not people ("a distress call", "lambing season")."""
_PHRASE_STOP = frozenset({"during", "until", "while", "since", "when", "after", "before", "as",
                          "because", "through", "throughout", "over", "between", "among",
                          "against", "towards", "toward", "around", "past", "than", "despite",
                          "if", "unless", "so", "but", "nor", "then", "like", "without"})
"""Prepositions and subordinators: a noun phrase ends where one begins ("a runaway teenager
during lambing season" is a teenager, never "the runaway teenager during")."""
_EVENTS = frozenset({"show", "contest", "competition", "wedding", "summit", "election", "trial",
                     "match", "race", "concert", "festival", "ceremony", "funeral", "party",
                     "tournament", "carnival", "parade", "gala", "recital", "audition", "exam",
                     "examination", "interview", "conference",
                     "meeting", "reunion", "christening", "coronation", "inquest", "hearing",
                     "derby", "regatta", "marathon", "championship", "pageant", "vigil",
                     "celebration", "banquet", "duel", "gig", "fete", "hunt", "duels",
                     "anniversary", "birthday", "jubilee", "visit", "trip", "outing"})
"""Events: a story goes to them, it does not carry them ("the talent show" is no object)."""
_CONDITIONS = frozenset({"curfew", "siege", "quarantine", "lockdown", "arrest", "blackout",
                         "protection", "custody", "exile", "probation", "parole",
                         "occupation", "martial", "embargo", "surveillance", "suspicion"})
"""States a place or person is under ("a city under curfew"): neither things nor places."""
_TIMES = frozenset({"season", "seasons", "year", "years", "month", "months", "week", "weeks",
                    "day", "days", "night", "nights", "hour", "hours", "minute", "minutes",
                    "morning", "mornings", "evening", "evenings", "afternoon", "decade",
                    "decades", "century", "centuries", "winter", "summer", "spring", "autumn",
                    "weekend", "overnight", "earlier", "later", "ago", "era", "tonight",
                    "today", "yesterday", "tomorrow", "noon", "midnight", "dawn", "dusk",
                    "midday", "nightfall", "daybreak", "interval", "moment", "while"})
"""Time words: "during lambing season", "ten years earlier" say when, not what or where."""
_NOT_THINGS = frozenset({"chess", "success", "progress", "access", "process",
                         "excess", "consent", "content", "extent", "descent", "talent", "reason",
                         "accident", "incident", "event", "mess", "guess", "first", "second",
                         "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                         "tenth", "small", "inside", "outside", "top", "bottom", "back", "out",
                         "up", "down", "off", "away", "over",
                         "front", "middle", "edge", "end", "murder", "crime", "theft",
                         "robbery", "plot", "deal", "job", "agency", "business", "truth", "self",
                         "ballet", "choir", "band", "orchestra", "class", "team", "family",
                         "background", "foreground", "past", "future", "another", "living",
                         "dead", "inch", "inches", "mile", "miles", "metre", "metres", "degree",
                         "degrees", "percent", "ounce", "gram", "kilometre", "kilometres",
                         "pair", "group", "trio", "handful", "bunch", "lot", "couple"})
"""Nouns that are no object to hold: games, states, ordinals ("teaches children chess")."""
_UNHELD = frozenset({"water", "sea", "ocean", "strait", "bay", "lake", "river", "stream",
                     "tide", "current", "coast", "shore", "beach", "sky", "air", "wind", "weather",
                     "fog", "mist", "rain", "snow", "ice", "smoke", "fire", "light", "dark",
                     "darkness", "noise", "sound", "music", "silence", "voice", "call", "calls",
                     "broadcast", "rumour", "rumours", "news", "border", "horizon", "ground",
                     "mountain", "hill", "valley", "desert", "field", "fields", "road", "street",
                     "town", "country", "world", "crowd", "queue", "line-up", "lineup",
                     "frost", "blizzard", "storm", "gale", "flood", "heatwave", "line",
                     "hometown", "cave", "bedroom", "attic", "room", "harvest", "snowstorm",
                     "thunderstorm", "hailstorm", "rainstorm", "sandstorm", "downpour", "route",
                     "lie", "lies", "shift", "shifts"})
"""Nouns nobody picks up, puts down or leaves somewhere (the story's props are handled): the
strait a ferry crosses, the water a lifeguard watches, the calls a radio host takes."""
_LOCATIVE = frozenset({"at", "in", "inside", "aboard", "on", "into", "below", "beneath", "under",
                       "near", "outside", "beside", "behind", "across", "to", "from"})


def _bare(token: str) -> str:
    return re.sub(r"(?:['’]s)?[^\w'’-]*$", "", token.lower()).strip("“”\"'’(")


def _singular(word: str) -> str:
    lemmas = getAllLemmas(word)
    nouns = lemmas.get("NOUN", ())
    if not lemmas and len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]  # a plural the lexicon does not know: "schoolfriends"
    return nouns[0] if nouns else word


_QUANTIFIERS = frozenset({"another", "both", "all", "each", "either", "neither", "such", "several",
                          "few", "many", "most", "some", "any", "enough", "own", "none", "half"})
"""Words for a count: never a subject's noun ("delivers to both sides of a feud": no verb) nor
one of the idea's nouns ("I go to bed with the both on my mind", a reader's quote)."""


ADVERBIAL_IDIOMS = frozenset({
    ("on", "purpose"), ("by", "accident"), ("by", "chance"), ("by", "mistake"), ("in", "secret"),
    ("in", "private"), ("in", "public"), ("in", "vain"), ("in", "fact"), ("in", "time"),
    ("on", "time"), ("in", "love"), ("at", "heart"), ("by", "heart"), ("at", "random"),
    ("in", "person"), ("on", "foot"), ("by", "hand"), ("in", "turn"), ("at", "last"),
    ("in", "silence"), ("in", "charge"), ("in", "return"), ("in", "case"), ("on", "board"),
})
"""A preposition and a bare noun that together say how or when, not what: the noun is none of
the idea's things ("rings the wrong number on purpose": no purpose to think of)."""


def _event(tokens: list[str], verb: int = -1) -> str:
    """The first event the idea names, with its modifiers ("the school talent show"), or "";
    ``verb`` is the index of the idea's main verb (never the event)."""
    for i, token in enumerate(tokens):
        word = _bare(token)
        if i == verb or (word not in _EVENTS and _singular(word) not in _EVENTS) or (
                "NOUN" not in getAllLemmas(word)) or token.lower().endswith(("'s", "’s")):
            continue
        if i + 1 < len(tokens) and _bare(tokens[i + 1]) in _EVENTS and not token.endswith(","):
            continue  # "a summit meeting": the head comes next
        following = _bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
        if not token.endswith(",") and (f"{word} {following}" in _places()["places"]
                                        or following in _places()["place_heads"]):
            continue  # "an empty concert hall" is a place, no concert to go through with
        if not token.endswith(",") and _modifies(following):
            continue  # "a stranger's wedding ring", "a birthday cake": a thing, no occasion
        if i and _bare(tokens[i - 1]) in {"to", "will", "would", "can", "could", "must"}:
            continue  # "changing to match a verdict": a verb, no match to attend
        words = [word]
        for previous in reversed(tokens[max(0, i - 2) : i]):
            bare = _bare(previous)
            if previous.lower().endswith(("'s", "’s")):
                words.insert(0, bare + "'s")
                break
            lemmas = getAllLemmas(bare)
            if (bare in _DETERMINERS or bare in _PHRASE_STOP or bare in _LOCATIVE
                    or previous.endswith(",") or not {"NOUN", "ADJ"} & set(lemmas)):
                break
            words.insert(0, bare)
        return "the " + " ".join(words)
    return ""


_NOT_HEADS = frozenset({"tonight", "today", "tomorrow", "yesterday", "night", "day", "week",
                        "year", "season", "morning", "evening", "afternoon"})
"""Times after an event word: "the wedding tonight" is still the wedding."""


def _modifies(following: str) -> bool:
    """Whether an event word before ``following`` is a noun's modifier ("wedding ring"): the
    next word is a noun (not a verb's "-s" form, "the festival closes"), and no time."""
    lemmas = getAllLemmas(following)
    return ("NOUN" in lemmas and following not in _NOT_HEADS and following not in _FUNCTION_WORDS
            and not (following.endswith("s") and "VERB" in lemmas))


_POSSESSIVE = ("'s", "’s", "s'", "s’")
"""A possessive's endings, plural ones too ("the guests' shoes")."""
_AFTER_VERB = frozenset({"", "everyone", "everybody", "someone", "somebody", "nobody", "anyone",
                         "every", "only", "again", "itself", "themselves", "by"})
"""Words after a present verb ("drops by an inch", "rings and…"): no compound noun goes on so."""
_PARTICLES = frozenset({"away", "off", "up", "down", "out", "over", "back", "open", "shut"})


def _is_predicate(tokens: list[str], i: int) -> bool:
    """Whether ``tokens[i]`` is a verb in the present with its particle or object after it
    ("blows away", "eats the…"), not the second half of a compound noun ("tide tables")."""
    word = _bare(tokens[i])
    verbs = getAllLemmas(word).get("VERB", ())
    if not verbs or not any(word in getInflection(v, "VBZ") for v in verbs):
        return False
    after = _bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
    # "the lift stops at a floor", "the storm hits", "the recipe makes everyone…"
    return (after in _PARTICLES | _DETERMINERS | _LOCATIVE | _PHRASE_STOP | _PRONOUNS
            | _AFTER_VERB or set(getAllLemmas(after)) == {"ADV"})


_PEOPLE_IN_ING = frozenset({"king", "viking", "sibling", "darling", "foundling", "changeling",
                            "weakling", "underling", "earthling", "hireling", "fledgling"})


def _is_person(role: str) -> bool:
    head = role.split()[-1] if role else ""
    if (not head or head in _FUNCTION_WORDS or head in _TIMES or head in _EVENTS
            or head in _PRONOUNS or head in _DETERMINERS
            or (head.endswith(("ment", "ments", "ether", "ness")) and not head.endswith(
                ("witness", "governess", "baroness"))) or head in _NOT_PERSONS
            or _singular(head) in _places()["not_people"]):
        return False  # "settlement", "whether", "the sourdough starter"
    roles = _places()["roles"]
    if head.endswith("ing") and head not in roles and head not in _PEOPLE_IN_ING:
        return False  # "matchmaking", "a fencing": a doing, not a doer
    # "stable hand", "rock star": a job of two words the table lists is a person
    if head in roles or " ".join(role.split()[-2:]) in roles:
        return True
    return head.endswith(_PERSON_ENDINGS) or _singular(head).endswith(_PERSON_ENDINGS)
