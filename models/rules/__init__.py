"""Rules with no database: a task's states and when it is overdue (status), the official
working-day calendar with its 调休 (workdays), and how dates are written for people (wording)."""
