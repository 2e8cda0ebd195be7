"""Tell a usable text layer from an empty or garbage one (pure; no app, no database).

A PDF's text layer can lie: fonts without a text mapping yield private-use or control
characters, a broken encoding yields byte-swapped "CJK", a scanner's bad OCR yields symbol soup.
A page is usable when most of its characters belong to words that look like words of a Latin
script language (letters with a vowel) or to numbers.
"""

import re

#: A word of a Latin-script language: two or more letters, at least one of them a vowel.
_WORD = re.compile(r"\b[A-Za-zÀ-ÖØ-öø-ÿ]*[AEIOUYaeiouyÀ-ÆÈ-ÏÒ-ÖØ-Ýà-æè-ïò-öø-ÿ]"
                   r"[A-Za-zÀ-ÖØ-öø-ÿ]*\b")
_NUMBER = re.compile(r"\b\d[\d.,/:-]*\b")
#: At least this share of the non-space characters must be in words or numbers.
MIN_WORD_SHARE = 0.5


def text_is_usable(text: str) -> bool:
    """Tell whether a page's own text is worth keeping instead of reading the page by OCR."""
    characters = len(re.sub(r"\s", "", text))
    if not characters:
        return False
    words = [word for word in _WORD.findall(text) if len(word) >= 2]
    if not words:
        return False
    in_words = sum(map(len, words)) + sum(map(len, _NUMBER.findall(text)))
    return in_words / characters >= MIN_WORD_SHARE
