import pytest


@pytest.fixture(autouse=True)
def _database(db: None) -> None:
    """Every command reads the (seeded) test database unless it is given --data."""
