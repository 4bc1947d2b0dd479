"""Fill in the DOCX response template with LibreOffice, as a respondent would, and save it as DOCX.

Run with Debian's /usr/bin/python3 (which has LibreOffice's ``uno`` module), not the
project's interpreter:  python3 lo_fill_form.py IN.docx OUT.docx ANSWERS.json

ANSWERS.json is ``{"fields": {"LABEL PREFIX": "text", ...}, "confidential": "display text"}``.

What LibreOffice 7.4 makes of the template's content controls (found by probing):

- a control still showing its placeholder (``w:showingPlcHdr``: every text box of the
  blank template) is imported as an *input field* (``com.sun.star.text.textfield.Input``)
  whose content is the prompt. In the document protected for forms a respondent
  double-clicks it and types the answer in the "Edit Fields" dialog, which sets the
  field's ``Content``; this script sets the same property through UNO.
- the drop-down is imported as a content control with its list items; choosing an
  item replaces the control's text with the item's display text and clears its
  placeholder state. This script does the same: it replaces the prompt text inside
  the control and sets ``ShowingPlaceHolder`` to False.
- UNO ignores the form protection (``ProtectForm`` stays on and is saved).
- Saved as DOCX, every control keeps its title (``w:alias``) but loses its name
  (``w:tag``); the drop-down loses both. A line break typed in an input field is
  written as two ``w:t`` in one run. tmad's collation reads all of that back.

Each field is found by its label as a respondent sees it: the left cell of its
table row (respondent details) or the last paragraph of text before it. Prints a
JSON list of ``[label, filled]`` for every field found, so the test can check that
each answer went where it was meant to. LibreOffice runs headless on a private
profile and pipe (lo_office.py) and is stopped at the end.
"""

import json
import os
import sys

import uno
from lo_office import office, open_hidden, prop

PROMPT = "Choose an item."


def fields(text, label=""):
    """(label, kind, object) for each fillable field, in document order."""
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        part = enum.nextElement()
        if part.supportsService("com.sun.star.text.TextTable"):
            for row in range(1, part.getRows().getCount() + 1):
                left = part.getCellByName(f"A{row}")
                right = part.getCellByName(f"B{row}")
                if left is None or right is None:
                    continue
                yield from fields(right.getText(), left.getString().strip())
            continue
        if not part.supportsService("com.sun.star.text.Paragraph"):
            continue
        found = False
        portions = part.createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            kind = portion.getPropertyValue("TextPortionType")
            if kind == "TextField":
                field = portion.getPropertyValue("TextField")
                if field.supportsService("com.sun.star.text.TextField.Input"):
                    found = True
                    yield label, "input", field
            elif kind == "ContentControl":
                control = portion.getPropertyValue("ContentControl")
                if control.getPropertyValue("ListItems"):
                    found = True
                    yield "confidential", "dropdown", control
        if not found and part.getString().strip():
            label = part.getString().strip()


def main():
    source, target, answers_path = (os.path.abspath(a) for a in sys.argv[1:4])
    with open(answers_path, encoding="utf-8") as stream:
        answers = json.load(stream)
    with office() as (_, desktop):
        doc = open_hidden(desktop, source)
        settings = doc.createInstance("com.sun.star.text.DocumentSettings")
        report = {"protected_for_forms": bool(settings.getPropertyValue("ProtectForm"))}
        found = []
        for label, kind, item in list(fields(doc.getText())):
            if kind == "dropdown":
                choice = answers.get("confidential", "")
                if choice:
                    # what choosing an item does: the control's text becomes the item's
                    search = doc.createSearchDescriptor()
                    search.SearchString = PROMPT
                    hit = doc.findFirst(search)
                    if hit is None:
                        raise SystemExit("the drop-down's prompt was not found")
                    hit.setString(choice)
                    item.setPropertyValue("ShowingPlaceHolder", False)
                found.append([label, bool(choice)])
                continue
            text = next(
                (value for key, value in answers["fields"].items() if label.startswith(key)),
                None,
            )
            if text is not None:
                item.setPropertyValue("Content", text)  # what the Edit Fields dialog does
            found.append([label, text is not None])
        doc.getTextFields().refresh()
        doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        report["fields"] = found
        print(json.dumps(report))


if __name__ == "__main__":
    main()
