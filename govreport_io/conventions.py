"""Markers that a writer leaves for its own reader, where a format has no native way.

Kept apart so that a reader never imports a writer: both import these.
"""

DOCX_FIELDS_CAPTION = "govreport:fields"
"""The table caption (w:tblCaption) of the header-field table in a written .docx."""

HTML_FIELDS_CLASS = "fields"
"""The class of the header-field table in written HTML."""

PDF_TAB_TAG = "GovreportTab"
"""The marked-content tag around a drawn tab (with ActualText U+0009) in a written PDF."""
