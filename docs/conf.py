"""Sphinx configuration: API pages from docstrings, a gallery from examples/."""

import sklearn_mlsd

project = "sklearn_mlsd"
author = "sklearn_mlsd developers"
release = version = sklearn_mlsd.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

autosummary_generate = True
numpydoc_show_class_members = False
html_theme = "pydata_sphinx_theme"
exclude_patterns = ["_build"]

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "reference_url": {"sklearn_mlsd": None},
}
