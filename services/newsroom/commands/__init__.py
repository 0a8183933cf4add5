"""Implementations behind the CLI's commands; cli.py only parses options and prints."""
