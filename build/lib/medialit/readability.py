"""Readability figures with textstat, working offline.

textstat 0.7.10 and later count English syllables with NLTK's copy of the CMU Pronouncing
Dictionary and, when that corpus is missing, download it at first use: with no network the
call fails (or hangs until a time-out). The kit needs the same figures on a laptop with no
network, in CI and on Binder, so it counts syllables with textstat's own fallback, the
pyphen hyphenation dictionaries that ship inside the ``pyphen`` wheel. This module switches
textstat to that fallback when it is imported; nothing is downloaded, ever.

The figures differ slightly from a CMU-based count (pyphen splits written words, not spoken
ones); they are stable, reproducible and good enough to compare texts measured the same way.
"""

from __future__ import annotations

import textstat
from textstat.backend.counts import _count_syllables

_PATCHED = False


def _no_cmudict(lang: str):
    """Stand-in for textstat's CMU-dictionary getter: no dictionary, so pyphen counts."""
    return None


def offline_textstat():
    """Return the ``textstat`` module, set to count syllables with pyphen only."""
    global _PATCHED
    if not _PATCHED:
        if not hasattr(_count_syllables, "get_cmudict"):
            raise RuntimeError(
                "This textstat release no longer looks up the CMU dictionary the way the kit "
                "expects; check medialit/readability.py against the pinned version."
            )
        _count_syllables.get_cmudict = _no_cmudict
        textstat.textstat.set_lang("en_US")
        _PATCHED = True
    return textstat


def scores(text: str) -> dict[str, float]:
    """A few standard readability figures for ``text``."""
    ts = offline_textstat()
    return {
        "words": ts.lexicon_count(text),
        "sentences": ts.sentence_count(text),
        "flesch_reading_ease": ts.flesch_reading_ease(text),
        "flesch_kincaid_grade": ts.flesch_kincaid_grade(text),
        "gunning_fog": ts.gunning_fog(text),
    }
