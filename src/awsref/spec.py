"""Names every layer agrees on, with no imports: exam domains and list kinds.

Kept import-free so that the lookup path, the schema validator and the completer can
all read it without cost.
"""

from __future__ import annotations

# The four content domains of the AWS Certified Developer – Associate exam (DVA-C02).
DOMAINS = ("development", "security", "deployment", "troubleshooting")

LIST_KINDS = ("services", "limits", "terms", "comparisons")

# The counts ``awsref stats`` gives, in their column order.
STATS_KEYS = ("services", "limits", "verified", "unverified", "facts", "terms", "comparisons")

# How much a search word counts by the field it is found in: body text, an alias, the
# entry's name. The index packs the field's position in this tuple into each posting.
SEARCH_WEIGHTS = (1.0, 2.5, 3.0)
