namespace Kairos.Trading.Execution;

/// <summary>The kill switch as read from its file; <see cref="Reason"/> is the text after the mode line, if any.</summary>
public sealed record KillSwitchState(KillSwitchMode Mode, string? Reason)
{
    public static KillSwitchState Off { get; } = new(KillSwitchMode.Off, null);

    public bool AllowsEntries => Mode == KillSwitchMode.Off;

    public bool ShouldFlatten => Mode == KillSwitchMode.Flatten;
}
