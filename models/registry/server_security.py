"""Schema version 11 on a PostgreSQL server: the database itself decides who may do what.

Before this step every client of a server registry connected with one shared
login, and the roles lived in Duban's Python code alone: anyone holding the URL
could rewrite the account table, drop the audit log's trigger or empty it with
``psql``. From this step on (frozen here as text, like every migration):

- Roles (:mod:`models.registry.server_roles`): an owner role owns every table
  and function and is used by no client; group roles ``duban_office``,
  ``duban_liaison`` and ``duban_leader`` carry the grants; each account is a
  login role ``duban.<username>``, member of its group while enabled.
- Grants, least privilege: a leader SELECTs; a liaison SELECTs and INSERTs status
  updates, evidence, 延期 and 办结 requests and status-sheet receipts, and may set
  a task's status, progress, version and updated_at (nothing else of it); the
  office writes plans, tasks, departments and decisions. The history tables take
  no UPDATE (but the department a merge moves) and no DELETE from anyone; nobody
  but the owner can ALTER, DROP, TRUNCATE or touch a trigger. PUBLIC has nothing,
  not even CONNECT.
- Row-level security on the tables a liaison reads or writes per task: a row is
  accepted only for a task where the liaison's department leads, is responsible
  or cooperates (or a task the office linked to one as the same work: an update
  is copied to it), in that department's name, while the task is open (not 销号,
  not withdrawn); a task's status and progress only as its latest status update
  says. With the office's 'own' scope a liaison reads only those tasks and their
  rows. The Python checks (models.access.permissions) stay, for clear messages.
- Accounts: only SECURITY DEFINER functions create roles and change passwords and
  LOGIN (the office needs no CREATEROLE itself; the owner has it); disabling an
  account is NOLOGIN and leaving its group, so even an open session loses its rights.
  Passwords reach the server as SCRAM-SHA-256 verifiers made by the client.
- Audit written by the database: every row change of every registry table is
  written by an owner's trigger into ``row_change`` (who, when by the server's
  clock, the table, before and after), which no client may change; Duban's own
  readable entries go through ``duban_audit``, which writes the signed-in
  account as the actor whatever the client says and accepts of a liaison or a
  leader only their own kinds of entry. A transaction by an account that changed
  rows but wrote no readable entry (``psql``) gets one readable entry per changed
  row, ``direct_change``, at commit (a deferred constraint trigger), so the office
  sees it in the log it reads.

Functions that run with the owner's rights have a fixed search_path (pg_catalog,
public, pg_temp last) so no client object can stand in for a table or function.
Inside them ``current_user`` is the owner: the caller is ``session_user``, the
login, which only a superuser can change (policies, run as the caller, use it too).
"""
from __future__ import annotations

from peewee import Database

# The registry's tables as of schema version 10, each with the column that names a
# row in the row log (TG_ARGV[0]) and the columns kept out of it: evidence bytes and
# a plan's whole text (their size is logged), the account's password field.
AUDITED_TABLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("schema_version", "version", ()),
    ("plan", "id", ()),
    ("task", "id", ()),
    ("department", "id", ()),
    ("department_alias", "id", ()),
    ("assignment", "id", ()),
    ("status_update", "id", ()),
    ("import_run", "id", ()),
    ("evidence", "id", ("content",)),
    ("sheet_receipt", "id", ()),
    ("extension_request", "id", ()),
    ("closure_request", "id", ()),
    ("supervision_notice", "id", ()),
    ("task_link", "id", ()),
    ("account", "id", ("password_hash",)),
    ("audit_entry", "id", ()),
    ("setting", "key", ()),
    ("plan_source", "id", ("text",)),
    ("task_difference", "id", ()),
    ("sign_in_throttle", "username", ()),
)
CLIENT_GROUPS = "duban_office, duban_liaison, duban_leader"
# Everyone reads these (some through row-level security below).
READ_BY_ALL = ("schema_version", "plan", "task", "department", "department_alias", "assignment", "status_update",
               "import_run", "evidence", "sheet_receipt", "extension_request", "closure_request",
               "supervision_notice", "task_link", "setting", "plan_source", "task_difference", "account")
# The office's own writes. History (status updates, evidence, receipts, notices) is
# INSERT only, but for the department a merge moves.
OFFICE_WRITES = ("plan", "task", "department", "department_alias", "assignment", "import_run", "setting",
                 "plan_source", "task_difference", "task_link", "sign_in_throttle")
LIAISON_INSERTS = ("status_update", "evidence", "sheet_receipt", "extension_request", "closure_request")
AUDIT_OF_LIAISON = ("status_update", "extension_request", "closure_request", "sign_in", "account_password")
AUDIT_OF_LEADER = ("sign_in", "account_password")

_OWNER_FUNCTION = "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp"


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


# -- roles, the database, ownership (run as the administrator) --------------------------

ROLES: tuple[str, ...] = (
    # Cluster-wide: made when missing, their attributes set either way.
    """DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'duban_owner') THEN
        CREATE ROLE duban_owner NOLOGIN CREATEROLE;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'duban_office') THEN CREATE ROLE duban_office NOLOGIN; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'duban_liaison') THEN CREATE ROLE duban_liaison NOLOGIN; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'duban_leader') THEN CREATE ROLE duban_leader NOLOGIN; END IF;
      -- An administrator with CREATEROLE (not a superuser) becomes the owner to run later steps.
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT duban_owner TO %I', current_user);
      END IF;
    END $$""",
    "ALTER ROLE duban_owner NOLOGIN CREATEROLE",
    # PostgreSQL 16 on: granting a group needs ADMIN on it, which the owner's functions do.
    f"GRANT {CLIENT_GROUPS} TO duban_owner WITH ADMIN OPTION",
    """DO $$ BEGIN
      EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
      EXECUTE format('GRANT CONNECT ON DATABASE %I TO duban_owner, duban_office, duban_liaison, duban_leader',
                     current_database());
    END $$""",
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    f"GRANT USAGE ON SCHEMA public TO {CLIENT_GROUPS}",
    "GRANT USAGE, CREATE ON SCHEMA public TO duban_owner",
    # Tables (their serial sequences follow) and functions made by earlier steps,
    # by whoever opened the registry first, now belong to the owner.
    """DO $$ DECLARE item record; BEGIN
      FOR item IN SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'public' AND c.relkind = 'r' LOOP
        EXECUTE format('ALTER TABLE public.%I OWNER TO duban_owner', item.relname);
      END LOOP;
      FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc AS p
                  JOIN pg_namespace AS n ON n.oid = p.pronamespace WHERE n.nspname = 'public' LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO duban_owner', item.signature);
      END LOOP;
    END $$""",
    # Everything below is made by, and belongs to, the owner (until the step's transaction ends).
    "SET LOCAL ROLE duban_owner",
)

# -- the row log ------------------------------------------------------------------------

ROW_LOG: tuple[str, ...] = (
    """CREATE TABLE row_change (
      id BIGSERIAL PRIMARY KEY, txid BIGINT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
      db_user TEXT NOT NULL, account TEXT, table_name TEXT NOT NULL, operation TEXT NOT NULL, row_key TEXT,
      "before" JSONB, "after" JSONB)""",
    "CREATE INDEX row_change_txid ON row_change (txid)",
    # One row per transaction of an account that changed rows; gone at its commit.
    "CREATE TABLE change_txn (txid BIGINT PRIMARY KEY, described BOOLEAN NOT NULL DEFAULT FALSE)",
    f"""CREATE FUNCTION row_change_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '数据库修改记录只能追加，不能修改或删除 (the row log is append-only)'; END $$""",
    """CREATE TRIGGER row_change_no_change BEFORE UPDATE OR DELETE ON row_change
       FOR EACH ROW EXECUTE FUNCTION row_change_append_only()""",
)

# -- who is calling -----------------------------------------------------------------------

CALLER: tuple[str, ...] = (
    """CREATE FUNCTION duban_username(login text) RETURNS text LANGUAGE sql IMMUTABLE
       AS $$ SELECT CASE WHEN pg_catalog.left(login, 6) = 'duban.' THEN pg_catalog.substr(login, 7) END $$""",
    # 'office' / 'liaison' / 'leader' for an enabled account, 'admin' for the database's
    # administrator (a superuser or the owner's member), NULL for anyone else. PL/pgSQL
    # rather than SQL functions: their plans are kept for the session, and the policies
    # call them for every row a liaison writes.
    f"""CREATE FUNCTION duban_caller_role() RETURNS text LANGUAGE plpgsql STABLE {_OWNER_FUNCTION} AS $$
      BEGIN
        RETURN COALESCE(
          (SELECT role FROM account WHERE username = duban_username(session_user) AND active),
          CASE WHEN duban_username(session_user) IS NULL AND pg_has_role(session_user, 'duban_owner', 'MEMBER')
               THEN 'admin' END);
      END $$""",
    f"""CREATE FUNCTION duban_department() RETURNS integer LANGUAGE plpgsql STABLE {_OWNER_FUNCTION} AS $$
      BEGIN
        RETURN (SELECT department_id FROM account
                WHERE username = duban_username(session_user) AND active AND role = 'liaison');
      END $$""",
    f"""CREATE FUNCTION duban_liaisons_see_all() RETURNS boolean LANGUAGE plpgsql STABLE {_OWNER_FUNCTION} AS $$
      BEGIN
        RETURN COALESCE((SELECT value <> '0' FROM setting WHERE key = 'liaisons_see_all'), TRUE);
      END $$""",
    # The calling liaison's department's tasks: those it has any role in, and those the
    # office linked to them as the same work (an update is copied along the links).
    f"""CREATE FUNCTION duban_department_tasks() RETURNS SETOF integer LANGUAGE sql STABLE
      {_OWNER_FUNCTION} AS $$
      WITH RECURSIVE reached(id) AS (
        SELECT task_id FROM assignment WHERE department_id = duban_department()
        UNION
        SELECT CASE WHEN l.task_id = r.id THEN l.other_id ELSE l.task_id END
        FROM task_link AS l JOIN reached AS r ON r.id = l.task_id OR r.id = l.other_id)
      SELECT id FROM reached $$""",
    # Whether the calling liaison may report on task t now: open, and one of the
    # department's tasks. Most tasks are linked to none: the walk along links is the last resort.
    f"""CREATE FUNCTION duban_may_report(t integer) RETURNS boolean LANGUAGE plpgsql STABLE {_OWNER_FUNCTION} AS $$
      DECLARE department integer := duban_department();
      BEGIN
        IF department IS NULL OR NOT EXISTS (SELECT 1 FROM task WHERE id = t AND closed_on IS NULL AND NOT withdrawn)
        THEN
          RETURN FALSE;
        END IF;
        IF EXISTS (SELECT 1 FROM assignment WHERE task_id = t AND department_id = department) THEN
          RETURN TRUE;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM task_link WHERE task_id = t OR other_id = t) THEN
          RETURN FALSE;
        END IF;
        RETURN EXISTS (
          WITH RECURSIVE reached(id) AS (
            SELECT t
            UNION
            SELECT CASE WHEN l.task_id = r.id THEN l.other_id ELSE l.task_id END
            FROM task_link AS l JOIN reached AS r ON r.id = l.task_id OR r.id = l.other_id)
          SELECT 1 FROM assignment AS a JOIN reached ON a.task_id = reached.id WHERE a.department_id = department);
      END $$""",
)

# -- audit: the row triggers, direct changes, Duban's readable entries -------------------------

AUDIT: tuple[str, ...] = (
    f"""CREATE FUNCTION duban_row_audit() RETURNS trigger LANGUAGE plpgsql {_OWNER_FUNCTION} AS $$
      DECLARE
        old_row jsonb; new_row jsonb; hidden text; account_name text := duban_username(session_user);
      BEGIN
        IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
        IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW); END IF;
        FOR i IN 1 .. TG_NARGS - 1 LOOP
          hidden := TG_ARGV[i];
          IF old_row ->> hidden IS NOT NULL THEN
            old_row := old_row || jsonb_build_object(hidden, format('（略去，%s 字符）', length(old_row ->> hidden)));
          END IF;
          IF new_row ->> hidden IS NOT NULL THEN
            new_row := new_row || jsonb_build_object(hidden, format('（略去，%s 字符）', length(new_row ->> hidden)));
          END IF;
        END LOOP;
        INSERT INTO row_change (txid, db_user, account, table_name, operation, row_key, "before", "after")
        VALUES (txid_current(), session_user, account_name, TG_TABLE_NAME, TG_OP,
                COALESCE(new_row, old_row) ->> TG_ARGV[0], old_row, new_row);
        IF account_name IS NOT NULL THEN
          INSERT INTO change_txn (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$""",
    # At commit: an account's transaction that wrote no readable entry is described row by row,
    # but for the rows of logs themselves (import_run: every import attempt, also one that changed
    # nothing and so has no readable entry).
    f"""CREATE FUNCTION duban_describe_direct_changes() RETURNS trigger LANGUAGE plpgsql {_OWNER_FUNCTION} AS $$
      BEGIN
        IF NOT (SELECT described FROM change_txn WHERE txid = NEW.txid) THEN
          INSERT INTO audit_entry ("at", actor, action, target, "before", "after", summary)
          SELECT localtimestamp, COALESCE(r.account, r.db_user), 'direct_change',
                 r.table_name || ':' || COALESCE(r.row_key, ''), r."before"::text, r."after"::text,
                 format('未经督办台直接修改数据库：%s %s（数据库账号 %s）', r.operation, r.table_name, r.db_user)
          FROM row_change AS r WHERE r.txid = NEW.txid AND r.table_name NOT IN ('audit_entry', 'import_run')
          ORDER BY r.id;
        END IF;
        DELETE FROM change_txn WHERE txid = NEW.txid;
        RETURN NULL;
      END $$""",
    """CREATE CONSTRAINT TRIGGER duban_direct_changes AFTER INSERT ON change_txn
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION duban_describe_direct_changes()""",
    # The only way a client writes the readable log: the actor is the signed-in account.
    f"""CREATE FUNCTION duban_audit(p_at timestamp, p_actor text, p_action text, p_target text, p_before text,
                                   p_after text, p_summary text) RETURNS bigint LANGUAGE plpgsql {_OWNER_FUNCTION} AS $$
      DECLARE caller text := duban_caller_role(); new_id bigint;
      BEGIN
        IF caller IS NULL OR p_action = 'direct_change'
           OR (caller = 'liaison' AND p_action NOT IN ({_sql_list(AUDIT_OF_LIAISON)}))
           OR (caller = 'leader' AND p_action NOT IN ({_sql_list(AUDIT_OF_LEADER)})) THEN
          RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('%s 不能写入“%s”审计记录 (may not write this audit entry)', session_user, p_action);
        END IF;
        INSERT INTO audit_entry ("at", actor, action, target, "before", "after", summary)
        VALUES (p_at, CASE WHEN caller = 'admin' THEN p_actor ELSE duban_username(session_user) END,
                p_action, p_target, p_before, p_after, p_summary)
        RETURNING id INTO new_id;
        INSERT INTO change_txn (txid, described) VALUES (txid_current(), TRUE)
          ON CONFLICT (txid) DO UPDATE SET described = TRUE;
        RETURN new_id;
      END $$""",
) + tuple(
    f"""CREATE TRIGGER duban_row_audit AFTER INSERT OR UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION duban_row_audit({", ".join(f"'{name}'" for name in (key, *hidden))})"""
    for table, key, hidden in AUDITED_TABLES
)

# -- accounts as roles -------------------------------------------------------------------------

ACCOUNTS: tuple[str, ...] = (
    # An account's login role: made when missing (an existing role of that name is
    # adopted only when it holds no attribute beyond LOGIN and belongs to no other
    # role: whatever it could do besides would come with the account), in its group while active.
    f"""CREATE FUNCTION duban_set_login(p_username text, p_role text, p_active boolean, p_verifier text)
      RETURNS void LANGUAGE plpgsql {_OWNER_FUNCTION} AS $$
      DECLARE
        login text := 'duban.' || p_username; existing pg_roles; grp text;
      BEGIN
        IF octet_length(login) > 63 THEN
          RAISE EXCEPTION USING ERRCODE = 'name_too_long', MESSAGE = format('角色名过长：%s', login);
        END IF;
        SELECT * INTO existing FROM pg_roles WHERE rolname = login;
        IF NOT FOUND THEN
          EXECUTE format('CREATE ROLE %I NOLOGIN', login);
        ELSIF existing.rolsuper OR existing.rolcreaterole OR existing.rolcreatedb OR existing.rolreplication
              OR existing.rolbypassrls OR EXISTS (
                SELECT 1 FROM pg_auth_members AS m JOIN pg_roles AS g ON g.oid = m.roleid
                WHERE m.member = existing.oid AND g.rolname NOT IN ('duban_office', 'duban_liaison', 'duban_leader')) THEN
          RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('数据库中已有带特权的角色 %s，不能用作督办台账户 (a privileged role of that name exists)', login);
        END IF;
        IF p_verifier IS NOT NULL THEN
          EXECUTE format('ALTER ROLE %I PASSWORD %L', login, p_verifier);
        END IF;
        EXECUTE format('ALTER ROLE %I %s', login, CASE WHEN p_active THEN 'LOGIN' ELSE 'NOLOGIN' END);
        FOREACH grp IN ARRAY ARRAY['duban_office', 'duban_liaison', 'duban_leader'] LOOP
          IF EXISTS (SELECT 1 FROM pg_auth_members AS m JOIN pg_roles AS g ON g.oid = m.roleid
                     JOIN pg_roles AS u ON u.oid = m.member WHERE g.rolname = grp AND u.rolname = login)
             AND NOT (p_active AND grp = 'duban_' || p_role) THEN
            EXECUTE format('REVOKE %I FROM %I', grp, login);
          END IF;
        END LOOP;
        IF p_active AND NOT pg_has_role(login, 'duban_' || p_role, 'MEMBER') THEN
          EXECUTE format('GRANT %I TO %I', 'duban_' || p_role, login);
        END IF;
      END $$""",
    f"""CREATE FUNCTION duban_require_office() RETURNS void LANGUAGE plpgsql {_OWNER_FUNCTION} AS $$
      BEGIN
        IF duban_caller_role() IS DISTINCT FROM 'office' AND duban_caller_role() IS DISTINCT FROM 'admin' THEN
          RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('只有督查室可以管理账户：%s 无此权限 (office only)', session_user);
        END IF;
      END $$""",
    # The password arrives as a SCRAM verifier, never as clear text (which a server's
    # statement log would keep).
    f"""CREATE FUNCTION duban_account_create(p_username text, p_display_name text, p_role text,
                                            p_department integer, p_verifier text, p_at timestamp)
      RETURNS integer LANGUAGE plpgsql {_OWNER_FUNCTION} AS $$
      DECLARE new_id integer;
      BEGIN
        PERFORM duban_require_office();
        IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
          RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'password must be a SCRAM verifier';
        END IF;
        INSERT INTO account (username, display_name, role, department_id, password_hash, active, created_at, updated_at)
        VALUES (p_username, p_display_name, p_role, p_department, '', TRUE, p_at, p_at) RETURNING id INTO new_id;
        PERFORM duban_set_login(p_username, p_role, TRUE, p_verifier);
        RETURN new_id;
      END $$""",
    # The office for anyone, anyone for their own account.
    f"""CREATE FUNCTION duban_account_password(p_username text, p_verifier text, p_at timestamp)
      RETURNS void LANGUAGE plpgsql {_OWNER_FUNCTION} AS $$
      DECLARE target account;
      BEGIN
        IF duban_username(session_user) IS DISTINCT FROM p_username OR duban_caller_role() IS NULL THEN
          PERFORM duban_require_office();
        END IF;
        IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
          RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'password must be a SCRAM verifier';
        END IF;
        UPDATE account SET updated_at = p_at WHERE username = p_username RETURNING * INTO target;
        IF NOT FOUND THEN
          RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = format('no account %s', p_username);
        END IF;
        PERFORM duban_set_login(target.username, target.role, target.active, p_verifier);
      END $$""",
    f"""CREATE FUNCTION duban_account_active(p_username text, p_active boolean, p_at timestamp)
      RETURNS void LANGUAGE plpgsql {_OWNER_FUNCTION} AS $$
      DECLARE target account;
      BEGIN
        PERFORM duban_require_office();
        UPDATE account SET active = p_active, updated_at = p_at WHERE username = p_username RETURNING * INTO target;
        IF NOT FOUND THEN
          RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = format('no account %s', p_username);
        END IF;
        PERFORM duban_set_login(target.username, target.role, target.active, NULL);
      END $$""",
    # Accounts made before this step: their scrypt hashes go (the server checks passwords
    # now), and their roles get no password and no LOGIN until the office sets a password.
    """DO $$ DECLARE item record; BEGIN
      UPDATE account SET password_hash = '';
      FOR item IN SELECT username, role, active FROM account LOOP
        PERFORM duban_set_login(item.username, item.role, item.active, NULL);
        EXECUTE format('ALTER ROLE %I NOLOGIN', 'duban.' || item.username);
      END LOOP;
    END $$""",
)

# -- grants ------------------------------------------------------------------------------------

GRANTS: tuple[str, ...] = (
    "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
    "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC",
    "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC",
    f"GRANT SELECT ON {', '.join(READ_BY_ALL)} TO {CLIENT_GROUPS}",
    # The office also reads the log, the row log (its backup, pg_dump, reads every table) and the delays.
    "GRANT SELECT ON audit_entry, row_change, change_txn, sign_in_throttle TO duban_office",
    f"GRANT INSERT, UPDATE, DELETE ON {', '.join(OFFICE_WRITES)} TO duban_office",
    "GRANT INSERT ON status_update, evidence, sheet_receipt, supervision_notice, extension_request, closure_request"
    " TO duban_office",
    "GRANT UPDATE (department_id) ON status_update, supervision_notice TO duban_office",
    "GRANT UPDATE ON extension_request, closure_request TO duban_office",        # 审批, 审核, a merge
    "GRANT UPDATE (department_id, updated_at) ON account TO duban_office",        # a merge moves its liaisons
    "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO duban_office",
    f"GRANT INSERT ON {', '.join(LIAISON_INSERTS)} TO duban_liaison",
    "GRANT UPDATE (status, progress, version, updated_at) ON task TO duban_liaison",
    "GRANT USAGE ON " + ", ".join(f"{table}_id_seq" for table in LIAISON_INSERTS) + " TO duban_liaison",
    "GRANT EXECUTE ON FUNCTION duban_username(text), duban_caller_role(), duban_department(),"
    " duban_liaisons_see_all(), duban_department_tasks(), duban_may_report(integer),"
    f" duban_audit(timestamp, text, text, text, text, text, text),"
    f" duban_account_password(text, text, timestamp) TO {CLIENT_GROUPS}",
    "GRANT EXECUTE ON FUNCTION duban_account_create(text, text, text, integer, text, timestamp),"
    " duban_account_active(text, boolean, timestamp) TO duban_office",
)

# -- row-level security ---------------------------------------------------------------------------


def _visible(column: str) -> str:
    """A liaison reads a task's rows: every task, or with the office's 'own' scope its department's."""
    return f"(SELECT duban_liaisons_see_all()) OR {column} IN (SELECT duban_department_tasks())"


# A status update, a request or a receipt in the department's own name, on a task it may report on.
_OWN_UPDATE = ("EXISTS (SELECT 1 FROM status_update AS s WHERE s.id = {column} "
               "AND s.department_id = duban_department() AND duban_may_report(s.task_id))")

_LIAISON_READS: dict[str, str] = {
    "task": _visible("id"),
    "assignment": _visible("task_id"),
    "status_update": _visible("task_id"),
    "evidence": "status_update_id IN (SELECT id FROM status_update)",     # as status_update's own policy allows
    "sheet_receipt": _visible("task_id"),
    "extension_request": _visible("task_id"),
    "closure_request": _visible("task_id"),
    "supervision_notice": _visible("task_id"),
    "task_difference": _visible("task_id"),
    "task_link": f"({_visible('task_id')}) OR ({_visible('other_id')})",
    "account": "username = duban_username(session_user)",
}

_LIAISON_INSERTS: dict[str, str] = {
    "status_update": "department_id = duban_department() AND duban_may_report(task_id)",
    "evidence": _OWN_UPDATE.format(column="status_update_id"),
    "sheet_receipt": "duban_may_report(task_id) AND " + _OWN_UPDATE.format(column="status_update_id"),
    "extension_request": ("department_id = duban_department() AND duban_may_report(task_id) "
                          "AND state = '待审批' AND decided_by = '' AND decided_at IS NULL"),
    "closure_request": ("department_id = duban_department() AND duban_may_report(task_id) "
                        "AND state = '待审核' AND decided_by = '' AND decided_at IS NULL "
                        "AND (status_update_id IS NULL OR " + _OWN_UPDATE.format(column="status_update_id") + ")"),
}

POLICIES: tuple[str, ...] = tuple(
    statement
    for table, reads in _LIAISON_READS.items()
    for statement in (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY office_all ON {table} TO duban_office USING (TRUE) WITH CHECK (TRUE)",
        f"CREATE POLICY liaison_reads ON {table} FOR SELECT TO duban_liaison USING ({reads})",
        # A leader reads every task; an account only its own row.
        f"CREATE POLICY leader_reads ON {table} FOR SELECT TO duban_leader USING "
        f"({reads if table == 'account' else 'TRUE'})",
    )
) + tuple(
    f"CREATE POLICY liaison_reports ON {table} FOR INSERT TO duban_liaison WITH CHECK ({check})"
    for table, check in _LIAISON_INSERTS.items()
) + (
    # A task's status and progress only as its latest status update says: a liaison
    # changes them by reporting, never by hand. USING (TRUE): another department's
    # task is refused by the check, with an error, not skipped in silence.
    """CREATE POLICY liaison_reports ON task FOR UPDATE TO duban_liaison USING (TRUE) WITH CHECK (
         duban_may_report(id) AND (status, progress) = (
           SELECT s.status, s.progress FROM status_update AS s WHERE s.task_id = task.id ORDER BY s.id DESC LIMIT 1))""",
)

STATEMENTS: tuple[str, ...] = ROLES + ROW_LOG + CALLER + AUDIT + ACCOUNTS + GRANTS + POLICIES + ("RESET ROLE",)


def install(database: Database) -> None:
    """Run the step on an open server registry, as its administrator, inside the step's transaction."""
    for statement in STATEMENTS:
        # peewee hands psycopg2 an empty parameter tuple, and psycopg2 then reads % as a
        # placeholder: the format() and LIKE patterns above need theirs doubled.
        database.execute_sql(statement.replace("%", "%%"))
