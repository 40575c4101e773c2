"""Every tolerance of the PDF reader, named, with the reason for its default.

Lengths are in PDF points (1/72 inch) unless a field says it is a ratio of the font size:
ratios keep a rule right for a 9 pt table cell and a 22 pt title alike.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """Tolerances and limits of one PDF read (as pdfplumber's table settings are named)."""

    # -- characters ------------------------------------------------------------------------
    ascent: float = 0.8
    """Share of the font size above the baseline in a character's box. Both backends build
    boxes from the baseline and the size with this share, so they see the same geometry
    whatever each font's own metrics claim (CJK fonts sit about 0.8 em above the baseline)."""
    space_advance: float = 0.25
    """Width given to a space glyph pdfium's text page left out (drawn as a text object of
    its own) when pdfium inferred no space in its place, as a share of its size: a
    quarter em is a typical space. The width matters only when the space ends a line."""
    lost_space_slack: float = 0.5
    """Points between pdfium's inferred space and an inkless text object's start within
    which the space is taken as that object's real glyph."""
    unmapped_share: float = 0.3
    """Above this share of glyphs without a Unicode mapping the text layer is refused: a
    few unmapped symbols are noise, a third of the text means the PDF cannot give it back."""

    # -- lines -----------------------------------------------------------------------------
    line_tolerance: float = 0.5
    """Two characters are on one line when their tops or bottoms differ by less than this
    share of the smaller size: half a character absorbs sub- and superscripts and mixed
    fonts, while the next line is a full line height away."""
    line_tolerance_min: float = 1.5
    """Floor of the line tolerance in points, for tiny text where half a size is sub-point."""
    spread_min_pairs: int = 3
    """Pairs of neighbouring CJK characters needed before a line can count as justified:
    fewer are too few to tell justification from a table column."""
    spread_gap: float = 0.2
    """A gap wider than this share of the size between CJK neighbours is justification slack."""
    spread_share: float = 0.5
    """Share of spread pairs that makes a line justified (its gaps are slack, not spaces)."""
    word_gap: float = 0.25
    """A gap this share of the size between Latin letters or digits is a word space that the
    PDF did not draw as a glyph (a quarter em is a typical word space)."""
    column_gap: float = 1.0
    """A gap wider than one character is a column of a table drawn without rules."""
    unruled_row_gaps: int = 2
    """Column gaps that make a line a row of an unruled table: one gap can be a wide space."""

    # -- ruled tables ----------------------------------------------------------------------
    axis_slack: float = 0.01
    """A path segment whose ends differ by less than this across its direction is a
    horizontal or vertical rule (rounding in the PDF's matrices); a slanted one is not."""
    snap_tolerance: float = 3.0
    """Rules this close are one rule: double borders and rectangles drawn as two strokes."""
    join_tolerance: float = 3.0
    """Collinear rules with a gap this small are one rule broken by the drawing program."""
    intersection_tolerance: float = 3.0
    """A horizontal and a vertical rule this close are taken to meet (rules often stop short)."""
    edge_min_length: float = 3.0
    """Shorter rules are dots and tick marks, not cell borders."""
    edge_min_length_prefilter: float = 1.0
    """Rules shorter than this are dropped before snapping (specks of a drawing)."""
    grid_tolerance: float = 2.0
    """Cell borders this close are one grid line when cells are numbered into rows and columns."""
    box_margin: float = 1.0
    """A character belongs to a table when its centre is inside the table's box grown by this."""
    cell_margin: float = 0.5
    """A character belongs to a cell when its centre is inside the cell grown by this."""
    lone_cell_text: int = 150
    """A one-cell "table" holding less text than this is kept (a boxed label or a field);
    a larger one is a frame drawn around prose and is read as prose."""
    page_join_tolerance: float = 3.0
    """Tables on consecutive pages are one table when their column borders agree this well."""

    # -- page furniture --------------------------------------------------------------------
    running_min_pages: int = 3
    """Running heads are only looked for in documents this long: in two pages a repeated
    line is as likely to be content."""
    running_edge: float = 1 / 8
    """Running heads are searched in the top and bottom eighth of the page only."""
    running_bucket: float = 4.0
    """Heights are compared in buckets of this many points: the same head moves a little."""

    # -- paragraphs and headings -----------------------------------------------------------
    size_tolerance: float = 0.6
    """Sizes that differ by less than this (points) are one style (rounding in the PDF)."""
    heading_ratio: float = 1.25
    """A line this much larger than the body text is a heading."""
    left_percentile: float = 0.05
    """The left margin is at least this low a percentile of line starts, so that a few
    stray lines further left do not move it."""
    indent_chars: float = 2.0
    """Chinese typesetting indents a paragraph's first line by two characters."""
    indent_slack: float = 2.0
    """Points of slack when matching a two-character indent against the margin."""
    table_indent_slack: float = 3.0
    """Points of slack when the tables' left edge shows the margin paragraphs indent from."""
    right_percentile: float = 0.9
    """The right margin is this high a percentile of line ends (full lines dominate)."""
    indent: float = 0.8
    """A line starting this share of the size right of the margin starts a paragraph."""
    short_line: float = 1.5
    """A line ending this share of the size before the right margin, though the next
    line's first word would have fit, ends its paragraph."""

    # -- limits (a hostile file must not run away) -----------------------------------------
    max_chars_per_page: int = 200_000
    """A dense A4 page holds about 3,000 characters; far more is a hostile or broken file."""
    max_objects_per_page: int = 200_000
    """Page objects (paths, text runs) visited per page, forms included."""
    max_form_depth: int = 12
    """Nesting of form XObjects followed for ruling lines; real reports nest two or three."""
    max_path_segments: int = 100_000
    """Segments of one path read for ruling lines; a longer path is a drawing, not a table."""
    max_form_draws: int = 10_000
    """Form XObjects drawn by drawing one form, nesting followed. Real reports draw a few
    forms once each; a tree that doubles at every level reaches this at depth 14."""
    max_width_codes: int = 65_536
    """Codes one range of a font's /W table may cover: a CID font has at most 65,536."""
    guard_dict_bytes: int = 65_536
    """Bytes of an object's dictionary (or a /W array) the pre-parse guard reads."""
    max_content_bytes: int = 16 * 1024 * 1024
    """Bytes one content stream may inflate to. A dense page draws well under 1 MB; 60 MB
    (from a 100 KB file) keeps pdfium busy for 5 to 15 s."""
    max_total_content_bytes: int = 256 * 1024 * 1024
    """Bytes all content streams of a file may inflate to: 500 dense pages stay well under."""


DEFAULT_SETTINGS = PdfSettings()
"""The settings a read uses unless the ``settings`` option gives others."""
