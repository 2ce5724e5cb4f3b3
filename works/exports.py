"""A researcher's works as BibTeX, RIS, CSL-JSON and an Atom feed.

Pure functions: they take works fetched through `works.selectors` (authorships prefetched in
printed order with their researcher, topics prefetched) and never query the database, so an
export of any size costs exactly the selector's queries. Each takes the researcher whose
works they are, for one signature across formats; the BibTeX header and the feed name them.

Titles and abstracts come from arXiv and are TeX-ish: math (`$\\mathcal{C}$o-DETR`), commands
(`\\url{…}`, `\\cite{…}`) and plain-text specials (`77.6%`, `R&D`, `x_1`) side by side, and
sometimes an unbalanced brace. The BibTeX writer keeps the TeX, escapes the plain specials and
repairs braces, so one odd abstract can never break the file for BibTeX, biber or Zotero.
"""

from __future__ import annotations

import calendar
import datetime
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.feedgenerator import Atom1Feed

from bzpeer.text import fold
from profiles.models import Researcher
from works.models import Topic, Work, WorkType

# --------------------------------------------------------------------------------------------
# Text clean-up shared by every format
# --------------------------------------------------------------------------------------------

# C0 controls other than whitespace (and DEL) are invalid in XML 1.0 and meaningless elsewhere.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _clean(text: str | None) -> str:
    """One line of text: control characters dropped, whitespace runs made single spaces."""
    return " ".join(_CONTROL_CHARS.sub("", text or "").split())


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

NAME_PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la",
    "le", "ten", "ter", "zu", "vom", "bin", "ibn", "al"
})  # fmt: skip
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Names containing one of these words are organisations or list fragments, never split.
_LITERAL_NAME_WORDS = frozenset({
    "and", "&", "et", "team", "group", "consortium", "collaboration", "collective",
    "laboratory", "lab", "university", "institute", "project", "committee", "society",
    "association", "inc", "inc.", "ltd", "ltd.", "others"
})  # fmt: skip
# Han, kana and Hangul names are printed family name first, with or without spaces.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_NAME_WORD = re.compile(r"^[^\W\d_]+(?:[-'’.][^\W\d_]*)*\.?$")


@dataclass(frozen=True)
class PersonName:
    """A printed name split for citation formats; `literal` set when splitting is unsafe."""

    family: str = ""
    given: str = ""
    particle: str = ""  # "van", "de la": lower-case, cited with the family name
    suffix: str = ""  # "Jr.", "III"
    literal: str = ""  # one word, an organisation, anything we would split wrongly

    @property
    def family_with_particle(self) -> str:
        return f"{self.particle} {self.family}".strip()


def name_split(name: str) -> PersonName:
    """Split a printed name: "Guanglu Song" -> family "Song", given "Guanglu".

    Splits only when it is safe: single words, organisations and names with digits or
    symbols stay whole (`literal`); "Song, Guanglu" keeps its explicit order; a lone
    all-capitals word marks the family name ("SONG Guanglu").
    """
    name = _clean(name)
    if not name:
        return PersonName(literal="")
    words = name.replace(",", " ").split()
    if any(word.lower() in _LITERAL_NAME_WORDS for word in words):
        return PersonName(literal=name)

    if "," in name:
        parts = [part.strip() for part in name.split(",")]
        if len(parts) == 2 and all(parts):
            family, given, suffix = parts[0], parts[1], ""
        elif len(parts) == 3 and all(parts) and parts[1].lower() in NAME_SUFFIXES:
            family, suffix, given = parts
        else:
            return PersonName(literal=name)
        if not all(_NAME_WORD.match(word) for word in f"{family} {given}".split()):
            return PersonName(literal=name)
        particle_words = []
        family_words = family.split()
        while len(family_words) > 1 and family_words[0] in NAME_PARTICLES:
            particle_words.append(family_words.pop(0))
        return PersonName(
            family=" ".join(family_words),
            given=given,
            particle=" ".join(particle_words),
            suffix=suffix,
        )

    if len(words) < 2 or _CJK.search(name) or not all(_NAME_WORD.match(w) for w in words):
        return PersonName(literal=name)

    suffix = ""
    if len(words) > 2 and words[-1].lower() in NAME_SUFFIXES:
        suffix = words.pop()

    first = words[0]
    if first.isalpha() and first.isupper() and len(first) > 1 and not name.isupper():
        # "SONG Guanglu" (family name first) or "AJ Smith" (initials): no way to tell.
        return PersonName(literal=name)

    # The family name starts at the first lower-case particle after the given name(s).
    for i in range(1, len(words) - 1):
        if words[i] in NAME_PARTICLES:
            j = i
            while j < len(words) - 1 and words[j] in NAME_PARTICLES:
                j += 1
            return PersonName(
                family=" ".join(words[j:]),
                given=" ".join(words[:i]),
                particle=" ".join(words[i:j]),
                suffix=suffix,
            )
    return PersonName(family=words[-1], given=" ".join(words[:-1]), suffix=suffix)


def _position(authorship) -> int:
    return authorship.position


def work_author_names(work: Work) -> list[str]:
    """Authors as printed, in printed order.

    When the source truncated the list ("et al."), an author without a position is somewhere
    in the "others": listing them after the printed names would cite them in the wrong place,
    so they are left out; BibTeX ends the list with "and others", CSL-JSON adds a note.
    """
    authorships = list(work.authorships.all())
    positioned = sorted((a for a in authorships if a.position is not None), key=_position)
    unpositioned = [a for a in authorships if a.position is None]
    chosen = positioned if (work.authors_truncated and positioned) else positioned + unpositioned
    names = [_clean(a.raw_name) or _clean(a.researcher.display_name) for a in chosen]
    return [name for name in names if name]


# --------------------------------------------------------------------------------------------
# Shared work facts
# --------------------------------------------------------------------------------------------


def _topics(work: Work) -> list[Topic]:
    return list(work.topics.all())


def _arxiv_primary_class(work: Work) -> str:
    codes = [t.code for t in _topics(work) if t.scheme == Topic.Scheme.ARXIV and t.code]
    return codes[0] if codes else ""


def _work_urls(work: Work) -> list[str]:
    """The work's links, the one to cite first: arXiv for preprints, else the DOI."""
    if work.work_type == WorkType.PREPRINT:
        urls = [work.arxiv_url, work.doi_url, work.code_url]
    else:
        urls = [work.doi_url, work.arxiv_url, work.code_url]
    seen: list[str] = []
    for url in urls:
        url = _clean(url)
        if url and url not in seen:
            seen.append(url)
    return seen


def _date_parts(work: Work) -> list[int]:
    parts = [work.year]
    if work.month:
        parts.append(work.month)
        if work.day:
            parts.append(work.day)
    return parts


# --------------------------------------------------------------------------------------------
# Citation keys
# --------------------------------------------------------------------------------------------

KEY_SKIP_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "on", "in", "into", "onto", "at", "to",
    "for", "from", "by", "with", "without", "within", "via", "as", "is", "are", "be", "do",
    "does", "toward", "towards", "versus", "vs", "under", "over", "about", "through",
    "between", "among", "upon", "de", "der", "die", "das", "des", "du", "la", "le", "les",
    "el", "los", "un", "une", "una", "ein", "eine"
})  # fmt: skip
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+|\\.")


def _ascii_lower(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text).encode("ascii", "ignore").decode())


def _key_title_word(title: str) -> str:
    # "$\mathcal{C}$o-DETR" -> "Co-DETR": drop command names and math/grouping characters.
    plain = re.sub(r"[${}]", "", _TEX_COMMAND.sub("", title))
    for word in plain.split():
        word = _ascii_lower(word)
        if word and word not in KEY_SKIP_WORDS:
            return word
    return ""


def _key_base(work: Work) -> str:
    names = work_author_names(work)
    first = name_split(names[0]) if names else PersonName()
    family = first.family or (first.literal.split() or [""])[0]
    return f"{_ascii_lower(family) or 'anon'}{work.year}{_key_title_word(work.title)}"


def _alpha_suffix(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa: the a, b, c… of author-year keys."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def citation_keys(works: Sequence[Work]) -> list[str]:
    """`<first author's family><year><first significant title word>`, unique in the list.

    Colliding keys all get a suffix in list order (song2022uninet a, b…), so neither reads as
    "the" paper; a suffixed key never collides with another work's plain key.
    """
    bases = [_key_base(work) for work in works]
    counts = Counter(bases)
    taken = set(bases)
    next_suffix: Counter[str] = Counter()
    keys = []
    for base in bases:
        if counts[base] == 1:
            keys.append(base)
            continue
        while True:
            key = base + _alpha_suffix(next_suffix[base])
            next_suffix[base] += 1
            if key not in taken:
                break
        taken.add(key)
        keys.append(key)
    return keys


# --------------------------------------------------------------------------------------------
# BibTeX text
# --------------------------------------------------------------------------------------------

_PLAIN_ESCAPES = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "^": r"{\textasciicircum}",
    "~": r"{\textasciitilde}",
}
# Control symbols that are valid TeX in running text; any other backslash is printed.
_TEX_SYMBOLS = set("%&#_$\\{}'\"`^~=.-,;:! /@()[]|u")
# Commands whose argument is not text: a key, a label or a URL, kept byte for byte.
_VERBATIM_ARG_COMMANDS = frozenset({
    "url", "cite", "citep", "citet", "citealp", "citeauthor", "citeyear", "ref", "eqref",
    "label"
})  # fmt: skip
# In a verbatim argument only these would still end the line or the argument for LaTeX.
_VERBATIM_SPECIALS = re.compile(r"(?<!\\)([%#])")
# Primitives that read files, write files or redefine things have no place in a title and
# would run in whoever typesets the bibliography; they are printed, not executed.
_UNSAFE_COMMANDS = frozenset({
    "input", "include", "includeonly", "write", "write18", "immediate", "openout", "openin",
    "closeout", "closein", "read", "readline", "def", "edef", "gdef", "xdef", "let",
    "futurelet", "catcode", "csname", "endcsname", "expandafter", "newcommand", "renewcommand",
    "providecommand", "DeclareRobustCommand", "usepackage", "RequirePackage", "documentclass",
    "special", "begin", "end", "newenvironment", "renewenvironment", "makeatletter",
    "makeatother", "jobname"
})  # fmt: skip


def bibtex_plain(text: str) -> str:
    """Plain text (a venue, a name, a keyword) as a BibTeX field value: every special escaped.

    Braces become `{\\textbraceleft}`/`{\\textbraceright}` rather than `\\{`: BibTeX counts
    every brace character, escaped or not, so only balanced groups keep the file parseable.
    """
    return "".join(_PLAIN_ESCAPES.get(char, char) for char in _clean(text))


_TEXT_COMMAND = re.compile(r"\\([A-Za-z]+)")
_MATH_COMMAND = re.compile(r"\\([A-Za-z]+|.?)")
# Environments are ordinary in math (\begin{pmatrix}); in running text they are not.
_UNSAFE_MATH_COMMANDS = _UNSAFE_COMMANDS - {"begin", "end"}
# Characters needing no thought, taken a run at a time; punctuation stays single so titles
# can leave it outside a protected word's braces.
_ORDINARY_RUN = re.compile(r"[^$\\{}%&#_^~ :;,.!?()\[\]\"'`]+")


@dataclass
class _Token:
    kind: str  # "text", "space", "math", "open", "close", "eopen", "eclose"
    value: str


def _match_brace(text: str, start: int) -> int:
    """Index of the `}` closing the `{` at `start` (bare braces only), or -1."""
    depth = 0
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _find_math_end(text: str, start: int, closer: str) -> int:
    """Index of `closer` ending math that starts at `start`, skipping `\\x` pairs; or -1."""
    i = start
    while i < len(text):
        if text.startswith(closer, i):
            return i
        i += 2 if text[i] == "\\" else 1
    return -1


def _math_body(body: str) -> str:
    """Math kept as written, except what would break the file: stray braces, `%` and `#`."""
    tokens: list[_Token] = []
    i = 0
    has_environment = "\\begin" in body
    while i < len(body):
        char = body[i]
        if char == "\\":
            command = _MATH_COMMAND.match(body, i).group(0)
            i += len(command)
            if command[1:] in _UNSAFE_MATH_COMMANDS:
                tokens.append(_Token("text", r"\backslash{}" + command[1:]))
            elif command in ("\\{", "\\}"):
                tokens.append(_Token("eopen" if command == "\\{" else "eclose", command))
            elif command == "\\":
                tokens.append(_Token("text", r"\backslash{}"))
            else:
                tokens.append(_Token("text", command))
            continue
        if char == "{":
            tokens.append(_Token("open", "{"))
        elif char == "}":
            tokens.append(_Token("close", "}"))
        elif char in "%#" or (char == "&" and not has_environment):
            tokens.append(_Token("text", "\\" + char))
        else:
            tokens.append(_Token("text", char))
        i += 1
    _balance(tokens, left=r"\lbrace{}", right=r"\rbrace{}")
    return _join(tokens)


def _tex_tokens(text: str) -> list[_Token]:
    """Tokenise TeX-ish text: keep TeX, escape plain specials, mark braces for balancing."""
    text = _clean(text)
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        if run := _ORDINARY_RUN.match(text, i):
            tokens.append(_Token("text", run.group(0)))
            i = run.end()
            continue
        char = text[i]
        if char == "$":
            closer = "$$" if text.startswith("$$", i) else "$"
            end = _find_math_end(text, i + len(closer), closer)
            if end == -1:
                tokens.append(_Token("text", r"\$"))
                i += 1
                continue
            body = _math_body(text[i + len(closer) : end])
            tokens.append(_Token("math", f"{closer}{body}{closer}"))
            i = end + len(closer)
            continue
        if char == "\\":
            match = _TEXT_COMMAND.match(text, i)
            if match:
                name = match.group(1)
                i += len(match.group(0))
                if name in _UNSAFE_COMMANDS:
                    tokens.append(_Token("text", r"{\textbackslash}" + name))
                elif name in _VERBATIM_ARG_COMMANDS and text[i : i + 1] == "{":
                    end = _match_brace(text, i)
                    if end == -1:
                        tokens.append(_Token("text", "\\" + name))
                    else:
                        argument = _VERBATIM_SPECIALS.sub(r"\\\1", text[i : end + 1])
                        tokens.append(_Token("text", f"\\{name}{argument}"))
                        i = end + 1
                else:
                    tokens.append(_Token("text", "\\" + name))
                continue
            following = text[i + 1 : i + 2]
            if following in ("(", "["):
                closer = "\\)" if following == "(" else "\\]"
                end = _find_math_end(text, i + 2, closer)
                if end != -1:
                    body = _math_body(text[i + 2 : end])
                    tokens.append(_Token("math", f"\\{following}{body}{closer}"))
                    i = end + 2
                    continue
                tokens.append(_Token("text", following))
                i += 2
                continue
            if following == "{":
                tokens.append(_Token("eopen", "\\{"))
            elif following == "}":
                tokens.append(_Token("eclose", "\\}"))
            elif following == "\\":
                tokens.append(_Token("text", "\\\\"))
            elif following and following in _TEX_SYMBOLS:
                tokens.append(_Token("text", "\\" + following))
            else:
                tokens.append(_Token("text", r"{\textbackslash}"))
                i += 1
                continue
            i += 2
            continue
        if char == "{":
            tokens.append(_Token("open", "{"))
        elif char == "}":
            tokens.append(_Token("close", "}"))
        elif char == " ":
            tokens.append(_Token("space", " "))
        elif char in "%&#_":
            tokens.append(_Token("text", "\\" + char))
        elif char in "^~":
            tokens.append(_Token("text", _PLAIN_ESCAPES[char]))
        else:
            tokens.append(_Token("text", char))
        i += 1
    _balance(tokens, left=r"{\textbraceleft}", right=r"{\textbraceright}")
    return tokens


def _balance(tokens: list[_Token], *, left: str, right: str) -> None:
    """Pair braces; an unpaired one becomes a printed brace that counts for nothing.

    Bare and escaped braces are paired separately: TeX groups with the first, prints the
    second, and BibTeX counts both, so the field stays balanced for every reader.
    """
    for opener, closer in (("open", "close"), ("eopen", "eclose")):
        stack: list[int] = []
        for index, token in enumerate(tokens):
            if token.kind == opener:
                stack.append(index)
            elif token.kind == closer:
                if stack:
                    stack.pop()
                else:
                    tokens[index] = _Token("text", right)
        for index in stack:
            tokens[index] = _Token("text", left)


def _join(tokens: list[_Token]) -> str:
    out = []
    for index, token in enumerate(tokens):
        out.append(token.value)
        following = tokens[index + 1].value if index + 1 < len(tokens) else ""
        if token.value.endswith("\\\\") and following[:1] in ("{", "}"):
            # "\\{" would read as an escaped brace to parsers that look one character back.
            out.append(" ")
    return "".join(out)


def bibtex_tex(text: str) -> str:
    """TeX-ish text (an arXiv abstract) as a field value: TeX kept, the rest escaped."""
    return _join(_tex_tokens(text))


_LEADING_PUNCTUATION = set("(\"'`[")
_TRAILING_PUNCTUATION = set(":;,.!?)\"']")


def _needs_case_protection(word: list[_Token]) -> bool:
    if any(token.kind == "math" for token in word):
        return True
    letters = "".join(token.value for token in word if token.kind == "text")
    letters = [char for char in _TEX_COMMAND.sub("", letters) if char.isalnum()]
    has_inner_capital = any(char.isupper() for char in letters[1:])
    has_digit_and_capital = any(c.isdigit() for c in letters) and any(c.isupper() for c in letters)
    return has_inner_capital or has_digit_and_capital


def bibtex_title(text: str) -> str:
    """A title as a field value, acronyms and mixed-case words ("UniNet", "DETRs", "3D")
    brace-protected one by one, so styles may sentence-case the rest without lower-casing them.
    """
    tokens = _tex_tokens(text)
    words: list[list[_Token]] = [[]]
    depth = 0
    for token in tokens:
        if token.kind == "open":
            depth += 1
        elif token.kind == "close":
            depth -= 1
        if token.kind == "space" and depth == 0:
            words.append([token])
            words.append([])
        else:
            words[-1].append(token)
    out: list[_Token] = []
    for word in words:
        already_grouped = any(token.kind in ("open", "close") for token in word)
        if not word or already_grouped or not _needs_case_protection(word):
            out.extend(word)
            continue
        core = list(word)
        leading: list[_Token] = []
        trailing: list[_Token] = []
        while core and core[0].kind == "text" and core[0].value in _LEADING_PUNCTUATION:
            leading.append(core.pop(0))
        while core and core[-1].kind == "text" and core[-1].value in _TRAILING_PUNCTUATION:
            trailing.insert(0, core.pop())
        out.extend([*leading, _Token("open", "{"), *core, _Token("close", "}"), *trailing])
    return _join(out)


def _bibtex_verbatim(text: str) -> str:
    """A DOI or URL as written (biblatex reads these fields verbatim); braces and spaces,
    which cannot occur in a valid one, are percent-encoded so the file still parses."""
    return _clean(text).replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _bibtex_name(name: PersonName) -> str:
    if name.literal:
        return "{" + bibtex_plain(name.literal) + "}"
    parts = [name.family_with_particle]
    if name.suffix:
        parts.append(name.suffix)
    parts.append(name.given)
    return ", ".join(bibtex_plain(part) for part in parts)


BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
BIBTEX_ENTRY_TYPES = {
    WorkType.PREPRINT: "misc",
    WorkType.ARTICLE: "article",
    WorkType.PROCEEDINGS: "inproceedings",
    WorkType.BOOK_CHAPTER: "incollection",
    WorkType.BOOK: "book",
    WorkType.DISSERTATION: "phdthesis",
}
_VENUE_FIELDS = {
    "article": "journal",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "book": "publisher",
    "phdthesis": "school",
}


def _bibtex_entry(work: Work, key: str) -> str:
    entry_type = BIBTEX_ENTRY_TYPES.get(work.work_type, "misc")
    names = [name_split(name) for name in work_author_names(work)]
    authors = [_bibtex_name(name) for name in names]
    if work.authors_truncated and authors:
        authors.append("others")
    urls = _work_urls(work)
    venue = _clean(work.venue)

    fields: list[tuple[str, str]] = [("title", "{" + bibtex_title(work.title) + "}")]
    if authors:
        fields.append(("author", "{" + " and ".join(authors) + "}"))
    venue_field = _VENUE_FIELDS.get(entry_type)
    if venue_field and venue:
        fields.append((venue_field, "{" + bibtex_plain(venue) + "}"))
    elif entry_type == "misc":
        if work.work_type == WorkType.PREPRINT and work.arxiv_id:
            howpublished = f"arXiv preprint arXiv:{_clean(work.arxiv_id)}"
        else:
            howpublished = venue
        if howpublished:
            fields.append(("howpublished", "{" + bibtex_plain(howpublished) + "}"))
    fields.append(("year", "{" + str(work.year) + "}"))
    if work.month:
        fields.append(("month", BIBTEX_MONTHS[work.month - 1]))  # a macro, never braced
    if work.arxiv_id:
        fields.append(("eprint", "{" + _bibtex_verbatim(work.arxiv_id) + "}"))
        fields.append(("archivePrefix", "{arXiv}"))
        primary_class = _arxiv_primary_class(work)
        if primary_class:
            fields.append(("primaryClass", "{" + bibtex_plain(primary_class) + "}"))
    if work.doi:
        fields.append(("doi", "{" + _bibtex_verbatim(work.doi) + "}"))
    if urls:
        fields.append(("url", "{" + _bibtex_verbatim(urls[0]) + "}"))
    if work.code_url and _clean(work.code_url) != (urls[0] if urls else ""):
        code_url = _VERBATIM_SPECIALS.sub(r"\\\1", _bibtex_verbatim(work.code_url))
        fields.append(("note", "{Code: \\url{" + code_url + "}}"))
    if _clean(work.abstract):
        fields.append(("abstract", "{" + bibtex_tex(work.abstract) + "}"))
    keywords = [bibtex_plain(topic.name) for topic in _topics(work) if _clean(topic.name)]
    if keywords:
        fields.append(("keywords", "{" + ", ".join(keywords) + "}"))

    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def works_to_bibtex(works: Iterable[Work], *, researcher: Researcher) -> str:
    """A .bib file of the works, UTF-8, one entry per work, keys unique within the file."""
    works = list(works)
    # Text outside entries is a comment to BibTeX, biber and Zotero alike; no "%" needed.
    header = f"Works of {_clean(researcher.display_name)}, exported from BZPEER.\n"
    header = header.replace("@", " at ")
    entries = [_bibtex_entry(w, key) for w, key in zip(works, citation_keys(works), strict=True)]
    return "\n".join([header, *entries])


# --------------------------------------------------------------------------------------------
# RIS
# --------------------------------------------------------------------------------------------

RIS_TYPES = {
    WorkType.PREPRINT: "GEN",
    WorkType.ARTICLE: "JOUR",
    WorkType.PROCEEDINGS: "CONF",
    WorkType.BOOK_CHAPTER: "CHAP",
    WorkType.BOOK: "BOOK",
    WorkType.DATASET: "DATA",
    WorkType.DISSERTATION: "THES",
}


def _ris_name(name: PersonName) -> str:
    if name.literal:
        return name.literal
    parts = [name.family_with_particle, name.given]
    if name.suffix:
        parts.append(name.suffix)
    return ", ".join(parts)


def _ris_record(work: Work) -> list[tuple[str, str]]:
    ris_type = RIS_TYPES.get(work.work_type, "GEN")
    lines = [("TY", ris_type)]
    lines += [("AU", _ris_name(name_split(name))) for name in work_author_names(work)]
    lines.append(("TI", _clean(work.title)))
    venue = _clean(work.venue)
    if venue:
        if ris_type in ("BOOK", "THES") or work.work_type == WorkType.PREPRINT:
            lines.append(("PB", venue))
        else:
            lines.append(("T2", venue))
    elif work.work_type == WorkType.PREPRINT and work.arxiv_id:
        lines.append(("PB", "arXiv"))
    lines.append(("PY", f"{work.year:04d}"))
    month = f"{work.month:02d}" if work.month else ""
    day = f"{work.day:02d}" if work.month and work.day else ""
    lines.append(("DA", f"{work.year:04d}/{month}/{day}/"))
    if work.doi:
        lines.append(("DO", _clean(work.doi)))
    lines += [("UR", url) for url in _work_urls(work)]
    if work.arxiv_id:
        lines.append(("AN", f"arXiv:{_clean(work.arxiv_id)}"))
    if _clean(work.abstract):
        lines.append(("AB", _clean(work.abstract)))
    lines += [("KW", _clean(t.name)) for t in _topics(work) if _clean(t.name)]
    lines.append(("ER", ""))
    return lines


def works_to_ris(works: Iterable[Work], *, researcher: Researcher) -> str:
    """RIS records, "TAG  - value" lines ended by CRLF as the format specifies."""
    records = []
    for work in works:
        records.append("".join(f"{tag}  - {value}\r\n" for tag, value in _ris_record(work)))
    return "\r\n".join(records)


# --------------------------------------------------------------------------------------------
# CSL-JSON
# --------------------------------------------------------------------------------------------

CSL_TYPES = {
    WorkType.PREPRINT: "article",  # CSL 1.0.2's type for preprints; Zotero maps it to Preprint
    WorkType.ARTICLE: "article-journal",
    WorkType.PROCEEDINGS: "paper-conference",
    WorkType.BOOK_CHAPTER: "chapter",
    WorkType.BOOK: "book",
    WorkType.DATASET: "dataset",
    WorkType.DISSERTATION: "thesis",
}


def _csl_name(name: PersonName) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    person = {"family": name.family, "given": name.given}
    if name.particle:
        person["non-dropping-particle"] = name.particle
    if name.suffix:
        person["suffix"] = name.suffix
    return person


def _csl_item(work: Work, key: str) -> dict:
    csl_type = CSL_TYPES.get(work.work_type, "document")
    item: dict = {"id": key, "type": csl_type, "title": _clean(work.title)}
    authors = [_csl_name(name_split(name)) for name in work_author_names(work)]
    if authors:
        item["author"] = authors
    item["issued"] = {"date-parts": [_date_parts(work)]}
    venue = _clean(work.venue)
    if work.work_type == WorkType.PREPRINT:
        item["genre"] = "Preprint"
        item["publisher"] = venue or ("arXiv" if work.arxiv_id else "")
        if work.arxiv_id:
            item["number"] = f"arXiv:{_clean(work.arxiv_id)}"
    elif csl_type in ("article-journal", "paper-conference", "chapter"):
        item["container-title"] = venue
    else:
        item["publisher"] = venue
    if work.doi:
        item["DOI"] = _clean(work.doi)
    urls = _work_urls(work)
    if urls:
        item["URL"] = urls[0]
    if _clean(work.abstract):
        item["abstract"] = _clean(work.abstract)
    keywords = [_clean(t.name) for t in _topics(work) if _clean(t.name)]
    if keywords:
        item["keyword"] = ", ".join(keywords)
    if work.authors_truncated:
        item["note"] = "Author list truncated by the source."
    return {field: value for field, value in item.items() if value not in ("", None)}


def works_to_csl_json(works: Iterable[Work], *, researcher: Researcher) -> list[dict]:
    """CSL-JSON items; ids are the BibTeX keys, so both exports cite the same way."""
    works = list(works)
    return [_csl_item(w, key) for w, key in zip(works, citation_keys(works), strict=True)]


def csl_json_dumps(items: list[dict]) -> str:
    """Pretty-printed UTF-8 JSON, names in their own script rather than \\u escapes."""
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------------------------
# Atom
# --------------------------------------------------------------------------------------------


class _WorksAtomFeed(Atom1Feed):
    """Atom 1.0 with what Django's Atom1Feed lacks: several authors per entry and a plain-text
    summary (Django writes summaries as type="html", and abstracts are not HTML)."""

    def add_item_elements(self, handler, item):
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        for name in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _work_datetime(work: Work) -> datetime.datetime:
    """Midnight UTC on the work's date; missing parts are 1, an impossible day (30 February
    passes the database's 1–31 check) is the month's last."""
    month = work.month or 1
    day = min(work.day or 1, calendar.monthrange(work.year, month)[1])
    return datetime.datetime(work.year, month, day, tzinfo=datetime.UTC)


def works_to_atom(
    works: Iterable[Work],
    *,
    feed_url: str,
    page_url: str,
    researcher: Researcher | None = None,
    title: str = "",
) -> bytes:
    """An Atom feed of the works as given (pass the newest first, capped), UTF-8 XML.

    A researcher's feed is named after them; any other feed (what a user follows) by `title`.
    Entry ids are the works' absolute page URLs: stable for as long as the site's address,
    and readers can open them.
    """
    name = _clean(researcher.display_name) if researcher else _clean(title)
    feed = _WorksAtomFeed(
        title=f"{name}: works on BZPEER",
        link=page_url,
        description=f"New and updated works by {name}." if researcher else name,
        subtitle=f"New and updated works by {name}." if researcher else name,
        language="en",
        author_name=name if researcher else "BZPEER",
        author_link=page_url,
        feed_url=feed_url,
        feed_guid=feed_url,
    )
    origin = _origin(page_url)
    for work in works:
        date = _work_datetime(work)
        link = origin + work.get_absolute_url()
        feed.add_item(
            title=_clean(work.title),
            link=link,
            description=_clean(work.abstract) or None,
            unique_id=link,
            pubdate=date,
            updateddate=date,
            categories=[_clean(t.name) for t in _topics(work) if _clean(t.name)],
            authors=work_author_names(work),
        )
    return feed.writeString("utf-8").encode("utf-8")
