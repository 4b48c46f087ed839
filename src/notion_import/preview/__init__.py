"""Preview: look at the result before touching the workspace.

:func:`preview_source` imports a source through the API it is given (the command line gives it
an embedded notion-emulator: the sandbox of ``notion-import import`` without a token), then
reads every page back through the public API and writes a static site;
:func:`preview_workspace` does the reading and writing for pages of a real workspace.
Rendering is :mod:`notion_view`'s, so what the site shows is what the API holds, not what the
importer meant to write.

The site needs no server and loads nothing from the network::

    index.html                 every page, its status (losses, verification), a link to it
    pages/<page id>.html       the page as Notion shows it, beside its original, with its losses
    files/<key>/<name>         the files the pages show (uploads, read back through their URLs)
    source/...                 copies of the original documents and the files they reference
    assets/preview.css         the stylesheet

The modules: ``originals`` (the copies of the source documents), ``files`` (the copies of the
files pages show), ``site`` (the HTML, the stylesheet and the output folder), ``run`` (the two
previews). Every text is escaped; the token is only ever sent in request headers, never
written.
"""

from notion_import.errors import PreviewError
from notion_import.preview.files import FileCopies
from notion_import.preview.originals import Originals
from notion_import.preview.run import preview_source, preview_workspace, read_views
from notion_import.preview.site import MARKER, PreviewPage, PreviewSite, prepare_output

__all__ = [
    "MARKER",
    "FileCopies",
    "Originals",
    "PreviewError",
    "PreviewPage",
    "PreviewSite",
    "prepare_output",
    "preview_source",
    "preview_workspace",
    "read_views",
]
