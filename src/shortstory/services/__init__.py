"""Services: what the API, the CLI and the jobs share, apart from HTTP and the command line.

A service applies the rules (validation, ownership, optimistic locking, jobs after commit) on a
database session and the job queue it is handed. It imports neither Flask nor :mod:`shortstory.api`:
views parse and serialise, commands read options and print, and both call the same code here.
"""
