"""make serve: the live preview server, its build thread on the engine, and the review page."""
