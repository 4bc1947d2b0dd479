"""Drive LibreOffice through UNO: open a DOCX, accept or reject every tracked change, print text.

Run with Debian's /usr/bin/python3 (which has LibreOffice's ``uno`` module), not the
project's interpreter:  python3 lo_revisions.py accept|reject|keep FILE.docx

Prints one line per body paragraph (tables included cell by cell, in order), so a test
can compare the result with ``tmad show``. LibreOffice is started headless on a private
profile and a private pipe, and stopped at the end.
"""

import contextlib
import os
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    item = PropertyValue()
    item.Name = name
    item.Value = value
    return item


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    for _ in range(200):
        try:
            return resolver.resolve(url)
        except Exception:
            time.sleep(0.1)
    raise SystemExit("could not connect to LibreOffice")


def paragraphs(text):
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        part = enum.nextElement()
        if part.supportsService("com.sun.star.text.Paragraph"):
            yield part.getString()
        elif part.supportsService("com.sun.star.text.TextTable"):
            for name in part.getCellNames():
                yield from paragraphs(part.getCellByName(name).getText())


def main():
    action, path = sys.argv[1], os.path.abspath(sys.argv[2])
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    pipe = f"tmad-{uuid.uuid4().hex}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        context = connect(pipe)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(path), "_blank", 0, (prop("Hidden", True),)
        )
        if doc is None:
            raise SystemExit(f"LibreOffice could not open {path}")
        redlines = doc.getRedlines().createEnumeration()
        count = 0
        while redlines.hasMoreElements():
            redlines.nextElement()
            count += 1
        print(f"#redlines {count}")
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
        for line in paragraphs(doc.getText()):
            print(line)
        doc.close(True)
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        office.terminate()
        office.wait(timeout=30)


if __name__ == "__main__":
    main()
