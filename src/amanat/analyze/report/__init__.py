"""The country report: HTML with inline SVG charts, and PDF, in English or Russian."""
