"""Drive LibreOffice through UNO: open a DOCX, accept or reject every tracked change, print text.

Run with Debian's /usr/bin/python3 (which has LibreOffice's ``uno`` module), not the
project's interpreter:  python3 lo_revisions.py accept|reject|keep FILE.docx [--styles]

Prints a first line "#redlines N recording True|False" (how many tracked changes, and
whether Track Changes is on), then one line per body paragraph (tables included cell by
cell, in order, or with ``--rows`` one line a row, its cells joined by " | "), so a test
can compare the result with ``tmad show``; with ``--styles`` each line starts with the
paragraph's style name and a tab, so levels can be compared too.
LibreOffice is started headless on a private profile and a private pipe (lo_office.py),
and stopped at the end.
"""

import os
import sys

from lo_office import office, open_hidden


def paragraphs(text, styles=False, rows=False):
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        part = enum.nextElement()
        if part.supportsService("com.sun.star.text.Paragraph"):
            style = part.getPropertyValue("ParaStyleName") + "\t" if styles else ""
            yield style + part.getString()
        elif part.supportsService("com.sun.star.text.TextTable") and rows:
            # one line a row, its cells joined by " | " as in tmad's model; its level from
            # the table's indent (1 cm a level), given as the style of that level
            level = round(part.getPropertyValue("LeftMargin") / 1000)
            style = f"TMAD Level {level}\t" if styles else ""
            cells = {}
            for name in part.getCellNames():
                row = int("".join(ch for ch in name if ch.isdigit()) or 0)
                cells.setdefault(row, []).append(part.getCellByName(name).getString())
            for row in sorted(cells):
                yield style + " | ".join(cells[row])
        elif part.supportsService("com.sun.star.text.TextTable"):
            for name in part.getCellNames():
                yield from paragraphs(part.getCellByName(name).getText(), styles)


def main():
    action, path = sys.argv[1], os.path.abspath(sys.argv[2])
    with office() as (context, desktop):
        doc = open_hidden(desktop, path)
        redlines = doc.getRedlines().createEnumeration()
        count = 0
        while redlines.hasMoreElements():
            redlines.nextElement()
            count += 1
        recording = bool(doc.getPropertyValue("RecordChanges"))
        print(f"#redlines {count} recording {recording}")
        if action in ("accept", "reject"):
            dispatcher = context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.DispatchHelper", context
            )
            frame = doc.getCurrentController().getFrame()
            command = (
                ".uno:AcceptAllTrackedChanges"
                if action == "accept"
                else ".uno:RejectAllTrackedChanges"
            )
            dispatcher.executeDispatch(frame, command, "", 0, ())
        options = sys.argv[3:]
        for line in paragraphs(doc.getText(), "--styles" in options, "--rows" in options):
            print(line)
        doc.close(True)


if __name__ == "__main__":
    main()
