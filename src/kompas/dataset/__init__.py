"""The embedded default data and any replacement data folder: loading, checking, engine inputs."""

from kompas.dataset.files import DataError, default_data_dir
from kompas.dataset.folder import load_dataset
from kompas.dataset.inputs import region_inputs
from kompas.dataset.model import Dataset, Region

__all__ = ["DataError", "Dataset", "Region", "default_data_dir", "load_dataset", "region_inputs"]
