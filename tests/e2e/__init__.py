"""End-to-end tests: the shipped portal served on 127.0.0.1, read by a real browser and real podcast clients."""
