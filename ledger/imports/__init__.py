"""Imports of project lists: the national system's project-asset ledger export and our
own management ledger (附件5). reader → mapping → engine (preview, commit)."""
