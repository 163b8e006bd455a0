/// The migrations `migration-bench` times, and the tests classify both ways (fast paths on and off).
public enum BenchMigrations {
    /// One migration's worth of realistic statements, numbered so every name is distinct.
    public static func migration(_ n: Int) -> String {
        """
        -- Migration \(n): billing accounts, part \(n % 17)
        /* Reviewed by the platform team; see ticket OPS-\(n). */
        BEGIN;
        SET lock_timeout = '5s';
        CREATE TABLE IF NOT EXISTS account_\(n) (
            id bigserial PRIMARY KEY,
            owner_id bigint NOT NULL REFERENCES users (id),
            name text NOT NULL,
            note varchar(200) DEFAULT 'none; really',
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX CONCURRENTLY account_\(n)_owner_idx ON account_\(n) (owner_id);
        ALTER TABLE users ADD COLUMN pref_\(n) text, ADD COLUMN score_\(n) int DEFAULT 0;
        ALTER TABLE users ALTER COLUMN score_\(n) SET DEFAULT 1;
        COMMENT ON TABLE account_\(n) IS 'accounts of shard \(n); DROP TABLE is not here';
        INSERT INTO plans (name, price) VALUES ('plan-\(n)', \(n % 100)), ('plan-\(n)-pro', \(n % 100 + 10));
        UPDATE users SET pref_\(n) = 'x' WHERE id < \(n);
        CREATE OR REPLACE FUNCTION touch_\(n)() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            NEW.updated_at := now(); -- DROP COLUMN in a comment inside a body
            RETURN NEW;
        END
        $fn$;
        CREATE TYPE mood_\(n) AS ENUM ('sad', 'ok', 'happy');
        ALTER TYPE mood_\(n) ADD VALUE 'great';
        DO $do$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reporting_\(n)') THEN
                CREATE ROLE reporting_\(n);
            END IF;
        END
        $do$;
        GRANT SELECT ON account_\(n) TO reporting_\(n);
        ALTER TABLE legacy_\(n % 50) DROP COLUMN old_\(n);
        COMMIT;

        """
    }
}
