"""Alert stage: route event updates to subscriptions, deliver them through notifiers."""
