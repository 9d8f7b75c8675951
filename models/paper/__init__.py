"""The office's paper: the weekly overdue report, 督办单 notices, the Excel ledger and the
status sheets departments fill in and send back."""
