"""The office's work on the registry as a whole: storing an imported plan (importing, matching a
plan's new version to its old one), changing departments, backing up and restoring."""
