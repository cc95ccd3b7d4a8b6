"""Jobs: the queue interface, its backends and the task bodies (generate, revise).

The database row is the truth about a job; a queue only carries job ids (DESIGN §6).
"""
