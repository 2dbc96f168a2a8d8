"""Subcommands beyond the catalog workflow: check, build, release, approve, serve, manifest."""

from __future__ import annotations

import argparse
from typing import Callable

REGISTER: list[Callable[[argparse._SubParsersAction], None]] = []
