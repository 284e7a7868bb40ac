"""The one path every command takes: the pipeline that builds a site into a result, and the commands (build, check, publish, rollback) on it."""
