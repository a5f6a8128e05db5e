"""The `kompas` command: a thin layer over the engine, the shared layer and the apps' services.

Its words come from the translation catalogue (`locale/`): each command runs with the language
of `--lang` (before or after the command's name, or KOMPAS_LANG) active.
"""

from kompas.cli.backup import backup, restore
from kompas.cli.base import main
from kompas.cli.manage import compass, import_, serve, user
from kompas.cli.weigh import assess, check, explain, robustness

for command in (assess, explain, check, robustness, serve, user, compass, import_, backup, restore):
    main.add_command(command)

__all__ = ["main"]
