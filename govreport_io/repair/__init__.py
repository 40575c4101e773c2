"""Repairs shared by every reader: CJK line unwrapping, space repair, page furniture."""
