"""Who may do what: the actor and the signed-in person (actor), the rules per role
(permissions), the audit log (audit), and accounts with their passwords (accounts)."""
