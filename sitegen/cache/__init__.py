"""What a build keeps between runs: the store of memos, their files on disk, and the build stamp that answers "nothing changed"."""
