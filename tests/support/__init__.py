"""Test support: real loopback servers (Slack Web API + webhooks, SMTP) and sample data.

    from tests.support.slack_server import SlackServer, Reply, slack_server
    from tests.support.smtp_server import SmtpServer, smtp_server
    from tests.support.samples import make_update, make_delivery, tariff_event, meeting_event
"""
