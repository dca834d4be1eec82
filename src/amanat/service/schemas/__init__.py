"""Request and response bodies of the REST API: Create / Update / Public per kind,
generated from the register's tables, and the bodies of sharing, audit and accounts."""
