"""`python -m kompas` is the `kompas` command."""

from kompas.cli import main

main()
