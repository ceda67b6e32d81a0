namespace Kairos.Trading.State;

/// <summary>Life cycle of a run. A run still <see cref="Running"/> after a restart is the one to resume.</summary>
public enum RunStatus
{
    Running,
    Completed,
    Failed,
    Cancelled,
}
