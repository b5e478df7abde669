"""notice-pipeline: Chinese official notices (公文/通知) to structured, checkable records.

The public API, a handful of functions; the CLI (pipeline.cli) is a thin layer over them.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .evaluate import evaluate
from .load import load
from .model import Document, LoadError, Span, Structure
from .record import build_record, parse_file, parse_text, read_records
from .rules import load_rules
from .store import ingest
from .structure import segment

__all__ = ["parse_file", "parse_text", "load", "segment", "build_record", "ingest", "evaluate", "read_records", "load_rules",
           "Document", "Span", "Structure", "LoadError"]
