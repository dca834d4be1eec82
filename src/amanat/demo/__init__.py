"""Demo region generator: a synthetic Central Asian region to try Amanat on."""
