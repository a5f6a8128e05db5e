"""The pure engine: the compass model, value functions, gates, scoring and explanations.

No Django imports here; plain Python and numpy, tested without a database.
"""

from kompas.engine.assess import Advice, agreement, assess
from kompas.engine.compass import Compass
from kompas.engine.compass_file import CompassError, load_compass, parse_compass
from kompas.engine.model import Gate, IndicatorValue, Reading, RegionInput

__all__ = [
    "Advice",
    "Compass",
    "CompassError",
    "Gate",
    "IndicatorValue",
    "Reading",
    "RegionInput",
    "agreement",
    "assess",
    "load_compass",
    "parse_compass",
]
