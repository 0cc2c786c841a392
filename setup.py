"""Packaging beyond what pyproject.toml can say: the shipped case base (``data/``) goes into the
wheel as the package ``kaede.shipped``, so an installed kaede finds its cases and template."""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["kaede", "kaede.*"]) + ["kaede.shipped"],
    package_dir={"kaede.shipped": "data"},
    package_data={
        "kaede": ["py.typed"],
        "kaede.data": ["schemas/*.json"],
        "kaede.shipped": ["*/*.csv", "*/*.json", "*/*.md", "templates/*/*.csv", "templates/*/*.json",
                          "templates/*/*.md"],
    },
)
