"""Word-level resources for term extraction: tokens, stop and linker lists, lemmas, verb guesses, acronyms."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import simplemma
import wordfreq

from align.langtags import primary
from tm.terms.languages import EXTRA_LANGUAGES, LINKERS, chinese_words, not_term_word, stop_words

# Languages with stop and linker lists, lemmas and verb cues (below, and tm/terms/languages.py); the others
# (Arabic among them: no clitic segmentation here) have no term extraction.
TERM_LANGUAGES = frozenset({"fr", "en"}) | EXTRA_LANGUAGES


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`, as a set (keeps the word lists below readable)."""
    return frozenset(text.split())


# Words that never start or end a term. Closed-class words plus the discourse adverbs of UN-style prose.
_STOP_FR = words("""
a à â au aux avec ce ces cet cette ceci cela celle celles celui ceux chaque comme contre d d' d’ dans de des
du elle elles en entre et eux il ils je l l' l’ la le les leur leurs lui ma mais me même mes moi mon ne ni nos
notre nous on ou où par parmi pas pour qu qu' qu’ que quel quelle quelles quels qui sa sans se s' s’ ses si son
sont sur ta te tes toi ton tous tout toute toutes tu un une vos votre vous y été être est sera ont a avait ont
ainsi aussi autre autres afin alors selon sous vers chez dont lors lorsque puis puisque donc car cependant
également notamment plus moins très bien encore déjà toujours désormais outre particulier lequel laquelle
lesquels lesquelles auquel auxquels duquel desquels ledit ladite n' n’ c' c’ j' j’ m' m’ t' t’ jusqu' jusqu’
i’ i' celle-ci celui-ci ceux-ci fait faire tel telle tels telles deux trois quatre cinq dix premier première
seconde dernier dernière part égard cadre compte fin fins titre note
janvier février mars avril mai juin juillet août aout septembre octobre novembre décembre
""")
_STOP_EN = words("""
a an the and or nor but of to in on at by for with from as into onto upon about above below over under
between among through during before after than that this these those which who whom whose what when where
while it its it's their theirs they them he his him she her we our us you your i me my be been being is are
was were am do does did done have has had having will would shall should may might must can could not no
so such also further inter alia well both each either neither all any some other others same own very more
most less least only just then there here thus hence however including include includes via per whether
one two three four five ten first second former latter 's ’s towards toward within without against note
january february march april may june july august september october november december
""")
_STOP = {"fr": frozenset(_STOP_FR), "en": frozenset(_STOP_EN)}
# Pragmatic adjectives select rather than classify: *organismes compétents des Nations Unies* and *relevant
# United Nations bodies* are the terms *organismes des Nations Unies* and *United Nations bodies* with an
# insertion (FASTR's insertion variants). They never end a term and are left out of its key.
_INSERTIONS = {
    "fr": words("""compétent compétents compétente compétentes concerné concernés concernée concernées pertinent
                pertinents pertinente pertinentes approprié appropriés appropriée appropriées divers diverses
                différents différentes nombreux nombreuses respectif respectifs respective respectives"""),
    "en": words("relevant concerned appropriate competent various different numerous respective"),
}

# Function words allowed inside a term ("Organisation de la coopération islamique", "Charter of the United Nations").
_LINKERS = {
    "fr": words("de du des d' d’ la l' l’ le les au aux à pour"),
    "en": words("of the for"),
    **LINKERS,
}
# French elisions glued to the next word: l’Organisation, d’action, qu’il, and OCR’s I’ for l’.
_ELISION = re.compile(r"^(l|d|qu|n|s|c|j|m|t|i|jusqu|lorsqu|puisqu|quelqu)(['’])(?=\w)", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(['’]s)$", re.IGNORECASE)
_TOKEN = re.compile(r"\w+(?:[-‐‑'’/.]\w+)*|[^\w\s]")
_DIGIT = re.compile(r"\d")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
# Endings of French participles used as adjectives (institutions spécialisées): not verbs here.
_FR_PARTICIPLE = ("é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues")
_FR_INFINITIVE = ("er", "ir", "oir", "crire", "dire", "uire", "ndre", "ttre", "aître", "oître", "vre", "faire")
_FR_FINITE = ("e", "es", "ent", "ons", "ez", "ait", "aient", "a", "ont")


@dataclass(frozen=True)
class Token:
    """A word, number or punctuation mark with its character span in the segment."""

    text: str
    start: int
    end: int
    kind: str  # "word", "num", "code" (a dotted name) or "punct"
    tag: str = ""  # the word class, where the tokenizer gives one (jieba for Chinese)


def tokenize(text: str, lang: str) -> list[Token]:
    """Words (elisions and possessives split off), numbers and codes, and punctuation, in order."""
    out: list[Token] = []
    lang = primary(lang)
    if lang == "zh":
        return _chinese_tokens(text)
    for m in _TOKEN.finditer(text):
        word, start = m.group(), m.start()
        if _DIGIT.search(word):
            out.append(Token(word, start, m.end(), "num"))
            continue
        if "." in word:  # host and file names (lists.debian.org, orig.tar) are addresses, not terms
            out.append(Token(word, start, m.end(), "code"))
            continue
        if not word[0].isalnum():
            out.append(Token(word, start, m.end(), "punct"))
            continue
        el = _ELISION.match(word)
        if el and lang == "fr":
            cut = el.end()
            out.append(Token(word[:cut], start, start + cut, "word"))
            word, start = word[cut:], start + cut
        pos = _POSSESSIVE.search(word) if lang == "en" else None
        if pos and len(word) > 2:
            cut = pos.start()
            out.append(Token(word[:cut], start, start + cut, "word"))
            out.append(Token(word[cut:], start + cut, start + len(word), "word"))
            continue
        out.append(Token(word, start, start + len(word), "word"))
    return out


def _chinese_tokens(text: str) -> list[Token]:
    """Chinese words from jieba (Latin words and codes inside Chinese text come through as words too)."""
    out = []
    for word, start, end, tag in chinese_words(text):
        if _DIGIT.search(word):
            kind = "num"
        elif not any(ch.isalnum() for ch in word):
            kind = "punct"
        else:
            kind = "code" if "." in word else "word"
        out.append(Token(word, start, end, kind, tag))
    return out


def is_stop(word: str, lang: str) -> bool:
    """A closed-class word (or OCR's lone `I’` for `l’`; a one-character Chinese word) that cannot begin or end
    a term."""
    lang = primary(lang)
    stops = _STOP.get(lang) or stop_words(lang)
    return word.lower() in stops or len(word) == 1


def not_term(token: Token, lang: str) -> bool:
    """A word that terms do not contain: a verb form, or (es/ru/zh) any class outside noun phrases."""
    lang = primary(lang)
    if lang in EXTRA_LANGUAGES:
        return not_term_word(token.text, lang, token.tag)
    return looks_like_verb(token.text, lang)


def is_insertion(word: str, lang: str) -> bool:
    """A pragmatic adjective (compétents, relevant): inside a term's span, outside its key."""
    return word.lower() in _INSERTIONS.get(primary(lang), frozenset())


def is_linker(word: str, lang: str) -> bool:
    """A function word that may sit inside a multi-word term."""
    return word.lower() in _LINKERS.get(primary(lang), frozenset())


@functools.lru_cache(maxsize=65536)
def lemma(word: str, lang: str) -> str:
    """The lowercase lemma (simplemma); grouping key for inflected variants such as organisation(s)."""
    low = word.lower()
    try:
        lem = simplemma.lemmatize(low, lang=primary(lang))
    except ValueError:  # a language simplemma does not know: the word itself
        return low
    # Lemmatising proper-name parts or OCR damage can map a word onto an unrelated one; keep short edits only.
    return lem.lower() if lem and abs(len(lem) - len(low)) <= 4 else low


@functools.lru_cache(maxsize=65536)
def looks_like_verb(word: str, lang: str) -> bool:
    """A guess, without a tagger, that `word` is a verb form (Rappelant, recalling, renforcer) rather than a noun."""
    low, lang = word.lower(), primary(lang)
    lem = lemma(low, lang)
    if lang == "fr":
        if low.endswith(_FR_PARTICIPLE) and not low.endswith("ie"):
            return False
        # Infinitive endings; not bare -re/-ire, which nouns and adjectives share (membre, subsidiaire).
        verbal = lem.endswith(_FR_INFINITIVE) and len(lem) > 4 and lem not in _FR_NOUN_ER
        if low.endswith("ant") and verbal and lem != low:
            return True
        if low == lem and low.endswith(("er", "ir")) and len(low) > 5 and simplemma.is_known(low, lang="fr"):
            return low not in _FR_NOUN_ER
        return verbal and lem != low and low.endswith(_FR_FINITE)
    if lang == "en":
        # Gerunds and participles: lemma shorter than the word (recalling -> recall), unlike peacekeeping.
        return low.endswith("ing") and lem != low and len(low) > 5
    return False


# French nouns and adjectives in -er/-ir that look like infinitives.
_FR_NOUN_ER = words("""dossier premier dernier quartier cahier métier avenir loisir plaisir pouvoir devoir
savoir désir soutien clavier atelier palier collier chantier fichier foyer danger hiver mer fer cancer
leader manager""")


def is_acronym(word: str) -> bool:
    """An all-capitals word of 2–8 letters, or a hyphenated name with one (ONU-Femmes, UN-Women)."""
    parts = re.split(r"[-‐‑]", word)
    caps = [p for p in parts if 2 <= len(p) <= 8 and p.isalpha() and p.isupper() and not _ROMAN.match(p)]
    return bool(caps) and all(p[:1].isupper() for p in parts if p)


# Zipf frequency from which a single word is everyday language (wordfreq: 3.6 is about 4 per million words):
# coordination 4.0, humanitaire 3.9, médiation 3.8 against désarmement 3.3, décolonisation 3.1.
GENERAL_WORD_ZIPF = 3.6


def general_zipf(text: str, lang: str) -> float:
    """The text's frequency in general language on wordfreq's Zipf scale (0 for unknown)."""
    try:
        return wordfreq.zipf_frequency(text, primary(lang))
    except LookupError:
        return 0.0
