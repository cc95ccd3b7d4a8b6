"""Premise slots: what the character wants, does and is (``{want}``, ``{quirk}``, ``{contra}``,
``{trait}``, ``{role_a}``), what the idea says (``{told}``, ``{idea_noun}``, ``{turn}``,
``{theme}``) and the story's voice words (``{signature}``, ``{tadj}``, ``{noun}``…).

``{quirk:act}`` (and ``quirk_ing``/``quirk_bare``) needs a deed, not a standing habit ("keeps a
pebble in each pocket"): the lexicon's ``stative_verbs``. Outside the core units each premise
phrase has a budget, so it is shown now and then rather than chanted.
"""

from __future__ import annotations

import re
from collections import Counter

from lemminflect import getAllLemmas, getInflection

from shortstory.analysis.pov import lint_pov_tense
from shortstory.pipeline.setting_fit import fits, own_place
from shortstory.writers.procedural.fact_telling import story_names
from shortstory.writers.procedural.grammar import (
    conjugate,
    gerund,
    inflect_phrase,
    narrate_phrase,
    narrator_pronouns,
    opens_on_finite_verb,
    participle,
    verb_lemma,
)
from shortstory.writers.procedural.idea_runs import idea_words, refuse_runs
from shortstory.writers.procedural.slots.state import SlotState, SlotUnavailable
from shortstory.writers.procedural.telling import deed, detail, event
from shortstory.writers.procedural.tense_shift import as_perfect, to_tense
from shortstory.writers.procedural.wording import capitalise, is_short, role_words

KEYS = frozenset({"want", "want_you", "Want_you", "quirk", "quirk_ing", "quirk_bare", "contra",
                  "trait", "theme", "turn", "role_a", "role_bare", "trade_a", "trade_bare",
                  "told", "deed", "detail", "event", "Event", "idea_noun", "contra_you",
                  "signature", "tadj", "tadv", "noun", "adj"})


SHOWN_IN_SCENES = frozenset({"quirk", "contra", "want"})
_STATE_PREPOSITIONS = frozenset({"with", "of", "in", "at", "about", "around", "on", "by", "to",
                                 "towards", "toward", "for", "under"})
"""Words after an adjective that make a clause a state ("brave with", "terrified of")."""
_CONDITION = re.compile(r",?\s+(?:when|whenever|while|before|after|if|every time|as soon as"
                        r"|until)\s.*$", re.IGNORECASE)
"""A quirk's own occasion ("hums hymns when nervous"): a scene that shows the deed gives it its
own moment, so the quirk's is left off there."""
_CLAUSE_BREAK = re.compile(r"(,\s+(?:but\s+|and\s+|yet\s+)?|\s+but\s+|\s+yet\s+)")
"""Where a character note's clauses meet ("wants to be noticed, hates attention")."""


_JOINS = frozenset({"yet", "but", "and", "or", ""})
_STATE_ENDINGS = ("ful", "less", "ous", "ive", "ed", "ing", "able", "ible", "ish", "ent", "ant",
                  "ic", "al", "ary", "y")
_ACTIVITIES = frozenset("""walk work live sail fly travel run swim fight serve climb dance sing
    play race row ride drive march wander teach study grow""".split())  # noqa: SIM905
"""Verbs whose past form is a deed done, not a state ("walked in space", "sailed on whalers")."""


def _past_deed(word: str) -> bool:
    """Whether ``word`` is a verb's past form that says a deed, not a state ("walked")."""
    verbs = getAllLemmas(word).get("VERB", ())
    return bool(verbs) and "ADJ" not in getAllLemmas(word) and not _is_state_word(word, "") and (
        any(word in getInflection(verb, "VBD") for verb in verbs))


def _is_state_word(word: str, after: str) -> bool:
    """Whether ``word``, followed by ``after``, says how someone is ("rule-bound at work",
    "rational yet afraid", "brave with strangers") rather than what they have or do ("a temper",
    "fear of heights", "hums hymns"): an adjective, a participle, or a compound whose last part is
    one ("rule-bound", "soft-hearted"). A word that is a noun too is a state only before a joining
    word or a preposition ("kind to strangers"), never before its own object."""
    head = word.rsplit("-", 1)[-1]
    lemmas = getAllLemmas(head)
    if "ADJ" not in lemmas and set(lemmas.get("VERB", ())) & _ACTIVITIES:
        return False  # "walked in space" is what they did, never "are walked in space"
    if "-" in word and ("ADJ" in lemmas or head.endswith(_STATE_ENDINGS) or any(
            head in getInflection(v, "VBN") for v in lemmas.get("VERB", ()))):
        return True
    if "ADJ" not in lemmas and not head.endswith(("ed", "ful", "less", "ous", "ive", "able")):
        return False
    return "NOUN" not in lemmas or after in _JOINS or after in _STATE_PREPOSITIONS


_CHARACTER_SUBJECT = re.compile(r"\bthe character (has|is|was|had|does|did|knows|keeps|wants)\b")

class PremiseSlots(SlotState):
    """The premise's character and idea, told in the story's POV and tense."""

    def _init_premise(self) -> None:
        character = self.plan.character
        self.traits = [t for t in character.traits if t]
        self.quirk: str = character.quirk
        self.contradiction: str = character.contradiction
        self.want = self._want(character.want)
        self.theme: str = self.plan.story_request.premise.theme
        self._fill_trait: str | None = None
        self.premise_uses: Counter[str] = Counter()
        target = self.plan.target_words
        # Outside the core units, each premise phrase returns now and then, not in every beat;
        # a long phrase is a six-word run of its own, so it may come back at most once more.
        often = 1 + target // 1500
        # The quirk and the contradiction are shown, not chanted: twice or three times a story.
        shown = 1 + (target >= 3000)
        self.premise_budget = {
            "quirk": shown,
            "contra": shown,
            "want": often if is_short(self.want, 3) else 0,
        }
        self.stative: frozenset[str] = frozenset(self.lexicon.get("stative_verbs", ()))
        self.idea_words = idea_words(self.plan.story_request.premise.idea)
        self.scenes_only = False
        """Whether the quirk and contradiction are left to scenes (the composer says so)."""

    def premise_slot(self, key: str, arg: str | None, dialogue: bool) -> str:
        """Render a premise slot of ``KEYS`` (``arg``: ``act`` for a quirk that must be a deed)."""
        world = self.plan.world
        if arg is not None:
            if key in {"quirk", "quirk_ing", "quirk_bare"} and arg == "act":
                if self._is_stative(self.quirk):
                    raise SlotUnavailable("quirk")
                return self._quirk_slot(key, act=True)
            raise KeyError(key)
        match key:
            case "role_a" | "role_bare" | "trade_a" | "trade_bare":
                # ``trade`` is what they do for a living, without how they stand ("a chess
                # coach by trade", never "a disgraced chess coach by trade").
                role, trade = role_words(self.situation.role or "")
                role = trade if key.startswith("trade") else role
                if not role or role.endswith("s"):
                    raise SlotUnavailable("role")
                if key.endswith("_bare"):
                    return role
                return ("an " if role[0].lower() in "aeiou" else "a ") + role
            case "told":
                return self._told()
            case "want":
                if not self.want:
                    raise SlotUnavailable("want")
                self._spend("want")
                if dialogue:
                    return inflect_phrase(self.want, self.pronoun_set, "first", "present")[0]
                # "to get out before he calls anyone": the want's own clauses take the story's
                # tense too ("…before he called anyone" in past narration).
                return narrate_phrase(
                    inflect_phrase(self.want, self.pronoun_set, self.pov, self.tense)[0],
                    self.tense)
            case "quirk" | "quirk_ing" | "quirk_bare":
                return self._quirk_slot(key, act=False)
            case "contra":
                self._spend("contra")
                return self._phrase(self.contradiction)
            case "contra_you":
                # The contradiction as someone says it to their face ("you're brave with
                # strangers, a coward with family"), not the character sheet in narration.
                if _past_deed(self.contradiction.split(" ", 1)[0].lower()):
                    # "walked in space…" is not said to their face ("You are walked in space")
                    raise SlotUnavailable("contra")
                self._spend("contra")
                person = narrator_pronouns("second", self.pronoun_set).person
                return self._phrase(self.contradiction, "second", "present", person)
            case "want_you" | "Want_you":
                if not self.want:
                    raise SlotUnavailable("want")
                text = inflect_phrase(self.want, self.pronoun_set, "second", "present")[0]
                return capitalise(text) if key[0] == "W" else text
            case "idea_noun":
                nouns = world.idea_nouns
                # Once the idea is told in the story's own words, scene sentences need not
                # echo its nouns (every story of one idea would share those sentences).
                if not nouns or (self.situation.predicate and not self.in_core):
                    raise SlotUnavailable("idea_noun")
                # The protagonist's own kind is no thing to think of: "thinking of the
                # gardener" of a gardener, "the porter on his mind" of a porter.
                own = set((self.situation.role or "").split())
                nouns = [noun for noun in nouns if noun not in own] or [""]
                if not nouns[0]:
                    raise SlotUnavailable("idea_noun")
                self.idea_turn += 1
                return "the " + nouns[self.idea_turn % len(nouns)]
            case "trait":
                return self._trait()
            case "theme":
                if not self.theme:
                    raise SlotUnavailable("theme")
                return self.theme.rstrip(".")
            case "deed":
                return self._deed()
            case "detail":
                return self._detail()
            case "event" | "Event":
                told = self._event()
                if told is None:
                    raise SlotUnavailable("event")
                return capitalise(told) if key[0] == "E" else told
            case "turn":
                return self._turn(world.turn)
            case "signature":
                return self.plan.scaffold.voice.get("signature", "Well")
            case "tadj" | "tadv":
                words = self.lexicon["tones"][self.plan.scaffold.tone][key[1:]]
                return self.rng.choice(words)
            case "noun" | "adj":
                vocabulary = self.genre.vocabulary
                if key == "adj":
                    return self.rng.choice(vocabulary.adjectives)
                # At the idea's own place, none of the genre's nouns that belong elsewhere.
                where = own_place(self.situation)
                nouns = [n for n in vocabulary.nouns if not where or fits(n, where)]
                return self.rng.choice(nouns or vocabulary.nouns)
        raise KeyError(key)

    def _quirk_slot(self, key: str, act: bool) -> str:
        """The quirk as the sentence needs it. Where the line shows the deed (``:act``: "The
        first thing {A} sees is {Po} {quirk_ing:act}") or gives its own occasion ("when the
        work goes badly"), the quirk's own "when nervous" is left off: "me humming hymns when
        nervous" is a habit described, not a thing seen."""
        before, after = self._sentence()
        quirk = self.quirk
        own_occasion = re.search(r"\b(?:when|whenever|while|if|until)\b", f"{before} {after}",
                                 re.IGNORECASE)
        if act or own_occasion:
            quirk = _CONDITION.sub("", quirk) or quirk
        self._spend("quirk")
        if key == "quirk":
            return self._phrase(quirk)
        return self._phrase_form(quirk, "ing" if key == "quirk_ing" else "bare")

    def _turn(self, turn: str) -> str:
        """The plan's twist, the catalog's "the character" as the protagonist, in the story's
        tense ("the character is the one who…" -> "I was the one who…")."""
        own = self.pronouns
        text = turn.rstrip(".")
        if text.lower().startswith("the character "):
            rest = text[len("the character ") :]
            verb, _, tail = rest.partition(" ")
            lemma = verb_lemma(verb) or verb
            text = f"{own.subject} {conjugate(lemma, own.person, self.tense)} {tail}".rstrip()
        text = re.sub(r"\bthe character(?:'s|’s)", own.possessive, text)
        # "by the one person the character has argued with": a subject mid-sentence takes the
        # subject pronoun and its verb agrees ("you have argued", never "you has argued").
        text = _CHARACTER_SUBJECT.sub(
            lambda m: f"{own.subject} {conjugate(verb_lemma(m[1]) or m[1], own.person, 'present')}",
            text)
        text = re.sub(r"\bthe character\b", own.object, text)
        text = to_tense(text, self.tense)
        if self.tense == "present" and lint_pov_tense(text, self.pov, self.tense, [self.name]):
            # "the bargain was made…" in a present-tense story reads as a slip: the turn is
            # told by its own units instead.
            raise SlotUnavailable("turn")
        return text

    def _want(self, want: str) -> str:
        want = want.strip().rstrip(".")
        if not want:
            return ""
        first = want.split()[0].lower()
        if first != "to" and verb_lemma(first) == first:
            want = "to " + want
        return want

    def _told(self) -> str:
        # The idea is never said again as news ("it said what I had feared for a year: I
        # received a message meant for…"): a scene's ``{told}`` falls back to ``{deed}``, and
        # the idea's fact, if any, follows in a line of its own.
        raise SlotUnavailable("told")

    def _deed(self) -> str:
        situation = self.situation
        if not situation.predicate:
            raise SlotUnavailable("deed")
        told = deed(situation.predicate, self._item_name(), self.pronoun_set, self.pov,
                    self.tense, self.idea_words, self.person)
        if told is None:
            raise SlotUnavailable("deed")
        return told

    def _event(self) -> str | None:
        if self._fact() is not None:
            return None  # the fact is told in a sentence of its own
        told = event(self.situation.predicate, self.pronoun_set, self.pov, self.tense,
                     self.idea_words, self.person)
        slipped = told is None or lint_pov_tense(told, self.pov, self.tense, [self.name])
        return None if slipped else told

    def _detail(self) -> str:
        told = self._fact() if self.situation.predicate else None
        if told is not None and self.tense == "present" and lint_pov_tense(
                told, self.pov, self.tense, [self.name]):
            told = refuse_runs(as_perfect(told), self.idea_words)
        if told is None or lint_pov_tense(told, self.pov, self.tense, [self.name]):
            # A fact the idea tells in the past ("…was written by…") would slip out of a
            # present-tense story: the deed and the world carry it instead.
            raise SlotUnavailable("detail")
        return told

    def _fact(self) -> str | None:
        idea = self.situation
        return detail(idea.predicate, idea.item, self.tense, self.idea_words, self.pronoun_set,
                      self.pov, idea.role, story_names(idea.people, self.plan.world.cast))

    def _item_name(self) -> str:
        item = self.situation.item
        return narrate_phrase(item, self.tense) if item else ""

    def _spend(self, key: str) -> None:
        if self.in_core:
            return
        if key in SHOWN_IN_SCENES and self.scenes_only:
            # The character's habit, contradiction and want are shown by what they do in a
            # scene, never pasted into a stray sentence ("You collected old vinyl sleeves, the
            # way you always did"); a want said in passing six times is a six-word run the
            # ending can no longer say.
            raise SlotUnavailable(key)
        if self.premise_uses[key] >= self.premise_budget[key]:
            raise SlotUnavailable(key)
        self.premise_uses[key] += 1
        self._journal.append((self.premise_uses, key))

    def _phrase(self, phrase: str, pov: str | None = None, tense: str | None = None,
                person: str | None = None) -> str:
        if not phrase:
            raise SlotUnavailable("phrase")
        pov, tense, person = pov or self.pov, tense or self.tense, person or self.person
        # "wants to be noticed, hates attention": every clause's verb takes the story's person
        # and tense, not only the first ("she wanted to be noticed, hates attention").
        clauses = _CLAUSE_BREAK.split(phrase)
        first, _, rest = clauses[0].lower().partition(" ")
        if _past_deed(first):  # "walked in space": done before the story ("has walked…")
            lemma = getAllLemmas(first)["VERB"][0]
            have = conjugate("have", person, tense)
            return "".join([f"{have} {participle(lemma)} {rest}".rstrip(), *clauses[1:]])
        state = self._state_clause(clauses[0], pov, tense, person)
        text, began_with_verb = (state, False) if state is not None else inflect_phrase(
            clauses[0], self.pronoun_set, pov, tense, subject_person=person
        )
        for n in range(2, len(clauses), 2):  # "…, except this one": no verb to inflect
            later = self._state_clause(clauses[n], pov, tense, person)
            clauses[n] = later if later is not None else inflect_phrase(
                clauses[n], self.pronoun_set, pov, tense, subject_person=person,
                verb_first=opens_on_finite_verb(clauses[n]))[0]
        text = "".join([text, *clauses[1:]])
        if state is not None:
            # "brave with strangers" is what they are, never "braved with strangers"
            return f"{conjugate('be', person, tense)} {text}"
        if began_with_verb:
            return text
        first, _, rest = text.lower().partition(" ")
        if first in {"a", "an"} and " who " in rest:
            # "a showman who dreads being looked at" is who the character is, in the story's tense
            return f"{conjugate('be', person, tense)} {narrate_phrase(text, tense)}"
        # "fearless in the air, terrified of deep water", "competitive but soft-hearted": a
        # state is what the character is; "a temper", "a fear of heights" what they have.
        after = rest.split(" ", 1)[0].strip(",")
        verb = "be" if _is_state_word(first.strip(","), after) else "have"
        return f"{conjugate(verb, person, tense)} {text}"

    def _state_clause(self, clause: str, pov: str, tense: str, person: str) -> str | None:
        """A clause that says how the character is ("brave with strangers", "terrified of her
        own shadow"), its pronouns the narration's and its adjective kept; None for a deed."""
        words = clause.split(" ")
        if len(words) < 2 or words[1].lower() not in _STATE_PREPOSITIONS:
            return None
        first = words[0].lower()
        if not _is_state_word(first, words[1].lower()):
            return None
        rest = inflect_phrase(" ".join(words[1:]), self.pronoun_set, pov, tense,
                              subject_person=person)[0]
        return f"{words[0]} {rest}"

    def _phrase_form(self, phrase: str, form: str) -> str:
        """The phrase with its leading verb as a gerund (``ing``) or a bare infinitive."""
        if not phrase:
            raise SlotUnavailable("phrase")
        text, began_with_verb = inflect_phrase(phrase, self.pronoun_set, self.pov, self.tense)
        if not began_with_verb:
            raise SlotUnavailable("phrase")
        words = text.split(" ")
        for i, word in enumerate(words):
            lemma = verb_lemma(word)
            if lemma:
                words[i] = gerund(lemma) if form == "ing" else lemma
                break
        return " ".join(words)

    def _is_stative(self, phrase: str) -> bool:
        words = [w for w in phrase.lower().split() if w not in {"always", "still", "never"}]
        return bool(words) and (verb_lemma(words[0]) or words[0]) in self.stative

    def _trait(self) -> str:
        if not self.traits or self.scenes_only:
            # A trait is shown, never named: "Being wry kept you alive" is the character
            # sheet pasted into a sentence.
            raise SlotUnavailable("trait")
        if self._fill_trait is None:
            self._fill_trait = self.traits[self.trait_turn % len(self.traits)]
            self.trait_turn += 1
        return self._fill_trait
