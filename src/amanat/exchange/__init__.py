"""Exchange: exports of what a user may see, in the formats partners already use —
FollowTheMoney, HTCDS 2.0, a CTDC-style k-anonymised table, UNODC GLOTIP indicators,
an XLSX workbook for officials, and JSON."""
