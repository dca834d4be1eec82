"""Reading the administrators' form of a new user."""

from __future__ import annotations

import re
from typing import Any

from amanat.access.roles import Role
from amanat.language.i18n import N_
from amanat.service.web.form_input import NOT_A_CHOICE, FormInput

CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,39}$")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
MIN_PASSWORD = 12


def user(form: FormInput) -> dict[str, Any]:
    username = form.text("username", required=True, limit=80)
    if username and not USERNAME.match(username):
        form.error("username", N_("Small letters, digits, dots and dashes."))
    role = form.text("role", required=True, limit=40)
    if role and role not in {r.value for r in Role}:
        form.error("role", NOT_A_CHOICE)
    password = form.raw("password")
    if len(password) < MIN_PASSWORD:
        form.error("password", N_("At least 12 characters."))
    return {
        "username": username,
        "display_name": form.text("display_name", required=True, limit=200),
        "role": role,
        "password": password,
        "language": form.text("language", limit=5) or "en",
    }
