"""Tests of compass versions: the list, one version, and making a new one."""
