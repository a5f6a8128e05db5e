"""The shared layer every app and the command line stand on.

It alone decides what a page or a command weighs (the round, its compass version, the data), keeps
what is weighed cached per data version, and says how numbers, dates, names and levels are shown
in the active language. Apps import from here, never from each other's views or page modules.
See docs/architecture.md.
"""
