"""Plan, write, journal, verify and report an import.

The names below are the importer's public face; the command line, the preview, the benchmarks
and the reliability campaigns use only these, so the modules behind them can change freely.
"""

from notion_import.importer.journal import Journal
from notion_import.importer.minimal import distinct_files, minimal_requests
from notion_import.importer.options import ImportOptions
from notion_import.importer.page import ImportPage
from notion_import.importer.pipeline import converted_pages, documents_to_pages
from notion_import.importer.placement import arrange
from notion_import.importer.report import EXIT_FAILED, PageReport, Report
from notion_import.importer.scheduler import Importer

__all__ = [
    "EXIT_FAILED",
    "ImportOptions",
    "ImportPage",
    "Importer",
    "Journal",
    "PageReport",
    "Report",
    "arrange",
    "converted_pages",
    "distinct_files",
    "documents_to_pages",
    "minimal_requests",
]
