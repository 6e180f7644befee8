"""Line-end hyphen decisions on the UDHR (`python -m benchmarks.hyphens`).

Every UDHR word of 6+ letters is cut once at a syllable-like point (after a vowel, before a consonant);
each cut must be joined. Listed French and English compounds, cut at their hyphen, must keep it. No
document vocabulary is used, so only the lexicons decide.
"""

from __future__ import annotations

import random
import re

from align.text.hyphens import keep_hyphen
from benchmarks.gold_docs import shared_dir

COMP = {"fr": ["bien-être", "eux-mêmes", "porte-parole", "c'est-à-dire", "vingt-et-un", "peut-être", "Jean-Paul",
               "Saint-Étienne", "arc-en-ciel", "après-midi", "grand-mère", "vice-président", "Moyen-Orient",
               "sous-comité", "socio-économique", "Bosnie-Herzégovine", "celle-ci", "est-ce", "dit-il", "a-t-il",
               "non-discrimination", "Secrétaire-général", "chef-d'oeuvre", "procès-verbal", "lui-même",
               "anti-terroriste", "quatre-vingt", "ex-président", "mi-temps", "rendez-vous", "Nations-Unies",
               "franco-allemand", "sud-est", "auto-détermination", "non-alignés"],
        "en": ["co-operation", "non-self-governing", "non-political", "well-being", "high-level", "Secretary-General",
               "self-determination", "long-term", "follow-up", "South-South", "al-Hikma", "decision-making",
               "peace-keeping", "post-conflict", "capacity-building", "multi-stakeholder", "twenty-one", "re-elected",
               "anti-terrorism", "cross-border", "mother-in-law", "state-of-the-art", "so-called", "sub-committee",
               "Vice-President", "Mid-East", "vis-à-vis", "co-chair", "Anglo-Saxon", "non-governmental",
               "ex-combatants", "one-third", "pre-existing", "e-mail", "Bosnia-Herzegovina"]}
VOWELS = set("aeiouyàâéèêëîïôûù")


def cut_points(word: str) -> list[int]:
    return [i for i in range(2, len(word) - 2) if word[i - 1].lower() in VOWELS and word[i].lower() not in VOWELS]


def main() -> None:
    rng = random.Random(1)
    for lang in ("fr", "en"):
        text = (shared_dir() / "benchmarks" / "udhr" / f"{lang}.txt").read_text(encoding="utf-8")
        cuts = []
        for word in sorted({w for w in re.findall(r"[^\W\d_]{6,}", text)}):
            if points := cut_points(word):
                i = rng.choice(points)
                cuts.append((word[:i], word[i:]))
        kept_wrongly = [c for c in cuts if keep_hyphen(*c, lang)]
        joined_wrongly = set()
        for compound in COMP[lang]:
            parts = compound.split("-")
            for a, b in zip(parts, parts[1:], strict=False):
                left, right = re.findall(r"[^\W\d_]+$", a)[0], re.findall(r"^[^\W\d_]+", b)[0]
                if not keep_hyphen(left, right, lang):
                    joined_wrongly.add(compound)
        print(f"{lang}: breaks joined {len(cuts) - len(kept_wrongly)}/{len(cuts)}, compounds kept "
              f"{len(COMP[lang]) - len(joined_wrongly)}/{len(COMP[lang])}; wrongly kept {kept_wrongly}, "
              f"wrongly joined {sorted(joined_wrongly)}")


if __name__ == "__main__":
    main()
