"""The gates: personal data, links, freshness and the schedule, plain language, source rules, and the external HTML and browser checks."""
