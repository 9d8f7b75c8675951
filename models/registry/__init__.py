"""The registry itself: its tables (schema), their upgrades (migrations), opening a file or a
server (database, dialect), bulk helpers, and the departments' names and aliases."""
