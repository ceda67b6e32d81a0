namespace Kairos.Trading.Cycle;

/// <summary>
/// What only the bot knows, persisted with every fill it processes (one transaction): its positions (with strategies,
/// fees and probe flags), the purpose of every order plan it made (by plan key, so a fill can be attributed to an entry
/// or an exit with its reason), and the last broker fill sequence it has applied.
/// </summary>
public sealed record BotState
{
    public long LastFillSequence { get; init; }

    public IReadOnlyList<BookPosition> Positions { get; init; } = [];

    public IReadOnlyDictionary<string, OrderTag> Tags { get; init; } = new Dictionary<string, OrderTag>(StringComparer.Ordinal);
}
