"""Synthetic document text: common words, a long tail of rare words, surveillance phrases."""

import random
from itertools import accumulate

#: Everyday words of records and letters, most frequent first (they get the largest weights).
COMMON_WORDS = (
    "the of and to in a for is on that by this with from be are as at or an it was will not "
    "shall any all which department records request city county agency police office public "
    "information contract agreement system data use policy vendor services purchase order "
    "invoice payment amount total date pursuant law section access software license annual "
    "maintenance support training equipment term renewal council approval funding grant budget "
    "procurement memorandum email attached please find regarding meeting chief sheriff officer "
    "investigation program pilot project deployment camera video image database search "
    "retention audit report analysis review privacy disclosure exemption redacted confidential "
    "nondisclosure signed effective period quote proposal scope deliverables installation "
    "hardware subscription cloud storage account users logs response"
).split()

#: (phrase, weight): technologies, vendors and products that records about surveillance name.
SURVEILLANCE_PHRASES = (
    ("face recognition", 10), ("facial recognition software", 6), ("licence plate", 8),
    ("automated license plate reader", 7), ("license plate recognition", 5),
    ("cell-site simulator", 3), ("body-worn camera", 8), ("social media monitoring", 4),
    ("gunshot detection", 4), ("predictive policing", 3), ("unmanned aerial system", 3),
    ("real-time crime center", 4), ("fusion center", 3), ("geofence warrant", 2),
    ("Amazon Rekognition", 4), ("Clearview AI", 4), ("Flock Safety", 5), ("Axon Evidence", 5),
    ("Motorola Solutions", 4), ("Vigilant Solutions", 3), ("ShotSpotter", 3),
    ("Cellebrite UFED", 2), ("Palantir Gotham", 2), ("Harris StingRay", 1), ("Skydio X10", 1),
    ("DJI Matrice", 2), ("Babel Street", 1), ("Dataminr First Alert", 1), ("Fog Reveal", 1),
    ("BriefCam", 2), ("Genetec Security Center", 2), ("NEC NeoFace", 1), ("Idemia", 1),
    ("Geofeedia", 1), ("Voyager Labs", 1), ("PredPol", 1),
)

#: Vendor -> (product, technology), for evidence items with purchase facts.
VENDOR_PRODUCTS = {
    "Amazon Web Services": ("Amazon Rekognition", "Face recognition"),
    "Clearview AI": ("Clearview AI search", "Face recognition"),
    "NEC": ("NeoFace Watch", "Face recognition"),
    "Idemia": ("MorphoTrak face matching", "Face recognition"),
    "Flock Safety": ("Falcon camera", "Automated licence-plate readers"),
    "Motorola Solutions": ("Vigilant PlateSearch", "Automated licence-plate readers"),
    "Harris Corporation": ("StingRay II", "Cell-site simulators"),
    "KeyW": ("Hailstorm", "Cell-site simulators"),
    "Axon": ("Axon Body 4", "Body-worn cameras"),
    "Getac": ("BC-02 body camera", "Body-worn cameras"),
    "Babel Street": ("Babel X", "Social-media monitoring"),
    "Dataminr": ("First Alert", "Social-media monitoring"),
    "DJI": ("Matrice 30T", "Drones"),
    "Skydio": ("Skydio X10", "Drones"),
    "SoundThinking": ("ShotSpotter", "Gunshot detection"),
    "Geolitica": ("PredPol", "Predictive policing"),
    "Genetec": ("Security Center", "Video surveillance"),
    "BriefCam": ("BriefCam video analytics", "Video surveillance"),
    "Palantir": ("Palantir Gotham", "Fusion centers"),
    "Fog Data Science": ("Fog Reveal", "Fusion centers"),
}

_ONSETS = ("b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p",
           "pr", "qu", "r", "s", "st", "t", "tr", "v", "w", "z")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou", "y")
_CODAS = ("", "", "n", "r", "s", "l", "m", "x", "nd", "st")


def pseudo_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """Return `count` distinct made-up words not in `taken` (and add them to it)."""
    words = []
    while len(words) < count:
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                       for _ in range(rng.randint(2, 4)))
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


class Vocabulary:
    """The words, sentences and page texts of one seed.

    Sentences follow a Zipf-like word frequency, as real text does, so the full-text index sees
    very common words, middling ones and a long tail; surveillance phrases recur across pages so
    phrase searches find many hits, and every page also carries one or two words from a large
    tail that only a few dozen pages share (the rare-word searches).
    """

    SENTENCES = 20_000
    MIDDLE_WORDS = 5_000
    TAIL_WORDS = 50_000

    def __init__(self, seed: int):
        rng = random.Random(f"vocabulary-{seed}")
        taken = set(COMMON_WORDS)
        self.middle = pseudo_words(rng, self.MIDDLE_WORDS, taken)
        self.tail = pseudo_words(rng, self.TAIL_WORDS, taken)
        words = COMMON_WORDS + self.middle
        # The n-th most frequent word appears about 1/n as often as the first.
        weights = list(accumulate(1 / rank for rank in range(1, len(words) + 1)))
        phrases = [phrase for phrase, _ in SURVEILLANCE_PHRASES]
        phrase_weights = list(accumulate(weight for _, weight in SURVEILLANCE_PHRASES))
        self.sentences = []
        for _ in range(self.SENTENCES):
            sentence = rng.choices(words, cum_weights=weights, k=rng.randint(8, 16))
            if rng.random() < 0.15:
                sentence.insert(rng.randrange(len(sentence)),
                                rng.choices(phrases, cum_weights=phrase_weights)[0])
            self.sentences.append(" ".join(sentence).capitalize() + ".")

    def page(self, rng: random.Random) -> str:
        """Return one page of about 150 words, with one or two rare words in it."""
        body = " ".join(rng.choices(self.sentences, k=rng.randint(8, 14)))
        rare = " ".join(rng.choice(self.tail) for _ in range(rng.randint(1, 2)))
        return f"{body} Reference {rare}."

    def search_queries(self, count: int = 200, seed: int = 0) -> list[tuple[str, str]]:
        """Return (kind, query) pairs cycling through common, middling and rare words and phrases."""
        rng = random.Random(f"queries-{seed}")
        kinds = ("common", "middle", "rare", "phrase")
        queries = []
        for n in range(count):
            kind = kinds[n % len(kinds)]
            if kind == "common":
                query = rng.choice(COMMON_WORDS[30:])
            elif kind == "middle":
                query = rng.choice(self.middle[:500])
            elif kind == "rare":
                query = rng.choice(self.tail)
            else:
                query = f'"{rng.choice(SURVEILLANCE_PHRASES)[0]}"'
            queries.append((kind, query))
        return queries
