"""Writing a built site into a folder and to a publishing target: atomic writes, the search index, the release folders."""
