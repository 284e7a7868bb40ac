"""The engine behind build.py: load -> validate -> assemble -> render -> write."""
