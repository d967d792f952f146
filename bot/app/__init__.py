"""The application: what runs the bot — dispatching, scheduling, delivery, the adapters, the command line.

Depends on the core (`bot/`) and on `handlers/`; nothing there imports from here.
"""
