"""Following tasks up: lights and pace, the task lists' read models, status updates with
evidence, 延期 and 办结 requests (workflow), duplicates across plans, statistics."""
