"""The signal that a shape uses something the fast engine does not compile."""

from __future__ import annotations


class Unsupported(Exception):
    """Raised while compiling a shape: the shape is then validated by the reference engine.

    The message names the feature, so that a run's fallbacks can be explained to a person.
    """
