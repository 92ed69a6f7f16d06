"""Guest conversations on WhatsApp: gateway client, notifications, decisions, outbox."""
