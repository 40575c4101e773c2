"""Readers: one module per format, each turning bytes into generic blocks (or, for JSON, a Report).

A reader knows its format and nothing about the form; it never imports a writer.
Every reader module has ``read(data: bytes, ctx: ReadContext)`` and ``sniff(data: bytes) -> int``
(the ``Reader`` protocol of ``_context.py``), and may name its read options in ``OPTIONS``.
"""
