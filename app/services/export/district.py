"""Checking a district's own Word templates before trusting them with an export.

A district may keep its own versions of the five templates (same file names as the
built-ins, in a folder the officer chooses). A misspelt placeholder would otherwise print
nothing and nobody would notice, so every placeholder is checked against the registry and
reported with where it is and what was probably meant. A template with any problem is not
used: the built-in one is, and the officer is told why.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from app.paths import templates_dir
from app.templates.fields import PLACEHOLDERS, DocumentKind
from app.templates.sections import SECTION_BY_NAME

_TAG = re.compile(r"\{\{(?P<expr>.*?)\}\}|\{%(?P<stmt>.*?)%\}", re.DOTALL)
_DOCXTPL_PREFIX = re.compile(r"^\s*(?:tr|tc|p|r)(?=\s)")
_ENV = SandboxedEnvironment(autoescape=True)


@dataclass(frozen=True, slots=True)
class PlaceholderProblem:
    placeholder: str  # as the author typed it, e.g. "school.nmae"
    location: str  # e.g. "table 2, row 3, column 1" or "header (section 1)"
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        hint = f" Did you mean “{self.suggestion}”?" if self.suggestion else ""
        return f"{self.location}: “{self.placeholder}” {self.message}.{hint}"


@dataclass
class TemplateCheck:
    path: Path
    problems: list[PlaceholderProblem] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # registry names the template prints

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class TemplateChoice:
    kind: DocumentKind
    path: Path
    is_district: bool
    message: str = ""  # why a district template was or was not used; empty for built-ins
    check: TemplateCheck | None = None


def builtin_template(kind: DocumentKind) -> Path:
    return templates_dir() / kind.info.template_file


def district_file(folder: Path, kind: DocumentKind) -> Path | None:
    """The district's version of ``kind``: the built-in's file name, or ``<id>.docx``."""
    for name in (kind.info.template_file, f"{kind.value}.docx"):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


# -- where the tags are -------------------------------------------------------------------
def _table_paragraphs(table: Table, where: str) -> Iterator[tuple[str, Paragraph]]:
    for r, row in enumerate(table.rows, 1):
        for c, cell in enumerate(row.cells, 1):
            for paragraph in cell.paragraphs:
                yield f"{where}, row {r}, column {c}", paragraph
            for n, inner in enumerate(cell.tables, 1):
                yield from _table_paragraphs(inner, f"{where}, row {r}, column {c}, table {n}")


def _locations(path: Path) -> Iterator[tuple[str, Paragraph]]:
    doc = Document(str(path))
    for n, paragraph in enumerate(doc.paragraphs, 1):
        yield f"paragraph {n}", paragraph
    for n, table in enumerate(doc.tables, 1):
        yield from _table_paragraphs(table, f"table {n}")
    for s, section in enumerate(doc.sections, 1):
        parts = (
            ("header", section.header),
            ("first-page header", section.first_page_header),
            ("even-page header", section.even_page_header),
            ("footer", section.footer),
            ("first-page footer", section.first_page_footer),
            ("even-page footer", section.even_page_footer),
        )
        for label, part in parts:
            if part.is_linked_to_previous:
                continue
            for paragraph in part.paragraphs:
                yield f"{label} (section {s})", paragraph
            for n, table in enumerate(part.tables, 1):
                yield from _table_paragraphs(table, f"{label} (section {s}), table {n}")


# -- what the tags say --------------------------------------------------------------------
def _dotted(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node)
        return f"{base}.{node.attr}" if base else None
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
    ):
        base = _dotted(node.node)
        return f"{base}.{node.arg.value}" if base else None
    return None


def _references(node: nodes.Node, out: list[str]) -> None:
    name = _dotted(node)
    if name is not None:
        out.append(name)
        return
    for child in node.iter_child_nodes():
        _references(child, out)


@dataclass
class _Tag:
    text: str
    location: str
    refs: list[str]
    loop: tuple[str, str] | None = None  # (alias, iterable) for a for-loop
    filters: list[str] = field(default_factory=list)


def _parse(raw: str, is_statement: bool, location: str) -> _Tag:
    body = _DOCXTPL_PREFIX.sub("", raw).strip()
    tag = _Tag(body, location, [])
    if not is_statement:
        tree = _ENV.parse(f"{{{{ {body} }}}}")
    else:
        keyword = body.split(maxsplit=1)[0] if body else ""
        if keyword.startswith("end") or keyword == "else":
            return tag
        if keyword in ("for", "if"):
            tree = _ENV.parse(f"{{% {body} %}}{{% end{keyword} %}}")
        elif keyword == "elif":
            tree = _ENV.parse(f"{{% if {body[4:]} %}}{{% endif %}}")
        else:
            raise TemplateSyntaxError(f"“{keyword}” tags are not supported in templates", 1)
    tag.filters = [f.name for f in tree.find_all(nodes.Filter) if f.name not in _ENV.filters]
    for loop in tree.find_all(nodes.For):
        target, iterable = _dotted(loop.target), _dotted(loop.iter)
        if target and iterable:
            tag.loop = (target, iterable)
        _references(loop.iter, tag.refs)
        for part in (*loop.body, *loop.else_, loop.test):
            if part is not None:
                _references(part, tag.refs)
        return tag
    _references(tree, tag.refs)
    return tag


def _list_fields(section: str) -> list[str]:
    prefix = f"{section}[]."
    return [n.removeprefix(prefix) for n in PLACEHOLDERS if n.startswith(prefix)]


_PLAIN_NAMES = [n for n in PLACEHOLDERS if "[]" not in n] + list(SECTION_BY_NAME)


def _judge(ref: str, aliases: dict[str, str]) -> tuple[str | None, PlaceholderProblem | None]:
    """The registry name ``ref`` stands for, or the problem with it."""
    head, _, rest = ref.partition(".")
    if head == "loop":
        return None, None
    if head in aliases:
        section = aliases[head]
        if not rest:
            return None, PlaceholderProblem(ref, "", "prints a whole row; name one field")
        if rest in _list_fields(section):
            return f"{section}[].{rest}", None
        close = difflib.get_close_matches(rest, _list_fields(section), n=1, cutoff=0.6)
        return None, PlaceholderProblem(
            ref,
            "",
            f"is not a field of {section}",
            f"{head}.{close[0]}" if close else None,
        )
    if ref in PLACEHOLDERS:
        return ref, None
    if ref in SECTION_BY_NAME:
        return None, None
    close = difflib.get_close_matches(ref, _PLAIN_NAMES, n=1, cutoff=0.6)
    return None, PlaceholderProblem(
        ref, "", "is not a known placeholder", close[0] if close else None
    )


def check_template(path: Path) -> TemplateCheck:
    """Every placeholder in ``path`` that the exporter cannot fill, with its location."""
    result = TemplateCheck(path)
    try:
        locations = list(_locations(path))
    except Exception as exc:  # python-docx raises several types for a damaged file
        result.problems.append(
            PlaceholderProblem(
                path.name, "whole file", f"cannot be read as a Word document ({exc})"
            )
        )
        return result
    tags: list[_Tag] = []
    for location, paragraph in locations:
        for match in _TAG.finditer(paragraph.text):
            raw = match.group("expr") if match.group("expr") is not None else match.group("stmt")
            try:
                tags.append(_parse(raw, match.group("stmt") is not None, location))
            except TemplateSyntaxError as exc:
                result.problems.append(
                    PlaceholderProblem(raw.strip(), location, f"cannot be read: {exc.message}")
                )
    aliases: dict[str, str] = {}
    for tag in tags:
        if tag.loop is None:
            continue
        alias, iterable = tag.loop
        section = SECTION_BY_NAME.get(iterable)
        if section is not None and section.is_list:
            aliases[alias] = iterable
        elif iterable in SECTION_BY_NAME:
            result.problems.append(
                PlaceholderProblem(iterable, tag.location, "is not a list and cannot be looped")
            )
    for tag in tags:
        for filter_name in tag.filters:
            result.problems.append(
                PlaceholderProblem(
                    tag.text, tag.location, f"uses an unknown filter “{filter_name}”"
                )
            )
        for ref in tag.refs:
            name, problem = _judge(ref, aliases)
            if name is not None:
                result.used.add(name)
            if problem is not None:
                problem = PlaceholderProblem(
                    problem.placeholder, tag.location, problem.message, problem.suggestion
                )
                if problem not in result.problems:
                    result.problems.append(problem)
    if not result.problems:  # tags are fine one by one; are they balanced as a whole?
        try:
            DocxTemplate(str(path)).get_undeclared_template_variables(_ENV)
        except TemplateSyntaxError as exc:
            result.problems.append(
                PlaceholderProblem("{% … %}", "whole document", f"is unbalanced: {exc.message}")
            )
    return result


def check_template_dir(folder: Path) -> dict[DocumentKind, TemplateCheck]:
    """Check each district template found in ``folder`` (missing ones are not problems)."""
    found = {kind: district_file(folder, kind) for kind in DocumentKind}
    return {kind: check_template(path) for kind, path in found.items() if path is not None}


def choose_template(kind: DocumentKind, folder: Path | None) -> TemplateChoice:
    """The district template if there is one and it is clean, else the built-in."""
    builtin = builtin_template(kind)
    path = district_file(folder, kind) if folder is not None else None
    if path is None:
        return TemplateChoice(kind, builtin, False)
    check = check_template(path)
    if check.ok:
        return TemplateChoice(kind, path, True, f"Using the district template {path}.", check)
    listed = "\n".join(f"  - {p}" for p in check.problems)
    message = (
        f"The district template {path} was not used because of "
        f"{len(check.problems)} problem(s); the built-in {kind.info.title} template was used "
        f"instead. Fix these in Word and export again:\n{listed}"
    )
    return TemplateChoice(kind, builtin, False, message, check)
