"""Subcommands of the ``sklearn-mlsd`` command, one private module each."""
