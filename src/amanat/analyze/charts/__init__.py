"""Charts drawn in Python as SVG strings, inlined in the report and the web app."""
