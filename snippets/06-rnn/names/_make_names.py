"""Regenerate the surname lists in this folder from the Faker package (MIT licence).

Not a snippet (the leading underscore keeps it out of pytest and `lecture_tool check`) and not
needed at run time: `char_rnn.py` only reads the `<Language>.txt` files. To regenerate:

    pip install faker==40.63.0
    python snippets/06-rnn/names/_make_names.py

The rule (nothing is added or edited by hand):
1. For each language, take the surname lists of the Faker locales below.
2. Keep a name if it is one word (hyphen and apostrophe allowed), or lowercase particles followed
   by one word ("de Jong", "van der Berg"), and has at least 3 letters once accents are folded
   (NFKD, drop what is not a-z, space, apostrophe, hyphen: exactly `to_ascii` in char_rnn.py).
3. Drop duplicates within a language (same folded spelling: the first spelling is kept) and drop
   every name whose folded spelling occurs in more than one language, so each label is unambiguous.
4. Where more than PER_LANGUAGE names remain, keep a random sample of PER_LANGUAGE (seed 0).
"""
import importlib
import random
import string
import unicodedata
from pathlib import Path

PER_LANGUAGE = 250
SOURCES = {  # language: [(Faker locale, attribute of faker.providers.person.<locale>.Provider)]
    "Czech": [("cs_CZ", "last_names")],
    "Dutch": [("nl_NL", "last_names")],
    "English": [("en_GB", "last_names")],
    "Finnish": [("fi_FI", "last_names")],
    "French": [("fr_FR", "last_names")],
    "German": [("de_DE", "last_names")],
    "Italian": [("it_IT", "last_names")],
    "Polish": [("pl_PL", "male_last_names"), ("pl_PL", "unisex_last_names")],
    "Spanish": [("es_ES", "last_names")],
    "Swedish": [("sv_SE", "last_names")],
}
ALPHABET = string.ascii_lowercase + " '-"


def to_ascii(name):
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    return "".join(ch for ch in decomposed if ch in ALPHABET)


def acceptable(name):
    *particles, last = name.split(" ")
    if "," in name or not last[:1].isupper() or any(not p.islower() for p in particles):
        return False
    return sum(ch.isalpha() for ch in to_ascii(name)) >= 3


def raw_names(language):
    for locale, attribute in SOURCES[language]:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        yield from getattr(provider, attribute)  # a tuple, list or {name: weight} dict


def main(out=Path(__file__).parent):
    import faker

    per_language = {}
    for language in SOURCES:
        kept = {}
        for name in raw_names(language):
            name = unicodedata.normalize("NFC", name.strip())
            if acceptable(name):
                kept.setdefault(to_ascii(name), name)
        per_language[language] = kept
    seen = {}
    for kept in per_language.values():
        for folded in kept:
            seen[folded] = seen.get(folded, 0) + 1
    total = 0
    for language, kept in per_language.items():
        unique = sorted(name for folded, name in kept.items() if seen[folded] == 1)
        chosen = unique if len(unique) <= PER_LANGUAGE else sorted(
            random.Random(0).sample(unique, PER_LANGUAGE))
        (out / f"{language}.txt").write_text("\n".join(chosen) + "\n", encoding="utf-8")
        total += len(chosen)
        print(f"{language:11} {len(kept):5} kept, {len(kept) - len(unique):4} in another language,"
              f" {len(chosen):4} written")
    print(f"{total} names in {len(SOURCES)} languages (Faker {faker.VERSION})")


if __name__ == "__main__":
    main()
