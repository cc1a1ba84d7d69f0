"""The document id a school's copy carries, and the record of each send on this computer.

The id travels inside the .docx as a custom XML part (Word and LibreOffice keep such
parts when they save): which school, which records, which send, and what each of the
school's fields said when it left. Comparing the returned fields with what was sent, not
with the store as it is now, is what tells the school's edits from the officer's own
edits made while the copy was out. The core properties' identifier repeats the send id
so a person looking at the file's properties can tell copies apart.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

NAMESPACE = "urn:lpc-partnerships:school-copy:1"
IDENTIFIER_PREFIX = "lpc-school-copy:"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


@dataclass
class Manifest:
    """What was sent: enough to check a returned copy and to see what the school changed."""

    send_id: str
    school_id: str
    school_name: str
    sent_at: str  # ISO datetime, UTC
    records: dict[str, str] = field(default_factory=dict)  # table name -> record id
    sent: dict[str, str] = field(default_factory=dict)  # control tag -> text as sent
    commitments: list[str] = field(default_factory=list)  # the school's lines as sent
    contacts: list[str] = field(default_factory=list)  # person ids in the contacts table
    outside: list[str] = field(default_factory=list)  # every other paragraph, as sent
    aliases: dict[str, str] = field(default_factory=dict)  # control title -> tag

    def title_for(self, tag: str, wanted: str) -> str:
        """A title for a control, unique in the copy, remembered as standing for ``tag``."""
        title, n = wanted[:60], 2
        while title in self.aliases:
            title, n = f"{wanted[:54]} ({n})", n + 1
        self.aliases[title] = tag
        return title

    @property
    def sent_on(self) -> date:
        return datetime.fromisoformat(self.sent_at).astimezone().date()

    def to_xml(self) -> bytes:
        root = etree.Element(f"{{{NAMESPACE}}}schoolCopy", nsmap={"lpc": NAMESPACE})
        root.set("send", self.send_id)
        root.set("school", self.school_id)
        root.text = json.dumps(asdict(self), ensure_ascii=False)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    @classmethod
    def from_xml(cls, blob: bytes) -> Manifest | None:
        try:
            root = etree.fromstring(blob, parser=etree.XMLParser(resolve_entities=False))
            if root.tag != f"{{{NAMESPACE}}}schoolCopy":
                return None
            found = cls(**json.loads(root.text or ""))
        except (etree.XMLSyntaxError, ValueError, TypeError):
            return None
        return found if found.well_formed() else None

    def well_formed(self) -> bool:
        """Every field of the type it should be: the manifest comes from a file that left
        this computer, so it is checked like any other input."""
        texts = (self.send_id, self.school_id, self.school_name, self.sent_at)
        maps = (self.records, self.sent, self.aliases)
        lists = (self.commitments, self.contacts, self.outside)
        try:
            datetime.fromisoformat(self.sent_at)
        except (TypeError, ValueError):
            return False
        return (
            all(isinstance(t, str) for t in texts)
            and all(isinstance(m, dict) for m in maps)
            and all(isinstance(k, str) and isinstance(v, str) for m in maps for k, v in m.items())
            and all(isinstance(x, list) and all(isinstance(i, str) for i in x) for x in lists)
        )


def _props_xml(send_id: str) -> bytes:
    """The data store item properties Word expects beside a custom XML part."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<ds:datastoreItem ds:itemID="{{{send_id.upper()}}}" xmlns:ds="{_DS}">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs>'
        "</ds:datastoreItem>"
    ).encode()


def attach(doc: DocxDocument, manifest: Manifest) -> None:
    """Put the manifest into ``doc`` as a custom XML part and name the send."""
    package = doc.part.package
    part_name = package.next_partname("/customXml/item%d.xml")
    part = Part(part_name, "application/xml", manifest.to_xml(), package)
    props = Part(
        PackURI(part_name.replace("/item", "/itemProps")),
        CT.OFC_CUSTOM_XML_PROPERTIES,
        _props_xml(manifest.send_id),
        package,
    )
    part.relate_to(props, RT.CUSTOM_XML_PROPS)
    doc.part.relate_to(part, RT.CUSTOM_XML)
    doc.core_properties.identifier = IDENTIFIER_PREFIX + manifest.send_id


def read(doc: DocxDocument) -> Manifest | None:
    for rel in doc.part.rels.values():
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external:
            found = Manifest.from_xml(rel.target_part.blob)
            if found is not None:
                return found
    return None
