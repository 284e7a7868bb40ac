"""Records to HTML and files: pages through the Jinja templates, calendars, feed, structured data, charts, Markdown and Danish formatting."""
