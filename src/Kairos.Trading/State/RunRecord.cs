namespace Kairos.Trading.State;

/// <summary>
/// One start of the bot. <see cref="ConfigJson"/> is the effective configuration as the CLI serialised it, so a report
/// can say what was run; <see cref="Seed"/> is the seed of every random draw of the run (null when nothing is random).
/// </summary>
public sealed record RunRecord(
    long Id,
    TradingMode Mode,
    string Broker,
    DateTimeOffset StartedAt,
    string ConfigJson,
    int? Seed,
    RunStatus Status,
    DateTimeOffset? FinishedAt);
