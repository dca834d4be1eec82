"""The REST API, one router module per kind of resource."""
