"""Scoring a guest message against a hotel's knowledge: how much of an entry's evidence the
guest's words cover, not how many of the guest's words the entry lacks.

Why this shape (issue 10, measured on `bench/quality/`'s tuning half): guests name a topic with
words of their own around it ("landing at 9am any chance the room's ready before lunch?").
Counting every word an entry lacks against it sank most such questions; what decides is whether
the words an entry is *about* are there. So:

* every text of an entry counts: its phrasings fully, its answer (which holds the everyday words
  guests use: "oven", "tablets", "key box") at :attr:`Weights.answer`;
* each language is stemmed by its own Snowball stemmer and loses its own function words
  (:data:`STOP_WORDS` adds de, es, fr, it to :data:`textnorm.STOP_WORDS`), so "Gibt es einen
  Aufzug" is about *Aufzug* alone;
* a guest's word meets an entry's word exactly, through a typo (rapidfuzz, against the
  phrasings of the guest's language or English only, and no looser than
  :attr:`Weights.typo_floor`: "labrador" is not the Spanish "lavadora"), a transliteration
  ("zavtrak" ~ "завтрак"; read as Russian, a Latin word is also the Cyrillic word it
  spells, stemmed and looked up as Russian: "stoit" is the price's "стоит"), a shared
  concept (`thesaurus.py` in six languages plus the caller's thesaurus), a thesaurus phrase
  standing for its words ("be out", "ins Zimmer"), or as a part of it ("wlanpasswort" ~
  "passwort", "info" ~ "information"); numbers are no evidence;
* a word weighs its IDF over the hotel's entries; a word no entry knows weighs only
  :attr:`Weights.unknown` of a rare word: it says little about which entry, but a message of
  nothing but such words is about something the hotel did not write down; one that names a
  hotel thing (a thesaurus word: "Frühstück" where nobody wrote about breakfast) weighs fully;
* a sentence that tells beside one that asks ("my flight is at 9pm, can i keep the room till
  the afternoon") says why, not what: its words weigh :attr:`Weights.context` of their own
  (`asks`: a question mark, or a question or wish word opening it);
* the word a negation names ("no reception", "ohne Kinder", "без детей") is what the guest
  lacks, not what they ask about: it weighs :attr:`Weights.negated` of its own;
* an entry scores the share of the message's evidence it explains, times how much of its best
  phrasing the message covers, scaled down when its only evidence is weak words; the leader
  gains a little for a clear lead over the runner-up.

`Scorer.rank` returns every candidate with evidence, best first, with the words that decided:
the caller asks the guest which one they mean when the top two are close (`Ranked.close`).

Pure and synchronous: an index is built once per knowledge change (off the event loop, by the
caller) and queried in well under a millisecond.
"""

from __future__ import annotations

import math
import operator
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol

import snowballstemmer

from bot.guest_flow import textnorm
from bot.guest_flow.thesaurus import PHRASES, THESAURUS

__all__ = [
    "JOINS",
    "STOP_WORDS",
    "WEAK_WORDS",
    "Candidate",
    "Entry",
    "Ranked",
    "Scorer",
    "Weights",
    "clauses",
    "stem",
    "tells",
]

# Function words, politeness and question words of the languages textnorm does not cover: they
# name no topic. Hand lists (Snowball ships none); a word that is also content elsewhere
# ("sal", "come") is left out.
STOP_WORDS: Mapping[str, frozenset[str]] = {
    # English and Russian words textnorm's lists lack, which guests use around a topic.
    "en": frozenset(
        """
        after before until till back around anything something anyone someone anybody
        somebody somewhere anywhere still already yet really right just even ever every
        all only own again else very well sure maybe perhaps probably kind sort lot lots
        bit able way though although while since because cause cuz coz tmrw tmr tho ya
        guess think wonder wondering asking ask question quick hey there
        chance actually lol prob reckon nah roughly least little small big few
        things everything nobody down downstairs upstairs tbh seems min mins his her them
        they during shes weve hes theyre he she him their theirs hers whom whose
        pretty quite rather kinda sorta gonna gotta behind beside across along between through
        keeps
        problem problems
        """.split()
    ),
    "ru": frozenset(
        """
        если почему зачем нибудь кто чем куда всё все весь вся уже ли бы чтоб типа вроде
        может можете сможете есть ещё еще пока потом после перед до около тоже также какой
        вопрос спросить подскажите
        этого всего чтото что-то сразу примерно бывает еле отдельно туда сюда будем
        много мало тогда ладно всегда кстати едем едете едут едешь поедем
        проблема проблемы проблем изпод
        """.split()
    ),
    "de": frozenset(
        """
        der die das den dem des ein eine einen einem einer eines ich du er sie es wir ihr
        mein meine meinen meinem meiner dein deine unser unsere unserem unseren euer eure ihre
        ihren ihrem mir mich dir dich uns euch ihnen sich ist sind bin bist war waren wäre
        wären sein hat habe haben hast hatte hatten kann kannst können könnte könnten konnte
        muss müssen musste müssten soll sollen sollte darf dürfen will wollen möchte möchten
        möchtest würde würden wird werden wurde man wie wo wann was wer wen wem welche welcher
        welches wieso warum weshalb wieviel wieviele ab bis bei beim mit nach von vom zum zur
        zu im in ins auf aus für um an am und oder aber noch schon auch nicht kein keine
        keinen gibt gibts geht es nen ne bitte danke da dann denn mal so hier dort hallo
        guten tag morgen abend heute jetzt gerne gern ja nein doch eigentlich etwa ob dass
        daß wenn falls über unter vor hinter neben zwischen durch gegen ohne sehr viel viele
        etwas was's irgendwo irgendwie bzw eh halt einfach klar
        aufs fürs vorm vors sowas kurz unbedingt nochmal halb nehmt könnt schick genaue
        zeigen machen sonst
        nur hin her ganz eben vielleicht wohl immer sofort übers brauch brauche brauchen
        problem probleme wieder
        """.split()
    ),
    "es": frozenset(
        """
        el la los las un una unos unas yo tu tú te me mi mis su sus nos nuestro nuestra
        nuestros nuestras vuestro usted ustedes es son soy está están estoy estamos hay ser
        estar de del al a en con sin por para que qué q k cual cuál cuales como cómo donde
        dónde cuando cuándo cuanto cuánto cuanta cuánta cuantos cuántos y e o u pero no si sí
        se lo le les ya muy mas más puedo puede podemos pueden podría tienen tiene tengo
        tenemos hasta desde favor porfa xfa hola buenas buenos dias días gracias vale ok
        este esta esto estos estas ese esa eso hace hacer algo alguien alguna alguno algún
        hola entonces también tambien aquí aqui ahí ahi hoy mañana ahora necesito necesitamos
        quiero queremos quisiera saber pregunta él ella ellos ellas ir voy vas va vamos van
        oye hago digo esas esos nada todo todos todas somos dan final kilos
        solo sólo mucho poco allí bueno pues mira claro quizás tal vez siempre luego
        después tener
        problema problemas
        """.split()
    ),
    "fr": frozenset(
        """
        le la les l un une des du de d au aux je j tu il elle on nous vous ils elles me m te
        t se s mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs est sont suis
        es sommes êtes être ai as a avons avez ont avoir peut peux pouvons pouvez peuvent
        faut dois doit devons devez veux veut voudrais voudrions que qu quoi qui quel quelle
        quels quelles comment où quand combien pourquoi et ou mais ne pas n y en dans sur
        sous avec sans pour par chez ce cet cette ces ça ca il-y bonjour bonsoir salut merci
        svp stp oui non si très tres aussi encore déjà deja ici là la-bas aujourd demain
        maintenant est-ce court
        """.split()
    ),
    "it": frozenset(
        """
        il lo la i gli le un uno una l io tu lui lei noi voi loro mi ti ci vi si mio mia miei
        mie tuo tua suo sua nostro nostra vostro vostra è e sono sei siamo siete essere ho
        hai ha abbiamo avete hanno avere posso puoi può possiamo potete possono devo deve
        dobbiamo vorrei vorremmo che chi cosa quale quali come dove quando quanto quanta
        quanti quante perché perche ed o ma non di del della dei delle dello al alla ai alle
        allo a da dal dalla in nel nella nei nelle con su sul sulla per tra fra c ce questo
        questa quello quella ciao buongiorno buonasera grazie prego per favore sì si no
        anche ancora già qui qua lì là oggi domani adesso ora molto
        """.split()
    ),
}

# Everyday words of those languages that never name a topic alone (the caller's weak words are
# English and Russian): "Zimmer", "hora", "chambre" as "room" and "время" are.
WEAK_WORDS: tuple[str, ...] = tuple(
    """
    zimmer uhr uhrzeit zeit tag tage nacht nächte woche stunde stunden wohnung hotel
    habitación habitacion hora horas día dia días noche noches semana apartamento hotel
    chambre heure heures jour jours nuit nuits semaine appartement hôtel
    camera ora ore giorno giorni notte notti settimana appartamento albergo
    monday tuesday wednesday thursday friday saturday sunday weekend
    понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье
    выходные montag dienstag mittwoch donnerstag freitag samstag sonntag wochenende
    lunes martes miércoles jueves viernes sábado domingo
    offen geöffnet öffnet geschlossen abierto abre cierra cerrado horario ouvert ouvre ferme
    fermé horaires aperto apre chiude chiuso orario
    kommen komme kommt kommst
    """.split()
)

_SNOWBALL = {
    "en": "english",
    "ru": "russian",
    "de": "german",
    "es": "spanish",
    "fr": "french",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
}
_LOCAL = threading.local()  # Snowball stemmers hold state: one set per thread


def _stemmer(language: str) -> Any:
    own: dict[str, Any] | None = getattr(_LOCAL, "stemmers", None)
    if own is None:
        own = _LOCAL.stemmers = {}
    found = own.get(language)
    if found is None:
        found = own[language] = snowballstemmer.stemmer(_SNOWBALL.get(language, "english"))
    return found


_STEM_CACHE: dict[tuple[str, str], str] = {}
_STEM_CACHE_LIMIT = 200_000


def stem(token: str, lang: str) -> str:
    """A normalised token stemmed by its language's Snowball stemmer (Cyrillic always Russian,
    other scripts and numbers unchanged). Memoised: the Python stemmer is the slow step."""
    key = (token, lang)
    found = _STEM_CACHE.get(key)
    if found is not None:
        return found
    script = textnorm.script_of(token)
    if token.isdigit() or script == "other":
        result = token
    else:
        language = "ru" if script == "cyrillic" else (lang if lang != "ru" else "en")
        own = textnorm.OWN_STEMS.get(language, {}).get(token)
        result = own or _stemmer(language).stemWord(token) or token
    if len(_STEM_CACHE) < _STEM_CACHE_LIMIT:
        _STEM_CACHE[key] = result
    return result


# Words that deny the word after them ("no reception", "без детей", "ohne Kinder"): what the
# guest lacks or wants without is not what they ask about. They name nothing themselves.
_NEGATIONS = frozenset(
    """
    no not without never dont doesnt didnt isnt arent wasnt cant cannot wont havent hasnt
    нет без не ни kein keine keinen keinem keiner keines ohne nicht nie sin ni nunca
    pas sans aucun aucune jamais non senza nessun nessuna nessuno mai
    """.split()
)


_ALL_STOP: frozenset[str] = frozenset().union(*STOP_WORDS.values(), _NEGATIONS)


def is_stop(token: str) -> bool:
    """A function word of any supported language (guests mix them: "wifi пароль please")."""
    return textnorm.is_stop_word(token) or token in _ALL_STOP


# Words another language's function words hold that are things in their own: the German
# "Kind" (child) is no English "kind of", the English "bin" no German "ich bin", the English
# (tennis) "court" no French "court" (short), the Spanish "NIE" no German "nie".
_CONTENT_HERE: Mapping[str, frozenset[str]] = {
    "de": frozenset({"kind"}),
    "en": frozenset({"bin", "court"}),
    "es": frozenset({"nie"}),
}


def function_word_of(token: str, lang: str) -> bool:
    """Whether *token* is a function word of *lang* itself (not of any language)."""
    return token in STOP_WORDS.get(lang, frozenset()) or (
        lang in ("en", "ru") and textnorm.is_stop_word(token)
    )


def _is_stop_in(token: str, lang: str) -> bool:
    """`is_stop`, but for a word that names a thing in the text's own language."""
    return is_stop(token) and token not in _CONTENT_HERE.get(lang, frozenset())


class Entry(Protocol):
    """What the scorer reads of a knowledge entry (`matching.KnowledgeItem` is one)."""

    @property
    def topic(self) -> str: ...

    @property
    def questions(self) -> Mapping[str, Sequence[str]]: ...

    @property
    def answer(self) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class Weights:
    """The scorer's knobs, chosen on the tuning half of `bench/quality/` (bench/README.md)."""

    answer: float = 0.85  # an answer's word, relative to a phrasing's
    answer_concept: float = 0.6  # an answer word's concept ("restaurantes" ~ dinner)
    unknown: float = 0.35  # a word no entry knows, relative to a word unique to one entry
    weak: float = 0.25  # cap of an everyday word ("time", "room"), same scale
    translit: float = 0.9  # a transliterated form
    concept: float = 0.85  # the same concept through the thesaurus
    part: float = 0.7  # one word part of the other (compounds, clipped words), at best
    query_exponent: float = 1.0  # of the share of the message the entry explains
    phrasing_share: float = 0.5  # of the phrasing coverage in the score (rest: constant)
    specific_enough: float = 0.4  # the strongest word's weight at which nothing is scaled down
    typo_floor: float = 0.7  # weakest typo similarity counted
    fuzzy_answers: bool = False  # typos read against the answers' words too
    close: float = 0.12  # top two topics this close: ask which one
    lead: float = 0.5  # the top score gains this share of its lead over the runner-up,
    lead_cap: float = 0.1  # counted up to this lead: a clear winner needs a little less
    named: float = 1.0  # an unknown word that names a hotel concept (thesaurus), as 'unknown'
    context: float = 0.3  # a word of a statement beside the question ("flight is at 9pm, ...")
    negated: float = 0.25  # the word a negation names ("no reception", "ohne Kinder")


class Candidate(NamedTuple):
    """An entry with evidence for a message: its position, score and the words that decided.
    A named tuple: a ranking makes one per entry with evidence (dozens in a large hotel), and
    a tuple is made several times faster than a frozen dataclass."""

    item: int
    score: float
    words: tuple[str, ...]
    # The entry's phrasing the message covers best, (language, text): None when only the
    # entry's answer met it. "When do we get the door code?" meeting "What if the door code
    # does not work?" is no fault reported (`decide.settled`).
    phrasing: tuple[str, str] | None = None


@dataclass(frozen=True)
class Ranked:
    """Every candidate for a message, best first."""

    candidates: tuple[Candidate, ...]
    close_margin: float

    @property
    def top(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def runner_up(self) -> Candidate | None:
        return self.candidates[1] if len(self.candidates) > 1 else None

    def close(self, threshold: float) -> bool:
        """Whether the top two both clear *threshold* within the margin: a guess between
        them would be a coin flip, so the guest should be asked which one they mean."""
        top, second = self.top, self.runner_up
        return (
            top is not None
            and second is not None
            and second.score >= threshold
            and top.score - second.score < self.close_margin
        )


@dataclass
class _Token:
    text: str
    sims: dict[int, float]  # term id → similarity in (0, 1]
    weight: float
    # A phrase's own words (term ids), which cover an entry's phrasing that spells the phrase
    # out ("До какого времени можно заказать еду в номер?") but are no evidence of their own.
    cover: tuple[int, ...] = ()


_PREFIX = "#"  # concept ids; never fuzzily compared with words
_SHOWN = 8  # candidates whose deciding words are kept (`knowledge try` shows three)
_PRICE = _PREFIX + "price"
_MIN_PART = 4  # shortest word part counted as part of another word
# Longest word split into parts: every prefix and suffix is kept, which grows with the square
# of the length (a 50,000-letter "word" in an answer took gigabytes); real compounds are shorter.
_MAX_PART_WORD = 40


@dataclass(frozen=True)
class _Lexicon:
    """The thesaurus as the scorer reads it. The same for every hotel and some seven thousand
    words and phrases: built once per caller's concepts and shared by every hotel's index (a
    copy per hotel cost about 2 MB each). Read-only; a caller's concepts changed after their
    first reading are not read again."""

    # Concepts are looked up by (language, stem): a word reaches a concept in its own
    # language or in English, never through a stem another language happens to share
    # ("catas" is not "cat"). The caller's thesaurus is English and Russian.
    concepts: Mapping[tuple[str, str], str]
    phrases: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word → (rest, concept)
    concept_keys: tuple[tuple[str, str], ...]  # sorted: `concept_fuzzy`'s ids
    concept_fuzzy: textnorm.FuzzyIndex  # misspelt concept words


_LEXICONS: dict[int, tuple[Mapping[str, Iterable[str]], _Lexicon]] = {}
_LEXICON_LOCK = threading.Lock()
_MOST_LEXICONS = 8  # distinct caller thesauri kept (the bot has one; tests make a few)


def _lexicon(concepts: Mapping[str, Iterable[str]]) -> _Lexicon:
    """The shared lexicon for *concepts* (by identity: the caller's table is a constant)."""
    with _LEXICON_LOCK:  # held while building (0.1 s, once): hotels' indexes build at once
        found = _LEXICONS.get(id(concepts))
        if found is not None and found[0] is concepts:
            return found[1]
        built = _read_lexicon(concepts)
        if len(_LEXICONS) >= _MOST_LEXICONS:
            _LEXICONS.clear()
        # The entry holds *concepts* itself, so its id cannot pass to another table.
        _LEXICONS[id(concepts)] = (concepts, built)
        return built


def _read_lexicon(concepts: Mapping[str, Iterable[str]]) -> _Lexicon:
    groups: list[tuple[str, str, str]] = [
        (name, lang, words) for name, by_lang in THESAURUS.items()
        for lang, words in by_lang.items()
    ]  # fmt: skip
    for name, mixed in concepts.items():
        groups.extend((name, "ru" if textnorm.script_of(word) == "cyrillic" else "en", word)
                      for word in mixed)  # fmt: skip
    table: dict[tuple[str, str], str] = {}
    for name, lang, text in groups:
        for token in textnorm.tokenize(text):
            table.setdefault((lang, stem(token, lang)), _PREFIX + name)
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for name, by_lang in PHRASES.items():
        for said_by_lang in by_lang.values():
            for phrase in said_by_lang.split(","):
                said = textnorm.tokenize(phrase)
                if said:
                    phrases[said[0]].append((tuple(said[1:]), _PREFIX + name))
    keys = tuple(sorted(table))
    return _Lexicon(
        MappingProxyType(table),
        MappingProxyType({first: tuple(rest) for first, rest in phrases.items()}),
        keys,
        textnorm.FuzzyIndex([word for _, word in keys], cutoff=0.85),
    )


class Scorer:
    """One hotel's knowledge prepared for scoring messages.

    *concepts* maps thesaurus words to a concept name ("wlan" → "wifi"); *weak_words* are
    everyday words capped at :attr:`Weights.weak` whatever their IDF.
    """

    def __init__(
        self,
        items: Sequence[Entry],
        concepts: Mapping[str, Iterable[str]] = {},
        weak_words: Iterable[str] = (),
        weights: Weights | None = None,
    ) -> None:
        self.weights = w = weights or Weights()
        self._fuzzy_answers = w.fuzzy_answers
        self._items = tuple(items)
        self._lexicon = _lexicon(concepts)
        self._vocab: dict[str, int] = {}
        self._terms: list[str] = []
        self._term_langs: list[int] = []  # bit set of the languages whose texts hold the term
        self._lang_bits: dict[str, int] = {"en": 1, "ru": 2}
        # term id → {item: best source weight}; phrasing positions for the coverage.
        self._sources: list[dict[int, float]] = []
        self._phrasing_item: list[int] = []
        self._phrasing_text: list[tuple[str, str]] = []
        self._phrasing_terms: list[list[tuple[int, ...]]] = []  # per position: its term ids
        self._phrasing_postings: dict[int, list[tuple[int, int, float]]] = defaultdict(list)

        item_terms: list[set[int]] = []
        for index, item in enumerate(self._items):
            seen: set[int] = set()
            for lang, texts in item.questions.items():
                for text in texts:
                    positions = self._forms(text, lang)
                    phrasing = len(self._phrasing_item)
                    self._phrasing_item.append(index)
                    self._phrasing_text.append((lang, text))
                    ids: list[tuple[int, ...]] = []
                    for pos, forms in enumerate(positions):
                        pos_ids: list[int] = []
                        for form, factor in forms:
                            term = self._term(form, lang)
                            pos_ids.append(term)
                            self._phrasing_postings[term].append((phrasing, pos, factor))
                            self._source(term, index, factor)
                            seen.add(term)
                        ids.append(tuple(pos_ids))
                    self._phrasing_terms.append(ids)
            for lang, text in item.answer.items():
                for forms in self._forms(text, lang):
                    for form, factor in forms:
                        term = self._term(form, lang)
                        scale = w.answer_concept if form.startswith(_PREFIX) else w.answer
                        self._source(term, index, factor * scale)
                        seen.add(term)
            item_terms.append(seen)

        n = max(1, len(self._items))
        self._full = math.log(1.0 + n)
        df = [0] * len(self._terms)
        for seen in item_terms:
            for term in seen:
                df[term] += 1
        self._weak = weak = {stem(t, lang) for word in (*weak_words, *WEAK_WORDS)
                             for t in textnorm.tokenize(word) for lang in _SNOWBALL}  # fmt: skip
        self._idf = [
            min(math.log(1.0 + n / d), w.weak * self._full)
            if self._terms[t] in weak
            else math.log(1.0 + n / d)
            for t, d in enumerate(df)
        ]
        # A phrasing's positions by the IDF of their word, and its whole weight.
        self._position_idf = [[self._idf[pos[0]] for pos in ids] for ids in self._phrasing_terms]
        self._phrasing_weight = [sum(idf) for idf in self._position_idf]
        words = [t if not t.startswith(_PREFIX) else "" for t in self._terms]
        # Typos are read against the phrasings' words only: an answer's word is weaker
        # evidence, and one letter from it is a coincidence more often than a typo
        # ("проехать" is not the pets answer's "приехать").
        typo_words = [
            word if self._fuzzy_answers or term in self._phrasing_postings else ""
            for term, word in enumerate(words)
        ]
        self._fuzzy = textnorm.FuzzyIndex(typo_words)
        # Word parts: every prefix and suffix (at least _MIN_PART letters) of a known word, so
        # a clipped or compounded guest word meets it without scanning the vocabulary.
        self._parts: dict[str, list[int]] = defaultdict(list)
        for term, word in enumerate(words):
            if not _MIN_PART < len(word) <= _MAX_PART_WORD or not word.isalpha():
                continue
            for size in range(_MIN_PART, len(word)):
                self._parts[word[:size]].append(term)
                self._parts[word[-size:]].append(term)

    # -- building ---------------------------------------------------------------------------

    def _term(self, form: str, lang: str) -> int:
        term = self._vocab.get(form)
        if term is None:
            term = self._vocab[form] = len(self._terms)
            self._terms.append(form)
            self._sources.append({})
            self._term_langs.append(0)
        bit = self._lang_bits.setdefault(lang, 1 << len(self._lang_bits))
        self._term_langs[term] |= bit
        return term

    def _source(self, term: int, item: int, weight: float) -> None:
        sources = self._sources[term]
        if weight > sources.get(item, 0.0):
            sources[item] = weight

    def _forms(self, text: str, lang: str) -> list[list[tuple[str, float]]]:
        """Each content word of an entry's text: its stem, transliteration and concept; and
        each thesaurus phrase in it, as its concept."""
        w = self.weights
        result: list[list[tuple[str, float]]] = []
        words = textnorm.tokenize(text)
        for phrase_concept, _, _ in self._phrases_in(words):  # "room service" → roomservice
            result.append([(phrase_concept, w.concept)])
        for token in words:
            if _is_stop_in(token, lang):
                continue
            stemmed = stem(token, lang)
            forms: list[tuple[str, float]] = [(stemmed, 1.0)]
            if textnorm.script_of(stemmed) == "cyrillic":
                forms.append((textnorm.transliterate(stemmed), w.translit))
            concept = self._concept_of(token, lang)
            if concept is not None:
                forms.append((concept, w.concept))
            result.append(forms)
        return result

    def names_no_topic(self, text: str, lang: str) -> bool:
        """Whether a part of a message names nothing of its own, only a price or everyday
        words ("cuánto cuesta", "Kosten?", "how much per night"): it asks about the part
        before it (and read alone, it would meet every entry that names a price). Whom the
        price is for names nothing either: "the boat trip? how much for kids" is the trip's."""
        for token in textnorm.tokenize(text):
            if _is_stop_in(token, lang) or not token.isalpha() or token in _AUDIENCE:
                continue
            if self._concept_of(token, lang) != _PRICE and stem(token, lang) not in self._weak:
                return False
        return True

    def _concept_of(self, token: str, lang: str) -> str | None:
        """The concept a word means, in its language or in English (guests mix them)."""
        if textnorm.script_of(token) == "cyrillic":
            return self._lexicon.concepts.get(("ru", stem(token, "ru")))
        concepts = self._lexicon.concepts
        return concepts.get((lang, stem(token, lang))) or concepts.get(("en", stem(token, "en")))

    # -- querying ---------------------------------------------------------------------------

    @property
    def items(self) -> tuple[Entry, ...]:
        return self._items

    def _query(self, said: Sequence[Sequence[str]], lang: str) -> list[_Token]:
        """The content words of a message's sentences (each sentence's words), each with the
        known terms it meets and its weight.

        Numbers are left out: a "9" that an answer happens to hold ("from 9:00") says
        nothing about what the guest asks.
        """
        w = self.weights
        allowed = self._lang_bits.get(lang, 0) | self._lang_bits["en"]
        # Sentence by sentence, so a negation reaches no further than its own ("no? and
        # parking?" does not deny the parking).
        words: list[str] = []
        denied: set[int] = set()
        for sentence in said:
            denied.update(len(words) + position for position in negated(sentence, lang))
            words.extend(sentence)
        tokens, consumed = self._phrase_tokens(words, lang)
        lacking: set[int] = set()  # the tokens a negation names
        for position, token in enumerate(words):
            if (
                position in consumed
                or _is_stop_in(token, lang)
                or len(token) < 2
                or not token.isalpha()
            ):
                continue
            # Russian typed in Latin letters is read in Cyrillic too ("stoit" is "стоит").
            cyrillic = _in_cyrillic(token, lang)
            if token not in self._vocab and (
                textnorm.looks_like_stop_word(token)
                or (
                    cyrillic is not None
                    and (_is_stop_in(cyrillic, "ru") or textnorm.looks_like_stop_word(cyrillic))
                )
            ):
                continue
            sims: dict[int, float] = {}
            stems = {stem(token, lang), stem(token, "en"), token}
            if cyrillic is not None:
                stems.add(stem(cyrillic, "ru"))
            known = any(form in self._vocab for form in stems)
            verb = None if known or lang != "de" else _participle_verb(token)
            if verb is not None:
                stems.add(stem(verb, lang))
                known = any(form in self._vocab for form in stems)
            for form in stems:
                self._similar(form, 1.0, sims, allowed, known)
                if textnorm.script_of(form) == "cyrillic":
                    self._similar(textnorm.transliterate(form), w.translit, sims, allowed, known)
            concept = (
                self._concept_of(token, lang)
                or (self._concept_of(cyrillic, "ru") if cyrillic is not None else None)
                or (self._concept_of(verb, lang) if verb is not None else None)
            )
            if concept is not None:
                _keep(sims, self._vocab.get(concept), w.concept)
            elif not known and token not in textnorm.OWN_STEMS.get(lang, {}):
                # A misspelt thesaurus word of the guest's language or English ("nada" is a
                # word of its own, no "nadar" misspelt).
                said = token if cyrillic is None else cyrillic
                own = "ru" if textnorm.script_of(said) == "cyrillic" else lang
                lexicon = self._lexicon
                for i, sim in lexicon.concept_fuzzy.lookup(stem(said, own)):
                    key = lexicon.concept_keys[i]
                    if key[0] in (own, "en"):
                        _keep(sims, self._vocab.get(lexicon.concepts[key]), sim * w.concept)
            if sims:
                best = max(sims, key=lambda t: (sims[t], self._idf[t]))
                weight = max(self._idf[best], 0.5 * w.unknown * self._full)
            elif concept is not None:
                # A hotel thing this hotel wrote nothing about ("Frühstück" at apartments
                # without breakfast): the message is about it, not about its other words.
                weight = w.named * self._full
            else:
                weight = w.unknown * self._full
            if position in denied:
                lacking.add(len(tokens))
            tokens.append(_Token(token, sims, weight))
        # What the guest lacks weighs less only beside something else they name: "there are no
        # towels" and "нет wifi" are about the towels and the wifi.
        strong = w.weak * self._full
        if lacking and any(
            t.sims and t.weight > strong for i, t in enumerate(tokens) if i not in lacking
        ):
            for i in lacking:
                t = tokens[i]
                tokens[i] = replace(t, weight=t.weight * w.negated)
        return tokens

    def _asked_query(self, text: str, lang: str) -> list[_Token]:
        """The message's words, those of a statement beside its question weighing
        `Weights.context` of their own: "my flight is at 9pm, can i keep the room till the
        afternoon" asks about the room, and the flight only says why."""
        parts = sentences(text)
        said = [textnorm.tokenize(part) for part in parts]
        asked = [_asks(part, words, lang) for part, words in zip(parts, said, strict=True)]
        if all(asked) or not any(asked):
            return self._query(said, lang)
        query: list[_Token] = []
        said_fully: list[_Token] = []
        asked_about = False  # whether an asking sentence names anything ("how much" does not)
        for words, asking in zip(said, asked, strict=True):
            tokens = self._query([words], lang)
            said_fully.extend(tokens)
            if not asking:
                tokens = [replace(t, weight=t.weight * self.weights.context) for t in tokens]
            pointing = _POINTING.get(lang, frozenset()).intersection(words)
            asked_about = asked_about or (asking and bool(tokens) and not pointing)
            query.extend(tokens)
        # Only bare questions ("my flight is at 9, what can i do?") or ones pointing back at
        # the statement ("we have two dogs, can we bring them?"): the statement is the topic.
        return query if asked_about else said_fully

    def _phrases_in(self, words: Sequence[str]) -> list[tuple[str, int, int]]:
        """Thesaurus phrases in a word sequence: (concept, first position, end position)."""
        found: list[tuple[str, int, int]] = []
        for start, first in enumerate(words):
            heads = self._lexicon.phrases.get(first, ())
            if first.endswith("s"):  # "rooms ready" is "room ready"
                heads = heads + self._lexicon.phrases.get(first[:-1], ())
            for rest, concept in heads:
                end = start + 1 + len(rest)
                if end > len(words):
                    continue
                if all(
                    word == want or (len(want) >= 4 and word.startswith(want))
                    for word, want in zip(words[start + 1 : end], rest, strict=True)
                ):
                    found.append((concept, start, end))
        # The longest phrase stands for its words: "get in touch" is no "get in" (check-in).
        return [
            (concept, start, end)
            for concept, start, end in found
            if not any(s <= start and end <= e and e - s > end - start for _, s, e in found)
        ]

    def _phrase_tokens(self, words: list[str], lang: str) -> tuple[list[_Token], set[int]]:
        """A token for each thesaurus phrase the message holds, meaning its concept, and the
        positions of the words it stands for ("entrar a la habitación" is check-in, not a
        verb and a room). A concept no entry knows weighs as a named thing no entry knows."""
        found: dict[int | str, _Token] = {}
        consumed: set[int] = set()
        for concept, start, end in self._phrases_in(words):
            term = self._vocab.get(concept)
            key = concept if term is None else term
            if key not in found:
                phrase = " ".join(words[start:end])
                if term is None:  # a hotel thing this hotel wrote nothing about ("going out")
                    found[key] = _Token(phrase, {}, self.weights.named * self._full)
                else:
                    own = (self._vocab.get(stem(word, lang)) for word in words[start:end])
                    cover = tuple(t for t in own if t is not None)
                    found[key] = _Token(
                        phrase, {term: self.weights.concept}, self._idf[term], cover
                    )
            consumed.update(range(start, end))
        return list(found.values()), consumed

    def _similar(
        self, form: str, factor: float, sims: dict[int, float], allowed: int, known: bool
    ) -> None:
        """Known terms like *form*: itself; unless the word is known as it stands, its typos
        and the words it is part of or holds, in the guest's language or English only (a
        "labrador" is not the Spanish "lavadora")."""
        exact = self._vocab.get(form)
        if exact is not None:
            _keep(sims, exact, factor)
        if known:
            return
        langs = self._term_langs
        for term, sim in self._fuzzy.lookup(form):
            if sim >= self.weights.typo_floor and langs[term] & allowed:
                _keep(sims, term, sim * factor)
        if _MIN_PART <= len(form) <= _MAX_PART_WORD:
            part = self.weights.part * factor
            for term in self._parts.get(form, ()):  # the guest's word begins or ends a known one
                if langs[term] & allowed:
                    _keep(sims, term, part * len(form) / len(self._terms[term]))
            for size in range(len(form) - 1, _MIN_PART - 1, -1):  # a known word in the guest's
                for piece in (form[:size], form[-size:]):
                    held = self._vocab.get(piece)
                    if held is not None and langs[held] & allowed:
                        _keep(sims, held, part * size / len(form))

    def rank(self, text: str, lang: str = "en") -> Ranked:
        """Every entry with evidence for *text*, best first."""
        w = self.weights
        query = self._asked_query(text, lang)
        total = sum(token.weight for token in query)
        if not query or total <= 0.0:
            return Ranked((), w.close)
        n_query = len(query)
        explained: dict[int, list[float]] = {}
        phrasing_best: dict[int, dict[int, float]] = {}
        for q, token in enumerate(query):
            for term, sim in token.sims.items():
                for item, source in self._sources[term].items():
                    row = explained.get(item)
                    if row is None:
                        row = explained[item] = [0.0] * n_query
                    if sim * source > row[q]:
                        row[q] = sim * source
                for phrasing, pos, factor in self._phrasing_postings.get(term, ()):
                    best = phrasing_best.setdefault(phrasing, {})
                    if sim * factor > best.get(pos, 0.0):
                        best[pos] = sim * factor
            for term in token.cover:  # a phrase's words: the positions they fill, as exact
                for phrasing, pos, factor in self._phrasing_postings.get(term, ()):
                    best = phrasing_best.setdefault(phrasing, {})
                    if factor > best.get(pos, 0.0):
                        best[pos] = factor
        coverage: dict[int, float] = defaultdict(float)
        closest: dict[int, int] = {}
        for phrasing, best in phrasing_best.items():
            idf = self._position_idf[phrasing]
            covered = sum(idf[pos] * s for pos, s in best.items())
            share = covered / self._phrasing_weight[phrasing]
            item = self._phrasing_item[phrasing]
            if share > coverage[item]:
                coverage[item] = share
                closest[item] = phrasing
        weights = [token.weight for token in query]
        enough = w.specific_enough * self._full
        exponent, from_phrasing, rest = w.query_exponent, w.phrasing_share, 1.0 - w.phrasing_share
        scored: list[tuple[float, int]] = []
        for item, row in explained.items():
            evidence = list(map(operator.mul, weights, row))
            specific = min(1.0, max(evidence) / enough)
            score = (
                (sum(evidence) / total) ** exponent
                * (rest + from_phrasing * min(1.0, coverage[item]))
                * specific**2
            )
            scored.append((score, item))
        scored.sort(key=lambda pair: pair[0], reverse=True)
        if scored:
            top_score, top_item = scored[0]
            lead = top_score - (scored[1][0] if len(scored) > 1 else 0.0)
            scored[0] = (min(1.0, top_score + w.lead * min(lead, w.lead_cap)), top_item)
        # The words that decided, read only for the entries anyone is shown (the rest rank).
        candidates = [
            Candidate(
                item,
                score,
                tuple(t.text for t, s in zip(query, explained[item], strict=True) if s > 0.0)
                if place < _SHOWN
                else (),
                self._phrasing_text[closest[item]] if item in closest else None,
            )
            for place, (score, item) in enumerate(scored)
        ]
        return Ranked(tuple(candidates), w.close)


# What joins two questions in one message: punctuation, and "and" in the six languages.
_CLAUSE_BREAK = re.compile(r"[?!;+\n…]+|\.\s+|,\s+(?:and|also|и|а|und|y|e|et)\s+")
_CLAUSE_BREAK_KEPT = re.compile(f"({_CLAUSE_BREAK.pattern})")
# Words that join a clause to the one before ("and how much?"), read by intents too.
JOINS = frozenset("and also plus и а также und y e et".split())


# Russian typed in Latin letters joins with "i" ("skolko stoit parkovka i mozhno li pozdniy
# vyezd"); elsewhere "i" is the English "I" or the Italian article, so it joins only there.
_LATIN_JOINS = {"ru": frozenset({"i"})}


def clauses(text: str, lang: str | None = None) -> list[str]:
    """The parts of a message that may be questions of their own ("wifi password? and is
    there a kettle" → two), split at question marks and the like, and at a joining word of
    any language (or of `lang` written in Latin letters); parts without a content word are
    dropped. One part when nothing splits it. A part keeps the question mark that ended it:
    whether it asks (`asks`) is read from it."""
    joins = JOINS | _LATIN_JOINS.get(lang or "", frozenset())
    parts: list[str] = []
    pieces = _CLAUSE_BREAK_KEPT.split(text)
    for piece, after in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
        current: list[str] = []
        joined: list[str] = []  # the piece's parts split at a join word
        words = piece.split()
        for i, word in enumerate(words):
            if textnorm.normalize(word) in joins and not _in_a_number(words, i):
                if current:
                    joined.append(" ".join(current))
                current = []
            else:
                current.append(word)
        if current:
            joined.append(" ".join(current))
        if joined:
            joined[-1] += "?" if "?" in after else ""
        parts.extend(_joined_questions(joined, lang or ""))
    return [
        part
        for part in parts
        if any(not _is_stop_in(t, lang or "") for t in textnorm.tokenize(part))
    ]


def _joined_questions(joined: Sequence[str], lang: str) -> list[str]:
    """Parts a join word split; a part that does not ask of its own after one that does is
    that question's: "till when can i grab coffee and croissants on sunday" asks one thing
    about two, while "wifi password and breakfast time" lists two questions. So is one after
    a part that tells: "we have a toddler and a pram" says one thing."""
    parts: list[str] = []
    held = False  # whether the part before asks or tells, and so holds what follows
    for part in joined:
        words = textnorm.tokenize(part)
        asks_here = _opens_asking(part, words, lang) and not _OR.intersection(words[:2])
        if parts and held and not asks_here:
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
            held = asks_here or tells(part, lang)
    return parts


# Object pronouns a question points back at a statement with ("we have two dogs, can we bring
# them?", "venimos en coche, dónde lo dejamos?"): the statement names the topic. Only
# unambiguous ones: English "it" is mostly a dummy subject ("will it fit", "is it extra"),
# and Romance articles ("la piscina") look like pronouns.
_POINTING: Mapping[str, frozenset[str]] = {
    "en": frozenset({"them"}),
    "ru": frozenset({"его", "ее", "их", "ego", "ee", "ikh"}),
    "de": frozenset({"ihn"}),
    "es": frozenset({"lo"}),
}

# "Or" opening a part offers the other way of the question before ("are there pots and so,
# or should we bring some?"): one question, whatever joined them.
_OR = frozenset("or oder или ili o ou oppure".split())

# What follows "5 and" inside one time or amount: "a las 5 y media", "um 5 und halb".
_FRACTIONS = frozenset("half halb media cuarto demi demie mezza mezzo quart quarto пол".split())


def _in_a_number(words: Sequence[str], i: int) -> bool:
    """Whether the join at *i* sits inside a time or amount ("5 y media", "20 and 30"), not
    between two questions."""
    if i == 0 or i + 1 >= len(words) or not any(ch.isdigit() for ch in words[i - 1]):
        return False
    following = textnorm.normalize(words[i + 1])
    return following in _FRACTIONS or following.isdigit()


def _participle_verb(token: str) -> str | None:
    """The verb a German participle is made of, which Snowball leaves whole: "geputzt" is
    "putzen", "gebucht" "buchen", "gewaschen" "waschen"."""
    if len(token) < 6 or not token.startswith("ge"):
        return None
    return token[2:-1] + "en" if token.endswith("t") else token[2:]


def _in_cyrillic(token: str, lang: str) -> str | None:
    """A Latin word of a Russian message written back in Cyrillic, else None."""
    if lang != "ru" or textnorm.script_of(token) != "latin":
        return None
    cyrillic = textnorm.cyrillize(token)
    return cyrillic if cyrillic != token else None


def _keep(sims: dict[int, float], term: int | None, value: float) -> None:
    if term is not None and value > sims.get(term, 0.0):
        sims[term] = value


# Where one sentence of a message ends and another begins, the question mark kept with its own.
_SENTENCE = re.compile(r"[^,;.!?…\n]+(?:[?]+)?")
# The words a question or a wish opens with, per language ("when", "можно", "gibt es",
# "necesito"): a sentence with one of them in its first words, or ending with "?", asks.
_ASKING: Mapping[str, frozenset[str]] = {
    "en": frozenset(
        "what when where which who whom whose why how is are was were do does did can could "
        "will would should shall may might any anything anyone need needs want wants wondering "
        "looking tell til till until whats wheres hows".split()
    ),
    "ru": frozenset(
        "что когда где какой какая какие какое кто почему зачем как сколько можно ли есть "
        "нужен нужна нужно нужны надо хочу хотим хотели хотел хотела подскажите скажите "
        "куда откуда чем во до интересует".split()
    ),
    "de": frozenset(
        "was wann wo wie welche welcher welches wer wen wem warum wieso gibt kann können "
        "könnte könnten darf dürfen ist sind habt haben hat muss müssen brauche brauchen "
        "suche suchen möchte möchten hätte hätten bis".split()
    ),
    "es": frozenset(
        "qué que cuándo cuando dónde donde cómo como cuánto cuanto cuánta cuántos cuál cual "
        "quién quien por hay se puedo podemos puede pueden tienen tiene necesito necesitamos "
        "quiero queremos quisiera busco buscamos hasta a".split()
    ),
    "fr": frozenset(
        "que quoi quand où comment combien quel quelle quels quelles qui pourquoi est peut "
        "peux pouvons pouvez avez y besoin voudrais voudrions cherche jusqu".split()
    ),
    "it": frozenset(
        "che cosa quando dove come quanto quanta quanti quale quali chi perché perche c è "
        "posso possiamo può potete avete serve servono vorrei vorremmo cerco bisogno fino".split()
    ),
}
# Words a sentence may open with before its question or wish word ("so when", "и можно",
# "I need", "мне нужен", "ich brauche"): the word after them decides ("we land at 9" tells).
_LEAD_INS = frozenset(
    "so and but also ok okay hi hello hey btw sorry please pls then i im am ive we my our "
    "и а но так ну ещё еще "
    "я мы мне нам und aber also noch ich wir mir uns y pero oye yo nosotros et mais alors je "
    "nous on e ma allora io noi".split()
)
# Each language's openers with English's, and Russian's as typed in Latin letters too
# ("mozhno li pozdniy vyezd").
_OPENERS: Mapping[str, frozenset[str]] = {
    lang: words
    | _ASKING["en"]
    | (frozenset(map(textnorm.transliterate, words)) if lang == "ru" else frozenset())
    for lang, words in _ASKING.items()
}
# The verbs a question opens with by putting them first ("are we", "sind wir", "peut-on"): after
# the guest as subject they only tell ("we are back at 10", "wir sind erst um 10 zurück").
_INVERTED = frozenset(
    "is are was were do does did can could will would should shall may might "
    "kann können könnte könnten darf dürfen ist sind habt haben hat muss müssen hätte hätten "
    "est peut peux pouvons pouvez avez posso possiamo può potete avete".split()
)


def sentences(text: str) -> list[str]:
    """A message's sentences and comma-set parts, each with its question mark if it has one."""
    return [part.strip() for part in _SENTENCE.findall(text) if part.strip()]


def asks(sentence: str, lang: str) -> bool:
    """Whether a sentence asks (a question mark, or a question or wish word opening it, of
    the guest's language or English, or a word alone: "wifi, breakfast, parking?" is a list
    of questions): else it tells ("landing at 9am")."""
    return _asks(sentence, textnorm.tokenize(sentence), lang)


def _asks(sentence: str, words: Sequence[str], lang: str) -> bool:
    """`asks`, the sentence's words already read."""
    if sum(not _is_stop_in(word, lang) for word in words) <= 1:
        return True
    return _opens_asking(sentence, words, lang)


def _opens_asking(sentence: str, words: Sequence[str], lang: str) -> bool:
    """A question mark ends it, or a question or wish word opens it (after lead-ins)."""
    if sentence.endswith("?"):
        return True
    openers = _OPENERS.get(lang, _ASKING["en"])
    told = False  # the guest is the subject: "we are back at 10" tells, "are we" would ask
    for word in words:
        if word not in _LEAD_INS:
            if word == "were" and _WE_ARE.search(sentence):
                return False  # "we're driving down" tells; "were there calls?" would ask
            return word in openers and not (told and word in _INVERTED)
        told = told or word in _SUBJECTS
    return False


# "we're" loses its apostrophe to the tokenizer and reads as "were".
_WE_ARE = re.compile(r"\bwe\s?['’`´]\s?re\b", re.IGNORECASE)


# The words a statement about the guest opens with ("we arrive on friday", "мы приедем
# поздно", "wir landen um 9", "my flight is at 9pm").
_SUBJECTS = frozenset(
    "i we my our im ive were weve я мы мой моя мои наш наша наши ich wir mein meine unser "
    "unsere yo nosotros nosotras mi mis nuestro nuestra je nous mon ma mes notre nos io noi "
    "mio mia nostro nostra".split()
)


def tells(part: str, lang: str) -> bool:
    """Whether a part of a message says something about the guest rather than asks ("we
    check in at 15", "we have a car"): it opens with the guest as its subject, and none of
    its sentences opens asking ("i am arriving at 9, what time is check in" asks)."""
    words = textnorm.tokenize(part)
    if not words or not (words[0] in _SUBJECTS or _first_person_verb(words[0], lang)):
        return False
    return not any(
        _opens_asking(sentence, textnorm.tokenize(sentence), lang) for sentence in sentences(part)
    )


# Whom a price is for ("how much for kids", "сколько для детей"): after a question, the price
# of that question's thing (`Scorer.names_no_topic`).
_AUDIENCE = frozenset(
    "kids kid children child adults adult person persons people teens teenagers "
    "дети детей детям ребенка ребенок ребенку взрослых взрослые взрослым человека человек "
    "kinder kind kindern erwachsene erwachsenen person personen jugendliche "
    "niños niño niña niñas adultos adulto persona personas "
    "enfants enfant adultes adulte personne personnes "
    "bambini bambino adulti adulto persona persone ragazzi".split()
)


# Spanish and Italian leave the subject out: the verb's ending names the guest ("vamos en
# coche", "llegamos a las 9", "arriviamo tardi"); the first person singular only for verbs
# a guest tells their plans with ("llego", "tengo").
_FIRST_PERSON_ENDINGS: Mapping[str, tuple[str, ...]] = {
    "es": ("amos", "emos", "imos"),
    "it": ("iamo",),
}
_FIRST_PERSON_SINGULAR: Mapping[str, frozenset[str]] = {
    "es": frozenset("voy llego tengo viajo estoy soy salgo vengo".split()),
    "it": frozenset("vado arrivo ho sono parto vengo".split()),
}


def _first_person_verb(word: str, lang: str) -> bool:
    """Whether *word* is a verb of the guest's own in a language that leaves the subject out."""
    endings = _FIRST_PERSON_ENDINGS.get(lang)
    if endings is None:
        return False
    return word.endswith(endings) or word in _FIRST_PERSON_SINGULAR[lang]


def negated(words: Sequence[str], lang: str = "") -> set[int]:
    """The positions of the content words a negation names: the first after each negation."""
    denied: set[int] = set()
    pending = False
    for position, word in enumerate(words):
        if word in _NEGATIONS and word not in _CONTENT_HERE.get(lang, frozenset()):
            pending = True
        elif not word.isalpha():
            pending = False  # "no 2 towels": a number ends what the negation reaches
        elif pending and not _is_stop_in(word, lang):
            denied.add(position)
            pending = False
    return denied
