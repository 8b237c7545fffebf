"""What every content type shares: the HTML the portal writes and checks.

- :mod:`.fragments`: small pieces of HTML every page type uses (relative links, dates, related content).
- :mod:`.safety`: contributors' Markdown and HTML checked for scripts, event handlers and unsafe links.
"""
