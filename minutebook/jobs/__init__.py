"""Background work: the task queue every slow job goes through, and the workers that run it.

``queue.job`` defines a job and ``queue.submit`` queues one someone waits on; ``minutebook worker`` runs
them (see ``worker``). Jobs for the domain's work (imports, re-imports, the figure check after an import,
re-indexing, pack publishing) are in ``tasks``, above the packages whose work they run; ``following`` says
where each job is, for the clerk's desk and the admin.
"""
