"""The official form: template data, label matching, recognition and validation.

Nothing in this package knows a file format.
"""
