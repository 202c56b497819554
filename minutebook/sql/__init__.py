"""Querysets compiled to SQL once per process and run with a cursor: for the pages whose querysets cost more to
build and compile than to run (the OParl lists, the public meeting page). See :mod:`minutebook.sql.statements`."""
