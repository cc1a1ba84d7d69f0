"""A knowledge-bank narrative as a readable page: aims with baseline and result,
responses with their rationale, reflection and lessons.

Every piece of text is the officer's or a colleague's, so each is escaped before it is
placed in the page's HTML: nothing anyone typed is read as markup.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from app.services.knowledge_page import KnowledgePage

EMPTY_PAGE = (
    "<p style='color:#555'>Choose a narrative on the left to read it here: what the problem "
    "was, what the school and Police did and why, what changed, and the lessons for "
    "other schools.</p>"
)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n") if p.strip())


def page_html(page: KnowledgePage) -> str:
    parts = [
        f"<h2>{escape(page.title)}</h2>",
        f"<p style='color:#444'>{escape(page.about)}</p>",
        f"<p><b>Problem:</b> {escape(page.problem_type)} &nbsp; "
        f"<b>Aims:</b> {escape(page.aims_result)}</p>",
    ]
    if page.review:
        parts.append(f"<p style='background:#fff4ce'><b>Returned:</b> {escape(page.review)}</p>")
    for heading, text in page.sections:
        parts.append(f"<h3>{escape(heading)}</h3>{_paragraphs(text)}")
    if page.aims:
        parts.append("<h3>Aims: baseline → result</h3><ul>")
        for aim in page.aims:
            detail = " — ".join(escape(x) for x in (aim.change, aim.result) if x)
            evidence = f"<br/><i>Evidence:</i> {escape(aim.evidence)}" if aim.evidence else ""
            parts.append(f"<li><b>{escape(aim.statement)}</b><br/>{detail}{evidence}</li>")
        parts.append("</ul>")
    if page.responses:
        parts.append("<h3>Responses and why they were chosen</h3><ul>")
        for response in page.responses:
            reasons = "".join(
                f"<br/><i>{escape(h)}:</i> {escape(t)}" for h, t in response.rationale
            )
            text = f"<br/>{escape(response.description)}" if response.description else ""
            parts.append(f"<li><b>{escape(response.kind)}</b>{text}{reasons}</li>")
        parts.append("</ul>")
    if page.reflection:
        parts.append("<h3>Reflection</h3>")
        parts += [f"<p><i>{escape(h)}:</i> {escape(t)}</p>" for h, t in page.reflection]
    if page.lessons:
        parts.append(f"<h3>Lessons for other schools</h3>{_paragraphs(page.lessons)}")
    return "".join(parts)


class KnowledgePageView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Narrative")
        self.setOpenLinks(False)
        self.page: KnowledgePage | None = None
        self.setHtml(EMPTY_PAGE)

    def show_page(self, page: KnowledgePage | None) -> None:
        self.page = page
        self.setHtml(page_html(page) if page is not None else EMPTY_PAGE)
