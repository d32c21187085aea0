"""Quizzes into the LMS: a set's choice exercises as IMS QTI 1.2 (for Canvas) and Moodle XML.

``python -m medialit quiz lesson1 --format qti -o lesson1.zip`` (or ``--format moodle -o
lesson1.xml``) reads the plaintext keys in ``solutions/`` and writes the set's choice
exercises, each with its options, its key and its feedback:

- **single choice**: Canvas ``multiple_choice_question``; Moodle ``multichoice`` with
  ``<single>true</single>``; each option's feedback goes with the option, the explanation is
  the general feedback;
- **multiple choice**: Canvas ``multiple_answers_question`` (the right options ticked and no
  other); Moodle ``multichoice`` with ``<single>false</single>``, a right option worth 1/k of
  the points and a wrong one -1/k (k right options; the kit's own rule, floored at 0 by
  Moodle), an option the kit accepts either way 0;
- **categorise**: a matching question, one row per item, the labels as the choices; the
  notes on the items go into the general feedback.

What a format cannot express is not exported, and is listed with the reason (``skipped``):
every exercise of another type, and an exercise whose key a format would change (a second
option accepted as right, in Canvas; an option right whether ticked or not, in Canvas; an item
with a second accepted label, in both; more than ten right options, in Moodle, whose grades go
down to tenths).

QTI goes out as a package Canvas imports (a .zip with ``imsmanifest.xml``), or as the bare XML
file when the output ends in ``.xml``. Every file is checked before it is written (``validate_qti``,
``validate_moodle``): no stored copy of the QTI 1.2 XML schema (``ims_qtiasiv1p2p1.xsd``) or of a
schema for Moodle XML could be found, so the check is against the documented structure: the
content models, required attributes and enumerated values of the elements written, from the
QTI 1.2 ASI XML Binding, and the tags and grade values of Moodle's XML format documentation.
``read_qti`` and ``read_moodle`` read a file back (options and key of every question), for the
round-trip tests.

Everything is text in the XML (escaped by the XML writer); the HTML the LMS shows is built here
from the kit's plain text (``code`` in backticks becomes ``<code>``), escaped.
"""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KitError

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
QTI_SCHEMA = f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
CHOICE_TYPES = ("single", "multiple", "categorise")
CANVAS_TYPES = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
                "categorise": "matching_question"}
# Moodle's grade options (question_bank::fraction_options_full): these fractions and their negatives.
MOODLE_FRACTIONS = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
                    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0)
VALIDATED_BY = {"qti": "the documented structure of QTI 1.2 (ASI XML Binding; no stored copy of the XML schema "
                       "was found)",
                "moodle": "the documented structure of Moodle XML (Moodle's format documentation; Moodle "
                          "publishes no schema)"}


def _q(tag: str) -> str:
    return f"{{{QTI_NS}}}{tag}"


def _esc(text: str) -> str:
    return html.escape(str(text), quote=False)


def _inline(text: str) -> str:
    """The kit's plain text as HTML: escaped, `code` as <code>."""
    parts = re.split(r"`([^`]+)`", str(text or ""))
    return "".join(f"<code>{_esc(p)}</code>" if i % 2 else _esc(p) for i, p in enumerate(parts))


def _html(text: str) -> str:
    """The kit's plain text as a paragraph of HTML."""
    return f"<p>{_inline(text)}</p>"


def html_text(fragment: str) -> str:
    """The words of an HTML fragment (tags dropped, entities decoded, spaces collapsed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment or "")).split())


def plain(text: str) -> str:
    """The kit's text as ``html_text`` gives it back: no backticks, spaces collapsed."""
    return " ".join(str(text or "").replace("`", " ").split())


# --- what goes out ------------------------------------------------------------------------

def why_not(ex, fmt: str) -> str | None:
    """None when ``fmt`` ("qti" or "moodle") expresses the exercise with its key unchanged;
    otherwise the reason, in words."""
    if ex.type not in CHOICE_TYPES:
        kind = ex.type.replace("_", " ")
        return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind} exercise: only single choice, multiple choice and categorise export"
    s = ex.secret()
    if ex.type == "single" and s.get("also") and fmt == "qti":
        return "accepts a second option as right; a Canvas multiple-choice question has one right answer"
    if ex.type == "multiple":
        if s.get("optional") and fmt == "qti":
            return ("has options that are right whether ticked or not; a Canvas multiple-answers question marks "
                    "each option right or wrong")
        if fmt == "moodle" and len(s["key"]) > 10:
            return "has more than ten right options; Moodle's grades for one option go down to a tenth"
    if ex.type == "categorise":
        if s.get("also"):
            return "accepts a second label for some items; a matching question has one right answer per item"
        if fmt == "moodle" and len(ex.public["items"]) + len(_distractors(ex)) < 3:
            return "has fewer than three rows; Moodle's matching question needs three"
    return None


def _distractors(ex) -> list[str]:
    used = set(ex.secret()["key"].values())
    return [lab for lab in ex.public["labels"] if lab not in used]


def _label(ex, lab: str) -> str:
    return ex.public.get("label_names", {}).get(str(lab)) or str(lab).replace("_", " ")


def _item_text(ex, item: dict) -> str:
    q = ("“", "”") if ex.public.get("quoted", True) else ("", "")
    context = f" ({item['context']})" if item.get("context") else ""
    return f"{q[0]}{item['text']}{q[1]}{context}"


def _general_feedback(ex) -> str:
    """The explanation, and for a categorise exercise the note on each item, as HTML."""
    s = ex.secret()
    out = _html(s["explanation"]) if s.get("explanation") else ""
    if ex.type == "categorise":
        notes = [(it, s["feedback"].get(it["id"], "")) for it in ex.public["items"]]
        notes = [(it, n) for it, n in notes if n]
        if notes:
            out += "<ul>" + "".join(f"<li>{_esc(_item_text(ex, it))} ({_esc(_label(ex, s['key'][it['id']]))}): "
                                    f"{_inline(n)}</li>" for it, n in notes) + "</ul>"
    return out


@dataclass
class QuizSet:
    name: str
    title: str
    assessment: bool
    exercises: list


def load_set(set_name: str, keys_dir: Path | None = None) -> QuizSet:
    """A set's exercises, compiled from the plaintext keys (``solutions/`` by default)."""
    from ..paths import repo_root
    from .grade import load_keys

    keys = load_keys(Path(keys_dir) if keys_dir else repo_root() / "solutions")
    exercises = [ex for ex in keys.values() if ex.public.get("set") == set_name]
    if not exercises:
        names = sorted({ex.public.get("set", "") for ex in keys.values()})
        raise KitError(f"No exercise set {set_name!r} in the definitions (the sets are: {', '.join(names)}).")
    return QuizSet(set_name, keys.titles.get(set_name, set_name), set_name in keys.forms, exercises)


# --- QTI 1.2 ----------------------------------------------------------------------------------

def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    # Built without the namespace (the root declares it as the default one): ElementTree can't
    # write a default namespace with unqualified attributes. Parsed back, every tag is in it.
    el = ET.SubElement(parent, tag, {k.rstrip("_"): str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _material(parent, fragment: str, texttype: str = "text/html") -> ET.Element:
    m = _sub(parent, "material")
    _sub(m, "mattext", fragment, texttype=texttype)
    return m


def _meta(item, fields: list[tuple[str, str]]) -> None:
    md = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields:
        f = _sub(md, "qtimetadatafield")
        _sub(f, "fieldlabel", label)
        _sub(f, "fieldentry", entry)


def _feedback(item, ident: str, fragment: str) -> None:
    fb = _sub(item, "itemfeedback", ident=ident)
    _material(_sub(fb, "flow_mat"), fragment)


def _condition(parent, respident: str, value: str) -> None:
    _sub(parent, "varequal", value, respident=respident)


def qti_item(section, ex) -> None:
    """One exercise as a QTI 1.2 item, in Canvas's conventions (question_type and points in the
    item's metadata; SCORE out of 100)."""
    s = ex.secret()
    item = _sub(section, "item", ident=ex.id, title=f"{ex.id} {ex.title}")
    if ex.type in ("single", "multiple"):
        options = ex.public["options"]
        labels = {o["id"]: f"{ex.id}-{o['id']}" for o in options}
        _meta(item, [("question_type", CANVAS_TYPES[ex.type]), ("points_possible", f"{ex.points:g}"),
                     ("original_answer_ids", ",".join(labels.values()))])
        pres = _sub(item, "presentation")
        _material(pres, _html(ex.prompt))
        lid = _sub(pres, "response_lid", ident="response1", rcardinality="Single" if ex.type == "single" else "Multiple")
        choice = _sub(lid, "render_choice", shuffle="No")
        for o in options:
            _material(_sub(choice, "response_label", ident=labels[o["id"]]), _html(o["text"]))
        rp = _sub(item, "resprocessing")
        _sub(_sub(rp, "outcomes"), "decvar", varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100")
        general = _general_feedback(ex)
        if general:
            rc = _sub(rp, "respcondition", continue_="Yes")
            _sub(_sub(rc, "conditionvar"), "other")
            _sub(rc, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
        for o in options:
            if s["feedback"].get(o["id"]):
                rc = _sub(rp, "respcondition", continue_="Yes")
                _condition(_sub(rc, "conditionvar"), "response1", labels[o["id"]])
                _sub(rc, "displayfeedback", feedbacktype="Response", linkrefid=f"{labels[o['id']]}_fb")
        rc = _sub(rp, "respcondition", continue_="No")
        cond = _sub(rc, "conditionvar")
        if ex.type == "single":
            _condition(cond, "response1", labels[s["key"]])
        else:
            both = _sub(cond, "and")
            for o in options:
                if o["id"] in s["key"]:
                    _condition(both, "response1", labels[o["id"]])
                else:
                    _condition(_sub(both, "not"), "response1", labels[o["id"]])
        _sub(rc, "setvar", "100", action="Set", varname="SCORE")
        if general:
            _feedback(item, "general_fb", general)
        for o in options:
            if s["feedback"].get(o["id"]):
                _feedback(item, f"{labels[o['id']]}_fb", _html(s["feedback"][o["id"]]))
        return
    # categorise: a matching question
    items, lab_ids = ex.public["items"], {lab: f"{ex.id}-L{n + 1}" for n, lab in enumerate(ex.public["labels"])}
    _meta(item, [("question_type", CANVAS_TYPES[ex.type]), ("points_possible", f"{ex.points:g}"),
                 ("original_answer_ids", ",".join(f"{ex.id}-{it['id']}" for it in items))])
    pres = _sub(item, "presentation")
    _material(pres, _html(ex.prompt))
    for it in items:
        lid = _sub(pres, "response_lid", ident=f"response_{it['id']}")
        _material(lid, _item_text(ex, it), texttype="text/plain")
        choice = _sub(lid, "render_choice")
        for lab in ex.public["labels"]:
            _material(_sub(choice, "response_label", ident=lab_ids[lab]), _label(ex, lab), texttype="text/plain")
    rp = _sub(item, "resprocessing")
    _sub(_sub(rp, "outcomes"), "decvar", varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100")
    general = _general_feedback(ex)
    if general:
        rc = _sub(rp, "respcondition", continue_="Yes")
        _sub(_sub(rc, "conditionvar"), "other")
        _sub(rc, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    share = f"{100 / len(items):.2f}"
    for it in items:
        rc = _sub(rp, "respcondition")
        _condition(_sub(rc, "conditionvar"), f"response_{it['id']}", lab_ids[s["key"][it["id"]]])
        _sub(rc, "setvar", share, action="Add", varname="SCORE")
    if general:
        _feedback(item, "general_fb", general)


def qti_tree(quiz: QuizSet, exercises: list) -> ET.Element:
    root = ET.Element("questestinterop", {"xmlns": QTI_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": QTI_SCHEMA})
    assessment = _sub(root, "assessment", ident=f"medialit-{quiz.name}", title=quiz.title)
    section = _sub(assessment, "section", ident="root_section")
    for ex in exercises:
        qti_item(section, ex)
    return root


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def qti_xml(root: ET.Element) -> bytes:
    return _xml_bytes(root)


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{ident}-manifest" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
 <metadata>
  <schema>IMS Content</schema>
  <schemaversion>1.1.3</schemaversion>
 </metadata>
 <organizations/>
 <resources>
  <resource identifier="{ident}" type="imsqti_xmlv1p2">
   <file href="{ident}/{ident}.xml"/>
  </resource>
 </resources>
</manifest>
"""


def qti_package(xml: bytes, quiz: QuizSet) -> bytes:
    """The QTI file in a content package (what Canvas's "QTI .zip file" import reads)."""
    ident = f"medialit-{quiz.name}"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", MANIFEST.format(ident=ident))
        z.writestr(f"{ident}/{ident}.xml", xml)
    return buf.getvalue()


# --- Moodle XML -------------------------------------------------------------------------------

def _text(parent, tag: str, fragment: str, fmt: str | None = "html", **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, ({"format": fmt} if fmt else {}) | attrs)
    ET.SubElement(el, "text").text = fragment
    return el


def moodle_fraction(x: float) -> str:
    """A fraction of the points as Moodle writes it: a percentage with up to five decimals."""
    if abs(x) < 1e-12:
        return "0"
    return f"{100 * x:.5f}".rstrip("0").rstrip(".")


def moodle_question(quiz_el, ex) -> None:
    s = ex.secret()
    kind = "matching" if ex.type == "categorise" else "multichoice"
    q = ET.SubElement(quiz_el, "question", type=kind)
    _text(q, "name", f"{ex.id} {ex.title}", fmt=None)
    _text(q, "questiontext", _html(ex.prompt))
    _text(q, "generalfeedback", _general_feedback(ex))
    ET.SubElement(q, "defaultgrade").text = f"{ex.points:g}"
    ET.SubElement(q, "hidden").text = "0"
    ET.SubElement(q, "idnumber").text = ex.id
    if kind == "multichoice":
        single = ex.type == "single"
        ET.SubElement(q, "single").text = "true" if single else "false"
        ET.SubElement(q, "shuffleanswers").text = "0"
        ET.SubElement(q, "answernumbering").text = "abc"
        if single:
            right = {s["key"], *s.get("also", [])}
            fraction = {o["id"]: 1.0 if o["id"] in right else 0.0 for o in ex.public["options"]}
        else:
            k, optional = len(s["key"]), set(s.get("optional", []))
            fraction = {o["id"]: (1 / k if o["id"] in s["key"] else 0.0 if o["id"] in optional else -1 / k)
                        for o in ex.public["options"]}
        for o in ex.public["options"]:
            a = _text(q, "answer", _html(o["text"]), fraction=moodle_fraction(fraction[o["id"]]))
            _text(a, "feedback", _html(s["feedback"].get(o["id"], "")) if s["feedback"].get(o["id"]) else "")
        return
    ET.SubElement(q, "shuffleanswers").text = "false"
    for it in ex.public["items"]:
        sub = _text(q, "subquestion", _esc(_item_text(ex, it)))
        _text(sub, "answer", _label(ex, s["key"][it["id"]]), fmt=None)
    for lab in _distractors(ex):  # a label no item has: a choice that is never right
        sub = _text(q, "subquestion", "")
        _text(sub, "answer", _label(ex, lab), fmt=None)


def moodle_tree(quiz: QuizSet, exercises: list) -> ET.Element:
    root = ET.Element("quiz")
    cat = ET.SubElement(root, "question", type="category")
    _text(cat, "category", "$course$/" + quiz.title.replace("/", "-"), fmt=None)
    for ex in exercises:
        moodle_question(root, ex)
    return root


def moodle_xml(root: ET.Element) -> bytes:
    return _xml_bytes(root)


# --- checking against the documented structure ---------------------------------------------

# QTI 1.2 content models of the elements the kit writes (ASI XML Binding): each a sequence of
# (name or names, min, max; None: unbounded), required attributes, and enumerated attributes.
_ANY_CONDITION = ("not", "and", "or", "unanswered", "other", "varequal", "varlt", "varlte", "vargt", "vargte",
                  "varsubset", "varinside", "varsubstring", "durequal", "durlt", "durlte", "durgt", "durgte",
                  "var_extension")
_MATERIAL_BODY = ("mattext", "matemtext", "matimage", "mataudio", "matvideo", "matapplet", "matapplication",
                  "matref", "matbreak", "mat_extension")
QTI_MODELS = {
    "questestinterop": ([("qticomment", 0, 1), (("assessment", "objectbank", "section", "item"), 1, None)], set(), {}),
    "assessment": ([("qticomment", 0, 1), ("duration", 0, 1), ("qtimetadata", 0, None), ("objectives", 0, None),
                    ("assessmentcontrol", 0, None), ("rubric", 0, None), ("presentation_material", 0, 1),
                    ("outcomes_processing", 0, None), ("assessproc_extension", 0, 1), ("assessfeedback", 0, None),
                    ("selection_ordering", 0, 1), ("reference", 0, 1), (("sectionref", "section"), 1, None)],
                   {"ident"}, {}),
    "section": ([("qticomment", 0, 1), ("duration", 0, 1), ("qtimetadata", 0, None), ("objectives", 0, None),
                 ("sectioncontrol", 0, None), ("sectionprecondition", 0, None), ("sectionpostcondition", 0, None),
                 ("rubric", 0, None), ("presentation_material", 0, 1), ("outcomes_processing", 0, None),
                 ("sectionproc_extension", 0, 1), ("sectionfeedback", 0, None), ("selection_ordering", 0, 1),
                 ("reference", 0, 1), (("itemref", "item", "sectionref", "section"), 0, None)], {"ident"}, {}),
    "item": ([("qticomment", 0, 1), ("duration", 0, 1), ("itemmetadata", 0, 1), ("objectives", 0, None),
              ("itemcontrol", 0, None), ("itemprecondition", 0, None), ("itempostcondition", 0, None),
              (("itemrubric", "rubric"), 0, None), ("presentation", 0, 1), ("resprocessing", 0, None),
              ("itemproc_extension", 0, 1), ("itemfeedback", 0, None), ("reference", 0, 1)], {"ident"}, {}),
    "itemmetadata": ([("qtimetadata", 0, None)], set(), {}),
    "qtimetadata": ([("vocabulary", 0, 1), ("qtimetadatafield", 1, None)], set(), {}),
    "qtimetadatafield": ([("fieldlabel", 1, 1), ("fieldentry", 1, 1)], set(), {}),
    "fieldlabel": ([], set(), {}), "fieldentry": ([], set(), {}),
    "presentation": ([("qticomment", 0, 1), (("flow", "material", "response_lid", "response_xy", "response_str",
                                               "response_num", "response_grp", "response_extension"), 1, None)],
                     set(), {}),
    "material": ([("qticomment", 0, 1), (_MATERIAL_BODY, 1, None), ("altmaterial", 0, None)], set(), {}),
    "mattext": ([], set(), {}),
    "response_lid": ([(("material", "material_ref"), 0, 1),
                      (("render_choice", "render_hotspot", "render_slider", "render_fib", "render_extension"), 1, 1),
                      (("material", "material_ref"), 0, 1)], {"ident"},
                     {"rcardinality": ("Single", "Multiple", "Ordered"), "rtiming": ("Yes", "No")}),
    "render_choice": ([(("material", "material_ref", "response_label", "flow_label"), 0, None), ("response_na", 0, 1)],
                      set(), {"shuffle": ("Yes", "No")}),
    "response_label": ([(("qticomment", "material", "material_ref", "flow_mat"), 0, None)], {"ident"},
                       {"rshuffle": ("Yes", "No"), "rarea": ("Ellipse", "Rectangle", "Bounded"),
                        "rrange": ("Exact", "Range")}),
    "resprocessing": ([("qticomment", 0, 1), ("outcomes", 1, 1), (("respcondition", "itemproc_extension"), 1, None)],
                      set(), {}),
    "outcomes": ([("qticomment", 0, 1), (("decvar", "interpretvar"), 1, None)], set(), {}),
    "decvar": ([], set(), {"vartype": ("Integer", "String", "Decimal", "Scientific", "Boolean", "Enumerated", "Set")}),
    "respcondition": ([("qticomment", 0, 1), ("conditionvar", 1, 1), ("setvar", 0, None), ("displayfeedback", 0, None),
                       ("respcond_extension", 0, 1)], set(), {"continue": ("Yes", "No")}),
    "conditionvar": ([(_ANY_CONDITION, 1, None)], set(), {}),
    "and": ([(_ANY_CONDITION, 1, None)], set(), {}),
    "or": ([(_ANY_CONDITION, 1, None)], set(), {}),
    "not": ([(_ANY_CONDITION, 1, 1)], set(), {}),
    "other": ([], set(), {}),
    "varequal": ([], {"respident"}, {"case": ("Yes", "No")}),
    "setvar": ([], set(), {"action": ("Set", "Add", "Subtract", "Multiply", "Divide")}),
    "displayfeedback": ([], {"linkrefid"}, {"feedbacktype": ("Response", "Solution", "Hint")}),
    "itemfeedback": ([(("flow_mat", "material", "solution", "hint"), 1, None)], {"ident"}, {"view": (
        "All", "Administrator", "AdminAuthority", "Assessor", "Author", "Candidate", "InvigilatorProctor",
        "Psychometrician", "Scorer", "Tutor")}),
    "flow_mat": ([("qticomment", 0, 1), (("flow_mat", "material", "material_ref"), 1, None)], set(), {}),
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _check_sequence(el, model, where: str) -> list[str]:
    problems, at = [], 0
    children = [_local(c.tag) for c in el]
    counts = [0] * len(model)
    for name in children:
        while at < len(model) and not (name == model[at][0] or (isinstance(model[at][0], tuple) and name in model[at][0])):
            if counts[at] < model[at][1]:
                problems.append(f"{where}: <{_local(el.tag)}> needs {model[at][0]!r} before <{name}>")
            at += 1
        if at == len(model):
            problems.append(f"{where}: <{name}> is not allowed here in <{_local(el.tag)}>, or out of order")
            return problems
        counts[at] += 1
        if model[at][2] is not None and counts[at] > model[at][2]:
            problems.append(f"{where}: too many <{name}> in <{_local(el.tag)}>")
    for i in range(at, len(model)):
        if counts[i] < model[i][1]:
            problems.append(f"{where}: <{_local(el.tag)}> needs {model[i][0]!r}")
    return problems


def validate_qti(root: ET.Element) -> list[str]:
    """Problems of a QTI 1.2 document against the documented structure (empty: valid), and the
    cross-references within each item (a condition names a response and one of its labels; a
    feedback display names an item feedback)."""
    problems = []
    if root.tag != _q("questestinterop"):
        return [f"the root is <{root.tag}>, not <questestinterop> in {QTI_NS}"]
    for el in root.iter():
        name = _local(el.tag)
        if not el.tag.startswith(f"{{{QTI_NS}}}"):
            problems.append(f"<{name}>: not in the QTI namespace")
            continue
        if name not in QTI_MODELS:
            problems.append(f"<{name}>: an element the kit does not write (unchecked)")
            continue
        model, required, enums = QTI_MODELS[name]
        where = f"<{name} {el.get('ident') or el.get('respident') or ''}>".replace(" >", ">")
        for a in required:
            if not el.get(a):
                problems.append(f"{where}: the attribute {a} is required")
        for a, allowed in enums.items():
            if el.get(a) is not None and el.get(a) not in allowed:
                problems.append(f"{where}: {a}={el.get(a)!r} is not one of {', '.join(allowed)}")
        if name in ("mattext", "fieldlabel", "fieldentry", "varequal", "setvar", "decvar", "other",
                    "displayfeedback") and len(el):
            problems.append(f"{where}: holds elements; text only")
        if name == "setvar":
            try:
                float(el.text or "")
            except ValueError:
                problems.append(f"{where}: the value {el.text!r} is not a number")
        if model:
            problems += _check_sequence(el, model, where)
    idents = [i.get("ident") for i in root.iter(_q("item"))]
    if len(idents) != len(set(idents)):
        problems.append("two items have the same ident")
    for item in root.iter(_q("item")):
        labels = {lid.get("ident"): {lab.get("ident") for lab in lid.iter(_q("response_label"))}
                  for lid in item.iter(_q("response_lid"))}
        feedback = {f.get("ident") for f in item.iter(_q("itemfeedback"))}
        for v in item.iter(_q("varequal")):
            if v.get("respident") not in labels:
                problems.append(f"item {item.get('ident')}: a condition names no response ({v.get('respident')})")
            elif (v.text or "") not in labels[v.get("respident")]:
                problems.append(f"item {item.get('ident')}: {v.text!r} is not a label of {v.get('respident')}")
        for d in item.iter(_q("displayfeedback")):
            if d.get("linkrefid") not in feedback:
                problems.append(f"item {item.get('ident')}: no itemfeedback {d.get('linkrefid')!r}")
        meta = {f.findtext(_q("fieldlabel")): f.findtext(_q("fieldentry")) for f in item.iter(_q("qtimetadatafield"))}
        if meta.get("question_type") not in CANVAS_TYPES.values():
            problems.append(f"item {item.get('ident')}: no Canvas question_type in its metadata")
    return problems


MOODLE_FORMATS = ("html", "moodle_auto_format", "plain_text", "markdown")


def _moodle_ok_fraction(value: str) -> bool:
    try:
        x = float(value) / 100
    except (TypeError, ValueError):
        return False
    return any(abs(abs(x) - f) < 5e-8 for f in MOODLE_FRACTIONS)  # as exact as Moodle's own list


def validate_moodle(root: ET.Element) -> list[str]:
    """Problems of a Moodle XML question file against its documented structure (empty: valid)."""
    if root.tag != "quiz":
        return [f"the root is <{root.tag}>, not <quiz>"]
    problems = []
    for n, q in enumerate(root, start=1):
        where = f"question {n}"
        if q.tag != "question":
            problems.append(f"{where}: <{q.tag}> in <quiz>; only <question>")
            continue
        kind = q.get("type")
        if kind == "category":
            if not (q.findtext("category/text") or "").strip():
                problems.append(f"{where}: a category needs <category><text>")
            continue
        if kind not in ("multichoice", "matching"):
            problems.append(f"{where}: type {kind!r}: the kit writes multichoice and matching only")
            continue
        for tag in ("name", "questiontext"):
            if not (q.findtext(f"{tag}/text") or "").strip():
                problems.append(f"{where}: <{tag}><text> is required")
        for el in q.iter():
            if el.get("format") is not None and el.get("format") not in MOODLE_FORMATS:
                problems.append(f"{where}: format {el.get('format')!r} is not one of {', '.join(MOODLE_FORMATS)}")
        try:
            if float(q.findtext("defaultgrade") or "1") < 0:
                raise ValueError
        except ValueError:
            problems.append(f"{where}: <defaultgrade> is not a positive number")
        if kind == "multichoice":
            single = (q.findtext("single") or "").strip()
            if single not in ("true", "false"):
                problems.append(f"{where}: <single> must be true or false")
            answers = q.findall("answer")
            if len(answers) < 2:
                problems.append(f"{where}: a choice needs at least two <answer>")
            fractions = []
            for a in answers:
                if not _moodle_ok_fraction(a.get("fraction")):
                    problems.append(f"{where}: fraction {a.get('fraction')!r} is not one of Moodle's grades")
                else:
                    fractions.append(float(a.get("fraction")))
                if not (a.findtext("text") or "").strip():
                    problems.append(f"{where}: an <answer> has no <text>")
            if single == "true" and fractions and abs(max(fractions) - 100) > 1e-6:
                problems.append(f"{where}: no answer is worth 100%")
            if single == "false" and fractions and abs(sum(f for f in fractions if f > 0) - 100) > 0.01:
                problems.append(f"{where}: the right answers add up to {sum(f for f in fractions if f > 0):g}%, not 100%")
        else:
            subs = q.findall("subquestion")
            asked = [s for s in subs if (s.findtext("text") or "").strip()]
            if len(asked) < 2 or len(subs) < 3:
                problems.append(f"{where}: a matching question needs two questions and three answers")
            for s in subs:
                if not (s.findtext("answer/text") or "").strip():
                    problems.append(f"{where}: a <subquestion> has no <answer><text>")
    return problems


# --- reading back -------------------------------------------------------------------------------

def read_qti(root: ET.Element) -> dict[str, dict]:
    """Every item of a QTI file: its Canvas type, prompt, options (label, text) and key."""
    out = {}
    for item in root.iter(_q("item")):
        meta = {f.findtext(_q("fieldlabel")): f.findtext(_q("fieldentry")) for f in item.iter(_q("qtimetadatafield"))}
        pres = item.find(_q("presentation"))
        entry = {"type": meta.get("question_type"), "points": float(meta.get("points_possible") or 0),
                 "prompt": html_text(pres.findtext(f"{_q('material')}/{_q('mattext')}")), "responses": {}}
        for lid in pres.findall(_q("response_lid")):
            entry["responses"][lid.get("ident")] = {
                "text": html_text(lid.findtext(f"{_q('material')}/{_q('mattext')}") or ""),
                "options": [(lab.get("ident"), html_text(lab.findtext(f"{_q('material')}/{_q('mattext')}")))
                            for lab in lid.iter(_q("response_label"))],
                "cardinality": lid.get("rcardinality", "Single")}
        key: dict[str, set] = {}
        for rc in item.iter(_q("respcondition")):
            setvar = rc.find(_q("setvar"))
            if setvar is None or float(setvar.text) <= 0:
                continue
            for v in rc.find(_q("conditionvar")).iter(_q("varequal")):
                negated = any(v in list(n.iter()) for n in rc.iter(_q("not")))
                if not negated:
                    key.setdefault(v.get("respident"), set()).add(v.text)
        entry["key"] = key
        entry["feedback"] = {f.get("ident"): html_text(f.findtext(f".//{_q('mattext')}")) for f in item.iter(_q("itemfeedback"))}
        out[item.get("ident")] = entry
    return out


def read_moodle(root: ET.Element) -> dict[str, dict]:
    """Every question of a Moodle XML file: its type, options with their fractions, or its pairs."""
    out = {}
    for q in root.findall("question"):
        if q.get("type") == "category":
            continue
        entry = {"type": q.get("type"), "name": q.findtext("name/text"), "points": float(q.findtext("defaultgrade")),
                 "prompt": html_text(q.findtext("questiontext/text")), "single": q.findtext("single") == "true",
                 "general": html_text(q.findtext("generalfeedback/text"))}
        if q.get("type") == "multichoice":
            entry["options"] = [(html_text(a.findtext("text")), float(a.get("fraction")),
                                 html_text(a.findtext("feedback/text"))) for a in q.findall("answer")]
        else:
            entry["pairs"] = [(html_text(s.findtext("text")), s.findtext("answer/text")) for s in q.findall("subquestion")]
        out[q.findtext("idnumber") or entry["name"]] = entry
    return out


# --- the export ---------------------------------------------------------------------------------

@dataclass
class QuizExport:
    set: str
    format: str
    path: Path
    exported: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    assessment: bool = False

    @property
    def validated_by(self) -> str:
        return VALIDATED_BY[self.format]

    @property
    def format_name(self) -> str:
        return "IMS QTI 1.2, for Canvas" if self.format == "qti" else "Moodle XML"


def build(quiz: QuizSet, fmt: str) -> tuple[ET.Element, list, list[tuple[str, str, str]]]:
    """The document for ``fmt``, the exercises in it, and those left out (id, title, why)."""
    if fmt not in ("qti", "moodle"):
        raise KitError(f"--format must be qti or moodle, not {fmt!r}.")
    keep, skipped = [], []
    for ex in quiz.exercises:
        reason = why_not(ex, fmt)
        if reason:
            skipped.append((ex.id, ex.title, reason))
        else:
            keep.append(ex)
    root = qti_tree(quiz, keep) if fmt == "qti" else moodle_tree(quiz, keep)
    return root, keep, skipped


def export_quiz(set_name: str, fmt: str, out: Path, keys_dir: Path | None = None) -> QuizExport:
    """Write a set's choice exercises as a quiz file; refuses to write one that fails its check."""
    quiz = load_set(set_name, keys_dir)
    root, keep, skipped = build(quiz, fmt)
    if not keep:
        why = "".join(f"\n  {ex_id}: {reason}" for ex_id, _, reason in skipped)
        raise KitError(f"{set_name} has no exercise that {fmt} can express; nothing was written.{why}")
    xml = qti_xml(root) if fmt == "qti" else moodle_xml(root)
    written = ET.fromstring(xml)  # what is checked is what is written
    problems = validate_qti(written) if fmt == "qti" else validate_moodle(written)
    if problems:  # a bug in the kit, not in the teacher's input: say so rather than write a bad file
        raise KitError("The quiz file did not pass its check, so it was not written:\n" + "\n".join(problems))
    out = Path(out)
    out.write_bytes(qti_package(xml, quiz) if fmt == "qti" and out.suffix.lower() != ".xml" else xml)
    return QuizExport(set_name, fmt, out, [ex.id for ex in keep], skipped, quiz.assessment)
