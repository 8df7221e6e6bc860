"""``python -m launchwatch``: the command line."""

from .cli import main

main()
