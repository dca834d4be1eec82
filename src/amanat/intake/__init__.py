"""Intake: submissions, importers and mapping profiles — how records enter the register."""
