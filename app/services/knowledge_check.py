"""The publish check: text that looks like a person or a way to reach one.

A knowledge-bank entry travels to every district, so it must hold school-level
information only. Before a narrative is submitted this check reads its words and lists
what looks like a person's name or a contact detail (email, phone number, street
address) that is not one of the school's staff contacts (the ``people`` table: staff and
officers in their professional roles, whom a narrative may name). An anonymous entry
must not name its school either. The check cannot be sure, so it never edits: it returns
findings with the field and an excerpt, and the officer confirms or edits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from app.models import vocabulary

_UPPER = "A-ZĀĒĪŌŪ"
_WORD = rf"[{_UPPER}][a-zāēīōū'’-]+"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:\+64|0)[\s-]?\(?\d\)?(?:[\s-]?\d){6,9}(?!\d)")
ADDRESS = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?\s+(?:{_WORD}\s+){{1,3}}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Drive|Dr|Lane|Place|Pl|Crescent|Cres|Terrace|Tce|"
    r"Way|Grove|Close|Highway|Hwy|Parade|Court|Ct)\b"
)
_TITLE_WORDS = "Mr Mrs Ms Miss Mx Dr Whaea Matua Aunty Uncle Nurse Constable Const Sergeant Sgt"
_TITLES = frozenset(f"{_TITLE_WORDS} Detective Det".split())
TITLED = re.compile(rf"\b(?:{'|'.join(sorted(_TITLES))})\.?\s+((?:{_WORD})(?:\s+{_WORD})?)")
CAPITALISED_RUN = re.compile(rf"\b{_WORD}(?:\s+{_WORD}){{1,2}}\b")

# Capitalised words that start sentences or name institutions, places or programmes in
# narratives; a run of capitalised words holding one of them is not taken for a name.
_COMMON = """
    a after an and as at before but by during each every for from in it its of on our
    she he so that the their then there these they this those to we when where while
    with without year years term terms week weeks monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september
    october november december police school schools board ministry education new zealand
    nz kāhui ako māori pākehā pasifika kura tumuaki whānau kia kaha lpc sara students
    staff parents teachers principal senior junior assembly council community team
    district area youth aid road safe programme college intermediate primary high
"""
COMMON_WORDS = frozenset(_COMMON.split())


class FindingKind(StrEnum):
    NAME = "name"
    EMAIL = "email"
    PHONE = "phone"
    ADDRESS = "address"
    SCHOOL_NAME = "school_name"


KIND_LABELS = {
    FindingKind.NAME: "looks like a person's name",
    FindingKind.EMAIL: "an email address",
    FindingKind.PHONE: "a phone number",
    FindingKind.ADDRESS: "a street address",
    FindingKind.SCHOOL_NAME: "names the school in an anonymous entry",
}


@dataclass(frozen=True, slots=True)
class Finding:
    field: str  # the entry's field ("lessons", "aims.1.evidence")
    label: str  # that field's name as people read it
    kind: FindingKind
    found: str
    excerpt: str  # the words around it, so the officer can find it

    @property
    def message(self) -> str:
        return f"{self.label}: “{self.found}” {KIND_LABELS[self.kind]}"


@dataclass(frozen=True, slots=True)
class KnownContacts:
    """What the entry may mention: the school's staff contacts, and words that are not
    names (the vocabulary's labels, the school's cluster, district and area)."""

    name_words: frozenset[str]
    emails: frozenset[str]
    phones: frozenset[str]
    other_words: frozenset[str]
    school_name: str = ""  # set only for an anonymous entry: its name must not appear

    @classmethod
    def build(
        cls,
        people: Iterable[tuple[str, str, str]],
        places: Iterable[str] = (),
        anonymous_school: str = "",
    ) -> KnownContacts:
        """``people``: (name, email, phone) of each staff contact."""
        people = list(people)
        return cls(
            name_words=frozenset(w.lower() for n, _e, _p in people for w in _words(n)),
            emails=frozenset(e.strip().lower() for _n, e, _p in people if e.strip()),
            phones=frozenset(_digits(p) for _n, _e, p in people if _digits(p)),
            other_words=frozenset(w.lower() for t in (*_labels(), *places) for w in _words(t)),
            school_name=anonymous_school.strip(),
        )


def check_texts(texts: Mapping[str, tuple[str, str]], known: KnownContacts) -> list[Finding]:
    """Findings over ``texts`` (field -> (label, text)), in field order."""
    findings: list[Finding] = []
    for field, (label, value) in texts.items():
        findings += _check_one(field, label, value or "", known)
    return findings


def _check_one(field: str, label: str, value: str, known: KnownContacts) -> list[Finding]:
    found: list[tuple[int, FindingKind, str]] = []
    taken: list[tuple[int, int]] = []  # spans already read, known or found

    def note(m: re.Match[str], kind: FindingKind, keep: bool, text: str = "") -> None:
        taken.append(m.span())
        if keep:
            found.append((m.start(), kind, text or m.group()))

    for m in EMAIL.finditer(value):
        note(m, FindingKind.EMAIL, m.group().lower() not in known.emails)
    for m in PHONE.finditer(value):
        note(m, FindingKind.PHONE, _digits(m.group()) not in known.phones, m.group().strip())
    for m in ADDRESS.finditer(value):
        note(m, FindingKind.ADDRESS, True)
    for m in TITLED.finditer(value):
        note(m, FindingKind.NAME, not _known_name(m.group(1), known))
    for name in school_names(known.school_name):
        at = value.lower().find(name.lower())
        if at >= 0 and not any(at < end and start < at + len(name) for start, end in taken):
            taken.append((at, at + len(name)))
            found.append((at, FindingKind.SCHOOL_NAME, value[at : at + len(name)]))
    for m in CAPITALISED_RUN.finditer(value):
        if any(m.start() < end and start < m.end() for start, end in taken):
            continue
        words = [w.lower() for w in _words(m.group())]
        ordinary = any(w in COMMON_WORDS or w in known.other_words for w in words)
        note(m, FindingKind.NAME, not ordinary and not _known_name(m.group(), known))
    return [
        Finding(field, label, kind, text, _excerpt(value, at, len(text)))
        for at, kind, text in sorted(found, key=lambda f: f[0])
    ]


# Words many school names share; what is left names the place ("Kōwhai Grove School" ->
# "Kōwhai Grove"), which identifies an anonymous school as well as its full name does.
_SCHOOL_WORDS_TEXT = (
    "school college kura primary intermediate high area contributing normal full "
    "composite academy of te o the"
)
_SCHOOL_WORDS = frozenset(_SCHOOL_WORDS_TEXT.split())


def school_names(name: str) -> list[str]:
    """The school's name, then its distinctive part, longest first."""
    if not name.strip():
        return []
    words = name.split()
    while words and words[-1].casefold() in _SCHOOL_WORDS:
        words.pop()
    while words and words[0].casefold() in _SCHOOL_WORDS:
        words.pop(0)
    core = " ".join(words)
    return [name.strip()] + ([core] if core and core != name.strip() else [])


def _known_name(candidate: str, known: KnownContacts) -> bool:
    """A staff contact: every word of the candidate is a word of some staff name."""
    words = [w.lower() for w in _words(candidate)]
    return bool(words) and all(w in known.name_words for w in words)


def _excerpt(value: str, at: int, length: int, around: int = 30) -> str:
    start, end = max(0, at - around), min(len(value), at + length + around)
    return ("…" if start else "") + value[start:end].strip() + ("…" if end < len(value) else "")


def _words(value: str) -> list[str]:
    return re.findall(r"[\wāēīōūĀĒĪŌŪ'’-]+", value)


def _digits(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    return "0" + digits[2:] if digits.startswith("64") else digits


def _labels() -> list[str]:
    """Every label in the vocabulary: programme, role and organisation names."""
    return [
        member.label
        for item in vars(vocabulary).values()
        if isinstance(item, type) and issubclass(item, vocabulary.Labelled)
        for member in item
    ]
