"""The words the POV/tense linter reasons with: pronouns, auxiliaries, verb forms, referents.

Verb forms come from lemminflect's tables (shipped in its wheel, no network): a word is judged
*present* or *past* only when every verb reading of it agrees, so ambiguous forms such as
``put``, ``read``, ``set`` or ``lay`` are never judged at all.
"""

from __future__ import annotations

from functools import lru_cache

from lemminflect import getAllInflections, getAllLemmas, getInflection


def word_set(words: str) -> frozenset[str]:
    """A set of words written as whitespace-separated prose (easier to read than a literal)."""
    return frozenset(words.split())


NAME_PARTICLES = frozenset(
    {"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "la", "le", "bin", "ibn",
     "al", "y"}
)  # fmt: skip
"""Lower-case words inside a person's name: "Bram de Vries", "Ludo van der Berg"."""
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PERSON_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
THIRD_SINGULAR_SUBJECTS = frozenset({"he", "she", "it"})
PLURAL_SUBJECTS = frozenset({"i", "we", "you", "they"})
SUBJECT_PRONOUNS = THIRD_SINGULAR_SUBJECTS | PLURAL_SUBJECTS

# Finite auxiliaries and modals, by tense; ``"any"`` agrees with every subject, ``"3sg"`` only
# with he/she/it/a name, ``"non3sg"`` only with I/we/you/they, ``"i"`` only with I.
PRESENT_AUXILIARIES: dict[str, str] = {
    "is": "3sg", "isn't": "3sg", "has": "3sg", "hasn't": "3sg", "does": "3sg", "doesn't": "3sg",
    "am": "i", "are": "non3sg", "aren't": "non3sg", "have": "non3sg", "haven't": "non3sg",
    "do": "non3sg", "don't": "non3sg", "can": "any", "can't": "any", "cannot": "any",
    "will": "any", "won't": "any", "shall": "any",
}  # fmt: skip
PAST_AUXILIARIES: dict[str, str] = {
    "was": "any", "wasn't": "any", "were": "any", "weren't": "any", "did": "any", "didn't": "any",
}  # fmt: skip
PAST_OF_AUXILIARY = {
    "is": "was", "isn't": "wasn't", "has": "had", "hasn't": "hadn't", "does": "did",
    "doesn't": "didn't", "am": "was", "are": "were", "aren't": "weren't", "have": "had",
    "haven't": "hadn't", "do": "did", "don't": "didn't", "can": "could", "can't": "couldn't",
    "cannot": "could not", "will": "would", "won't": "wouldn't", "shall": "should",
}  # fmt: skip
PRESENT_CONTRACTIONS = ("'s", "'re", "'m", "'ve", "'ll")
"""Suffixes that make a subject pronoun a present-tense clause: she's, they're, I'm, I'll."""

MODALS = frozenset(
    {"would", "could", "should", "might", "must", "may", "ought", "need", "dare", "used",
     "would've", "could've", "should've", "wouldn't", "couldn't", "shouldn't", "mightn't", "had",
     "hadn't", "i'd", "she'd", "he'd", "we'd", "they'd", "you'd", "it'd"}
)  # fmt: skip

SKIPPABLE_ADVERBS = word_set(
    """
    only just still also always never often sometimes suddenly slowly quickly then now already
    almost even really finally simply barely hardly nearly quietly carefully gently softly again
    once soon instantly immediately abruptly silently actually merely certainly probably perhaps
    surely truly rarely seldom usually gradually briefly eventually not n't all both each too
    """
)
"""Words that may stand between a subject and its verb: ``she slowly walks``."""

COORDINATORS = frozenset({"and", "but", "so", "then", "yet", "or", "nor"})
SUBORDINATORS = frozenset(
    {"when", "while", "as", "until", "till", "because", "though", "although", "whenever", "once"}
)
"""Subordinators whose clause keeps the narrative tense (unlike ``that``/``who``/``if``)."""

INTRODUCTORY = word_set(
    """
    then now later soon outside inside afterwards afterward meanwhile tonight today tomorrow that
    this next morning night evening afternoon day week year moment instant minute hour here there
    somehow instead at last first finally still again downstairs upstairs overhead nearby above
    below beyond in on by after for the a an every each all dawn dusk noon midnight sunrise
    sunset one two three four five six seven eight nine ten eleven twelve o'clock half past
    quarter end time
    """
)
"""Words that may open a sentence before its subject without a comma: ``By three the rain
stopped``, ``That night she left``. (Digits count too.)"""

INDEFINITE_SUBJECTS = word_set(
    "something someone somebody nothing nobody everything everyone everybody anything anyone"
)
"""Third-person singular subjects that need no referent: ``Something moved``."""

OBJECT_PRONOUNS = word_set("me him her us them it you myself himself herself itself themselves")
MOTION_PREPOSITIONS = word_set(
    "to into onto across through toward towards against past around over under"
)
"""Prepositions that, after ``the lamp burns``, mark a verb rather than a compound noun."""
PARTICLES = word_set("up down off out back away aside open shut")
PREPOSITIONS = MOTION_PREPOSITIONS | word_set(
    "in on at by for with without of from about after before during since until within upon"
    " among between beside behind beneath near like than"
)
DETERMINERS = word_set("the a an my his her their our your its this these those every each")
FUNCTION_WORDS = (
    SUBJECT_PRONOUNS | OBJECT_PRONOUNS | FIRST_PERSON | FIRST_PERSON_PLURAL | DETERMINERS
    | PREPOSITIONS | COORDINATORS | SUBORDINATORS | INTRODUCTORY | SKIPPABLE_ADVERBS
    | INDEFINITE_SUBJECTS | word_set("if yes no not what who which whose where why how")
)  # fmt: skip
"""Words that, capitalised mid-sentence (after a colon, in a title), are still not names."""

THOUGHT_MARKERS = word_set(
    """
    thought thinks think wondered wonders wonder asked told tells said says whispered murmured
    realised realized realises realizes knew knows decided decides remembered remembers
    reflected reflects supposed supposes guessed guesses prayed prays
    """
)
"""Verbs that, after an unquoted first-person or present clause, mark it as direct thought."""

QUOTING_VERBS = word_set("said says read reads wrote writes announced announces ran runs stated")
"""Verbs that, before a colon, introduce unquoted words: ``The note read: Meet me at nine.``"""

SPEECH_VERBS = word_set(
    """
    said says asked asks replied replies answered answers whispered whispers shouted shouts
    called calls murmured murmurs cried cries added adds continued continues began begins
    """
)

FEMALE_NOUNS = word_set(
    """
    woman women girl girls mother mom mum mama mamma mommy mummy sister sisters wife aunt
    grandmother grandma gran granny lady ladies daughter niece queen princess bride widow nun
    waitress actress hostess landlady girlfriend madam madame miss mrs ms mistress stepmother
    duchess countess baroness empress abbess heroine headmistress governess matron nanny
    """
)
MALE_NOUNS = word_set(
    """
    man men boy boys father dad daddy papa pa brother brothers husband uncle grandfather grandpa
    gentleman gentlemen son nephew king prince groom widower priest monk waiter landlord
    boyfriend sir guy fellow lad mr lord stepfather master duke baron emperor abbot
    bishop hero headmaster butler
    """
)
ANY_GENDER_NOUNS = word_set(
    """
    doctor nurse teacher stranger driver clerk officer neighbour neighbor friend child baby
    figure cat dog horse bird visitor guest captain soldier student boss owner keeper guard
    cook maid servant partner lover parent cousin twin kid barista receptionist librarian
    detective inspector sergeant constable lawyer attorney judge cashier bartender server chef
    baker butcher farmer sailor pilot cabbie conductor porter janitor caretaker gardener tenant
    lodger colleague coworker manager supervisor assistant secretary editor writer author poet
    painter artist musician singer dancer actor director producer photographer reporter
    journalist professor lecturer tutor pupil classmate principal vicar pastor minister rabbi
    imam surgeon midwife dentist vet pharmacist therapist patient paramedic medic firefighter
    general colonel lieutenant corporal warden prisoner inmate thief burglar suspect witness
    victim killer murderer customer client shopkeeper vendor merchant trader dealer banker
    accountant engineer mechanic plumber electrician builder carpenter technician scientist
    researcher archivist curator ranger hunter guide courier messenger companion spouse
    fiance fiancé fiancee fiancée roommate flatmate housemate toddler teenager teen youth
    infant sibling relative grandparent orphan ghost creature intruder passenger traveller
    traveler pilgrim beggar tourist caller
    """
)

NOT_NAMES = word_set(
    """
    i monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december god christmas easter english mr mrs ms
    miss dr sir oh ok okay
    """
)
"""Capitalised words that never introduce a person a pronoun could refer to."""

# A past form whose other verb reading is too rare to count (to found, to saw).
_PAST_DESPITE_LEMMA = {"found": "find", "saw": "see"}


@lru_cache(maxsize=8192)
def verb_form(word: str) -> tuple[str, str] | None:
    """``("present3"|"present"|"past", lemma)`` for an unambiguous finite verb form, else None.

    ``word`` must be lower case. ``present3`` is a third-person singular form (``walks``),
    ``present`` a base form that is never also a past (``walk``, not ``put``), ``past`` a simple
    past that is never also a base form (``walked``, ``went``, not ``read``).
    """
    if word in _PAST_DESPITE_LEMMA:
        return "past", _PAST_DESPITE_LEMMA[word]
    lemmas = getAllLemmas(word, upos="VERB").get("VERB", ())
    tags: set[str] = set()
    lemma_of: dict[str, str] = {}
    for lemma in lemmas:
        for tag, forms in getAllInflections(lemma, upos="VERB").items():
            if word in forms:
                tags.add(tag)
                lemma_of.setdefault(tag, lemma)
    if "VBD" in tags and not tags & {"VB", "VBP", "VBZ"}:
        return "past", lemma_of["VBD"]
    if "VBZ" in tags and "VBD" not in tags:
        return "present3", lemma_of["VBZ"]
    if "VBP" in tags and "VBD" not in tags:
        return "present", lemma_of["VBP"]
    return None


@lru_cache(maxsize=8192)
def can_be_verb(word: str) -> bool:
    """Whether lower-case ``word`` has any verb reading at all (``set``, ``read`` included)."""
    return bool(getAllLemmas(word, upos="VERB"))


@lru_cache(maxsize=4096)
def is_past_participle(word: str) -> bool:
    """Whether lower-case ``word`` is a past participle of some verb (``hung``, ``opened``).

    lemminflect's tables leave out the participle of most regular verbs (it is their past):
    a missing ``VBN`` is taken to be the ``VBD``.
    """
    for lemma in getAllLemmas(word, upos="VERB").get("VERB", ()):
        forms = getAllInflections(lemma, upos="VERB")
        if word in (forms.get("VBN") or forms.get("VBD", ())):
            return True
    return False


@lru_cache(maxsize=8192)
def is_known_word(word: str) -> bool:
    """Whether lower-case ``word`` is in lemminflect's English tables (a name usually is not)."""
    return bool(getAllLemmas(word))


@lru_cache(maxsize=4096)
def compound_person(word: str) -> str | None:
    """``"he"`` for ferryman/policemen, ``"she"`` for policewoman: a word plus man/woman."""
    for suffix, gender in (("woman", "she"), ("women", "she"), ("man", "he"), ("men", "he")):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) >= 3 and getAllLemmas(stem):
                return gender
            return None
    return None


@lru_cache(maxsize=4096)
def inflect(lemma: str, tag: str) -> str:
    """``lemma`` inflected to the Penn tag ``tag`` (``VBD``, ``VBZ``, ``VBP``), best effort."""
    forms = getInflection(lemma, tag=tag)
    return forms[0] if forms else lemma
