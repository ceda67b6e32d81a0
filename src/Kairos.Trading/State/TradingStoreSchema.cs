namespace Kairos.Trading.State;

/// <summary>
/// The numbered migrations of a trading store file. Append only: a released migration is never edited, because files
/// in the field have already applied it. Instants are UTC ticks, money and quantities decimal text (see <see cref="StoreText"/>).
/// </summary>
internal static class TradingStoreSchema
{
    public static readonly (int Version, string Sql)[] Migrations =
    [
        (1, """
            CREATE TABLE runs (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                mode        TEXT NOT NULL CHECK (mode IN ('simulate', 'paper', 'live')),
                broker      TEXT NOT NULL,
                started_at  INTEGER NOT NULL,
                config_json TEXT NOT NULL,
                seed        INTEGER,
                status      TEXT NOT NULL,
                finished_at INTEGER
            );
            CREATE INDEX runs_by_mode ON runs (mode, id);

            CREATE TABLE cycles (
                run_id       INTEGER NOT NULL REFERENCES runs (id),
                cycle_id     TEXT NOT NULL,
                window_name  TEXT NOT NULL,
                scheduled_at INTEGER NOT NULL,
                started_at   INTEGER NOT NULL,
                finished_at  INTEGER,
                status       TEXT NOT NULL,
                account_json TEXT,
                PRIMARY KEY (run_id, cycle_id)
            );

            CREATE TABLE decisions (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id          INTEGER NOT NULL,
                cycle_id        TEXT NOT NULL,
                at              INTEGER NOT NULL,
                symbol          TEXT NOT NULL,
                action          TEXT NOT NULL,
                strategy        TEXT,
                side            TEXT,
                reasons_json    TEXT NOT NULL,
                forecast_json   TEXT,
                composite_score REAL,
                FOREIGN KEY (run_id, cycle_id) REFERENCES cycles (run_id, cycle_id)
            );
            CREATE INDEX decisions_by_cycle ON decisions (run_id, cycle_id);
            """),
        (2, """
            CREATE TABLE order_intents (
                client_order_id    TEXT PRIMARY KEY NOT NULL,
                run_id             INTEGER NOT NULL REFERENCES runs (id),
                cycle_id           TEXT,
                symbol             TEXT NOT NULL,
                asset_class        TEXT NOT NULL,
                side               TEXT NOT NULL,
                quantity           TEXT NOT NULL,
                order_type         TEXT NOT NULL,
                limit_price        TEXT,
                time_in_force      TEXT NOT NULL,
                purpose            TEXT NOT NULL,
                strategy           TEXT,
                state              TEXT NOT NULL CHECK (state IN ('pending_submit', 'submitted', 'rejected', 'closed')),
                broker_order_id    TEXT,
                broker_status      TEXT,
                filled_quantity    TEXT NOT NULL,
                average_fill_price TEXT,
                reject_reason      TEXT,
                created_at         INTEGER NOT NULL,
                updated_at         INTEGER NOT NULL
            );
            CREATE INDEX order_intents_by_state ON order_intents (run_id, state);

            -- Sequences are the broker's, unique within a run (the simulated broker starts at 1 in every run).
            CREATE TABLE fills (
                run_id          INTEGER NOT NULL REFERENCES runs (id),
                sequence        INTEGER NOT NULL,
                order_id        TEXT NOT NULL,
                client_order_id TEXT NOT NULL,
                symbol          TEXT NOT NULL,
                asset_class     TEXT NOT NULL,
                side            TEXT NOT NULL,
                quantity        TEXT NOT NULL,
                price           TEXT NOT NULL,
                fee             TEXT NOT NULL,
                at              INTEGER NOT NULL,
                PRIMARY KEY (run_id, sequence)
            ) WITHOUT ROWID;

            CREATE TABLE positions (
                run_id        INTEGER NOT NULL REFERENCES runs (id),
                symbol        TEXT NOT NULL,
                asset_class   TEXT NOT NULL,
                side          TEXT NOT NULL,
                quantity      TEXT NOT NULL,
                average_price TEXT NOT NULL,
                strategy      TEXT,
                opened_at     INTEGER NOT NULL,
                PRIMARY KEY (run_id, symbol)
            ) WITHOUT ROWID;

            CREATE TABLE closed_trades (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id       INTEGER NOT NULL REFERENCES runs (id),
                symbol       TEXT NOT NULL,
                asset_class  TEXT NOT NULL,
                side         TEXT NOT NULL,
                strategy     TEXT NOT NULL,
                quantity     TEXT NOT NULL,
                entry_price  TEXT NOT NULL,
                exit_price   TEXT NOT NULL,
                opened_at    INTEGER NOT NULL,
                closed_at    INTEGER NOT NULL,
                realized_pnl TEXT NOT NULL,
                fees         TEXT NOT NULL,
                reason       TEXT NOT NULL
            );
            CREATE INDEX closed_trades_by_close ON closed_trades (closed_at);
            """),
        (3, """
            CREATE TABLE equity_snapshots (
                run_id             INTEGER NOT NULL REFERENCES runs (id),
                at                 INTEGER NOT NULL,
                cash               TEXT NOT NULL,
                equity             TEXT NOT NULL,
                gross_exposure     TEXT NOT NULL,
                market_values_json TEXT NOT NULL,
                PRIMARY KEY (run_id, at)
            ) WITHOUT ROWID;

            CREATE TABLE watchers (
                run_id     INTEGER NOT NULL REFERENCES runs (id),
                id         TEXT NOT NULL,
                kind       TEXT NOT NULL,
                state_json TEXT NOT NULL,
                active     INTEGER NOT NULL CHECK (active IN (0, 1)),
                PRIMARY KEY (run_id, id)
            ) WITHOUT ROWID;

            CREATE TABLE checkpoints (
                run_id INTEGER NOT NULL REFERENCES runs (id),
                key    TEXT NOT NULL,
                value  TEXT NOT NULL,
                PRIMARY KEY (run_id, key)
            ) WITHOUT ROWID;

            CREATE TABLE cycle_metrics (
                run_id   INTEGER NOT NULL,
                cycle_id TEXT NOT NULL,
                name     TEXT NOT NULL,
                value    REAL NOT NULL,
                PRIMARY KEY (run_id, cycle_id, name),
                FOREIGN KEY (run_id, cycle_id) REFERENCES cycles (run_id, cycle_id)
            ) WITHOUT ROWID;
            """),
    ];

    public static int Latest => Migrations[^1].Version;
}
