"""The commands: each a `cmd_<name>(args) -> int` over the pipeline's API, and the function that
adds its subparser to :data:`REGISTER` (read by :func:`pipeline.cli.build_parser`), in the order
`--help` lists them."""

from __future__ import annotations

from . import workflow, site, release, migrate, vendor  # noqa: F401 - each registers its commands
from .common import REGISTER

__all__ = ["REGISTER"]
