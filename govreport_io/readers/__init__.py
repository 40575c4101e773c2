"""Readers: one module per format, each turning bytes into generic blocks (or, for JSON, a Report).

A reader knows its format and nothing about the form; it never imports a writer.
Every reader module has ``read(data: bytes, ctx: ReadContext)``.
"""
