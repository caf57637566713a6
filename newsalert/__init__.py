"""newsalert: news event alerting over Kafka. This package holds what every stage shares."""

__version__ = "0.1.0"
