"""The application layer: every action a user can take, through one door.

``door`` declares and checks; the modules beside it are the actions, by domain.  The
API (``amanat.service.api``), the web app (``amanat.service.web``) and the command
line (``amanat.cli``) only adapt them: parse, call, render.
"""
