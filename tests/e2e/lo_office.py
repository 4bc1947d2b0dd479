"""A headless LibreOffice for the UNO scripts (run with Debian's /usr/bin/python3).

``with office() as desktop:`` starts soffice on a private profile and pipe, connects,
and stops it afterwards; ``open_hidden(desktop, path)`` loads a document without a window.
"""

import contextlib
import subprocess
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    """A UNO PropertyValue."""
    item = PropertyValue()
    item.Name = name
    item.Value = value
    return item


def _connect(pipe):
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


@contextlib.contextmanager
def office():
    """Yield (component context, desktop) of a private headless LibreOffice."""
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    pipe = f"tmad-{uuid.uuid4().hex}"
    process = subprocess.Popen(
        [
            "soffice", "--headless", "--invisible", "--nologo", "--norestore",
            f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    desktop = None
    try:
        context = _connect(pipe)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        yield context, desktop
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):
                desktop.terminate()
        process.terminate()
        process.wait(timeout=30)


def open_hidden(desktop, path):
    """Load a document without a window; exit when LibreOffice cannot open it."""
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(path), "_blank", 0, (prop("Hidden", True),)
    )
    if doc is None:
        raise SystemExit(f"LibreOffice could not open {path}")
    return doc
