namespace Kairos.Trading.Monitoring;

/// <summary>The outcome of <see cref="RollbackPolicy.Evaluate"/>: the triggers that fired, each with its figures.</summary>
public sealed record RollbackVerdict(IReadOnlyList<string> Triggers, IReadOnlyList<string> Checks)
{
    public bool ShouldRollBack => Triggers.Count > 0;

    /// <summary>One line for logs and reports.</summary>
    public string Summary => ShouldRollBack
        ? "roll back to the conservative configuration: " + string.Join("; ", Triggers)
        : "keep: no rollback trigger fired (" + string.Join("; ", Checks) + ")";
}
