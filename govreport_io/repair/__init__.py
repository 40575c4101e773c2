"""Repairs shared by every reader, and the one repair pass the API runs after any reader."""

from .pipeline import STEPS, Step, repair

__all__ = ["STEPS", "Step", "repair"]
