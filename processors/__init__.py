"""Stream processors: articles -> detected events -> tracked event state -> event updates."""
