"""Content in, records out: read content/ and data/ (load), the field tables (model, fields), validate them into records and assemble the site."""
