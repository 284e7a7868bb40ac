"""The shared vocabulary of every stage: frozen records, problems and their levels, slugs, and the route table (every address the site has)."""
