namespace Kairos.Trading.Cycle;

/// <summary>When the bot switched to the conservative configuration, against which baseline, and which triggers fired.</summary>
public sealed record RollbackRecord(DateTimeOffset At, string Baseline, IReadOnlyList<string> Triggers);
