"""python -m newsroom ... -> the CLI."""

from newsroom.cli import main

main()
