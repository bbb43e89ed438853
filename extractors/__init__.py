"""Extractors: each finds one kind of mention (org, money, date) in raw text."""
