"""Producers: sources (files, stdin, RSS/Atom feeds, HTTP ingest) -> the `articles` topic."""
