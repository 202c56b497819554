"""Background work: the task queue every slow job goes through, and the workers that run it.

``queue.job`` defines a job; ``minutebook worker`` runs them (see ``worker``). Jobs for the domain's
work (imports, re-imports, re-indexing, pack publishing) are in ``tasks``.
"""
