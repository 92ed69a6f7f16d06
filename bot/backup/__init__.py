"""Backups, restore and the portable export: the database leaves the server only encrypted.

`crypto` (the file format's encryption), `archive` (manifest + payload in one file), `snapshot`
(SQLite's online copy), `portable` (JSON lines, any database to any database), `store` (the
backups folder, pruning, the server's lock), `retention` (erasing old guest texts), `service`
(what the command line, `/backup` and the nightly job call), `nightly` (the scheduled job).
"""
