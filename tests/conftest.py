"""Shared fixtures: the lists of functions every generic test runs over."""

from __future__ import annotations

import activations

ELEMENTWISE = activations.names(kind="elementwise")
VECTOR = activations.names(kind="vector")
