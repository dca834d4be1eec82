"""Open-source reports through the one door: add a report, list and show its
candidates, confirm one into the register or reject it."""

from amanat.actions.reports.adding import add_report, extract_only
from amanat.actions.reports.review import confirm, list_reports, reject, show_report

__all__ = ["add_report", "confirm", "extract_only", "list_reports", "reject", "show_report"]
