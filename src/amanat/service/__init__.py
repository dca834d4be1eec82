"""The service: a REST API and a server-rendered web app, both over the access layer."""
